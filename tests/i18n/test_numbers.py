"""villagescore.i18n.numbers: one number format per language."""

import math

import pytest

from villagescore.i18n import format_integer, format_number, format_percent, format_value


@pytest.mark.parametrize(("value", "digits", "lang", "expected"), [
    (53.66, 1, "vi", "53,7"),
    (53.66, 1, "en", "53.7"),
    (1234.5, 1, "vi", "1.234,5"),
    (1234.5, 1, "en", "1,234.5"),
    (-0.04, 1, "vi", "0,0"),
    (None, 1, "vi", "—"),
    (math.nan, 2, "en", "—"),
    ("n/a", 1, "en", "n/a"),
])
def test_format_number(value, digits, lang, expected):
    assert format_number(value, digits, lang) == expected


def test_booleans_read_as_words_of_the_language():
    assert (format_number(True, 1, "vi"), format_number(False, 1, "en")) == ("có", "no")


def test_values_keep_only_the_decimals_they_have():
    assert [format_value(x, "vi") for x in (52.5, 12.0, 0.126, 1300000)] == ["52,5", "12", "0,13", "1.300.000"]


def test_percent_and_integer():
    assert format_percent(0.456, "vi", 1) == "45,6 %"
    assert format_percent(None, "en") == "—"
    assert format_integer(13638, "vi") == "13.638"
