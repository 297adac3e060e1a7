"""A scorer's own check: its messages said in the reader's language, a malformed one the plugin's error."""

from __future__ import annotations

import copy

import pytest

from villagescore import Scorer, hookimpl
from villagescore.errors import FrameworkError, PluginError
from villagescore.framework import load_framework_document, resolve_framework
from villagescore.framework.scorer_check import scorer_check_problems
from villagescore.plugins import get_plugin_manager
from villagescore.registry import Registry

MIDPOINT = {"vi": "điểm giữa phải trong 0..100", "en": "midpoint must be within 0..100"}


def _scorer(found):
    return Scorer("pot_linear", lambda v, p: v, check=lambda params, field: found, plugin="potx")


def test_a_third_party_scorer_s_check_is_said_in_vietnamese_when_framework_loading_reports_it(support_dir):
    from tests.support import toy_plugin

    class Potx:
        @hookimpl
        def register_scorers(self):
            return [Scorer("pot_linear", lambda v, p: v, {"type": "object"},
                           check=lambda p, f: [("midpoint", MIDPOINT)] if p.get("midpoint", 0) > 100 else [])]

    registry = Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(
        ("toy", toy_plugin), ("potx", Potx()))))
    doc = copy.deepcopy(load_framework_document(support_dir / "toy-framework.yaml")[0])
    doc["pillars"][0]["criteria"][0]["indicators"][1]["scorer"] = {"method": "pot_linear", "params": {"midpoint": 500}}
    with pytest.raises(FrameworkError) as info:
        resolve_framework(doc, registry, name="fw.yaml")
    assert "params.midpoint: điểm giữa phải trong 0..100" in info.value.text("vi")
    assert "params.midpoint: midpoint must be within 0..100" in info.value.text("en")


def test_a_message_in_both_languages_is_said_in_the_reader_s():
    ((where, message),) = scorer_check_problems(_scorer([("midpoint", MIDPOINT)]), {}, None)
    assert where == "midpoint"
    assert message.text("vi") == "điểm giữa phải trong 0..100" and str(message) == "midpoint must be within 0..100"


def test_a_plain_text_is_kept_as_it_is():
    assert scorer_check_problems(_scorer([("midpoint", "too high")]), {}, None) == [("midpoint", "too high")]


@pytest.mark.parametrize("found", [[("midpoint", 5)], [("midpoint", {"en": "too high"})], [("midpoint",)],
                                   [("midpoint", {"vi": "", "en": "too high"})]])
def test_any_other_message_is_an_error_naming_the_plugin(found):
    with pytest.raises(PluginError, match="plugin 'potx': the check of scorer 'pot_linear' gave"):
        scorer_check_problems(_scorer(found), {}, None)


@pytest.mark.parametrize("check", [lambda p, f: None, lambda p, f: 1 / 0])
def test_a_check_that_gives_none_or_raises_is_an_error_naming_the_plugin_not_a_traceback(check):
    scorer = Scorer("pot_linear", lambda v, p: v, check=check, plugin="potx")
    with pytest.raises(PluginError, match="plugin 'potx': the check of scorer 'pot_linear' (gave None|failed: "
                                          "ZeroDivisionError)"):
        scorer_check_problems(scorer, {}, None)


def test_a_path_of_none_is_the_parameters_as_a_whole():
    assert scorer_check_problems(_scorer([(None, "too high")]), {}, None) == [("", "too high")]


def test_a_slip_of_the_check_in_a_framework_file_s_own_indicator_is_a_located_problem(support_dir):
    from tests.support import toy_plugin

    class Potx:
        @hookimpl
        def register_scorers(self):
            return [Scorer("pot_linear", lambda v, p: v, {"type": "object"}, check=lambda p, f: 1 / 0)]

    registry = Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(
        ("toy", toy_plugin), ("potx", Potx()))))
    doc = copy.deepcopy(load_framework_document(support_dir / "toy-framework.yaml")[0])
    doc["pillars"][0]["criteria"][0]["indicators"][1]["scorer"] = {"method": "pot_linear", "params": {}}
    with pytest.raises(FrameworkError) as info:
        resolve_framework(doc, registry, name="fw.yaml")
    assert ("$.pillars[0].criteria[0].indicators[1].scorer.params: plugin 'potx': the check of scorer "
            "'pot_linear' failed: ZeroDivisionError") in info.value.text("en")
    assert "bị lỗi: ZeroDivisionError" in info.value.text("vi")
