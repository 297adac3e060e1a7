"""A data sheet's stray cells far from its data: blank ones are not read (a note), a real value far below is named."""

from villagescore.datasets import read_dataset
from villagescore.datasets.sheet_tail import trim_tail
from villagescore.datasets.workbook import inspect_workbook

from .helpers import TOY_ROWS, problems_of, write_sheets


def _with_cells(tmp_path, cells):
    import openpyxl

    path = write_sheets(tmp_path, [("data", TOY_ROWS, False)])
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb["data"][ref] = value
    wb.save(path)
    return path


def test_a_space_typed_far_below_the_data_is_not_read_and_is_said(tmp_path, toy_registry):
    """Audit 16 I#1: a space in V100000 cost 21 s and 927 MB, one in row 1,048,576 aborted the reader (9 GB)."""
    path = _with_cells(tmp_path, {"C100000": " ", "XFD2": "\u00a0"})
    book = inspect_workbook(path, path.read_bytes())
    assert book.data is not None and b"C100000" not in book.data
    dataset = read_dataset(path, toy_registry)
    assert len(dataset.frame) == len(TOY_ROWS) - 1
    assert list(dataset.frame.columns)[-1] == "craft"
    assert ("cell(s) C100000, XFD2 of sheet 'data' hold only spaces, away from the data: they were not read "
            "(delete them to silence this note)") in dataset.notes


def test_the_last_row_of_a_sheet_holding_a_space_costs_nothing():
    strings = ["a", "   "]
    xml = ('<worksheet><dimension ref="A1:B1048576"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
           '<row r="2"><c r="A2"><v>1</v></c></row><row r="1048576"><c r="B1048576" t="s"><v>1</v></c></row>'
           '</sheetData></worksheet>')
    tail = trim_tail(xml, lambda: strings, "d.xlsx", "data")
    assert tail.changed and "1048576" not in tail.xml and tail.problems == []
    assert tail.xml == ('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
                        '<row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>')


def test_a_sheet_without_stray_cells_is_left_as_it_is():
    xml = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
           '<row r="2"><c r="A2"><v>1</v></c></row></sheetData>')
    tail = trim_tail(xml, lambda: [], "d.xlsx", "data")
    assert not tail.changed and tail.xml == xml and tail.notes == [] and tail.problems == []


def test_a_real_value_far_below_the_data_is_named_not_read(tmp_path, toy_registry):
    path = _with_cells(tmp_path, {"B200000": "Làng X"})
    found = [p for p in problems_of(path, toy_registry) if p.rule == "far_cell"]
    assert [(p.where, p.value) for p in found] == [("sheet 'data' cell B200000", "Làng X")]
    assert "199,997 rows below the data's last row (3)" in found[0].message
    assert "cách dòng số liệu cuối cùng (3) 199.997 dòng" in found[0].format("vi")


def test_a_value_a_few_rows_below_the_data_is_data(tmp_path, toy_registry):
    path = _with_cells(tmp_path, {"A40": "v3"})
    assert not [p for p in problems_of(path, toy_registry) if p.rule == "far_cell"]


def test_two_values_far_below_the_data_are_both_named_and_neither_read(tmp_path, toy_registry):
    """Review 16 r2#1: x in A1048575 and y in A1048576 looked like data to each other and aborted the reader."""
    path = _with_cells(tmp_path, {"A1048575": "x", "A1048576": "y"})
    book = inspect_workbook(path, path.read_bytes())
    assert b"1048575" not in book.data and b"1048576" not in book.data
    found = [p for p in problems_of(path, toy_registry) if p.rule == "far_cell"]
    assert [(p.where, p.value) for p in found] == [("sheet 'data' cell A1048575", "x"),
                                                   ("sheet 'data' cell A1048576", "y")]


def test_two_values_far_below_the_data_some_rows_apart_are_both_named():
    xml = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
           '<row r="2"><c r="A2"><v>1</v></c></row><row r="1048000"><c r="A1048000"><v>7</v></c></row>'
           '<row r="1048100"/><row r="1048576"><c r="B1048576"><v>8</v></c></row></sheetData>')
    tail = trim_tail(xml, lambda: [], "d.xlsx", "data")
    assert tail.xml == ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
                        '<row r="2"><c r="A2"><v>1</v></c></row></sheetData>')
    assert [(p.where, p.value) for p in tail.problems] == [("sheet 'data' cell A1048000", "7"),
                                                           ("sheet 'data' cell B1048576", "8")]


def test_a_value_far_right_of_the_header_is_named_not_read():
    """Review 16 r2#3: 'oops' in XFD5 was said, but only after reading 16,384 columns (38 s, 388 MB)."""
    xml = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
           '<row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>7</v></c></row>'
           '<row r="5"><c r="A5"><v>2</v></c><c r="XFD5" t="inlineStr"><is><t>oops</t></is></c>'
           '<c r="CW5" t="inlineStr"><is><t>near</t></is></c></row></sheetData>')
    tail = trim_tail(xml, lambda: [], "d.xlsx", "data")
    assert "XFD" not in tail.xml and 'r="CW5"' in tail.xml  # CW is 100 columns right of A: read, said by the reader
    (found,) = tail.problems
    assert (found.where, found.rule) == ("row 1", "no_header")
    assert found.message.startswith("column XFD has no name in row 1 but holds values (row 2: 7 and 1 more)")


def test_the_trimmed_sheet_is_cut_once_and_the_workbook_still_reads(tmp_path, toy_registry):
    """Review 16 r2#2: trimming a 344 MB sheet peaked at 2.85 GB (a cut, a substitution, an encoding, a deflate)."""
    import io
    import zipfile

    path = _with_cells(tmp_path, {"A1048576": " "})
    book = inspect_workbook(path, path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(book.data)) as archive:
        sheet = next(i for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
        text = archive.read(sheet).decode("utf-8")
    assert "<dimension" not in text and "1048576" not in text and text.endswith("</worksheet>")
    assert len(read_dataset(path, toy_registry).frame) == len(TOY_ROWS) - 1


def test_the_sheet_may_be_given_as_the_function_reading_it():
    xml = ('<worksheet><dimension ref="A1:A200000"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is>'
           '</c></row><row r="2"><c r="A2"><v>1</v></c></row><row r="200000"><c r="A200000"><v>9</v></c></row>'
           '</sheetData></worksheet>')
    tail = trim_tail(lambda: xml, lambda: [], "d.xlsx", "data")
    assert tail.xml == ('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
                        '<row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>')
    assert [p.value for p in tail.problems] == ["9"]
