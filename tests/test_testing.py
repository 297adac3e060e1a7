"""The testing kit for plugin authors (villagescore.testing): fixtures and helpers.

The kit is a pytest plugin registered through the ``pytest11`` entry point, so its
fixtures are available here as in any plugin's test suite.
"""

from __future__ import annotations

import math
import subprocess
import sys
import types

import numpy as np
import pytest

import villagescore.testing as kit
from tests.conftest import SUPPORT
from tests.support import toy_plugin
from villagescore import Field, Sector, hookimpl
from villagescore.engine import Engine
from villagescore.errors import PluginError
from villagescore.testing import (
    assert_scores_equal,
    check_framework_validates,
    evaluate_rows,
    make_dataset,
    make_plugin_manager,
    make_registry,
    run_indicator,
    tiny_rows,
)

TOY_FRAMEWORK = SUPPORT / "toy-framework.yaml"
# tests/support/toy.csv as rows (the hand-computed reference: v1 88.3333, v2 29.5833, v3 43.3333)
TOY_ROWS = [
    {"village_id": "v1", "sectors": "alpha", "a": 80, "b": 90, "c": 25, "flag": 1, "zone": "A", "kind": "x",
     "total": 100, "craft": 50},
    {"village_id": "v2", "sectors": "beta", "a": 40, "b": None, "c": 150, "flag": 0, "zone": "B", "kind": "y",
     "total": 200, "craft": 20},
    {"village_id": "v3", "sectors": "alpha;beta", "a": None, "b": 60, "c": 50, "flag": "có", "zone": "A",
     "kind": "z", "total": 100, "craft": 10},
]


def test_the_kit_is_a_registered_pytest_plugin(pytestconfig):
    assert pytestconfig.pluginmanager.get_plugin("villagescore") is kit


def test_importing_the_kit_does_not_import_pandas():
    code = "import sys, villagescore.testing; print('pandas' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# ---- fixtures ----


def test_default_manager_has_only_the_builtins(vs_plugin_manager, vs_registry):
    # installed plugins (the first-party pillars and sectors) are not loaded unless asked
    assert [name for name, _ in vs_plugin_manager.list_name_plugin()] == ["villagescore"]
    assert vs_registry.indicators == {}
    assert "linear" in vs_registry.scorers


class TestWithTheToyPlugin:
    @pytest.fixture
    def vs_plugins(self):
        return [("toy", toy_plugin)]

    def test_registry_and_engine(self, vs_registry, vs_engine):
        assert list(vs_registry.indicators) == ["toy.a", "toy.b", "toy.c", "toy.flag", "toy.kind", "toy.share"]
        assert isinstance(vs_engine, Engine) and vs_engine.registry is vs_registry

    def test_tiny_rows_cover_every_field_within_its_rules(self, vs_tiny_rows, vs_registry):
        assert [r["village_id"] for r in vs_tiny_rows] == ["v1", "v2", "v3"]
        assert [r["sectors"] for r in vs_tiny_rows] == ["alpha", "alpha;beta", "alpha"]
        for row in vs_tiny_rows:
            assert set(vs_registry.fields) <= set(row)
            assert row["craft"] <= row["total"]  # not_greater_than
        # a and b range 0..100: a quarter, half, three quarters of the way
        assert [r["a"] for r in vs_tiny_rows] == [25.0, 50.0, 75.0]
        assert [r["kind"] for r in vs_tiny_rows] == ["x", "y", "z"]
        assert [r["flag"] for r in vs_tiny_rows] == [True, False, True]

    def test_tiny_dataset_is_validated(self, vs_tiny_dataset):
        frame = vs_tiny_dataset.frame
        assert frame["flag"].tolist() == [1.0, 0.0, 1.0]
        assert frame["year"].tolist() == [2024, 2024, 2024]
        assert vs_tiny_dataset.path == "vs_tiny_dataset"


def test_entry_points_when_asked():
    pm = make_plugin_manager(entrypoints=True)
    names = [name for name, _ in pm.list_name_plugin()]
    assert "villagescore" in names and len(names) > 1


def test_a_plugin_s_own_tests_with_the_installed_plugins_load_it_once():
    """A sector's tests of joining the national framework: vs_load_entrypoints True, vs_plugins its own module.

    The installed plugin is the same module as the one under test: it was refused as "already
    registered", so a plugin could not test itself beside the national framework's plugins.
    """
    import villagescore_external_demo as demo

    from villagescore.framework import load_framework

    registry = make_registry(demo, entrypoints=True, strict=True)
    assert "external_demo" in registry.plugin_versions
    assert load_framework("vn-ttcn-sustainable", registry).id == "vn-ttcn-sustainable"
    other = types.ModuleType("villagescore_external_demo")  # another module under the installed one's name
    with pytest.raises(PluginError, match="already registered"):
        make_plugin_manager(other, entrypoints=True, strict=True)


def test_a_check_on_another_plugin_s_field_needs_that_plugin_in_the_kit_as_the_tutorial_says():
    """The docs' non_la check compares with the society plugin's workers_total: alone, the strict kit refuses it."""
    import villagescore_society

    from villagescore import Check

    module = types.ModuleType("villagescore_hats")

    @hookimpl
    def register_fields():
        return [Field("hat_households", {"vi": "Hộ làm nón", "en": "Hat households"}, type="integer", minimum=0)]

    @hookimpl
    def register_checks():
        return [Check("hats.workers_per_household", left="workers_total", op=">=", factor=1, right="hat_households",
                      message={"vi": "Ít lao động", "en": "Few workers"}, source="[E] one worker per household")]

    module.register_fields, module.register_checks = register_fields, register_checks
    with pytest.raises(PluginError, match="(?s)plausibility checks left out:.*unknown field 'workers_total'"):
        make_registry(module)
    assert "hats.workers_per_household" in make_registry(module, entrypoints=True).checks  # vs_load_entrypoints
    with pytest.raises(PluginError, match="(?s)check 'society.workers_per_craft_household_max' .*'households_craft'"):
        make_registry(module, villagescore_society)  # the society plugin names the economy plugin's fields in turn


def test_modules_are_named_as_their_entry_point_would_be():
    module = types.ModuleType("villagescore_kilns")

    @hookimpl
    def register_fields():
        return [Field("kilns", {"vi": "Lò", "en": "Kilns"})]

    module.register_fields = register_fields
    registry = make_registry(module)
    assert registry.fields["kilns"].plugin == "kilns"


def test_tiny_rows_need_a_sector():
    with pytest.raises(ValueError, match="no sector is registered"):
        tiny_rows(make_registry())


def test_tiny_rows_without_maximum_and_with_text_fields():
    class Plugin:
        @hookimpl
        def register_fields(self):
            return [Field("count", {"vi": "Số", "en": "Count"}, type="integer", minimum=10),
                    Field("note", {"vi": "Ghi chú", "en": "Note"}, type="text")]

        @hookimpl
        def register_sectors(self):
            return [Sector("s", {"vi": "S", "en": "S"})]

    rows = tiny_rows(make_registry(("p", Plugin())), 4)
    # no maximum: minimum + fraction * 100 -> 10 + 25, 10 + 50, 10 + 75, then 25 again (rounded to integers)
    assert [r["count"] for r in rows] == [35, 60, 85, 35]
    assert [r["note"] for r in rows] == ["text 1", "text 2", "text 3", "text 4"]


# ---- helpers ----


@pytest.fixture
def toy_reg():
    return make_registry(("toy", toy_plugin))


def test_make_dataset_fills_identity_and_reports_problems(toy_reg):
    from villagescore.errors import DatasetError

    dataset = make_dataset([{"a": 10}], toy_reg)
    row = dataset.frame.iloc[0]
    assert (row["village_id"], row["name"], row["commune"], row["province"], row["sectors"], row["year"]) == (
        "v1", "Làng 1", "Xã Thử", "Hà Nội", "alpha", 2024)
    with pytest.raises(DatasetError) as info:
        make_dataset([{"a": 120, "zone": "C"}], toy_reg)
    assert sorted(p.column for p in info.value.problems) == ["a", "zone"]


def test_run_indicator(toy_reg):
    share = toy_reg.indicators["toy.share"]
    # craft / total * 100: 50/100 -> 50; 1/8 -> 12.5; missing craft -> None
    assert run_indicator(share, [{"craft": 50, "total": 100}, {"craft": 1, "total": 8}, {"total": 5}]) == [
        50.0, 12.5, None]
    # with a registry the rows are typed first: 'có' is yes
    flag = toy_reg.indicators["toy.flag"]
    assert run_indicator(flag, [{"flag": "có"}, {"flag": "không"}, {"flag": None}], toy_reg) == [1.0, 0.0, None]
    kind = toy_reg.indicators["toy.kind"]
    assert run_indicator(kind, [{"kind": "x"}, {"kind": None}], toy_reg) == ["x", None]


def test_run_indicator_validates_the_rows_as_evaluate_does_when_given_the_registry(toy_reg):
    """The audit's case: more clean kilns than kilns computed 250 %; with the registry the row is refused."""
    from villagescore.errors import DatasetError

    share = toy_reg.indicators["toy.share"]
    with pytest.raises(DatasetError, match="exceeds 'total'"):
        run_indicator(share, [{"craft": 50, "total": 20}], toy_reg)
    assert run_indicator(share, [{"craft": 50, "total": 20}]) == [250.0]  # without it: as given, as documented
    assert "not validated" in run_indicator.__doc__


def test_run_indicator_errors_name_the_indicator_s_plugin_not_an_empty_one(toy_reg):
    import dataclasses

    def broken(frame):
        raise ZeroDivisionError("no kilns")

    share = dataclasses.replace(toy_reg.indicators["toy.share"], compute=broken, plugin="")
    with pytest.raises(PluginError, match="indicator 'toy.share' of plugin 'tests.test_testing' failed to compute"):
        run_indicator(share, [{"craft": 1, "total": 2}])
    with pytest.raises(PluginError, match="indicator 'toy.share' of plugin 'toy' failed to compute"):
        run_indicator(share, [{"craft": 1, "total": 2}], toy_reg)


def test_evaluate_rows_reproduces_the_hand_computed_toy_results(toy_reg):
    result = evaluate_rows(TOY_FRAMEWORK, TOY_ROWS, toy_reg)
    assert_scores_equal(result.tree.overall_score, [88.3333333, 29.5833333, 43.3333333], tol=1e-6)
    assert [result.rating_id(i) for i in range(3)] == ["high", "low", "mid"]


def test_evaluate_rows_accepts_a_resolved_framework(toy_reg, toy_result):
    framework = check_framework_validates(TOY_FRAMEWORK, toy_reg)
    assert_scores_equal(evaluate_rows(framework, TOY_ROWS, toy_reg), toy_result)


def test_check_framework_validates_lists_every_problem(toy_reg, tmp_path):
    bad = tmp_path / "bad.yaml"
    text = TOY_FRAMEWORK.read_text(encoding="utf-8")
    bad.write_text(text.replace("{id: toy.a, weight: 1}", "{id: toy.aa, weight: 1}")
                   .replace("{id: toy.kind, weight: 1}", "{id: toy.kinds, weight: 1}"), encoding="utf-8")
    with pytest.raises(AssertionError) as info:
        check_framework_validates(bad, toy_reg)
    message = str(info.value)
    assert message.startswith(f"framework {bad} does not validate:")
    assert "unknown indicator 'toy.aa'" in message and "unknown indicator 'toy.kinds'" in message


def test_assert_scores_equal_on_sequences():
    assert_scores_equal([1.0, None, 3.0], np.array([1.0 + 1e-12, math.nan, 3.0]))
    assert_scores_equal([10.0], [10.05], tol=0.1)
    with pytest.raises(AssertionError, match=r"scores\[1\]: nan != 2.0"):
        assert_scores_equal([1.0, None], [1.0, 2.0])
    with pytest.raises(AssertionError, match=r"scores\[0\]: 1.0 != 1.5 \(tolerance 0.1\)"):
        assert_scores_equal([1.0], [1.5], tol=0.1)
    with pytest.raises(AssertionError, match="2 scores != 1 scores"):
        assert_scores_equal([1.0, 2.0], [1.0])


def test_assert_scores_equal_on_mappings():
    assert_scores_equal({"v1": 50.0, "v2": None}, {"v2": None, "v1": 50.0})
    with pytest.raises(AssertionError, match=r"only in first \['v2'\]"):
        assert_scores_equal({"v1": 1.0, "v2": 2.0}, {"v1": 1.0})
    with pytest.raises(AssertionError, match=r"'v1': 1.0 != 2.0"):
        assert_scores_equal({"v1": 1.0}, {"v1": 2.0})


def test_assert_scores_equal_on_results_names_village_and_node(toy_reg):
    first = evaluate_rows(TOY_FRAMEWORK, TOY_ROWS, toy_reg)
    rows = [dict(r) for r in TOY_ROWS]
    rows[2]["kind"] = "x"  # v3: toy.kind scores 100 instead of 0
    second = evaluate_rows(TOY_FRAMEWORK, rows, toy_reg)
    with pytest.raises(AssertionError, match=r"village v3 \(2024\), overall score: 43.33"):
        assert_scores_equal(first, second)
    with pytest.raises(AssertionError, match="different village-years"):
        assert_scores_equal(first, evaluate_rows(TOY_FRAMEWORK, TOY_ROWS[:2], toy_reg))
