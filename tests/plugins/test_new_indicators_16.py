"""The indicators issue 16 added for the topics of domain-review-2026-12.md §3.2, one check per promise.

Each is placed in its pillar and criterion of the default framework with a weight, cited (a regulation by id or
a document, with a confidence mark and a note where unverified), has its fields in the survey template, and
has values in the bundled datasets (sourced or marked estimated: tests/datasets check the provenance).
"""

from __future__ import annotations

import csv
import math

import numpy as np
import pandas as pd
import pytest
from plugin_helpers import ROOT
from registry_dump import first_party_registry

from villagescore.framework import load_framework
from villagescore.framework.thresholds import resolve_threshold
from villagescore.registry import Registry
from villagescore.scoring import ratio_to_limit

REGISTRY = first_party_registry()
#: indicator -> (pillar, criterion) in the default framework 1.2.0
NEW = {
    "environment.pollution_class": ("environment", "environmental_management"),
    "environment.waste_separation": ("environment", "solid_waste"),
    "environment.receiving_water_bod5": ("environment", "effluent_quality"),
    "environment.energy_saving": ("environment", "resource_efficiency"),
    "economy.ocop_top_star": ("economy", "products_markets"),
    "economy.tourism_link": ("economy", "products_markets"),
    "society.health_checks": ("society", "occupational_health"),
    "society.fire_safety": ("society", "occupational_health"),
    "society.labour_contracts": ("society", "labour_rights"),
    "society.migrant_contracts": ("society", "inclusion"),
    "society.women_workforce": ("society", "inclusion"),
    "society.ethnic_minority_participation": ("society", "inclusion"),
}


@pytest.fixture(scope="module")
def framework():
    return load_framework(None, Registry.default(strict=False))


@pytest.mark.parametrize("ind_id", sorted(NEW))
def test_placed_weighted_and_cited(framework, ind_id):
    node = next(n for n in framework.indicators if n.id == ind_id)
    assert (node.pillar, node.criterion) == NEW[ind_id]
    assert node.weight > 0 and node.rationale
    ind = REGISTRY.indicators[ind_id]
    assert (ind.pillar, ind.criterion) == NEW[ind_id]
    assert ind.references or ind.threshold
    for ref in ind.references:
        assert ref.confidence, (ind_id, ref)
        if ref.confidence == "unverified":
            assert ref.note, (ind_id, ref)
    # every scoring level without a legal basis says it is a project estimate
    if ind.threshold is None:
        assert any(r.confidence == "estimate" for r in ind.references), ind_id


def test_fields_are_in_the_survey_template(framework):
    from villagescore.template import template_columns

    columns = {c.field.id if hasattr(c, "field") else c.id for c in template_columns(framework, Registry.default())}
    needed = {f for i in NEW for f in REGISTRY.indicators[i].requires} | {"locality_type"}
    assert needed <= columns, sorted(needed - columns)


@pytest.mark.parametrize("path", ["datasets/villages/villages.csv", "datasets/phung-xa/phung-xa.csv",
                                  "datasets/examples/example-small.csv",
                                  "datasets/synthetic/national-sample-synthetic.csv"])
def test_bundled_datasets_carry_the_new_fields(path):
    with (ROOT / path).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    needed = {f for i in NEW for f in REGISTRY.indicators[i].requires}
    for r in rows:
        assert all(r.get(f, "") != "" for f in needed), (path, r["village_id"], [f for f in needed if not r.get(f)])


def test_receiving_water_against_the_surface_water_standard_in_force():
    ind = REGISTRY.indicators["environment.receiving_water_bod5"]
    problems = []
    th = resolve_threshold(ind.threshold, "$", REGISTRY.regulations, REGISTRY.fields,
                           lambda *args, **kw: problems.append(args))
    assert not problems
    frame = pd.DataFrame({"year": [2021, 2023, 2025], "survey_date": [None, "2023-09-12", None]})
    assert [th.versions[k].regulation.id for k in th.version_index(frame)] == ["qcvn-08-mt-2015", "qcvn-08-2023",
                                                                               "qcvn-08-2023"]
    limits = th.limit(frame)
    assert limits.tolist() == [6, 6, 6]  # A2 of 08-MT:2015 [M] = class B of 08:2023 [S]
    assert th.versions[0].limit.confidence == "unverified" and th.versions[1].limit.confidence == "secondary"
    # 6 mg/L (at class B) -> 50; 12 (twice) -> 0; 3 -> 100
    assert ratio_to_limit(np.array([6.0, 12.0, 3.0]), {"limit": 6.0}).tolist() == [50, 0, 100]


def test_shares_computed_from_counts_by_hand():
    frame = pd.DataFrame({
        "workers_total": [7000, 100, 0], "workers_women": [4340, 100, 0],
        "workers_written_contract": [2100, 0, 0], "workers_non_local": [2000, 0, 0],
        "workers_non_local_contract": [500, 0, 0],
        "households_total": [1000, 1000, 1000], "households_craft": [400, 500, 0],
        "households_ethnic_minority": [300, 0, 100], "households_ethnic_minority_craft": [60, 0, 0],
    })
    ind = REGISTRY.indicators
    women = ind["society.women_workforce"].compute(frame).tolist()
    assert women[:2] == [62.0, 100.0] and math.isnan(women[2])  # no workers: no share
    assert ind["society.labour_contracts"].compute(frame).tolist()[:2] == [30.0, 0.0]
    migrants = ind["society.migrant_contracts"].compute(frame).tolist()
    assert migrants[0] == 25.0 and math.isnan(migrants[1])  # no non-local workers: not counted
    em = ind["society.ethnic_minority_participation"].compute(frame).tolist()
    # (60 / 400) / (300 / 1000) = 0.15 / 0.30 = 0.5; no ethnic-minority households: not counted
    assert em[0] == pytest.approx(0.5) and math.isnan(em[1]) and math.isnan(em[2])


def test_scoring_levels():
    from villagescore.scoring import categorical, linear, target

    ind = REGISTRY.indicators
    assert categorical(np.array(["not_polluted", "polluted", "seriously_polluted"], dtype=object),
                       ind["environment.pollution_class"].scorer["params"]).tolist() == [100, 25, 0]
    assert categorical(np.array(["none", "three_star", "four_star", "five_star"], dtype=object),
                       ind["economy.ocop_top_star"].scorer["params"]).tolist() == [0, 60, 85, 100]
    assert categorical(np.array(["none", "visitors", "tourist_site"], dtype=object),
                       ind["economy.tourism_link"].scorer["params"]).tolist() == [0, 60, 100]
    params = {i: ind[i].scorer.get("params", {}) for i in ind}
    assert linear(np.array([0.0, 5.0, 10.0]), params["environment.energy_saving"]).tolist() == [0, 50, 100]
    assert target(np.array([62.0, 15.0, 85.0]), params["society.women_workforce"]).tolist() == [100, 50, 50]
    assert linear(np.array([0.5, 1.2]), params["society.ethnic_minority_participation"]).tolist() == [50, 100]


def test_new_regulations_are_declared_once_with_their_confidence():
    regs = REGISTRY.regulations
    assert regs["qcvn-08-2023"].valid_from == "2023-09-12" and regs["qcvn-08-mt-2015"].valid_to == "2023-09-11"
    assert regs["qcvn-08-mt-2015"].replaced_by == "qcvn-08-2023"
    assert regs["decision-280-2019"].confidence == "secondary"
    for rid in ("law-84-2015-osh", "labour-code-2019", "law-fire-2001", "law-55-2024"):
        assert regs[rid].confidence == "unverified" and "[M]" in regs[rid].note["en"], rid
    assert regs["law-fire-2001"].replaced_by == "law-55-2024"


def test_pillar_weights_stay_sensible(framework):
    """Generic criteria of each pillar sum to 1 (the sector block keeps its share); no new indicator outweighs
    the legally binding one of its criterion."""
    for p in framework.pillars:
        generic = [c for c in p.criteria if not c.sector]
        assert sum(c.weight for c in generic) == pytest.approx(1.0), p.id
    crit = {c.id: c for c in framework.criteria}
    binding = {"environmental_management": "environment.protection_plan",
               "effluent_quality": "environment.effluent_cod",
               "solid_waste": "environment.solid_waste_collection", "labour_rights": "society.child_labour"}
    for cid, ind_id in binding.items():
        weights = {n.id: n.weight for n in crit[cid].indicators}
        assert max(weights.values()) == weights[ind_id], cid


def test_missing_protection_plan_caps_at_needs_improvement(framework):
    """§3.3: the plan is a legal duty and a recognition condition, like the child-labour rule: same cap."""
    gates = {g.indicator: g for g in framework.gates}
    assert gates["environment.protection_plan"].cap == "needs_improvement"
    assert gates["society.child_labour"].cap == "needs_improvement"
