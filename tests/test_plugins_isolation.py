"""Plugin isolation at evaluation time: a broken plugin is named, never crashes the run.

Loading (a plugin failing at import or inside a registration hook) is tested in
``tests/test_plugins.py``; here the plugins load fine and break while a dataset is scored:
an indicator whose ``compute`` raises or returns the wrong shape, a scorer that raises or
returns scores out of range, an aggregator that raises, an indicator that tampers with the
shared frame. Every failure must be a :class:`~villagescore.errors.PluginError` naming the
plugin and the object (CLI: exit 1, message, no traceback), and the other plugins' scores
must be unaffected.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.corpus.harness import TOY_CSV, TOY_FRAMEWORK, run_cli, toy_registry
from villagescore import Aggregator, Indicator, Scorer, hookimpl
from villagescore.datasets import read_dataset
from villagescore.engine import Engine
from villagescore.errors import EXIT_INVALID, EXIT_OK, PluginError
from villagescore.framework import load_framework

LABEL = {"vi": "Hỏng", "en": "Broken"}


def _raise(frame):
    raise ZeroDivisionError("division by zero in the plugin")


def _wrong_length(frame):
    return frame["a"].iloc[:1]


def _tamper(frame):
    frame["a"] = 0.0  # tries to change another plugin's input
    return frame["b"] * 0 + 50


def _scorer_raises(values, params):
    raise ValueError("scorer blew up")


def _scorer_out_of_range(values, params):
    return np.where(np.isnan(values), np.nan, np.where(values > 50, 250.0, -40.0))


def _aggregator_raises(scores, weights):
    raise RuntimeError("aggregator blew up")


class Broken:
    """A plugin that loads fine but whose objects misbehave when a dataset is scored."""

    __version__ = "0.0.1"

    @hookimpl
    def register_indicators(self):
        def ind(ident, compute, method="linear", params=None):
            params = {"worst": 0, "best": 100} if params is None else params
            requires = ("a", "b") if compute else ("a",)
            return Indicator(ident, LABEL, "%", "higher", requires, compute=compute,
                             scorer={"method": method, "params": params})

        return [
            ind("broken.raises", _raise),
            ind("broken.wrong_length", _wrong_length),
            ind("broken.tamper", _tamper),
            ind("broken.scored_badly", None, "broken_scorer", {}),
            ind("broken.scored_out_of_range", None, "out_of_range_scorer", {}),
        ]

    @hookimpl
    def register_scorers(self):
        return [Scorer("broken_scorer", _scorer_raises, {"type": "object"}),
                Scorer("out_of_range_scorer", _scorer_out_of_range, {"type": "object"})]

    @hookimpl
    def register_aggregators(self):
        return [Aggregator("broken_mean", _aggregator_raises)]


@pytest.fixture(scope="module")
def registry():
    return toy_registry(("broken", Broken()))


def _framework_with(tmp_path, indicator: str | None = None, aggregator: str | None = None):
    """The toy framework, plus ``indicator`` in criterion env.one or ``aggregator`` on soc.two."""
    text = TOY_FRAMEWORK.read_text(encoding="utf-8")
    if indicator:
        text = text.replace("          - {id: toy.a, weight: 1}\n",
                            f"          - {{id: {indicator}, weight: 1}}\n          - {{id: toy.a, weight: 1}}\n", 1)
    if aggregator:
        text = text.replace("      - id: soc.two\n", f"      - id: soc.two\n        aggregator: {aggregator}\n", 1)
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _evaluate(registry, framework_path):
    fw = load_framework(framework_path, registry)
    return Engine(registry).evaluate(fw, read_dataset(TOY_CSV, registry))


def test_indicator_compute_raising_is_a_plugin_error_naming_plugin_and_indicator(tmp_path, registry):
    with pytest.raises(PluginError) as caught:
        _evaluate(registry, _framework_with(tmp_path, "broken.raises"))
    message = str(caught.value)
    assert "indicator 'broken.raises' of plugin 'broken' failed to compute" in message
    assert "ZeroDivisionError: division by zero in the plugin" in message


def test_cli_indicator_compute_raising_exits_1_without_traceback(tmp_path, registry, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    run = run_cli(["evaluate", TOY_CSV, "-f", _framework_with(tmp_path, "broken.raises")], registry)

    assert run.exit_code == EXIT_INVALID
    assert "Traceback" not in run.output
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: indicator 'broken.raises' of plugin 'broken' failed to compute: ZeroDivisionError: "
                      "division by zero in the plugin"]
    assert run.stdout == ""


def test_indicator_returning_the_wrong_length_is_named(tmp_path, registry, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    run = run_cli(["evaluate", TOY_CSV, "-f", _framework_with(tmp_path, "broken.wrong_length")], registry)

    assert run.exit_code == EXIT_INVALID
    assert "Traceback" not in run.output
    said = " ".join(run.stderr.split())
    assert "indicator 'broken.wrong_length' of plugin 'broken' returned a Series of 1 values for 3 villages" in said


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "error: scorer 'broken_scorer' (plugin 'broken') failed on indicator 'broken.scored_badly': "),
    ("vi", "lỗi: phương pháp chấm 'broken_scorer' (plugin 'broken') bị lỗi ở chỉ số 'broken.scored_badly': ")])
def test_scorer_raising_is_named_with_its_plugin_and_indicator(tmp_path, registry, monkeypatch, lang, said):
    monkeypatch.setenv("VILLAGESCORE_LANG", lang)
    run = run_cli(["evaluate", TOY_CSV, "-f", _framework_with(tmp_path, "broken.scored_badly")], registry)

    assert run.exit_code == EXIT_INVALID
    assert "Traceback" not in run.output
    assert said + "ValueError: scorer blew up" in run.stderr.splitlines()


def test_scores_out_of_range_from_a_plugin_scorer_are_clipped_to_0_100(tmp_path, registry):
    """a = 80 (v1), 40 (v2), missing (v3): the scorer says 250, -40, NaN → 100, 0, missing."""
    result = _evaluate(registry, _framework_with(tmp_path, "broken.scored_out_of_range"))
    j = [n.id for n in result.framework.indicators].index("broken.scored_out_of_range")
    scores = result.matrix.scores[:, j]
    np.testing.assert_array_equal(scores[:2], [100.0, 0.0])
    assert np.isnan(scores[2])


def test_aggregator_raising_is_a_plugin_error(tmp_path, registry):
    run = run_cli(["evaluate", TOY_CSV, "-f", _framework_with(tmp_path, aggregator="broken_mean")], registry)

    assert "Traceback" not in run.output
    assert run.exit_code == EXIT_INVALID
    assert "broken_mean" in run.stderr and "'broken'" in run.stderr


def test_an_indicator_cannot_change_another_plugins_input(tmp_path, registry):
    """broken.tamper runs before toy.a and sets column a to 0: toy.a must still see 80 and 40."""
    result = _evaluate(registry, _framework_with(tmp_path, "broken.tamper"))
    j = [n.id for n in result.framework.indicators].index("toy.a")
    np.testing.assert_array_equal(result.matrix.values[j][:2], [80.0, 40.0])


def test_a_broken_plugin_does_not_change_the_others_scores(registry):
    """With the broken plugin installed but unused, the toy results are the hand-computed ones."""
    result = _evaluate(registry, TOY_FRAMEWORK)
    # tests/support: v1 88.3333 (high), v2 29.5833 (low, gate fired), v3 43.3333 (mid)
    np.testing.assert_allclose(result.tree.overall_score, [88.3333, 29.5833, 43.3333], atol=1e-4)
    assert [result.rating_id(i) for i in range(3)] == ["high", "low", "mid"]


class FailsInHook:
    """A plugin whose registration hook raises: it is skipped and named."""

    __version__ = "0.0.2"

    @hookimpl
    def register_indicators(self):
        raise ImportError("missing optional dependency 'shapely'")


def test_framework_needing_a_failed_plugin_names_both(tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the English messages
    registry = toy_registry(("geo", FailsInHook()))  # the warning is recorded in registry.failures
    assert [name for name, _ in registry.failures] == ["geo"]
    assert "plugin 'geo' failed in hook register_indicators: ImportError" in registry.failures[0][1]

    run = run_cli(["evaluate", TOY_CSV, "-f", _framework_with(tmp_path, "geo.flood_risk")], registry)

    assert run.exit_code == EXIT_INVALID
    assert "Traceback" not in run.output
    assert "unknown indicator 'geo.flood_risk'" in run.stderr
    assert "(note: plugin 'geo' failed to load its indicators: ImportError: missing optional dependency" in run.stderr


def test_the_toy_framework_still_scores_when_another_plugin_failed():
    registry = toy_registry(("geo", FailsInHook()))
    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "csv"], registry)

    assert run.exit_code == EXIT_OK, run.output
    assert "v1,Làng Một,Xã Một,Hà Nội,,,,alpha,2024,88.3333," in run.stdout


def test_strict_mode_turns_a_failing_hook_into_an_error():
    from tests.support import toy_plugin
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    pm = get_plugin_manager(entrypoints=False, strict=True, plugins=(("toy", toy_plugin), ("geo", FailsInHook())))
    with pytest.raises(PluginError, match="plugin 'geo' failed in hook register_indicators: ImportError"):
        Registry.from_plugin_manager(pm, strict=True)
