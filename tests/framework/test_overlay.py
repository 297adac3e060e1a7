"""Overlays: a framework file that extends another and changes it without copying it."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import SUPPORT
from villagescore import Field, Indicator, Sector, SectorCriterion, hookimpl
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
    ({"remove": {"gates": ["nope"]}}, r"\$\.remove\.gates\[0\]: the base has no gate 'nope' \(allowed: "),
    ({"remove": {"gates": ["flag-requird"]}}, r"\$\.remove\.gates\[0\]: the base has no gate 'flag-requird'; did "
                                              r"you mean 'flag-required'\?"),
    ({"change": {"pillars": {"evn": {"weight": 1}}}}, r"no pillar 'evn'; did you mean 'env'\? \(allowed: env, soc\)"),
    ({"change": {"tiers": {"hihg": {"min_score": 85}}}}, r"no tier 'hihg'; did you mean 'high'\?"),
    ({"change": {"indicators": {"toy.flg": {"weight": 2}}}}, r"no indicator 'toy\.flg'; did you mean 'toy\.flag'\?"),
    ({"extends": {"framework": "toy-framework.yaml", "version": ">=2"}},
     r"extends 'toy' >=2, but the installed 'toy' is version 1\.0"),
    ({"extends": {"framework": "missing-id"}}, r"no framework 'missing-id'"),
    ({"pillars": []}, r"\$: .*should not be valid|pillars"),
])
def test_overlay_problems_are_reported(tmp_path, toy_registry, body, message):
    with pytest.raises(FrameworkError, match=message):
        load_framework(_overlay(tmp_path, **body), toy_registry)


def test_a_problem_in_what_an_overlay_adds_is_said_where_the_overlay_says_it(tmp_path, toy_registry):
    # before: at its path in the framework the overlay makes ($.pillars[1].criteria[2]…), not in the file
    path = _overlay(tmp_path, add={
        "criteria": [{"pillar": "soc", "id": "soc.three", "label": {"vi": "Ba", "en": "Three"}, "weight": 1,
                      "indicators": [{"id": "toy.a", "weight": 1}]}],
        "indicators": [{"criterion": "soc.two", "id": "toy.b", "weight": 0}]})
    with pytest.raises(FrameworkError) as info:
        load_framework(path, toy_registry)
    wheres = [p.where for p in info.value.problems]
    assert any(w.startswith("$.add.criteria[0].indicators[0] ($.pillars[1].criteria[2].indicators[0])")
               for w in wheres), wheres


def test_a_problem_in_what_an_overlay_changes_is_said_where_the_overlay_says_it(tmp_path, toy_registry):
    # before: "$.pillars[0].weight: '2' is not a number", a path the overlay file does not have (M4)
    path = _overlay(tmp_path, change={"pillars": {"env": {"weight": "2"}}, "tiers": {"high": {"min_score": "x"}}})
    with pytest.raises(FrameworkError) as info:
        load_framework(path, toy_registry)
    wheres = [p.where for p in info.value.problems]
    assert "$.change.pillars.env.weight ($.pillars[0].weight)" in wheres, wheres
    assert any(w.startswith("$.change.tiers.high.min_score ($.rating.tiers[") for w in wheres), wheres


def test_an_overlay_s_problems_are_said_at_once_each_where_the_overlay_says_it(tmp_path, toy_registry):
    """The audit's o1 → o2 → o3: three rounds (a misspelt pillar, then '0,25', then tiers out of order); now one.

    The tiers that the changed min_score puts out of order are said at $.change.tiers.high, not $.rating.tiers[1].
    """
    path = _overlay(tmp_path, change={"pillars": {"evn": {"weight": 1}}, "criteria": {"env.one": {"weight": "0,25"}},
                                      "tiers": {"high": {"min_score": 35}}})
    with pytest.raises(FrameworkError) as info:
        load_framework(path, toy_registry)
    wheres = [p.where for p in info.value.problems]
    assert wheres == ["$.change.pillars.evn", "$.change.criteria.env.one.weight ($.pillars[0].criteria[0].weight)",
                      "$.change.tiers.high.min_score ($.rating.tiers[0].min_score)"], wheres
    assert "(40 ≥ 35)" in info.value.problems[2].message


def test_what_the_base_says_is_still_said_at_its_own_path(tmp_path, toy_registry):
    """Only the values the overlay sets move: the pillar's other keys stay the base's."""
    from villagescore.framework.overlay import NodeOnly, _change, _paths, _Problems, in_overlay

    out = {"pillars": [{"id": "env", "weight": 1, "label": {"en": "E"}}]}
    changed = _change(out, {"pillars": {"env": {"weight": "2", "label": {"vi": "M"}}}}, "o.yaml",
                      _Problems("o.yaml", out, None))
    paths = _paths(out, [], changed)
    assert paths == {"$.pillars[0].weight": "$.change.pillars.env.weight",
                     "$.pillars[0].label.vi": "$.change.pillars.env.label.vi", "$.pillars[0]": "$.change.pillars.env"}
    assert isinstance(paths["$.pillars[0]"], NodeOnly)  # the node itself (a key it may not have), not what it holds
    assert in_overlay("$.pillars[0].label.en", paths) == "$.pillars[0].label.en"
    assert in_overlay("$.pillars[0]", paths) == "$.change.pillars.env ($.pillars[0])"


def test_an_overlay_cannot_extend_itself(tmp_path, toy_registry):
    path = tmp_path / "self.yaml"
    path.write_text("id: loop\nversion: '1.0'\ntitle: {vi: V, en: V}\nextends: {framework: self.yaml}\n",
                    encoding="utf-8")
    with pytest.raises(FrameworkError, match="cannot extend itself"):
        load_framework(path, toy_registry)


class _Hats:
    """A sector whose one indicator joins the ``env`` pillar through sector_criteria."""

    @hookimpl
    def register_sectors(self):
        label = {"vi": "Nón lá", "en": "Conical hats"}
        return [Sector("non_la", label, criteria=(SectorCriterion("non_la_environment", "env", label, weight=2),))]

    @hookimpl
    def register_fields(self):
        return [Field("non_la_pct", {"vi": "Tỷ lệ", "en": "Share"}, unit="%", minimum=0, maximum=100)]

    @hookimpl
    def register_indicators(self):
        return [Indicator("non_la.share", {"vi": "Tỷ lệ", "en": "Share"}, "%", "higher", ("non_la_pct",),
                          sectors=("non_la",), pillar="env", criterion="non_la_environment",
                          scorer={"method": "linear", "params": {"worst": 0, "best": 100}})]


@pytest.fixture
def sector_base(tmp_path):
    """The toy framework with a pillar that accepts sector criteria, and a registry with a sector joining it."""
    from tests.support import toy_plugin
    from villagescore.framework import load_framework_document
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    base = load_framework_document(SUPPORT / "toy-framework.yaml")[0]
    base["pillars"][0]["sector_criteria"] = {"weight": 0.5}
    (tmp_path / "toy-framework.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), ("hats", _Hats())))
    return Registry.from_plugin_manager(pm)


def _overlay_on_sector_base(tmp_path, **body):
    doc = {"id": "toy-variant", "version": "0.1", "title": {"vi": "Biến thể", "en": "Variant"},
           "extends": {"framework": "toy-framework.yaml"}, **body}
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_changing_an_indicator_a_sector_brings_says_how_to_change_it(tmp_path, sector_base):
    path = _overlay_on_sector_base(tmp_path, change={"indicators": {"non_la.share": {"weight": 2}}})
    with pytest.raises(FrameworkError) as info:
        load_framework(path, sector_base)
    (line,) = [p.format().replace(str(tmp_path / "variant.yaml"), "variant.yaml") for p in info.value.problems]
    assert line == ("variant.yaml: $.change.indicators.non_la.share: the base has no indicator 'non_la.share' of its "
                    "own: plugin 'hats' places it in criterion 'non_la_environment' of pillar 'env' through "
                    "sector_criteria, so an overlay cannot name it; to score it otherwise, place it yourself with "
                    "add.indicators (with its weight, scorer or threshold): it then no longer joins on its own")


def test_changing_a_sector_criterion_says_where_its_weight_comes_from(tmp_path, sector_base):
    path = _overlay_on_sector_base(tmp_path, change={"criteria": {"non_la_environment": {"weight": 0.5}}},
                                   remove={"indicators": ["non_la.share"]})
    with pytest.raises(FrameworkError) as info:
        load_framework(path, sector_base)
    lines = [p.format().replace(str(tmp_path / "variant.yaml"), "variant.yaml") for p in info.value.problems]
    assert lines[0].startswith("variant.yaml: $.remove.indicators[0]: the base has no indicator 'non_la.share' of "
                               "its own: plugin 'hats' places it")
    assert lines[1] == ("variant.yaml: $.change.criteria.non_la_environment: the base has no criterion "
                        "'non_la_environment' of its own: sector 'non_la' (plugin 'hats') brings it to pillar 'env' "
                        "through sector_criteria, so an overlay cannot name it; its weight within the sector's share "
                        "is the plugin's (SectorCriterion weight), and the weight of the whole block is "
                        "change.pillars.env.sector_criteria.weight")
    assert "(allowed:" not in lines[1]


def test_the_ways_the_message_gives_work(tmp_path, sector_base):
    """Placing the indicator with add.indicators, and the sector block's weight with change.pillars."""
    path = _overlay_on_sector_base(
        tmp_path, change={"pillars": {"env": {"sector_criteria": {"weight": 1}}}},
        add={"indicators": [{"criterion": "env.alpha", "id": "non_la.share", "weight": 2,
                             "scorer": {"method": "linear", "params": {"worst": 20, "best": 80}}}]})
    fw = load_framework(path, sector_base)
    assert fw.pillars[0].sector_weight == 1.0
    node = fw.indicator_node("non_la.share")
    assert (node.criterion, node.weight, node.params) == ("env.alpha", 2.0, {"worst": 20, "best": 80})
    assert not [c for c in fw.criteria if c.sector]  # placed by the overlay, it no longer joins on its own


def test_an_overlay_may_change_the_policy_for_unverified_limits(tmp_path, toy_registry):
    base = load_framework(SUPPORT / "toy-framework.yaml", toy_registry)
    fw = load_framework(_overlay(tmp_path, change={"defaults": {"unverified_limits": "exclude"}}), toy_registry)
    assert base.unverified_limits == "score" and fw.unverified_limits == "exclude"
    assert fw.missing == base.missing  # the other defaults are kept, key by key
    with pytest.raises(FrameworkError, match="unverified_limits"):
        load_framework(_overlay(tmp_path, change={"defaults": {"unverified_limits": "sometimes"}}), toy_registry)


def test_a_place_the_overlay_shares_with_the_full_document_is_said_once():
    """Before: ``$.regulations[0].valid_to ($.regulations[0].valid_to)``, an overlay's own regulation said twice."""
    from villagescore.framework.overlay import in_overlay

    paths = {"$.regulations[0]": "$.regulations[0]", "$.pillars[0].weight": "$.change.pillars.env.weight"}
    assert in_overlay("$.regulations[0].valid_to", paths) == "$.regulations[0].valid_to"
    assert in_overlay("$.pillars[0].weight", paths) == "$.change.pillars.env.weight ($.pillars[0].weight)"
def test_a_version_constraint_that_is_not_one_is_said_with_one_to_copy(tmp_path, toy_registry):
    """The audit's ver2.yaml ("1.4.x"): packaging's English "Invalid specifier" was in the Vietnamese message."""
    path = _overlay(tmp_path, extends={"framework": "toy-framework.yaml", "version": "1.4.x"})
    with pytest.raises(FrameworkError) as info:
        load_framework(path, toy_registry)
    [found] = info.value.problems
    assert found.where == "$.extends.version"
    assert found.message.startswith("'1.4.x' is not a version constraint:") and '">=1.4,<2"' in found.message
    assert "Invalid" not in found.format("vi") and "không phải ràng buộc phiên bản" in found.format("vi")


def test_an_overlay_s_slips_of_shape_are_said_with_every_other_problem(tmp_path, toy_registry):
    """The audit's multi.yaml: a date written 31/12/2025 was said alone; fixing it showed two more, then a third.

    Now one round: the date, a misspelt indicator, a min_score '8O' and a gate capping at a misspelt tier.
    """
    regulation = {"id": "toy-rule-2", "document": "Toy rule 2/2026", "confidence": "verified",
                  "valid_from": "31/12/2025"}
    gate = {"id": "flag-again", "label": {"vi": "Cờ", "en": "Flag"}, "indicator": "toy.flag",
            "condition": {"on": "value", "op": "==", "value": 1}, "cap": "mdi", "on_missing": "fire"}
    path = _overlay(tmp_path, regulations=[regulation], add={"gates": [gate]},
                    change={"indicators": {"toy.flg": {"weight": 2}}, "tiers": {"high": {"min_score": "8O"}}})
    with pytest.raises(FrameworkError) as info:
        load_framework(path, toy_registry)
    wheres = sorted(p.where.split(" ")[0] for p in info.value.problems)
    assert wheres == ["$.add.gates[0].cap", "$.change.indicators.toy.flg", "$.change.tiers.high.min_score",
                      "$.regulations[0].valid_from"], [p.format() for p in info.value.problems]


def test_an_overlay_s_refused_parts_are_set_aside_and_the_rest_applied(tmp_path, toy_registry):
    """A refused id in remove, a change entry that is no mapping, an added criterion without pillar: each said once."""
    path = _overlay(tmp_path, remove={"gates": ["flag required", "nope"]}, change={"pillars": {"env": 3}},
                    add={"criteria": [{"id": "soc.three", "label": {"vi": "Ba", "en": "Three"}, "weight": 1,
                                       "indicators": [{"id": "toy.b", "weight": 1}]}]})
    with pytest.raises(FrameworkError) as info:
        load_framework(path, toy_registry)
    wheres = [p.where for p in info.value.problems]
    assert len(wheres) == 4, [p.format() for p in info.value.problems]
    assert {"$.remove.gates[0]", "$.remove.gates[1]", "$.change.pillars.env", "$.add.criteria[0]"} == set(wheres)


@pytest.mark.parametrize(("body", "where", "says"), [
    ({"remove": {"indicators": ["toy.a", "toy.flag"]}}, "$.remove.indicators[1]",
     "gate(s) flag-required of the base test indicator 'toy.flag', which would be left without it: remove the "
     "gate(s) too (remove: {gates: [flag-required]})"),
    ({"remove": {"criteria": ["soc.one"]}}, "$.remove.criteria[0]",
     "gate(s) flag-required of the base test indicator(s) 'toy.flag' of criterion 'soc.one'"),
    ({"change": {"indicators": {"toy.a": {"label": {"vi": "Mới", "en": "New"}, "weight": 2}}}},
     "$.change.indicators.toy.a.label", "the label of indicator 'toy.a' is said where the indicator is declared "
                                        "(plugin 'toy'), not in a framework"),
    ({"change": {"pillars": {"env": {"weight": 0, 35: None}}}}, "$.change.pillars.env",
     "unknown key(s) 35: a decimal comma inside {…} splits the number in two (weight: 0 and a key 35); write the "
     "number with a point (0.35, not 0,35)"),
    ({"change": {"pillars": {"env": {"weight": "0,35"}}}}, "$.change.pillars.env.weight ($.pillars[0].weight)",
     "'0,35' is not a number: a decimal comma; write 0.35 with a point"),
    ({"change": {"pillars": {"env": {"colour": "red"}}}}, "$.change.pillars.env ($.pillars[0])",
     "unknown key(s) 'colour'"),
])
def test_an_overlay_s_problem_is_said_at_its_entry_with_what_to_do(tmp_path, toy_registry, body, where, says):
    """The audit's g2.yaml, a changed label, `{weight: 0,35}`: said at $.gates[2], $.pillars[0] …, without advice."""
    with pytest.raises(FrameworkError) as info:
        load_framework(_overlay(tmp_path, **body), toy_registry)
    assert [p.where for p in info.value.problems] == [where], [p.format() for p in info.value.problems]
    assert info.value.problems[0].message.startswith(says), info.value.problems[0].message


def test_a_gate_the_overlay_removes_or_moves_lets_its_indicator_go(tmp_path, toy_registry):
    gone = load_framework(_overlay(tmp_path, remove={"indicators": ["toy.flag"], "gates": ["flag-required"]}),
                          toy_registry)
    moved = load_framework(_overlay(tmp_path, remove={"indicators": ["toy.flag"]},
                                    change={"gates": {"flag-required": {"indicator": "toy.a"}}}), toy_registry)
    assert "toy.flag" not in {n.id for c in gone.criteria for n in c.indicators} and gone.gates == ()
    assert [g.indicator for g in moved.gates] == ["toy.a"]


def test_an_overlay_of_an_overlay_says_every_file_s_problems_each_under_its_own_name(tmp_path, toy_registry):
    """The reviewer's ov/b2.yaml and b3.yaml: only the base overlay a2.yaml's slip was said until it was fixed."""
    base = _overlay(tmp_path, change={"criteria": {"env.one": 0.3, "env.alpha": {"weight": 2}}})
    on_top = {"id": "toy-b", "version": "0.1", "title": {"vi": "B", "en": "B"},
              "extends": {"framework": base.name}, "change": {"pillars": {"soc": 0.2}, "criteria": {"soc.on": {}}}}
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(on_top), encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(tmp_path / "b.yaml", toy_registry)
    said = [(p.file.rsplit("/", 1)[-1], p.where) for p in info.value.problems]
    assert said == [("variant.yaml", "$.change.criteria.env.one"), ("b.yaml", "$.change.pillars.soc"),
                    ("b.yaml", "$.change.criteria.soc.on")], said
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({**on_top, "change": {}, "extends": {
        "framework": base.name, "version": "1.0"}}), encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(tmp_path / "b.yaml", toy_registry)
    assert [(p.file.rsplit("/", 1)[-1], p.where) for p in info.value.problems] == [
        ("variant.yaml", "$.change.criteria.env.one"), ("b.yaml", "$.extends.version")]


@pytest.mark.parametrize(("change", "where", "given", "base"), [
    ({"criteria": {"env.one": {"indicators": 3}}}, r"\$\.change\.criteria\.env\.one\.indicators", "3",
     "a list"),
    ({"rating": {"tiers": 7}}, r"\$\.change\.rating\.tiers", "7", "a list"),
    ({"rating": {"tiers": {"high": {"min_score": 80}}}}, r"\$\.change\.rating\.tiers",
     r"\{high: \{min_score: 80\}\}", "a list"),
    ({"pillars": {"env": {"criteria": None}}}, r"\$\.change\.pillars\.env\.criteria", "null", "a list"),
    ({"gates": {"flag-required": {"condition": [1]}}}, r"\$\.change\.gates\.flag-required\.condition", r"\[1\]",
     r"a mapping \(key: value\)"),
    ({"gates": {"flag-required": {"condition": None}}}, r"\$\.change\.gates\.flag-required\.condition", "null",
     r"a mapping \(key: value\)"),
    ({"indicators": {"toy.c": {"threshold": {"values": {"A": 50}}}}},
     r"\$\.change\.indicators\.toy\.c\.threshold\.values\.A", "50", r"a mapping \(key: value\)"),
    ({"tiers": {"high": {"min_score": [80]}}}, r"\$\.change\.tiers\.high\.min_score", r"\[80\]", "a whole number"),
    ({"defaults": {"missing_data": {"min_coverage": {"a": 1}}}},
     r"\$\.change\.defaults\.missing_data\.min_coverage", r"\{a: 1\}", "a number"),
])
def test_a_change_giving_a_value_of_another_kind_than_the_base_s_is_said_not_a_traceback(
        tmp_path, toy_registry, change, where, given, base):
    # before: TypeError in the overlay's index of the base (a list replaced by a scalar), or the schema's
    # "is not a list" without what the base has
    with pytest.raises(FrameworkError) as caught:
        load_framework(_overlay(tmp_path, change=change), toy_registry)
    text = str(caught.value)
    assert "variant.yaml" in text
    assert re.search(rf"{where}: {given} (is .*|gives no value), but the base has {base} here \(", text), text
    assert "write" in text


def test_a_list_of_the_wrong_items_or_a_key_the_base_lacks_is_said_not_a_traceback(tmp_path, toy_registry):
    # the overlay's index of the base read every criterion's indicators as mappings with an id
    with pytest.raises(FrameworkError) as caught:
        load_framework(_overlay(tmp_path, change={"criteria": {"env.one": {"indicators": [5, {"weight": 1}]}},
                                                  "pillars": {"soc": {"sector_criteria": 4}}}), toy_registry)
    assert "$.change.criteria.env.one.indicators" in str(caught.value)
    assert "$.change.pillars.soc.sector_criteria" in str(caught.value)


def test_an_overlay_adding_into_a_list_its_base_overlay_left_of_another_kind_is_said_not_a_traceback(
        tmp_path, toy_registry):
    # the base overlay adds a criterion whose indicators are 3 and a sector block of 4 to a pillar without one;
    # the overlay on top added an indicator into that criterion (AttributeError) and removed one from it
    base = _overlay(tmp_path, add={"criteria": [{"pillar": "soc", "id": "soc.three", "weight": 1, "indicators": 3,
                                                 "label": {"vi": "Ba", "en": "Three"}}]},
                    change={"pillars": {"soc": {"sector_criteria": 4}}})
    on_top = {"id": "toy-b", "version": "0.1", "title": {"vi": "B", "en": "B"}, "extends": {"framework": base.name},
              "add": {"indicators": [{"criterion": "soc.three", "id": "toy.a", "weight": 1}]},
              "remove": {"indicators": ["toy.b"]}}
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(on_top), encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(tmp_path / "b.yaml", toy_registry)
    said = {(p.file.rsplit("/", 1)[-1], p.where.split(" ")[0]) for p in info.value.problems}
    assert {("variant.yaml", "$.add.criteria[0].indicators"), ("variant.yaml", "$.change.pillars.soc.sector_criteria")
            } <= said, said
