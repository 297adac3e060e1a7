"""One node of the tree: aggregate weighted child scores under a missing-data policy.

The one implementation of a node's arithmetic, used by the engine for every level (and by
the improvement planner through the engine). An aggregator that declares a capability
(:class:`~villagescore.objects.QuasiMean` ``mean``, or a ``reduce`` ufunc) is computed child
column by child column (:func:`columnwise`); any other rule through its ``function``
(:func:`general`). Both give the same numbers (``tests/kernel/test_node.py``).

Weights are ``(children,)`` nominal weights or ``(villages, children)`` when they differ per
village (the sector block of a pillar, split between each village's sectors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import PluginError, said
from ..i18n import N_
from ..model import MissingDataPolicy
from ..plugin_output import aggregated
from .sums import RowSums, pairwise_ok

__all__ = ["NodeWeights", "LevelWeights", "score_level", "general", "normalised", "columnwise", "aggregate_node",
           "guarded", "relaxed_policy"]


@dataclass
class NodeWeights:
    """What one node kept to rebuild its children's normalised weights (see :class:`TreeScores`)."""

    columns: slice
    effective: np.ndarray | None = None  # the general path keeps its (villages, children) effective weights
    applicable: np.ndarray | None = None  # (villages, children) bool
    present: np.ndarray | None = None  # None: the 'zero' policy weighs every applicable child
    weights: np.ndarray | None = None
    total: np.ndarray | None = None
    score: np.ndarray | None = None


@dataclass
class LevelWeights:
    """The normalised weights of one level's children, node by node, built on demand."""

    shape: tuple[int, int]
    nodes: list[NodeWeights] = field(default_factory=list)

    def build(self, rows: slice | np.ndarray | None = None) -> np.ndarray:
        """The ``(villages, children)`` normalised weights of the level.

        ``rows``: only these villages, a slice or an array of indices (the same numbers as
        those rows of the whole level; every operation is per village), for a report that
        shows a few of many or the villages of :func:`~villagescore.kernel.weight_rows.weight_patterns`.
        """
        rows = slice(None) if rows is None else rows
        n = len(range(self.shape[0])[rows]) if isinstance(rows, slice) else len(rows)
        out = np.zeros((n, self.shape[1]), order="F")
        for node in self.nodes:
            block = out[:, node.columns]
            total, score = node.total[rows], node.score[rows]
            if node.effective is not None:
                normalised(node.effective[rows], total, score, out=block)
                continue
            has_weight = total > 0
            divisor = np.where(has_weight, total, 1.0)
            base = node.applicable[rows] if node.present is None else node.present[rows] & node.applicable[rows]
            weights = node.weights[rows] if node.weights.ndim == 2 else node.weights
            # the node's children at once: the same products and quotients, cell by cell, as score_level
            np.multiply(base, weights, out=block)
            np.divide(block, divisor[:, None], out=block)
            block[~has_weight | np.isnan(score)] = 0.0  # whole rows: no weight, or no score
        return out


def score_level(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
                policy: MissingDataPolicy, aggregator: Any, *, out: np.ndarray | None = None, node: str = ""
                ) -> tuple[np.ndarray, ...]:
    """Aggregate one node from its children through the aggregator's ``function``, applying the policy.

    Parameters
    ----------
    scores, applicable, present : (villages, children) arrays
    weights : (children,) nominal weights, or (villages, children)
    policy : MissingDataPolicy
    aggregator : villagescore.Aggregator
    out : (villages, children) float array, optional
        Where to write the normalised effective weights (saves a copy of that matrix).
    node : str
        The node's id, which an error about the aggregator's output names.

    Returns
    -------
    (score, coverage, not_applicable, normalised effective weights)

    Notes
    -----
    A present child has a score (the engine keeps ``present`` == "applicable and scored").
    The work is a fixed number of whole-array passes per node, with no per-village
    Python; column-major (Fortran) indicator arrays keep each child's column contiguous,
    and the sums run in the same order as a row-wise ``sum(axis=1)``. A weighted
    arithmetic mean (``mean.linear``) is computed in place, without building the
    NaN-masked matrix that other rules receive.
    """
    score, coverage, na, eff_w, total = general(scores, weights, applicable, present, policy, aggregator, node=node)
    return score, coverage, na, normalised(eff_w, total, score, out=out)


def general(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
            policy: MissingDataPolicy, aggregator: Any, *, order: str = "K", node: str = "") -> tuple[np.ndarray, ...]:
    """:func:`score_level` without the normalisation: (score, coverage, na, effective weights, total).

    ``order`` is the memory layout of the (villages × children) products whose rows are
    summed ("K": that of the inputs): numpy adds the terms of a row in an order that
    depends on the layout, so the layout is part of the result's last bits.
    """
    w = np.asarray(weights, dtype=float)
    app = np.asarray(applicable, dtype=bool)
    pres = np.logical_and(present, app, order=order)
    app_ew = np.multiply(app, w, order=order)  # applicable × weight (1.0 × w or 0)
    pres_ew = np.multiply(pres, w, order=order)
    app_w = app_ew.sum(axis=1)
    pres_w = pres_ew.sum(axis=1)
    na = app_w <= 0
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = pres_w / app_w
    coverage[na] = np.nan
    # the score of a present child, 0 elsewhere (scores lie in [0, 100]; fmax turns NaN into 0)
    known = np.fmax(scores, 0.0, order=order)
    known *= pres
    zero = policy.policy == "zero"
    eff_w = app_ew if zero else pres_ew
    total = app_w if zero else pres_w
    if aggregator.mean is not None and aggregator.mean.linear:
        # a weighted arithmetic mean, without building the NaN-masked matrix: same arithmetic
        known *= eff_w
        with np.errstate(invalid="ignore", divide="ignore"):
            score = known.sum(axis=1) / total
        score[~(total > 0)] = np.nan
    else:
        eff_scores = np.full_like(eff_w, np.nan)
        np.copyto(eff_scores, known if zero else scores, where=eff_w > 0)
        score = guarded(aggregator, node)(eff_scores, eff_w)
    score[na] = np.nan
    if policy.policy == "exclude":
        score[coverage + 1e-12 < policy.min_coverage] = np.nan
    elif policy.policy == "fail":
        score[coverage < 1.0] = np.nan
    return np.clip(score, 0.0, 100.0, out=score), coverage, na, eff_w, total


def normalised(eff_w: np.ndarray, total: np.ndarray, score: np.ndarray, *, out: np.ndarray | None = None
                ) -> np.ndarray:
    """Effective weights divided by their row total; 0 on rows without weight or without a score."""
    has_weight = total > 0
    norm = np.divide(eff_w, np.where(has_weight, total, 1.0)[:, None], out=eff_w if out is None else out)
    norm[~has_weight | np.isnan(score)] = 0.0  # whole rows: no weight, or no score
    return norm


#: Villages aggregated at a time by :func:`columnwise`: the running sums and one child's column of a
#: block (a few 256 KiB arrays) stay in the processor's cache however many villages there are.
ROW_BLOCK = 1 << 15


def columnwise(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
               policy: MissingDataPolicy, aggregator: Any, score: np.ndarray, coverage: np.ndarray,
               na: np.ndarray, *, pairwise: bool = False) -> NodeWeights:
    """:func:`score_level` for an aggregator with a ``mean`` or ``reduce`` capability, one child column at a time.

    Writes the node's score, coverage and not-applicable flag into ``score``, ``coverage``
    and ``na`` (``(villages,)`` views) and returns what its children's normalised weights
    are built from. The numbers are those of :func:`score_level`: every term is the same
    product, and the terms of each sum are added in the order numpy adds the rows of the
    products there (see :class:`RowSums`; ``pairwise`` for row-major children). Working
    column by column keeps the running sums in cache, reads each child's (contiguous)
    column once and builds no (villages × children) temporary or weight matrix; villages
    are taken :data:`ROW_BLOCK` at a time (every operation is per village, so the numbers
    do not depend on the blocks), which keeps a million villages as fast per village as
    a hundred thousand.
    """
    n = scores.shape[0]
    if n <= ROW_BLOCK:
        return _columnwise_rows(scores, weights, applicable, present, policy, aggregator, score, coverage, na,
                                pairwise=pairwise)
    per_village = np.ndim(weights) == 2
    total = np.empty(n)
    kept = None
    for lo in range(0, n, ROW_BLOCK):
        rows = slice(lo, min(lo + ROW_BLOCK, n))
        kept = _columnwise_rows(scores[rows], weights[rows] if per_village else weights, applicable[rows],
                                present[rows], policy, aggregator, score[rows], coverage[rows], na[rows],
                                pairwise=pairwise)
        total[rows] = kept.total
    return NodeWeights(slice(0, scores.shape[1]), applicable=applicable,
                       present=None if kept.present is None else present,
                       weights=np.asarray(weights, dtype=float), total=total, score=score)


def _columnwise_rows(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
                     policy: MissingDataPolicy, aggregator: Any, score: np.ndarray, coverage: np.ndarray,
                     na: np.ndarray, *, pairwise: bool) -> NodeWeights:
    """:func:`columnwise` on one block of villages."""
    n, k = scores.shape
    zero = policy.policy == "zero"
    mean = aggregator.mean
    linear = mean is not None and mean.linear
    app_w = RowSums(n, k, pairwise)
    pres_w = RowSums(n, k, pairwise)
    buf = np.empty(n)
    pres = np.empty(n, dtype=bool)
    flags = np.empty(n, dtype=bool)
    hit = np.zeros(n, dtype=bool)  # reduce: some child counts; mean: some counted child absorbs (scores 0)
    if linear:
        num = RowSums(n, k, pairwise)
    elif mean is None:
        low = np.full(n, np.nan)
    else:
        sums = RowSums(n, k, pairwise)
        g_total = RowSums(n, k, pairwise)
    per_village = np.ndim(weights) == 2
    for j in range(k):
        wj = weights[:, j] if per_village else float(weights[j])
        a = applicable[:, j]
        s = scores[:, j]
        every = bool(a.all())
        p = present[:, j] if every else np.logical_and(present[:, j], a, out=pres)
        acc = app_w.at(j)
        np.add(acc, wj if every else np.multiply(a, wj, out=buf), out=acc)
        acc = pres_w.at(j)
        np.add(acc, np.multiply(p, wj, out=buf), out=acc)
        # the score of a present child, 0 elsewhere (fmax turns NaN into 0)
        np.fmax(s, 0.0, out=buf)
        if linear:
            buf *= wj
            # where a child is not present its score is NaN (as the engine builds them): the term
            # is already 0; otherwise mask it (slower)
            acc = num.at(j)
            if np.logical_or(p, np.isnan(s, out=flags), out=flags).all():
                np.add(acc, buf, out=acc)
            else:
                np.add(acc, buf, out=acc, where=p)
            continue
        if not np.any(wj > 0):  # the child does not count (its effective weight is not positive)
            continue
        if zero:
            np.copyto(buf, 0.0, where=~p)  # 'zero': a missing applicable child scores 0
            value = buf
            valid = a
        else:
            value = s
            valid = np.logical_and(p, ~np.isnan(s), out=flags)
        if per_village:
            valid = valid & (wj > 0)  # a child without weight for a village does not count there
        if mean is None:
            np.copyto(low, value, where=valid & ~hit)
            aggregator.reduce(low, value, out=low, where=valid & hit)
            hit |= valid
            continue
        counted = valid & (value > 0) if mean.zero_absorbs else valid
        if mean.zero_absorbs:
            hit |= valid & ~counted
        term = np.zeros(n)
        np.copyto(term, mean.forward(np.where(counted, value, 1.0)), where=counted)
        term *= wj
        acc = sums.at(j)
        np.add(acc, term, out=acc)
        acc = g_total.at(j)
        np.add(acc, np.multiply(valid, wj, out=term), out=acc)
    app_w = app_w.result()
    pres_w = pres_w.result()
    total = app_w if zero else pres_w
    np.less_equal(app_w, 0.0, out=na)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(pres_w, app_w, out=coverage)
        coverage[na] = np.nan
        if linear:
            np.divide(num.result(), total, out=score)
            score[~(total > 0)] = np.nan
        elif mean is None:
            score[...] = low
            score[~hit] = np.nan
        else:
            g_total = g_total.result()
            score[...] = mean.inverse(np.divide(sums.result(), g_total))
            score[hit] = 0.0
            score[g_total <= 0] = np.nan
    score[na] = np.nan
    if policy.policy == "exclude":
        score[coverage + 1e-12 < policy.min_coverage] = np.nan
    elif policy.policy == "fail":
        score[coverage < 1.0] = np.nan
    np.clip(score, 0.0, 100.0, out=score)
    return NodeWeights(slice(0, k), applicable=applicable, present=None if zero else present,
                       weights=np.asarray(weights, dtype=float), total=total, score=score)


def aggregate_node(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
                   policy: MissingDataPolicy, aggregator: Any, score: np.ndarray, coverage: np.ndarray,
                   na: np.ndarray, columns: slice, *, by_column: bool, node: str = "") -> NodeWeights:
    """Aggregate one node into ``score``/``coverage``/``na`` (views of the level's arrays).

    An aggregator with a ``mean`` or ``reduce`` capability is computed child column by child
    column (:func:`columnwise`); any other rule goes through its function (:func:`general`).
    ``by_column``: the children were summed as column-major arrays so far (indicators);
    otherwise as row-major ones (criteria, pillars), whose row sums numpy adds in another
    order, which is kept. ``node``: the node's id, named by an error about the aggregator's output.
    """
    capable = aggregator.mean is not None or aggregator.reduce is not None
    if capable and (by_column or pairwise_ok(scores.shape[1])):
        kept = columnwise(scores, weights, applicable, present, policy, aggregator, score, coverage, na,
                          pairwise=not by_column)
        kept.columns = columns
        return kept
    node_score, coverage[...], na[...], eff_w, total = general(scores, weights, applicable, present, policy,
                                                               aggregator, order="K" if by_column else "C", node=node)
    score[...] = node_score
    return NodeWeights(columns, effective=eff_w, total=total, score=node_score)


def relaxed_policy(policy: MissingDataPolicy) -> MissingDataPolicy:
    """At pillar and overall level, 'fail' acts like 'exclude' with full coverage required."""
    if policy.policy == "fail":
        return MissingDataPolicy("exclude", 1.0)
    return policy


def guarded(aggregator: Any, node: str = "") -> Any:
    """The aggregation function of ``aggregator``, guarded so that a failure names the rule and its plugin.

    Every rule is guarded alike, the built-in plugin's too (as scorers are in the engine). What
    it returns is one float per village of ``scores``, or a :class:`PluginError` naming the rule
    and ``node`` (:func:`villagescore.plugin_output.aggregated`).
    """

    def guarded(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
        try:
            returned = aggregator.function(scores, weights)
        except Exception as exc:
            raise said(PluginError, N_("aggregator {aggregator!r} (plugin {plugin!r}) failed: {error}"),
                       aggregator=aggregator.name, plugin=aggregator.plugin,
                       error=f"{type(exc).__name__}: {exc}") from exc
        return aggregated(aggregator, returned, scores.shape[0], node)

    return guarded
