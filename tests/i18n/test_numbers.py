"""villagescore.i18n.numbers: one number format per language."""

import math

import pytest

from villagescore.i18n import format_integer, format_number, format_percent, format_value
from villagescore.i18n.numbers import format_exact


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


@pytest.mark.parametrize(("value", "digits", "vi", "en"), [
    (16.25, 1, "16,3", "16.3"),  # a binary tie: Python's format gives 16.2 (half to even)
    (18.75, 1, "18,8", "18.8"),
    (-16.25, 1, "-16,3", "-16.3"),  # away from zero on both sides
    (66.05, 1, "66,1", "66.1"),  # written 66.05, stored just below: rounded as written
    (2.675, 2, "2,68", "2.68"),
    (0.5, 0, "1", "1"),
    (2.5, 0, "3", "3"),
    (1234567.25, 1, "1.234.567,3", "1,234,567.3"),
    (16.24, 1, "16,2", "16.2"),
    (-0.04, 1, "0,0", "0.0"),  # no -0.0
    (1e20, 0, "100.000.000.000.000.000.000", "100,000,000,000,000,000,000"),
])
def test_a_half_is_rounded_away_from_zero(value, digits, vi, en):
    assert (format_number(value, digits, "vi"), format_number(value, digits, "en")) == (vi, en)


def test_values_percentages_and_the_estimates_line_round_a_half_alike():
    from villagescore.i18n import estimates_text

    assert format_value(0.125, "vi") == "0,13" and format_percent(0.125, "en") == "13 %"
    line = estimates_text({"inputs": 8, "estimated": 1, "share": 0.125, "warning": False}, "en")
    assert line == "Estimated data: 1 of 8 scoring inputs (13 %)"  # 12.5 %: as every number shown, not 12


def test_infinite_and_huge_numbers_keep_their_format():
    assert format_number(math.inf, 1, "en") == "inf"
    assert format_number(2.0**60, 0, "en") == f"{2**60:,}"


def test_a_change_is_the_difference_of_the_numbers_as_shown():
    from villagescore.i18n import format_change, shown_difference

    # the pilot: 37.0549 → 52.8409 show as 37,1 → 52,8; the raw 15.786 would show as 15,8
    assert shown_difference(52.8409, 37.0549, 1) == pytest.approx(15.7)
    assert format_change(52.8409, 37.0549, 1, "vi") == "+15,7"
    assert format_change(38.1449, 15.0251, 2, "en") == "+23.11"  # 38.14 − 15.03 (raw 23.1198: 23.12)
    assert format_change(45.5639, 46.1249, 2, "vi") == "-0,56"
    assert format_change(46.7, 46.7, 1, "vi") == "0,0"
    assert format_change(None, 46.7, 1, "vi") == format_change(46.7, math.nan, 1, "en") == "—"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("digits", [0, 1, 2, 4, 5])
def test_numbers_formatted_whole_are_those_formatted_one_by_one(digits, lang):
    import random

    from villagescore.i18n.numbers import format_numbers

    rnd = random.Random(digits)
    values = [round(rnd.uniform(-2000, 2000), rnd.randrange(6)) for _ in range(3000)]
    values += [None, math.nan, math.inf, -math.inf, 0.0, -0.0, 0.005, -0.005, -0.004, 16.25, 2.675, 0.125, 2.5,
               99999.995, 1234567.125, 1e-7, 1 / 3, 1e15, 12345678901.5, 2.0**53]
    assert format_numbers(values, digits, lang) == [format_number(v, digits, lang) for v in values]
    assert format_numbers([], digits, lang) == []


@pytest.mark.parametrize("digits", [0, 1, 2, 4, 5])
def test_numbers_rounded_as_shown_are_the_numbers_printed(digits):
    import random

    from villagescore.i18n.numbers import rounded_as_shown

    rnd = random.Random(100 + digits)
    values = [round(rnd.uniform(-2000, 2000), rnd.randrange(7)) for _ in range(5000)]
    values += [rnd.randrange(-10**6, 10**6) / 10**4 for _ in range(5000)]  # whole ten-thousandths: scores
    values += [k / 1000 + 0.005 for k in range(-2000, 2000, 7)]  # halves at two decimals
    values += [0.0, -0.0, 0.005, -0.005, -0.004, 16.25, 2.675, 0.125, 2.5, 50.015, 50.0149, 50.005, 49.995,
               99999.995, 1234567.125, 1e-7, 1 / 3, 12345678901.5, 1e15, 2.0**53, math.inf, -math.inf]
    got = rounded_as_shown(values, digits)
    assert [str(x) for x in got.tolist()] == [str(float(format_number(v, digits).replace(",", "")))
                                              for v in values]
    assert math.isnan(rounded_as_shown([math.nan], digits)[0])
    assert rounded_as_shown([[1.005, math.nan]], 2).shape == (1, 2)


def test_rounded_as_shown_orders_as_the_texts_do():
    from villagescore.i18n.numbers import rounded_as_shown

    assert rounded_as_shown([50.015, 50.0149, 50.005, 49.995]).tolist() == [50.02, 50.01, 50.01, 50.0]


@pytest.mark.parametrize("digits", [2, 5])
def test_rounded_as_shown_takes_one_number_and_gives_its_shape(digits):
    import numpy as np

    from villagescore.i18n.numbers import rounded_as_shown

    one = rounded_as_shown(2.675, digits)
    assert one.shape == () and float(one) == float(format_number(2.675, digits))
    assert rounded_as_shown(np.array(math.nan), digits).shape == ()
    assert math.isnan(float(rounded_as_shown(np.array(math.nan), digits)))


@pytest.mark.parametrize(("value", "vi", "en"), [
    (600000000, "600.000.000", "600,000,000"), (5e8, "500.000.000", "500,000,000"), (20000.0, "20.000", "20,000"),
    (0.4555, "0,4555", "0.4555"), (-1234.125, "-1.234,125", "-1,234.125"), (0, "0", "0"), (-0.0, "0", "0"),
    (-0.5, "-0,5", "-0.5"),
    (1e-07, "1e-07", "1e-07"), (math.inf, "inf", "inf"), ("abc", "abc", "abc"),
])
def test_format_exact_keeps_every_digit_and_groups_per_language(value, vi, en):
    assert (format_exact(value, "vi"), format_exact(value, "en")) == (vi, en)


def test_a_gain_and_a_weight_have_one_format_for_every_view():
    from villagescore.i18n import format_gain, format_weight

    assert (format_gain(5.0455, "vi"), format_gain(2.0, "en"), format_gain(None, "vi")) == ("+5,05", "+2.00", "—")
    weights = (format_weight(0.0288, "vi"), format_weight(0.3, "en"), format_weight(None, "en"))
    assert weights == ("2,9 %", "30.0 %", "—")


def test_a_gain_is_signed_by_itself_and_a_loss_never_reads_plus_minus():
    """Review (15th walk): explain prepended '+' to a formatted gain: a step losing 0.62 points read '+-0.62'."""
    from villagescore.i18n import format_gain

    assert (format_gain(-0.62, "en"), format_gain(-0.62, "vi"), format_gain(0.0, "en")) == ("-0.62", "-0,62", "0.00")
    assert format_gain(-0.001, "en") == "0.00"
