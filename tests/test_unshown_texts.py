"""Texts no report shows (a sector's, measure's, indicator's description) without both languages: said, not refused."""

from __future__ import annotations

import warnings

import pytest

from tests.support import toy_plugin
from villagescore import Field, Indicator, Measure, Sector, hookimpl
from villagescore.errors import PluginError
from villagescore.plugins import PluginLoadWarning, get_plugin_manager
from villagescore.registry import Registry

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")

LABEL = {"vi": "Gốm", "en": "Pottery"}


class Potx:
    """A third-party sector whose descriptions are in English only, as ``Mapping[str, str]`` allowed."""

    @hookimpl
    def register_sectors(self):
        return [Sector("potx", LABEL, description={"en": "Kiln villages"},
                       measures=(Measure("potx.gas", LABEL, ("potx.smoke",), description="Gas kilns"),))]

    @hookimpl
    def register_fields(self):
        return [Field("potx_smoke", LABEL, unit="h", minimum=0, maximum=24)]

    @hookimpl
    def register_indicators(self):
        return [Indicator("potx.smoke", LABEL, "h", "lower", ("potx_smoke",), sectors=("potx",),
                          description={"vi": "Khói", "en": "Smoke"})]


def _registry(strict=False):
    pm = get_plugin_manager(entrypoints=False, strict=strict, plugins=(("toy", toy_plugin), ("potx", Potx())))
    return Registry.from_plugin_manager(pm, strict=strict)


def test_an_english_only_description_loads_the_plugin_with_a_warning_naming_it():
    with pytest.warns(PluginLoadWarning) as record:
        registry = _registry()
    said = sorted(str(w.message) for w in record if isinstance(w.message, PluginLoadWarning))
    assert said == [
        "plugin 'potx': measure 'potx.gas': description should be a mapping with non-empty 'vi' and 'en' texts (no "
        "report shows it yet): give it in both languages",
        "plugin 'potx': sector 'potx': description should be a mapping with non-empty 'vi' and 'en' texts (no report "
        "shows it yet): give it in both languages"]
    assert registry.sectors["potx"].description == {"en": "Kiln villages"} and "potx.smoke" in registry.indicators
    vi = next(w.message for w in record if "sector 'potx'" in str(w.message)).text("vi")
    assert vi.startswith("plugin 'potx': ngành nghề 'potx': description nên là một ánh xạ")


def test_under_strict_plugins_it_is_an_error():
    with pytest.raises(PluginError, match="plugin 'potx': sector 'potx': description should be"):
        _registry(strict=True)


def test_descriptions_in_both_languages_say_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin),)))
