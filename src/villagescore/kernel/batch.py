"""The batched form of the kernel: the whole tree for a batch of samples at once, ``(samples, villages)``.

A batch of ``E`` samples shares the indicator matrix and differs in weights, in perturbed
indicator columns and, per batch, in the aggregation rule and missing-data policy used in
place of each node's own. :func:`aggregate_batch` reproduces :meth:`Engine.aggregate
<villagescore.engine.Engine.aggregate>` for every sample (``tests/kernel/test_batch.py``),
sector blocks included. Rules are used through their capabilities: an aggregator with a
``mean`` (:class:`~villagescore.objects.QuasiMean`) is batched from the terms of
:mod:`.means` (matrix products at the indicator level), and folded pattern by pattern when
every node shares it (:mod:`.patterns`); any other rule — a ``reduce`` rule, a plugin's
function — goes through the general path, :func:`~villagescore.kernel.node.score_level`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from ..model import MissingDataPolicy
from .means import finish_mean, mean_terms
from .node import relaxed_policy, score_level
from .sectors import sector_scale

__all__ = ["Plan", "BatchScores", "aggregate_batch", "shared_mean_rule", "node_rule", "batch_policy"]


@dataclass
class Plan:
    """The framework tree and the nominal indicator matrix, prepared for batched aggregation.

    ``alternatives``: the rules, in name order, that a sample may use in place of a node's
    own — the rules of the framework that declare ``interchangeable`` ones, and those they
    name (resolved in ``rules``, the registered aggregators, or among the framework's own).
    """

    framework: Any
    scores: np.ndarray  # (n, m) nominal indicator scores, NaN where absent
    present: np.ndarray  # (n, m) bool
    applicable: np.ndarray  # (n, m) bool
    crit_slices: list[slice]
    pill_slices: list[slice]
    ind_w: np.ndarray
    crit_w: np.ndarray
    pill_w: np.ndarray
    crit_rule: list[Any]
    pill_rule: list[Any]
    overall_rule: Any
    crit_policy: list[MissingDataPolicy]
    pill_policy: list[MissingDataPolicy]
    overall_policy: MissingDataPolicy
    alternatives: tuple[Any, ...] = ()
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, framework: Any, matrix: Any, rules: Mapping[str, Any] | None = None) -> Plan:
        """Prepare ``framework`` and an :class:`~villagescore.engine.IndicatorMatrix`."""
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
            crit_rule=[c.aggregator for c in framework.criteria],
            pill_rule=[p.aggregator for p in framework.pillars],
            overall_rule=framework.aggregator,
            crit_policy=[c.missing for c in framework.criteria],
            pill_policy=[relaxed_policy(p.missing) for p in framework.pillars],
            overall_policy=relaxed_policy(framework.missing),
            alternatives=_alternatives(framework, rules or {}),
        )

    @property
    def n(self) -> int:
        """Number of village rows."""
        return self.scores.shape[0]

    @property
    def rules(self) -> list[Any]:
        """Every node's own rule: criteria, pillars, then the overall node."""
        return [*self.crit_rule, *self.pill_rule, self.overall_rule]

    @cached_property
    def x0(self) -> np.ndarray:
        """(n, m) nominal scores, 0 where absent."""
        return np.where(self.present, self.scores, 0.0)

    def pillar_columns(self, p: int) -> tuple[int, int]:
        """The indicator columns ``[a, b)`` of pillar ``p``."""
        sl = self.pill_slices[p]
        if sl.stop == sl.start:
            return 0, 0
        return self.crit_slices[sl.start].start, self.crit_slices[sl.stop - 1].stop


def _alternatives(framework: Any, rules: Mapping[str, Any]) -> tuple[Any, ...]:
    own = [*(c.aggregator for c in framework.criteria), *(p.aggregator for p in framework.pillars),
           framework.aggregator]
    known = {**{r.name: r for r in own}, **rules}
    names = {name for r in own if r.interchangeable for name in (r.name, *r.interchangeable)}
    return tuple(known[name] for name in sorted(names) if name in known)


def node_rule(nominal: Any, rule: Any | None) -> Any:
    """The rule a node whose own rule is ``nominal`` uses in a batch that uses ``rule`` where it can."""
    if rule is None or rule.name == nominal.name or rule.name not in nominal.interchangeable:
        return nominal
    return rule


def batch_policy(nominal: MissingDataPolicy, override: str | None) -> MissingDataPolicy:
    """The policy a node uses under a per-batch override (``None``, ``"exclude"`` or ``"zero"``)."""
    if override is None:
        if nominal.policy == "fail":  # the engine refuses missing data under 'fail'
            return MissingDataPolicy("exclude", 1.0)
        return nominal
    if override == "zero":
        return MissingDataPolicy("zero", 0.0)
    return MissingDataPolicy("exclude", nominal.min_coverage if nominal.policy == "exclude" else 2 / 3)


@dataclass
class BatchScores:
    """Scores of a batch of samples: ``overall`` (E, n) and ``pillars`` (p, E, n)."""

    overall: np.ndarray
    pillars: np.ndarray


def aggregate_batch(plan: Plan, ind_w: np.ndarray, crit_w: np.ndarray, pill_w: np.ndarray, *,
                    rule: Any | None = None, policy: str | None = None,
                    perturbed: Mapping[int, np.ndarray] | None = None, method: str = "auto",
                    out: BatchScores | None = None, floor: float = 0.0) -> BatchScores:
    """Aggregate the tree for a batch of ``E`` samples at once.

    Parameters
    ----------
    plan : Plan
    ind_w, crit_w, pill_w : (E, m), (E, c), (E, p) nominal weights per sample (a sector
        block's factor applies on top, per village, as in the engine)
    rule : an aggregator every node uses in place of its own when it may (its own rule, or
        one its rule names ``interchangeable``); ``None``: every node's own rule
    policy : ``None`` (nominal), ``"exclude"`` or ``"zero"`` for every node
    perturbed : indicator index → (E, n) scores replacing the nominal column
    method : ``"auto"``, ``"patterns"`` or ``"nodes"``. ``patterns`` (when every node of
        the batch uses one quasi-arithmetic mean) folds the weights of each presence pattern
        of villages into one effective weight per indicator and pillar, so a pillar score is
        one matrix product per pattern; ``nodes`` aggregates node by node (any rule).
    out : preallocated arrays to write into (e.g. views of a larger batch)
    floor : for a mean where a zero absorbs (geometric), a child score below ``floor`` (and,
        under the ``zero`` policy, a missing applicable child) counts as ``floor`` instead of
        turning the node into 0; ``0`` keeps the strict rule (any 0 gives 0)

    With nominal weights, ``rule=None``, ``policy=None`` and nothing perturbed the result
    equals :meth:`Engine.aggregate <villagescore.engine.Engine.aggregate>`.
    """
    from . import patterns

    perturbed = perturbed or {}
    shared = shared_mean_rule(plan, rule)
    if method == "patterns" and shared is None:
        msg = "the pattern method needs one quasi-arithmetic mean for every node"
        raise ValueError(msg)
    if method == "patterns" or (method == "auto" and shared is not None and patterns.pays(plan)):
        return patterns.aggregate(plan, ind_w, crit_w, pill_w, shared, policy, perturbed, out, floor)
    result = _by_nodes(plan, ind_w, crit_w, pill_w, rule, policy, perturbed, floor)
    if out is None:
        return result
    out.overall[...] = result.overall
    out.pillars[...] = result.pillars
    return out


def shared_mean_rule(plan: Plan, rule: Any | None) -> Any | None:
    """The rule whose ``mean`` every node uses in this batch, or ``None`` when they differ or one has none."""
    used = [node_rule(r, rule) for r in plan.rules]
    first = used[0]
    if first.mean is None or any(r.mean != first.mean for r in used[1:]):
        return None
    return first


def _by_nodes(plan: Plan, ind_w: np.ndarray, crit_w: np.ndarray, pill_w: np.ndarray, rule: Any | None,
              policy: str | None, perturbed: Mapping[int, np.ndarray], floor: float) -> BatchScores:
    """Node by node: matrix products for the nominal indicator columns, the general path for other rules."""
    e, n = ind_w.shape[0], plan.n
    pillar_scores = np.empty((len(plan.pill_slices), e, n))
    pillar_app = []
    for p, p_sl in enumerate(plan.pill_slices):
        c_scores, c_app = [], []
        for k in range(p_sl.start, p_sl.stop):
            sl = plan.crit_slices[k]
            score, app = _criterion(plan, k, ind_w[:, sl], node_rule(plan.crit_rule[k], rule),
                                    batch_policy(plan.crit_policy[k], policy), perturbed, floor)
            c_scores.append(score)
            c_app.append(app)
        weights = crit_w[:, p_sl]
        scale = _sector_factors(plan.framework.pillars[p], c_app, e, n)
        if scale is not None:
            weights = weights[:, None, :] * scale  # (E, n, k): the block split between each village's sectors
        pillar_scores[p], app = _combine(c_scores, c_app, weights, node_rule(plan.pill_rule[p], rule),
                                        batch_policy(plan.pill_policy[p], policy), floor,
                                        node=plan.framework.pillars[p].id)
        pillar_app.append(app)
    overall, _ = _combine(list(pillar_scores), pillar_app, pill_w, node_rule(plan.overall_rule, rule),
                         batch_policy(plan.overall_policy, policy), floor, node=plan.framework.id)
    return BatchScores(overall, pillar_scores)


def _sector_factors(pillar: Any, applicable: Sequence[np.ndarray], e: int, n: int) -> np.ndarray | None:
    """(E, n, k) factors on a pillar's criterion weights for its sector block (``None``: no block)."""
    if pillar.sector_weight is None or not applicable:
        return None
    app = np.stack([np.broadcast_to(a, (e, n)) for a in applicable], axis=-1)
    scale = sector_scale(pillar, app.reshape(e * n, -1))
    return None if scale is None else scale.reshape(e, n, -1)


def _child_weight(weights: np.ndarray, j: int) -> np.ndarray:
    """Child ``j``'s weight, broadcastable to (E, n): weights are (E, k) or per village (E, n, k)."""
    return weights[:, None, j] if weights.ndim == 2 else weights[:, :, j]


def _combine(children: Sequence[np.ndarray], app: Sequence[np.ndarray], weights: np.ndarray, rule: Any,
            policy: MissingDataPolicy, floor: float = 0.0, *, node: str = "") -> tuple[np.ndarray, np.ndarray]:
    """Aggregate per-sample child scores ((E, n), NaN where absent) into one node.

    ``app``: each child's applicability, broadcastable to (E, n); ``weights``: (E, k) or
    (E, n, k). Returns the node's (E, n) scores and where it applies (some applicable child
    has weight). ``node``: the node's id, named by an error about a rule's output.
    """
    if rule.mean is None:
        return _general(children, app, weights, rule, policy, node)
    shape = np.broadcast_shapes(*(np.shape(x) for x in children), *(np.shape(a) for a in app),
                                weights.shape[:1] + (1,))
    num, den_p, den_a = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    absorbed = None
    zero = policy.policy == "zero"
    for j, x in enumerate(children):
        w = _child_weight(weights, j)
        pres = ~np.isnan(x)
        a = app[j]
        den_a += w * a
        den_p += w * pres
        terms, absorbs = mean_terms(rule.mean, np.where(pres, x, 0.0), (pres | a) if zero else pres, floor)
        num += w * terms
        if absorbs is not None:
            hit = absorbs & (w > 0)
            absorbed = hit if absorbed is None else absorbed | hit
    return _finish(rule.mean, num, den_p, den_a, absorbed, policy), den_a > 0


def _finish(mean: Any, num: np.ndarray, den_p: np.ndarray, den_a: np.ndarray, absorbed: np.ndarray | None,
           policy: MissingDataPolicy) -> np.ndarray:
    """A node's score from its weighted sums: the mean, then the coverage rule, clipped to [0, 100]."""
    score = finish_mean(mean, num, den_a if policy.policy == "zero" else den_p, absorbed)
    if policy.policy == "exclude" and policy.min_coverage > 0:
        with np.errstate(invalid="ignore", divide="ignore"):
            low = den_p / np.where(den_a > 0, den_a, 1.0) + 1e-12 < policy.min_coverage
        score = np.where(low, np.nan, score)
    return np.clip(score, 0.0, 100.0, out=score)


def _general(children: Sequence[np.ndarray], app: Sequence[np.ndarray], weights: np.ndarray, rule: Any,
             policy: MissingDataPolicy, node: str = "") -> tuple[np.ndarray, np.ndarray]:
    """A rule without a ``mean`` (a ``reduce`` rule, a plugin's function): the engine's general path."""
    shape = np.broadcast_shapes(*(np.shape(x) for x in children), *(np.shape(a) for a in app),
                                weights.shape[:1] + (1,))
    e, n = shape
    k = len(children)
    scores = np.empty((e * n, k))
    apps = np.empty((e * n, k), dtype=bool)
    for j, x in enumerate(children):
        scores[:, j] = np.broadcast_to(x, (e, n)).reshape(-1)
        apps[:, j] = np.broadcast_to(app[j], (e, n)).reshape(-1)
    if weights.ndim == 2:
        w = np.repeat(weights, n, axis=0)  # (E*n, k)
    else:
        w = np.broadcast_to(weights, (e, n, k)).reshape(e * n, k)
    score, _cov, na, _norm = score_level(scores, w, apps, ~np.isnan(scores), policy, rule, node=node)
    return score.reshape(e, n), ~na.reshape(e, n)


def _criterion(plan: Plan, k: int, w: np.ndarray, rule: Any, policy: MissingDataPolicy,
               perturbed: Mapping[int, np.ndarray], floor: float) -> tuple[np.ndarray, np.ndarray]:
    """One criterion for the batch: one matrix product for its nominal indicator columns."""
    sl = plan.crit_slices[k]
    cols = range(sl.start, sl.stop)
    if rule.mean is None:
        children = [perturbed[j] if j in perturbed else np.where(plan.present[:, j], plan.scores[:, j], np.nan)
                    for j in cols]
        return _general(children, [plan.applicable[:, j] for j in cols], w, rule, policy,
                        plan.framework.criteria[k].id)
    fixed = [j for j in cols if j not in perturbed]
    wf = np.ascontiguousarray(w[:, [j - sl.start for j in fixed]])
    pres = plan.present[:, fixed]
    app = plan.applicable[:, fixed]
    den_p = wf @ pres.T.astype(float)
    den_a = wf @ app.T.astype(float)
    zero = policy.policy == "zero"
    terms, absorbs = mean_terms(rule.mean, plan.x0[:, fixed], app if zero else pres, floor)
    num = wf @ terms.T
    absorbed = None
    if absorbs is not None:
        absorbed = ((wf > 0).astype(float) @ absorbs.T.astype(float)) > 0
    for j in cols:
        if j not in perturbed:
            continue
        x = perturbed[j]
        wj = w[:, j - sl.start, None]
        pres_j = ~np.isnan(x)
        a = plan.applicable[:, j]
        den_p = den_p + wj * pres_j
        den_a = den_a + wj * a
        terms, absorbs = mean_terms(rule.mean, np.where(pres_j, x, 0.0), (pres_j | a) if zero else pres_j, floor)
        num = num + wj * terms
        if absorbs is not None:
            hit = absorbs & (wj > 0)
            absorbed = hit if absorbed is None else absorbed | hit
    return _finish(rule.mean, num, den_p, den_a, absorbed, policy), den_a > 0
