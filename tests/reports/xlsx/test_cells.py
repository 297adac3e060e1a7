"""Safe cell values and the XML rows written around openpyxl."""


import pytest

from villagescore.errors import OutputError
from villagescore.reports.xlsx import cell_value


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Làng", "Làng"), ("a\x00b", "ab"), (1.5, 1.5), (float("nan"), None), (None, None), (True, True),
])
def test_cell_value_neutralises_and_cleans(value, expected):
    assert cell_value(value) == expected

def test_rows_xml_writes_inline_strings_numbers_and_styles():
    from villagescore.reports.xlsx import rows_xml

    xml, count = rows_xml([["=1+1", 2.5, None, True, " x ", 8.720000000000001, "a<b&c", "#N/A", float("nan"), ""],
                           [7]], {1: 4, 5: 2}, sheet="t")
    assert count == 2
    assert xml == (
        '<row r="2">'
        '<c r="A2" t="inlineStr"><is><t>\'=1+1</t></is></c>'  # neutralised, a string: never a formula
        '<c r="B2" s="4" t="n"><v>2.5</v></c>'  # the style of column B's number format
        '<c r="D2" t="b"><v>1</v></c>'  # None (C2), NaN (I2) and "" (J2) leave the cell empty
        '<c r="E2" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c>'
        '<c r="F2" s="2" t="n"><v>8.72</v></c>'  # 15 significant digits: float noise is not written
        '<c r="G2" t="inlineStr"><is><t>a&lt;b&amp;c</t></is></c>'
        '<c r="H2" t="inlineStr"><is><t>#N/A</t></is></c>'  # text, not an error value
        '</row><row r="3"><c r="A3" t="n"><v>7</v></c></row>')
    assert rows_xml([], {}) == ("", 0)

def test_rows_xml_refuses_text_longer_than_a_cell_holds():
    from villagescore.reports.xlsx import MAX_TEXT, rows_xml

    with pytest.raises(OutputError, match=r"sheet 'summary', cell B2: text longer than Excel's 32,767"):
        rows_xml([["ok", "x" * (MAX_TEXT + 1)]], {}, sheet="summary")

def test_columns_xml_writes_the_cells_of_rows_xml_without_references():
    import numpy as np

    from villagescore.reports.xlsx import columns_xml

    xml, count = columns_xml([["=1+1", "a<b&c"], np.array([2.5, np.nan]), [None, 7], [True, ""]], {1: 4})
    assert count == 2
    assert xml == ('<row r="2"><c t="inlineStr"><is><t>\'=1+1</t></is></c><c s="4"><v>2.5</v></c><c/>'
                   '<c t="b"><v>1</v></c></row>'
                   '<row r="3"><c t="inlineStr"><is><t>a&lt;b&amp;c</t></is></c><c/><c><v>7</v></c></row>')


def test_float_columns_rounded_by_the_sheet_give_the_cells_of_rounded_columns():
    import numpy as np

    from villagescore.reports.xlsx.cells import columns_xml_chunks

    matrix = np.array([[1.23456789, 99.99995], [np.nan, 0.000049], [50.0, 2.5]], order="F")
    names = np.array(["a", "b", "c"], dtype=object)

    def xml(columns, **kwargs):
        pieces, n = columns_xml_chunks(columns, {1: 4}, **kwargs)
        return b"".join(pieces), n

    columns = [names, *matrix.T]
    cache: dict = {}
    rounded = xml(columns, decimals=4, cache=cache)
    assert rounded == xml([names, *np.round(matrix, 4).T])
    assert b"<v>1.2346</v>" in rounded[0] and b"<v>100</v>" in rounded[0]
    # the same column objects again, unrounded: their rounded cells are not taken from the cache
    assert xml(columns, cache=cache) == xml(columns) != rounded


TRICKY_TEXTS = ["Làng", "Làng nghề Phùng Xá", " x", "x ", "\u00a0x", "x\u3000", "=1", "+1", "-1", "@a", "\tx", "\rx",
                "a\x00b", "a\x1fb", "a\x0bb", "a\nb", "a&b", "a<b", "a>b", "#N/A", "'quoted", "", "1", "x" * 40,
                "ǅ", "a\u2028b", "🙂", "-", "=", "a\x7fb"]


def test_plain_text_cells_are_written_as_the_general_path_writes_them():
    from villagescore.reports.xlsx.cells import _cell_xml, _text_column_xml

    values = [*TRICKY_TEXTS, None, 3, 2.5, True, float("nan")]
    assert _text_column_xml(values, ' s="4"', "t") == [_cell_xml(v, ' s="4"', "t") for v in values]


def test_plain_text_longer_than_a_cell_holds_is_refused(monkeypatch):
    from villagescore.reports import xlsx
    from villagescore.reports.xlsx.cells import _text_column_xml

    monkeypatch.setattr(xlsx, "MAX_TEXT", 5)
    assert _text_column_xml(["abcde"], "", "t") == ['<c t="inlineStr"><is><t>abcde</t></is></c>']
    with pytest.raises(OutputError, match="text longer than Excel's 5 characters"):
        _text_column_xml(["abcdef"], "", "t")


@pytest.mark.parametrize("chunk", [1, 2, 3, 64])
def test_columns_xml_leaves_out_the_trailing_empty_cells_of_every_row(chunk):
    import numpy as np

    from villagescore.reports.xlsx.cells import columns_xml_chunks

    text = ["a", None, "", "b", None, "c", ""]
    numbers = np.array([1.0, np.nan, 2.0, np.nan, np.nan, np.inf, np.nan])
    last = [None, None, None, "z", "", None, None]
    pieces, count = columns_xml_chunks([text, numbers, last], {}, first_row=5, chunk_rows=chunk)
    assert count == 7
    assert b"".join(pieces).decode("utf-8") == (
        '<row r="5"><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row>'
        '<row r="6"></row>'  # nothing in the row: an empty row element
        '<row r="7"><c/><c><v>2</v></c></row>'
        '<row r="8"><c t="inlineStr"><is><t>b</t></is></c><c/><c t="inlineStr"><is><t>z</t></is></c></row>'
        '<row r="9"></row>'
        '<row r="10"><c t="inlineStr"><is><t>c</t></is></c></row>'  # infinity leaves the cell empty
        '<row r="11"></row>')


def test_number_cells_are_the_15_significant_digits_format_of_every_float():
    import numpy as np

    from villagescore.reports.xlsx.cells import number_cells

    rng = np.random.default_rng(5)
    values = rng.random(200_000) * 10.0 ** rng.integers(-8, 20, 200_000) * rng.choice([-1, 1], 200_000)
    values[::3] = np.round(values[::3], 4)
    values[::7] = np.round(values[::7])
    edges = [0.0, -0.0, 1.0, 100.0, 1e15, 1e16, 999999999999999.0, 123456789012345.0, 1234567890123456.0,
             0.1 + 0.2, 1e-4, 9.99e-5, 1e-5, 5e-324, 1.7976931348623157e308, 35.3516, 2.5e-4]
    values = np.concatenate([values, edges])
    for attr in ("", ' s="3"'):
        assert number_cells(values, attr) == [f"<c{attr}><v>{x:.15g}</v></c>" for x in values.tolist()]
    assert number_cells(np.array([]), "") == []


def test_a_whole_number_takes_the_whole_style_of_its_column():
    from villagescore.reports.xlsx.cells import rows_xml

    xml, _ = rows_xml([["a", 5880000.0], ["b", 1.25]], {1: 7}, whole={1: 8})
    assert '<c r="B2" s="8" t="n"><v>5880000</v></c>' in xml
    assert '<c r="B3" s="7" t="n"><v>1.25</v></c>' in xml


def test_columns_serialised_by_forked_copies_give_the_same_rows_and_errors(monkeypatch):
    """Columns (and rows) shared between processes: the bytes of one process; a copy's error is raised here."""
    import sys

    import numpy as np
    import pytest

    from villagescore.errors import OutputError
    from villagescore.reports import xlsx
    from villagescore.reports.xlsx.cells import columns_xml_chunks

    if not sys.platform.startswith("linux"):
        pytest.skip("forked copies only on Linux")
    rng = np.random.default_rng(3)
    columns = [[f"v{i}" for i in range(500)], *(np.where(rng.random(500) < 0.3, np.nan, rng.random(500) * 100)
                                                 for _ in range(12))]
    columns.insert(4, [f"t{i}" for i in range(499)] + ["y" * 32_000])  # pieces kept as objects, in a copy
    made = {}
    for workers in ("1", "3"):
        monkeypatch.setenv("VILLAGESCORE_WORKERS", workers)
        pieces, n = columns_xml_chunks(columns, {2: 5}, chunk_rows=16, decimals=4)
        made[workers] = b"".join(pieces), b"".join(pieces.deflated())
    assert made["1"] == made["3"] and n == 500
    monkeypatch.setattr(xlsx, "MAX_TEXT", 3)  # "v100" is too long: the copy that serialises column 1 stops
    with pytest.raises(OutputError, match="longer than Excel's 3 characters"):
        columns_xml_chunks([columns[1], columns[0], *columns[2:]], {})


def test_a_columns_codes_and_pieces_read_back_from_their_bytes():
    import numpy as np

    from villagescore.reports.xlsx.cells import _coded_column, _column_bytes, _columns_from_bytes

    made = [_coded_column(np.array([2.5, np.nan, 2.5, 1e300]), ' s="4"', 4, "s"),
            _coded_column(["a", None, "ý" * 3, "a"], "", None, "s"),
            _coded_column([f"t{i}" for i in range(600)] + ["y" * 32_000], "", None, "s")]
    assert [table.dtype.kind for _codes, table in made] == ["S", "S", "O"]
    back = _columns_from_bytes(b"".join(map(_column_bytes, made)))
    assert len(back) == 3
    for (codes, table), (codes2, table2) in zip(made, back, strict=True):
        assert codes.dtype == codes2.dtype and codes.tolist() == codes2.tolist()
        assert table.dtype == table2.dtype and table.tolist() == table2.tolist()


def test_sheets_columns_serialised_later_in_one_round_give_the_same_rows_and_errors(monkeypatch):
    """Columns of several sheets left for :func:`code_later`: one round of copies, the rows of each sheet alone."""
    import numpy as np
    import pytest

    from villagescore.errors import OutputError
    from villagescore.reports import xlsx
    from villagescore.reports.xlsx import cells

    rng = np.random.default_rng(8)
    ids = [f"v{i}" for i in range(200)]
    sheets = [[ids, rng.random(200)], [ids, *(rng.random(200) * k for k in range(9))], [["Làng"] * 200, ids]]
    alone = [b"".join(cells.columns_xml_chunks(columns, {1: 3}, decimals=2, chunk_rows=32)[0]) for columns in sheets]
    rounds = []
    real = cells.chunks_in_order
    monkeypatch.setattr(cells, "chunks_in_order", lambda *a: (rounds.append(a[1]), real(*a))[1])
    monkeypatch.setenv("VILLAGESCORE_WORKERS", "2")
    later, cache = [], {}
    made = [cells.columns_xml_chunks(columns, {1: 3}, decimals=2, chunk_rows=32, cache=cache, later=later)[0]
            for columns in sheets]
    assert not rounds
    cells.code_later(later, cache)
    assert rounds == [2 + 9 + 2] and not later  # each column (and style) once, every sheet's in one round
    assert [b"".join(rows) for rows in made] == alone
    monkeypatch.setattr(xlsx, "MAX_TEXT", 3)  # "v100" is too long: named in the first sheet that has it
    later, cache = [], {}
    for k, columns in enumerate(sheets):
        cells.columns_xml_chunks(columns[::-1], {}, sheet=f"s{k}", cache=cache, later=later)
    with pytest.raises(OutputError, match="'s0'.*longer than Excel's 3 characters"):
        cells.code_later(later, cache)
    assert not cache  # nothing left half-made for a sheet to find
