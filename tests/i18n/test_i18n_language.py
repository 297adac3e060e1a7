"""The language of a run: --lang, VILLAGESCORE_LANG, the locale, then Vietnamese."""

import pytest

from villagescore.errors import VillageScoreError
from villagescore.i18n import current_language, language_from_environment, use_language


def test_default_is_vietnamese():
    assert language_from_environment() == "vi" == current_language()


@pytest.mark.parametrize(("variables", "expected"), [
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "fr_FR.UTF-8"}, "vi"),
    ({"LANG": "C.UTF-8", "LANGUAGE": "en"}, "vi"),  # a C locale names no language; LANGUAGE is not read then
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"VILLAGESCORE_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
])
def test_environment(monkeypatch, variables, expected):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert language_from_environment() == expected


def test_an_invalid_villagescore_lang_is_refused(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "fr")
    with pytest.raises(VillageScoreError, match="VILLAGESCORE_LANG"):
        language_from_environment()


def test_use_language_overrides_the_environment(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    use_language("en")
    assert current_language() == "en"
    with pytest.raises(ValueError, match="unknown language"):
        use_language("fr")
