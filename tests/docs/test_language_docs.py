"""The docs say how the language is chosen as the code chooses it: --lang, VILLAGESCORE_LANG, the locale, vi."""

from pathlib import Path

import pytest

from villagescore.i18n import language_from_environment

REPO = Path(__file__).resolve().parents[2]
ORDER = "`VILLAGESCORE_LANG`, else the system locale when it names"


@pytest.mark.parametrize("doc", ["README.md", "docs/cli.md", "docs/reports.md"])
def test_the_docs_name_the_locale_between_the_variable_and_vietnamese(doc):
    text = " ".join((REPO / doc).read_text(encoding="utf-8").split())
    assert ORDER in text
    assert "Vietnamese is the default" not in text and "Vietnamese by default, or" not in text


def test_the_locale_decides_when_no_variable_is_set(monkeypatch):
    for name in ("VILLAGESCORE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the auditor's case: docs/cli.md says so
    assert language_from_environment() == "en"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert language_from_environment() == "vi"
