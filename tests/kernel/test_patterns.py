"""villagescore.kernel.patterns: the scores of a batch finished on whole arrays equal those finished block by block.

Where no zero absorbs, :func:`patterns.aggregate` takes the weighted sums pattern by pattern
and applies ``f⁻¹`` and the missing nodes to whole arrays. The reference below finishes every
(pattern, pillar) block as it is summed, as the kernel did before: the bits must be the same.
(That pattern folding equals the engine is ``tests/kernel/test_batch.py``.)
"""

from __future__ import annotations

import numpy as np
import pytest

from villagescore.aggregation import BUILTIN_AGGREGATORS
from villagescore.kernel import patterns
from villagescore.kernel.batch import Plan
from villagescore.kernel.means import floored, mean_terms

RULES = {a.name: a for a in BUILTIN_AGGREGATORS}


def _reference(plan, ind_w, crit_w, pill_w, rule, policy, perturbed, floor):
    """Every (pattern, pillar) block summed and finished in turn (no zero absorbs)."""
    pat = patterns.patterns(plan)
    mean = rule.mean
    assert not (mean.zero_absorbs and not floored(mean, floor))
    folded = patterns._fold(plan, pat, ind_w, crit_w, pill_w, policy, False)
    source, _zeros = patterns._source(plan, pat, mean, floor)
    pert = {j: np.take(x, pat.order, axis=1) for j, x in perturbed.items()}
    e, n = ind_w.shape[0], plan.n
    pillars, overall = np.empty((len(plan.pill_slices), e, n)), np.zeros((e, n))
    for g, (a, b) in enumerate(pat.bounds):
        ov = overall[:, a:b]
        for p, (c0, c1) in enumerate(pat.pillar_cols):
            out = pillars[p, :, a:b]
            w_gp = folded.pillar(g, p, c0, c1)
            base_w = w_gp.copy()
            base_w[[j - c0 for j in pert if c0 <= j < c1]] = 0.0
            np.matmul(base_w.T, source[c0:c1, a:b], out=out)
            for j in [j for j in pert if c0 <= j < c1]:
                x = pert[j][:, a:b]
                present = ~np.isnan(x)
                out += w_gp[j - c0][:, None] * mean_terms(mean, np.where(present, x, 0.0), True, floor)[0]
            ov += out * folded.pi[g, p][:, None]
            if not mean.linear:
                out[...] = mean.inverse(out)
            out[~folded.p_present[g, p]] = np.nan
        if not mean.linear:
            ov[...] = mean.inverse(ov)
        ov[~folded.o_present[g]] = np.nan
    np.clip(overall, 0.0, 100.0, out=overall)
    return np.take(overall, pat.inverse, axis=1), np.take(pillars, pat.inverse, axis=2)


@pytest.mark.parametrize("e", [1, 6])
@pytest.mark.parametrize("policy", [None, "zero"])
@pytest.mark.parametrize(("rule", "floor"), [("weighted_arithmetic", 0.0), ("weighted_geometric", 1.0)])
def test_whole_array_finish_gives_the_bits_of_the_block_by_block_finish(bundled, e, policy, rule, floor):
    engine, framework, result = bundled
    plan = Plan.build(framework, result.matrix, engine.registry.aggregators)
    rng = np.random.default_rng(e)
    ind_w, crit_w, pill_w = (np.tile(w, (e, 1)) * rng.uniform(0.0, 2.0, (e, len(w)))
                             for w in (plan.ind_w, plan.crit_w, plan.pill_w))
    ind_w[:, ::5] = 0.0
    c0, c1 = plan.pillar_columns(len(plan.pill_slices) - 1)
    ind_w[0, c0:c1] = 0.0  # a pillar without weight in the first sample: no score
    pill_w[-1, 1:] = 0.0  # the last sample: one pillar's weight only, missing where that pillar is
    pill_w[-1, 0] = 1.0 if e == 1 else 0.0  # (with several samples: no overall score at all)
    perturbed = {}
    for j in (2, plan.ind_w.size // 2):  # re-scored columns, absent where the nominal one is
        x = rng.uniform(0.0, 100.0, (e, plan.n))
        perturbed[j] = np.where(plan.present[:, j], x, np.nan)
    out = patterns.aggregate(plan, ind_w, crit_w, pill_w, RULES[rule], policy, perturbed, floor=floor)
    overall, pillars = _reference(plan, ind_w, crit_w, pill_w, RULES[rule], policy, perturbed, floor)
    assert np.isnan(pillars).any() and (e == 1 or np.isnan(overall).any())  # the missing nodes are exercised
    assert np.array_equal(out.overall, overall, equal_nan=True)
    assert np.array_equal(out.pillars, pillars, equal_nan=True)
