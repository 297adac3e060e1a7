"""Ids registered objects name across plugins (villagescore.registry_links): said once, naming the plugin."""

from __future__ import annotations

import pytest

from villagescore import Indicator, Measure, Regulation, Sector, hookimpl
from villagescore.errors import PluginError
from villagescore.plugins import PluginLoadWarning, get_plugin_manager
from villagescore.registry import Registry

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")

LABEL = {"vi": "Nhãn", "en": "Label"}


class Rules:
    """Three versions of a rule; ``replaces``/``replaced_by`` of the newest two as given."""

    def __init__(self, replaces=("x-rule-2020",), replaced_by="x-rule-2025") -> None:
        self.replaces, self.replaced_by = replaces, replaced_by

    @hookimpl
    def register_regulations(self):
        return [Regulation("x-rule-2015", "X 2015", "estimate"),
                Regulation("x-rule-2020", "X 2020", "estimate", replaced_by=self.replaced_by),
                Regulation("x-rule-2025", "X 2025", "estimate", replaces=self.replaces)]


class Measures:
    """A sector whose measure improves the indicators given."""

    def __init__(self, *improves: str) -> None:
        self.improves = improves

    @hookimpl
    def register_fields(self):
        from villagescore import Field

        return [Field("dye_share", LABEL, minimum=0, maximum=100)]

    @hookimpl
    def register_indicators(self):
        return [Indicator("dye.natural_share", LABEL, "%", "higher", ("dye_share",))]

    @hookimpl
    def register_sectors(self):
        return [Sector("dye", LABEL, measures=(Measure("dye.plant_dyes", LABEL, self.improves),))]


def _registry(*plugins, strict=False) -> Registry:
    return Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=plugins), strict=strict)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("VILLAGESCORE_STRICT_PLUGINS", raising=False)


def test_linked_versions_load_as_they_are():
    registry = _registry(("rules", Rules()))
    assert registry.regulations["x-rule-2025"].replaces == ("x-rule-2020",)


def test_a_regulation_linked_to_an_unknown_version_is_left_out_naming_its_plugin():
    with pytest.warns(PluginLoadWarning) as record:
        registry = _registry(("rules", Rules(replaces=("x-rule-2019",))))
    said = [w.message for w in record if isinstance(w.message, PluginLoadWarning)]
    assert [str(m) for m in said] == [
        "plugin 'rules': regulation 'x-rule-2025' refers to unknown regulation 'x-rule-2019' in replaces (did you "
        "mean 'x-rule-2015'?); the regulation is left out: declare that version, or correct the id",
        "plugin 'rules': regulation 'x-rule-2020' refers to regulation 'x-rule-2025' in replaced_by, which is left "
        "out (see above); the regulation is left out too"]
    assert said[0].text("vi").startswith("plugin 'rules': văn bản quy định 'x-rule-2025' dẫn đến văn bản quy định "
                                         "không xác định 'x-rule-2019' ở replaces")
    assert list(registry.regulations) == ["x-rule-2015"]
    with pytest.raises(PluginError, match="plugin 'rules': regulation 'x-rule-2025' refers to unknown regulation"):
        _registry(("rules", Rules(replaces=("x-rule-2019",))), strict=True)


def test_the_other_plugins_and_every_framework_still_load():
    import villagescore as vs

    with pytest.warns(PluginLoadWarning) as record:
        registry = Registry.from_plugin_manager(get_plugin_manager(plugins=(("rules", Rules(replaced_by="x-rule-2052")),
                                                                            )), strict=False)
    assert any("refers to unknown regulation 'x-rule-2052' in replaced_by" in str(w.message) for w in record)
    assert "x-rule-2020" not in registry.regulations and "lep-2020" in registry.regulations
    assert vs.load_framework("vn-ttcn-sustainable", registry).id == "vn-ttcn-sustainable"


def test_a_measure_improving_an_unknown_indicator_is_said_with_the_one_meant():
    with pytest.warns(PluginLoadWarning) as record:
        registry = _registry(("dye", Measures("dye.natural_shar")))
    (said,) = [w.message for w in record if isinstance(w.message, PluginLoadWarning)]
    assert str(said) == ("plugin 'dye': measure 'dye.plant_dyes' improves unknown indicator 'dye.natural_shar' (did "
                         "you mean 'dye.natural_share'?): no plugin registers it, so no improvement plan proposes the "
                         "measure for it")
    assert said.text("vi").startswith("plugin 'dye': biện pháp 'dye.plant_dyes' cải thiện chỉ số không xác định")
    assert "dye.plant_dyes" in registry.measures()
    with pytest.raises(PluginError, match="improves unknown indicator 'dye.natural_shar'"):
        _registry(("dye", Measures("dye.natural_shar")), strict=True)


def test_a_measure_improving_a_known_indicator_is_not_said(recwarn):
    _registry(("dye", Measures("dye.natural_share")))
    assert not [w for w in recwarn if issubclass(w.category, PluginLoadWarning)]


def test_a_plugin_whose_indicators_failed_is_not_told_again_of_its_own_measures():
    class Broken(Measures):
        @hookimpl
        def register_indicators(self):
            raise ValueError("indicator 'dye.natural_share': sectors must be a tuple or a list")

    with pytest.warns(PluginLoadWarning) as record:
        _registry(("dye", Broken("dye.natural_share")))
    said = [str(w.message) for w in record if isinstance(w.message, PluginLoadWarning)]
    assert len(said) == 1 and said[0].startswith("plugin 'dye' failed in hook register_indicators")


def test_a_link_to_a_version_whose_plugin_failed_names_that_failure():
    class Failing:
        @hookimpl
        def register_regulations(self):
            raise ValueError("boom")

    with pytest.warns(PluginLoadWarning) as record:
        _registry(("rules", Rules(replaces=("y-rule-2020",))), ("other", Failing()))
    said = [str(w.message) for w in record if "y-rule-2020" in str(w.message)]
    assert said and "(note: plugin 'other' failed to load its regulations: ValueError: boom)" in said[0]


def test_a_measure_improving_an_indicator_of_a_plugin_not_loaded_is_not_said(recwarn):
    """Review (thirteenth walk): ``generate.py --plugins weaving`` printed 13 warnings for ``environment.*`` ids."""
    _registry(("dye", Measures("dye.natural_share", "environment.effluent_cod", "governance.village_convention")))
    assert not [w for w in recwarn if issubclass(w.category, PluginLoadWarning)]
    with pytest.warns(PluginLoadWarning, match="improves unknown indicator 'natural_share'"):
        _registry(("dye", Measures("natural_share")))  # no namespace: a slip, said


def test_the_main_command_line_is_as_quiet_with_a_plugin_disabled(monkeypatch, recwarn):
    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", "environment")
    Registry.from_plugin_manager(get_plugin_manager(strict=False), strict=False)
    assert not [w for w in recwarn if "improves unknown indicator" in str(w.message)]


def test_a_misspelt_namespace_is_said_with_the_one_meant():
    """Review 9 #1: a namespace no plugin installed has (``enviroment``) was taken for a plugin not loaded."""
    with pytest.warns(PluginLoadWarning, match="improves unknown indicator 'enviroment.effluent_cod'"):
        _registry(("dye", Measures("dye.natural_share", "enviroment.effluent_cod")))


def test_as_an_error_a_link_to_an_unknown_version_is_not_said_to_be_left_out():
    """Review 7 #1: the error (strict mode, a catalogue file) said "the regulation is left out" while it stopped all."""
    with pytest.raises(PluginError) as caught:
        _registry(("rules", Rules(replaces=("x-rule-2019",))), strict=True)
    assert "left out" not in str(caught.value) and str(caught.value).endswith("declare that version, or correct the id")
    assert "bị bỏ qua" not in caught.value.text("vi")


def test_a_regulation_left_out_is_named_where_its_id_is_then_unknown():
    """Review 7 #6: a dropped regulation was later said to be declared by no installed plugin."""
    with pytest.warns(PluginLoadWarning):
        registry = _registry(("rules", Rules(replaces=("x-rule-2019",))))
    assert set(registry.left_out_regulations) == {"x-rule-2025", "x-rule-2020"}
    hint = registry.failure_hint("register_regulations")
    assert ("(note: plugin 'rules' declared regulation 'x-rule-2025', left out: it refers to unknown regulation "
            "'x-rule-2019' in replaces)") in hint.text("en")
    assert "(lưu ý: plugin 'rules' có khai báo văn bản quy định 'x-rule-2020' nhưng văn bản này bị bỏ qua" in hint.text(
        "vi")
