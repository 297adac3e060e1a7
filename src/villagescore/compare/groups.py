"""Group summaries (``--by province|commune|sector|former_district``): statistics, tier shares, best and worst."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..errors import VillageScoreError, said
from ..i18n import N_, gettext, t
from ..numbers import json_number
from .common import _label, _py, _rank, _sort_key, competition_rank
from .table import GROUP_BY, NOT_RECORDED, UNRATED

__all__: list[str] = []

#: What asking for an unknown grouping says (``compare --by``; ``analysis`` checks the option with it too).
CANNOT_GROUP = N_("cannot group by {by!r}; choose one of: {choices}")
#: The ``note`` of a small group, in the comparison's language.
SMALL_NOTE = N_("fewer than {n} village-years: read with caution")


def _shown(names: pd.Series, lang: str) -> pd.Series:
    """Names for reading: :data:`NOT_RECORDED` (the key, kept in English for machines) in ``lang``."""
    return names.where(names != NOT_RECORDED, t("not_recorded", lang))


def _group_keys(snap: pd.DataFrame, by: str, labels: Mapping[str, Mapping[str, str]], lang: str) -> pd.DataFrame:
    """One row per (observation, group): ``key``, ``label``, ``mapped``, ``recorded`` (original names)."""
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
        prov = s["province_current"].fillna(NOT_RECORDED)
        com = s["commune"].fillna(NOT_RECORDED)
        key = com + " — " + prov
        return s.assign(key=key, label=_shown(com, lang) + " — " + _shown(prov, lang),
                        mapped=s["province_mapped"].astype(bool), recorded=s["commune"],
                        not_recorded=s["commune"].isna())
    if by == "former_district":
        prov = s["former_province"].where(s["former_province"].notna(), s["province"]).fillna(NOT_RECORDED)
        dist = s["former_district"]
        key = (dist.fillna("") + " — " + prov).where(dist.notna(), NOT_RECORDED)
        label = (dist.fillna("") + " — " + _shown(prov, lang)).where(dist.notna(), t("not_recorded", lang))
        return s.assign(key=key, label=label, mapped=True, recorded=dist, not_recorded=dist.isna())
    if by == "sector":
        ex = s.assign(key=s["sectors"].fillna("").str.split(";")).explode("key")
        ex["key"] = ex["key"].where(ex["key"].notna() & (ex["key"] != ""), NOT_RECORDED)
        ex["label"] = ex["key"].map(lambda k: t("not_recorded", lang) if k == NOT_RECORDED
                                    else _label(labels.get(k), lang, k))
        return ex.assign(mapped=True, recorded=None, not_recorded=ex["key"] == NOT_RECORDED)
    raise said(VillageScoreError, CANNOT_GROUP, by=by, choices=", ".join(GROUP_BY))


def _groups(snap: pd.DataFrame, by: str, min_group: int, tiers: list[dict[str, Any]],
            labels: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, Any]:
    from ..quality import ESTIMATED_WARNING

    g = _group_keys(snap, by, labels, lang).reset_index(drop=True)
    keys = ["period", "key"]
    g["_r2"] = g["overall_score"].round(2)
    # how much rests on estimates, as the village rows say it (estimated_share; unknown when a source does not say)
    est = g["estimated_share"].astype(float) if "estimated_share" in g.columns else pd.Series(float("nan"), g.index)
    g["_est"] = est
    g["_mostly"] = (est >= ESTIMATED_WARNING).astype(float).where(est.notna())
    grouped = g.groupby(keys, sort=False)
    stats = grouped["overall_score"].agg(["size", "count", "mean", "median", "min", "max"])
    extra = grouped.agg(label=("label", "first"), mapped=("mapped", "all"), not_recorded=("not_recorded", "all"),
                        estimated=("_est", "mean"), mostly=("_mostly", "sum"), known=("_est", "count"))
    # the names recorded under each current province (only provinces show them: merged ones)
    recorded = (g.dropna(subset=["recorded"]).groupby(keys, sort=False)["recorded"].unique()
                .map(lambda names: sorted(names, key=_sort_key))) if by == "province" else {}
    tier = g["rating"].where(g["rating"].notna(), UNRATED)
    tier_ids = [t["id"] for t in tiers] + [UNRATED]
    # counts, not rounded shares: the views format a share from them (rounded once)
    counts = pd.crosstab([g["period"], g["key"]], tier).reindex(columns=tier_ids, fill_value=0)
    shares = counts.div(counts.sum(axis=1), axis=0)
    # one sort by village and year: members in that order, and the best and worst of each group are
    # the first village-year in it with the highest and the lowest score (rounded to 2 decimals)
    ordered = g.sort_values(["village_id", "year"], kind="stable").reset_index(drop=True)
    ids = ordered["village_id"].to_numpy(dtype=object)
    # each group's rows, in order (positions found in compiled code, not a Python call per village)
    members = {k: ids[at].tolist() for k, at in ordered.groupby(keys, sort=False).indices.items()}
    scored = ordered[ordered["overall_score"].notna()]
    by_group = scored.groupby(keys, sort=False)["_r2"]
    best = _by_group(scored.loc[by_group.idxmax()], keys)
    worst = _by_group(scored.loc[by_group.idxmin()], keys)
    table = (stats.join(extra).join(shares.rename(columns=lambda c: f"share:{c}"))
             .join(counts.rename(columns=lambda c: f"count:{c}")))
    table["too_small"] = table["size"] < int(min_group)
    # the catch-all group of villages without the grouping column is listed last, unranked
    table["rank"] = competition_rank(table["mean"].where(~table["too_small"] & ~table["not_recorded"]),
                                     pd.Series(table.index.get_level_values("period"), index=table.index))
    table = table.reset_index()
    table["_order"] = table["key"].map(_sort_key)
    table = table.sort_values(["period", "not_recorded", "_order"], kind="stable")
    note = gettext(SMALL_NOTE, lang).format(n=int(min_group))
    rows = []
    for r in table.to_dict("records"):
        idx = (r["period"], r["key"])
        small = bool(r["too_small"])
        b = best.get(idx)
        w = worst.get(idx)
        known = int(r["known"])
        rows.append({  # a small group keeps its statistics (read with caution) but gets no rank
            "period": r["period"], "key": r["key"], "label": r["label"], "mapped": bool(r["mapped"]),
            "not_recorded": bool(r["not_recorded"]),
            "recorded_names": recorded.get(idx, []) if by == "province" else [],
            "count": int(r["size"]), "scored": int(r["count"]), "small_group": small, "too_small": small,
            "note": note if small else None,
            "rank": _rank(r["rank"]),
            "mean": _py(r["mean"]), "median": _py(r["median"]), "min": _py(r["min"]), "max": _py(r["max"]),
            "tier_shares": {t: _py(r[f"share:{t}"]) for t in tier_ids},
            "tier_counts": {t: int(r[f"count:{t}"]) for t in tier_ids},
            # to 0.1 %: a view shows it as a percentage with one decimal, rounded once
            "estimated_share": json_number(r["estimated"], 3) if known else None,
            "mostly_estimated": int(r["mostly"]) if known else None,
            "best": _scored_village(b),
            "worst": _scored_village(w),
            "villages": members.get(idx, []),
        })
    # over the village-years grouped, each once (a village of several sectors is in several sector groups)
    shares_known = snap["estimated_share"].astype(float) if "estimated_share" in snap.columns else est.iloc[:0]
    estimates = {"village_years": len(snap), "known": int(shares_known.notna().sum()),
                 "mostly_estimated": int((shares_known >= ESTIMATED_WARNING).sum()), "threshold": ESTIMATED_WARNING}
    return {"by": by, "min_group": int(min_group), "estimates": estimates, "rows": rows}


def _by_group(rows: pd.DataFrame, keys: list[str]) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Each group's one village-year of ``rows`` (its best or worst), by ``(period, key)``: one pass, no lookups."""
    columns = [c for c in ("village_id", "name", "year", "overall_score") if c in rows.columns]
    records = rows[columns].to_dict("records")
    return dict(zip(zip(*(rows[k].tolist() for k in keys), strict=True), records, strict=True))


def _scored_village(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A group's best or worst village-year: its id, name (``None`` when the dataset gives none), year and score."""
    if row is None:
        return None
    name = row.get("name")
    return {"village_id": row["village_id"], "name": name if isinstance(name, str) and name else None,
            "year": int(row["year"]), "score": _py(row["overall_score"])}
