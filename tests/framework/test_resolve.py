"""Resolving a framework document: an unknown id is said with the known id it most likely meant first."""

from __future__ import annotations

import copy

import pytest

from villagescore import Indicator, Limit, Reference, Regulation, hookimpl
from villagescore.errors import FrameworkError
from villagescore.framework import load_framework_document, resolve_framework
from villagescore.plugins import get_plugin_manager
from villagescore.registry import Registry


@pytest.fixture
def doc(support_dir):
    return load_framework_document(support_dir / "toy-framework.yaml")[0]


class Rules:
    """Two versions of a rule, as the default framework has qcvn-40-2011 and qcvn-40-2025."""

    @hookimpl
    def register_regulations(self):
        limit = (Limit("cod", "COD", "mg/L", "verified", value=75),)
        return [Regulation("rule-40-2011", "Rule 40/2011", "verified", valid_to="2025-08-31", limits=limit),
                Regulation("rule-40-2025", "Rule 40/2025", "verified", valid_from="2025-09-01", limits=limit),
                Regulation("other-19-2009", "Other 19/2009", "verified", limits=limit)]

    @hookimpl
    def register_indicators(self):
        """Two indicators scored against a legal limit with no default threshold: their references name it."""
        label = {"vi": "COD", "en": "COD"}
        return [Indicator("rules.cod", label, "mg/L", "lower", ("c",), scorer={"method": "ratio_to_limit"},
                          references=(Reference(regulation="rule-40-2011", limit="cod"),)),
                Indicator("rules.other", label, "mg/L", "lower", ("c",), scorer={"method": "ratio_to_limit"},
                          references=(Reference(regulation="other-19-2009", provision="Table 1"),))]


@pytest.fixture
def registry():
    from tests.support import toy_plugin

    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), ("rules", Rules())))
    return Registry.from_plugin_manager(pm)


def _problems(doc, registry, change, lang=None):
    doc = copy.deepcopy(doc)
    change(doc)
    with pytest.raises(FrameworkError) as info:
        resolve_framework(doc, registry, name="fw.yaml")
    return [p.format(lang) for p in info.value.problems]


def _indicator(d, **spec):
    d["pillars"][0]["criteria"][0]["indicators"][1].update(spec)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: _indicator(d, scorer={"method": "categorial"}),
     "indicators[1].scorer.method: unknown scorer 'categorial'; did you mean 'categorical'? (allowed: bands, "
     "boolean, categorical, linear, ratio_to_limit, target)"),
    (lambda d: d["pillars"][0].update(aggregator="weighted_arithmetc"),
     "$.pillars[0].aggregator: unknown aggregator 'weighted_arithmetc'; did you mean 'weighted_arithmetic'? "
     "(allowed: minimum, weighted_arithmetic, weighted_geometric)"),
    (lambda d: d["gates"][0].update(cap="hihg"),
     "$.gates[0].cap: unknown tier 'hihg'; did you mean 'high'? (allowed: high, low, mid)"),
    (lambda d: d["rating"]["tiers"][0].update(min_pillar_scores={"envv": 50}),
     "$.rating.tiers[0].min_pillar_scores.envv: unknown pillar 'envv'; did you mean 'env'? (allowed: env, soc)"),
    (lambda d: _indicator(d, sectors=["alpah"]),
     "indicators[1].sectors[0]: unknown sector 'alpah': a sector comes from a plugin, a framework file cannot add "
     "one; to add it, write its plugin (villagescore new-plugin, docs/plugins/tutorial.md); did you mean 'alpha'? "
     "(allowed: alpha, beta)"),
    (lambda d: _indicator(d, id="toy.flg"),
     "indicators[1].id: unknown indicator 'toy.flg': no installed plugin registers it and this file does not declare "
     "it; did you mean 'toy.flag'? (allowed: rules.cod, rules.other, toy.a, toy.b, toy.c, toy.flag, toy.kind, "
     "toy.share)"),
    # two ids as close as each other are both given, in order, before the list of every known one
    (lambda d: _indicator(d, threshold={"regulation": "rule-40-2012", "limit": "cod"}),
     "indicators[1].threshold.regulation: unknown regulation 'rule-40-2012': no installed plugin or this file "
     "declares it; did you mean 'rule-40-2011' or 'rule-40-2025'? (allowed: other-19-2009, rule-40-2011, "
     "rule-40-2025, toy-rule)"),
    (lambda d: _indicator(d, threshold={"regulation": "rule-40-2011", "limit": "cdo"}),
     "indicators[1].threshold.limit: regulation 'rule-40-2011' sets no limit 'cdo'; did you mean 'cod'? "
     "(allowed: cod)"),
    (lambda d: _indicator(d, references=[{"regulation": "rule-40-2052"}]),
     "indicators[1].references[0]: unknown regulation 'rule-40-2052'; did you mean 'rule-40-2025'?"),
])
def test_an_unknown_id_close_to_a_known_one_is_said_with_did_you_mean(doc, registry, change, expected):
    assert any(expected in p for p in _problems(doc, registry, change)), _problems(doc, registry, change)


def test_an_unknown_id_far_from_every_known_one_lists_them_without_a_guess(doc, registry):
    (line,) = _problems(doc, registry, lambda d: _indicator(d, scorer={"method": "magic"}))
    assert line.endswith("scorer.method: unknown scorer 'magic' (allowed: bands, boolean, categorical, linear, "
                         "ratio_to_limit, target)")


def test_did_you_mean_is_said_in_vietnamese(doc, registry):
    (line,) = _problems(doc, registry, lambda d: _indicator(d, scorer={"method": "categorial"}), lang="vi")
    assert "phương pháp chấm không xác định 'categorial'; có phải là 'categorical'?" in line
    lines = _problems(doc, registry, lambda d: _indicator(d, threshold={"regulation": "rule-40-2012",
                                                                         "limit": "cod"}), lang="vi")
    (line,) = [p for p in lines if "rule-40-2012" in p]
    assert "văn bản quy định không xác định 'rule-40-2012'" in line
    assert "did you mean" not in line and " or " not in line and "'rule-40-2011'" in line


@pytest.mark.parametrize("threshold", [{"regulation": "rule-40-2012", "limit": "cod"},
                                       {"regulation": "rule-40-2011", "limit": "cdo"}])
def test_a_refused_threshold_is_said_once_not_again_as_a_missing_limit(doc, registry, threshold):
    # before: the cause, then "needs a limit", then "'limit' is a required key" for one slip
    lines = _problems(doc, registry, lambda d: _indicator(d, scorer={"method": "ratio_to_limit"},
                                                          threshold=threshold))
    assert len(lines) == 1 and "threshold." in lines[0], lines


def test_a_ratio_to_limit_without_any_threshold_still_needs_its_limit(doc, registry):
    def change(d):
        _indicator(d, scorer={"method": "ratio_to_limit"})
        d["pillars"][0]["criteria"][0]["indicators"][1].pop("threshold")

    lines = _problems(doc, registry, change)
    assert any("scorer 'ratio_to_limit' needs a limit" in line for line in lines), lines


def test_the_kind_of_a_duplicate_id_or_of_zero_weights_is_said_in_vietnamese_too(doc, registry):
    """The audit's finding: 'mã indicator …', 'các indicators này' spliced English kind words into Vietnamese."""
    def change(d):
        indicators = d["pillars"][0]["criteria"][0]["indicators"]
        indicators.append(dict(indicators[0]))
        for ind in indicators:
            ind["weight"] = 0

    english = _problems(doc, registry, change)
    assert any("duplicate indicator id" in line for line in english), english
    assert any("the weights of these indicators sum to 0" in line for line in english), english
    vietnamese = " ".join(_problems(doc, registry, change, lang="vi"))
    assert "mã chỉ số" in vietnamese and "các chỉ số này" in vietnamese
    assert "indicator id" not in vietnamese and "these indicators" not in vietnamese


def _local(d, requires):
    d["fields"] = [{"id": "craft_age_years", "label": {"vi": "Tuổi nghề", "en": "Craft age"}, "type": "integer"}]
    d["indicators"] = [{"id": "mine.age", "label": {"vi": "Tuổi nghề", "en": "Craft age"}, "unit": "years",
                        "direction": "higher", "requires": requires,
                        "scorer": {"method": "linear", "params": {"worst": 0, "best": 100}}}]
    d["pillars"][0]["criteria"][0]["indicators"].append({"id": "mine.age", "weight": 1})


def test_an_indicator_of_the_file_requiring_an_unknown_field_is_refused_not_left_unscored(doc, registry):
    """Before: a misspelt 'requires' validated, and the indicator was never scored, with no word said."""
    (line,) = _problems(doc, registry, lambda d: _local(d, ["craft_age_year"]))
    assert line == ("fw.yaml: $.indicators[0].requires[0]: indicator 'mine.age' requires unknown field "
                    "'craft_age_year': no installed plugin registers it and this file does not declare it (under "
                    "'fields'), so the indicator could never be scored; did you mean 'craft_age_years'? (allowed: "
                    "craft_age_years, a, b, c, craft, flag, kind, total, zone)")  # the file's own fields first
    (line,) = _problems(doc, registry, lambda d: _local(d, ["craft_age_year"]), lang="vi")
    assert "chỉ số 'mine.age' cần trường số liệu không xác định 'craft_age_year'" in line
    assert "có phải là 'craft_age_years'?" in line
    resolve_framework(_changed(doc, lambda d: _local(d, ["craft_age_years"])), registry, name="fw.yaml")


def _changed(doc, change):
    doc = copy.deepcopy(doc)
    change(doc)
    return doc


def test_a_long_list_of_known_ids_names_the_first_and_counts_the_others(doc, registry):
    from villagescore.framework.checks import SHOWN_KNOWN, known_list

    ids = [f"id{k:02d}" for k in range(SHOWN_KNOWN + 5)]
    assert str(known_list(ids, SHOWN_KNOWN)) == ", ".join(ids[:SHOWN_KNOWN]) + " … and 5 more"
    assert known_list(ids[:3], SHOWN_KNOWN) == "id00, id01, id02"
    assert known_list(ids, SHOWN_KNOWN).text("vi").endswith("… và 5 mục khác")


@pytest.mark.parametrize(("ident", "cite"), [("rules.cod", "{regulation: rule-40-2011, limit: cod}"),
                                             ("rules.other", "{regulation: other-19-2009, limit: cod}")])
def test_an_indicator_without_default_threshold_says_which_limit_to_cite(doc, registry, ident, cite):
    """Before: "needs a limit" twice (and its scorer's missing 'limit'), never which limit its references name."""
    lines = _problems(doc, registry, lambda d: d["pillars"][0]["criteria"][0]["indicators"].append(
        {"id": ident, "weight": 1}))
    assert lines == [f"fw.yaml: $.pillars[0].criteria[0].indicators[2]: scorer 'ratio_to_limit' needs a limit, and "
                     f"indicator '{ident}' has no default threshold: give it one here citing the limit its references "
                     f"name, threshold: {cite}, or write the number as params.limit"]
    (line,) = _problems(doc, registry, lambda d: d["pillars"][0]["criteria"][0]["indicators"].append(
        {"id": ident, "weight": 1}), lang="vi")
    assert f"chỉ số '{ident}' không có ngưỡng mặc định" in line and f"threshold: {cite}, hoặc" in line


@pytest.mark.parametrize("change", [
    lambda d: d["pillars"][0].update(id="overall"),
    lambda d: d["pillars"][0]["criteria"][0].update(id="overall"),
])
def test_overall_is_refused_as_a_pillar_or_criterion_id_its_columns_being_the_overall_score_s(doc, registry, change):
    lines = _problems(doc, registry, change)
    assert any("'overall' is reserved for the overall score" in line for line in lines), lines
    vi = _problems(doc, registry, change, lang="vi")
    assert any("'overall' đã được dành riêng cho điểm tổng hợp" in line for line in vi), vi


def test_a_plugin_s_regulation_links_are_not_a_problem_of_every_framework_file(doc, registry):
    """Before, one plugin's unknown ``replaces`` failed every framework, blamed on its ``$.regulations``.

    The registry says (and leaves out) such a regulation; a framework checks only the links of its own.
    """
    import dataclasses

    slipped = Regulation("rule-40-2025", "Rule 40/2025", "verified", replaces=("rule-40-2010",))
    unchecked = dataclasses.replace(registry, regulations={**registry.regulations, slipped.id: slipped})
    assert resolve_framework(copy.deepcopy(doc), unchecked, name="fw.yaml").id == "toy"
    said = _problems(doc, unchecked, lambda d: d["regulations"][0].update(replaces=["toy-rule-2019"]))
    assert said == ["fw.yaml: $.regulations[0]: regulation 'toy-rule' refers to unknown regulation 'toy-rule-2019'"]


def test_an_unknown_sector_in_a_plugin_s_indicator_is_said_as_the_plugin_s_slip(doc, registry):
    """Before, the advice said "a framework file cannot add one" of a sector the file never named."""
    import dataclasses

    ident = doc["pillars"][0]["criteria"][0]["indicators"][1]["id"]
    slipped = dataclasses.replace(registry.indicators[ident], sectors=("alpah",))
    changed = dataclasses.replace(registry, indicators={**registry.indicators, ident: slipped})
    (said,) = [p for p in _problems(doc, changed, lambda d: None) if "sector" in p]
    assert (f"indicators[1].sectors[0]: unknown sector 'alpah' in the sectors of indicator {ident!r}, given by plugin "
            "'toy': no installed plugin registers it; correct the indicator's sectors, or the plugin that should "
            "register the sector; did you mean 'alpha'?") in said
    assert "a framework file cannot add one" not in said


def test_an_empty_provision_or_document_of_a_file_s_reference_is_left_out_as_the_python_api_does(doc, registry):
    """Walk 15 review: `provision: ""` (valid as before) replaced a cited limit's provision with nothing."""
    doc = copy.deepcopy(doc)
    _indicator(doc, references=[{"regulation": "rule-40-2011", "limit": "cod", "provision": ""},
                                {"document": "project benchmark", "provision": ""},
                                {"regulation": "other-19-2009", "document": ""}])
    fw = resolve_framework(doc, registry, name="fw.yaml")
    node = fw.pillars[0].criteria[0].indicators[1]
    by_limit, benchmark, other = node.references[:3]  # then the threshold's citations
    assert "provision" not in by_limit and by_limit["limit"] == "cod"
    assert benchmark == {"document": "project benchmark"}
    assert other["document"] == "Other 19/2009"
