"""The registry (villagescore.registry): provenance, sorting, duplicates, failing hooks, look-ups."""

from __future__ import annotations

import pytest

from villagescore import (
    Aggregator,
    Field,
    FrameworkSource,
    Indicator,
    Measure,
    Reader,
    Scorer,
    Sector,
    hookimpl,
)
from villagescore.errors import PluginError, UnknownIdError
from villagescore.plugins import PluginLoadWarning, get_plugin_manager
from villagescore.registry import HOOK_TYPES, Registry

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")

LABEL = {"vi": "Nhãn", "en": "Label"}


def _field(ident: str) -> Field:
    return Field(ident, LABEL, minimum=0, maximum=100)


def _indicator(ident: str, field: str) -> Indicator:
    return Indicator(ident, LABEL, "%", "higher", (field,))


class Fields:
    """A plugin registering fields given at construction."""

    def __init__(self, *ids: str) -> None:
        self.ids = ids

    @hookimpl
    def register_fields(self):
        return [_field(i) for i in self.ids]


class Indicators:
    """A plugin registering indicators given at construction, each with the field it requires."""

    def __init__(self, *ids: str) -> None:
        self.ids = ids

    @hookimpl
    def register_fields(self):
        return [_field(f"{i}_f") for i in self.ids]

    @hookimpl
    def register_indicators(self):
        return [_indicator(i, f"{i}_f") for i in self.ids]


def _registry(*plugins, strict=None) -> Registry:
    return Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=plugins), strict=strict)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("VILLAGESCORE_STRICT_PLUGINS", raising=False)


def test_every_mapping_is_sorted_by_id_whatever_the_load_order():
    one = _registry(("b", Fields("zinc", "apple")), ("a", Fields("mango")))
    two = _registry(("a", Fields("mango")), ("b", Fields("apple", "zinc")))
    assert list(one.fields) == ["apple", "mango", "zinc"]
    assert list(two.fields) == list(one.fields)
    assert list(one.scorers) == sorted(one.scorers)
    assert list(one.readers) == sorted(one.readers)


def test_each_object_records_the_plugin_that_gave_it():
    registry = _registry(("orchard", Fields("apple")))
    assert registry.fields["apple"].plugin == "orchard"
    assert registry.scorers["linear"].plugin == "villagescore"
    assert registry.plugin_versions["villagescore"] == __import__("villagescore").__version__


# framework files are known by the id inside the file, not by a registered id
@pytest.mark.parametrize("hook", sorted(set(HOOK_TYPES) - {"register_frameworks"}))
def test_duplicate_ids_are_errors_naming_both_plugins(hook):
    kind, _attr = HOOK_TYPES[hook]
    make = {
        "register_fields": lambda: _field("dup"),
        "register_sectors": lambda: Sector("dup", LABEL),
        "register_indicators": lambda: _indicator("dup", "f"),
        "register_regulations": lambda: __import__("villagescore").Regulation("dup", "Dup", "verified"),
        "register_checks": lambda: __import__("villagescore").Check("dup", "x", "<=", 1, "y", LABEL, "[E]"),
        "register_scorers": lambda: Scorer("dup", lambda v, p: v),
        "register_aggregators": lambda: Aggregator("dup", lambda s, w: s[:, 0]),
        "register_readers": lambda: Reader("dup", (".dup",), lambda p: None),
        "register_reporters": lambda: __import__("villagescore").Reporter("dup", ".txt", lambda r, lang: b""),
    }[hook]

    def plugin():
        class P:
            pass

        setattr(P, hook, hookimpl(lambda self: [make()]))
        return P()

    with pytest.raises(PluginError) as info:
        _registry(("first", plugin()), ("second", plugin()))
    message = str(info.value)
    assert f"duplicate {kind.__name__.lower()} id 'dup'" in message
    assert "plugin 'first'" in message and "plugin 'second'" in message


def test_duplicate_ids_are_errors_even_when_not_strict():
    with pytest.raises(PluginError, match="registered by plugin 'a' and by plugin 'b'"):
        _registry(("a", Fields("same")), ("b", Fields("same")), strict=False)


def test_duplicate_with_a_builtin_names_the_builtin_plugin():
    class MyLinear:
        @hookimpl
        def register_scorers(self):
            return [Scorer("linear", lambda v, p: v)]

    with pytest.raises(PluginError, match="duplicate scorer id 'linear': registered by plugin 'mine' and by "
                                          "plugin 'villagescore'"):
        _registry(("mine", MyLinear()))


def test_two_readers_for_one_suffix_are_an_error():
    class Csv2:
        @hookimpl
        def register_readers(self):
            return [Reader("csv2", (".CSV",), lambda p: None)]

    with pytest.raises(PluginError, match=r"two readers for '.CSV': 'csv' \(plugin 'villagescore'\) and "
                                          r"'csv2' \(plugin 'other'\)"):
        _registry(("other", Csv2()))


# ---- a plugin failing inside a hook ----


class Raises:
    @hookimpl
    def register_indicators(self):
        raise RuntimeError("kiln table missing")


def test_plugin_raising_in_a_hook_warns_naming_plugin_and_hook_and_others_are_unaffected():
    with pytest.warns(PluginLoadWarning) as record:
        registry = _registry(("bad", Raises()), ("good", Indicators("good.x")), strict=False)
    (message,) = [str(w.message) for w in record]
    assert message == "plugin 'bad' failed in hook register_indicators: RuntimeError: kiln table missing"
    assert list(registry.indicators) == ["good.x"]
    assert registry.failures == [("bad", message)]
    assert "bad" in registry.failure_hint()


class Exits:
    @hookimpl
    def register_indicators(self):
        raise SystemExit(2)


def test_a_hook_calling_sys_exit_is_isolated_like_any_failure():
    with pytest.warns(PluginLoadWarning, match="plugin 'quits' failed in hook register_indicators: SystemExit: 2"):
        registry = _registry(("quits", Exits()), ("good", Indicators("good.x")), strict=False)
    assert list(registry.indicators) == ["good.x"]
    assert [name for name, _ in registry.failures] == ["quits"]


def test_ctrl_c_inside_a_hook_is_not_swallowed():
    class Interrupted:
        @hookimpl
        def register_indicators(self):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _registry(("interrupted", Interrupted()), strict=False)


def test_plugin_raising_in_a_hook_in_strict_mode_is_an_error():
    with pytest.raises(PluginError, match="plugin 'bad' failed in hook register_indicators: RuntimeError"):
        _registry(("bad", Raises()), strict=True)


class BadSchema:
    """A plugin whose scorer's params_schema names a type JSON Schema does not have."""

    @hookimpl
    def register_scorers(self):
        return [Scorer("logistic2", lambda v, p: v, {"type": "objekt"})]


def test_a_scorer_with_an_invalid_params_schema_leaves_its_plugin_out():
    with pytest.warns(PluginLoadWarning) as record:
        registry = _registry(("bs", BadSchema()), strict=False)
    (message,) = [str(w.message) for w in record]
    assert message == ("plugin 'bs' failed in hook register_scorers: ValueError: scorer 'logistic2': params_schema "
                       "is not a valid JSON Schema: at $.type: 'objekt' matches none of the allowed forms")
    assert "logistic2" not in registry.scorers and [n for n, _ in registry.failures] == ["bs"]
    with pytest.raises(PluginError, match="plugin 'bs' failed in hook register_scorers: .*params_schema"):
        _registry(("bs", BadSchema()), strict=True)


def test_strict_mode_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match="plugin 'bad'"):
        _registry(("bad", Raises()))


def test_wrong_object_type_is_reported_like_a_failure():
    class Confused:
        @hookimpl
        def register_fields(self):
            return [Sector("oops", LABEL)]

    with pytest.warns(PluginLoadWarning, match="plugin 'confused' failed in hook register_fields: TypeError: "
                                               "returned Sector, expected Field objects"):
        registry = _registry(("confused", Confused()), strict=False)
    assert registry.fields == {}
    vi = registry.failures[0][1].text("vi")
    assert "TypeError: trả về Sector, trong khi cần các đối tượng Field" in vi and "returned" not in vi


def test_a_duplicate_id_is_said_in_vietnamese_with_the_kind_translated():
    with pytest.raises(PluginError) as info:
        _registry(("a", Fields("same")), ("b", Fields("same")), strict=False)
    assert info.value.text("vi") == "mã trường dữ liệu 'same' bị trùng: plugin 'a' và plugin 'b' cùng đăng ký"


def test_a_hook_returning_none_contributes_nothing():
    class Lazy:
        @hookimpl
        def register_fields(self):
            return None

    assert _registry(("lazy", Lazy())).fields == {}


# ---- look-ups ----


def test_unknown_ids_list_what_is_available():
    registry = _registry()
    with pytest.raises(UnknownIdError) as info:
        registry.scorer("linaer")
    assert str(info.value) == ("unknown scorer 'linaer'; available: bands, boolean, categorical, linear, "
                               "ratio_to_limit, target")
    with pytest.raises(UnknownIdError, match="unknown indicator 'x.y'; available: none"):
        registry.indicator("x.y")
    with pytest.raises(UnknownIdError, match="unknown aggregator 'mean'"):
        registry.aggregator("mean")
    with pytest.raises(UnknownIdError, match="unknown output format 'docx'"):
        registry.reporter("docx")


def test_unknown_id_mentions_plugins_that_failed():
    with pytest.warns(PluginLoadWarning):
        registry = _registry(("bad", Raises()), strict=False)
    with pytest.raises(UnknownIdError, match=r"\(note: plugin 'bad' failed to load its indicators: RuntimeError: "
                                             r"kiln table missing\)"):
        registry.indicator("bad.kiln")


def test_reader_for_is_case_insensitive_and_lists_known_suffixes():
    registry = _registry()
    assert registry.reader_for(".CSV").name == "csv"
    with pytest.raises(UnknownIdError, match=r"no reader for files ending in '.ods'; known: .csv, .json, .xlsx"):
        registry.reader_for(".ods")


@pytest.mark.filterwarnings("ignore:.*improves unknown indicator")  # measures of no indicator here
def test_measures_collects_every_sector_measure_sorted():
    class Crafts:
        @hookimpl
        def register_sectors(self):
            return [
                Sector("pottery", LABEL, measures=(Measure("pottery.kiln", LABEL, ("pottery.x",)),)),
                Sector("lacquer", LABEL, measures=(Measure("lacquer.booth", LABEL, ("lacquer.x",)),
                                                   Measure("lacquer.air", LABEL, ("lacquer.x",)))),
            ]

    registry = _registry(("crafts", Crafts()))
    assert list(registry.measures()) == ["lacquer.air", "lacquer.booth", "pottery.kiln"]
    assert list(registry.sectors) == ["lacquer", "pottery"]


def test_plugins_providing_maps_indicators_to_plugins():
    registry = _registry(("one", Indicators("one.a")), ("two", Indicators("two.b")))
    assert registry.plugins_providing(["two.b", "one.a", "nobody.c"]) == {"two.b": "two", "one.a": "one"}


def test_frameworks_keep_the_plugin_that_shipped_them(tmp_path):
    class Ships:
        @hookimpl
        def register_frameworks(self):
            return [FrameworkSource(tmp_path / "b.yaml"), FrameworkSource(tmp_path / "a.yaml")]

    registry = _registry(("ships", Ships()))
    shipped = [(s.path.name, s.plugin) for s in registry.frameworks]
    assert shipped == [("b.yaml", "ships"), ("a.yaml", "ships")]


def test_default_registry_loads_entry_points(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "")
    registry = Registry.default()
    assert set(registry.plugin_versions) == {"villagescore"}
    assert registry.pm is not None


@pytest.mark.filterwarnings("ignore:.*improves unknown indicator")  # measures of no indicator here
def test_two_sectors_defining_one_measure_id_differently_is_an_error():
    from villagescore import Measure, Sector

    label = {"vi": "Nhãn", "en": "Label"}

    class First:
        @hookimpl
        def register_sectors(self):
            return [Sector("alpha", label, measures=(Measure("shared.fix", label, improves=("a.x",)),))]

    class Second:
        @hookimpl
        def register_sectors(self):
            return [Sector("beta", label, measures=(Measure("shared.fix", label, improves=("b.y",)),))]

    registry = Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(("first", First()),
                                                                                          ("second", Second()))))
    with pytest.raises(PluginError, match="duplicate measure id 'shared.fix': in sector 'alpha' .*'first'.*"
                                          "sector 'beta' .*'second'"):
        registry.measures()


def test_two_sectors_declaring_one_criterion_id_is_an_error_naming_both_plugins():
    """A framework groups sector criteria by id: the second sector's indicators would join the first's criterion."""
    from villagescore import Sector, SectorCriterion

    def plugin(sector):
        class Plugin:
            @hookimpl
            def register_sectors(self):
                label = {"vi": "Gốm: môi trường", "en": "Pottery: environment"}
                criterion = SectorCriterion("ceramics_environment", "environment", label)
                return [Sector(sector, label, criteria=(criterion,))]
        return Plugin()

    with pytest.raises(PluginError) as caught:
        Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(
            ("ceramics", plugin("ceramics")), ("potx", plugin("pottery")))))
    assert ("duplicate sector criterion id 'ceramics_environment': in sector 'ceramics' (plugin 'ceramics') and in "
            "sector 'pottery' (plugin 'potx')") in str(caught.value)
    assert "mã tiêu chí ngành nghề 'ceramics_environment' bị trùng" in caught.value.text("vi")


def test_a_registry_says_what_it_holds_in_one_line(toy_registry):
    text = repr(toy_registry)
    assert text.startswith("Registry(") and f"{len(toy_registry.indicators)} indicators" in text
    assert "\n" not in text and len(text) < 300


def test_an_indicator_requiring_a_field_no_plugin_registers_is_said_and_kept_or_an_error_when_strict():
    class Orphan:
        @hookimpl
        def register_indicators(self):
            return [_indicator("orphan.share", "orphan_shar")]

    with pytest.warns(PluginLoadWarning, match="plugin 'orphan': indicator 'orphan.share' requires unknown field "
                                               "'orphan_shar' \\(did you mean 'orphan_share'\\?\\): no plugin"):
        registry = _registry(("orphan", Orphan()), ("fields", Fields("orphan_share")), strict=False)
    assert "orphan.share" in registry.indicators  # a framework naming it still resolves
    with pytest.raises(PluginError, match="could never be scored"):
        _registry(("orphan", Orphan()), strict=True)



def test_the_data_files_a_plugin_loads_are_recorded_the_same_way_for_every_plugin(tmp_path):
    """Audit (thirteenth walk): a first-party regulations file recorded nothing, a ``--catalogue`` file its digest.

    A plugin package loading its catalogue through ``catalogue_loader`` and a catalogue file named on the
    command line both record the file and its SHA-256; the cached catalogue is recorded by a second registry too.
    """
    import hashlib
    import types

    from tests.catalogue.test_files import BRONZE
    from villagescore import catalogue_loader

    text = ("catalogue: demo-regs\nversion: '1'\n"
            "regulations:\n  - {id: demo-2020, document: Demo, confidence: secondary}\n")
    path = tmp_path / "regulations.yaml"
    path.write_text(text, encoding="utf-8")
    module = types.ModuleType("villagescore_demo_regs")
    loader = catalogue_loader(path)
    module.register_regulations = hookimpl(lambda: list(loader().regulations))
    for _ in range(2):
        reg = Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, catalogues=[BRONZE],
                                                              plugins=(("demo-regs", module),)), strict=True)
        assert reg.data_files["demo-regs"] == [{"file": "regulations.yaml",
                                                "sha256": hashlib.sha256(text.encode()).hexdigest()}]
        bronze = next(name for name in reg.catalogue_files)
        assert reg.data_files[bronze] == [{"file": BRONZE.name,
                                           "sha256": hashlib.sha256(BRONZE.read_bytes()).hexdigest()}]
