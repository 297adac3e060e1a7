"""Uncertainty and sensitivity analysis: how far do the assumptions move ranks and tiers.

Monte Carlo over five groups of assumptions (see ``docs/sensitivity.md``):

``weights``
    Dirichlet around the nominal weights of each node's children (``concentration``),
    or independent uniform factors ``1 ± weight_spread``.
``aggregation``
    per sample, every node whose rule is weighted arithmetic or weighted geometric uses
    one of the two (each with probability ½); other rules (minimum, plugin rules) stay.
``thresholds``
    per sample and indicator, legal limits (a ``limit`` parameter) and band edges are
    scaled by a factor drawn uniformly in ``1 ± threshold_spread``.
``missing``
    per sample, the missing-data policy of every node is ``exclude`` or ``zero``.
``data``
    numeric indicator values get multiplicative log-normal noise whose σ depends on the
    quality flag of the fields they come from (measured / reported / estimated, from the
    dataset metadata), clipped to the feasible range.

The indicator matrix is computed once by :meth:`villagescore.engine.Engine.indicator_matrix`;
only the indicators that a threshold or data perturbation touches are re-scored, with one
vectorised scorer call per indicator and chunk. The tree is aggregated for a whole chunk
of samples at once (``(samples, villages)`` arrays; matrix products at the indicator level)
by :func:`aggregate_batch`, which reproduces the engine's semantics exactly (tested against
:meth:`~villagescore.engine.Engine.aggregate`). Ranks are computed chunk by chunk with one
sort per sample (a packed integer key: score to 1e-6, then the row index).

Sensitivity indices are first-order and total-order variance-based indices over the
groups (Saltelli 2010 / Jansen 1999 estimators on ``N·(d+2)`` runs; ``estimator="salib"``
delegates the same computation to SALib, an optional extra). Their output is the mean
absolute rank shift (the mean over villages of ``|rank − nominal rank|``), as in COINr.

Everything is seeded (``numpy.random.default_rng`` from ``SeedSequence([seed, group])``,
and for data noise ``[seed, group, draw]``), so results do not depend on the chunk size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from .errors import VillageScoreError

__all__ = [
    "GROUPS",
    "QUALITIES",
    "Settings",
    "SensitivityResult",
    "Plan",
    "aggregate_batch",
    "rank_desc",
    "run",
    "quality_sigma",
]

#: The assumption groups, in a fixed order (their index seeds their random stream).
GROUPS = ("weights", "aggregation", "thresholds", "missing", "data")
#: Data-quality flags of the dataset metadata, from best to worst.
QUALITIES = ("measured", "reported", "estimated")
_ARITH, _GEO, _OTHER = 0, 1, 2
_QUANTILES = (0.05, 0.5, 0.95)
_SCORE_STEP = 1e6  # ranks compare scores rounded to 1e-6


class SensitivityError(VillageScoreError):
    """A sensitivity setting the user can fix (e.g. a negative spread)."""


@dataclass(frozen=True)
class Settings:
    """What to vary and how much. Defaults are documented in ``docs/sensitivity.md``."""

    samples: int = 1000
    seed: int = 0
    weights: str = "dirichlet"  # dirichlet | uniform | off
    concentration: float = 50.0
    weight_spread: float = 0.25
    aggregation: bool = True
    geometric_floor: float = 1.0  # geometric samples: scores below this count as this (0 = any 0 gives 0)
    threshold_spread: float = 0.10  # 0 = off
    missing: bool = True
    data: bool = True
    sigma: Mapping[str, float] = field(default_factory=lambda: {"measured": 0.02, "reported": 0.10,
                                                                 "estimated": 0.25})
    default_quality: str = "reported"
    indices: bool = True
    sa_samples: int = 256
    bootstrap: int = 200
    estimator: str = "jansen"  # jansen | salib
    chunk: int | None = None

    def check(self) -> None:
        """Raise :class:`SensitivityError` naming the first bad setting."""
        problems = []
        if self.samples < 1:
            problems.append(f"samples must be at least 1 (got {self.samples})")
        if self.weights not in ("dirichlet", "uniform", "off"):
            problems.append(f"weights must be dirichlet, uniform or off (got {self.weights!r})")
        if not self.concentration > 0:
            problems.append(f"concentration must be > 0 (got {self.concentration})")
        if not 0 <= self.weight_spread < 1:
            problems.append(f"weight spread must be in [0, 1) (got {self.weight_spread})")
        if not 0 <= self.geometric_floor < 100:
            problems.append(f"geometric floor must be in [0, 100) (got {self.geometric_floor})")
        if not 0 <= self.threshold_spread < 1:
            problems.append(f"threshold spread must be in [0, 1) (got {self.threshold_spread})")
        for q in QUALITIES:
            if q not in self.sigma or not self.sigma[q] >= 0:
                problems.append(f"sigma for {q!r} must be given and >= 0")
        if self.default_quality not in QUALITIES:
            problems.append(f"default quality must be one of {', '.join(QUALITIES)} (got {self.default_quality!r})")
        if self.indices and self.sa_samples < 2:
            problems.append(f"sa samples must be at least 2 (got {self.sa_samples})")
        if self.estimator not in ("jansen", "salib"):
            problems.append(f"estimator must be jansen or salib (got {self.estimator!r})")
        if self.chunk is not None and self.chunk < 1:
            problems.append(f"chunk must be at least 1 (got {self.chunk})")
        if problems:
            raise SensitivityError("; ".join(problems))

    def active(self) -> tuple[str, ...]:
        """The groups this run perturbs, in :data:`GROUPS` order."""
        on = {
            "weights": self.weights != "off" and (self.weights == "dirichlet" or self.weight_spread > 0),
            "aggregation": self.aggregation,
            "thresholds": self.threshold_spread > 0,
            "missing": self.missing,
            "data": self.data and any(v > 0 for v in self.sigma.values()),
        }
        return tuple(g for g in GROUPS if on[g])

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready mapping (recorded in the output)."""
        out = asdict(self)
        del out["chunk"]  # results do not depend on it
        out["sigma"] = {q: float(self.sigma[q]) for q in QUALITIES}
        return out


# --------------------------------------------------------------------------------------
# the tree, prepared once
# --------------------------------------------------------------------------------------


@dataclass
class Plan:
    """The framework tree and the nominal indicator matrix, prepared for batched aggregation."""

    framework: Any
    scores: np.ndarray  # (n, m) nominal indicator scores, NaN where absent
    present: np.ndarray  # (n, m) bool
    applicable: np.ndarray  # (n, m) bool
    crit_slices: list[slice]
    pill_slices: list[slice]
    ind_w: np.ndarray
    crit_w: np.ndarray
    pill_w: np.ndarray
    crit_rule: list[int]
    pill_rule: list[int]
    overall_rule: int
    crit_fn: list[Callable]
    pill_fn: list[Callable]
    overall_fn: Callable
    crit_policy: list[Any]
    pill_policy: list[Any]
    overall_policy: Any

    @classmethod
    def build(cls, framework: Any, matrix: Any) -> Plan:
        """Prepare ``framework`` and an :class:`~villagescore.engine.IndicatorMatrix`."""
        from .kernel import relaxed_policy

        crit_slices, start = [], 0
        for crit in framework.criteria:
            crit_slices.append(slice(start, start + len(crit.indicators)))
            start += len(crit.indicators)
        pill_slices, start = [], 0
        for pillar in framework.pillars:
            pill_slices.append(slice(start, start + len(pillar.criteria)))
            start += len(pillar.criteria)
        return cls(
            framework=framework,
            scores=np.asarray(matrix.scores, dtype=float),
            present=np.asarray(matrix.present, dtype=bool),
            applicable=np.asarray(matrix.applicable, dtype=bool),
            crit_slices=crit_slices,
            pill_slices=pill_slices,
            ind_w=np.array([i.weight for i in framework.indicators], dtype=float),
            crit_w=np.array([c.weight for c in framework.criteria], dtype=float),
            pill_w=np.array([p.weight for p in framework.pillars], dtype=float),
            crit_rule=[_rule_code(c.aggregator) for c in framework.criteria],
            pill_rule=[_rule_code(p.aggregator) for p in framework.pillars],
            overall_rule=_rule_code(framework.aggregator),
            crit_fn=[c.aggregator for c in framework.criteria],
            pill_fn=[p.aggregator for p in framework.pillars],
            overall_fn=framework.aggregator,
            crit_policy=[c.missing for c in framework.criteria],
            pill_policy=[relaxed_policy(p.missing) for p in framework.pillars],
            overall_policy=relaxed_policy(framework.missing),
        )

    @property
    def n(self) -> int:
        """Number of village rows."""
        return self.scores.shape[0]


def _rule_code(aggregator: Any) -> int:
    """The batched form of a rule: a linear mean, a log mean absorbing zeros, or the general path."""
    mean = aggregator.mean
    if mean is not None and mean.linear:
        return _ARITH
    if mean is not None and mean.zero_absorbs and mean.forward is np.log:
        return _GEO
    return _OTHER


def _policy(nominal: Any, override: str | None) -> tuple[str, float]:
    """Return (policy, min_coverage) for a node under a per-sample override."""
    if override is None:
        if nominal.policy == "fail":  # the engine refuses missing data under 'fail'
            return "exclude", 1.0
        return nominal.policy, nominal.min_coverage
    if override == "zero":
        return "zero", 0.0
    return "exclude", nominal.min_coverage if nominal.policy == "exclude" else 2 / 3


# --------------------------------------------------------------------------------------
# batched aggregation
# --------------------------------------------------------------------------------------


@dataclass
class BatchScores:
    """Scores of a batch of samples: ``overall`` (E, n) and ``pillars`` (p, E, n)."""

    overall: np.ndarray
    pillars: np.ndarray


def _node(num: np.ndarray, den_p: np.ndarray, den_a: np.ndarray, lognum: np.ndarray | None,
          zero: np.ndarray | None, na: np.ndarray, policy: str, min_cov: float, rule: int) -> np.ndarray:
    """Finish one node from its weighted sums (arrays broadcastable to (E, n))."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if policy == "zero":
            den = den_a
        else:
            den = den_p
        if rule == _GEO:
            score = np.exp(lognum / den)
            score = np.where(zero, 0.0, score)
        else:
            score = num / den
        score = np.where(den > 0, score, np.nan)
        if policy == "exclude" and min_cov > 0:
            low = den_p / np.where(den_a > 0, den_a, 1.0) + 1e-12 < min_cov
            score = np.where(low, np.nan, score)
    score = np.where(na, np.nan, score)
    return np.clip(score, 0.0, 100.0, out=score)


def _other_node(children: list[np.ndarray], weights: np.ndarray, app: list[np.ndarray], fn: Callable,
                policy: str, min_cov: float, e: int, n: int) -> np.ndarray:
    """A node with a rule that is neither arithmetic nor geometric: the engine's own code."""
    from .kernel import score_level
    from .model import MissingDataPolicy

    k = len(children)
    scores = np.empty((e * n, k))
    apps = np.empty((e * n, k), dtype=bool)
    for j, x in enumerate(children):
        scores[:, j] = np.broadcast_to(x, (e, n)).reshape(-1)
        apps[:, j] = np.broadcast_to(app[j], (e, n)).reshape(-1)
    w = np.repeat(weights, n, axis=0)  # (E*n, k)
    out = score_level(scores, w, apps, ~np.isnan(scores), MissingDataPolicy(policy, min_cov), fn)[0]
    return out.reshape(e, n)


def _combine(children: list[np.ndarray], app: list[np.ndarray], weights: np.ndarray, rule: int,
             fn: Callable, policy: str, min_cov: float, e: int, n: int, floor: float = 0.0) -> np.ndarray:
    """Aggregate per-sample child scores ((E, n) with NaN where absent) into one node.

    ``floor`` > 0 (geometric rule only): child scores below it, and under the ``zero`` policy
    missing applicable children, count as ``floor`` instead of making the node 0.
    """
    if rule == _OTHER:
        return _other_node(children, weights, app, fn, policy, min_cov, e, n)
    num = np.zeros((e, n))
    den_p = np.zeros((e, n))
    den_a = np.zeros((e, n))
    lognum = np.zeros((e, n)) if rule == _GEO else None
    zero = np.zeros((e, n), dtype=bool) if rule == _GEO else None
    for j, x in enumerate(children):
        w = weights[:, j, None]
        pres = ~np.isnan(x)
        a = app[j]
        den_a += w * a
        den_p += w * pres
        if rule == _GEO and floor > 0:
            counted = pres | (a & (policy == "zero"))
            lognum += w * np.where(counted, np.log(np.where(pres, np.maximum(x, floor), floor)), 0.0)
        elif rule == _GEO:
            pos = pres & (x > 0)
            lognum += w * np.log(np.where(pos, x, 1.0))
            zero |= pres & ~pos & (w > 0)
            if policy == "zero":
                zero |= a & ~pres & (w > 0)
        else:
            num += w * np.where(pres, x, 0.0)
    na = ~np.logical_or.reduce([np.broadcast_to(a, (n,)) for a in app]) if app else np.ones(n, bool)
    return _node(num, den_p, den_a, lognum, zero, na, policy, min_cov, rule)


def aggregate_batch(plan: Plan, ind_w: np.ndarray, crit_w: np.ndarray, pill_w: np.ndarray, *,
                    rule: int | None = None, policy: str | None = None,
                    perturbed: Mapping[int, np.ndarray] | None = None, method: str = "auto",
                    out: BatchScores | None = None, floor: float = 0.0) -> BatchScores:
    """Aggregate the tree for a batch of ``E`` samples at once.

    Parameters
    ----------
    plan : Plan
    ind_w, crit_w, pill_w : (E, m), (E, c), (E, p) weights per sample
    rule : ``None`` (nominal rules), ``0`` arithmetic or ``1`` geometric for every node
        whose nominal rule is one of those two
    policy : ``None`` (nominal), ``"exclude"`` or ``"zero"`` for every node
    perturbed : indicator index → (E, n) scores replacing the nominal column
    method : ``"auto"``, ``"patterns"`` or ``"nodes"``. ``patterns`` (used when every
        node of the batch has the same rule, arithmetic or geometric) folds the weights
        of each presence pattern of villages into one effective weight per indicator
        and pillar, so a pillar score is one matrix product per pattern; ``nodes``
        aggregates node by node (any rule, including plugin rules).
    out : preallocated arrays to write into (e.g. views of a larger batch)
    floor : for the geometric rule, a child score below ``floor`` (and, under the ``zero``
        policy, a missing applicable child) counts as ``floor`` instead of turning the node
        into 0; ``0`` keeps the engine's rule (any 0 gives 0)

    With nominal weights repeated, ``rule=None``, ``policy=None`` and nothing perturbed the
    result equals :meth:`Engine.aggregate` (``tests/test_sensitivity.py``).
    """
    perturbed = perturbed or {}
    uniform = _uniform_rule(plan, rule)
    if method == "patterns" and uniform is None:
        msg = "the pattern method needs one arithmetic or geometric rule for every node"
        raise ValueError(msg)
    if method == "patterns" or (method == "auto" and uniform is not None and _few_patterns(plan)):
        return _aggregate_patterns(plan, ind_w, crit_w, pill_w, uniform, policy, perturbed, out, floor)
    e = ind_w.shape[0]
    n = plan.n
    fw = plan.framework
    x0 = np.where(plan.present, plan.scores, 0.0)
    pillar_scores = np.empty((len(fw.pillars), e, n))
    for p_idx, p_sl in enumerate(plan.pill_slices):
        c_scores, c_app = [], []
        for k in range(p_sl.start, p_sl.stop):
            sl = plan.crit_slices[k]
            r = plan.crit_rule[k] if rule is None or plan.crit_rule[k] == _OTHER else rule
            pol, mc = _policy(plan.crit_policy[k], policy)
            app_k = plan.applicable[:, sl]
            c_app.append(app_k.any(axis=1))
            c_scores.append(_criterion(plan, k, sl, ind_w[:, sl], x0, r, pol, mc, perturbed, e, n, floor))
        r = plan.pill_rule[p_idx] if rule is None or plan.pill_rule[p_idx] == _OTHER else rule
        pol, mc = _policy(plan.pill_policy[p_idx], policy)
        pillar_scores[p_idx] = _combine(c_scores, c_app, crit_w[:, p_sl], r, plan.pill_fn[p_idx], pol, mc, e, n,
                                        floor)
    p_app = [_pillar_applicable(plan, s) for s in plan.pill_slices]
    r = plan.overall_rule if rule is None or plan.overall_rule == _OTHER else rule
    pol, mc = _policy(plan.overall_policy, policy)
    overall = _combine(list(pillar_scores), p_app, pill_w, r, plan.overall_fn, pol, mc, e, n, floor)
    if out is not None:
        out.overall[...] = overall
        out.pillars[...] = pillar_scores
        return out
    return BatchScores(overall, pillar_scores)


def _uniform_rule(plan: Plan, rule: int | None) -> int | None:
    """The one rule every node uses in this batch, or ``None`` when they differ."""
    rules = {r if (rule is None or r == _OTHER) else rule
             for r in [*plan.crit_rule, *plan.pill_rule, plan.overall_rule]}
    if len(rules) == 1 and rules <= {_ARITH, _GEO}:
        return rules.pop()
    return None


def _few_patterns(plan: Plan) -> bool:
    """Whether pattern folding pays: few distinct (applicable, present) rows."""
    return len(_patterns(plan).bounds) <= max(32, plan.n // 16)


@dataclass
class _Patterns:
    """Villages grouped by their (applicable, present) pattern, rows sorted by group."""

    order: np.ndarray  # permuted position -> village row
    inverse: np.ndarray  # village row -> permuted position
    bounds: list[tuple[int, int]]
    app: np.ndarray  # (G, m) bool
    pres: np.ndarray  # (G, m) bool
    x0: np.ndarray  # (m, n) permuted scores, 0 where absent (transposed: blocks are BLAS-ready)
    logs: np.ndarray  # (m, n) permuted log scores, 0 where absent or <= 0
    zeros: np.ndarray  # (m, n) float: present, score <= 0 and positive nominal weight
    pillar_cols: list[tuple[int, int]]
    identity: bool = False  # rows already sorted by pattern (see :func:`pattern_order`)


def _group_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group identical boolean rows: ``(stable order that sorts the groups, group id per row)``."""
    n = key.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    packed = np.packbits(key, axis=1)
    width = -(-packed.shape[1] // 8) * 8
    packed = np.pad(packed, ((0, 0), (0, width - packed.shape[1])))
    words = np.ascontiguousarray(packed).view(">u8")  # (n, width / 8): byte order = bit order
    order = np.lexsort(words.T[::-1]) if words.shape[1] else np.arange(n)
    srt = words[order]
    new = np.ones(n, dtype=bool)
    new[1:] = (srt[1:] != srt[:-1]).any(axis=1)
    group_sorted = np.cumsum(new) - 1
    group = np.empty(n, dtype=np.intp)
    group[order] = group_sorted
    return order, group


def pattern_order(matrix: Any) -> np.ndarray:
    """Row order that groups villages with the same (applicable, present) pattern.

    Running the analysis on rows in this order lets the batched aggregation write each
    pattern's block in place, without a permutation per batch.
    """
    key = np.concatenate([np.asarray(matrix.applicable), np.asarray(matrix.present)], axis=1)
    return _group_rows(key)[0]


def _patterns(plan: Plan) -> _Patterns:
    cached = getattr(plan, "_pattern_cache", None)
    if cached is not None:
        return cached
    key = np.concatenate([plan.applicable, plan.present], axis=1)
    order, group = _group_rows(key)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    counts = np.bincount(group, minlength=int(group.max()) + 1 if len(group) else 0)
    ends = np.cumsum(counts)
    bounds = [(int(e - c), int(e)) for e, c in zip(ends, counts, strict=True)]
    first = order[ends - counts] if len(order) else order
    uniq = key[first]
    m = plan.scores.shape[1]
    pres = plan.present[order]
    x = plan.scores[order]
    pos = pres & (x > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(pos, np.log(np.where(pos, x, 1.0)), 0.0)
    zeros = (pres & ~pos & (plan.ind_w > 0)[None, :]).astype(float)
    cols = []
    for p_sl in plan.pill_slices:
        a = plan.crit_slices[p_sl.start].start if p_sl.stop > p_sl.start else 0
        b = plan.crit_slices[p_sl.stop - 1].stop if p_sl.stop > p_sl.start else 0
        cols.append((a, b))
    identity = bool((order == np.arange(len(order))).all())
    x0 = np.ascontiguousarray(np.where(pres, x, 0.0).T)
    out = _Patterns(order, inverse, bounds, uniq[:, :m], uniq[:, m:], x0, np.ascontiguousarray(logs.T),
                    np.ascontiguousarray(zeros.T), cols, identity)
    plan._pattern_cache = out  # type: ignore[attr-defined]
    return out


def _segment_weights(child_w: np.ndarray, app: np.ndarray, pres: np.ndarray, starts: np.ndarray,
                     is_zero: np.ndarray, min_cov: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Normalised child weights of every node of one level, for every pattern and sample.

    ``child_w`` (k, E): the children's weights; ``app``/``pres`` (k, G, E) or (k, G, 1)
    bool; ``starts``: first child of each node (children of a node are contiguous);
    ``is_zero``/``min_cov``: each node's missing-data policy. Returns
    ``(weights (k, G, E), node present (nodes, G, E), node applicable (nodes, G, E),
    missing-as-zero flag (nodes, G, E))`` — the flag marks nodes whose geometric score is 0
    because an applicable child is missing under the ``zero`` policy.
    """
    k = child_w.shape[0]
    bounds = list(zip(starts.tolist(), [*starts[1:].tolist(), k], strict=True))
    w = child_w[:, None, :]
    wp = w * pres  # (k, G, E): becomes the normalised weights below (in place)
    shape = (len(starts), *wp.shape[1:])
    den_a = np.empty(shape)
    den_p = np.empty(shape)
    # node by node (the same sums as np.add.reduceat over the level, in the same order),
    # without (children × G × E) temporaries
    for c, (a, b) in enumerate(bounds):
        den_p[c] = np.add.reduceat(wp[a:b], [0], axis=0)[0]
        den_a[c] = np.add.reduceat(w[a:b] * app[a:b], [0], axis=0)[0]
    applicable = den_a > 0
    zero_n = is_zero[:, None, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        cov_ok = den_p / np.where(applicable, den_a, 1.0) + 1e-12 >= min_cov[:, None, None]
    present = np.where(zero_n, applicable, applicable & (den_p > 0) & cov_ok)
    den = np.where(zero_n, den_a, den_p)
    scale = np.where(present & (den > 0), 1.0 / np.where(den > 0, den, 1.0), 0.0)
    zflag = np.zeros(shape, dtype=bool)
    for c, (a, b) in enumerate(bounds):
        norm = wp[a:b]
        if is_zero[c]:  # the 'zero' policy weighs every applicable child
            np.multiply(w[a:b], app[a:b], out=norm)
            gap = (app[a:b] & ~pres[a:b]) & (w[a:b] > 0)
            np.any(gap, axis=0, out=zflag[c])
        norm *= scale[c]
    return wp, present, applicable, zflag


def _level_policies(nodes: Sequence[Any], override: str | None) -> tuple[np.ndarray, np.ndarray]:
    pols = [_policy(p, override) for p in nodes]
    return np.array([p == "zero" for p, _ in pols]), np.array([mc for _, mc in pols], dtype=float)


def _aggregate_patterns(plan: Plan, ind_w: np.ndarray, crit_w: np.ndarray, pill_w: np.ndarray, rule: int,
                        policy: str | None, perturbed: Mapping[int, np.ndarray],
                        dest: BatchScores | None = None, floor: float = 0.0) -> BatchScores:
    """Pattern-folded aggregation (one rule for every node): see :func:`aggregate_batch`."""
    pat = _patterns(plan)
    e, n = ind_w.shape[0], plan.n
    n_p = len(plan.pill_slices)
    geo = rule == _GEO
    iw_t = np.ascontiguousarray(ind_w.T)  # (m, E)
    cw_t = np.ascontiguousarray(crit_w.T)
    pw_t = np.ascontiguousarray(pill_w.T)
    m = iw_t.shape[0]
    if any(sl.stop == sl.start for sl in plan.crit_slices) or any(sl.stop == sl.start for sl in plan.pill_slices):
        msg = "the pattern method needs every criterion and pillar to have children"
        raise ValueError(msg)
    c_starts = np.array([sl.start for sl in plan.crit_slices])
    p_starts = np.array([sl.start for sl in plan.pill_slices])
    zero_c, min_c = _level_policies(plan.crit_policy, policy)
    norm, c_pres, c_app, c_zero = _segment_weights(iw_t, pat.app.T[:, :, None], pat.pres.T[:, :, None], c_starts,
                                                   zero_c, min_c)
    zero_p, min_p = _level_policies(plan.pill_policy, policy)
    kappa, p_present, p_app, p_zero = _segment_weights(cw_t, c_app, c_pres, p_starts, zero_p, min_p)
    crit_of = np.repeat(np.arange(len(c_starts)), np.diff(np.append(c_starts, m)))
    weff = norm * kappa[crit_of]  # (m, G, E): indicator weight within its pillar
    if geo:
        p_zero |= np.add.reduceat(((kappa > 0) & c_zero).astype(np.int8), p_starts, axis=0) > 0
    zero_o, min_o = _level_policies([plan.overall_policy], policy)
    pi, o_present, _o_app, o_zero = _segment_weights(pw_t, p_app, p_present, np.array([0]), zero_o, min_o)
    o_present, o_zero = o_present[0], o_zero[0]  # (G, E)
    o_zero = o_zero | ((pi > 0) & p_zero).any(axis=0)
    # per pattern: (G, P, E) views
    p_present, p_zero, pi = p_present.transpose(1, 0, 2), p_zero.transpose(1, 0, 2), pi.transpose(1, 0, 2)
    floored = geo and floor > 0  # zero scores count as the floor: no node is forced to 0
    if not geo or floored:
        p_zero[:] = False
        o_zero[:] = False
    source = (_floored_logs(plan, pat, floor) if floored else pat.logs) if geo else pat.x0
    pert = perturbed if pat.identity else {j: np.take(x, pat.order, axis=1) for j, x in perturbed.items()}
    direct = dest is not None and pat.identity
    pillars = dest.pillars if direct else np.empty((n_p, e, n))
    overall = dest.overall if direct else np.empty((e, n))
    overall[...] = 0.0
    for g, (a, b) in enumerate(pat.bounds):
        if b == a:
            continue
        ov = overall[:, a:b]
        oz = np.zeros(ov.shape, dtype=bool) if geo else None
        tmp = np.empty(ov.shape)
        for p_idx, (c0, c1) in enumerate(pat.pillar_cols):
            out = pillars[p_idx, :, a:b]
            w_gp = weff[c0:c1, g]  # (m_p, E)
            cols = [j for j in pert if c0 <= j < c1]
            base_w = w_gp
            if cols:
                base_w = w_gp.copy()
                base_w[[j - c0 for j in cols]] = 0.0
            if c1 > c0:
                np.matmul(base_w.T, source[c0:c1, a:b], out=out)
            else:
                out[...] = 0.0
            zero = None
            if geo:
                zero = np.repeat(p_zero[g, p_idx][:, None], b - a, axis=1)
                zcols = pat.zeros[c0:c1, a:b]
                if zcols.any() and not floored:
                    zero |= ((base_w.T > 0).astype(float) @ zcols) > 0
            for j in cols:
                x = pert[j][:, a:b]
                wj = w_gp[j - c0][:, None]
                pres_x = ~np.isnan(x)
                if floored:  # an absent value has weight 0 unless the 'zero' policy counts it (as the floor)
                    out += wj * np.log(np.where(pres_x, np.maximum(x, floor), floor))
                elif geo:
                    pos = pres_x & (x > 0)
                    out += wj * np.log(np.where(pos, x, 1.0))
                    zero |= pres_x & ~pos & (wj > 0)
                else:
                    out += wj * np.where(pres_x, x, 0.0)
            pi_gp = pi[g, p_idx][:, None]
            np.multiply(out, pi_gp, out=tmp)
            ov += tmp
            if geo:
                oz |= zero & (pi_gp > 0)
                np.exp(out, out=out)
                out[zero] = 0.0
            missing = ~p_present[g, p_idx]
            if missing.any():
                out[missing] = np.nan
        if geo:
            np.exp(ov, out=ov)
            ov[oz | o_zero[g][:, None]] = 0.0
        missing = ~o_present[g]
        if missing.any():
            ov[missing] = np.nan
    np.clip(overall, 0.0, 100.0, out=overall)
    if direct:
        return dest
    result = BatchScores(overall, pillars) if pat.identity else BatchScores(
        np.take(overall, pat.inverse, axis=1), np.take(pillars, pat.inverse, axis=2))
    if dest is not None:
        dest.overall[...] = result.overall
        dest.pillars[...] = result.pillars
        return dest
    return result


def _floored_logs(plan: Plan, pat: _Patterns, floor: float) -> np.ndarray:
    """(m, n) permuted log scores with every score below ``floor``, and every absent one, at ``floor``.

    Absent cells only count where the ``zero`` policy gives them a weight; cached per floor.
    """
    cache = plan.__dict__.setdefault("_floored_cache", {})
    if floor not in cache:
        x = np.where(plan.present[pat.order], np.maximum(plan.scores[pat.order], floor), floor)
        cache[floor] = np.ascontiguousarray(np.log(x).T)
    return cache[floor]


def _pillar_applicable(plan: Plan, p_sl: slice) -> np.ndarray:
    app = np.zeros(plan.n, dtype=bool)
    for k in range(p_sl.start, p_sl.stop):
        app |= plan.applicable[:, plan.crit_slices[k]].any(axis=1)
    return app


def _criterion(plan: Plan, k: int, sl: slice, w: np.ndarray, x0: np.ndarray, rule: int, policy: str,
               min_cov: float, perturbed: Mapping[int, np.ndarray], e: int, n: int, floor: float = 0.0) -> np.ndarray:
    """One criterion for the batch: matrix products for the nominal columns (``floor``: see :func:`_combine`)."""
    cols = range(sl.start, sl.stop)
    fixed = [j for j in cols if j not in perturbed]
    if rule == _OTHER:
        children = [perturbed[j] if j in perturbed else np.where(plan.present[:, j], plan.scores[:, j], np.nan)
                    for j in cols]
        app = [plan.applicable[:, j] for j in cols]
        return _other_node(children, w, app, plan.crit_fn[k], policy, min_cov, e, n)
    loc = [j - sl.start for j in fixed]
    wf = np.ascontiguousarray(w[:, loc])
    pres = plan.present[:, fixed]
    app = plan.applicable[:, fixed]
    den_p = wf @ pres.T.astype(float)
    den_a = wf @ app.T.astype(float)
    lognum = zero = num = None
    if rule == _GEO and floor > 0:
        counted = pres | (app if policy == "zero" else False)
        xs = np.where(pres, np.maximum(plan.scores[:, fixed], floor), floor)
        lognum = wf @ np.where(counted, np.log(xs), 0.0).T
        zero = np.zeros((e, n), dtype=bool)
    elif rule == _GEO:
        xs = plan.scores[:, fixed]
        pos = pres & (xs > 0)
        logs = np.where(pos, np.log(np.where(pos, xs, 1.0)), 0.0)
        lognum = wf @ logs.T
        nz = (wf > 0)  # (E, k)
        zero = (nz.astype(float) @ (pres & ~pos).T.astype(float)) > 0
        if policy == "zero":
            zero |= (nz.astype(float) @ (app & ~pres).T.astype(float)) > 0
    else:
        num = wf @ x0[:, fixed].T
    for j in cols:
        if j not in perturbed:
            continue
        x = perturbed[j]
        wj = w[:, j - sl.start, None]
        pres_j = ~np.isnan(x)
        a = plan.applicable[:, j]
        den_p = den_p + wj * pres_j
        den_a = den_a + wj * a
        if rule == _GEO and floor > 0:
            counted = pres_j | (a & (policy == "zero"))
            lognum = lognum + wj * np.where(counted, np.log(np.where(pres_j, np.maximum(x, floor), floor)), 0.0)
        elif rule == _GEO:
            pos = pres_j & (x > 0)
            lognum = lognum + wj * np.log(np.where(pos, x, 1.0))
            zero = zero | (pres_j & ~pos & (wj > 0))
            if policy == "zero":
                zero = zero | (a & ~pres_j & (wj > 0))
        else:
            num = num + wj * np.where(pres_j, x, 0.0)
    na = ~plan.applicable[:, sl].any(axis=1)
    return _node(num, den_p, den_a, lognum, zero, na, policy, min_cov, rule)


# --------------------------------------------------------------------------------------
# ranks and tiers for a batch
# --------------------------------------------------------------------------------------

_QMAX = int(100 * _SCORE_STEP)


def rank_desc(scores: np.ndarray) -> np.ndarray:
    """Rank villages in each row of ``scores`` (E, n): 1 = best, ties share the best rank.

    Scores are compared rounded to 1e-6 (so rounding noise never splits a tie); a missing
    score ranks after every scored village. One sort per row of a packed key (rounded
    score, then column index, exact in an int64), which is faster than ``argsort``.
    """
    s = np.atleast_2d(np.asarray(scores, dtype=float))
    e, n = s.shape
    bits = max(1, (n - 1).bit_length())
    key = np.multiply(np.clip(s, 0.0, 100.0), -_SCORE_STEP)
    key += _QMAX
    np.rint(key, out=key)
    np.fmin(key, _QMAX + 1, out=key)  # a missing score (NaN) ranks last; others are <= _QMAX
    # the rounded score (an exact integer) and the column index packed in one int64 key
    packed = key.astype(np.int64)
    del key
    packed <<= bits
    packed |= np.arange(n, dtype=np.int64)
    packed.sort(axis=1)
    idx = (packed & ((1 << bits) - 1)).astype(np.intp)
    packed >>= bits
    q = packed
    pos = np.broadcast_to(np.arange(1, n + 1, dtype=np.int32), (e, n))
    same = q[:, 1:] == q[:, :-1]
    tied = np.flatnonzero(same.any(axis=1))
    if len(tied):
        sub = np.where(np.concatenate([np.zeros((len(tied), 1), dtype=bool), same[tied]], axis=1), 0, pos[tied])
        np.maximum.accumulate(sub, axis=1, out=sub)
        pos = pos.copy()
        pos[tied] = sub
    ranks = np.empty((e, n), dtype=np.int32)
    np.put_along_axis(ranks, idx, pos, axis=1)
    return ranks


def _ratings(fw: Any, overall: np.ndarray, pillars: np.ndarray, pillar_na: np.ndarray,
             cap: np.ndarray) -> np.ndarray:
    """Tier index per sample and village (``-1`` where the overall score is missing).

    Same rule as :meth:`Engine.ratings`: the best tier whose minimum score and per-pillar
    minimum hold and that no fired gate forbids. A missing (but applicable) pillar fails
    every per-pillar minimum; a pillar that does not apply is ignored.
    """
    tiers = fw.tiers
    lowest = None
    if any(t.min_pillar_score is not None for t in tiers):
        lowest = np.full(overall.shape, np.inf)
        for k in range(pillars.shape[0]):
            if pillar_na[k].all():
                continue
            score = np.where(pillar_na[k], np.inf, pillars[k]) if pillar_na[k].any() else pillars[k]
            np.minimum(lowest, score, out=lowest)  # NaN (a missing pillar) propagates and fails every minimum
    rating = np.full(overall.shape, len(tiers) - 1, dtype=np.int16)
    for t in range(len(tiers) - 2, -1, -1):
        tier = tiers[t]
        ok = overall >= tier.min_score - 1e-9
        if tier.min_pillar_score is not None:
            ok &= lowest >= tier.min_pillar_score - 1e-9
        ok &= t >= cap
        rating[ok] = t
    rating[np.isnan(overall)] = -1
    return rating


def _fired_one(gate: Any, x: np.ndarray, present: np.ndarray, applicable: np.ndarray) -> np.ndarray:
    from .kernel import OPS

    with np.errstate(invalid="ignore"):
        holds = OPS[gate.op](x, gate.value)
    fails = present & ~holds
    if gate.on_missing == "fire":
        fails = fails | ~present
    return applicable & fails


# --------------------------------------------------------------------------------------
# data quality
# --------------------------------------------------------------------------------------


def quality_sigma(frame: Any, metadata: Mapping[str, Any] | None, field_ids: Sequence[str],
                  settings: Settings) -> dict[str, np.ndarray]:
    """σ of the log-normal noise per field and row, from the quality flags of the metadata.

    The column's ``quality`` applies to every row; a ``values`` entry (``village_id``,
    optional ``year``, ``column``, ``quality``) overrides it for that village (and year).
    A column without a quality flag counts as ``settings.default_quality``.
    """
    meta = metadata or {}
    cols = meta.get("columns") or {}
    n = len(frame)
    sigma = {q: float(settings.sigma[q]) for q in QUALITIES}
    out = {}
    for f in field_ids:
        quality = (cols.get(f) or {}).get("quality") or settings.default_quality
        out[f] = np.full(n, sigma[quality])
    rows: dict[str, list[tuple[int, int]]] = {}
    ids = frame["village_id"].to_numpy()
    years = frame["year"].to_numpy()
    for r in range(n) if meta.get("values") else ():
        rows.setdefault(str(ids[r]), []).append((r, int(years[r])))
    for entry in meta.get("values") or ():
        col, quality = entry.get("column"), entry.get("quality")
        if col not in out or quality not in sigma:
            continue
        for r, year in rows.get(str(entry.get("village_id")), ()):
            if entry.get("year") is None or int(entry["year"]) == year:
                out[col][r] = sigma[quality]
    return out


# --------------------------------------------------------------------------------------
# the Monte Carlo run
# --------------------------------------------------------------------------------------


@dataclass
class SensitivityResult:
    """Per-village rank and tier statistics, and sensitivity indices per assumption group."""

    framework: Any
    frame: Any  # identity columns of the rows analysed
    settings: Settings
    groups: tuple[str, ...]
    nominal_score: np.ndarray
    nominal_rank: np.ndarray
    nominal_tier: np.ndarray
    rank_quantiles: np.ndarray  # (3, n): 5 %, 50 %, 95 %
    tier_counts: np.ndarray  # (n, tiers + 1): last column = no rating
    indices: dict[str, dict[str, Any]]
    indices_note: str
    year: int | None
    provenance: dict[str, Any]
    tier_samples: int = 0  # samples whose ratings count: those that keep the framework's aggregation rule
    warnings: list[str] = field(default_factory=list)

    def tier_probabilities(self) -> np.ndarray:
        """(n, tiers + 1) probabilities; each row sums to 1 (last column: no rating).

        Counted over the samples that keep the framework's aggregation rule: tier minimums are
        set for that rule, and a geometric mean is never above the arithmetic one, so a rating
        under the other rule would say more about the rule than about the village.
        """
        return self.tier_counts / float(max(self.tier_samples or self.settings.samples, 1))

    def to_dict(self, *, lang: str = "en") -> dict[str, Any]:
        """A JSON-ready mapping (deterministic: same inputs and seed → same bytes)."""
        fw = self.framework
        probs = self.tier_probabilities()
        tier_ids = [t.id for t in fw.tiers]
        villages = []
        f = self.frame
        for i in range(len(f)):
            nominal = int(self.nominal_tier[i])
            tp = {tid: round(float(probs[i, t]), 6) for t, tid in enumerate(tier_ids)}
            tp["none"] = round(float(probs[i, -1]), 6)
            villages.append({
                "village_id": str(f["village_id"].iat[i]),
                "name": str(f["name"].iat[i]),
                "province": None if f["province"].iat[i] is None else str(f["province"].iat[i]),
                "year": int(f["year"].iat[i]),
                "nominal": {
                    "score": _round(self.nominal_score[i]),
                    "rank": int(self.nominal_rank[i]),
                    "rating": None if nominal < 0 else tier_ids[nominal],
                    "rating_label": None if nominal < 0 else fw.outcome(nominal).label[lang],
                },
                "rank": {"median": int(self.rank_quantiles[1, i]), "p05": int(self.rank_quantiles[0, i]),
                         "p95": int(self.rank_quantiles[2, i])},
                "tier_probabilities": tp,
                "probability_nominal_tier": round(float(probs[i, nominal if nominal >= 0 else -1]), 6),
            })
        return {
            "kind": "villagescore-sensitivity",
            "provenance": self.provenance,
            "year": self.year,
            "settings": self.settings.to_dict(),
            "groups": list(self.groups),
            "tiers": [{"id": t.id, "label": t.label[lang]} for t in fw.tiers],
            "indices": self.indices,
            "indices_note": self.indices_note,
            "tier_samples": int(self.tier_samples or self.settings.samples),
            "warnings": list(self.warnings),
            "villages": villages,
        }


def _round(x: float, digits: int = 4) -> float | None:
    x = float(x)
    if math.isnan(x):
        return None
    r = round(x, digits)
    return 0.0 if r == 0 else r


class _Context:
    """Everything a batch evaluation needs: plan, pre-drawn group parameters, perturbations."""

    def __init__(self, engine: Any, framework: Any, result: Any, dataset: Any, settings: Settings,
                 draws: int) -> None:
        self.fw = framework
        self.settings = settings
        from .engine import IndicatorMatrix

        self.active = settings.active()
        m = result.matrix
        self.order = pattern_order(m)  # rows grouped by pattern: see aggregate_batch
        self.inverse = np.empty_like(self.order)
        self.inverse[self.order] = np.arange(len(self.order))
        o = self.order
        self.matrix = IndicatorMatrix([np.asarray(v)[o] for v in m.values], m.scores[o], m.applicable[o],
                                      m.present[o])
        self.plan = Plan.build(framework, self.matrix)
        self.n = self.plan.n
        self.frame = result.frame.iloc[o].reset_index(drop=True)
        self.fired0 = result.fired[o]
        self.tier_pos = {t.id: i for i, t in enumerate(framework.tiers)}
        self.pillar_na = np.array([~_pillar_applicable(self.plan, s) for s in self.plan.pill_slices])
        self.pillar_na = self.pillar_na.reshape(len(framework.pillars), self.n)
        self._draw_groups(draws)
        self._prepare_rescoring(engine.registry, dataset)

    # ---- pre-drawn parameters (small), one stream per group ----

    def _rng(self, group: str) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence([self.settings.seed, GROUPS.index(group)]))

    def _draw_groups(self, d: int) -> None:
        plan = self.plan
        self.w_ind = self.w_crit = self.w_pill = None
        if "weights" in self.active:
            rng = self._rng("weights")
            self.w_ind = self._weights(rng, plan.ind_w, plan.crit_slices, d)
            self.w_crit = self._weights(rng, plan.crit_w, plan.pill_slices, d)
            self.w_pill = self._weights(rng, plan.pill_w, [slice(0, len(plan.pill_w))], d)
        self.geo = self._rng("aggregation").random(d) < 0.5 if "aggregation" in self.active else None
        self.zero = self._rng("missing").random(d) < 0.5 if "missing" in self.active else None
        self.thr_factor = None  # filled once the threshold indicators are known
        self._thr_draws = d

    def _weights(self, rng: np.random.Generator, w0: np.ndarray, groups: list[slice], d: int) -> np.ndarray:
        out = np.tile(w0, (d, 1))
        for sl in groups:
            w = w0[sl]
            pos = np.flatnonzero(w > 0)
            if len(pos) < 2:
                continue
            cols = pos + sl.start
            if self.settings.weights == "dirichlet":
                mean = w[pos] / w[pos].sum()
                out[:, cols] = rng.dirichlet(self.settings.concentration * mean, size=d)
            else:
                x = self.settings.weight_spread
                out[:, cols] = w[pos] * rng.uniform(1 - x, 1 + x, size=(d, len(pos)))
        return out

    # ---- which indicators are re-scored, and how ----

    def _prepare_rescoring(self, registry: Any, dataset: Any) -> None:
        from .scoring import bands

        fw, s = self.fw, self.settings
        self.rescore: list[dict[str, Any]] = []
        sig = {}
        if "data" in self.active:
            fields = sorted({f for node in fw.indicators for f in node.indicator.requires if f in self.frame})
            sig = quality_sigma(self.frame, dataset.metadata, fields, s)
        thr_cols = []
        for j, node in enumerate(fw.indicators):
            raw = self.matrix.values[j]
            params = node.scoring_params(self.frame)
            entry: dict[str, Any] = {"j": j, "node": node, "params": params, "sigma": None, "thr": None}
            if "thresholds" in self.active and ("limit" in params or node.scorer.function is bands):
                entry["thr"] = "limit" if "limit" in params else "scale"
                thr_cols.append(j)
            numeric = (raw.dtype != object and node.indicator.direction not in ("boolean", "category")
                       and node.scorer.name not in ("boolean", "categorical"))
            if "data" in self.active and numeric:
                need = [f for f in node.indicator.requires if f in sig]
                if need:
                    sigma = np.max([sig[f] for f in need], axis=0)
                    sigma = np.where(self.matrix.present[:, j], sigma, 0.0)
                    if sigma.any():
                        entry["sigma"] = sigma
                        entry["bounds"] = _bounds(node.indicator, registry)
            if entry["thr"] is not None or entry["sigma"] is not None:
                entry["values"] = np.asarray(raw, dtype=float)
                self.rescore.append(entry)
        self.thr_cols = thr_cols
        if thr_cols:
            x = s.threshold_spread
            self.thr_factor = self._rng("thresholds").uniform(1 - x, 1 + x, size=(self._thr_draws, len(thr_cols)))
        self.data_entries = [e for e in self.rescore if e["sigma"] is not None]
        gate_ind = {fw.indicators[j].id: j for j in range(len(fw.indicators))}
        self.gate_cols = {g: gate_ind[gate.indicator] for g, gate in enumerate(fw.gates)}

    def _noise(self, draw: int) -> np.ndarray:
        rng = np.random.default_rng(np.random.SeedSequence([self.settings.seed, GROUPS.index("data"), int(draw)]))
        return rng.standard_normal((len(self.data_entries), self.n))

    # ---- one batch ----

    def evaluate(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Evaluate samples whose per-group draw ids are the rows of ``ids`` (E, 5).

        Samples are grouped by (rule, policy) so that each group is one contiguous
        batch. Returns ``(order, ranks (E, n) int32, ratings (E, n) int16)``: row ``r``
        of ranks and ratings belongs to sample ``order[r]``.
        """
        plan, e = self.plan, ids.shape[0]
        gi = {g: i for i, g in enumerate(GROUPS)}
        rule_key = self.geo[ids[:, gi["aggregation"]]].astype(int) if self.geo is not None else None
        pol_key = self.zero[ids[:, gi["missing"]]].astype(int) if self.zero is not None else None
        key = (np.zeros(e, int) if rule_key is None else rule_key) * 2 + (0 if pol_key is None else pol_key)
        order = np.argsort(key, kind="stable")
        ids, key = ids[order], key[order]
        ind_w = self.w_ind[ids[:, gi["weights"]]] if self.w_ind is not None else np.tile(plan.ind_w, (e, 1))
        crit_w = self.w_crit[ids[:, gi["weights"]]] if self.w_crit is not None else np.tile(plan.crit_w, (e, 1))
        pill_w = self.w_pill[ids[:, gi["weights"]]] if self.w_pill is not None else np.tile(plan.pill_w, (e, 1))
        perturbed, values = self._perturb(ids)
        overall = np.empty((e, self.n))
        pillars = np.empty((len(self.fw.pillars), e, self.n))
        for k in np.unique(key):
            lo, hi = np.searchsorted(key, k, side="left"), np.searchsorted(key, k, side="right")
            rule = None if rule_key is None else int(k // 2)
            policy = None if pol_key is None else ("zero" if k % 2 else "exclude")
            sub = {j: x[lo:hi] for j, x in perturbed.items()}
            floor = self.settings.geometric_floor if rule == _GEO else 0.0
            aggregate_batch(plan, ind_w[lo:hi], crit_w[lo:hi], pill_w[lo:hi], rule=rule, policy=policy,
                            perturbed=sub, out=BatchScores(overall[lo:hi], pillars[:, lo:hi]), floor=floor)
        cap = self._caps(perturbed, values, e)
        ratings = _ratings(self.fw, overall, pillars, self.pillar_na, cap)
        return order, rank_desc(overall), ratings

    def rated(self, ids: np.ndarray) -> np.ndarray:
        """Which samples (rows of ``ids``) keep the framework's aggregation rule: their ratings count."""
        nominal = self.plan.overall_rule
        if self.geo is None or nominal not in (_ARITH, _GEO):
            return np.ones(ids.shape[0], dtype=bool)
        return self.geo[ids[:, GROUPS.index("aggregation")]] == (nominal == _GEO)

    def _perturb(self, ids: np.ndarray) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        if not self.rescore:
            return {}, {}
        e = ids.shape[0]
        gi = {g: i for i, g in enumerate(GROUPS)}
        noise = None
        if self.data_entries:
            noise = np.stack([self._noise(d) for d in ids[:, gi["data"]]], axis=1)  # (k, E, n)
        factors = self.thr_factor[ids[:, gi["thresholds"]]] if self.thr_factor is not None else None
        scores, values = {}, {}
        d_idx = 0
        for entry in self.rescore:
            j = entry["j"]
            x = np.broadcast_to(entry["values"], (e, self.n))
            if entry["sigma"] is not None:
                x = x * np.exp(entry["sigma"] * noise[d_idx])
                lo, hi = entry["bounds"]
                x = np.clip(x, lo, hi)
                values[j] = x
                d_idx += 1
            params = dict(entry["params"])
            f = factors[:, self.thr_cols.index(j)][:, None] if entry["thr"] is not None else None
            if "limit" in params and (f is not None or np.ndim(params["limit"]) > 0):
                limit = np.asarray(params["limit"], dtype=float) * (1.0 if f is None or entry["thr"] != "limit" else f)
                params["limit"] = np.broadcast_to(limit, (e, self.n)).reshape(-1)
            if f is not None and entry["thr"] == "scale":
                x = x / f
            node = entry["node"]
            flat = np.ascontiguousarray(x, dtype=float).reshape(-1)
            scored = np.asarray(node.scorer.function(flat, params), dtype=float).reshape(e, self.n)
            nominal = self.plan.scores[:, j]
            present = self.plan.present[:, j]
            scored = np.where(np.isnan(scored), nominal, np.clip(scored, 0.0, 100.0))
            scores[j] = np.where(present, scored, np.nan)
        return scores, values

    def _caps(self, scores: Mapping[int, np.ndarray], values: Mapping[int, np.ndarray], e: int) -> np.ndarray:
        """The tier cap per sample and village: (E, n), or (1, n) when no gate input varies."""
        fw = self.fw
        cap = np.zeros((1, self.n), dtype=np.int16)
        for g, gate in enumerate(fw.gates):
            j = self.gate_cols[g]
            source = scores if gate.on == "score" else values
            if j in source:
                fired = _fired_one(gate, source[j], self.plan.present[:, j], self.plan.applicable[:, j])
            else:
                fired = self.fired0[:, g][None, :]
            cap = np.where(fired, np.maximum(cap, self.tier_pos[gate.cap]), cap)
        return cap


def _bounds(indicator: Any, registry: Any) -> tuple[float, float]:
    if indicator.feasible is not None:
        return float(indicator.feasible[0]), float(indicator.feasible[1])
    if indicator.compute is None:
        fld = registry.fields.get(indicator.requires[0])
        if fld is not None:
            lo = -np.inf if fld.minimum is None else float(fld.minimum)
            hi = np.inf if fld.maximum is None else float(fld.maximum)
            return lo, hi
    return -np.inf, np.inf


def _chunk_size(settings: Settings, plan: Plan, perturbed: int) -> int:
    if settings.chunk:
        return int(settings.chunk)
    n, m = plan.scores.shape
    groups = len(_patterns(plan).bounds) if _few_patterns(plan) else 0
    per_sample = n * (len(plan.pill_slices) + 8 + 3 * perturbed) + 4 * groups * m
    return int(max(1, min(2048, (1 << 25) // max(per_sample, 1))))


def run(engine: Any, framework: Any, dataset: Any, settings: Settings, *, year: int | None = None,
        village_ids: Sequence[str] | None = None, progress: Callable[[int, int], None] | None = None,
        options: Mapping[str, Any] | None = None) -> SensitivityResult:
    """Run the uncertainty and sensitivity analysis on ``dataset``.

    With ``year`` the rows of that year are analysed; without it, each village's latest
    row (its current state). Ranks are among the rows analysed. ``progress(done, total)``
    is called after every chunk of samples.
    """
    import dataclasses

    settings.check()
    frame = dataset.frame
    if len(frame) == 0:
        msg = f"{dataset.path}: the dataset has no village rows to analyse"
        raise SensitivityError(msg)
    years = sorted({int(y) for y in frame["year"]})
    if year is None:  # each village's latest year: its current state
        latest = frame.sort_values(["village_id", "year"], kind="stable").drop_duplicates("village_id", keep="last")
        sub = dataclasses.replace(dataset, frame=latest)
    elif year not in years:
        msg = f"{dataset.path}: no village rows for year {year}; years present: {', '.join(map(str, years))}"
        raise SensitivityError(msg)
    else:
        sub = dataclasses.replace(dataset, frame=frame[frame["year"] == year])
    opts = {"command": "sensitivity", "seed": settings.seed, "samples": settings.samples, "year": year}
    opts.update(options or {})
    result = engine.evaluate(framework, sub, village_ids=list(village_ids) if village_ids else None, options=opts)
    n_ua = settings.samples
    active = settings.active()
    n_sa = settings.sa_samples if settings.indices and active else 0
    base_b = max(n_ua, n_sa)
    ctx = _Context(engine, framework, result, sub, settings, base_b + n_sa)
    chunk = _chunk_size(settings, ctx.plan, len(ctx.rescore))
    total = n_ua + (n_sa * (len(active) + 2) - (min(n_sa, n_ua)) if n_sa else 0)
    done = 0

    def tick(k: int) -> None:
        nonlocal done
        done += k
        if progress is not None:
            progress(done, total)

    with _single_blas_thread():
        return _run_samples(ctx, result, settings, framework, active, n_ua, n_sa, base_b, chunk, tick, year)


def _single_blas_thread() -> Any:
    """Limit BLAS to one thread while sampling, when threadpoolctl is installed.

    The batched aggregation does many medium-sized matrix products; BLAS threads add
    synchronisation and, on a busy machine, stall on each other (measured: 5–8× slower
    with 2 threads on a loaded 2-core machine, see ``docs/sensitivity.md``).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _run_samples(ctx: _Context, result: Any, settings: Settings, framework: Any, active: tuple[str, ...], n_ua: int,
                 n_sa: int, base_b: int, chunk: int, tick: Callable[[int], None], year: int) -> SensitivityResult:
    n = ctx.n
    nominal_rank = rank_desc(result.tree.overall_score[None, :])[0]
    nominal_perm = nominal_rank[ctx.order]
    rank_dtype = np.uint16 if n < 65535 else np.uint32
    store = np.empty((n_ua, n), dtype=rank_dtype)
    counts = np.zeros((n, len(framework.tiers) + 1), dtype=np.int64)
    y_a = np.empty(n_ua)
    groups = len(GROUPS)
    rated_samples = 0
    for a in range(0, n_ua, chunk):
        b = min(n_ua, a + chunk)
        ids = np.repeat(np.arange(a, b)[:, None], groups, axis=1)
        order, ranks, ratings = ctx.evaluate(ids)
        store[a + order] = ranks
        y_a[a + order] = np.abs(ranks - nominal_perm).mean(axis=1)
        rated = ratings[ctx.rated(ids[order])]
        rated_samples += rated.shape[0]
        for t in range(len(framework.tiers)):
            counts[:, t] += (rated == t).sum(axis=0)
        counts[:, -1] += (rated < 0).sum(axis=0)
        tick(b - a)
    quant = _rank_quantiles(store)[:, ctx.inverse]
    counts = counts[ctx.inverse]
    del store
    indices, note = {}, ""
    if n_sa:
        indices, note = _indices(ctx, settings, active, nominal_perm, y_a, base_b, chunk, tick)
    elif not active:
        note = "no assumption is varied: every sample equals the nominal run"
    ident = result.frame[["village_id", "name", "province", "year"]].reset_index(drop=True)
    prov = dict(result.provenance)
    return SensitivityResult(framework, ident, settings, active, result.tree.overall_score.copy(), nominal_rank,
                             np.asarray(result.rating), quant, counts, indices, note, year, prov, rated_samples,
                             dominance_warnings(indices))


def _rank_quantiles(store: np.ndarray) -> np.ndarray:
    """5 %, 50 % and 95 % rank per village (inverted-CDF definition: an observed rank)."""
    s, n = store.shape
    pick = [max(0, math.ceil(q * s) - 1) for q in _QUANTILES]
    out = np.empty((3, n), dtype=np.int64)
    block = max(1, (1 << 24) // max(s, 1))
    for a in range(0, n, block):
        blk = np.sort(store[:, a:a + block].T, axis=1)
        out[:, a:a + block] = blk[:, pick].T
    return out


def _indices(ctx: _Context, settings: Settings, active: tuple[str, ...], nominal_rank: np.ndarray,
             y_a_ua: np.ndarray, base_b: int, chunk: int, tick: Callable[[int], None]
             ) -> tuple[dict[str, dict[str, Any]], str]:
    """First- and total-order indices per active group (Saltelli 2010 / Jansen 1999)."""
    n_sa = settings.sa_samples
    groups = len(GROUPS)

    def outputs(ids: np.ndarray) -> np.ndarray:
        y = np.empty(ids.shape[0])
        for a in range(0, ids.shape[0], chunk):
            order, ranks, _ = ctx.evaluate(ids[a:a + chunk])
            y[a + order] = np.abs(ranks - nominal_rank).mean(axis=1)
            tick(min(chunk, ids.shape[0] - a))
        return y

    a_ids = np.repeat(np.arange(n_sa)[:, None], groups, axis=1)
    b_ids = a_ids + base_b
    n_reuse = min(n_sa, len(y_a_ua))
    y_a = np.concatenate([y_a_ua[:n_reuse], outputs(a_ids[n_reuse:]) if n_sa > n_reuse else np.empty(0)])
    y_b = outputs(b_ids)
    y_ab = {}
    for g in active:
        ids = a_ids.copy()
        ids[:, GROUPS.index(g)] = b_ids[:, 0]
        y_ab[g] = outputs(ids)
    if settings.estimator == "salib":
        return _salib_indices(active, y_a, y_b, y_ab, settings)
    # centre the output on the mean of every run, as SALib does (the first-order estimator is
    # biased for an output that is not centred: 1.08 where SALib gives 1.02)
    mean = float(np.mean(np.concatenate([y_a, y_b, *y_ab.values()])))
    return _jansen_indices(active, y_a - mean, y_b - mean, {g: y - mean for g, y in y_ab.items()}, settings)


def _bounded(x: float) -> float | None:
    """An index (or interval end) rounded and clipped to [0, 1]: outside is estimation noise."""
    r = _round(x)
    return None if r is None else min(1.0, max(0.0, r))


def _bounded_entry(first: float, total: float, first_ci: tuple[float, float] | None = None,
                   total_ci: tuple[float, float] | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"first": _bounded(first), "total": _bounded(total)}
    if first_ci is not None and total_ci is not None:
        entry["first_ci"] = [_bounded(first_ci[0]), _bounded(first_ci[1])]
        entry["total_ci"] = [_bounded(total_ci[0]), _bounded(total_ci[1])]
    return entry


#: A group whose first-order index reaches this explains at least half the variation of the ranks alone.
DOMINANT_INDEX = 0.5
_GROUP_WORDS = {"weights": "the weights", "aggregation": "the aggregation rule", "thresholds": "the thresholds",
                "missing": "the missing-data policy", "data": "the data quality"}


def dominance_warnings(indices: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """A warning for each assumption group that alone explains most of the variation of the ranks.

    A group dominates when its first-order index — the lower end of its 95 % interval when
    there is one — is at least :data:`DOMINANT_INDEX`.
    """
    out = []
    for group, entry in indices.items():
        first = entry.get("first")
        low = (entry.get("first_ci") or [first])[0]  # the interval's lower end: noise alone never warns
        if first is not None and low is not None and low >= DOMINANT_INDEX:
            out.append(f"{_GROUP_WORDS.get(group, group)} alone explain(s) {first:.0%} of the variation of the "
                       "ranks: the ranking depends mostly on this assumption; check that this uncertainty is "
                       f"real before reading the intervals (switch the group off to see the others)")
    return out


def _estimate(y_a: np.ndarray, y_b: np.ndarray, y_ab: np.ndarray) -> tuple[float, float]:
    var = np.var(np.concatenate([y_a, y_b]))
    if not var > 0:
        return math.nan, math.nan
    first = float(np.mean(y_b * (y_ab - y_a)) / var)
    total = float(0.5 * np.mean((y_a - y_ab) ** 2) / var)
    return first, total


def _jansen_indices(active: tuple[str, ...], y_a: np.ndarray, y_b: np.ndarray, y_ab: Mapping[str, np.ndarray],
                    settings: Settings) -> tuple[dict[str, dict[str, Any]], str]:
    rng = np.random.default_rng(np.random.SeedSequence([settings.seed, len(GROUPS)]))
    n = len(y_a)
    boots = rng.integers(0, n, size=(settings.bootstrap, n)) if settings.bootstrap else None
    out = {}
    for g in active:
        first, total = _estimate(y_a, y_b, y_ab[g])
        if boots is not None and not math.isnan(first):
            fs, ts = zip(*(_estimate(y_a[i], y_b[i], y_ab[g][i]) for i in boots), strict=True)
            out[g] = _bounded_entry(first, total, (np.nanpercentile(fs, 2.5), np.nanpercentile(fs, 97.5)),
                                    (np.nanpercentile(ts, 2.5), np.nanpercentile(ts, 97.5)))
        else:
            out[g] = _bounded_entry(first, total)
    var = np.var(np.concatenate([y_a, y_b]))
    note = ("output: mean absolute rank shift; estimators: Saltelli 2010 (first order), Jansen 1999 (total); "
            f"{settings.sa_samples} base samples, {settings.sa_samples * (len(active) + 2)} runs")
    if not var > 0:
        note = "the ranks did not vary across samples: indices are undefined"
    return out, note


def _salib_indices(active: tuple[str, ...], y_a: np.ndarray, y_b: np.ndarray, y_ab: Mapping[str, np.ndarray],
                   settings: Settings) -> tuple[dict[str, dict[str, Any]], str]:
    try:
        from SALib.analyze import sobol
    except ImportError:
        msg = ("the 'salib' estimator needs SALib, an optional extra: pip install 'villagescore[sensitivity]' "
               "(or use the built-in estimator: --estimator jansen)")
        raise SensitivityError(msg) from None
    d = len(active)
    n = len(y_a)
    y = np.empty((n, d + 2))
    y[:, 0] = y_a
    for i, g in enumerate(active):
        y[:, 1 + i] = y_ab[g]
    y[:, -1] = y_b
    problem = {"num_vars": d, "names": list(active), "bounds": [[0, 1]] * d}
    res = sobol.analyze(problem, y.reshape(-1), calc_second_order=False, num_resamples=max(settings.bootstrap, 2),
                        conf_level=0.95, seed=settings.seed)
    out = {}
    for i, g in enumerate(active):
        s1, st, c1, ct = res["S1"][i], res["ST"][i], res["S1_conf"][i], res["ST_conf"][i]
        out[g] = _bounded_entry(s1, st, (s1 - c1, s1 + c1), (st - ct, st + ct))
    return out, f"output: mean absolute rank shift; estimator: SALib sobol.analyze; {n} base samples"
