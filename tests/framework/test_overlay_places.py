"""A value a base overlay set is said under that file, at its path there, through every overlay above it."""

from __future__ import annotations

import copy

import pytest
import yaml

from tests.conftest import SUPPORT
from villagescore.errors import FrameworkError
from villagescore.framework import load_framework
from villagescore.framework.overlay_places import carried, file_that_set, placed

TITLE = {"vi": "Biến thể", "en": "Variant"}


def _chain(tmp_path, a_body, b_body):
    """``b.yaml`` extends ``a.yaml`` extends the toy framework."""
    (tmp_path / "toy-framework.yaml").write_bytes((SUPPORT / "toy-framework.yaml").read_bytes())
    a = {"id": "toy-a", "version": "0.1", "title": TITLE, "extends": {"framework": "toy-framework.yaml"}, **a_body}
    b = {"id": "toy-b", "version": "0.1", "title": TITLE, "extends": {"framework": "a.yaml"}, **b_body}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(a), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(b), encoding="utf-8")
    return tmp_path / "b.yaml"


def _said(path, registry):
    with pytest.raises(FrameworkError) as info:
        load_framework(path, registry)
    return [(p.file.rsplit("/", 1)[-1], p.where) for p in info.value.problems]


A_SLIPS = {"change": {"criteria": {"env.alpha": {"weight": "8O"}}, "tiers": {"high": {"min_score": "8O"}}}}


def test_a_base_overlay_s_value_the_schema_refuses_is_said_under_that_file(tmp_path, toy_registry):
    """The auditor's a.yaml `weight: "8O"` under b.yaml: said under b.yaml at $.pillars[0].criteria[1].weight."""
    said = _said(_chain(tmp_path, A_SLIPS, {"change": {"criteria": {"env.one": {"weight": "x"}}}}), toy_registry)
    assert said == [("b.yaml", "$.change.criteria.env.one.weight ($.pillars[0].criteria[0].weight)"),
                    ("a.yaml", "$.change.criteria.env.alpha.weight ($.pillars[0].criteria[1].weight)"),
                    ("a.yaml", "$.change.tiers.high.min_score ($.rating.tiers[0].min_score)")], said


def test_the_place_follows_the_value_the_overlay_above_moved(tmp_path, toy_registry):
    """b.yaml removes the criterion before a.yaml's: its weight is now criteria[0], still a.yaml's."""
    said = _said(_chain(tmp_path, {"change": {"criteria": {"env.alpha": {"weight": "8O"}}}},
                        {"remove": {"criteria": ["env.one"]}}), toy_registry)
    assert said == [("a.yaml", "$.change.criteria.env.alpha.weight ($.pillars[0].criteria[0].weight)")], said


def test_the_last_file_that_set_a_value_is_named(tmp_path, toy_registry):
    said = _said(_chain(tmp_path, A_SLIPS, {"change": {"criteria": {"env.alpha": {"weight": "9O"}}}}), toy_registry)
    assert said == [("b.yaml", "$.change.criteria.env.alpha.weight ($.pillars[0].criteria[1].weight)"),
                    ("a.yaml", "$.change.tiers.high.min_score ($.rating.tiers[0].min_score)")], said
    fixed = _chain(tmp_path, {"change": {"criteria": {"env.alpha": {"weight": "8O"}}}},
                   {"change": {"criteria": {"env.alpha": {"weight": 2}}}})
    assert load_framework(fixed, toy_registry).criteria[1].weight == 2.0


def test_what_a_base_overlay_added_is_said_at_its_place_there(tmp_path, toy_registry):
    added = {"add": {"criteria": [{"pillar": "soc", "id": "soc.three", "label": {"vi": "Ba", "en": "Three"},
                                   "weight": "1O", "indicators": [{"id": "toy.a", "weight": 1}]}]}}
    said = _said(_chain(tmp_path, added, {"change": {"criteria": {"soc.three": {"label": {"en": "Three"}}}}}),
                 toy_registry)
    assert said == [("a.yaml", "$.add.criteria[0].weight ($.pillars[1].criteria[2].weight)"),  # toy.a twice:
                    ("a.yaml", "$.add.criteria[0].indicators[0] ($.pillars[1].criteria[2].indicators[0])")], said


def test_carried_leaves_out_what_the_overlay_above_removed():
    base = {"pillars": [{"criteria": [{"id": "x", "weight": "8O"}, {"id": "y", "weight": 1}]}]}
    memo: dict = {}
    full = copy.deepcopy(base, memo)
    del full["pillars"][0]["criteria"][0]
    places = [("a.yaml", {"$.pillars[0].criteria[0].weight": "$.change.criteria.x.weight",
                          "$.pillars[0].criteria[1]": "$.add.criteria[0]"})]
    assert carried(places, base, memo, full) == [("a.yaml", {"$.pillars[0].criteria[0]": "$.add.criteria[0]"})]


def test_placed_keeps_other_files_problems_and_unset_places():
    from villagescore.errors import Problem

    places = [("a.yaml", {"$.w": "$.change.w"}), ("b.yaml", {})]
    problems = [Problem("b.yaml", "$.w", "m"), Problem("b.yaml", "$.v", "m"), Problem("c.yaml", "$.w", "m")]
    assert [(p.file, p.where) for p in placed(problems, "b.yaml", places)] == [
        ("a.yaml", "$.change.w ($.w)"), ("b.yaml", "$.v"), ("c.yaml", "$.w")]


def test_file_that_set_names_the_overlay_that_wrote_a_node_s_value_else_the_root_file():
    full = {"gates": [{"id": "g", "condition": {"value": 0.5}}],
            "pillars": [{"id": "p", "criteria": [{"id": "c", "indicators": [{"id": "i", "threshold": {"value": 1}}]}]}],
            "sectors": {"x": {"i2": {"threshold": {"value": 2}}}}}
    places = [("root.yaml", {}), ("a.yaml", {"$.gates[0].condition": "$.change.gates.g.condition"}),
              ("b.yaml", {"$.sectors.x": "$.change.sectors.x"})]
    assert file_that_set(full, places, ("g", "condition.value")) == "a.yaml"
    assert file_that_set(full, places, ("i", "threshold")) == "root.yaml"  # no overlay set it
    assert file_that_set(full, places, ("i2", "threshold")) == "b.yaml"  # an entry keyed by its id
    assert file_that_set(full, places, ("nothing", "threshold"), ("i", "threshold")) == "root.yaml"  # the next named
    assert file_that_set(full, places, ("nothing", "threshold")) is None
    assert file_that_set(full, [], ("g", "condition.value")) is None
