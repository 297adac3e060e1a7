"""The command line speaks the run's language: help, click's messages, errors (issue 19)."""

import pytest

from villagescore import cli as cli_module


@pytest.fixture
def run():
    from click.testing import CliRunner

    runner = CliRunner()

    def invoke(*args, env=None):
        return runner.invoke(cli_module.cli, [str(a) for a in args], env=env, catch_exceptions=False)

    return invoke


def test_a_missing_dataset_is_reported_in_vietnamese(run):
    """Acceptance: ``VILLAGESCORE_LANG=vi villagescore evaluate missing.csv`` prints a Vietnamese message."""
    result = run("evaluate", "missing.csv", env={"VILLAGESCORE_LANG": "vi"})
    assert result.exit_code == 2
    assert "Lỗi: Giá trị không hợp lệ cho 'DATASET'" in result.output or "Lỗi:" in result.output
    assert "không tồn tại" in result.output and "does not exist" not in result.output


def test_the_same_in_english(run):
    result = run("evaluate", "missing.csv", env={"VILLAGESCORE_LANG": "en"})
    assert "Error: Invalid value for" in result.output and "does not exist" in result.output


def test_lang_before_help_chooses_the_language_of_the_help(run):
    vi = run("evaluate", "--lang", "vi", "--help", env={"VILLAGESCORE_LANG": "en"})
    assert vi.output.startswith("Cách dùng: ") and "Tuỳ chọn:" in vi.output
    en = run("evaluate", "--lang", "en", "--help")
    assert en.output.startswith("Usage: ") and "Options:" in en.output


def test_the_locale_chooses_when_nothing_else_does(run):
    result = run("--help", env={"LANG": "en_US.UTF-8"})
    assert result.output.startswith("Usage: ")
    result = run("--help", env={"LANG": "vi_VN.UTF-8"})
    assert result.output.startswith("Cách dùng: ")
