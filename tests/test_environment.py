"""``VILLAGESCORE_*`` variables (``villagescore.environment``): invalid values are refused, naming the variable."""

from __future__ import annotations

import pytest

from tests.corpus.harness import REPO, TOY_CSV, TOY_FRAMEWORK, run_cli, toy_registry
from villagescore import environment
from villagescore.environment import EnvironmentVariableError, check_environment
from villagescore.errors import EXIT_INVALID, EXIT_OK

ALL = (*environment.VARIABLES, "VILLAGESCORE_LOAD_PLUGIN")


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    for name in ALL:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("TRUE", True), (" yes ", True), ("0", False),
                                                 ("false", False), ("", False)])
def test_flags_accept_the_usual_words(monkeypatch, value, expected):
    monkeypatch.setenv("VILLAGESCORE_STRICT_PLUGINS", value)
    assert environment.flag("VILLAGESCORE_STRICT_PLUGINS") is expected


@pytest.mark.parametrize(("name", "value", "allowed"), [
    ("VILLAGESCORE_STRICT_PLUGINS", "maybe", "use 1, true or yes"),
    ("VILLAGESCORE_LANG", "fr", "use vi or en"),
    ("VILLAGESCORE_LOAD_PLUGINS", "weaving;ceramics", "separate names with commas"),
    ("VILLAGESCORE_DISABLE_PLUGINS", "weaving ceramics", "is not a plugin name"),
    ("VILLAGESCORE_WORKERS", "0", "a whole number from 1"),
    ("VILLAGESCORE_WORKERS", "two", "a whole number from 1"),
    ("VILLAGESCORE_WORKERS", "65", "to 64"),
])
def test_invalid_values_are_refused_naming_the_variable(monkeypatch, name, value, allowed):
    monkeypatch.setenv(name, value)
    with pytest.raises(EnvironmentVariableError) as caught:
        check_environment()
    assert f"environment variable {name}={value!r} is not valid" in str(caught.value)
    assert allowed in str(caught.value)


@pytest.mark.parametrize(("value", "expected"), [("1", 1), (" 3 ", 3), ("", None)])
def test_workers_is_a_whole_number_or_unset(monkeypatch, value, expected):
    monkeypatch.setenv("VILLAGESCORE_WORKERS", value)
    assert environment.workers() == expected


def test_an_unknown_variable_is_a_warning_not_an_error(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGIN", "weaving")  # a typo: the S is missing
    (warning,) = check_environment()
    assert "VILLAGESCORE_LOAD_PLUGIN is not used by villagescore" in warning


@pytest.mark.parametrize(("name", "value"), [("VILLAGESCORE_STRICT_PLUGINS", "maybe"), ("VILLAGESCORE_LANG", "fr")])
def test_the_command_line_refuses_an_invalid_value_before_doing_anything(monkeypatch, name, value):
    registry = toy_registry()
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    monkeypatch.setenv(name, value)
    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK], registry)
    assert run.exit_code == EXIT_INVALID
    if name == "VILLAGESCORE_LANG":  # an invalid VILLAGESCORE_LANG falls back to vi
        assert f"lỗi: biến môi trường {name}={value!r} không hợp lệ: dùng vi hoặc en" in run.stderr
    else:
        assert f"error: environment variable {name}={value!r} is not valid" in run.stderr
    assert "Traceback" not in run.output


def test_the_command_line_warns_about_an_unknown_variable(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGIN", "x")
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "csv"], toy_registry())
    assert run.exit_code == EXIT_OK
    assert "warning: environment variable VILLAGESCORE_LOAD_PLUGIN is not used" in run.stderr


def test_an_error_caused_by_a_disabled_plugin_names_the_variable(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the English messages
    from villagescore.plugins import environment_note

    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", "weaving")
    assert environment_note() == "VILLAGESCORE_DISABLE_PLUGINS='weaving' is set, so plugins weaving were not loaded"
    run = run_cli(["evaluate", REPO / "datasets" / "villages" / "villages.csv"])
    assert run.exit_code == EXIT_INVALID
    said = " ".join(run.stderr.split())  # a long install path may wrap the message at COLUMNS
    assert "unknown indicator 'weaving." in said
    assert "note: VILLAGESCORE_DISABLE_PLUGINS='weaving' is set, so plugins weaving were not loaded" in said


def test_an_error_after_loading_no_plugin_names_the_variable(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the English messages
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "")
    run = run_cli(["evaluate", REPO / "datasets" / "villages" / "villages.csv"])
    assert run.exit_code == EXIT_INVALID
    assert "note: VILLAGESCORE_LOAD_PLUGINS='' is set, so plugins " in run.stderr


def test_errors_a_plugin_cannot_explain_get_no_note(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "")
    run = run_cli(["evaluate", REPO / "tests" / "corpus" / "datasets" / "empty.csv", "-f", TOY_FRAMEWORK],
                  toy_registry())
    assert run.exit_code == EXIT_INVALID
    assert "note:" not in run.stderr


def test_the_command_line_documentation_names_every_variable():
    documented = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert [name for name in environment.VARIABLES if f"`{name}" not in documented] == []


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "lỗi: biến môi trường VILLAGESCORE_STRICT_PLUGINS='maybe' không hợp lệ: dùng 1, true hoặc yes để bật, "
           "0, false hoặc no để tắt; hãy sửa hoặc bỏ biến này (unset VILLAGESCORE_STRICT_PLUGINS)"),
    ("en", "error: environment variable VILLAGESCORE_STRICT_PLUGINS='maybe' is not valid: use 1, true or yes to turn "
           "it on, 0, false or no to turn it off; fix or unset it (unset VILLAGESCORE_STRICT_PLUGINS)"),
])
def test_an_invalid_value_is_said_in_the_run_s_language(monkeypatch, lang, expected):
    monkeypatch.setenv("VILLAGESCORE_STRICT_PLUGINS", "maybe")
    run = run_cli(["schema", "framework", "--lang", lang])
    assert run.exit_code == EXIT_INVALID and "Traceback" not in run.output
    assert expected in " ".join(run.stderr.split())


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "cảnh báo: villagescore không dùng biến môi trường VILLAGESCORE_LNG (các biến được dùng: "),
    ("en", "warning: environment variable VILLAGESCORE_LNG is not used by villagescore (known: "),
])
def test_an_unknown_variable_is_said_in_the_run_s_language(monkeypatch, lang, expected):
    monkeypatch.setenv("VILLAGESCORE_LNG", "vi")
    monkeypatch.setenv("VILLAGESCORE_LANG", lang)
    run = run_cli(["schema", "framework"])
    assert run.exit_code == EXIT_OK and "Traceback" not in run.output
    assert expected in " ".join(run.stderr.split())
