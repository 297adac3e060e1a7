"""The engine: compute indicators, score them, aggregate the tree, apply gates and tiers.

Everything runs on whole columns. The number of Python-level steps grows with the
number of indicators and nodes in the framework, never with the number of villages:
one ``compute`` call per indicator, one scorer call per indicator, one aggregator call
per node. The semantics (applicability, missing data, coverage, gates, tiers) are
documented in ``docs/scoring.md`` and tested in ``tests/test_engine.py``.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .aggregation import minimum, weighted_arithmetic, weighted_geometric
from .errors import DatasetError, PluginError, Problem
from .model import Framework, MissingDataPolicy

__all__ = ["Engine", "IndicatorMatrix", "TreeScores", "score_level", "relaxed_policy", "sector_scale", "OPS"]

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
       "==": operator.eq, "!=": operator.ne}


@dataclass
class IndicatorMatrix:
    """Indicator-level arrays, ``(villages, indicators)``, indicators in tree order."""

    values: list[np.ndarray]  # one array per indicator (float, or object for categories)
    scores: np.ndarray
    applicable: np.ndarray
    present: np.ndarray


@dataclass
class TreeScores:
    """Node-level arrays: scores, coverage and status per criterion, pillar and overall.

    ``indicator_weight``, ``criterion_weight`` and ``pillar_weight`` hold the effective,
    normalised weight of each child within its parent for each village (0 where the child
    is absent, or where the parent has no score), so that contributions can be traced.
    They are built on first use from what the aggregation kept (presence, weights, totals)
    and then cached: scoring alone never writes a (villages × indicators) weight matrix.
    """

    criterion_score: np.ndarray
    criterion_coverage: np.ndarray
    criterion_na: np.ndarray
    pillar_score: np.ndarray
    pillar_coverage: np.ndarray
    pillar_na: np.ndarray
    overall_score: np.ndarray
    overall_coverage: np.ndarray
    _weights: dict[str, _LevelWeights] = field(default_factory=dict, repr=False, compare=False)
    _built: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def _weight(self, level: str) -> np.ndarray:
        if level not in self._built:
            self._built[level] = self._weights[level].build()
        return self._built[level]

    @property
    def indicator_weight(self) -> np.ndarray:
        """``(villages, indicators)``: each indicator's normalised weight within its criterion."""
        return self._weight("indicator")

    @property
    def criterion_weight(self) -> np.ndarray:
        """``(villages, criteria)``: each criterion's normalised weight within its pillar."""
        return self._weight("criterion")

    @property
    def pillar_weight(self) -> np.ndarray:
        """``(villages, pillars)``: each pillar's normalised weight in the overall score."""
        return self._weight("pillar")


@dataclass
class _NodeWeights:
    """What one node kept to rebuild its children's normalised weights (see :class:`TreeScores`)."""

    columns: slice
    effective: np.ndarray | None = None  # the general path keeps its (villages, children) effective weights
    applicable: np.ndarray | None = None  # (villages, children) bool
    present: np.ndarray | None = None  # None: the 'zero' policy weighs every applicable child
    weights: np.ndarray | None = None
    total: np.ndarray | None = None
    score: np.ndarray | None = None


@dataclass
class _LevelWeights:
    """The normalised weights of one level's children, node by node, built on demand."""

    shape: tuple[int, int]
    nodes: list[_NodeWeights] = field(default_factory=list)

    def build(self) -> np.ndarray:
        out = np.zeros(self.shape, order="F")
        for node in self.nodes:
            block = out[:, node.columns]
            if node.effective is not None:
                _normalised(node.effective, node.total, node.score, out=block)
                continue
            has_weight = node.total > 0
            divisor = np.where(has_weight, node.total, 1.0)
            per_village = node.weights.ndim == 2
            for j in range(block.shape[1]):
                base = node.applicable[:, j] if node.present is None else node.present[:, j] & node.applicable[:, j]
                wj = node.weights[:, j] if per_village else node.weights[j]
                np.multiply(base, wj, out=block[:, j])  # same arithmetic as score_level
                np.divide(block[:, j], divisor, out=block[:, j])
            block[~has_weight | np.isnan(node.score)] = 0.0  # whole rows: no weight, or no score
        return out


def score_level(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
                policy: MissingDataPolicy, aggregate: Any, *, out: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Aggregate one node from its children, applying the missing-data policy.

    Parameters
    ----------
    scores, applicable, present : (villages, children) arrays
    weights : (children,) nominal weights
    policy : MissingDataPolicy
    aggregate : callable(scores, weights) -> scores
    out : (villages, children) float array, optional
        Where to write the normalised effective weights (saves a copy of that matrix).

    Returns
    -------
    (score, coverage, not_applicable, normalised effective weights)

    Notes
    -----
    A present child has a score (the engine keeps ``present`` == "applicable and scored").
    The work is a fixed number of whole-array passes per node, with no per-village
    Python; column-major (Fortran) indicator arrays keep each child's column contiguous,
    and the sums run in the same order as a row-wise ``sum(axis=1)``. The
    built-in weighted arithmetic mean is computed in place, without building the
    NaN-masked matrix that other rules receive.
    """
    score, coverage, na, eff_w, total = _level(scores, weights, applicable, present, policy, aggregate)
    return score, coverage, na, _normalised(eff_w, total, score, out=out)


def _level(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
           policy: MissingDataPolicy, aggregate: Any, *, order: str = "K") -> tuple[np.ndarray, ...]:
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
    if aggregate is weighted_arithmetic:
        # the built-in rule, without building the NaN-masked matrix: same arithmetic
        known *= eff_w
        with np.errstate(invalid="ignore", divide="ignore"):
            score = known.sum(axis=1) / total
        score[~(total > 0)] = np.nan
    else:
        eff_scores = np.full_like(eff_w, np.nan)
        np.copyto(eff_scores, known if zero else scores, where=eff_w > 0)
        score = np.array(aggregate(eff_scores, eff_w), dtype=float)
    score[na] = np.nan
    if policy.policy == "exclude":
        score[coverage + 1e-12 < policy.min_coverage] = np.nan
    elif policy.policy == "fail":
        score[coverage < 1.0] = np.nan
    return np.clip(score, 0.0, 100.0, out=score), coverage, na, eff_w, total


def _normalised(eff_w: np.ndarray, total: np.ndarray, score: np.ndarray, *, out: np.ndarray | None = None
                ) -> np.ndarray:
    """Effective weights divided by their row total; 0 on rows without weight or without a score."""
    has_weight = total > 0
    norm = np.divide(eff_w, np.where(has_weight, total, 1.0)[:, None], out=eff_w if out is None else out)
    norm[~has_weight | np.isnan(score)] = 0.0  # whole rows: no weight, or no score
    return norm


#: Built-in rules that :func:`_fast_node` computes column by column (same semantics as the functions).
_FAST_RULES = {weighted_arithmetic: "arithmetic", weighted_geometric: "geometric", minimum: "minimum"}


class _RowSums:
    """Row sums of ``k`` child terms handed over one column at a time, added in numpy's order.

    numpy sums the rows of a column-major (villages × k) array child by child, and the
    rows of a row-major one pairwise: child by child below 8 children, in 8 running sums
    combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) from 8 to 128 (the
    remainder after the last block of 8 then added one by one). ``pairwise`` follows the
    row-major order, so a level computed column by column gives the same last bits as the
    row sums the engine used to take (``_pairwise_ok`` bounds ``k``).
    """

    def __init__(self, n: int, k: int, pairwise: bool) -> None:
        self.blocks = k - k % 8 if pairwise and k >= 8 else 0
        self.parts = np.zeros((8, n)) if self.blocks else None
        self.total = None if self.blocks else np.zeros(n)

    def at(self, j: int) -> np.ndarray:
        """The running sum that child ``j``'s term is added to."""
        if j < self.blocks:
            return self.parts[j % 8]
        return self.result()

    def result(self) -> np.ndarray:
        if self.total is None:
            r = self.parts
            self.total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            self.parts = None
        return self.total


def _pairwise_ok(k: int) -> bool:
    """Whether :class:`_RowSums` reproduces numpy's row-major row sums for ``k`` children."""
    return k <= 128


def _fast_node(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
               policy: MissingDataPolicy, kind: str, score: np.ndarray, coverage: np.ndarray,
               na: np.ndarray, *, pairwise: bool = False) -> _NodeWeights:
    """:func:`score_level` for a built-in rule, one child column at a time.

    Writes the node's score, coverage and not-applicable flag into ``score``, ``coverage``
    and ``na`` (``(villages,)`` views) and returns what its children's normalised weights
    are built from. The numbers are those of :func:`score_level`: every term is the same
    product, and the terms of each sum are added in the order numpy adds the rows of the
    products there (see :class:`_RowSums`; ``pairwise`` for row-major children). Working
    column by column keeps the running sums in cache, reads each child's (contiguous)
    column once and builds no (villages × children) temporary or weight matrix.
    """
    n, k = scores.shape
    zero = policy.policy == "zero"
    app_w = _RowSums(n, k, pairwise)
    pres_w = _RowSums(n, k, pairwise)
    buf = np.empty(n)
    pres = np.empty(n, dtype=bool)
    flags = np.empty(n, dtype=bool)
    if kind == "arithmetic":
        num = _RowSums(n, k, pairwise)
    elif kind == "minimum":
        low = np.full(n, np.inf)
        hit = np.zeros(n, dtype=bool)  # some child counts
    else:
        logs = _RowSums(n, k, pairwise)
        g_total = _RowSums(n, k, pairwise)
        hit = np.zeros(n, dtype=bool)  # some counted child scores 0
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
        if kind == "arithmetic":
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
        if kind == "minimum":
            np.minimum(low, value, out=low, where=valid)
            hit |= valid
            continue
        positive = valid & (value > 0)
        hit |= valid & ~positive
        term = np.zeros(n)
        np.log(value, out=term, where=positive)
        term *= wj
        acc = logs.at(j)
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
        if kind == "arithmetic":
            np.divide(num.result(), total, out=score)
            score[~(total > 0)] = np.nan
        elif kind == "minimum":
            score[...] = low
            score[~hit] = np.nan
        else:
            g_total = g_total.result()
            np.exp(np.divide(logs.result(), g_total), out=score)
            score[hit] = 0.0
            score[g_total <= 0] = np.nan
    score[na] = np.nan
    if policy.policy == "exclude":
        score[coverage + 1e-12 < policy.min_coverage] = np.nan
    elif policy.policy == "fail":
        score[coverage < 1.0] = np.nan
    np.clip(score, 0.0, 100.0, out=score)
    return _NodeWeights(slice(0, k), applicable=applicable, present=None if zero else present,
                        weights=np.asarray(weights, dtype=float), total=total, score=score)


def _node(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
          policy: MissingDataPolicy, aggregate: Any, score: np.ndarray, coverage: np.ndarray, na: np.ndarray,
          columns: slice, *, by_column: bool) -> _NodeWeights:
    """Aggregate one node into ``score``/``coverage``/``na`` (views of the level's arrays).

    A built-in rule is computed child column by child column (:func:`_fast_node`); any
    other rule goes through :func:`_level`. ``by_column``: the children were summed as
    column-major arrays so far (indicators); otherwise as row-major ones (criteria,
    pillars), whose row sums numpy adds in another order, which is kept.
    """
    kind = next((name for rule, name in _FAST_RULES.items() if rule is aggregate), None)
    if kind is not None and (by_column or _pairwise_ok(scores.shape[1])):
        kept = _fast_node(scores, weights, applicable, present, policy, kind, score, coverage, na,
                          pairwise=not by_column)
        kept.columns = columns
        return kept
    node_score, coverage[...], na[...], eff_w, total = _level(scores, weights, applicable, present, policy,
                                                              aggregate, order="K" if by_column else "C")
    score[...] = node_score
    return _NodeWeights(columns, effective=eff_w, total=total, score=node_score)


class Engine:
    """Score datasets against frameworks using the objects in a registry."""

    def __init__(self, registry: Any) -> None:
        self.registry = registry

    # ---- stage 1: indicators ----

    def indicator_matrix(self, framework: Framework, frame: pd.DataFrame) -> IndicatorMatrix:
        """Compute and score every indicator of ``framework`` over ``frame``."""
        return self.score_values(framework, frame, self.compute_values(framework, frame))

    def compute_values(self, framework: Framework, frame: pd.DataFrame) -> list[np.ndarray]:
        """Compute the raw value of every indicator (one array per indicator, tree order).

        An indicator without ``compute`` reads its field's column without a copy; the
        arrays are read-only views of the frame in that case.
        """
        return [self._compute(node, frame) for node in framework.indicators]

    def score_values(self, framework: Framework, frame: pd.DataFrame, values: list[np.ndarray]) -> IndicatorMatrix:
        """Score computed indicator values: applicability, presence and 0–100 scores.

        The matrices are column-major, so each indicator's column is contiguous.
        """
        nodes = framework.indicators
        n = len(frame)
        m = len(nodes)
        scores = np.empty((n, m), order="F")  # every column is written below
        applicable = np.ones((n, m), dtype=bool, order="F")
        present = np.empty((n, m), dtype=bool, order="F")
        membership = _sector_membership(frame) if any(node.sectors for node in nodes) else {}
        for j, node in enumerate(nodes):
            raw = values[j]
            app = None
            if node.sectors:
                app = np.zeros(n, dtype=bool)
                for sector in node.sectors:
                    if sector in membership:
                        app |= membership[sector]
                applicable[:, j] = app
            params = node.scoring_params(frame)
            try:
                scored = np.asarray(node.scorer.function(raw, params), dtype=float)
            except Exception as exc:
                msg = (f"scorer {node.scorer.name!r} (plugin {node.scorer.plugin!r}) failed on indicator "
                       f"{node.id!r}: {type(exc).__name__}: {exc}")
                raise PluginError(msg) from exc
            if scored.shape != (n,):  # a scalar or a column would be broadcast silently over the villages
                msg = (f"scorer {node.scorer.name!r} (plugin {node.scorer.plugin!r}) returned shape "
                       f"{scored.shape} for {n} villages on indicator {node.id!r}; expected ({n},)")
                raise PluginError(msg)
            column = scores[:, j]
            np.clip(scored, 0.0, 100.0, out=column)
            if node.scorer.nan_preserving:
                absent = None if app is None else ~app  # a missing value is already NaN
            else:
                absent = pd.isna(raw) if raw.dtype == object else np.isnan(raw)
                if app is not None:
                    absent |= ~app
            if absent is not None:
                np.putmask(column, absent, np.nan)
            np.logical_not(np.isnan(column), out=present[:, j])
        return IndicatorMatrix(values, scores, applicable, present)

    def _compute(self, node: Any, frame: pd.DataFrame) -> np.ndarray:
        ind = node.indicator
        n = len(frame)
        if any(f not in frame.columns for f in ind.requires):
            return np.full(n, np.nan)
        if ind.compute is None:
            series = frame[ind.requires[0]]
        else:
            try:
                # a shallow copy: a plugin that assigns to its frame cannot change another plugin's input
                series = ind.compute(frame.copy(deep=False))
            except Exception as exc:
                msg = (f"indicator {ind.id!r} of plugin {ind.plugin!r} failed to compute: "
                       f"{type(exc).__name__}: {exc}")
                raise PluginError(msg) from exc
        arr = series.to_numpy() if hasattr(series, "to_numpy") else np.asarray(series)
        if arr.shape != (n,):
            msg = (f"indicator {ind.id!r} of plugin {ind.plugin!r} returned {arr.shape[0] if arr.ndim else 0} "
                   f"values for {n} villages")
            raise PluginError(msg)
        if (arr.dtype == object or pd.api.types.is_string_dtype(arr.dtype)) and ind.direction != "category":
            text = pd.Series(arr, dtype=object)
            numbers = pd.to_numeric(text, errors="coerce")
            # a plugin bug must not pass as missing data: only empty cells may become NaN
            bad = numbers.isna() & text.notna() & (text.astype(str).str.strip() != "")
            if bad.any():
                sample = text[bad].iloc[0]
                msg = (f"indicator {ind.id!r} of plugin {ind.plugin!r} returned text such as {sample!r} for a "
                       f"{ind.direction!r} indicator; it must return numbers (NaN for missing)")
                raise PluginError(msg)
            arr = numbers.to_numpy(dtype=float)
        if arr.dtype != object:
            if arr.dtype != np.float64:
                arr = arr.astype(float)
            infinite = np.isinf(arr)
            if infinite.any():
                arr = arr.copy()
                arr[infinite] = np.nan
            if arr.flags.writeable and not arr.flags.owndata:
                arr = arr.view()
                arr.flags.writeable = False  # a view of the frame: scorers must not write into it
        return arr

    # ---- stage 2: the tree ----

    def aggregate(self, framework: Framework, matrix: IndicatorMatrix, *,
                  weights: dict[str, np.ndarray] | None = None,
                  aggregators: dict[str, Any] | None = None) -> TreeScores:
        """Aggregate indicator scores up the tree.

        ``weights`` may override nominal weights per level (``"indicator"``,
        ``"criterion"``, ``"pillar"`` → arrays in tree order); ``aggregators`` may
        override the rule per level (``"criterion"``, ``"pillar"``, ``"overall"`` → an
        aggregation function). Both serve sensitivity analysis.
        """
        weights = weights or {}
        aggregators = aggregators or {}
        n = matrix.scores.shape[0]
        crits = framework.criteria
        pillars = framework.pillars
        ind_w = weights.get("indicator", np.array([i.weight for i in framework.indicators], dtype=float))
        crit_w = weights.get("criterion", np.array([c.weight for c in crits], dtype=float))
        pill_w = weights.get("pillar", np.array([p.weight for p in pillars], dtype=float))
        # column-major node arrays: each node's column is contiguous for the level above
        c_score = np.empty((n, len(crits)), order="F")
        c_cov = np.empty_like(c_score)
        c_na = np.empty(c_score.shape, dtype=bool, order="F")
        i_weights = _LevelWeights(matrix.scores.shape)
        # children in contiguous columns: built-in rules go column by column (same sums as before)
        by_column = all(a.flags.f_contiguous for a in (matrix.scores, matrix.applicable, matrix.present))
        start = 0
        for k, crit in enumerate(crits):
            sl = slice(start, start + len(crit.indicators))
            start = sl.stop
            agg = aggregators.get("criterion") or _rule(crit.aggregator)
            i_weights.nodes.append(_node(
                matrix.scores[:, sl], ind_w[sl], matrix.applicable[:, sl], matrix.present[:, sl], crit.missing,
                agg, c_score[:, k], c_cov[:, k], c_na[:, k], sl, by_column=by_column))
        p_score = np.empty((n, len(pillars)), order="F")
        p_cov = np.empty_like(p_score)
        p_na = np.empty(p_score.shape, dtype=bool, order="F")
        c_weights = _LevelWeights(c_score.shape)
        c_app = ~c_na
        c_present = ~np.isnan(c_score)
        start = 0
        for k, pillar in enumerate(pillars):
            sl = slice(start, start + len(pillar.criteria))
            start = sl.stop
            agg = aggregators.get("pillar") or _rule(pillar.aggregator)
            w = crit_w[sl]
            scale = sector_scale(pillar, c_app[:, sl])
            if scale is not None:
                w = w * scale  # (villages, criteria): the sector block split between each village's sectors
            c_weights.nodes.append(_node(
                c_score[:, sl], w, c_app[:, sl], c_present[:, sl], relaxed_policy(pillar.missing), agg,
                p_score[:, k], p_cov[:, k], p_na[:, k], sl, by_column=False))
        overall = np.empty(n)
        o_cov = np.empty(n)
        o_na = np.empty(n, dtype=bool)
        p_weights = _LevelWeights(p_score.shape)
        agg = aggregators.get("overall") or _rule(framework.aggregator)
        p_weights.nodes.append(_node(p_score, pill_w, ~p_na, ~np.isnan(p_score), relaxed_policy(framework.missing), agg,
                                     overall, o_cov, o_na, slice(0, len(pillars)), by_column=False))
        return TreeScores(c_score, c_cov, c_na, p_score, p_cov, p_na, overall, o_cov,
                          {"indicator": i_weights, "criterion": c_weights, "pillar": p_weights})

    # ---- stage 3: gates and tiers ----

    @staticmethod
    def gates(framework: Framework, matrix: IndicatorMatrix) -> np.ndarray:
        """Return a ``(villages, gates)`` boolean array: which gates fired."""
        index = {node.id: j for j, node in enumerate(framework.indicators)}
        n = matrix.scores.shape[0]
        fired = np.zeros((n, len(framework.gates)), dtype=bool)
        for g, gate in enumerate(framework.gates):
            j = index[gate.indicator]
            x = matrix.scores[:, j] if gate.on == "score" else np.asarray(matrix.values[j], dtype=float)
            with np.errstate(invalid="ignore"):
                holds = OPS[gate.op](x, gate.value)
            present = matrix.present[:, j]
            fails = present & ~holds
            if gate.on_missing == "fire":
                fails |= ~present
            fired[:, g] = matrix.applicable[:, j] & fails
        return fired

    @staticmethod
    def ratings(framework: Framework, tree: TreeScores, fired: np.ndarray) -> np.ndarray:
        """Return the outcome per village: the tier index, ``len(tiers)`` for the unrated outcome, ``-1`` unscored."""
        tiers = framework.tiers
        n = tree.overall_score.shape[0]
        tier_pos = {t.id: i for i, t in enumerate(tiers)}
        cap = np.zeros(n, dtype=int)
        for g, gate in enumerate(framework.gates):
            cap = np.where(fired[:, g], np.maximum(cap, tier_pos[gate.cap]), cap)
        eligible = np.zeros((n, len(tiers)), dtype=bool)
        pillar_missing = ~tree.pillar_na & np.isnan(tree.pillar_score)
        column = {p.id: k for k, p in enumerate(framework.pillars)}
        for t, tier in enumerate(tiers):
            ok = tree.overall_score >= tier.min_score - 1e-9
            if tier.min_pillar_score is not None:
                below = ~tree.pillar_na & ~(tree.pillar_score >= tier.min_pillar_score - 1e-9)
                ok &= ~(below | pillar_missing).any(axis=1)
            for pillar, required in tier.min_pillar_scores.items():
                k = column[pillar]
                ok &= tree.pillar_na[:, k] | (tree.pillar_score[:, k] >= required - 1e-9)
            eligible[:, t] = ok & (t >= cap)
        # without an unrated outcome the last tier is unconditional (checked when the framework loads)
        rating = np.where(eligible.any(axis=1), eligible.argmax(axis=1), len(tiers))
        return np.where(np.isnan(tree.overall_score), -1, rating)

    # ---- the whole run ----

    def evaluate(self, framework: Framework, dataset: Any, *, options: dict[str, Any] | None = None,
                 village_ids: list[str] | None = None) -> Any:
        """Score every village-year of ``dataset`` (a :class:`~villagescore.datasets.Dataset`).

        Returns
        -------
        villagescore.results.Result
        """
        from .results import Result

        frame = dataset.frame
        if village_ids:
            unknown = sorted(set(village_ids) - set(frame["village_id"]))
            if unknown:
                from .errors import UnknownIdError

                msg = f"unknown village id(s): {', '.join(unknown)}"
                raise UnknownIdError(msg)
            frame = frame[frame["village_id"].isin(village_ids)]
        if not _sorted_by_village_year(frame):
            frame = frame.sort_values(["village_id", "year"], kind="stable")
        if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
            frame = frame.reset_index(drop=True)
        matrix = self.indicator_matrix(framework, frame)
        self._check_fail_policy(framework, frame, matrix, dataset.path)
        tree = self.aggregate(framework, matrix)
        fired = self.gates(framework, matrix)
        rating = self.ratings(framework, tree, fired)
        return Result(framework=framework, frame=frame, matrix=matrix, tree=tree, fired=fired, rating=rating,
                      provenance=self.provenance(framework, dataset, options or {}), registry=self.registry)

    @staticmethod
    def _check_fail_policy(framework: Framework, frame: pd.DataFrame, matrix: IndicatorMatrix,
                           path: str) -> None:
        problems = []
        j = 0
        for crit in framework.criteria:
            for node in crit.indicators:
                if crit.missing.policy == "fail":
                    gap = matrix.applicable[:, j] & ~matrix.present[:, j]
                    for pos in np.flatnonzero(gap):
                        problems.append(Problem(
                            path, f"village {frame['village_id'].iat[pos]} ({frame['year'].iat[pos]})",
                            f"indicator {node.id!r} is missing and criterion {crit.id!r} uses the 'fail' "
                            f"missing-data policy", column=", ".join(node.indicator.requires),
                            rule="missing_data_fail", village_id=str(frame["village_id"].iat[pos])))
                j += 1
        if problems:
            raise DatasetError(problems, title="missing data under the 'fail' policy")

    def provenance(self, framework: Framework, dataset: Any, options: dict[str, Any]) -> dict[str, Any]:
        """Return what a result needs to be reproduced: versions and hashes, no clock time."""
        from pathlib import Path

        from . import __version__

        # the plugins whose indicators and scorers the framework uses, and those of its aggregation
        # rules when a plugin gave them (the built-in rules are the engine's: engine_version names them)
        rules = {node.aggregator.plugin for node in (*framework.criteria, *framework.pillars)}
        rules.add(framework.aggregator.plugin)
        used = sorted({n.indicator.plugin for n in framework.indicators} | {n.scorer.plugin for n in
                      framework.indicators} | (rules - {"", "villagescore"}))
        plugins = [{"name": name, "version": version} for name, version in sorted(
            self.registry.plugin_versions.items())]
        return {
            "engine_version": __version__,
            "framework": {"id": framework.id, "version": framework.version, "sha256": framework.sha256,
                          "status": framework.status, "resolved_sha256": framework.resolved_sha256,
                          "lineage": [dict(item) for item in framework.lineage]},
            "dataset": {"sha256": dataset.sha256, "file": Path(dataset.path).name, "kind": dataset.kind,
                        "metadata_sha256": dataset.metadata_sha256},
            "plugins": plugins,
            "plugins_used": used,
            "options": dict(sorted(options.items())),
        }


def _rule(aggregator: Any) -> Any:
    """The aggregation function of ``aggregator``; a plugin's rule is guarded so a failure names it."""
    if aggregator.plugin in ("", "villagescore"):
        return aggregator.function

    def guarded(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
        try:
            return aggregator.function(scores, weights)
        except Exception as exc:
            msg = (f"aggregator {aggregator.name!r} (plugin {aggregator.plugin!r}) failed: "
                   f"{type(exc).__name__}: {exc}")
            raise PluginError(msg) from exc

    return guarded


def sector_scale(pillar: Any, applicable: np.ndarray) -> np.ndarray | None:
    """Per village-year, the factor on each criterion's weight that splits the sector block (``None``: no block).

    A criterion of the framework keeps factor 1. A sector criterion gets its ``share`` of its
    sector divided by the number of the village's sectors that bring criteria to the pillar
    (``applicable`` tells which), so the block weighs the same for one sector or several.
    """
    keys = [c.sector for c in pillar.criteria]
    if pillar.sector_weight is None or not any(keys):
        return None
    n = applicable.shape[0]
    sectors = sorted({k for k in keys if k})
    present = np.zeros((n, len(sectors)), dtype=bool)
    for j, key in enumerate(keys):
        if key:
            present[:, sectors.index(key)] |= applicable[:, j]
    count = np.maximum(present.sum(axis=1), 1)
    scale = np.ones(applicable.shape)
    for j, crit in enumerate(pillar.criteria):
        if crit.sector:
            scale[:, j] = crit.share / count
    return scale


def relaxed_policy(policy: MissingDataPolicy) -> MissingDataPolicy:
    """At pillar and overall level, 'fail' acts like 'exclude' with full coverage required."""
    if policy.policy == "fail":
        return MissingDataPolicy("exclude", 1.0)
    return policy


def _sorted_by_village_year(frame: pd.DataFrame) -> bool:
    """True when rows are already in (village_id, year) order, so no sort (and copy) is needed."""
    if len(frame) < 2:
        return True
    ids = frame["village_id"].to_numpy(dtype=object)
    years = frame["year"].to_numpy(dtype=float, na_value=np.nan)
    if any(not isinstance(v, str) for v in (ids[0], ids[-1])):
        return False
    try:
        after = ids[1:] > ids[:-1]
        same = ids[1:] == ids[:-1]
    except TypeError:  # mixed types: let sort_values decide
        return False
    return bool(np.all(after | (same & (years[1:] >= years[:-1]))))


def _sector_membership(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Sector id → boolean mask of the rows whose ``sectors`` cell (``a;b``) names it.

    The cells are factorised first, so the text is split once per distinct combination,
    not once per village.
    """
    if "sectors" not in frame.columns or len(frame) == 0:
        return {}
    codes, uniques = pd.factorize(frame["sectors"], use_na_sentinel=True)
    members: dict[str, np.ndarray] = {}
    for k, cell in enumerate(uniques):
        for part in str(cell).split(";"):
            sector = part.strip()
            if sector:
                members.setdefault(sector, np.zeros(len(uniques) + 1, dtype=bool))[k] = True
    # code -1 (an empty cell) reads the trailing False
    return {sector: table[codes] for sector, table in members.items()}
