"""Field columns: a column pandas read as numbers is checked on its least and greatest values and reused
buffers; the problems and values are those of the general path (text, objects) cell for cell."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from villagescore.datasets import RawDataset, ReadOptions, validate
from villagescore.errors import DatasetError

_NUMBERS = [np.nan, 0.0, 0.5, 1.0, 45.0, 99.5, 100.0, 120.0, -1.0, 3.25, 7.0, 1e6, -0.0]


def _raw(columns, options, name="d.csv"):
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame({
        "village_id": pd.Series([f"v{i}" for i in range(n)], dtype="str"),
        "name": pd.Series(["Một"] * n, dtype="str"), "commune": pd.Series(["X"] * n, dtype="str"),
        "province": pd.Series(["HN"] * n, dtype="str"), "sectors": pd.Series(["alpha"] * n, dtype="str"),
        "year": pd.Series(["2024"] * n, dtype="str"), **columns})
    return RawDataset(frame, name, "0" * 64, options=options)


def _outcome(raw, registry, keep_going):
    try:
        ds = validate(raw, registry, keep_going=keep_going)
    except DatasetError as exc:
        return "error", [(p.where, p.column, p.rule, repr(p.value), p.message) for p in exc.problems]
    return ds.frame, [(p.where, p.column, p.rule, repr(p.value), p.message) for p in ds.problems]


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_numbers_read_by_pandas_give_what_the_general_path_gives(toy_registry, data):
    n = data.draw(st.integers(1, 6))
    ints = st.lists(st.integers(-3, 300), min_size=n, max_size=n)
    floats = st.lists(st.sampled_from(_NUMBERS), min_size=n, max_size=n)
    columns = {"a": data.draw(floats), "b": data.draw(floats), "c": data.draw(floats),
               "total": data.draw(st.one_of(ints, floats)), "craft": data.draw(st.one_of(ints, floats))}
    scale = data.draw(st.sampled_from(["auto", "percent", "fraction"]))
    options = ReadOptions(percent_scale=scale)
    keep_going = data.draw(st.booleans())
    numbers = {k: pd.Series(v, dtype="float64" if any(isinstance(x, float) for x in v) else "int64")
               for k, v in columns.items()}
    objects = {k: pd.Series(v, dtype=object) for k, v in columns.items()}  # the general path: cell by cell
    fast = _outcome(_raw(numbers, options), toy_registry, keep_going)
    slow = _outcome(_raw(objects, options), toy_registry, keep_going)
    assert fast[1] == slow[1]
    if not isinstance(fast[0], str):
        pd.testing.assert_frame_equal(fast[0], slow[0], check_exact=True)


@pytest.mark.parametrize("value", [np.inf, -np.inf])
def test_an_infinite_number_is_named_by_the_general_path(value, toy_registry):
    raw = _raw({"c": pd.Series([1.0, value], dtype="float64")}, ReadOptions())
    with pytest.raises(DatasetError) as caught:
        validate(raw, toy_registry)
    assert [(p.where, p.column, p.rule, p.message) for p in caught.value.problems] == [
        ("row 3", "c", "type", "not a number")]


@pytest.mark.parametrize("cells", [[1, 0, 1], [0, 0], [1], [0, 2, 1], [-1, 0], [1, 1, 0, 1]])
def test_a_yes_no_column_read_as_integers_gives_what_its_cells_read_one_by_one_give(toy_registry, cells):
    as_read = _outcome(_raw({"flag": pd.Series(cells, dtype="int64")}, ReadOptions()), toy_registry, True)
    by_cell = _outcome(_raw({"flag": pd.Series(cells, dtype=object)}, ReadOptions()), toy_registry, True)
    assert as_read[1] == by_cell[1]
    pd.testing.assert_frame_equal(as_read[0], by_cell[0], check_exact=True)


@pytest.mark.parametrize("scale", ["auto", "percent", "fraction"])
@pytest.mark.parametrize(("column", "values"), [
    ("a", [0.0, 0.25, 0.5, 1.0]),  # every value a fraction
    ("a", [0.5, 1.0, 45.0, 99.5]),  # fractions among percentages
    ("b", [120.0, 50.0, -1.0, 3.0]),  # out of range only
    ("c", [1e6, 7.0, -0.0, 3.25]),  # clean: no mask needed
    ("total", [3.5, 10.0, 12.0, 0.0]),  # a fraction in a column of integers
    ("craft", [2**53 + 1, 5, 7, 9]),  # integers a float cannot hold
    ("total", [np.nan, 10.0, 1e20, 5e-324]),
])
def test_each_way_a_number_column_is_first_masked_gives_what_the_general_path_gives(toy_registry, column, values,
                                                                                   scale):
    """Reviewed 2026-12-07: the mask of which cells hold a number is now made only where it is needed."""
    n = len(values)
    columns = {"a": [1.0] * n, "b": [50.0] * n, "c": [3.0] * n, "total": [10] * n, "craft": [5] * n, column: values}
    numbers = {k: pd.Series(v, dtype="float64" if any(isinstance(x, float) for x in v) else "int64")
               for k, v in columns.items()}
    objects = {k: pd.Series(v, dtype=object) for k, v in columns.items()}
    for keep_going in (False, True):
        fast = _outcome(_raw(numbers, ReadOptions(percent_scale=scale)), toy_registry, keep_going)
        slow = _outcome(_raw(objects, ReadOptions(percent_scale=scale)), toy_registry, keep_going)
        assert fast[1] == slow[1]
        if not isinstance(fast[0], str):
            pd.testing.assert_frame_equal(fast[0], slow[0], check_exact=True)


def test_a_range_says_its_bounds_in_each_language_s_digits():
    from types import SimpleNamespace

    from villagescore.datasets.fields import _describe_range
    from villagescore.errors import problem

    template, params = _describe_range(SimpleNamespace(minimum=0, maximum=5e8, unit=""))
    said = problem("d.csv", "row 3", "out of range", allowed=template, params=params)
    assert said.allowed == "0 to 500,000,000"
    assert said.format("vi").endswith("(cho phép: từ 0 đến 500.000.000)")


def test_a_field_refused_by_its_own_check_starts_no_cross_field_problem(tmp_path, toy_registry):
    """``households_total = -5`` also said ``households_ethnic_minority = 0`` exceeded it (twelfth walk)."""
    from .helpers import problems_of, write_csv

    body = ("v1,Một,X,Hà Nội,alpha,2024,1,1,1,1,A,x,-5,0\n"     # total refused: craft 0 not compared with it
            "v2,Hai,X,Hà Nội,alpha,2024,1,1,1,1,A,x,1,2.5\n"    # craft refused (not whole): not compared
            "v3,Ba,X,Hà Nội,alpha,2024,1,1,1,1,A,x,10,20\n")    # both fine: compared
    found = [(p.where, p.column, p.rule) for p in problems_of(write_csv(tmp_path, body), toy_registry)]
    assert found == [("row 2", "total", "range"), ("row 3", "craft", "integer"),
                     ("row 4", "craft", "not_greater_than")]


@pytest.mark.parametrize("dtype", ["float64", object])
def test_a_value_the_fraction_scale_put_out_of_range_is_quoted_scaled(toy_registry, dtype):
    # --percent-scale fraction on a column in per cent: 45 is refused as 45 × 100 = 4,500, not as "45: out of range";
    # the value stays the cell (for programs), the message says what the scale made of it, every digit per language
    raw = _raw({"a": pd.Series([45.0, 0.5, 1.0000001, 12345.678], dtype=dtype)}, ReadOptions(percent_scale="fraction"))
    with pytest.raises(DatasetError) as caught:
        validate(raw, toy_registry)
    first, near, big = caught.value.problems
    assert (first.where, first.column, first.rule, first.value) == ("row 2", "a", "range", 45)
    assert "(45 × 100 = 4,500, percent scale 'fraction')" in first.message and first.allowed == "0 to 100 %"
    assert "45 × 100 = 4.500" in first.format("vi") and "nhân với 100" in first.format("vi")
    assert near.value == 1.0000001 and "(1.0000001 × 100 = 100.00001, " in near.message  # not "1 × 100 = 100"
    assert big.value == 12345.678 and "(12.345,678 × 100 = 1.234.567,8, " in big.format("vi")


def test_a_column_of_fractions_is_told_to_declare_its_own_scale_before_the_option_for_every_column(toy_registry):
    raw = _raw({"a": pd.Series([0.45, 0.5], dtype="float64")}, ReadOptions())
    with pytest.raises(DatasetError) as caught:
        validate(raw, toy_registry)
    [p] = caught.value.problems
    own = p.message.index('"columns": {"a": {"scale": "fraction"}}')
    assert own < p.message.index("--percent-scale fraction reads every percentage column as fractions")
    assert 'metadata={"columns": …} in Python' in p.message
    assert '"columns": {"a": {"scale": "fraction"}}' in p.format("vi")


def test_a_cell_refused_as_unreadable_starts_no_advice_to_scale_the_others(tmp_path, toy_registry):
    """Fourteenth walk: a date Excel made of 1.5 beside 0.8 and 0.6 said "every value is between 0 and 1": its advice
    would scale 0.8 % to 80 %. The column is said to be unjudged until row 2 is fixed, with no advice to scale."""
    import datetime

    from .helpers import GOOD_ROW, HEADER, problems_of, write_workbook

    rows = [[f"v{k}"] + GOOD_ROW[1:6] + [value] + GOOD_ROW[7:]
            for k, value in enumerate((datetime.datetime(2026, 5, 1), 0.8, 0.6))]
    path = write_workbook(tmp_path, [HEADER.strip().split(",")] + rows)
    date, column = problems_of(path, toy_registry)
    assert (date.where, date.column, date.rule) == ("row 2", "a", "date")
    assert (column.column, column.rule) == ("a", "fraction_scale_unjudged")
    assert "until the cells refused as unreadable are fixed (row 2)" in column.message
    assert "multiply" not in column.message and "--percent-scale" not in column.message
    assert "(dòng 2)" in column.format("vi") and "dòng 3: 0,8; dòng 4: 0,6" in column.format("vi")


def test_fractions_beside_an_unreadable_cell_stop_a_keep_going_run(toy_registry):
    """Fourteenth walk: with keep_going, 'abc' in one row let the rows of 0.23 … 0.77 be scored as 0.23 % …"""
    cells = pd.Series(["abc", 0.23, 0.5, 0.77], dtype=object)
    with pytest.raises(DatasetError) as info:
        validate(_raw({"a": cells}, ReadOptions()), toy_registry, keep_going=True)
    assert [(p.where, p.rule) for p in info.value.problems] == [("row 2", "type"), ("", "fraction_scale_unjudged")]
    assert "(row 2)" in info.value.problems[1].message
    # a value above 1 among them: per cent, the bad row dropped as before
    kept = validate(_raw({"a": pd.Series(["abc", 0.23, 45.0, 0.77], dtype=object)}, ReadOptions()), toy_registry,
                    keep_going=True)
    assert kept.frame["a"].tolist() == [0.23, 45.0, 0.77]


@pytest.mark.parametrize("dtype", ["float64", object])
def test_one_value_between_0_and_1_is_refused_as_fractions_too(toy_registry, dtype):
    """A file of one village-year holds one value: 0.8 typed for 80 % must not be scored as 0.8 % unasked."""
    with pytest.raises(DatasetError) as info:
        validate(_raw({"a": pd.Series([0.8, np.nan], dtype=dtype)}, ReadOptions()), toy_registry)
    assert [p.rule for p in info.value.problems] == ["fraction_scale"]
    assert validate(_raw({"a": pd.Series([0.8, np.nan], dtype=dtype)}, ReadOptions(percent_scale="percent")),
                    toy_registry).frame["a"].tolist()[:1] == [0.8]


def test_a_percent_formatted_cell_holding_45_is_told_to_be_typed_again(tmp_path, toy_registry):
    """Sixteenth walk: 45 typed before the % format was set (shown 4500 %) was only "= 4.500: out of range"."""
    from .helpers import percent_workbook, problems_of

    path = percent_workbook(tmp_path, [(45, True), (0.5, True), (250, True)])
    problems = problems_of(path, toy_registry)
    assert [(p.where, p.rule) for p in problems] == [("row 2", "percent_format"), ("row 4", "range")]
    assert ("holds 45, which Excel shows as 4,500 %: type 45 % again (or 0.45)" in problems[0].format("en"))
    assert "chứa 45, Excel hiển thị thành 4.500 %: hãy gõ lại 45 % (hoặc 0,45)" in problems[0].format("vi")


def test_a_percent_formatted_cell_holding_1_5_is_out_of_range_not_told_to_be_typed_again(tmp_path, toy_registry):
    """Sixteenth walk: 1.5 shown 150 % is more likely a wrong 150 % than 1.5 typed before the format."""
    from .helpers import percent_workbook, problems_of

    path = percent_workbook(tmp_path, [(1.5, True), (2, True), (0.5, True)])
    problems = problems_of(path, toy_registry)
    found = {p.where: p for p in problems}
    assert {w: p.rule for w, p in found.items()} == {"row 2": "range", "row 3": "percent_format"}
    assert "type 2 % again (or 0.02)" in found["row 3"].format("en")
