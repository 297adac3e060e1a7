"""Changes over time: each village's consecutive observations, overall and per node."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .common import _clean, sorted_keys
from .table import LEVELS, ScoreTable
from .tiers import rating_labels, tier_minimums
from .unscored import mark_changes

__all__ = ["across_frameworks_warnings", "regulation_change_warnings"]


def _over_time(v: pd.DataFrame, table: ScoreTable, shared: Mapping[str, list[str]],
               tiers: list[dict[str, Any]], tier_label: Mapping[str, str], only: set[str] | None,
               same_id: np.ndarray | None = None, marked: list[np.ndarray] | None = None, lang: str = "en"
               ) -> dict[str, Any]:
    """Each village's consecutive observations of one framework compared (see :func:`_framework_codes`).

    Observations from different frameworks are no change over time: they are not paired, and the villages a
    change is lost for (years scored only with different frameworks) are named in ``across_frameworks``
    (:func:`across_frameworks_warnings` says so).

    ``same_id``: which rows of ``v`` (in order of village id) have the next row's id, when it is known;
    ``marked``: given, the observations of the changes' ends marked as resting on fewer pillars
    (:func:`~.unscored.mark_changes`) are appended to it. Each end's ``rating_label`` is its own framework's
    (:func:`~.tiers.rating_labels`), in ``lang``.
    """
    levels = list(LEVELS) if only is not None else ["pillar"]
    # in order (a result): unique when no neighbours are equal
    ids = [same_id] if same_id is not None else sorted_keys([v["village_id"].to_numpy()])
    if (not ids[0].any()) if ids is not None else v["village_id"].is_unique:
        # one observation per village: nothing changes over time
        return {"levels": levels, "changes": [], "node_changes": []}
    o = v.sort_values(["village_id", "year", "run"], kind="stable")
    if only is not None:
        o = o[o["village_id"].isin(only)]
    framework = _framework_codes(table)
    if framework is not None:
        o = _by_framework(o, framework)
    o = o[~_scored_again(o, table)]
    across = None if framework is None else _pairs_across(o)
    o = o.assign(from_obs=o.groupby(["village_id"] if framework is None else ["village_id", "framework"],
                                    sort=False)["obs"].shift(1))
    pairs = o[o["from_obs"].notna()].copy()
    if framework is not None:  # listed by village, year and run, as with one framework
        pairs = pairs.sort_values("order", kind="stable")
    pairs["from_obs"] = pairs["from_obs"].astype(int)
    prev = v.set_index("obs").loc[pairs["from_obs"]]
    pairs["from_year"] = prev["year"].to_numpy()
    pairs["from_run"] = prev["run_label"].to_numpy()
    pairs["from_score"] = prev["overall_score"].to_numpy()
    pairs["from_rating"] = prev["rating"].to_numpy()
    if framework is None:
        level = {t["id"]: t["min_score"] for t in tiers}
        a, b = _min_scores(pairs["from_rating"], level), _min_scores(pairs["rating"], level)
    else:  # each change within one framework: its own tiers (the comparison's may differ between frameworks)
        a = tier_minimums(pairs["from_rating"], prev["run"].to_numpy(), table.runs)
        b = tier_minimums(pairs["rating"], pairs["run"].to_numpy(), table.runs)
    change = np.where(np.isnan(a) | np.isnan(b), None, np.where(b > a, "up", np.where(b < a, "down", "same")))
    pairs["tier_change"] = np.where(pairs["from_rating"].isna() | pairs["rating"].isna(), None, change)
    pairs["delta"] = pairs["overall_score"] - pairs["from_score"]
    labels_from = rating_labels(pairs["from_rating"], prev["run"].to_numpy(), table.runs, lang, tier_label)
    labels_to = rating_labels(pairs["rating"], pairs["run"].to_numpy(), table.runs, lang, tier_label)
    cols = zip(_clean(pairs["village_id"]), _clean(pairs["name"]),
               _clean(pairs["from_year"], "int"), _clean(pairs["from_run"]), _clean(pairs["from_score"], "float"),
               _clean(pairs["from_rating"]), _clean(labels_from),
               _clean(pairs["year"], "int"), _clean(pairs["run_label"]), _clean(pairs["overall_score"], "float"),
               _clean(pairs["rating"]), _clean(labels_to),
               _clean(pairs["delta"], "float"), _clean(pairs["tier_change"]), strict=True)
    changes = [{"village_id": vid, "name": name,
                "from": {"year": fy, "run": frun, "score": fs, "rating": fr, "rating_label": fl},
                "to": {"year": ty, "run": trun, "score": ts, "rating": tr, "rating_label": tl},
                "delta": delta, "tier_change": change}
               for vid, name, fy, frun, fs, fr, fl, ty, trun, ts, tr, tl, delta, change in cols]
    ends = mark_changes(changes, table, pairs["from_obs"].to_numpy(), pairs["obs"].to_numpy(), shared["pillar"])
    if marked is not None:
        marked.append(ends)
    m = _node_pairs(pairs, table, shared, levels)
    keys = ("village_id", "from_year", "to_year", "from_run", "to_run", "level", "id", "from", "to", "delta")
    cols = zip(_clean(m["village_id"]), _clean(m["from_year"], "int"), _clean(m["year"], "int"),
               _clean(m["from_run"]), _clean(m["run_label"]), _clean(m["level"]), _clean(m["node"]),
               _clean(m["from_score"], "float"), _clean(m["to_score"], "float"), _clean(m["delta"], "float"),
               strict=True)
    node_changes = [dict(zip(keys, values, strict=True)) for values in cols]
    out = {"levels": levels, "changes": changes, "node_changes": node_changes}
    changed = _regulations_changed(pairs, table, shared["indicator"], changes)
    if changed:
        out["regulation_changes"] = changed
    if across:
        out["across_frameworks"] = across
    return out


def _framework_codes(table: ScoreTable) -> np.ndarray | None:
    """Per run, a code of its framework file (:attr:`~.table.Run.signature`); ``None`` when every run shares one.

    The codes follow the frameworks' sorted identities, not the order the results were given in.
    The framework file, not the resolved hash, is what a change over time must share: its weights,
    criteria, tiers and gates make what a score means; the options and plugin versions that also
    change the resolved hash have warnings of their own (``scoring_differs``, ``plugins_differ``).
    """
    signatures = [r.signature for r in table.runs]
    if len(set(signatures)) < 2:
        return None
    order = sorted(set(signatures), key=lambda s: tuple("" if x is None else str(x) for x in s))
    return np.array([order.index(s) for s in signatures], dtype=np.int64)


def _by_framework(o: pd.DataFrame, framework: np.ndarray) -> pd.DataFrame:
    """``o`` (sorted by village id, year, run) sorted by village id, framework, year, run.

    Adds ``framework`` (its code) and ``order`` (the row's place in ``o``): a village's observations of one
    framework follow each other, to be paired. Integer keys only: the village ids are sorted already.
    """
    ids = o["village_id"].to_numpy()
    village = np.zeros(len(o), dtype=np.int64)
    if len(o):
        village[1:] = np.cumsum(ids[1:] != ids[:-1])
    code = framework[o["run"].to_numpy()]
    place = np.arange(len(o))
    return o.assign(framework=code, order=place).iloc[np.lexsort((place, code, village))]


def _pairs_across(o: pd.DataFrame) -> dict[str, Any] | None:
    """The villages a change over time is lost for, because their years were scored with different frameworks.

    ``o``: from :func:`_by_framework`. A village with two years or more loses a change when its years
    are not joined end to end by one framework or another: some year is in no change (v1 in 2021 and v2
    in 2025 only: a year is in a change when one framework scored the village in that year and in another
    year), or the years of one framework all end before the next framework's begin (v1 in 2021–2022, v2 in
    2023–2024: 2022 → 2023 is lost). The same years scored with two frameworks lose nothing, nor do
    frameworks whose years meet (v1 2021–2023, v2 2023–2024). Given back as ``{"villages": …,
    "village_ids": […]}`` (sorted ids) for the warning, ``None`` when no change is lost.
    """
    if not len(o):
        return None
    obs = o[["village_id", "framework", "year"]].drop_duplicates()
    chained = obs.groupby(["village_id", "framework"], sort=False)["year"].transform("nunique") > 1
    years = obs.assign(chained=chained.to_numpy()).groupby(["village_id", "year"], sort=False)["chained"].any()
    village = years.groupby(level="village_id", sort=False).agg(["size", "all"])
    unchained = village.index[(village["size"].to_numpy() > 1) & ~village["all"].to_numpy()]
    # each framework's span of years per village, in order of its first year: a span that begins after every
    # earlier one has ended leaves the change between them unlisted
    spans = obs.groupby(["village_id", "framework"], sort=False)["year"].agg(["min", "max"]).reset_index()
    spans = spans.sort_values(["village_id", "min"], kind="stable")
    reached = spans.groupby("village_id", sort=False)["max"].cummax()
    before = reached.groupby(spans["village_id"], sort=False).shift()
    gap = spans["village_id"][(spans["min"] > before).to_numpy()]
    lost = set(unchained.tolist()) | set(gap.tolist())
    if not lost:
        return None
    ids = sorted(lost)
    return {"villages": len(ids), "village_ids": ids}


def _regulations_changed(pairs: pd.DataFrame, table: ScoreTable, ids: list[str],
                         changes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Mark the changes whose two observations both scored an indicator against different regulation versions.

    Each such change gets ``regulation_changed: true``; the return value sums them up
    (``indicators``: every id changed in some change, ``changes``: how many changes), ``None`` when
    none. The two observations' version ids are compared as whole matrices, no loop over villages.
    """
    ids = table.regulated(ids) if len(pairs) else []
    if not ids:
        return None
    before = table.regulation_ids(ids, pairs["from_obs"].to_numpy())
    after = table.regulation_ids(ids, pairs["obs"].to_numpy())
    # a version kept for an indicator left out (an unverified limit) is no change of the rules it was scored by:
    # only where both observations scored it, as far as the loaded levels tell (see ScoreTable.scored_where_known)
    both = table.scored_where_known(ids, pairs["from_obs"].to_numpy()) & table.scored_where_known(
        ids, pairs["obs"].to_numpy())
    differ = (before != after) & pd.notna(before) & pd.notna(after) & both
    rows = np.flatnonzero(differ.any(axis=1))
    if not len(rows):
        return None
    for r in rows.tolist():
        changes[r]["regulation_changed"] = True
    return {"indicators": [x for x, on in zip(ids, differ.any(axis=0), strict=True) if on], "changes": len(rows)}


def regulation_change_warnings(over_time: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """A warning when changes over time compare village-years scored against different regulation versions."""
    from ..i18n import N_, gettext

    summary = over_time.get("regulation_changes")
    if not summary:
        return []
    return [{"code": "regulation_differs", "indicators": list(summary["indicators"]), "count": summary["changes"],
             "message": gettext(N_("{n} change(s) over time compare years scored against different regulation "
                                   "versions ({list}): part of the change comes from the change of regulation, not "
                                   "only from the village"), lang).format(
                 n=summary["changes"], list=", ".join(summary["indicators"]))}]


def across_frameworks_warnings(over_time: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """A warning naming the villages whose years were scored only with different frameworks (changes lost)."""
    from ..i18n import N_, gettext

    across = over_time.get("across_frameworks")
    if not across:
        return []
    ids = across["village_ids"]
    named = ", ".join(ids[:_NAMED]) + (", …" if len(ids) > _NAMED else "")
    message = gettext(N_("{villages} village(s) ({ids}) have years scored only with different frameworks, and no "
                         "change over time is listed between those years: a change over time pairs only "
                         "observations of one framework (id, version and sha256), because between frameworks part "
                         "of the difference comes from their weights, criteria and tiers, not from the village; to "
                         "see how these villages changed, score all their years with one framework"), lang)
    return [{"code": "changes_across_frameworks", "count": across["villages"],
             "message": message.format(villages=across["villages"], ids=named)}]


_NAMED = 5  # villages named in the warning; the JSON's over_time.across_frameworks lists them all


def _scored_again(o: pd.DataFrame, table: ScoreTable) -> np.ndarray:
    """Which rows of ``o`` (sorted by village id, [framework,] year, run) the next row scores again alike.

    Two evaluations of one village-year with the same framework, scoring options and score (a dataset added to a
    store twice) are no change over time: the later one stands, as in the rankings. Scored with other
    options (:func:`~villagescore.compare.common.scoring_differs`), or to another score (the data
    corrected), the change within the year is kept.
    """
    if len(o) < 2:
        return np.zeros(len(o), dtype=bool)
    options = [(r.signature, r.scoring) for r in table.runs]
    code = np.array([options.index(s) for s in options])[o["run"].to_numpy()]  # equal framework and options
    ids, years = o["village_id"].to_numpy(), o["year"].to_numpy()
    again = np.zeros(len(o), dtype=bool)
    score = o["overall_score"].to_numpy(dtype=float, na_value=np.nan)
    same_score = (score[:-1] == score[1:]) | (np.isnan(score[:-1]) & np.isnan(score[1:]))
    again[:-1] = (ids[:-1] == ids[1:]) & (years[:-1] == years[1:]) & (code[:-1] == code[1:]) & same_score
    return again


def _node_pairs(pairs: pd.DataFrame, table: ScoreTable, shared: Mapping[str, list[str]],
                levels: list[str]) -> pd.DataFrame:
    """One row per pair of consecutive observations and shared node of ``levels`` (from and to scores)."""
    p = pairs.sort_values(["village_id", "year", "obs"], kind="stable")
    nodes = [(lvl, n) for lvl in levels for n in shared[lvl]]
    k = len(nodes)
    before = [table.scores(lvl, shared[lvl], obs=p["from_obs"].to_numpy()) for lvl in levels]
    after = [table.scores(lvl, shared[lvl], obs=p["obs"].to_numpy()) for lvl in levels]
    from_score = np.hstack(before) if before else np.empty((len(p), 0))
    to_score = np.hstack(after) if after else np.empty((len(p), 0))
    out = pd.DataFrame({c: np.repeat(p[c].to_numpy(), k) for c in ("village_id", "from_year", "year", "from_run",
                                                                    "run_label")})
    out["level"] = np.tile(np.asarray([lvl for lvl, _ in nodes], dtype=object), len(p))
    out["node"] = np.tile(np.asarray([n for _, n in nodes], dtype=object), len(p))
    out["from_score"] = from_score.reshape(-1)
    out["to_score"] = to_score.reshape(-1)
    out["delta"] = out["to_score"] - out["from_score"]
    return out


def _min_scores(ratings: pd.Series, level: Mapping[str, Any]) -> np.ndarray:
    """The lowest score of each rating's tier as float64 (NaN for a missing or unknown rating).

    A plain float array whatever the ratings' string storage: an empty column of pyarrow-backed
    strings mapped through ``level`` stays text, and comparing it with numbers is a TypeError.
    """
    return np.array([level.get(r) if isinstance(r, str) else None for r in ratings.tolist()], dtype=float)
