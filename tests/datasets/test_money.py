"""An amount of money typed with its currency or a multiple: the number it means in the field's unit."""

import pytest

from villagescore.datasets.money import amount_in_unit


@pytest.mark.parametrize(("number", "written", "unit", "decimal", "amount"), [
    ("4500000", "đ", "VND/month", ".", "4500000"),
    ("4500000", "VNĐ", "VND/month", ".", "4500000"),
    ("4500000", "₫", "VND/day", ".", "4500000"),
    ("4.5", "triệu", "VND/month", ".", "4500000"),
    ("4,5", "Triệu đồng", "VND/person/month", ",", "4500000"),
    ("4.5", "tr.", "VND/month", ".", "4500000"),
    ("4.5", "triệu đồng/tháng", "VND/month", ".", "4500000"),
    ("3", "nghìn đồng", "VND/kg", ".", "3000"),
    ("4500000", "VND", "bn VND/yr", ".", "0.0045"),  # exact: the multiples are powers of ten
    ("4500000", "đ", "bn VND/yr", ",", "0,0045"),
    ("4.5", "tỷ đồng", "bn VND/yr", ".", "4.5"),
    ("1.25", "tỷ", "bn USD", ".", "1.25"),
    ("4.5", "triệu", "triệu đồng", ".", "4.5"),
])
def test_an_amount_of_the_fields_currency_is_worked_out_exactly(number, written, unit, decimal, amount):
    assert amount_in_unit(number, written, unit, decimal=decimal) == amount


@pytest.mark.parametrize(("written", "unit"), [
    ("triệu", "mg/L"),  # the field is no currency
    ("USD", "VND/month"),  # another currency
    ("triệu đồng/năm", "VND/month"),  # another period
    ("người", "VND/month"),  # no unit of money
    ("mg", "VND"),
    ("m", "VND"),  # metres or millions: unsure
    ("", "VND"),
])
def test_an_amount_in_another_unit_gives_no_number(written, unit):
    assert amount_in_unit("4.5", written, unit) is None


@pytest.mark.parametrize("unit", ["d", "k", "d/month", "kd"])
def test_a_field_unit_that_names_no_currency_is_no_money(unit):
    """Reviewer's case: a field in ``d`` (days) was read as đồng, so ``2 k`` was advised as 2000 d."""
    assert amount_in_unit("2", "k", unit) is None
    assert amount_in_unit("4500000", "đ", unit) is None


@pytest.mark.parametrize(("unit", "number"), [("đ", "4500000"), ("đồng/tháng", "4500000"), ("₫", "4500000"),
                                              ("VND/month", "4500000")])
def test_a_field_unit_naming_its_currency_is_money(unit, number):
    assert amount_in_unit("4,5", "triệu", unit, decimal=",") == number
