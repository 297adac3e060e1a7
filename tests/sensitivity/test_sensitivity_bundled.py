"""The sensitivity analysis of the bundled villages under the default framework (sector blocks included)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from villagescore import sensitivity as sa
from villagescore.engine import Engine


@pytest.fixture(scope="module")
def villages():
    from villagescore.datasets import read_dataset
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    path = Path(__file__).resolve().parents[2] / "datasets" / "villages" / "villages.csv"
    return Engine(registry), load_framework(None, registry), read_dataset(path, registry)


def _bounded(entry):
    values = [entry["first"], entry["total"], *entry.get("first_ci", []), *entry.get("total_ci", [])]
    return all(v is None or 0.0 <= v <= 1.0 for v in values)


def test_default_analysis_of_the_bundled_villages_has_no_artefact(villages):
    """Acceptance (issue 17): the top-scoring village ranks first, narrowly; no index exceeds 1."""
    engine, framework, dataset = villages
    data = sa.run(engine, framework, dataset, sa.Settings()).to_dict(lang="en")
    by_rank = sorted(data["villages"], key=lambda v: v["nominal"]["rank"])
    top = by_rank[0]
    assert top["village_id"] == "duong-o-phong-khe" and top["nominal"]["rank"] == 1
    # the domain audit (no invented child-labour case or incidents, D2; a 'common' noise area, D1) put Dương Ổ
    # first, 0.8 points ahead of Nga Sơn and 1.1 ahead of Bát Tràng (issue 16 had left Nga Sơn 0.7 ahead): it
    # ranks first in at least 5 % of the draws and its median rank is 1 or 2, never lower
    assert top["rank"]["median"] <= 2 and top["rank"]["p05"] == 1
    assert top["rank"]["p95"] <= len(by_rank) // 2 + 1
    medians = [v["rank"]["median"] for v in data["villages"]]
    assert medians.count(1) <= 1  # no crowd of villages tied at rank 1 (the zero-geometric artefact)
    assert len(set(medians)) >= len(medians) // 2  # the ranks stay spread out
    probs = top["tier_probabilities"]
    assert max(probs, key=probs.get) == top["nominal"]["rating"]  # "most likely" is its own tier
    assert all(_bounded(entry) for entry in data["indices"].values())
    assert data["warnings"] == []


def test_the_strict_geometric_rule_would_dominate_and_is_flagged(villages):
    from villagescore.i18n import use_language

    use_language("en")  # warnings are written in the language of the run
    engine, framework, dataset = villages
    data = sa.run(engine, framework, dataset, sa.Settings(geometric_floor=0.0, samples=300, sa_samples=128,
                                                          bootstrap=20)).to_dict(lang="en")
    assert all(_bounded(entry) for entry in data["indices"].values())
    assert any("comes from the aggregation rule alone" in w for w in data["warnings"])


def test_with_nothing_varied_every_village_keeps_its_engine_rank_and_rating(villages):
    """The samples equal the engine's run, sector blocks included: every interval collapses to the nominal rank."""
    engine, framework, dataset = villages
    off = sa.Settings(samples=4, weights="off", aggregation=False, threshold_spread=0.0, missing=False, data=False)
    res = sa.run(engine, framework, dataset, off)
    assert any(";" in str(s) for s in dataset.frame["sectors"])  # a village with two sectors splits its block
    for q in range(3):
        assert res.rank_quantiles[q].tolist() == res.nominal_rank.tolist()
    probs = res.tier_probabilities()
    assert probs[np.arange(len(probs)), res.nominal_tier].tolist() == [1.0] * len(probs)


@pytest.mark.parametrize("method", ["nodes", "patterns"])
def test_the_nominal_batch_of_the_analysis_equals_the_engine(villages, method):
    engine, framework, dataset = villages
    result = engine.evaluate(framework, dataset)
    plan = sa.Plan.build(framework, result.matrix, engine.registry.aggregators)
    nominal = [np.tile(w, (2, 1)) for w in (plan.ind_w, plan.crit_w, plan.pill_w)]
    out = sa.aggregate_batch(plan, *nominal, method=method)
    np.testing.assert_allclose(out.overall, np.tile(result.tree.overall_score, (2, 1)), rtol=0, atol=1e-9)
    np.testing.assert_allclose(out.pillars[:, 0], result.tree.pillar_score.T, rtol=0, atol=1e-9)


def test_the_pilot_analysis_carries_the_estimates_of_its_nominal_score():
    """Issue 16.5: the sensitivity JSON says how much of the pilot's nominal score rests on estimates."""
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    dataset = read_dataset(bundled.path(bundled.PILOT), registry)
    data = sa.run(Engine(registry), load_framework(None, registry), dataset,
                  sa.Settings(samples=16, indices=False)).to_dict(lang="en")
    (village,) = data["villages"]
    est = village["estimates"]
    assert est["inputs"] > 0 and est["estimated"] / est["inputs"] == pytest.approx(est["share"], abs=1e-4)
    assert est["warning"] is True


def test_the_figures_quoted_in_the_documentation_are_those_of_a_default_run(villages):
    """docs/sensitivity.md quotes the top village's nominal score and rank interval: they must be current."""
    import re

    engine, framework, dataset = villages
    data = sa.run(engine, framework, dataset, sa.Settings()).to_dict(lang="en")
    doc = (Path(__file__).resolve().parents[2] / "docs" / "sensitivity.md").read_text(encoding="utf-8")
    text = " ".join(doc.split())
    found = re.search(r"top-scoring village \(([^,]+), ([\d.]+)\) a median rank of (\d+), with a 5–95 % interval of "
                      r"(\d+)–(\d+) out of (\d+)", text)
    assert found, "the sentence on datasets/villages/villages.csv changed shape"
    top = min(data["villages"], key=lambda v: v["nominal"]["rank"])
    assert top["name"].endswith(found.group(1))
    assert f"{top['nominal']['score']:.1f}" == found.group(2)
    assert (top["rank"]["median"], top["rank"]["p05"], top["rank"]["p95"], len(data["villages"])) == tuple(
        int(found.group(k)) for k in (3, 4, 5, 6))
    totals = {g: ix["total"] for g, ix in data["indices"].items()}
    assert f"(total-order index {totals['data']:.2f})" in text and f"weights ({totals['weights']:.2f})" in text
