"""Which ``7.000``-like cells are ambiguous: the field's range may leave the decimal reading alone."""

from types import SimpleNamespace

import numpy as np
import pytest

from villagescore.datasets.ambiguous import ambiguous_cells


def _cells(texts, minimum=None, maximum=None):
    text = np.array(texts, dtype=object)
    values = np.array([float(t) for t in texts])
    field = SimpleNamespace(minimum=minimum, maximum=maximum)
    return ambiguous_cells(values, np.arange(len(texts)), text, field).tolist()


def test_a_thousands_reading_beyond_the_maximum_leaves_the_decimal():
    assert _cells(["1.125", "2.375", "0.125", "1.1250"], minimum=0, maximum=50) == [False, False, False, False]


def test_a_cell_ending_in_a_zero_is_refused_whatever_the_range():
    """Review: ``150.000`` in a field of maximum 100,000 was read as 150 where 150,000 (too high) was meant;
    people write a decimal without its trailing zeros, so ``7.000``, ``2.500``, ``150.000`` stay ambiguous."""
    assert _cells(["7.000", "2.500", "150.000", "1.125"], minimum=0, maximum=1000) == [True, True, True, False]
    assert _cells(["7.000", "2.500", "150.000"], minimum=0, maximum=100) == [True, True, True]


def test_a_thousands_reading_within_the_range_stays_ambiguous():
    assert _cells(["1.125", "7.000", "0.125"], minimum=0, maximum=10000) == [True, True, False]
    assert _cells(["1.125", "-7.000"]) == [True, True]
    assert _cells(["-7.125"], minimum=-100) == [False]
    assert _cells(["-7.000"], minimum=-100) == [True]


def _row(village, a="80", c="25", total="10"):
    return [village, "Một", "X", "HN", "alpha", "2024", a, "90", c, "1", "A", "x", total, "5"]


def _write(tmp_path, written, rows):
    from .helpers import HEADER, write_csv, write_workbook

    if written == "csv":
        return write_csv(tmp_path, "".join(",".join(r) + "\n" for r in rows))
    return write_workbook(tmp_path, [HEADER.strip().split(","), *rows])


@pytest.mark.parametrize("written", ["csv", "xlsx"])
@pytest.mark.parametrize("evidence", [{"c": "4.500.000"}, {"total": "4.500"}, {"c": "12.500"}])
def test_a_file_using_the_dot_for_thousands_lets_no_range_pick_the_decimal(tmp_path, toy_registry, written,
                                                                            evidence):
    """Fifteenth walk: beside ``4.500.000`` or an ambiguous ``12.500``, ``50.000`` in a field of maximum 100 was
    read as 50 without a word (the file writes thousands with dots); every such cell is refused in one report."""
    from .helpers import problems_of

    path = _write(tmp_path, written, [_row("v1", **evidence), _row("v2", a="50.000"), _row("v3", a="1.125")])
    refused = {(p.where, p.column) for p in problems_of(path, toy_registry)}
    column = next(iter(evidence))
    assert refused == {("row 2", column), ("row 3", "a"), ("row 4", "a")}


@pytest.mark.parametrize("written", ["csv", "xlsx"])
def test_a_file_with_dots_only_as_decimals_still_reads_the_decimal_the_range_leaves(tmp_path, toy_registry, written):
    from villagescore.datasets import read_dataset

    path = _write(tmp_path, written, [_row("v1", a="50.125", c="12.5"), _row("v2", a="1.125", total="4500")])
    assert read_dataset(path, toy_registry).frame["a"].tolist() == [50.125, 1.125]


def test_shows_dot_thousands_reads_several_groups_and_thousands_readings_within_range():
    import pandas as pd

    from villagescore.datasets.ambiguous import shows_dot_thousands

    field = SimpleNamespace(minimum=0, maximum=100)
    assert shows_dot_thousands([(pd.Series(["1.125", "7.5"], dtype=object), field)]) is False
    assert shows_dot_thousands([(pd.Series(["1.125", "1.500.000"], dtype=object), field)]) is True
    assert shows_dot_thousands([(pd.Series(["1.125"], dtype=object), SimpleNamespace(minimum=0, maximum=None))])
    assert shows_dot_thousands([(pd.Series([1.5, 7.0]), field)]) is False
