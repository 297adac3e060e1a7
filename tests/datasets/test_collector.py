"""Problems collected column by column: spreadsheet rows, village ids, values shown as a person reads them."""

import numpy as np
import pandas as pd
import pytest

from villagescore.datasets.collector import Collector, row_where
from villagescore.datasets.text import PYTHON_TEXT


def test_cells_are_numbered_as_in_a_spreadsheet_and_values_shown_plainly():
    frame = pd.DataFrame({"village_id": ["v1", "v2", "v3"]}, index=[0, 2, 3])  # a blank row 3 was skipped
    col = Collector("d.csv", frame)
    values = np.array([2024.0, "x" * 100, np.nan], dtype=object)
    col.cells(np.array([True, True, True]), "year", values, "type", "bad")
    assert [(p.where, p.village_id) for p in col.problems] == [("row 2", "v1"), ("row 4", "v2"), ("row 5", "v3")]
    assert [p.value for p in col.problems] == [2024, "x" * 40 + "… (100 characters)", None]
    assert col.bad_rows == {0, 1, 2}


def test_a_huge_integer_is_shown_by_its_number_of_digits():
    col = Collector("d.csv", pd.DataFrame({"village_id": ["v1"]}))
    col.cells(np.array([True]), "total", [10**400], "too_large", "too large")
    assert col.problems[0].value == "an integer of 401 digits"


def test_a_whole_column_problem_is_marked_as_such():
    col = Collector("d.csv", pd.DataFrame({"village_id": ["v1"]}))
    col.column("every value is between 0 and 1", "a", "fraction_scale")
    assert col.column_level and col.problems[0].column == "a" and not col.bad_rows


def test_a_row_is_named_by_its_number_and_a_dataframe_s_row_by_its_label_too():
    assert row_where()(5) == "row 5"
    named = row_where([np.int64(7), "a", (2024, "x"), 1.5, pd.Timestamp("2024-01-31"), pd.Period("2025-03", "M")])
    assert [named(n) for n in range(2, 8)] == ["row 2 (index 7)", "row 3 (index 'a')", "row 4 (index (2024, 'x'))",
                                               "row 5 (index 1.5)", "row 6 (index 2024-01-31 00:00:00)",
                                               "row 7 (index 2025-03)"]
    frame = pd.DataFrame({"village_id": ["v1", "v2"], "x": [1, -1]})
    col = Collector("<DataFrame>", frame, ["first", "second"])
    col.cells(np.array([False, True]), "x", frame["x"], "range", "negative")
    assert [p.where for p in col.problems] == ["row 3 (index 'second')"]


@pytest.mark.parametrize("ids", [
    pd.Series(["v-1", "v-2", np.nan, "v-3"], dtype=PYTHON_TEXT), pd.Series(["v-1", "v-2"], dtype=PYTHON_TEXT),
    pd.Series([], dtype=PYTHON_TEXT), pd.Series([2024.0, np.nan]), pd.Series(["x", None, 3], dtype=object),
])
def test_id_texts_are_what_converting_each_cell_to_text_gives_and_read_only(ids):
    from villagescore.datasets.collector import id_texts

    expected = ids.astype(object).fillna("").astype(str).to_numpy()
    found = id_texts(ids)
    assert found.dtype == expected.dtype and found.tolist() == expected.tolist()
    assert all(type(v) is str for v in found) and not found.flags.writeable


def test_a_multiindex_label_is_named_with_plain_values_not_numpy_s_repr():
    import numpy as np

    from villagescore.datasets.collector import index_label_text, row_where

    assert index_label_text((np.int64(2), "a")) == "(2, 'a')" and index_label_text((np.int64(2),)) == "(2,)"
    assert row_where([(np.int64(0), "a"), (np.int64(2), "b")])(3) == "row 3 (index (2, 'b'))"


# ---- seventeenth walk (review of the DataFrame fixes): a moment is shown as given, with its time and zone ----

def test_a_survey_date_with_a_zone_or_a_nanosecond_is_shown_with_them():
    import villagescore as vs
    from tests.conftest import REPO
    from villagescore.errors import DatasetError

    frame = pd.read_csv(REPO / "datasets" / "villages" / "villages.csv").head(2)
    moments = [pd.Timestamp("2024-06-15 00:00:00.000000001"), pd.Timestamp("2024-06-15", tz="Asia/Ho_Chi_Minh")]
    shown = []
    for moment in moments:
        with pytest.raises(DatasetError) as err:
            vs.evaluate(frame.assign(survey_date=[moment, moment]))
        shown.append(err.value.problems[0].value)
    assert shown == ["2024-06-15 00:00:00.000000001", "2024-06-15 00:00:00+07:00"]
