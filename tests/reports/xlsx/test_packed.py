"""Rows from fixed-width cells: exactly the bytes of the rows joined cell by cell."""

import numpy as np
import pytest

from villagescore.reports.xlsx import cells, packed

EDGES = [
    ["a", None, "", "b", None, "c", "=1+1"],  # empty, missing, a formula start
    np.array([1.0, np.nan, 2.0, np.nan, np.nan, np.inf, -0.0]),  # NaN and infinity leave the cell empty
    [None, None, None, "z", "", None, None],
    ["Làng nghề", "Gốm Bát Tràng", "a<b&c", " edge ", "x" * 40, "ý", "\x07bell"],  # wider characters, escapes
    np.array([1e-5, 123456789012345678.0, 0.1 + 0.2, 5.0, -2.5, 1e15, np.nan]),  # odd and long numbers
    [True, False, 7, None, 2.5, "", None],
]


def _both(columns, monkeypatch, **kwargs):
    fast, n = cells.columns_xml_chunks(columns, {1: 4, 4: 9}, **kwargs)
    assert isinstance(fast, cells.ChunkedRows) and fast.make.__qualname__.startswith("packed_rows")
    with monkeypatch.context() as m:
        m.setattr(packed, "MOST_PADDED", 0)  # every sheet too padded: the cells joined one by one
        slow, _n = cells.columns_xml_chunks(columns, {1: 4, 4: 9}, **kwargs)
    assert not slow.make.__qualname__.startswith("packed_rows")
    return b"".join(fast), b"".join(slow), n


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
@pytest.mark.parametrize("first_row", [2, 9, 99_999])
def test_packed_rows_are_the_rows_joined_cell_by_cell(chunk, first_row, monkeypatch):
    fast, slow, n = _both(EDGES, monkeypatch, chunk_rows=chunk, first_row=first_row)
    assert n == 7 and fast == slow
    assert b"\0" not in fast and fast.startswith(b'<row r="%d">' % first_row)


def test_packed_rows_of_every_arrangement_of_empty_cells(monkeypatch):
    rng = np.random.default_rng(5)
    columns = [np.where(rng.random(300) < share, np.nan, rng.integers(0, 50, 300) / 4)
               for share in (0.0, 0.5, 0.9, 1.0, 0.97)]
    columns.insert(2, np.where(rng.random(300) < 0.6, None, rng.choice(["x", "yy", "zzz"], 300)).tolist())
    fast, slow, n = _both(columns, monkeypatch, chunk_rows=64, decimals=1)
    assert n == 300 and fast == slow


def test_a_column_of_very_unequal_texts_is_joined_cell_by_cell():
    """One long text among short ones would pad every cell of its column: those pieces stay objects."""
    table = packed.piece_table(["<c>a</c>"] * 10 + ["<c>" + "y" * 2**21 + "</c>", "<c/>"])
    assert table.dtype == object and table[-2] == b"" and table[-1] == b"<c/>"
    column = ["a"] * 10 + ["y" * 30_000]
    fast, n = cells.columns_xml_chunks([column], {})
    assert n == 11 and b"".join(fast).count(b"<row") == 11


def test_the_table_keeps_the_last_piece_last_for_the_missing_code():
    table = packed.piece_table(['<c t="inlineStr"><is><t>ý</t></is></c>', "<c/>"])
    assert table.dtype.kind == "S" and table.tolist() == ['<c t="inlineStr"><is><t>ý</t></is></c>'.encode(), b"",
                                                          b"<c/>"]
