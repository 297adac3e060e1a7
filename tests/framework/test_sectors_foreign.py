"""A sector indicator naming a criterion another sector declares is its plugin's slip, never a silent merge.

The audit's repro: a third-party indicator with ``criterion="ceramics_environment"`` (declared by the
ceramics sector, not by its own) was scored inside the ceramics criterion, changing ceramics villages'
weights and scores, and nothing was said, even with ``--strict-plugins``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import warnings

import pytest

from tests.framework.test_sectors import LABEL, NonLa, _framework, _registry_of
from villagescore import Field, Indicator, Sector, SectorCriterion, hookimpl
from villagescore.errors import PluginError
from villagescore.framework import load_framework
from villagescore.plugins import PluginLoadWarning, get_plugin_manager
from villagescore.registry import Registry

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")


class Lacq:
    """A third-party sector whose indicator names ``criterion`` (another sector's, unless told)."""

    def __init__(self, criterion: str = "non_la_environment", pillar: str = "env", sectors=("lacq",)) -> None:
        self.criterion, self.pillar, self.sectors = criterion, pillar, sectors

    @hookimpl
    def register_sectors(self):
        return [Sector("lacq", {"vi": "Sơn mài", "en": "Lacquer"},
                       criteria=(SectorCriterion("lacq_environment", self.pillar, LABEL),))]

    @hookimpl
    def register_fields(self):
        return [Field("lacq_voc_pct", LABEL, unit="%", minimum=0, maximum=100)]

    @hookimpl
    def register_indicators(self):
        return [Indicator("lacq.voc", LABEL, "%", "lower", ("lacq_voc_pct",), sectors=self.sectors,
                          pillar=self.pillar, criterion=self.criterion,
                          scorer={"method": "linear", "params": {"worst": 100, "best": 0}})]


SAID = ("lacq.voc: $.criterion: criterion 'non_la_environment' is declared by sector 'non_la' (plugin 'nonla'), "
        "not by sector 'lacq': the indicator would be scored in that sector's criterion. Declare a criterion of its "
        "own in sector 'lacq'")


def test_an_indicator_naming_another_sector_s_criterion_leaves_its_sector_out_and_the_other_sector_unchanged():
    with pytest.warns(PluginLoadWarning) as record:
        fw = _framework(_registry_of(NonLa(), Lacq()))
    (warning,) = [str(w.message) for w in record]
    assert warning.startswith("plugin 'lacq': sector 'lacq' cannot join framework 'demo' through sector_criteria:\n")
    assert f"\n  {SAID}" in warning
    assert "leave `criterion` out to join the sector's default criterion 'lacq_env'" in warning
    crit = fw.pillars[0].criteria[-1]
    assert (crit.id, crit.sector, [n.id for n in crit.indicators]) == ("non_la_environment", "non_la",
                                                                       ["non_la.sulphur_free"])
    assert fw.resolved_sha256 == _framework(_registry_of(NonLa())).resolved_sha256


def test_under_strict_plugins_it_is_an_error_and_it_is_said_in_vietnamese():
    with pytest.raises(PluginError, match="plugin 'lacq': sector 'lacq' cannot join framework 'demo'") as info:
        _framework(_registry_of(NonLa(), Lacq(), strict=True))
    assert SAID in str(info.value)
    text = info.value.text("vi")
    assert "lacq.voc: $.criterion:" in text and "'non_la_environment'" in text and "'lacq'" in text
    assert "is declared by sector" not in text and "khai báo" in text


def test_its_own_criterion_or_one_of_its_own_sectors_joins_as_before():
    with _no_warning():
        fw = _framework(_registry_of(NonLa(), Lacq("lacq_environment")))
    assert [(c.id, c.sector) for c in fw.pillars[0].criteria] == [("own", ""), ("lacq_environment", "lacq"),
                                                                  ("non_la_environment", "non_la")]
    # an indicator of both sectors may name the criterion one of them declares (the same rule for every sector)
    with _no_warning():
        fw = _framework(_registry_of(NonLa(), Lacq(sectors=("lacq", "non_la"))))
    joined = next(c for c in fw.criteria if c.id == "non_la_environment")
    assert sorted(n.id for n in joined.indicators) == ["lacq.voc", "non_la.sulphur_free"]


def test_the_national_framework_keeps_the_ceramics_criterion_when_a_plugin_names_it():
    """The audit's case: a third-party indicator naming ``ceramics_environment`` changed the ceramics criterion."""

    class Dyeing(Lacq):
        @hookimpl
        def register_indicators(self):
            return [dataclasses.replace(ind, id="dyeing.voc") for ind in super().register_indicators()]

    plain = load_framework(None, Registry.default())
    pm = get_plugin_manager(plugins=(("dyeing", Dyeing("ceramics_environment", pillar="environment")),))
    with pytest.warns(PluginLoadWarning, match=r"dyeing\.voc: \$\.criterion: criterion 'ceramics_environment' is "
                                               r"declared by sector 'ceramics' \(plugin 'ceramics'\)"):
        fw = load_framework(None, Registry.from_plugin_manager(pm, strict=False))
    assert fw.resolved_sha256 == plain.resolved_sha256


@contextlib.contextmanager
def _no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_a_catalogue_naming_the_ceramics_criterion_is_told_to_fix_its_file(tmp_path):
    """The same rule for a sector without code: its indicators' ``criterion`` is its own sector's."""
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "catalogues" / "bronze-casting.yaml"
    path = tmp_path / "bronze.yaml"
    path.write_text(example.read_text("utf-8").replace("criterion: bronze_casting_environment",
                                                       "criterion: ceramics_environment"), encoding="utf-8")
    with pytest.raises(PluginError) as info:
        load_framework(None, Registry.default(catalogues=(path,)))
    text = str(info.value)
    assert "criterion 'ceramics_environment' is declared by sector 'ceramics' (plugin 'ceramics'), not by sector " \
           "'bronze_casting'" in text
    assert text.endswith(f"Fix the catalogue file {path}.")
