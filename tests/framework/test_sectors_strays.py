"""A sector indicator placed in a pillar that takes no sector criteria joins nothing: said, never silent.

The audit's repro: a plugin indicator with ``pillar="governance"`` (a pillar of the national
framework without ``sector_criteria``), or a pillar the framework lacks, was listed nowhere,
passed ``--strict-plugins`` and scored nothing without a word.
"""

from __future__ import annotations

import warnings

import pytest

from tests.framework.test_sectors import LABEL, Dye, _framework, _registry_of
from villagescore import FrameworkSource, hookimpl
from villagescore.errors import PluginError
from villagescore.framework import load_framework
from villagescore.plugins import PluginLoadWarning, get_plugin_manager
from villagescore.registry import Registry

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")


def _two_pillars(registry):
    """Pillar ``env`` takes sector criteria, pillar ``gov`` does not."""
    from villagescore.framework import resolve_framework

    own = [{"id": "own", "label": LABEL, "weight": 1, "indicators": [{"id": "toy.a", "weight": 1}]}]
    gov = [{"id": "own_gov", "label": LABEL, "weight": 1, "indicators": [{"id": "toy.b", "weight": 1}]}]
    doc = {"id": "demo", "version": "1.0", "title": LABEL,
           "pillars": [{"id": "env", "label": LABEL, "weight": 1, "criteria": own, "sector_criteria": {"weight": 1}},
                       {"id": "gov", "label": LABEL, "weight": 1, "criteria": gov}],
           "rating": {"tiers": [{"id": "all", "label": LABEL, "min_score": 0}]}}
    return resolve_framework(doc, registry, name="demo.yaml")


def test_a_sector_indicator_in_a_pillar_without_sector_criteria_is_said_with_the_reason():
    with pytest.warns(PluginLoadWarning) as record:
        fw = _two_pillars(_registry_of(Dye(pillar="gov")))
    (warning,) = record
    text = str(warning.message)
    assert text.startswith("plugin 'dye': indicator(s) of sector 'dye' join no pillar of framework 'demo'")
    assert ("  dye.cr: $.pillar: pillar 'gov' of framework 'demo' does not take sector criteria (no "
            "`sector_criteria`)") in text
    assert "Place them in a pillar that takes sector criteria (env)" in text
    assert "dye.cr" not in {n.id for n in fw.indicators}
    vi = warning.message.text("vi")
    assert "'gov'" in vi and "sector_criteria" in vi and "does not take" not in vi and "join no" not in vi


def test_a_sector_indicator_in_a_pillar_the_framework_lacks_names_the_pillars_it_has():
    with pytest.warns(PluginLoadWarning) as record:
        _two_pillars(_registry_of(Dye(pillar="workplace")))
    text = str(record[0].message)
    assert "dye.cr: $.pillar: no pillar 'workplace' in framework 'demo': the framework's pillars are env, gov" in text
    assert "pillar" in record[0].message.text("vi") and "the framework's pillars" not in record[0].message.text("vi")


def test_under_strict_plugins_an_indicator_that_joins_nothing_is_an_error():
    with pytest.raises(PluginError, match="pillar 'gov' of framework 'demo' does not take sector criteria"):
        _two_pillars(_registry_of(Dye(pillar="gov"), strict=True))


def test_a_framework_that_takes_no_sector_criteria_at_all_says_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fw = _framework(_registry_of(Dye(pillar="gov")), block=None)
    assert [n.id for n in fw.indicators] == ["toy.a"]


class Craft(Dye):
    """A sector written for another framework, which a plugin ships, with a pillar ``craft`` taking sector criteria."""

    def __init__(self, folder):
        super().__init__(pillar="craft")
        self.folder = folder

    @hookimpl
    def register_frameworks(self):
        path = self.folder / "craft.yaml"
        path.write_text("""id: craft-fw
version: "1.0"
title: {vi: Nghề, en: Craft}
pillars:
  - id: craft
    label: {vi: Nghề, en: Craft}
    weight: 1
    criteria: []
    sector_criteria: {weight: 1}
rating:
  tiers: [{id: all, label: {vi: Tất cả, en: All}, min_score: 0}]
""", encoding="utf-8")
        return [FrameworkSource(path)]


def test_a_pillar_that_another_shipped_framework_takes_sector_criteria_in_is_that_framework_s(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fw = _framework(_registry_of(Craft(tmp_path)))
    assert [c.id for c in fw.pillars[0].criteria] == ["own"]


def test_the_national_framework_says_a_sector_indicator_placed_in_its_governance_pillar():
    """The audit's repro: ``framework show`` listed nothing and ``villagescore.evaluate()`` warned nothing."""
    pm = get_plugin_manager(plugins=(("dye", Dye(pillar="governance")),))
    with pytest.warns(PluginLoadWarning, match="pillar 'governance' of framework 'vn-ttcn-sustainable' does not take "
                                               "sector criteria"):
        load_framework(None, Registry.from_plugin_manager(pm, strict=False))
