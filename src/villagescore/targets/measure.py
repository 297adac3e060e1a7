"""Measure programme targets on results, per province (or nationally) and year.

For each target with a ``measure`` (``schemas/targets.schema.json``), every group (the
country, then each current province) and year gets: the measured value, the target (for
a ``national`` target only on the country's rows), the gap (how far the value is from the
target, 0 when reached), the coverage (how many village-years of the population the figure
rests on, and how many cannot be placed in or out of it: :mod:`villagescore.targets.scope`)
and the share of estimated scoring inputs behind it. A province name the 2025 mapping table
does not know keeps its own group, marked ``mapped: false``, and the report's ``warnings`` say
so (the warnings of ``compare``); a province's row lists the names its village-years were recorded
under (``recorded_names``: "Hà Nam" for a 2023 row of Ninh Bình). Each group's verdict is judged on the target's year
(:mod:`villagescore.targets.verdict`): ``met``, ``missed``, ``no_target_year``, ``on_track`` /
``off_track`` by a projection, ``insufficient_data``, ``partial_total``, ``unknown`` or
``no_data``. A target the results cannot measure says which data is missing, in both
languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import in_each_language
from ..numbers import json_number
from .data import TargetData
from .model import Target, TargetSet
from .recorded import recorded_names
from .scope import population, value_range
from .verdict import VERDICT_IDS, Point, judge

__all__ = ["measure_targets", "NATIONAL", "VERDICTS", "compare_op"]

#: Group key of the whole country.
NATIONAL = "*"
#: Trend verdicts, in both languages (``target_verdict.<verdict>``).
VERDICTS = {verdict: in_each_language(f"target_verdict.{verdict}") for verdict in VERDICT_IDS}
_NOT_RECORDED = "(not recorded)"


def compare_op(values: pd.Series, op: str, threshold: Any) -> pd.Series:
    """``values op threshold`` as a float Series: 1.0 true, 0.0 false, NaN when the value is unknown."""
    known = values.notna()
    if op in ("==", "!=", "in"):
        hit = _matches(threshold if isinstance(threshold, list) else [threshold])
        out = values.map(_once_per_value(hit)).astype(float)
        if op == "!=":
            out = 1.0 - out
    else:
        num = pd.to_numeric(values, errors="coerce")
        known = num.notna()
        t = float(threshold)
        out = {">=": num >= t, ">": num > t, "<=": num <= t, "<": num < t}[op].astype(float)
    return out.where(known, np.nan)


def _matches(allowed: list[Any]) -> Any:
    """Whether a value is one of ``allowed``: written alike, or the same number."""
    text = {str(a) for a in allowed}
    nums = set()
    for a in allowed:
        try:
            nums.add(float(a))
        except (TypeError, ValueError):
            pass

    def hit(x: Any) -> bool:
        if str(x) in text:
            return True
        try:
            return float(x) in nums
        except (TypeError, ValueError):
            return False

    return hit


#: Values of these types that are equal are written alike (``str``) and read as the same number.
_PLAIN = (str, int, float, np.integer, np.floating, np.bool_, np.str_)


def _once_per_value(hit: Any) -> Any:
    """``hit`` (``False`` for ``None``) worked out once per distinct value: a column holds a few of 100,000 cells.

    Values are told apart by type as well (``True``, ``1`` and ``1.0`` are equal keys, yet read differently).
    """
    known: dict[tuple[type, Any], bool] = {}

    def once(x: Any) -> bool:
        if x is None:
            return False
        if not isinstance(x, _PLAIN):  # equal values of another type may be written differently (datetimes)
            return hit(x)
        try:
            return known[type(x), x]
        except KeyError:
            found = known[type(x), x] = hit(x)
        return found

    return once


@dataclass
class _Groups:
    """Every village-year's group as a small integer, and how many village-years each group and year holds.

    The codes follow the groups' names in sorted order, so grouping by them orders the groups as
    grouping by the names did; the names come back at the end (:meth:`names_of`). Worked out once
    for all the targets: factorising 100,000 names twice a target, and counting everyone again,
    were most of measuring.
    """

    codes: np.ndarray
    names: np.ndarray  # names[code]; the last, at code -1, is NATIONAL
    everyone: dict[bool, pd.Series]  # by year alone (True) and by group and year (False)
    provinces: dict[int, dict[str, int]]  # year -> current provinces with a village-year that year, of how many
    recorded: dict[tuple[Any, int], list[str]]  # (group, year) -> the province names recorded (.recorded)

    @classmethod
    def of(cls, villages: pd.DataFrame) -> _Groups:
        from ..provinces import official_provinces

        province = villages["province"].fillna(_NOT_RECORDED).to_numpy(dtype=object)
        codes, uniques = pd.factorize(province, sort=True)
        names = np.array([*uniques.tolist(), NATIONAL], dtype=object)
        everyone = pd.DataFrame({"province": codes, "year": villages["year"].to_numpy()}, index=villages.index)
        by_group = everyone.groupby(["province", "year"]).size()
        official = official_provinces()
        is_official = np.array([n in official for n in uniques.tolist()], dtype=bool)
        present = by_group[is_official[by_group.index.get_level_values(0).to_numpy()]] if len(by_group) else by_group
        per_year = present.groupby(level=1).size() if len(present) else pd.Series(dtype=np.int64)
        provinces = {int(y): {"present": int(per_year.get(y, 0)), "official": len(official)}
                     for y in pd.unique(villages["year"])}
        return cls(codes, names, {True: everyone.groupby(["year"]).size(), False: by_group}, provinces,
                   recorded_names(villages, codes, names))

    def names_of(self, out: pd.DataFrame) -> pd.DataFrame:
        """``out`` with its ``province`` codes turned back into the groups' names."""
        out["province"] = self.names[out["province"].to_numpy(dtype=np.int64)]
        return out


def _m(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


class _Missing(Exception):
    def __init__(self, message: dict[str, str]) -> None:
        super().__init__(message["en"])
        self.message = message


def _quantity(data: TargetData, spec: dict[str, Any]) -> pd.Series:
    if "indicator" in spec:
        values = data.indicator(spec["indicator"])
        if values is None:
            from .missing import missing_indicator

            raise _Missing(missing_indicator(data, spec["indicator"]))
        return values
    values = data.field(spec["field"])
    if values is None:
        raise _Missing(_m(f"trường dữ liệu {spec['field']} không được ghi trong kết quả",
                          f"field {spec['field']} is not recorded in the results"))
    return values


def _condition(data: TargetData, spec: dict[str, Any]) -> pd.Series:
    if "rating_at_least" in spec:
        tier = spec["rating_at_least"]
        limit = data.tier_index(tier)
        if limit.isna().all():
            raise _Missing(_m(f"mức xếp loại {tier} không có trong bộ tiêu chí",
                              f"tier {tier} is not in the framework"))
        rank = data.villages["tier_rank"]
        unrated = data.villages["rating"].isna()
        out = (rank <= limit).astype(float)
        return out.where(~unrated & limit.notna(), np.nan)
    key = {k: spec[k] for k in ("indicator", "field") if k in spec}
    return compare_op(_quantity(data, key), spec["op"], spec["value"])


def _name(spec: dict[str, Any]) -> str:
    return spec.get("indicator") or spec.get("field") or spec.get("rating_at_least") or "?"


def _frame(data: TargetData, target: Target, groups: _Groups) -> tuple[pd.DataFrame, list[str]]:
    """Per village-year in scope or unclassified, its columns; and the fields left empty by the unclassified.

    Columns: ``x`` (value, or 0/1 of the condition), weight ``w``, ``est`` (its share of
    estimated scoring inputs), ``unclassified``, ``known`` (measured in scope) and ``usable``
    (has ``x`` and ``w``).
    """
    m = target.measure or {}
    v = data.villages
    surely, unclassified, empty = population(data, target, _condition)
    if m["statistic"] in ("share", "count"):
        x = _condition(data, m["condition"])
    else:
        x = pd.to_numeric(_quantity(data, m["value"]), errors="coerce")
    w = pd.Series(1.0, index=v.index)
    if m.get("weight"):
        w = pd.to_numeric(_quantity(data, m["weight"]), errors="coerce")
        w = w.where(w >= 0)
    est = (pd.to_numeric(v["estimated_share"], errors="coerce") if "estimated_share" in v.columns
           else pd.Series(np.nan, index=v.index))
    frame = pd.DataFrame({"province": groups.codes, "year": v["year"], "x": x, "w": w, "est": est,
                          "unclassified": unclassified}, index=v.index)
    frame = frame[(surely | unclassified).to_numpy()]
    frame["usable"] = frame["x"].notna() & frame["w"].notna()
    frame["known"] = frame["usable"] & ~frame["unclassified"]
    return frame, empty


def _aggregate(frame: pd.DataFrame, statistic: str, groups: _Groups) -> pd.DataFrame:
    """Value, population, measured, unclassified and all village-years per (group, year), with the value's range.

    ``frame``'s groups are :class:`_Groups` codes; the result names them.
    """
    known = frame["known"]
    f = frame.assign(xw=(frame["x"] * frame["w"]).where(known), wk=frame["w"].where(known),
                     xk=frame["x"].where(known), ek=frame["est"].where(known), neg=known & (frame["x"] < 0),
                     inscope=~frame["unclassified"])
    parts = []
    for group_cols, national in ((["year"], True), (["province", "year"], False)):
        g = f.groupby(group_cols, sort=True)
        out = pd.DataFrame({"population": g["inscope"].sum(), "measured": g["known"].sum(),
                            "unclassified": g["unclassified"].sum(), "sum_xw": g["xw"].sum(min_count=1),
                            "sum_w": g["wk"].sum(min_count=1), "sum_x": g["xk"].sum(min_count=1),
                            "est": g["ek"].mean(), "negative": g["neg"].any()})
        out["all"] = groups.everyone[national].reindex(out.index).fillna(0)
        out = out.reset_index()
        if national:
            out.insert(0, "province", -1)  # NATIONAL's code
        parts.append(out)
    out = pd.concat(parts, ignore_index=True)
    if statistic == "share":
        value = 100.0 * out["sum_xw"] / out["sum_w"]
    elif statistic == "count":
        value = out["sum_x"]
    elif statistic in ("mean", "ratio_to_base"):
        value = out["sum_xw"] / out["sum_w"]
    else:  # sum
        value = out["sum_x"]
    out = out.assign(value=value.where(out["measured"] > 0))
    out["low"], out["high"] = out["value"], out["value"]
    candidates = frame[frame["unclassified"] & frame["usable"]]
    if candidates.empty:
        return groups.names_of(out)
    measured = frame[known]
    # each group's rows found once (in frame order, as boolean masks would give them), not a mask per group
    by_year = (candidates.groupby("year", sort=False).indices, measured.groupby("year", sort=False).indices)
    by_province = (candidates.groupby(["province", "year"], sort=False).indices,
                   measured.groupby(["province", "year"], sort=False).indices)
    for k, r in out[out["unclassified"] > 0].iterrows():
        picks, bases = by_year if r["province"] == -1 else by_province
        key = r["year"] if r["province"] == -1 else (r["province"], r["year"])
        pick = picks.get(key)
        if pick is not None and len(pick):
            base = bases.get(key, np.empty(0, dtype=np.intp))
            low, high = value_range(statistic, measured.iloc[base], candidates.iloc[pick])
            out.loc[k, ["low", "high"]] = [np.nan if low is None else low, np.nan if high is None else high]
    return groups.names_of(out)


def _unmapped(data: TargetData) -> set[str]:
    """The groups named by a recorded province the 2025 mapping table does not know (``mapped`` false)."""
    v = data.villages
    return set(v.loc[~v["mapped"].astype(bool), "province"].dropna()) if "mapped" in v.columns else set()


def _measure_one(data: TargetData, target: Target, complete: bool, last_year: int | None, groups: _Groups
                 ) -> dict[str, Any]:
    out: dict[str, Any] = target.to_dict()
    out.update({"measurable": False, "missing_data": [], "rows": [], "trend": {}, "unclassified": None,
                "total": None})
    if target.measure is None:
        out["missing_data"] = [dict(target.missing or _m("không có cách đo", "no measure given"))]
        return out
    try:
        frame, empty = _frame(data, target, groups)
    except _Missing as exc:
        out["missing_data"] = [exc.message]
        return out
    m = target.measure
    agg = _aggregate(frame, m["statistic"], groups)
    if m["statistic"] == "ratio_to_base" and not _divide_by_base(agg, target):
        out["missing_data"] = [_m(f"không có số liệu năm gốc {target.base_year}",
                                  f"no data for the base year {target.base_year}")]
        return out
    if empty:
        out["unclassified"] = {"fields": empty, "village_years": int(frame["unclassified"].sum())}
    if not (agg["measured"] > 0).any():
        what = _name(m.get("condition") or m.get("value") or {})
        out["missing_data"] = [_m(f"không làng nào có số liệu cho {what}", f"no village has a value for {what}")]
        if empty:
            fields = ", ".join(empty)
            out["missing_data"].append(_m(f"không xếp được làng nào vào phạm vi của mục tiêu: {fields} để trống",
                                          f"no village could be placed in the target's population: {fields} empty"))
        return out
    out["measurable"] = True
    partial = m["statistic"] in ("sum", "count") and not complete
    if m["statistic"] in ("sum", "count"):
        out["total"] = {"partial": partial, "scope": target.scope}
    from ..store.names import fold

    national_first = sorted(agg["province"].unique(),
                            key=lambda p: (p != NATIONAL, p == _NOT_RECORDED, fold(str(p)), str(p)))
    agg["order"] = agg["province"].map({p: k for k, p in enumerate(national_first)})
    rows, points = [], {}
    unmapped = _unmapped(data)
    for r in agg.sort_values(["order", "year"]).itertuples():
        has_target = target.scope == "province" or r.province == NATIONAL
        value = None if pd.isna(r.value) else float(r.value)
        ranged = bool(r.unclassified) and not (r.low == r.high == r.value)
        rows.append({
            "group": r.province, "mapped": r.province not in unmapped,
            # a province's: the names its village-years were recorded under ("Ninh Bình ← Hà Nam" in the views)
            **({} if r.province == NATIONAL else {"recorded_names": groups.recorded.get((r.province, int(r.year)),
                                                                                         [])}),
            "year": int(r.year),
            "value": json_number(value),
            "target": target.value if has_target else None,
            "gap": json_number(target.gap(value)) if has_target and value is not None else None,
            "reached": target.reached(value) if has_target and value is not None else None,
            "villages": int(r.population), "measured": int(r.measured),
            "coverage": json_number(r.measured / r.population if r.population else None),
            "unclassified": int(r.unclassified), "village_years": int(r.all),
            "range": [json_number(r.low), json_number(r.high)] if ranged and value is not None else None,
            "estimated_share": json_number(r.est), "after_target_year": int(r.year) > target.year,
        })
        if r.province == NATIONAL:  # the row over all the data is named by the provinces it covers that year
            rows[-1]["provinces"] = dict(groups.provinces.get(int(r.year), {"present": 0, "official": 0}))
        if value is not None:
            low, high = (value, value) if pd.isna(r.low) or pd.isna(r.high) else (float(r.low), float(r.high))
            if bool(r.unclassified) and (pd.isna(r.low) or pd.isna(r.high)):
                low, high = -np.inf, np.inf  # nothing bounds it: undecidable
            points.setdefault(r.province, []).append(Point(int(r.year), value, low, high, not r.negative))
    out["rows"] = rows
    for group in national_first:
        if target.scope == "national" and group != NATIONAL:
            continue
        out["trend"][group] = judge(target, points.get(group, []), last_year=last_year, partial_total=partial)
    return out


def _divide_by_base(agg: pd.DataFrame, target: Target) -> bool:
    """Turn each group's means (and their range) into multiples of its base-year mean; False without a base."""
    base = agg[agg["year"] == target.base_year].set_index("province")
    if base["value"].dropna().empty:
        return False
    value, low, high = (agg["province"].map(base[c]) for c in ("value", "low", "high"))
    agg["value"] = agg["value"] / value
    agg["low"], agg["high"] = agg["low"] / high.where(low > 0), agg["high"] / low.where(low > 0)
    return True


def measure_targets(data: TargetData, targets: TargetSet, *, by: str = "province") -> dict[str, Any]:
    """Measure every target of ``targets`` on ``data``; return the report (see :mod:`villagescore.targets.render`).

    ``by`` is ``province`` (the country and each current province) or ``national``
    (the country only).
    """
    from .notes import data_facts, unclassified_warning

    if by not in ("province", "national"):
        msg = f"--by must be province or national, not {by!r}"
        raise ValueError(msg)
    years = sorted({int(y) for y in data.villages["year"].unique()})
    facts = data_facts(data)
    groups = _Groups.of(data.villages)
    measured = [_measure_one(data, t, facts["complete"], years[-1] if years else None, groups)
                for t in targets.targets]
    if by == "national":
        for t in measured:
            t["rows"] = [r for r in t["rows"] if r["group"] == NATIONAL]
            t["trend"] = {k: v for k, v in t["trend"].items() if k == NATIONAL}
    warnings = [dict(w) for w in data.warnings]
    warnings += [unclassified_warning(t, None) for t in measured if t.get("unclassified")]
    return {
        "kind": "villagescore-targets-report",
        "targets_file": {"id": targets.id, "title": dict(targets.title), "source": dict(targets.source),
                         "version": targets.version, "sha256": targets.sha256 or None,
                         "note": None if targets.note is None else dict(targets.note)},
        "data": {"source": data.label, "village_years": int(len(data.villages)), "years": years, **facts},
        "by": by,
        "mapping": data.mapping,
        "warnings": warnings,
        "provenance": data.provenance,
        "targets": measured,
    }
