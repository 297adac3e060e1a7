"""Sector criteria: third-party sectors written with the Python object API join a framework that accepts them."""

from __future__ import annotations

import dataclasses
import warnings

import pytest

from tests.support import toy_plugin
from villagescore import Field, Indicator, Limit, Regulation, Scorer, Sector, SectorCriterion, hookimpl
from villagescore.errors import PluginError
from villagescore.framework import idle_sectors, load_framework, resolve_framework, resolved_document
from villagescore.plugins import PluginLoadWarning, get_plugin_manager
from villagescore.registry import Registry
from villagescore.testing import evaluate_rows

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")

LABEL = {"vi": "Nhãn", "en": "Label"}


class NonLa:
    """A conical-hat (nón lá) sector plugin: one field, one indicator placed by pillar and criterion."""

    @hookimpl
    def register_sectors(self):
        return [Sector("non_la", {"vi": "Nón lá", "en": "Conical hats"},
                       criteria=(SectorCriterion("non_la_environment", "env",
                                                 {"vi": "Nón lá: môi trường", "en": "Conical hats: environment"}),))]

    @hookimpl
    def register_fields(self):
        return [Field("non_la_sulphur_free_pct", LABEL, unit="%", minimum=0, maximum=100)]

    @hookimpl
    def register_indicators(self):
        return [Indicator("non_la.sulphur_free", LABEL, "%", "higher", ("non_la_sulphur_free_pct",),
                          sectors=("non_la",), pillar="env", criterion="non_la_environment",
                          scorer={"method": "linear", "params": {"worst": 0, "best": 100}})]


class Gom:
    """A second third-party sector (pottery) with two indicators in one criterion, weighted 3:1."""

    @hookimpl
    def register_sectors(self):
        return [Sector("gom", {"vi": "Gốm", "en": "Pottery"})]

    @hookimpl
    def register_fields(self):
        return [Field("gom_gas_kiln_pct", LABEL, unit="%", minimum=0, maximum=100),
                Field("gom_dust_mask_pct", LABEL, unit="%", minimum=0, maximum=100)]

    @hookimpl
    def register_indicators(self):
        linear = {"method": "linear", "params": {"worst": 0, "best": 100}}
        return [Indicator("gom.gas_kiln", LABEL, "%", "higher", ("gom_gas_kiln_pct",), sectors=("gom",),
                          pillar="env", criterion="gom_kilns", weight=3, scorer=linear),
                Indicator("gom.dust_mask", LABEL, "%", "higher", ("gom_dust_mask_pct",), sectors=("gom",),
                          pillar="env", criterion="gom_kilns", weight=1, scorer=linear)]


def _registry(*plugins):
    pm = get_plugin_manager(entrypoints=False, strict=True,
                            plugins=(("toy", toy_plugin), *((type(p).__name__.lower(), p) for p in plugins)))
    return Registry.from_plugin_manager(pm, strict=True)


def _framework(registry, *, block: float | None = 1.0):
    """One pillar ``env`` with the framework's own criterion on toy.a; ``block`` is the sector block weight."""
    pillar = {"id": "env", "label": {"vi": "Môi trường", "en": "Environment"}, "weight": 1,
              "criteria": [{"id": "own", "label": LABEL, "weight": 1, "indicators": [{"id": "toy.a", "weight": 1}]}]}
    if block is not None:
        pillar["sector_criteria"] = {"weight": block}
    doc = {"id": "demo", "version": "1.0", "title": LABEL, "pillars": [pillar],
           "rating": {"tiers": [{"id": "all", "label": LABEL, "min_score": 0}]}}
    return resolve_framework(doc, registry, name="demo.yaml")


ROWS = [
    {"village_id": "v-none", "sectors": "alpha", "a": 40},
    {"village_id": "v-hat", "sectors": "non_la", "a": 40, "non_la_sulphur_free_pct": 100},
    {"village_id": "v-pot", "sectors": "gom", "a": 40, "gom_gas_kiln_pct": 100, "gom_dust_mask_pct": 0},
    {"village_id": "v-both", "sectors": "non_la;gom", "a": 40, "non_la_sulphur_free_pct": 100,
     "gom_gas_kiln_pct": 100, "gom_dust_mask_pct": 0},
]


def test_a_sector_plugin_joins_the_pillar_that_accepts_sector_criteria():
    registry = _registry(NonLa())
    fw = _framework(registry)
    crit = fw.pillars[0].criteria[-1]
    assert (crit.id, crit.sector, crit.label["en"]) == ("non_la_environment", "non_la", "Conical hats: environment")
    assert [n.id for n in crit.indicators] == ["non_la.sulphur_free"]
    result = evaluate_rows(fw, ROWS[:2], registry)
    # v-hat: own criterion 40 and the hat criterion 100, equal weights → 70; v-none keeps its own score
    by_id = dict(zip(result.frame["village_id"], result.tree.overall_score, strict=True))
    assert by_id == {"v-hat": pytest.approx(70.0), "v-none": pytest.approx(40.0)}
    weight = result.overall_weights()[list(result.frame["village_id"]).index("v-hat")]
    assert weight[fw.indicators.index(fw.indicator_node("non_la.sulphur_free"))] == pytest.approx(0.5)


def test_two_third_party_sectors_combine_in_one_village_and_share_the_block():
    registry = _registry(NonLa(), Gom())
    fw = _framework(registry)
    assert [c.id for c in fw.pillars[0].criteria] == ["own", "gom_kilns", "non_la_environment"]
    result = evaluate_rows(fw, ROWS, registry)
    scores = dict(zip(result.frame["village_id"], result.tree.overall_score, strict=True))
    # pottery criterion: (3 × 100 + 1 × 0) / 4 = 75
    assert scores["v-pot"] == pytest.approx((40 + 75) / 2)
    assert scores["v-hat"] == pytest.approx((40 + 100) / 2)
    # two sectors split the block equally: 40 × 1 + (100 + 75) × 0.5, over a total weight of 2
    assert scores["v-both"] == pytest.approx((40 + 0.5 * 100 + 0.5 * 75) / 2)
    assert scores["v-none"] == pytest.approx(40.0)
    # the sector criteria weigh 50 % of the pillar for one sector and for two alike
    row = list(result.frame["village_id"]).index("v-both")
    crit_w = result.tree.criterion_weight[row]
    assert crit_w.tolist() == pytest.approx([0.5, 0.25, 0.25])


def test_other_villages_are_unchanged_when_a_sector_is_installed():
    without = evaluate_rows(_framework(_registry()), [ROWS[0]], _registry())
    registry = _registry(NonLa(), Gom())
    with_plugins = evaluate_rows(_framework(registry), [ROWS[0]], registry)
    assert with_plugins.tree.overall_score.tolist() == without.tree.overall_score.tolist()


def test_a_framework_without_a_sector_block_takes_no_sector_indicator():
    registry = _registry(NonLa())
    fw = _framework(registry, block=None)
    assert [n.id for n in fw.indicators] == ["toy.a"]
    assert idle_sectors(fw, {"non_la", "alpha"}) == ["alpha", "non_la"]
    assert idle_sectors(_framework(registry), {"non_la"}) == []


def test_villages_naming_a_sector_that_brings_nothing_are_warned_of_by_the_api_as_by_the_command_line():
    import pandas as pd

    import villagescore as vs
    from villagescore.framework.sectors import IDLE_SECTORS, idle_sectors_said
    from villagescore.i18n import use_language

    registry = _registry(NonLa())
    fw = _framework(registry, block=None)  # the framework takes no sector indicator
    frame = pd.DataFrame([{**ROWS[1], "name": "v", "commune": "x", "province": "Hà Nội", "year": 2024}])
    assert idle_sectors_said(fw, frame) == {"sectors": "non_la", "framework": fw.id}
    use_language("en")
    try:
        with pytest.warns(vs.DataWarning) as caught:
            vs.evaluate(frame, fw, registry=registry)
    finally:
        use_language(None)
    (warned,) = [w.message for w in caught if "non_la" in str(w.message)]
    assert str(warned) == IDLE_SECTORS.format(sectors="non_la", framework=fw.id)  # what the command line says
    assert idle_sectors_said(_framework(registry), frame) is None


def test_joined_sector_criteria_are_written_out_by_export_and_read_back():
    registry = _registry(NonLa(), Gom())
    fw = _framework(registry)
    doc = resolved_document(fw)
    listed = doc["pillars"][0]["sector_criteria"]["criteria"]
    assert [(c["id"], c["sector"], c["share"]) for c in listed] == [("gom_kilns", "gom", 1.0),
                                                                    ("non_la_environment", "non_la", 1.0)]
    again = resolve_framework(doc, registry, name="exported.yaml")
    assert [(c.id, c.sector, c.share) for c in again.criteria] == [(c.id, c.sector, c.share) for c in fw.criteria]
    a = evaluate_rows(fw, ROWS, registry).tree.overall_score
    b = evaluate_rows(again, ROWS, registry).tree.overall_score
    assert a.tolist() == b.tolist()
    assert again.resolved_sha256 == fw.resolved_sha256


def test_a_sector_with_two_criteria_in_a_pillar_splits_its_share_by_criterion_weight():
    class TwoCriteria(NonLa):
        @hookimpl
        def register_sectors(self):
            return [Sector("non_la", LABEL, criteria=(
                SectorCriterion("non_la_environment", "env", LABEL, weight=3),
                SectorCriterion("non_la_water", "env", LABEL, weight=1)))]

        @hookimpl
        def register_indicators(self):
            linear = {"method": "linear", "params": {"worst": 0, "best": 100}}
            return [*super().register_indicators(),
                    Indicator("non_la.water", LABEL, "%", "higher", ("non_la_sulphur_free_pct",), sectors=("non_la",),
                              pillar="env", criterion="non_la_water", scorer=linear)]

    registry = _registry(TwoCriteria())
    fw = _framework(registry)
    assert [(c.id, c.share) for c in fw.criteria] == [("own", 1.0), ("non_la_environment", 0.75),
                                                      ("non_la_water", 0.25)]


# ---- a slip in a sector plugin is the plugin's: the sector is left out, the framework still loads ----


class Dye:
    """A third-party sector with one slip, chosen by ``slip`` (the audit's ``badsector``)."""

    def __init__(self, slip: str = "", pillar: str = "env") -> None:
        self.slip, self.pillar = slip, pillar

    @hookimpl
    def register_sectors(self):
        pillar = "envv" if self.slip == "pillar" else self.pillar
        return [Sector("dye", {"vi": "Nhuộm", "en": "Dyeing"},
                       criteria=(SectorCriterion("dye_environment", pillar, LABEL),))]

    @hookimpl
    def register_fields(self):
        return [Field("dye_cr", LABEL, unit="mg/L", minimum=0, maximum=1000),
                Field("dye_method", LABEL, type="category", categories=("chrome", "vegetable"))]

    @hookimpl
    def register_regulations(self):
        return [Regulation("dye-rule", "Dye rule (example)", "estimate",
                           limits=(Limit("total_cr", "Cr", "mg/L", "estimate", value=1.0),))]

    @hookimpl
    def register_indicators(self):
        pillar = "envv" if self.slip == "pillar" else self.pillar
        key = "chrom" if self.slip == "category" else "chrome"
        limit = "total_crr" if self.slip == "limit" else "total_cr"
        criterion = "dye_enviroment" if self.slip == "criterion" else "dye_environment"
        return [Indicator("dye.cr", LABEL, "mg/L", "lower", ("dye_cr",), sectors=("dye",), pillar=pillar,
                          criterion="dye_environment", weight=3, scorer={"method": "ratio_to_limit"},
                          threshold={"regulation": "dye-rule", "limit": limit}),
                Indicator("dye.method", LABEL, "", "category", ("dye_method",), sectors=("dye",), pillar=pillar,
                          criterion=criterion, weight=1,
                          scorer={"method": "categorical", "params": {"scores": {key: 0, "vegetable": 100}}})]


def _registry_of(*plugins, strict=False):
    pm = get_plugin_manager(entrypoints=False, strict=strict,
                            plugins=(("toy", toy_plugin), *((type(p).__name__.lower(), p) for p in plugins)))
    return Registry.from_plugin_manager(pm, strict=strict)


SLIPS = {
    "category": "dye.method: $.scorer.params.scores.chrom: categorical: 'chrom' is not a category of field "
                "'dye_method' (allowed: chrome, vegetable)",
    "limit": "dye.cr: $.threshold.limit: regulation 'dye-rule' sets no limit 'total_crr'; did you mean 'total_cr'? "
             "(allowed: total_cr)",
    "criterion": "dye.method: $.criterion: criterion 'dye_enviroment' is not declared by sector 'dye' (did you "
                 "mean 'dye_environment'?)",
    "pillar": "dye.cr: $.pillar: unknown pillar 'envv' (did you mean 'env'?)",
}


@pytest.mark.parametrize("slip", sorted(SLIPS))
def test_a_slip_in_a_sector_plugin_leaves_the_sector_out_with_a_warning_naming_the_plugin(slip):
    registry = _registry_of(NonLa(), Dye(slip))
    with pytest.warns(PluginLoadWarning) as record:
        fw = _framework(registry)
    (warning,) = [str(w.message) for w in record]
    assert warning.startswith("plugin 'dye': sector 'dye' cannot join framework 'demo' through sector_criteria:\n")
    assert f"\n  {SLIPS[slip]}" in warning
    assert "VILLAGESCORE_DISABLE_PLUGINS=dye; --strict-plugins makes this an error" in warning
    # the framework loads, without the dye sector but with the other sector, as if dye brought nothing
    assert [c.id for c in fw.pillars[0].criteria] == ["own", "non_la_environment"]
    assert fw.resolved_sha256 == _framework(_registry_of(NonLa())).resolved_sha256
    assert idle_sectors(fw, {"dye"}) == ["dye"]


@pytest.mark.parametrize("slip", sorted(SLIPS))
def test_under_strict_plugins_a_sector_slip_is_an_error_naming_the_plugin(slip):
    registry = _registry_of(NonLa(), Dye(slip), strict=True)
    with pytest.raises(PluginError, match="plugin 'dye': sector 'dye' cannot join framework 'demo'") as info:
        _framework(registry)
    assert SLIPS[slip] in str(info.value)
    assert str(info.value).endswith("Fix the plugin, or skip it with VILLAGESCORE_DISABLE_PLUGINS=dye.")


def test_the_pillar_slip_names_the_sector_criterion_too():
    with pytest.raises(PluginError) as info:
        _framework(_registry_of(Dye("pillar"), strict=True))
    lines = str(info.value).splitlines()[1:-1]
    assert lines == ["  dye.cr: $.pillar: unknown pillar 'envv' (did you mean 'env'?): nothing placed in it joins "
                     "this framework",
                     "  dye.method: $.pillar: unknown pillar 'envv' (did you mean 'env'?): nothing placed in it "
                     "joins this framework",
                     "  dye: $.criteria[0].pillar: unknown pillar 'envv' (did you mean 'env'?): nothing placed in it "
                     "joins this framework"]


def test_a_sector_without_a_slip_joins_and_gives_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fw = _framework(_registry_of(Dye(), Gom()))
    assert [(c.id, c.sector) for c in fw.pillars[0].criteria] == [("own", ""), ("dye_environment", "dye"),
                                                                  ("gom_kilns", "gom")]
    # gom_kilns is declared by no Sector.criteria and is no near miss of one: allowed, labelled by default
    assert fw.pillars[0].criteria[2].label["en"] == "Pottery: Environment"


def test_a_pillar_far_from_every_pillar_of_the_framework_is_no_slip_but_its_indicators_are_said_to_join_nothing():
    with pytest.warns(PluginLoadWarning, match="no pillar 'craft' in framework 'demo'"):
        fw = _framework(_registry_of(Dye(pillar="craft")))
    assert [c.id for c in fw.pillars[0].criteria] == ["own"]


def test_a_sector_criterion_with_the_id_of_a_criterion_of_the_framework_is_a_slip_of_its_plugin():
    class Clash(NonLa):
        @hookimpl
        def register_sectors(self):
            return [Sector("non_la", LABEL, criteria=(SectorCriterion("own", "env", LABEL),))]

        @hookimpl
        def register_indicators(self):
            return [dataclasses.replace(super().register_indicators()[0], criterion="own")]

    with pytest.raises(PluginError, match=r"own: criterion id 'own' is already taken in this framework \(by pillar "
                                          r"'env'\)"):
        _framework(_registry_of(Clash(), strict=True))


def test_the_warning_is_said_in_vietnamese():
    with pytest.warns(PluginLoadWarning) as record:
        _framework(_registry_of(Dye("limit")))
    text = record[0].message.text("vi")
    assert "'dye'" in text and "VILLAGESCORE_DISABLE_PLUGINS=dye" in text
    assert "dye.cr: $.threshold.limit: văn bản quy định 'dye-rule' không có giới hạn 'total_crr'" in text
    assert "cannot join" not in text and "sets no limit" not in text and "did you mean" not in text


def test_the_national_framework_loads_for_everyone_when_a_third_party_sector_slips():
    """The audit's repro: one slip in a sector plugin made ``villagescore pilot`` exit 1."""
    plain = load_framework(None, Registry.default())
    pm = get_plugin_manager(plugins=(("dye", Dye("category", pillar="environment")),))
    with pytest.warns(PluginLoadWarning, match="plugin 'dye': sector 'dye' cannot join framework "
                                               "'vn-ttcn-sustainable'"):
        fw = load_framework(None, Registry.from_plugin_manager(pm, strict=False))
    assert fw.resolved_sha256 == plain.resolved_sha256


def _generator_check(p, f):
    """A check written as a generator: it raises only when iterated (the review's repro)."""
    yield from ()
    raise KeyError("mid")


CHECK_SLIPS = {"none path": lambda p, f: [(None, "mid must be in 0..100")],
               "one language only": lambda p, f: [("", {"vi": 5, "en": "bad"})],
               "no list": lambda p, f: None, "raises": lambda p, f: 1 / 0,
               "generator raises": _generator_check}


@pytest.mark.parametrize("slip", sorted(CHECK_SLIPS))
def test_a_faulty_scorer_check_of_a_sector_plugin_leaves_its_sector_out_not_the_framework(slip):
    """The audit's repro: a third-party scorer's ``check`` slip stopped the national framework for everyone."""

    class Potx(NonLa):
        @hookimpl
        def register_scorers(self):
            return [Scorer("potx_half", lambda v, p: v, {"type": "object"}, check=CHECK_SLIPS[slip])]

        @hookimpl
        def register_indicators(self):
            return [dataclasses.replace(super().register_indicators()[0], scorer={"method": "potx_half"})]

    with pytest.warns(PluginLoadWarning, match="plugin 'potx': sector 'non_la' cannot join framework 'demo'"):
        fw = _framework(_registry_of(Potx()))
    assert [c.id for c in fw.pillars[0].criteria] == ["own"]
    with pytest.raises(PluginError, match="plugin 'potx': sector 'non_la' cannot join"):
        _framework(_registry_of(Potx(), strict=True))


def test_idle_sectors_are_read_from_the_memo_s_codes_as_from_the_column_itself():
    import numpy as np
    import pandas as pd

    from villagescore.datasets.identity import named_sectors
    from villagescore.framework.sectors import idle_sectors_said
    from villagescore.memo import column_codes, frame_memo

    registry = _registry(NonLa())
    fw = _framework(registry, block=None)
    cells = np.array(["non_la", "gom; non_la", None, " gom ;", "non_la", np.nan, "x;;y"] * 1000, dtype=object)
    mixed = np.array([1, 1.0, True, "non_la"] * 1200, dtype=object)  # not texts: split as the column's own texts
    for column in (cells, mixed, pd.Series(cells, dtype="str")):
        frame = pd.DataFrame({"sectors": column})
        expected = sorted(named_sectors(frame["sectors"]) - {s for n in fw.indicators for s in n.sectors})
        said = {"sectors": ", ".join(expected), "framework": fw.id}
        assert idle_sectors_said(fw, frame) == said
        with frame_memo(shared=True):
            assert idle_sectors_said(fw, frame) == said
            codes = column_codes(frame, "sectors")
            assert column_codes(frame, "sectors") is codes  # worked out once: the scoring's sector codes


def test_a_sector_left_out_is_said_before_the_framework_s_problem_it_causes():
    """Audit 13 #2: a gate on the left-out sector's indicator was all that was said; the slip causing it was lost."""
    from villagescore.errors import FrameworkError

    class Potx(NonLa):
        @hookimpl
        def register_scorers(self):
            return [Scorer("potx_half", lambda v, p: v, {"type": "object"}, check=lambda p, f: 1 / 0)]

        @hookimpl
        def register_indicators(self):
            return [dataclasses.replace(super().register_indicators()[0], scorer={"method": "potx_half"})]

    pillar = {"id": "env", "label": LABEL, "weight": 1, "sector_criteria": {"weight": 1},
              "criteria": [{"id": "own", "label": LABEL, "weight": 1, "indicators": [{"id": "toy.a", "weight": 1}]}]}
    doc = {"id": "demo", "version": "1.0", "title": LABEL, "pillars": [pillar],
           "gates": [{"id": "sulphur", "label": LABEL, "indicator": "non_la.sulphur_free",
                      "condition": {"on": "value", "op": ">=", "value": 50}, "cap": "low"}],
           "rating": {"tiers": [{"id": "high", "label": LABEL, "min_score": 50},
                                {"id": "low", "label": LABEL, "min_score": 0}]}}
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        with pytest.raises(FrameworkError, match="'non_la.sulphur_free', which is not in this framework's tree"):
            resolve_framework(doc, _registry_of(Potx()), name="demo.yaml")
    (said,) = [w.message for w in record if issubclass(w.category, PluginLoadWarning)]
    assert "plugin 'potx': sector 'non_la' cannot join framework 'demo'" in said.text("en")
    assert "ZeroDivisionError" in said.text("en") and "ngành nghề 'non_la'" in said.text("vi")
    # strict: the cause is the error
    with pytest.raises(PluginError, match="plugin 'potx': sector 'non_la' cannot join"):
        resolve_framework(doc, _registry_of(Potx(), strict=True), name="demo.yaml")
