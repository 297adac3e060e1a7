"""villagescore.kernel.instances: folding once per instance gives the numbers of folding pattern by pattern.

The reference below is the fold as it was computed before instances: every level for every
pattern, (children, patterns, samples) arrays. The instanced fold must give the same bits:
effective weights, pillar weights and every flag, for both policies, absorbing or not, with
sector blocks, and for a batch of one sample (whose weights keep the per-pattern layout).
"""

from __future__ import annotations

import numpy as np
import pytest

from villagescore.kernel import patterns
from villagescore.kernel.batch import Plan, batch_policy
from villagescore.kernel.instances import instances
from villagescore.kernel.sectors import sector_scale


def _reference_sector_weights(plan, crit_w, c_app):
    factors = None
    for p, pillar in enumerate(plan.framework.pillars):
        if pillar.sector_weight is None:
            continue
        sl = plan.pill_slices[p]
        app = c_app[sl]
        k, g, e = app.shape
        scale = sector_scale(pillar, app.reshape(k, g * e).T)
        if scale is None:
            continue
        if factors is None:
            factors = np.ones(c_app.shape)
        factors[sl] = scale.T.reshape(k, g, e)
    return crit_w[:, None, :] if factors is None else crit_w[:, None, :] * factors


def _reference_fold(plan, pat, ind_w, crit_w, pill_w, policy, absorbing):
    """Every level for every pattern: (weff (m, G, E), pi, p_present, p_zero, o_present, o_zero)."""
    m = ind_w.shape[1]
    seg = patterns.segment_weights
    c_starts = np.array([sl.start for sl in plan.crit_slices])
    p_starts = np.array([sl.start for sl in plan.pill_slices])
    iw = np.ascontiguousarray(ind_w.T)[:, None, :]
    norm, c_pres, c_app, c_zero = seg(iw, pat.app.T[:, :, None], pat.pres.T[:, :, None], c_starts,
                                      [batch_policy(p, policy) for p in plan.crit_policy])
    cw = _reference_sector_weights(plan, np.ascontiguousarray(crit_w.T), c_app)
    kappa, p_present, p_app, p_zero = seg(cw, c_app, c_pres, p_starts,
                                          [batch_policy(p, policy) for p in plan.pill_policy])
    crit_of = np.repeat(np.arange(len(c_starts)), np.diff(np.append(c_starts, m)))
    weff = norm * kappa[crit_of]
    if absorbing:
        p_zero |= np.add.reduceat(((kappa > 0) & c_zero).astype(np.int8), p_starts, axis=0) > 0
    pw = np.ascontiguousarray(pill_w.T)[:, None, :]
    pi, o_present, _o_app, o_zero = seg(pw, p_app, p_present, np.array([0]),
                                        [batch_policy(plan.overall_policy, policy)])
    o_present, o_zero = o_present[0], o_zero[0]
    o_zero = o_zero | ((pi > 0) & p_zero).any(axis=0)
    p_present, p_zero, pi = p_present.transpose(1, 0, 2), p_zero.transpose(1, 0, 2), pi.transpose(1, 0, 2)
    if not absorbing:
        p_zero, o_zero = np.zeros_like(p_zero), np.zeros_like(o_zero)
    return weff, pi, p_present, p_zero, o_present, o_zero


@pytest.fixture(scope="module")
def bundled_plan(bundled):
    """The default framework (sector blocks) on the bundled villages, three of them given a second sector."""
    engine, framework, result = bundled
    return Plan.build(framework, result.matrix, engine.registry.aggregators)


def _weights(plan, e, seed):
    rng = np.random.default_rng(seed)
    nominal = (np.tile(plan.ind_w, (e, 1)), np.tile(plan.crit_w, (e, 1)), np.tile(plan.pill_w, (e, 1)))
    out = tuple(w * rng.uniform(0.0, 2.0, w.shape) for w in nominal)
    out[0][:, ::7] = 0.0  # some indicators without weight in every sample
    return out


def _same(a, b):
    assert a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a, b, equal_nan=True)


@pytest.mark.parametrize("e", [1, 2, 9])
@pytest.mark.parametrize("policy", [None, "exclude", "zero"])
@pytest.mark.parametrize("absorbing", [False, True])
def test_the_instanced_fold_gives_the_bits_of_the_fold_pattern_by_pattern(bundled_plan, e, policy, absorbing):
    plan = bundled_plan
    pat = patterns.patterns(plan)
    w = _weights(plan, e, seed=e)
    folded = patterns._fold(plan, pat, *w, policy, absorbing)
    weff, pi, p_present, p_zero, o_present, o_zero = _reference_fold(plan, pat, *w, policy, absorbing)
    for g in range(len(pat.bounds)):
        for p, (c0, c1) in enumerate(pat.pillar_cols):
            _same(folded.pillar(g, p, c0, c1), weff[c0:c1, g])
            if e == 1:  # the per-pattern layout: a vector product's result depends on the vector's stride
                assert folded.pillar(g, p, c0, c1).strides == weff[c0:c1, g].strides
    for mine, theirs in [(folded.pi, pi), (folded.p_present, p_present), (folded.p_zero, p_zero),
                         (folded.o_present, o_present), (folded.o_zero, o_zero)]:
        _same(mine, theirs)


def test_instances_are_fewer_than_patterns_and_map_every_pattern(bundled_plan):
    plan = bundled_plan
    pat = patterns.patterns(plan)
    ins = instances(plan, pat)
    g, m = pat.app.shape
    assert len(ins.crit.child) < g * m
    for c, sl in enumerate(plan.crit_slices):  # a pattern's instance has the pattern's own cells
        rows = ins.crit.row[sl]  # (k, G)
        assert (ins.crit.child[rows] == np.arange(sl.start, sl.stop)[:, None]).all()
        assert (ins.app[rows, 0, 0] == pat.app[:, sl].T).all()
        assert (ins.pres[rows, 0, 0] == pat.pres[:, sl].T).all()
        assert (ins.crit.instance[rows] == ins.crit.of[c][None, :]).all()
    for p, sl in enumerate(plan.pill_slices):
        rows = ins.pill.row[sl]
        assert (ins.pill.child[rows] == np.arange(sl.start, sl.stop)[:, None]).all()
        assert (ins.below[rows] == ins.crit.of[sl]).all()
        assert (ins.pill.instance[rows] == ins.pill.of[p][None, :]).all()
