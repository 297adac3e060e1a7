"""Measure programme targets on results, per province (or nationally) and year.

For each target with a ``measure`` (``schemas/targets.schema.json``), every group (the
country, then each current province) and year gets: the measured value, the target (for
a ``national`` target only on the country's rows), the gap (how far the value is from the
target, 0 when reached), and the coverage (how many village-years of the population the
figure rests on). Per group, the values over the years give a trend: a least-squares line
through them, projected to the target's year. A province name the 2025 mapping table does not
know keeps its own group, marked ``mapped: false``, and the report's ``warnings`` say so (the
warnings of ``compare``). The verdict is ``met`` (the latest value
reaches the target), ``missed`` (the target year has passed without reaching it),
``on_track`` / ``off_track`` (the projection reaches it, or not), ``unknown`` (one year
of data only) or ``no_data``. A target the results cannot measure says which data is
missing, in both languages.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..i18n import in_each_language
from ..numbers import json_number
from .data import TargetData
from .model import Target, TargetSet

__all__ = ["measure_targets", "NATIONAL", "VERDICTS", "compare_op"]

#: Group key of the whole country.
NATIONAL = "*"
#: Trend verdicts, in both languages (``target_verdict.<verdict>``).
VERDICTS = {verdict: in_each_language(f"target_verdict.{verdict}")
            for verdict in ("met", "missed", "on_track", "off_track", "unknown", "no_data")}
_NOT_RECORDED = "(not recorded)"


def compare_op(values: pd.Series, op: str, threshold: Any) -> pd.Series:
    """``values op threshold`` as a float Series: 1.0 true, 0.0 false, NaN when the value is unknown."""
    known = values.notna()
    if op in ("==", "!=", "in"):
        allowed = threshold if isinstance(threshold, list) else [threshold]
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

        out = values.map(lambda x: hit(x) if x is not None else False).astype(float)
        if op == "!=":
            out = 1.0 - out
    else:
        num = pd.to_numeric(values, errors="coerce")
        known = num.notna()
        t = float(threshold)
        out = {">=": num >= t, ">": num > t, "<=": num <= t, "<": num < t}[op].astype(float)
    return out.where(known, np.nan)


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
            raise _Missing(_m(f"chỉ số {spec['indicator']} không có trong kết quả (bộ tiêu chí không có chỉ số này)",
                              f"indicator {spec['indicator']} is not in the results (the framework has no such "
                              "indicator)"))
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


def _frame(data: TargetData, target: Target) -> pd.DataFrame:
    """Per village-year of the population: ``x`` (value, or 0/1 of the condition) and weight ``w``."""
    m = target.measure or {}
    v = data.villages
    pop = pd.Series(True, index=v.index)
    population = m.get("population") or {}
    if population.get("sectors"):
        wanted = set(population["sectors"])
        pop &= v["sectors"].map(lambda s: bool(wanted & set(s)))
    for cond in population.get("where") or []:
        pop &= _condition(data, cond).fillna(0.0).astype(bool)
    if m["statistic"] in ("share", "count"):
        x = _condition(data, m["condition"])
    else:
        x = pd.to_numeric(_quantity(data, m["value"]), errors="coerce")
    w = pd.Series(1.0, index=v.index)
    if m.get("weight"):
        w = pd.to_numeric(_quantity(data, m["weight"]), errors="coerce")
        w = w.where(w >= 0)
    frame = pd.DataFrame({"province": v["province"].fillna(_NOT_RECORDED), "year": v["year"], "x": x, "w": w})
    frame = frame[pop.to_numpy()]
    frame["known"] = frame["x"].notna() & frame["w"].notna()
    return frame


def _aggregate(frame: pd.DataFrame, statistic: str) -> pd.DataFrame:
    """Value, population and measured counts per (group, year)."""
    known = frame["known"]
    f = frame.assign(xw=(frame["x"] * frame["w"]).where(known), wk=frame["w"].where(known), xk=frame["x"].where(known))
    parts = []
    for group_cols, group_name in ((["year"], NATIONAL), (["province", "year"], None)):
        g = f.groupby(group_cols, sort=True)
        out = pd.DataFrame({"population": g.size(), "measured": g["known"].sum(), "sum_xw": g["xw"].sum(min_count=1),
                            "sum_w": g["wk"].sum(min_count=1), "sum_x": g["xk"].sum(min_count=1)}).reset_index()
        if group_name is not None:
            out.insert(0, "province", group_name)
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
    return out.assign(value=value.where(out["measured"] > 0))


def _trend(target: Target, series: list[tuple[int, float]]) -> dict[str, Any]:
    if not series:
        return {"verdict": "no_data", "slope": None, "projected": None, "latest_year": None}
    years = np.array([y for y, _ in series], dtype=float)
    values = np.array([v for _, v in series], dtype=float)
    latest_year, latest = int(years[-1]), float(values[-1])
    slope = projected = None
    if len(series) >= 2:
        slope, intercept = np.polyfit(years, values, 1)
        projected = float(slope * target.year + intercept)
        slope = float(slope)
    if target.reached(latest):
        verdict = "met"
    elif latest_year >= target.year:
        verdict = "missed"
    elif projected is None:
        verdict = "unknown"
    else:
        verdict = "on_track" if target.reached(projected) else "off_track"
    return {"verdict": verdict, "slope": json_number(slope), "projected": json_number(projected),
            "latest_year": latest_year}


def _unmapped(data: TargetData) -> set[str]:
    """The groups named by a recorded province the 2025 mapping table does not know (``mapped`` false)."""
    v = data.villages
    return set(v.loc[~v["mapped"].astype(bool), "province"].dropna()) if "mapped" in v.columns else set()


def _measure_one(data: TargetData, target: Target, base: dict[str, float] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = target.to_dict()
    out.update({"measurable": False, "missing_data": [], "rows": [], "trend": {}})
    if target.measure is None:
        out["missing_data"] = [dict(target.missing or _m("không có cách đo", "no measure given"))]
        return out
    try:
        frame = _frame(data, target)
    except _Missing as exc:
        out["missing_data"] = [exc.message]
        return out
    m = target.measure
    agg = _aggregate(frame, m["statistic"])
    if m["statistic"] == "ratio_to_base":
        base_rows = agg[agg["year"] == target.base_year].set_index("province")["value"]
        if base_rows.dropna().empty:
            out["missing_data"] = [_m(f"không có số liệu năm gốc {target.base_year}",
                                      f"no data for the base year {target.base_year}")]
            return out
        agg["value"] = agg["value"] / agg["province"].map(base_rows)
    if not (agg["measured"] > 0).any():
        what = _name(m.get("condition") or m.get("value") or {})
        out["missing_data"] = [_m(f"không làng nào có số liệu cho {what}", f"no village has a value for {what}")]
        return out
    out["measurable"] = True
    from ..store.names import fold

    national_first = sorted(agg["province"].unique(),
                            key=lambda p: (p != NATIONAL, p == _NOT_RECORDED, fold(str(p)), str(p)))
    agg["order"] = agg["province"].map({p: k for k, p in enumerate(national_first)})
    rows = []
    unmapped = _unmapped(data)
    for r in agg.sort_values(["order", "year"]).itertuples():
        has_target = target.scope == "province" or r.province == NATIONAL
        value = None if pd.isna(r.value) else float(r.value)
        rows.append({
            "group": r.province, "mapped": r.province not in unmapped, "year": int(r.year),
            "value": json_number(value),
            "target": target.value if has_target else None,
            "gap": json_number(target.gap(value)) if has_target and value is not None else None,
            "reached": target.reached(value) if has_target and value is not None else None,
            "villages": int(r.population), "measured": int(r.measured),
            "coverage": json_number(r.measured / r.population if r.population else None),
        })
    out["rows"] = rows
    for group in national_first:
        if target.scope == "national" and group != NATIONAL:
            continue
        series = [(row["year"], row["value"]) for row in rows if row["group"] == group and row["value"] is not None]
        out["trend"][group] = _trend(target, series)
    return out


def measure_targets(data: TargetData, targets: TargetSet, *, by: str = "province") -> dict[str, Any]:
    """Measure every target of ``targets`` on ``data``; return the report (see :mod:`villagescore.targets.render`).

    ``by`` is ``province`` (the country and each current province) or ``national``
    (the country only).
    """
    if by not in ("province", "national"):
        msg = f"--by must be province or national, not {by!r}"
        raise ValueError(msg)
    measured = [_measure_one(data, t) for t in targets.targets]
    if by == "national":
        for t in measured:
            t["rows"] = [r for r in t["rows"] if r["group"] == NATIONAL]
            t["trend"] = {k: v for k, v in t["trend"].items() if k == NATIONAL}
    years = sorted({int(y) for y in data.villages["year"].unique()})
    return {
        "kind": "villagescore-targets-report",
        "targets_file": {"id": targets.id, "title": dict(targets.title), "source": dict(targets.source),
                         "version": targets.version, "sha256": targets.sha256 or None,
                         "note": None if targets.note is None else dict(targets.note)},
        "data": {"source": data.label, "village_years": int(len(data.villages)), "years": years},
        "by": by,
        "warnings": [dict(w) for w in data.warnings],
        "provenance": data.provenance,
        "targets": measured,
    }
