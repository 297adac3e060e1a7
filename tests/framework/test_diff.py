"""What changed between two frameworks: nodes added, removed and moved, settings changed, prose left out."""

import pytest
import yaml

from tests.conftest import REPO
from villagescore.framework import load_framework
from villagescore.framework.diff import KINDS, Change, framework_changes
from villagescore.registry import Registry

HANOI = REPO / "docs" / "examples" / "frameworks" / "hanoi-variant.yaml"
#: What an overlay that changes nothing that scores differs in from its base.
OWN_ID_AND_VERSION = [("framework", "id"), ("framework", "version")]


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


@pytest.fixture(scope="module")
def default(registry):
    return load_framework(None, registry)


def _overlay(tmp_path, registry, **parts):
    doc = {"id": "diff-test", "version": "0.1.0", "title": {"vi": "Thử", "en": "Test"},
           "extends": {"framework": "vn-ttcn-sustainable", "version": ">=1.0,<2"}, **parts}
    path = tmp_path / "overlay.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return load_framework(str(path), registry)


def test_a_framework_against_itself_has_no_change(default):
    assert framework_changes(default, default) == []


def test_the_hanoi_variant_changes_two_pillar_and_two_criterion_weights_only(default, registry):
    changes = framework_changes(default, load_framework(str(HANOI), registry))
    assert changes == [
        Change("framework", "vn-ttcn-hanoi-example", "changed", "id", "vn-ttcn-sustainable", "vn-ttcn-hanoi-example"),
        Change("framework", "vn-ttcn-hanoi-example", "changed", "version", "1.4.1", "0.1.1"),
        Change("framework", "vn-ttcn-hanoi-example", "changed", "status", "reconstruction", "example"),
        Change("pillar", "environment", "changed", "weight", 0.3, 0.35),
        Change("pillar", "governance", "changed", "weight", 0.2, 0.15),
        Change("criterion", "wastewater", "changed", "weight", 0.2, 0.25),
        Change("criterion", "noise_air", "changed", "weight", 0.15, 0.2),
    ]


def test_removed_added_and_changed_nodes_are_each_said(default, registry, tmp_path):
    indicator = default.criteria[0].indicators[0]
    new = _overlay(tmp_path, registry,
                   change={"tiers": {"sustainable": {"min_score": 80}},
                           "indicators": {indicator.id: {"scorer": {"method": "linear",
                                                                    "params": {"worst": 0, "best": 1}}}},
                           "gates": {"gate.no_child_labour": {"cap": "not_yet_sustainable"}}},
                   remove={"criteria": ["resource_efficiency"], "gates": ["gate.environmental_protection_plan"],
                           "indicators": ["governance.waste_fee"]},
                   add={"criteria": [{"pillar": "governance", "id": "diff_new", "label": {"vi": "Mới", "en": "New"},
                                      "weight": 0.1, "indicators": [{"id": "governance.waste_fee", "weight": 1}]}]})
    changes = framework_changes(default, new)
    said = {(c.kind, c.id, c.change, c.field) for c in changes}
    assert ("tier", "sustainable", "changed", "min_score") in said
    assert ("indicator", indicator.id, "changed", "scorer") in said
    assert ("gate", "gate.no_child_labour", "changed", "cap") in said
    assert ("gate", "gate.environmental_protection_plan", "removed", "") in said
    assert ("criterion", "resource_efficiency", "removed", "") in said
    assert ("criterion", "diff_new", "added", "") in said
    # an indicator placed under the new criterion moved there: its criterion changed, it was not added
    assert ("indicator", "governance.waste_fee", "changed", "criterion") in said
    kinds = [c.kind for c in changes]
    assert kinds == sorted(kinds, key=KINDS.index)  # listed kind by kind
    added = next(c for c in changes if c.change == "added")
    assert added.old is None and {"pillar": "governance", "weight": 0.1}.items() <= added.new.items()
    assert "indicators" not in added.new  # its settings, not its children
    removed = next(c for c in changes if c.id == "gate.environmental_protection_plan")
    assert removed.new is None and removed.old["cap"] == "needs_improvement"
    scorer = next(c for c in changes if c.field == "scorer")
    assert scorer.new == {"method": "linear", "params": {"worst": 0, "best": 1}} and scorer.old != scorer.new


def test_prose_is_not_compared(default, registry, tmp_path):
    pillar = default.pillars[0].id
    new = _overlay(tmp_path, registry, change={"pillars": {pillar: {"rationale": "another reason",
                                                                    "label": {"vi": "Khác", "en": "Other"}}}})
    assert [(c.kind, c.field) for c in framework_changes(default, new)] == OWN_ID_AND_VERSION


def test_a_change_is_json_ready(default, registry):
    change = framework_changes(default, load_framework(str(HANOI), registry))[3]
    assert change.to_dict() == {"kind": "pillar", "id": "environment", "change": "changed", "field": "weight",
                                "old": 0.3, "new": 0.35}


def test_a_threshold_note_is_prose_not_a_setting(default, registry, tmp_path):
    node = next(n for n in default.indicators if n.threshold is not None and n.threshold.by_date)
    versions = [{"regulation": v.regulation.id, "limit": v.limit.id, "note": "another remark"}
                for v in node.threshold.versions]
    new = _overlay(tmp_path, registry, change={"indicators": {node.id: {"threshold": {"versions": versions}}}})
    assert [(c.kind, c.field) for c in framework_changes(default, new)] == OWN_ID_AND_VERSION


def test_the_sector_criteria_s_weight_is_a_setting_of_the_pillar(default, registry, tmp_path):
    pillar = next(p for p in default.document["pillars"] if p.get("sector_criteria"))
    weight = pillar["sector_criteria"]["weight"]
    change = {"pillars": {pillar["id"]: {"sector_criteria": {"weight": weight + 0.05}}}}
    new = _overlay(tmp_path, registry, change=change)
    changed = [c for c in framework_changes(default, new) if c.kind != "framework"]
    assert changed == [Change("pillar", pillar["id"], "changed", "sector_criteria.weight", weight, weight + 0.05)]


def test_the_rating_of_the_unrated_and_a_framework_s_own_regulations_are_compared(registry, tmp_path):
    ocop = REPO / "docs" / "examples" / "frameworks" / "ocop.yaml"
    doc = yaml.safe_load(ocop.read_text(encoding="utf-8"))
    doc["rating"]["unrated"]["id"] = "no_star"
    doc["regulations"][0]["sources"] = ["https://example.org/elsewhere"]  # where it was read: not compared
    field = doc["fields"][0]
    field["maximum"] = field.get("maximum", 10) + 5
    path = tmp_path / "ocop-changed.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    changes = framework_changes(load_framework(str(ocop), registry), load_framework(str(path), registry))
    assert [(c.kind, c.id, c.field) for c in changes] == [("framework", "ocop-example", "rating.unrated"),
                                                          ("field", field["id"], "maximum")]


def _successor(ident, valid_from, replaces):
    return {"id": ident, "document": f"QCVN 05:{valid_from[:4]}/BTNMT", "valid_from": valid_from,
            "replaces": [replaces], "confidence": "estimate",
            "limits": [{"id": "pm10_24h", "parameter": "PM10", "unit": "µg/m³", "value": 80, "confidence": "estimate"}]}


def _pm10(*ids):
    return {"indicators": {"environment.dust_pm10": {"threshold": {"versions": [
        {"regulation": ident, "limit": "pm10_24h"} for ident in ids]}}}}


@pytest.mark.filterwarnings("ignore:.*environment.dust_tsp' cites 'qcvn-05-2023'")  # test_replaced_limits.py
def test_the_end_a_replaced_version_is_given_is_a_change(default, registry, tmp_path):
    """Before: r1.yaml's added regulation only, not that the plugin's qcvn-05-2023 now ends on 2024-12-31."""
    r1 = _overlay(tmp_path, registry, regulations=[_successor("qcvn-05-2026", "2025-01-01", "qcvn-05-2023")],
                  change=_pm10("qcvn-05-2013", "qcvn-05-2023", "qcvn-05-2026"))
    ends = [c for c in framework_changes(default, r1) if c.field == "valid_to"]
    assert ends == [Change("regulation", "qcvn-05-2023", "changed", "valid_to", None, "2024-12-31")]
    r2 = _overlay(tmp_path, registry, regulations=[_successor("qcvn-05-2026", "2025-01-01", "qcvn-05-2023"),
                                                   _successor("qcvn-05-2027", "2027-01-01", "qcvn-05-2026")],
                  change=_pm10("qcvn-05-2013", "qcvn-05-2023", "qcvn-05-2026", "qcvn-05-2027"))
    ends = [c for c in framework_changes(r1, r2) if c.field == "valid_to"]
    assert ends == [Change("regulation", "qcvn-05-2026", "changed", "valid_to", None, "2026-12-31")]
