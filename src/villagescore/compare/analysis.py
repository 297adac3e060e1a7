"""``compare()``: the documented comparison (``schemas/compare.schema.json``) of a :class:`ScoreTable`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..admin_mapping import mapping_record, mapping_to_use
from ..errors import VillageScoreError, said
from ..file_names import file_name
from ..i18n import N_, check_language, gettext
from ..printed import minimums_of
from .common import _label, _shared, plugins_differ, scoring_differs, sorted_keys
from .gates import gate_warnings
from .groups import CANNOT_GROUP, _groups
from .loading import load_table
from .over_time import _framework_codes, _over_time, across_frameworks_warnings, regulation_change_warnings
from .periods import _parse_refs, _snapshot, current_provinces, framework_names, with_frameworks
from .ranking import _rankings
from .reform import reform_warnings
from .side_by_side import _side_by_side, regulation_warnings
from .table import GROUP_BY, ScoreTable
from .tiers import compared_tiers, pillar_minimums, rating_labels, tiers_differ_warnings
from .unscored import unscored_texts, unscored_warnings

__all__ = ["compare", "left_out_warnings", "AS_RECORDED"]

#: ``compare(mapping=AS_RECORDED)``: group provinces as the data records them, without the 2025 mapping table.
AS_RECORDED = False


def compare(table: ScoreTable | Any, *, by: str | None = None, villages: Sequence[str] = (), year: int | None = None,
            per_year: bool = False, min_group: int = 3, top: int = 5, lang: str = "en", mapping: Any = None,
            labels: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Any]:
    """Compare the observations of ``table``; return the documented comparison dict.

    Parameters
    ----------
    table : from :func:`load_table`; a single source it takes (a ``Result``, a result dict, a
        result file's path) is read as ``load_table([(label, source)])``, labelled by its file
        name or ``"result"``.
    by : group by ``province`` (current, post-2025), ``commune``, ``sector`` (a village of
        several sectors counts in each) or ``former_district``; ``None`` for no groups.
    villages : ``ID`` or ``ID@YEAR`` references for the side-by-side view (the first is the
        reference; differences are "other minus reference"); also restricts rankings to
        these villages (ranks still count every village) and over-time changes to them,
        with every node.
    year : rank and group this year only; ``per_year``: rank and group each year apart.
    min_group : groups with fewer village-years are marked ``small_group`` (the views: "read with caution")
        and not ranked; their statistics are still given.
    top : how many indicators the gap explanation sums up.
    mapping : a :class:`villagescore.admin_mapping.ProvinceMapping`; ``None`` (the default): the shipped
        2025 table, as ``villagescore compare`` uses it; :data:`AS_RECORDED` (``False``): provinces as recorded.
        ``options.mapping`` records which (:func:`villagescore.admin_mapping.mapping_record`).
    labels : optional ``{id: {"vi": …, "en": …}}`` for indicators and sectors.
    """
    check_language(lang)
    if not isinstance(table, ScoreTable):
        table = load_table([(file_name(table) if isinstance(table, str | Path) else "result", table)])
    if int(min_group) < 1:
        raise said(VillageScoreError, N_("--min-group must be at least 1 (got {value})"), value=min_group)
    if int(top) < 1:
        raise said(VillageScoreError, N_("--top must be at least 1 (got {value})"), value=top)
    if by is not None and by not in GROUP_BY:
        raise said(VillageScoreError, CANNOT_GROUP, by=by, choices=", ".join(GROUP_BY))
    labels = labels or {}
    runs = table.runs
    shared, warnings = _shared(runs)
    warnings += scoring_differs(runs, lang)
    warnings += plugins_differ(runs, lang, table)
    warnings += left_out_warnings(runs, lang)
    mapping = mapping_to_use(mapping)
    v, more = current_provinces(table.villages, mapping)
    warnings += more
    tiers = compared_tiers(runs, lang)
    warnings += tiers_differ_warnings(tiers, lang)
    tier_label = {t["id"]: t["label"] for t in tiers}
    if year is not None and not (v["year"] == int(year)).any():
        years = ", ".join(str(y) for y in sorted(pd.unique(v["year"])))
        raise said(VillageScoreError, N_("no result for year {year}; years present: {years}"), year=year, years=years)
    chosen = _parse_refs(villages, v, year) if villages else []
    # whether the rows are in village order (a result's are), read once for the snapshot, ranks, groups and changes
    order = sorted_keys([v[k].to_numpy() for k in ("village_id", "year", "run")])
    codes = _framework_codes(table)  # frameworks differ: each ranked and grouped in periods of its own
    frameworks = None if codes is None else (codes, framework_names(runs, codes))
    snap = _snapshot(v, year, per_year, order, frameworks)
    only = set(chosen) if chosen else None
    ranked = snap
    if only is not None:  # a named village-year outside the snapshot is ranked within its own year
        extra = v[v["obs"].isin(only) & ~v["obs"].isin(snap["obs"])]
        if len(extra):
            own = _snapshot(v[v["year"].isin(extra["year"])], None, True, None, frameworks)
            ranked = pd.concat([snap, own[~own["obs"].isin(snap["obs"])]])
    in_order = order is not None  # the snapshot keeps rows of v in their order, then so are they
    unscored = unscored_texts(table, ranked["obs"].to_numpy(), shared["pillar"],
                              ranked["overall_score"].to_numpy(dtype=float, na_value=np.nan))
    marked = [ranked["obs"].to_numpy()[(unscored != "") & (ranked["obs"].isin(only).to_numpy() if only else True)]]
    ranked = ranked.assign(pillars_unscored=unscored, rating_label=rating_labels(  # each its own framework's words
        ranked["rating"], ranked["run"].to_numpy(), runs, lang, tier_label))
    pillars = shared["pillar"]
    first = runs[0]  # the top-level framework: the first run's in the canonical run order (load_table, .run_order)
    plabels = {p["id"]: p["label"] for r in reversed(runs) for p in r.pillars}
    labels = {**labels, **plabels}
    pmins = pillar_minimums(runs, pillars)  # the views print a pillar score on its side of each (docs/compare.md)
    out: dict[str, Any] = {
        "kind": "villagescore-comparison",
        "lang": lang,
        "options": {"by": by, "villages": list(villages), "year": None if year is None else int(year),
                    "per_year": bool(per_year), "min_group": int(min_group), "top": int(top),
                    "mapping": mapping_record(mapping)},
        "runs": [r.describe() for r in runs],
        "warnings": warnings,
        "framework": {"id": first.framework_id, "version": first.framework_version,
                      "sha256": first.framework_sha256},
        "shared": {"pillars": pillars, "criteria": shared["criterion"], "indicators": shared["indicator"]},
        "pillars": [{"id": p, "label": _label(plabels.get(p), lang, p), "minimums": pmins[p]} for p in pillars],
        "tiers": tiers,
        "rankings": _rankings(ranked, table, pillars, only, lang, in_order and len(ranked) == len(snap),
                              minimums_of(tiers), pmins),
        "groups": _groups(snap, by, min_group, tiers, labels, lang, in_order, mapping) if by else None,
        "side_by_side": _side_by_side(v, table, chosen, shared, top, labels, lang) if len(chosen) >= 2 else None,
        "over_time": _over_time(v, table, shared, tiers, tier_label,
                                None if not chosen else set(v.loc[v["obs"].isin(chosen), "village_id"]),
                                None if order is None else order[0], marked, lang),
    }
    # each period of one framework among several says which: the views name its tiers as that framework does
    out["rankings"]["periods"] = with_frameworks(out["rankings"]["periods"], runs, frameworks)
    if out["over_time"]["node_changes"]:  # the views name each node "label (id)"
        out["over_time"]["labels"] = {lvl: {n: _label(labels.get(n), lang, n) for n in shared[lvl]}
                                      for lvl in out["over_time"]["levels"]}
    out["warnings"] += reform_warnings(snap, by, mapping, lang)  # communes, districts across the 2025 reform
    out["warnings"] += gate_warnings(v, out["over_time"]["changes"], labels, lang, table)  # ratings capped by a gate
    out["warnings"] += regulation_warnings(out["side_by_side"], lang,
                                           table.partial_regulations(chosen) if out["side_by_side"] else ())
    out["warnings"] += regulation_change_warnings(out["over_time"], lang)
    out["warnings"] += across_frameworks_warnings(out["over_time"], lang)
    out["warnings"] += unscored_warnings(v, np.concatenate(marked), table, lang)
    return out


def left_out_warnings(runs: Any, lang: str) -> list[dict[str, Any]]:
    """A warning per result that left invalid dataset rows out (``--keep-going``): those village-years not compared.

    ``runs``: anything with a ``label`` and a ``rows_left_out`` count (a :class:`Run`; ``targets`` gives its
    stored evaluations).
    """
    return [{"code": "rows_left_out", "run": r.label, "count": r.rows_left_out,
             "message": gettext("{run} left {n} invalid row(s) of its dataset out (--keep-going): those village-years "
                                "are not compared, the same villages' other years are; where a row left out was a "
                                "village's latest year, its latest observation here is an earlier year",
                                lang).format(run=r.label, n=r.rows_left_out)}
            for r in runs if r.rows_left_out]
