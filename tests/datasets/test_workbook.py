"""What a workbook's archive says before any cell is read: sheets, percent formats, column letters."""

import pytest

from villagescore.datasets.workbook import _is_percent_format, column_letters


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters_are_those_excel_shows(number, letters):
    assert column_letters(number) == letters


@pytest.mark.parametrize(("code", "percent"), [("0%", True), ("0.0%", True), ('0" %"', False), ("0\\%", False),
                                               ("[Red]0%", True), ("0.00", False)])
def test_a_percent_format_is_a_percent_sign_outside_quotes_and_escapes(code, percent):
    assert _is_percent_format(code) is percent
