"""The warnings a framework gives when it loads, shown on standard error and listed by ``validate --format json``."""

from __future__ import annotations

import json
import warnings

import pytest

from villagescore.framework.percent import framework_warning

#: A gate comparing a % indicator with 0.2 (20 % meant?): a warning when the framework loads.
GATE = """  - id: share-20
    label: {vi: "20 % hộ", en: "20 % of households"}
    indicator: toy.share
    condition: {"on": value, op: ">=", value: 0.2}
    cap: mid
"""


@pytest.fixture
def fractions(support_dir, tmp_path):
    """The toy framework with a gate comparing a % indicator with 0.2: a warning when it loads."""
    text = (support_dir / "toy-framework.yaml").read_text(encoding="utf-8")
    path = tmp_path / "fw.yaml"
    path.write_text(text.replace("rating:\n", GATE + "rating:\n"), encoding="utf-8")
    return path


def test_json_lists_the_warnings_of_the_framework_the_datasets_are_validated_with(toy_cli, support_dir, fractions,
                                                                                  monkeypatch):
    """The auditor's case: `validate -f F.yaml DATA` printed F's warning on stderr, the JSON report had no trace."""
    from villagescore.cli import _said_warnings  # as the command line shows them: ``warning: …`` on stderr

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    with _said_warnings():
        res = toy_cli("validate", "--format", "json", "-f", fractions, support_dir / "toy.csv",
                      support_dir / "toy.csv")
        text = toy_cli("validate", "-f", fractions, support_dir / "toy.csv")
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    for entry in report:  # the framework loads once; each dataset validated with it says its warnings
        found = [w for w in entry["warnings"] if w.get("kind") == "percent_fraction"]
        assert [(w["file"], w["id"]) for w in found] == [(str(fractions), "share-20")], entry["warnings"]
        assert found[0]["message"].startswith(f"{fractions}: gate 'share-20' compares indicator 'toy.share'")
    assert res.stderr.count("warning: ") == 1  # still said once on standard error
    assert "gate 'share-20' compares" in text.stderr and "gate 'share-20'" not in text.stdout


def test_the_json_report_lists_them_whatever_the_warnings_filter_and_text_says_each_once(toy_cli, support_dir,
                                                                                         fractions, monkeypatch):
    """Fifteenth walk: under PYTHONWARNINGS=ignore every list was []; `validate F d -f F` said the warning twice."""
    from villagescore.cli import _said_warnings

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = toy_cli("validate", "--format", "json", fractions, support_dir / "toy.csv", "-f", fractions)
    assert res.exit_code == 0, res.output
    assert [[w["id"] for w in e["warnings"] if w["kind"] == "percent_fraction"] for e in json.loads(res.stdout)] == [
        ["share-20"], ["share-20"]]
    assert "share-20" not in res.stderr
    with _said_warnings():
        text = toy_cli("validate", fractions, support_dir / "toy.csv", "-f", fractions)
    assert text.stderr.count("gate 'share-20' compares") == 1, text.stderr


def test_json_lists_a_validated_framework_s_warnings_in_the_run_s_language(toy_cli, fractions):
    from villagescore.cli import _said_warnings  # as the command line shows them, not into pytest's summary

    with _said_warnings():
        res = toy_cli("validate", "--format", "json", "--lang", "vi", fractions)
    assert res.exit_code == 0, res.output
    [entry] = json.loads(res.stdout)
    assert entry["valid"] and [w["kind"] for w in entry["warnings"]] == ["percent_fraction"]
    assert "điều kiện bắt buộc 'share-20' so sánh chỉ số 'toy.share'" in entry["warnings"][0]["message"]


def test_a_framework_without_warnings_adds_none(toy_cli, support_dir, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    res = toy_cli("validate", "--format", "json", support_dir / "toy-framework.yaml")
    assert "warnings" not in json.loads(res.stdout)[0]


def test_caught_framework_warnings_keeps_them_and_shows_every_warning():
    from villagescore.cli.framework_warnings import caught_framework_warnings

    shown = []
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = lambda message, *rest: shown.append(str(message))
        with caught_framework_warnings() as found:
            warnings.warn(framework_warning("replaced_limit", "{file}: ended", file="f.yaml"), stacklevel=1)
            warnings.warn("another", UserWarning, stacklevel=1)
    assert [w.to_dict("en") for w in found] == [{"kind": "replaced_limit", "file": "f.yaml", "id": None,
                                                 "message": "f.yaml: ended"}]
    assert shown == ["another", "f.yaml: ended"]  # a framework warning shown after the block, as the filters say


def test_caught_framework_warnings_keeps_them_whatever_the_filters_and_shows_each_text_once():
    from villagescore.cli.framework_warnings import caught_framework_warnings

    slip = framework_warning("percent_fraction", "{file}: slip", file="f.yaml")
    shown, ignoring, showing = [], set(), set()
    for action, already in (("ignore", ignoring), ("default", showing), ("default", showing)):  # a run's two loads
        with warnings.catch_warnings():
            warnings.simplefilter(action)
            warnings.showwarning = lambda message, *rest: shown.append(str(message))
            with caught_framework_warnings(already) as found:
                with caught_framework_warnings(already) as inner:  # a block inside passes them on
                    warnings.warn(slip, stacklevel=1)
            assert inner == found == [slip]
    assert shown == ["f.yaml: slip"]  # none under "ignore"; once in the run that issued it twice


def test_framework_once_loads_once_and_keeps_its_warnings():
    from villagescore.cli.framework_warnings import FrameworkOnce

    calls = []

    def load():
        calls.append(1)
        warnings.warn(framework_warning("percent_fraction", "{file}: slip", file="f.yaml"), stacklevel=1)
        return "framework"

    once = FrameworkOnce(load)
    assert once.watch() is False and once.asked is False
    with warnings.catch_warnings():
        warnings.showwarning = lambda *shown: None
        assert once() == once() == "framework"
    assert calls == [1] and once.asked and [str(w) for w in once.warnings] == ["f.yaml: slip"]
    assert once.watch() is True and once.asked is False
