"""A number too large for a float, read as infinity, remembering how it was written (villagescore.written_numbers)."""

import json
import math

import pytest

from villagescore.written_numbers import OverflowedFloat, as_written, json_float_reader, overflowed


@pytest.mark.parametrize(("text", "sign", "written"), [
    ("1e400", 1, "1e400"), ("-2.5E+999", -1, "-2.5E+999"), ("9" * 5000, 1, "9" * 24 + "…")])
def test_an_overflowed_number_is_infinite_and_says_its_text(text, sign, written):
    value = overflowed(text)
    assert isinstance(value, OverflowedFloat) and value == sign * math.inf
    assert as_written(value) == written == f"{value}" == repr(value)
    assert json.dumps([value]) == ("[Infinity]" if sign > 0 else "[-Infinity]")  # still a float everywhere


def test_other_values_are_said_as_they_are():
    assert as_written(math.inf) == math.inf and as_written("x") == "x" and as_written(1.5) == 1.5


def test_json_keeps_the_standard_library_s_fast_path_for_a_text_over_5_mib_and_a_second_pass_reads_it(monkeypatch):
    from villagescore import written_numbers

    reader = json_float_reader('{"a": 1e400}')
    assert reader is not float and as_written(reader("1e400")) == "1e400" and reader("1.5") == 1.5
    monkeypatch.setattr(written_numbers, "_CHECKED_UP_TO", 4)
    assert json_float_reader('{"a": 1e400}') is float
    assert as_written(written_numbers.json_written_floats('{"a": 1e400}')["a"]) == "1e400"
