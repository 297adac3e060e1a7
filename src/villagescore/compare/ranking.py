"""Rankings: competition ranks of the overall and pillar scores within each period."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .common import _clean, competition_rank
from .table import TIE_RULE, ScoreTable

__all__: list[str] = []


def _rankings(snap: pd.DataFrame, table: ScoreTable, pillars: list[str], tier_label: Mapping[str, str],
              only: set[int] | None) -> dict[str, Any]:
    s = snap.copy()
    s["rank"] = competition_rank(s["overall_score"], s["period"])
    wide = pd.DataFrame(table.scores("pillar", pillars, obs=s["obs"].to_numpy()), index=s.index, columns=pillars)
    ranks = wide.round(2).groupby(s["period"], sort=False).rank(method="min", ascending=False)
    counts = s.groupby("period", sort=True).agg(villages=("obs", "size"), ranked=("overall_score", "count"))
    s["_unranked"] = s["rank"].isna()
    s = s.sort_values(["period", "_unranked", "rank", "village_id", "year", "run"], kind="stable")
    if only is not None:
        s = s[s["obs"].isin(only)]
    text = {c: _clean(s[c]) for c in ("period", "village_id", "name", "run_label", "commune", "province",
                                      "province_current", "former_province", "rating")}
    label = _clean(s["rating"].map(tier_label))
    sectors = [[x for x in str(v or "").split(";") if x] for v in s["sectors"].tolist()]
    # a store or an old result file may not say: then unknown (None)
    estimated = _clean(s["estimated_share"], "float") if "estimated_share" in s.columns else [None] * len(s)
    pscore = [_clean(wide.loc[s.index, p], "float") for p in pillars]
    prank = [_clean(ranks.loc[s.index, p], "int") for p in pillars]
    cols = zip(text["period"], text["village_id"], text["name"], _clean(s["year"], "int"), text["run_label"],
               text["commune"], text["province"], text["province_current"], text["former_province"], sectors,
               _clean(s["rank"], "int"), _clean(s["overall_score"], "float"),
               _clean(s["overall_coverage"], "float"), text["rating"], label, estimated,
               zip(*pscore, strict=True) if pillars else ([] for _ in range(len(s))),
               zip(*prank, strict=True) if pillars else ([] for _ in range(len(s))), strict=True)
    rows = [{"period": period, "village_id": vid, "name": name, "year": year, "run": run, "commune": commune,
             "province": province, "province_current": current, "former_province": former, "sectors": sec,
             "rank": rank, "score": score, "coverage": coverage, "rating": rating, "rating_label": rlabel,
             "estimated_share": est,
             "pillars": {p: {"score": ps[k], "rank": pr[k]} for k, p in enumerate(pillars)}}
            for (period, vid, name, year, run, commune, province, current, former, sec, rank, score, coverage,
                 rating, rlabel, est, ps, pr) in cols]
    periods = [{"period": p, "villages": int(c.villages), "ranked": int(c.ranked)} for p, c in counts.iterrows()]
    return {"tie_rule": TIE_RULE, "periods": periods, "rows": rows}
