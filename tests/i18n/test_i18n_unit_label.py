"""A unit as a reader sees it: translated words, symbols kept, and a yes/no indicator's ``bool`` said as words."""

import pytest

from villagescore.i18n import unit_label


@pytest.mark.parametrize(("lang", "expected"), [("vi", "có/không"), ("en", "yes/no")])
def test_a_yes_no_unit_is_its_two_answers_in_every_language(lang, expected):
    # audit 15 (h4) #4: the English workbook and annex showed the code "bool" as a unit
    assert unit_label("bool", lang) == expected


def test_symbols_stay_and_words_are_translated():
    assert unit_label("mg/L", "en") == unit_label("mg/L", "vi") == "mg/L"
    assert unit_label("", "en") == ""


def test_the_english_criteria_annex_shows_no_bool_unit():
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.reports.framework_doc import framework_markdown

    page = framework_markdown(load_framework(None, Registry.default()), "en")
    assert "`environment.protection_plan`, yes/no" in page and ", bool)" not in page
