"""Overlays: a framework file that extends another and changes it without copying it."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import SUPPORT
from villagescore.errors import FrameworkError
from villagescore.framework import load_framework
from villagescore.testing import evaluate_rows

ROWS = [{"village_id": "v1", "a": 80, "b": 90, "c": 25, "flag": 1, "zone": "A", "kind": "x", "total": 100,
         "craft": 50, "sectors": "alpha"}]


def _overlay(tmp_path, **body):
    doc = {"id": "toy-variant", "version": "0.1", "title": {"vi": "Biến thể", "en": "Variant"},
           "extends": {"framework": "toy-framework.yaml", "version": ">=1.0,<2"}, **body}
    (tmp_path / "toy-framework.yaml").write_bytes((SUPPORT / "toy-framework.yaml").read_bytes())
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_change_weights_and_record_the_lineage(tmp_path, toy_registry):
    fw = load_framework(_overlay(tmp_path, change={"pillars": {"env": {"weight": 1}},
                                                   "criteria": {"env.alpha": {"weight": 3}}}), toy_registry)
    base = load_framework(SUPPORT / "toy-framework.yaml", toy_registry)
    assert [p.weight for p in fw.pillars] == [1.0, 1.0]
    assert fw.criteria[1].weight == 3.0 and base.criteria[1].weight == 1.0
    assert [(item["id"], item["source"]) for item in fw.lineage] == [("toy", "toy-framework.yaml"),
                                                                     ("toy-variant", "variant.yaml")]
    assert fw.lineage[0]["sha256"] == base.sha256
    assert fw.resolved_sha256 != base.resolved_sha256
    result = evaluate_rows(fw, ROWS, toy_registry)
    assert result.provenance["framework"]["lineage"][0]["id"] == "toy"
    assert result.provenance["framework"]["resolved_sha256"] == fw.resolved_sha256


def test_add_and_remove_nodes(tmp_path, toy_registry):
    fw = load_framework(_overlay(
        tmp_path,
        remove={"criteria": ["env.alpha"], "indicators": ["toy.share"], "gates": ["flag-required"]},
        add={"criteria": [{"pillar": "soc", "id": "soc.three", "label": {"vi": "Ba", "en": "Three"}, "weight": 1,
                           "indicators": [{"id": "toy.b", "weight": 1}]}],
             "indicators": [{"criterion": "soc.two", "id": "toy.share", "weight": 2}]},
        change={"tiers": {"high": {"min_score": 80}}},
    ), toy_registry)
    assert [c.id for c in fw.criteria] == ["env.one", "soc.one", "soc.two", "soc.three"]
    assert fw.gates == ()
    assert fw.tier("high").min_score == 80
    assert [n.id for n in fw.criteria[2].indicators] == ["toy.kind", "toy.share"]


@pytest.mark.parametrize(("body", "message"), [
    ({"change": {"criteria": {"env.typo": {"weight": 1}}}}, r"\$\.change\.criteria\.env\.typo: the base has no "
                                                           r"criterion 'env\.typo'"),
    ({"remove": {"gates": ["nope"]}}, r"\$\.remove\.gates\[0\]: the base has no gate 'nope'"),
    ({"extends": {"framework": "toy-framework.yaml", "version": ">=2"}},
     r"extends 'toy' >=2, but the installed 'toy' is version 1\.0"),
    ({"extends": {"framework": "missing-id"}}, r"no framework 'missing-id'"),
    ({"pillars": []}, r"\$: .*should not be valid|pillars"),
])
def test_overlay_problems_are_reported(tmp_path, toy_registry, body, message):
    with pytest.raises(FrameworkError, match=message):
        load_framework(_overlay(tmp_path, **body), toy_registry)


def test_an_overlay_cannot_extend_itself(tmp_path, toy_registry):
    path = tmp_path / "self.yaml"
    path.write_text("id: loop\nversion: '1.0'\ntitle: {vi: V, en: V}\nextends: {framework: self.yaml}\n",
                    encoding="utf-8")
    with pytest.raises(FrameworkError, match="cannot extend itself"):
        load_framework(path, toy_registry)
