"""Group summaries computed on whole columns: one grouping pass, no Python object per group.

``compare --by commune`` of a national sample makes thousands of groups (up to one per village: 100,000
when every village has a commune of its own): the statistics, tier
counts, best and worst village-year and the members of each group are computed here by
pandas and numpy over the whole table (:func:`group_summary`), and the members laid out
group after group in one array (:func:`member_layout`). :mod:`.groups` turns the result into
the documented group rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .common import _one_value, factorize_texts, sorted_keys
from .ranks import as_printed

__all__ = ["by_village", "group_numbers", "group_summary", "member_layout"]


def group_summary(g: pd.DataFrame, keys: Sequence[str], tier_ids: Sequence[str], threshold: float,
                  unrated: str, ordered: np.ndarray | None = None, minimums: Sequence[float] = ()
                  ) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per group of ``g`` (grouped by ``keys``, in the order groups first appear), and each row's group.

    ``g`` has the ``keys``, ``overall_score``, ``rating``, ``label``, ``mapped``,
    ``not_recorded``, ``village_id`` and ``year`` columns (``estimated_share`` when known).
    The frame returned is indexed by group number (0, 1, … in order of first appearance)
    with the ``keys`` and ``size``, ``count``, ``mean``, ``median``, ``min``, ``max`` (of
    ``overall_score``), ``label`` (the first), ``mapped`` and ``not_recorded`` (all of the
    group), ``estimated`` (mean estimated share), ``mostly`` (how many rest for ``threshold``
    or more on estimates), ``known`` (how many say), ``count:<tier>`` for each of
    ``tier_ids`` (a missing rating counts as ``unrated``; a rating not listed is not counted),
    and ``best`` / ``worst``: the row of ``g`` (its position) of the first village-year, by
    village id then year, with the highest (lowest) score as printed (2 decimals, more where one of the
    tiers' ``minimums`` needs them: :func:`~.ranks.as_printed`), -1 for a group without a score. The array
    gives each row of ``g`` its group number. ``ordered``: :func:`by_village` of ``g``, when it is known.
    """
    g = g.reset_index(drop=True)
    gid = group_numbers(g, keys)
    n = int(gid.max()) + 1 if len(gid) else 0
    est = g["estimated_share"].astype(float) if "estimated_share" in g.columns else pd.Series(np.nan, g.index)
    frame = pd.DataFrame({"_gid": gid, "overall_score": g["overall_score"].astype(float),
                          "_est": est.to_numpy(), "_mostly": (est >= threshold).astype(float).where(est.notna()),
                          "label": g["label"], "mapped": g["mapped"].astype(bool),
                          "not_recorded": g["not_recorded"].astype(bool)})
    grouped = frame.groupby("_gid", sort=True)
    stats = grouped["overall_score"].agg(["size", "count", "mean", "median", "min", "max"])
    first = _first_rows(gid, n)  # each group's first row: group numbers follow first appearance
    extra = grouped.agg(estimated=("_est", "mean"), mostly=("_mostly", "sum"), known=("_est", "count"))
    labels = g["label"].to_numpy(dtype=object)
    if len(labels) and not pd.isna(labels).any():  # "first" skips a missing label: none here, so the first row's
        extra.insert(0, "label", labels[first])
    else:
        extra.insert(0, "label", grouped["label"].first())
    for name in ("mapped", "not_recorded"):  # all of the group: none of its rows false
        extra.insert(extra.columns.get_loc("estimated"), name,
                     np.bincount(gid, weights=~frame[name].to_numpy(), minlength=n) == 0)
    heads = g.loc[first, list(keys)].set_axis(range(n))
    table = pd.concat([heads, stats.set_axis(range(n)), extra.set_axis(range(n))], axis=1)
    counts = _tier_counts(g["rating"], gid, n, tier_ids, unrated)
    for k, tier in enumerate(tier_ids):
        table[f"count:{tier}"] = counts[:, k]
    table["best"], table["worst"] = _extremes(g, gid, n, by_village(g) if ordered is None else ordered, minimums)
    return table, gid


def _first_rows(gid: np.ndarray, n: int) -> np.ndarray:
    """Each group's first row, by group number (``np.unique(gid, return_index=True)[1]``).

    Groups numbered in the order they first appear: a row starts its group where its number is
    above every number before it, found in one pass without sorting; if that does not find the
    ``n`` groups, the numbers follow another order and are sorted.
    """
    if len(gid) and gid.min() >= 0:
        new = np.ones(len(gid), dtype=bool)
        new[1:] = gid[1:] > np.maximum.accumulate(gid)[:-1]
        first = np.flatnonzero(new)
        if len(first) == n:
            return first
    return np.unique(gid, return_index=True)[1]


def group_numbers(g: pd.DataFrame, keys: Sequence[str]) -> np.ndarray:
    """Each row's group by ``keys``, numbered in the order groups first appear (``groupby(sort=False).ngroup()``).

    Keys but the last of one value throughout (one period, the latest), and a last without a gap:
    the last one's codes in order of first appearance (``factorize``), without grouping by the others.
    """
    keys = list(keys)
    *rest, last = keys
    column = g[last].to_numpy(dtype=object)
    if len(g) and all(_one_value(g[k]) for k in rest) and not pd.isna(column).any():
        return factorize_texts(column)[0].astype(np.int64)
    return g.groupby(keys, sort=False).ngroup().to_numpy().astype(np.int64)


def by_village(g: pd.DataFrame) -> np.ndarray:
    """The positions of ``g``'s rows sorted by village id then year (ties in the order of ``g``)."""
    ids, years = g["village_id"].to_numpy(), g["year"].to_numpy()
    if sorted_keys([ids, years]) is not None:  # in order already (the snapshot is): sorting keeps every row
        return np.arange(len(g))
    frame = pd.DataFrame({"village_id": ids, "year": years})
    return frame.sort_values(["village_id", "year"], kind="stable").index.to_numpy()


def _tier_counts(rating: pd.Series, gid: np.ndarray, n: int, tier_ids: Sequence[str], unrated: str) -> np.ndarray:
    """Each group's village-years per tier (``n`` × tiers, int64): one count over all rows."""
    tier = rating.where(rating.notna(), unrated)
    code = pd.Index(list(tier_ids)).get_indexer(tier.to_numpy(dtype=object)).astype(np.int64)  # -1: not listed
    known = code >= 0
    flat = np.bincount(gid[known] * len(tier_ids) + code[known], minlength=n * len(tier_ids))
    return flat.reshape(n, len(tier_ids)).astype(np.int64)


def _extremes(g: pd.DataFrame, gid: np.ndarray, n: int, ordered: np.ndarray, minimums: Sequence[float] = ()
              ) -> tuple[np.ndarray, np.ndarray]:
    """The row of ``g`` of each group's best and worst village-year (-1: the group has no score)."""
    score = g["overall_score"].astype(float)
    rows = ordered[score.notna().to_numpy()[ordered]]
    r2 = pd.Series(as_printed(score.to_numpy()[rows], minimums), index=rows)  # ties as printed
    out = []
    for pick in ("idxmax", "idxmin"):
        found = np.full(n, -1, dtype=np.int64)
        if len(rows):
            at = getattr(r2.groupby(gid[rows], sort=True), pick)()
            found[at.index.to_numpy()] = at.to_numpy()
        out.append(found)
    return out[0], out[1]


def member_layout(g: pd.DataFrame, gid: np.ndarray, order: np.ndarray, ordered: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The rows of ``g``'s groups one group after another, and where each group starts.

    ``order``: the group numbers in the order the groups are listed. Within a group the rows
    are sorted by village id then year (ties in the order of ``g``). Returns ``(rows, starts)``:
    ``rows[starts[k]:starts[k + 1]]`` are the positions in ``g`` of the rows of the ``k``-th group listed.
    ``ordered``: :func:`by_village` of ``g``, when it is known.
    """
    n = len(order)
    listed_at = np.empty(n, dtype=np.int64)
    listed_at[np.asarray(order, dtype=np.int64)] = np.arange(n)
    ordered = by_village(g) if ordered is None else ordered
    rows = ordered[np.argsort(listed_at[gid[ordered]], kind="stable")]
    sizes = np.bincount(listed_at[gid], minlength=n)
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    return rows, starts
