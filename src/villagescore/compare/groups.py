"""Group summaries (``--by province|commune|sector|former_district``): statistics, tier shares, best and worst."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..errors import VillageScoreError, said
from ..i18n import N_, gettext, t
from ..numbers import round_like_python
from ..printed import minimums_of
from ..provinces import collation_keys
from .common import _clean, _label, _sort_key, column_of, factorize_texts
from .group_rows import GroupRows
from .group_summary import by_village, group_summary, member_layout
from .ranks import competition_rank
from .reform import commune_keys, district_keys
from .table import GROUP_BY, NOT_RECORDED, UNRATED

__all__: list[str] = []

#: What asking for an unknown grouping says (``compare --by``; ``analysis`` checks the option with it too).
CANNOT_GROUP = N_("cannot group by {by!r}; choose one of: {choices}")
#: The ``note`` of a small group, in the comparison's language.
SMALL_NOTE = N_("fewer than {n} village-years: read with caution")


def _shown(names: pd.Series, lang: str) -> pd.Series:
    """Names for reading: :data:`NOT_RECORDED` (the key, kept in English for machines) in ``lang``."""
    return names.where(names != NOT_RECORDED, t("not_recorded", lang))


def _group_keys(snap: pd.DataFrame, by: str, labels: Mapping[str, Mapping[str, str]], lang: str,
                mapping: Any = None) -> pd.DataFrame:
    """One row per (observation, group): ``key``, ``label``, ``mapped``, ``recorded`` (original names).

    ``mapping``: the province mapping table (``None``: names as recorded), for a former province's spelling.
    """
    s = snap
    if by == "province":
        missing = s["province_current"].isna()
        key = s["province_current"].where(~missing, NOT_RECORDED)
        # the recorded name: the former province when it merged into the village's province, else the province
        former_ok = s["former_province"].notna() & s.get("former_consistent", True)
        recorded = s["former_province"].where(former_ok, s["province"])
        return s.assign(key=key, label=_shown(key, lang), mapped=s["province_mapped"].astype(bool),
                        recorded=recorded, not_recorded=missing)
    if by == "commune":
        key, label = commune_keys(s, mapping, lang)
        return s.assign(key=key, label=label, mapped=s["province_mapped"].astype(bool), recorded=s["commune"],
                        not_recorded=s["commune"].isna())
    if by == "former_district":
        key, label = district_keys(s, mapping, lang)
        dist = s["former_district"]
        return s.assign(key=key, label=label, mapped=True, recorded=dist, not_recorded=dist.isna())
    if by == "sector":
        ex = s.assign(key=s["sectors"].fillna("").str.split(";")).explode("key")
        ex["key"] = ex["key"].where(ex["key"].notna() & (ex["key"] != ""), NOT_RECORDED)
        ex["label"] = ex["key"].map(lambda k: t("not_recorded", lang) if k == NOT_RECORDED
                                    else _label(labels.get(k), lang, k))
        return ex.assign(mapped=True, recorded=None, not_recorded=ex["key"] == NOT_RECORDED)
    raise said(VillageScoreError, CANNOT_GROUP, by=by, choices=", ".join(GROUP_BY))


def _groups(snap: pd.DataFrame, by: str, min_group: int, tiers: list[dict[str, Any]],
            labels: Mapping[str, Mapping[str, str]], lang: str, in_order: bool = False,
            mapping: Any = None) -> dict[str, Any]:
    """The group rows of ``snap``; ``in_order``: its rows are known to be in order of village id, year and run.

    ``mapping``: the province mapping table (``None``: names as recorded) that keys former districts and communes.
    """
    from ..quality import ESTIMATED_WARNING

    # _pos: each row's place in the snapshot (a village of several sectors is in several rows)
    g = _group_keys(snap.assign(_pos=np.arange(len(snap))), by, labels, lang, mapping).reset_index(drop=True)
    keys = ["period", "key"]
    tier_ids = [t["id"] for t in tiers] + [UNRATED]
    # every statistic over whole columns, one grouping pass (a national --by commune has thousands of groups)
    # members in this order; the best and worst are the first with their score (a sector's rows stay side by side)
    ordered = np.arange(len(g)) if in_order else by_village(g)
    minimums = minimums_of(tiers)  # the mean, best and worst are printed, and ranked, as the rankings' scores
    table, gid = group_summary(g, keys, tier_ids, ESTIMATED_WARNING, UNRATED, ordered, minimums)
    table["too_small"] = table["size"] < int(min_group)
    # the catch-all group of villages without the grouping column is listed last, unranked
    table["rank"] = competition_rank(table["mean"].where(~table["too_small"] & ~table["not_recorded"]),
                                     table["period"], minimums)
    table["_order"] = collation_keys(table["key"])
    table = table.sort_values(["period", "not_recorded", "_order"], kind="stable")
    # the names recorded under each current province (only provinces show them: merged ones)
    recorded = None
    if by == "province":
        names = _recorded_names(g["recorded"].to_numpy(dtype=object), gid)
        recorded = [names.get(k, []) for k in table.index.tolist()]  # the table is indexed by group number
    rows, starts = member_layout(g, gid, table.index.to_numpy(), ordered)
    note = gettext(SMALL_NOTE, lang).format(n=int(min_group))
    counts = table[[f"count:{t}" for t in tier_ids]]
    shares = counts.div(counts.sum(axis=1), axis=0)  # the views format a share from the counts (rounded once)
    group_rows = GroupRows(_columns(table, note), {t: _clean(shares[f"count:{t}"], "float") for t in tier_ids},
                           {t: counts[f"count:{t}"].tolist() for t in tier_ids},
                           {side: _village_columns(g, table[side].to_numpy()) for side in ("best", "worst")},
                           column_of(g["village_id"].to_numpy()[rows]).texts(), starts, recorded,  # kept an array
                           g["_pos"].to_numpy()[rows])
    # over the village-years grouped, each once (a village of several sectors is in several sector groups)
    shares_known = (snap["estimated_share"].astype(float) if "estimated_share" in snap.columns
                    else pd.Series([], dtype=float))
    estimates = {"village_years": len(snap), "known": int(shares_known.notna().sum()),
                 "mostly_estimated": int((shares_known >= ESTIMATED_WARNING).sum()), "threshold": ESTIMATED_WARNING}
    return {"by": by, "min_group": int(min_group), "estimates": estimates, "rows": group_rows}


def _recorded_names(recorded: np.ndarray, gid: np.ndarray) -> dict[int, list[str]]:
    """``{group number: its distinct recorded names, sorted}`` (missing names left out), by codes."""
    given = ~pd.isna(recorded) & (gid >= 0)
    codes, names = factorize_texts(recorded[given])
    pairs = np.unique(gid[given] * max(len(names), 1) + codes)  # each (group, name) once
    out: dict[int, list[str]] = {}
    for group, code in zip(*np.divmod(pairs, max(len(names), 1)), strict=True):
        out.setdefault(int(group), []).append(names[code])
    return {group: sorted(found, key=_sort_key) for group, found in out.items()}


def _columns(table: pd.DataFrame, note: str) -> dict[str, list[Any]]:
    """The group rows' plain values (``period`` … ``mostly_estimated``), JSON-ready, each column converted whole."""
    small = table["too_small"].to_numpy(dtype=bool)
    known = table["known"].to_numpy() > 0
    # to 0.1 %: a view shows it as a percentage with one decimal, rounded once
    estimated = round_like_python(table["estimated"].to_numpy(dtype=float), 3).astype(object)
    estimated[~known] = None
    return {"period": _clean(table["period"]), "key": _clean(table["key"]), "label": _clean(table["label"]),
            "mapped": table["mapped"].astype(bool).tolist(),
            "not_recorded": table["not_recorded"].astype(bool).tolist(),
            "count": table["size"].astype(np.int64).tolist(), "scored": table["count"].astype(np.int64).tolist(),
            "small_group": small.tolist(), "note": np.where(small, note, None).tolist(),
            "rank": _clean(table["rank"], "int"), "mean": _clean(table["mean"], "float"),
            "median": _clean(table["median"], "float"), "min": _clean(table["min"], "float"),
            "max": _clean(table["max"], "float"), "estimated_share": estimated.tolist(),
            "mostly_estimated": _clean(table["mostly"].where(known), "int")}


def _village_columns(g: pd.DataFrame, at: np.ndarray) -> dict[str, list[Any]]:
    """The best (or worst) village-year of each group, column by column: ``at`` its row of ``g``, -1 none.

    ``present``: whether the group has one; ``name`` is ``None`` when the dataset gives none.
    """
    present = at >= 0
    rows = np.where(present, at, 0)
    names = g["name"].to_numpy(dtype=object)[rows] if "name" in g.columns else np.full(len(at), None, dtype=object)
    given = ~pd.isna(names)
    if pd.api.types.infer_dtype(names[given], skipna=False) in ("string", "empty"):  # texts: compared whole-column
        named = given & (names != "")
    else:  # numbers or other values among the names: a name is a non-empty text
        named = np.array([isinstance(x, str) and x != "" for x in names.tolist()], dtype=bool)
    return {"present": present.tolist(), "village_id": _clean(g["village_id"].to_numpy(dtype=object)[rows]),
            "name": np.where(named, names, None).tolist(), "year": _clean(g["year"].to_numpy()[rows], "int"),
            "score": _clean(g["overall_score"].astype(float).to_numpy()[rows], "float")}
