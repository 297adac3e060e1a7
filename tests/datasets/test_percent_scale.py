"""A percentage column's scale: a column of bare fractions refused, a few among percent cells warned of."""

import pytest

from villagescore.datasets import read_dataset

from .helpers import percent_workbook, problems_of


def test_a_bare_fraction_among_percent_formatted_cells_is_warned_of_not_refused(tmp_path, toy_registry):
    """Sixteenth walk: 62.4 %, 95 %, 71 % and a General 0.9 gave a false 'every value is between 0 and 1'."""
    path = percent_workbook(tmp_path, [(0.624, True), (0.95, True), (0.71, True), (0.9, False)])
    dataset = read_dataset(path, toy_registry)
    assert dataset.frame["a"].tolist() == pytest.approx([62.4, 95.0, 71.0, 0.9])  # scored as written
    [warning] = dataset.warnings
    assert warning.where == "row 5" and warning.check == "percent_fraction"


def test_bare_fractions_beside_fewer_percent_formatted_cells_are_refused_in_workbook_words(tmp_path, toy_registry):
    path = percent_workbook(tmp_path, [(0.95, True), (0.5, False), (0.6, False)])
    [found] = [p for p in problems_of(path, toy_registry) if p.rule == "fraction_scale"]
    assert "every value not formatted as a percentage is between 0 and 1 (row 3: 0.5, row 4: 0.6)" in found.message



def test_a_refused_column_of_fractions_is_not_also_warned_of_cell_by_cell(tmp_path, toy_registry):
    """Sixteenth walk: 62.4 %, 95 %, General 0.9 and 0.8 were refused and each told "leave it as it is"."""
    from villagescore.errors import DatasetError

    path = percent_workbook(tmp_path, [(0.624, True), (0.95, True), (0.9, False), (0.8, False)])
    with pytest.raises(DatasetError) as caught:
        read_dataset(path, toy_registry)
    assert [p.rule for p in caught.value.problems] == ["fraction_scale"]
    assert not [w for w in caught.value.warnings if getattr(w, "check", "") == "percent_fraction"]
