"""Text as read: NFC, stripped, empty cells and rows; the column-wise path gives what a call per cell gives."""

import gc
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.pandas2 import PANDAS_2
from villagescore.datasets.text import PYTHON_TEXT, _nfc_strip, drop_empty_rows, factorize, tidy_columns

#: Before pandas 2.3 there is no ``str`` dtype stored as Python objects: text is read as object arrays.
OBJECT_TEXT = pytest.mark.xfail(PYTHON_TEXT is object, strict=True,
                                reason="pandas 2.2: text columns are object arrays: a column left unchanged is copied "
                                       "and a text column factorised anew, not shared (slower, the same values)")

_CELLS = ["Làng", unicodedata.normalize("NFD", "Làng Phùng Xá"), " x ", "\xa0y", "z\u2028", "", " ", "\t", "a\x1cb",
          "\u0301abc", "e\u0301", "ﬁ", "Ω", "plain", "x_1", None]


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.lists(st.sampled_from(_CELLS), min_size=0, max_size=8), min_size=1, max_size=4))
def test_tidy_columns_gives_what_mapping_every_cell_gives(columns):
    n = min(len(c) for c in columns)
    frame = pd.DataFrame({f"c{k}": pd.Series(c[:n], dtype=PYTHON_TEXT) for k, c in enumerate(columns)})
    expected = frame.copy()
    for i in range(expected.shape[1]):
        expected.isetitem(i, expected.iloc[:, i].map(_nfc_strip, na_action="ignore"))
    got = tidy_columns(frame.copy())
    pd.testing.assert_frame_equal(got, expected, check_dtype=not PANDAS_2)  # pandas 2.3: object or str, both


@OBJECT_TEXT
def test_a_column_left_unchanged_is_not_copied():
    frame = pd.DataFrame({"name": pd.Series(["Làng Một", "Hai", np.nan], dtype=PYTHON_TEXT)})
    column = frame["name"].array
    assert tidy_columns(frame)["name"].array is column


def test_rows_with_no_value_are_dropped_and_keep_their_numbers():
    frame = pd.DataFrame({"a": ["x", np.nan, np.nan], "b": [1.0, np.nan, 2.0]})
    assert drop_empty_rows(frame).index.tolist() == [0, 2]


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_CELLS), min_size=0, max_size=12))
def test_factorize_gives_pandas_codes_and_values_for_a_text_column(cells):
    column = pd.Series(cells, dtype=PYTHON_TEXT)
    codes, uniques = factorize(column)
    expected_codes, expected_uniques = pd.factorize(column, use_na_sentinel=True)
    np.testing.assert_array_equal(codes, expected_codes)
    assert list(uniques) == list(expected_uniques)


def test_factorize_leaves_other_columns_to_pandas():
    for column in (pd.Series([2.0, np.nan, 2.0, 1.0]), pd.Series([3, 1, 3]), pd.Series(["a", None, 1], dtype=object)):
        codes, uniques = factorize(column)
        expected_codes, expected_uniques = pd.factorize(column, use_na_sentinel=True)
        np.testing.assert_array_equal(codes, expected_codes)
        assert list(uniques) == list(expected_uniques)


def _mapped(column):
    return column.map(_nfc_strip, na_action="ignore")


@OBJECT_TEXT
def test_columns_of_many_and_of_few_distinct_texts_give_what_mapping_gives():
    nfd = unicodedata.normalize("NFD", "Làng Phùng Xá")
    many = [f"Làng {k}" for k in range(1_500)]
    few = ["dệt", "gốm", np.nan] * 600
    for cells in (many, few):
        frame = pd.DataFrame({"c": pd.Series(cells, dtype=PYTHON_TEXT)})
        kept = frame["c"].array
        assert tidy_columns(frame)["c"].array is kept  # nothing to change: the column is kept
        for k, spoiled in ((1_200, " x "), (1_300, nfd), (1_400, "")):  # beyond the first cells read as a sample
            changed = pd.Series(cells[:k] + [spoiled] + cells[k + 1:], dtype=PYTHON_TEXT)
            pd.testing.assert_series_equal(tidy_columns(pd.DataFrame({"c": changed}))["c"], _mapped(changed),
                                           check_names=False, check_dtype=not PANDAS_2)


@OBJECT_TEXT
def test_a_shared_factorisation_gives_the_same_codes_once_per_column():
    from villagescore.datasets.text import shared_factorization

    column = pd.Series(["b", "a", np.nan, "b", unicodedata.normalize("NFD", "Làng")], dtype=PYTHON_TEXT)
    expected = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    with shared_factorization() as store:
        codes, uniques = factorize(column)
        again = factorize(column)
        with shared_factorization() as inner:  # nested: the outer block's results
            assert factorize(column)[0] is codes
            assert inner is store
        other = pd.Series(column.to_numpy(dtype=object), dtype=PYTHON_TEXT)  # the same cells, another array
        assert factorize(other)[0] is not codes
    assert again[0] is codes and again[1] is uniques
    assert not codes.flags.writeable and not uniques.flags.writeable
    np.testing.assert_array_equal(codes, expected[0])
    np.testing.assert_array_equal(uniques, expected[1])
    assert factorize(column)[0] is not codes  # outside the block: factorised anew
    assert any(found[1][0] is codes for found in store.values())  # held by whoever holds the store


@OBJECT_TEXT
def test_joined_cells_are_the_text_cells_joined_once_in_a_shared_block():
    from villagescore.datasets.text import joined_cells, shared_factorization

    full = pd.Series(["a", "Làng", " b "], dtype=PYTHON_TEXT)
    present, cells, joined = joined_cells(full)
    assert present is None and cells.tolist() == ["a", "Làng", " b "] and joined == "a\nLàng\n b "
    assert not cells.flags.writeable  # the column's own cells: read, never written
    holes = pd.Series([np.nan, "a", np.nan, "c"], dtype=PYTHON_TEXT)
    present, cells, joined = joined_cells(holes)
    assert present.tolist() == [1, 3] and cells.tolist() == ["a", "c"] and joined == "a\nc"
    _, cells, joined = joined_cells(pd.Series([np.nan, np.nan], dtype=PYTHON_TEXT))
    assert cells.tolist() == [] and joined == ""
    assert not gc.is_tracked(cells)  # held by the block without the garbage collector walking it
    with shared_factorization():
        assert joined_cells(holes)[2] is joined_cells(holes)[2]


def test_a_text_column_stored_by_pyarrow_is_tidied_into_python_strings():
    pytest.importorskip("pyarrow")
    if PYTHON_TEXT is object:
        pytest.skip("pandas before 2.3 has no str dtype with NaN")
    cells = ["Làng", np.nan, unicodedata.normalize("NFD", " Hà Nội "), "", "b"]
    stored = pd.Series(cells, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
    tidy = tidy_columns(pd.DataFrame({"c": stored}))["c"]
    assert tidy.dtype == PYTHON_TEXT
    pd.testing.assert_series_equal(tidy, tidy_columns(pd.DataFrame({"c": pd.Series(cells, dtype=PYTHON_TEXT)}))["c"])
    assert tidy.tolist()[2] == "Hà Nội" and pd.isna(tidy.tolist()[3])


def test_a_column_of_the_string_dtype_keeps_its_dtype():
    cells = pd.Series(["a", pd.NA, " b"], dtype="string")
    tidy = tidy_columns(pd.DataFrame({"c": cells}))["c"]
    assert tidy.dtype == cells.dtype and tidy.tolist()[::2] == ["a", "b"]


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_CELLS), min_size=1, max_size=6), st.integers(0, 2**32 - 1),
       st.sampled_from([4096, 9000]))
def test_factorize_of_a_long_column_of_few_objects_gives_pandas_codes_and_values(texts, seed, n):
    """Long columns go through the grouping by object (villagescore.factorize): the same codes and values."""
    rng = np.random.default_rng(seed)
    # the parser gives one object to many cells, and equal texts as different objects too
    pool = [*texts, *("".join(list(t)) if isinstance(t, str) else t for t in texts)]
    cells = [pool[i] for i in rng.integers(0, len(pool), n)]
    column = pd.Series(cells, dtype=PYTHON_TEXT)
    codes, uniques = factorize(column)
    expected_codes, expected_uniques = pd.factorize(column, use_na_sentinel=True)
    np.testing.assert_array_equal(codes, expected_codes)
    assert codes.dtype == expected_codes.dtype and list(uniques) == list(expected_uniques)
    object_codes, object_uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    np.testing.assert_array_equal(codes, object_codes)
    assert uniques.dtype == object_uniques.dtype and all(a is b for a, b in zip(uniques, object_uniques, strict=True))


def test_factorize_of_a_parsed_column_gives_pandas_codes_and_values(tmp_path):
    import io

    rows = "".join(f"{['Hà Nội', 'Huế', '', 'Cần Thơ'][i % 4]},{i % 7}\n" for i in range(20_000))
    frame = pd.read_csv(io.StringIO("province,n\n" + rows), dtype={"province": PYTHON_TEXT}, keep_default_na=False,
                        na_values=[""])
    column = frame["province"]
    codes, uniques = factorize(column)
    expected_codes, expected_uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    np.testing.assert_array_equal(codes, expected_codes)
    assert all(a is b for a, b in zip(uniques, expected_uniques, strict=True)) and len(uniques) == 3


# ---- seventeenth walk: a row of spaces is an empty row, in every reader ----

_SPACES = [" ", "\u00a0", "\t ", "\u3000", ""]


def test_rows_of_spaces_only_are_dropped_as_empty_rows_and_the_others_keep_their_numbers():
    frame = pd.DataFrame({"a": pd.Series(["v1", " ", "\u00a0 ", None, "Đồng", " "], dtype=PYTHON_TEXT),
                          "b": pd.Series([1, "\t", None, "", " ", 2], dtype=object),
                          "c": [1.0, np.nan, np.nan, np.nan, np.nan, np.nan]})
    assert drop_empty_rows(frame).index.tolist() == [0, 4, 5]
    mixed = pd.DataFrame({"a": pd.Series([1, " ", None], dtype=object), "b": [np.nan, np.nan, np.nan]})
    assert drop_empty_rows(mixed).index.tolist() == [0]


def _row_of_spaces(width):
    return [_SPACES[j % len(_SPACES)] for j in range(width)]


def test_a_csv_row_of_spaces_is_dropped_and_later_rows_keep_their_numbers(tmp_path, toy_registry):
    from .helpers import HEADER, problems_of, write_csv

    width = HEADER.count(",") + 1
    spaces = ",".join(c if c.strip() or not c else f'"{c}"' for c in _row_of_spaces(width))
    path = write_csv(tmp_path, f"v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n{spaces}\n"
                               f",Hai,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    [problem] = problems_of(path, toy_registry)
    assert problem.where == "row 4" and problem.column == "village_id"


def test_a_workbook_row_of_spaces_is_dropped_and_later_rows_keep_their_numbers(tmp_path, toy_registry):
    from .helpers import GOOD_ROW, HEADER, problems_of, write_workbook

    header = HEADER.strip().split(",")
    path = write_workbook(tmp_path, [header, GOOD_ROW, _row_of_spaces(len(header)), [None, *GOOD_ROW[1:]]])
    [problem] = problems_of(path, toy_registry)
    assert problem.where == "row 4" and problem.column == "village_id"


def test_a_dataframe_row_of_spaces_is_dropped_and_later_rows_keep_their_numbers(toy_registry):
    from villagescore.api import frame_dataset
    from villagescore.errors import DatasetError

    from .helpers import GOOD_ROW, HEADER

    header = HEADER.strip().split(",")
    frame = pd.DataFrame([GOOD_ROW, _row_of_spaces(len(header)), [None, *GOOD_ROW[1:]]], columns=header)
    with pytest.raises(DatasetError) as caught:
        frame_dataset(frame, toy_registry)
    [problem] = caught.value.problems
    assert problem.where == "row 4 (index 2)" and problem.column == "village_id"
    assert len(frame_dataset(frame.iloc[:2], toy_registry).frame) == 1


# ---- seventeenth walk (review of the DataFrame fixes): a complex cell among numbers ----

def test_one_complex_cell_in_an_object_column_is_the_only_problem():
    import villagescore as vs
    from tests.conftest import REPO
    from villagescore.errors import DatasetError

    frame = pd.read_csv(REPO / "datasets" / "villages" / "villages.csv")
    column = "association_members_pct"
    frame[column] = pd.Series([52.8 + 3j, *frame[column][1:]], dtype=object)
    with pytest.raises(DatasetError) as err:
        vs.evaluate(frame)
    assert [(p.where, p.column) for p in err.value.problems] == [("row 2 (index 0)", column)]
    tidy = tidy_columns(pd.DataFrame({"x": pd.Series([1 + 2j, 51.65, " a "], dtype=object)}))
    assert tidy["x"].tolist() == [1 + 2j, 51.65, "a"] and tidy["x"].dtype == object
