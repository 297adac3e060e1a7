"""Framework loading: the toy framework resolves; invalid ones give every problem with its JSON path."""

import copy
import json

import pytest
import yaml

from villagescore.errors import FrameworkError, UnknownIdError
from villagescore.framework import load_framework, load_framework_document, resolve_framework


@pytest.fixture
def doc(support_dir):
    doc, _digest, _name = load_framework_document(support_dir / "toy-framework.yaml")
    return doc


def test_toy_framework_resolves(toy_framework):
    fw = toy_framework
    assert (fw.id, fw.version) == ("toy", "1.0")
    assert [p.id for p in fw.pillars] == ["env", "soc"]
    assert [n.id for n in fw.indicators] == ["toy.a", "toy.c", "toy.b", "toy.flag", "toy.share", "toy.kind"]
    assert len(fw.sha256) == 64
    c = fw.indicator_node("toy.c")
    assert c.threshold.context_fields == ("zone",) and c.scorer.name == "ratio_to_limit"
    refs = c.references
    assert {r["column"] for r in refs} == {"zone=A", "zone=B"} and all(r["document"] == "Toy rule 1/2020" for r in refs)
    assert fw.gates[0].rule == "value == 1"


def test_yaml_on_key_is_not_a_boolean(doc):
    assert doc["gates"][0]["condition"]["on"] == "value"


def _problems(doc, registry):
    with pytest.raises(FrameworkError) as info:
        resolve_framework(doc, registry, name="fw.yaml")
    return [p.format() for p in info.value.problems]


def _mutate(doc, change):
    doc = copy.deepcopy(doc)
    change(doc)
    return doc


INVALID = {
    "unknown indicator": (lambda d: d["pillars"][0]["criteria"][0]["indicators"][0].update(id="toy.nope"),
                          "$.pillars[0].criteria[0].indicators[0].id: unknown indicator 'toy.nope'"),
    "unknown scorer": (lambda d: d["pillars"][0]["criteria"][0]["indicators"][0].update(scorer={"method": "minmx"}),
                       "unknown scorer 'minmx' (allowed: bands, boolean, categorical, linear"),
    "scorer params of the wrong type": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][0].update(
            scorer={"method": "linear", "params": {"worst": "zero", "best": 100}}),
        "indicators[0].scorer.params.worst: scorer 'linear': 'zero' is not a number"),
    "bands with the wrong number of scores": (
        lambda d: d["pillars"][0]["criteria"][1]["indicators"][0].update(
            scorer={"method": "bands", "params": {"edges": [1, 2], "scores": [0, 100]}}),
        "bands: 2 edges need 3 scores, got 2"),
    "weights summing to zero": (
        lambda d: [i.update(weight=0) for i in d["pillars"][1]["criteria"][0]["indicators"]],
        "$.pillars[1].criteria[0].indicators: the weights of these indicators sum to 0"),
    "duplicate indicator": (
        lambda d: d["pillars"][1]["criteria"][1]["indicators"].append({"id": "toy.a", "weight": 1}),
        "duplicate indicator id 'toy.a' (first at $.pillars[0].criteria[0].indicators[0])"),
    "gate on an unknown indicator": (
        lambda d: d["gates"][0].update(indicator="toy.zzz"),
        "$.gates[0].indicator: gate 'flag-required' is on unknown indicator 'toy.zzz': no installed plugin registers"),
    "gate on an indicator not in the tree": (
        lambda d: d["pillars"][1]["criteria"][0]["indicators"].pop(0),
        "$.gates[0].indicator: gate 'flag-required' is on indicator 'toy.flag', which is not in this framework"),
    "gate capping to an unknown tier": (lambda d: d["gates"][0].update(cap="bronze"),
                                        "$.gates[0].cap: unknown tier 'bronze' (allowed: high, low, mid)"),
    "tiers out of order": (lambda d: d["rating"]["tiers"][1].update(min_score=80),
                           "tiers must be listed best first with strictly decreasing min_score"),
    "last tier above zero": (lambda d: d["rating"]["tiers"][2].update(min_score=10),
                             "the last tier must have min_score 0"),
    "unknown regulation": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][1]["threshold"].update(regulation="qcvn-99"),
        "threshold.regulation: unknown regulation 'qcvn-99'"),
    "threshold missing a category": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][1]["threshold"]["values"].pop("B"),
        "no limit for categories ['B'] of 'zone'"),
    "threshold with value and by_field": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][1]["threshold"].update(value=3),
        "a threshold needs either 'value', or 'by_field' with 'values' (not both)"),
    "ratio scorer without a limit": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][1].pop("threshold"),
        "scorer 'ratio_to_limit' needs a limit"),
    "unknown aggregator": (lambda d: d["pillars"][0].update(aggregator="median"),
                           "$.pillars[0].aggregator: unknown aggregator 'median'"),
    "unknown top-level key": (lambda d: d.update(weights={}),
                              "$: unknown key(s) 'weights'"),
    "missing required key": (lambda d: d.pop("rating"), "$: 'rating' is a required key"),
    "negative weight": (lambda d: d["pillars"][0].update(weight=-1), "$.pillars[0].weight: -1 is less than"),
    "label without Vietnamese": (lambda d: d["pillars"][0]["label"].pop("vi"),
                                 "$.pillars[0].label: 'vi' is a required key"),
    "unknown sector override": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][0].update(sectors=["gamma"]),
        "indicators[0].sectors[0]: unknown sector 'gamma': a sector comes from a plugin"),
    # ratio_to_limit scores its ratio by bands: with 2 edges and the 5 default scores a ratio of 2
    # (twice the legal limit) used to score 50, the "compliant" level
    "ratio edges without matching scores": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][1].update(
            scorer={"method": "ratio_to_limit", "params": {"edges": [0.5, 1.0]}}),
        "indicators[1].scorer.params: ratio_to_limit: 2 edges need 3 scores, got 5 (the default scores)"),
    "ratio edges out of order": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][1].update(
            scorer={"method": "ratio_to_limit", "params": {"edges": [1.0, 0.5, 0.8, 1.5]}}),
        "indicators[1].scorer.params.edges: ratio_to_limit: edges must be in ascending order"),
    # target with low > high, or a ramp end on the wrong side, gave scores of 100 far from the target
    "target low above high": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][0].update(
            scorer={"method": "target", "params": {"low": 80, "high": 20}}),
        "indicators[0].scorer.params: target: low (80) must not be above high (20)"),
    "target zero_below not below low": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][0].update(
            scorer={"method": "target", "params": {"low": 20, "high": 80, "zero_below": 30}}),
        "indicators[0].scorer.params.zero_below: target: zero_below (30) must be below low (20)"),
    "target zero_above not above high": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][0].update(
            scorer={"method": "target", "params": {"low": 20, "high": 80, "zero_above": 80}}),
        "indicators[0].scorer.params.zero_above: target: zero_above (80) must be above high (80)"),
    # a negative per-category limit made every ratio negative, i.e. a score of 100
    "negative limit for one category": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][1]["threshold"]["values"]["B"].update(value=-5),
        "indicators[1].threshold.values.B.value: scorer 'ratio_to_limit' cannot use -5 as its limit: "
        "-5 must be greater than 0"),
    "zero fixed limit": (
        lambda d: d["pillars"][0]["criteria"][0]["indicators"][1].update(threshold={
            "regulation": "toy-rule", "parameter": "C", "unit": "mg/L", "confidence": "verified", "value": 0}),
        "indicators[1].scorer.params.limit: scorer 'ratio_to_limit': 0 must be greater than 0"),
    # an unknown key (a typo) left the real category unscored: every village with it silently missing
    "categorical score for an unknown category": (
        lambda d: d["pillars"][1]["criteria"][1]["indicators"][0].update(
            scorer={"method": "categorical", "params": {"scores": {"x": 100, "y": 50, "w": 0}}}),
        "indicators[0].scorer.params.scores.w: categorical: 'w' is not a category of field 'kind' "
        "(allowed: x, y, z)"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_framework(case, doc, toy_registry):
    change, expected = INVALID[case]
    problems = _problems(_mutate(doc, change), toy_registry)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("fw.yaml: ") for p in problems)


def test_every_problem_is_reported_at_once(doc, toy_registry):
    def change(d):
        d["gates"][0]["cap"] = "bronze"
        d["pillars"][0]["criteria"][0]["indicators"][0]["id"] = "toy.nope"
        d["pillars"][0]["aggregator"] = "median"

    assert len(_problems(_mutate(doc, change), toy_registry)) == 3


def test_yaml_alias_is_refused(tmp_path, toy_registry):
    path = tmp_path / "bomb.yaml"
    path.write_text('a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n', encoding="utf-8")
    with pytest.raises(FrameworkError, match="YAML aliases .* are not allowed"):
        load_framework(path, toy_registry)


def test_python_tags_are_refused(tmp_path, toy_registry):
    path = tmp_path / "evil.yaml"
    path.write_text("id: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="not valid YAML"):
        load_framework(path, toy_registry)


def test_json_framework_and_syntax_error(tmp_path, doc, toy_registry):
    good = tmp_path / "toy.json"
    good.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert load_framework(good, toy_registry).id == "toy"
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x",', encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"not valid JSON \(line 1, column 12; technical detail: Expecting"):
        load_framework(bad, toy_registry)


def test_empty_and_non_utf8_files(tmp_path, toy_registry):
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(FrameworkError, match="the file is empty"):
        load_framework(empty, toy_registry)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: Làng".encode("cp1258"))
    with pytest.raises(FrameworkError, match="not UTF-8"):
        load_framework(latin, toy_registry)


def test_unknown_framework_id(toy_registry):
    from villagescore.i18n import use_language

    use_language("en")  # messages are written in the language of the run
    with pytest.raises(UnknownIdError, match="'nope' is neither a file nor a known framework id"):
        load_framework("nope", toy_registry)


def test_problem_lines_name_file_and_path(doc, toy_registry):
    text = str(FrameworkError([]))
    assert text.startswith("invalid framework: 0 problems")
    d = _mutate(doc, lambda d: d["gates"][0].update(cap="bronze"))
    with pytest.raises(FrameworkError) as info:
        resolve_framework(d, toy_registry, name="fw.yaml")
    assert "fw.yaml: $.gates[0].cap: unknown tier 'bronze'" in str(info.value)


def test_yaml_round_trip_of_dates(doc):
    assert doc["regulations"][0]["valid_from"] == "2020-01-01"
    assert yaml.safe_dump(doc)


def test_two_plugins_shipping_different_frameworks_with_one_id(tmp_path, support_dir):
    from tests.support import toy_plugin
    from villagescore import FrameworkSource, hookimpl
    from villagescore.errors import PluginError
    from villagescore.framework import available_frameworks
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    copy_path = tmp_path / "toy-copy.yaml"
    copy_path.write_text((support_dir / "toy-framework.yaml").read_text(encoding="utf-8")
                         .replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")

    class First:
        @hookimpl
        def register_frameworks(self):
            return [FrameworkSource(support_dir / "toy-framework.yaml")]

    class Second:
        @hookimpl
        def register_frameworks(self):
            return [FrameworkSource(copy_path)]

    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), ("first", First()),
                                                        ("second", Second())))
    with pytest.raises(PluginError, match="two different frameworks have the id 'toy'.*'first'.*'second'"):
        available_frameworks(Registry.from_plugin_manager(pm))


def test_document_can_be_loaded_from_a_path_given_as_text(support_dir):
    doc, digest, name = load_framework_document(str(support_dir / "toy-framework.yaml"))
    assert doc["id"] == "toy" and len(digest) == 64 and name.endswith("toy-framework.yaml")


@pytest.mark.parametrize(("name", "vi", "en"), [
    ("bands-wrong-count.yaml", "scorer.params: bands: 3 mốc cần 4 điểm số, nhưng có 3",
     "scorer.params: bands: 3 edges need 4 scores, got 3"),
    ("bands-unsorted.yaml", "scorer.params.edges: bands: các mốc phải theo thứ tự tăng dần",
     "scorer.params.edges: bands: edges must be in ascending order"),
    ("scorer-param-type.yaml", "scorer.params.worst: phương pháp chấm 'linear': 'zero' không phải là một số",
     "scorer.params.worst: scorer 'linear': 'zero' is not a number"),
    ("weight-as-text.yaml", "indicators[0].weight: 'một' không phải là một số",
     "indicators[0].weight: 'một' is not a number"),
])
def test_scorer_and_schema_problems_are_said_in_vietnamese(toy_registry, name, vi, en):
    from tests.corpus.harness import REPO

    with pytest.raises(FrameworkError) as caught:
        load_framework(REPO / "tests" / "corpus" / "frameworks" / name, toy_registry)
    assert vi in caught.value.text("vi") and en in caught.value.text("en")
    assert not any(word in caught.value.text("vi") for word in ("is not", "need", "ascending", "scorer "))
