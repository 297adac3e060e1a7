"""Pattern folding: the batched tree as one matrix product per pillar and presence pattern.

Villages that share a pattern — which indicators apply and which are present — share every
normalised weight of the tree, and so do the sector-block factors of their pillars. When
every node of a batch uses the same quasi-arithmetic mean ``f⁻¹(Σ w·f(s))``, the weights
of the whole tree fold into one effective weight per indicator, pillar, pattern and sample:
a pillar score is then ``f⁻¹`` of one matrix product of those weights with ``f(scores)``,
and the overall score ``f⁻¹`` of a weighted sum of the pillars' ``f``-sums. Coverage, the
``zero`` policy, absorbing zeros and not-applicable nodes are decided per pattern and
sample, as the engine decides them per village (``tests/kernel/test_batch.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .batch import BatchScores, Plan, batch_policy
from .instances import Instances, instances
from .means import floored, mean_terms
from .sectors import sector_scale

__all__ = ["Patterns", "pattern_order", "patterns", "pays", "aggregate", "segment_weights"]


@dataclass
class Patterns:
    """Villages grouped by their (applicable, present) pattern, rows sorted by group."""

    order: np.ndarray  # permuted position -> village row
    inverse: np.ndarray  # village row -> permuted position
    bounds: list[tuple[int, int]]
    app: np.ndarray  # (G, m) bool
    pres: np.ndarray  # (G, m) bool
    pillar_cols: list[tuple[int, int]]
    identity: bool = False  # rows already sorted by pattern (see :func:`pattern_order`)


def group_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
    return group_rows(key)[0]


def patterns(plan: Plan) -> Patterns:
    """The villages of ``plan`` grouped by pattern (cached on the plan)."""
    cached = plan.cache.get("patterns")
    if cached is not None:
        return cached
    key = np.concatenate([plan.applicable, plan.present], axis=1)
    order, group = group_rows(key)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    counts = np.bincount(group, minlength=int(group.max()) + 1 if len(group) else 0)
    ends = np.cumsum(counts)
    bounds = [(int(e - c), int(e)) for e, c in zip(ends, counts, strict=True)]
    first = order[ends - counts] if len(order) else order
    uniq = key[first]
    m = plan.scores.shape[1]
    cols = [plan.pillar_columns(p) for p in range(len(plan.pill_slices))]
    identity = bool((order == np.arange(len(order))).all())
    out = Patterns(order, inverse, bounds, uniq[:, :m], uniq[:, m:], cols, identity)
    plan.cache["patterns"] = out
    return out


def pays(plan: Plan) -> bool:
    """Whether pattern folding pays: few distinct (applicable, present) rows."""
    return len(patterns(plan).bounds) <= max(32, plan.n // 16)


def _source(plan: Plan, pat: Patterns, mean: Any, floor: float) -> tuple[np.ndarray, np.ndarray | None]:
    """(m, n) permuted ``f(score)`` (transposed: blocks are BLAS-ready) and where a present score absorbs.

    Absent cells hold ``f(0)`` (what the ``zero`` policy counts them as) or, where a zero
    absorbs, 0 and the flag comes from the weights (:func:`segment_weights`). Cached per mean and floor.
    """
    key = ("source", mean, floor if floored(mean, floor) else 0.0)
    if key not in plan.cache:
        pres = plan.present[pat.order]
        value = plan.x0[pat.order]
        terms, absorbs = mean_terms(mean, value, True, floor)
        zeros = None
        if absorbs is not None:
            zeros = np.ascontiguousarray((absorbs & pres & (plan.ind_w > 0)[None, :]).T.astype(float))
        plan.cache[key] = (np.ascontiguousarray(terms.T), zeros)
    return plan.cache[key]


def segment_weights(child_w: np.ndarray, app: np.ndarray, pres: np.ndarray, starts: np.ndarray,
                    policies: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Normalised child weights of every node of one level, for every pattern and sample.

    ``child_w`` (k, G or 1, E): the children's weights; ``app``/``pres`` (k, G, E) or (k, G, 1)
    bool; ``starts``: first child of each node (children of a node are contiguous);
    ``policies``: each node's missing-data policy. Returns ``(weights (k, G, E), node present
    (nodes, G, E), node applicable (nodes, G, E), missing-as-zero flag (nodes, G, E))`` — the
    flag marks nodes that a missing applicable child scores 0 under the ``zero`` policy (a
    mean where a zero absorbs is then 0).
    """
    is_zero = np.array([p.policy == "zero" for p in policies])
    min_cov = np.array([p.min_coverage for p in policies], dtype=float)
    k = child_w.shape[0]
    bounds = list(zip(starts.tolist(), [*starts[1:].tolist(), k], strict=True))
    w = child_w
    wp = w * pres  # (k, G, E): becomes the normalised weights below (in place)
    shape = (len(starts), *wp.shape[1:])
    den_a = np.empty(shape)
    den_p = np.empty(shape)
    # one call per level: each node's children summed in order (the chunk size bounds the temporary)
    np.add.reduceat(wp, starts, axis=0, out=den_p)
    np.add.reduceat(w * app, starts, axis=0, out=den_a)
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


def _sector_weights(plan: Plan, ins: Instances, crit_w: np.ndarray, c_app: np.ndarray) -> np.ndarray:
    """(pillar rows, 1, E) criterion weights, each pillar's sector block split per instance and sample."""
    w = crit_w[ins.pill.child][:, None, :]
    factors = None
    for p, pillar in enumerate(plan.framework.pillars):
        if pillar.sector_weight is None:
            continue
        rows = np.flatnonzero(ins.pill.node[ins.pill.instance] == p)  # the pillar's instances, contiguous
        k = plan.pill_slices[p].stop - plan.pill_slices[p].start
        if not len(rows):
            continue
        app = c_app[rows, 0].reshape(-1, k, c_app.shape[2])  # (V, k, E)
        v, _, e = app.shape
        scale = sector_scale(pillar, app.transpose(0, 2, 1).reshape(v * e, k))
        if scale is None:
            continue
        if factors is None:
            factors = np.ones(c_app.shape)
        factors[rows, 0] = scale.reshape(v, e, k).transpose(0, 2, 1).reshape(v * k, e)
    return w if factors is None else w * factors


@dataclass
class _Folded:
    """The tree folded for one batch: effective weights and node flags per pattern and sample."""

    weights: np.ndarray  # (weight rows, E): indicator weight within its pillar, per pillar instance
    block: np.ndarray  # (P, G): the first weight row of each pillar in each pattern
    pi: np.ndarray  # (G, P, E): pillar weight in the overall score
    p_present: np.ndarray  # (G, P, E)
    p_zero: np.ndarray  # (G, P, E): pillar absorbed to 0
    o_present: np.ndarray  # (G, E)
    o_zero: np.ndarray  # (G, E)
    full: np.ndarray | None = None  # (m, G, 1): the weights of a batch of one sample, laid out per pattern

    def pillar(self, g: int, p: int, c0: int, c1: int) -> np.ndarray:
        """(m_p, E): the weights of pillar ``p``'s indicators ``[c0, c1)`` in pattern ``g``."""
        if self.full is not None:  # one sample: a vector product, whose result depends on the vector's stride
            return self.full[c0:c1, g]
        start = self.block[p, g]
        return self.weights[start:start + c1 - c0]


def _fold(plan: Plan, pat: Patterns, ind_w: np.ndarray, crit_w: np.ndarray, pill_w: np.ndarray,
          policy: str | None, absorbing: bool) -> _Folded:
    """Fold the normalised weights of the tree, level by level, into per-pattern effective weights.

    The criterion and pillar levels are computed once per instance (:mod:`.instances`), the
    overall node per pattern.
    """
    if any(sl.stop == sl.start for sl in plan.crit_slices) or any(sl.stop == sl.start for sl in plan.pill_slices):
        msg = "the pattern method needs every criterion and pillar to have children"
        raise ValueError(msg)
    ins = instances(plan, pat)
    crit_pol = [batch_policy(p, policy) for p in plan.crit_policy]
    iw = np.ascontiguousarray(ind_w.T)[ins.crit.child][:, None, :]  # (crit rows, 1, E)
    norm, c_pres, c_app, c_zero = segment_weights(iw, ins.app, ins.pres, ins.crit.starts,
                                                  [crit_pol[c] for c in ins.crit.node])
    c_pres, c_app, c_zero = c_pres[ins.below], c_app[ins.below], c_zero[ins.below]  # (pillar rows, 1, E)
    cw = _sector_weights(plan, ins, np.ascontiguousarray(crit_w.T), c_app)
    pill_pol = [batch_policy(p, policy) for p in plan.pill_policy]
    kappa, p_present, p_app, p_zero = segment_weights(cw, c_app, c_pres, ins.pill.starts,
                                                      [pill_pol[p] for p in ins.pill.node])
    weights = norm[ins.norm_row, 0]
    np.multiply(weights, kappa[ins.kappa_row, 0], out=weights)  # (weight rows, E)
    if absorbing:
        p_zero |= np.add.reduceat(((kappa > 0) & c_zero).astype(np.int8), ins.pill.starts, axis=0) > 0
    of = ins.pill.of
    p_present, p_app, p_zero = p_present[of, 0], p_app[of, 0], p_zero[of, 0]  # (P, G, E)
    pw = np.ascontiguousarray(pill_w.T)[:, None, :]
    pi, o_present, _o_app, o_zero = segment_weights(pw, p_app, p_present, np.array([0]),
                                                    [batch_policy(plan.overall_policy, policy)])
    o_present, o_zero = o_present[0], o_zero[0]  # (G, E)
    o_zero = o_zero | ((pi > 0) & p_zero).any(axis=0)
    p_present, p_zero, pi = p_present.transpose(1, 0, 2), p_zero.transpose(1, 0, 2), pi.transpose(1, 0, 2)
    if not absorbing:
        p_zero = np.zeros_like(p_zero)
        o_zero = np.zeros_like(o_zero)
    block = ins.block[of]
    full = None
    if weights.shape[1] == 1:
        m = plan.scores.shape[1]
        full = np.empty((m, len(pat.bounds), 1))
        for p, (c0, c1) in enumerate(pat.pillar_cols):
            full[c0:c1] = weights[block[p][None, :] + np.arange(c1 - c0)[:, None]]
    return _Folded(weights, block, pi, p_present, p_zero, o_present, o_zero, full)


def aggregate(plan: Plan, ind_w: np.ndarray, crit_w: np.ndarray, pill_w: np.ndarray, rule: Any,
              policy: str | None, perturbed: Mapping[int, np.ndarray], dest: BatchScores | None = None,
              floor: float = 0.0) -> BatchScores:
    """Pattern-folded aggregation (``rule``'s mean for every node): see :func:`~.batch.aggregate_batch`."""
    pat = patterns(plan)
    mean = rule.mean
    e, n = ind_w.shape[0], plan.n
    absorbing = mean.zero_absorbs and not floored(mean, floor)  # with a floor no node is forced to 0
    folded = _fold(plan, pat, ind_w, crit_w, pill_w, policy, absorbing)
    source, zeros = _source(plan, pat, mean, floor)
    pert = perturbed if pat.identity else {j: np.take(x, pat.order, axis=1) for j, x in perturbed.items()}
    direct = dest is not None and pat.identity
    pillars = dest.pillars if direct else np.empty((len(plan.pill_slices), e, n))
    overall = dest.overall if direct else np.empty((e, n))
    overall[...] = 0.0
    if absorbing:
        for g, (a, b) in enumerate(pat.bounds):
            if b > a:
                _pattern_block(folded, g, a, b, source, zeros, pert, pat.pillar_cols, mean, floor, pillars, overall)
    else:
        _pattern_sums(folded, pat, source, pert, mean, floor, pillars, overall)
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


def _pillar_sums(folded: _Folded, g: int, a: int, b: int, p: int, c0: int, c1: int, source: np.ndarray,
                 pert: Mapping[int, np.ndarray], mean: Any, floor: float, out: np.ndarray,
                 zeros: np.ndarray | None) -> np.ndarray | None:
    """Pillar ``p``'s weighted ``f``-sums for the villages ``[a, b)`` of pattern ``g`` into ``out`` (E, b - a).

    Returns, where a zero absorbs (``zeros`` given), where the pillar is absorbed to 0.
    """
    w_gp = folded.pillar(g, p, c0, c1)  # (m_p, E)
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
    if zeros is not None:
        zero = np.repeat(folded.p_zero[g, p][:, None], b - a, axis=1)
        zcols = zeros[c0:c1, a:b]
        if zcols.any():
            zero |= ((base_w.T > 0).astype(float) @ zcols) > 0
    for j in cols:
        x = pert[j][:, a:b]
        wj = w_gp[j - c0][:, None]
        present = ~np.isnan(x)
        # an absent value weighs 0 unless the 'zero' policy counts it (as 0, or as the floor)
        terms, absorbs = mean_terms(mean, np.where(present, x, 0.0), True, floor)
        out += wj * terms
        if zeros is not None and absorbs is not None:
            zero |= absorbs & present & (wj > 0)
    return zero


def _pattern_sums(folded: _Folded, pat: Patterns, source: np.ndarray, pert: Mapping[int, np.ndarray], mean: Any,
                  floor: float, pillars: np.ndarray, overall: np.ndarray) -> None:
    """Pillar and overall scores of every pattern where no zero absorbs (written in place).

    The weighted sums are taken pattern by pattern (one matrix product per pillar and
    pattern), then ``f⁻¹`` is applied to whole arrays (it works value by value: the same
    numbers as block by block) and the nodes without a score are blanked.
    """
    width = max((b - a for a, b in pat.bounds), default=0)
    buffer = np.empty((overall.shape[0], width))
    for g, (a, b) in enumerate(pat.bounds):
        ov = overall[:, a:b]
        tmp = buffer[:, :b - a]
        for p, (c0, c1) in enumerate(pat.pillar_cols):
            out = pillars[p, :, a:b]
            _pillar_sums(folded, g, a, b, p, c0, c1, source, pert, mean, floor, out, None)
            np.multiply(out, folded.pi[g, p][:, None], out=tmp)
            ov += tmp
    if not mean.linear:
        for p in range(len(pat.pillar_cols)):
            pillars[p] = mean.inverse(pillars[p])
        overall[...] = mean.inverse(overall)
    for g, p in zip(*np.nonzero(~folded.p_present.all(axis=2)), strict=True):
        a, b = pat.bounds[g]
        out = pillars[p, :, a:b]
        out[~folded.p_present[g, p]] = np.nan
    for g in np.flatnonzero(~folded.o_present.all(axis=1)):
        a, b = pat.bounds[g]
        ov = overall[:, a:b]
        ov[~folded.o_present[g]] = np.nan


def _pattern_block(folded: _Folded, g: int, a: int, b: int, source: np.ndarray, zeros: np.ndarray,
                   pert: Mapping[int, np.ndarray], pillar_cols: list[tuple[int, int]], mean: Any, floor: float,
                   pillars: np.ndarray, overall: np.ndarray) -> None:
    """Pillar and overall scores of the villages ``[a, b)`` of pattern ``g``, where a zero absorbs (in place)."""
    ov = overall[:, a:b]
    oz = np.zeros(ov.shape, dtype=bool)
    tmp = np.empty(ov.shape)
    for p_idx, (c0, c1) in enumerate(pillar_cols):
        out = pillars[p_idx, :, a:b]
        zero = _pillar_sums(folded, g, a, b, p_idx, c0, c1, source, pert, mean, floor, out, zeros)
        pi_gp = folded.pi[g, p_idx][:, None]
        np.multiply(out, pi_gp, out=tmp)
        ov += tmp
        if not mean.linear:
            out[...] = mean.inverse(out)
        oz |= zero & (pi_gp > 0)
        out[zero] = 0.0
        missing = ~folded.p_present[g, p_idx]
        if missing.any():
            out[missing] = np.nan
    if not mean.linear:
        ov[...] = mean.inverse(ov)
    ov[oz | folded.o_zero[g][:, None]] = 0.0
    missing = ~folded.o_present[g]
    if missing.any():
        ov[missing] = np.nan
