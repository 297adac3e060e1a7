"""Reading workbooks: the data sheet, hidden sheets, formulas, repeated columns, percent formats."""

import numpy as np
import pytest

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

from .helpers import GOOD_ROW, HEADER, TOY_ROWS, problems_of, rows_with, write_sheets, write_workbook


def test_xlsx_reads_like_csv(tmp_path, toy_registry, support_dir):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    for line in (support_dir / "toy.csv").read_text(encoding="utf-8").splitlines():
        cells = line.split(",")
        ws.append([float(c) if c.replace(".", "").isdigit() else (c or None) for c in cells])
    path = tmp_path / "toy.xlsx"
    wb.save(path)
    from villagescore.engine import Engine
    from villagescore.framework import load_framework

    fw = load_framework(support_dir / "toy-framework.yaml", toy_registry)
    a = Engine(toy_registry).evaluate(fw, read_dataset(path, toy_registry))
    b = Engine(toy_registry).evaluate(fw, read_dataset(support_dir / "toy.csv", toy_registry))
    np.testing.assert_allclose(a.tree.overall_score, b.tree.overall_score)
    assert a.frame["village_id"].tolist() == ["v1", "v2", "v3"]


def test_xlsx_formula_cells_are_reported(tmp_path, toy_registry):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(HEADER.strip().split(","))
    ws.append(["v1", "Một", "X", "Hà Nội", "alpha", 2024, "=1+1", 2, 3, 1, "A", "x", 10, 5])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    problems = problems_of(path, toy_registry)
    assert any("cell G2" in p.where and "formula" in p.message for p in problems)


def test_not_an_xlsx(tmp_path, toy_registry):
    path = tmp_path / "fake.xlsx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(DatasetError, match="not an XLSX workbook"):
        read_dataset(path, toy_registry)


def test_xlsx_repeated_column_is_named_like_in_csv(tmp_path, toy_registry):
    # header a, b, a: pandas would call the second 'a' 'a.1'; the user wrote 'a' twice
    header = HEADER.strip().split(",") + ["a"]
    problems = problems_of(write_workbook(tmp_path, [header, GOOD_ROW + [7]]), toy_registry)
    assert [(p.where, p.column, p.message) for p in problems] == [
        ("row 1", "a", "column 'a' appears more than once")]


def test_xlsx_repeated_column_is_told_apart_from_a_real_dotted_name(tmp_path, toy_registry):
    # 'a', 'a', 'x_a.1': pandas renames the second 'a' to 'a.2' (the sheet already has an 'a.1');
    # only 'a' is repeated, 'x_a.1' is a column of its own
    header = HEADER.strip().split(",") + ["a", "x_a.1"]
    problems = problems_of(write_workbook(tmp_path, [header, GOOD_ROW + [7, 8]]), toy_registry)
    assert [(p.column, p.message) for p in problems] == [("a", "column 'a' appears more than once")]


def test_xlsx_repeated_identity_column_is_reported_not_a_crash(tmp_path, toy_registry):
    header = HEADER.strip().split(",") + ["name"]
    problems = problems_of(write_workbook(tmp_path, [header, GOOD_ROW + ["Hai"]]), toy_registry)
    assert [(p.column, p.message) for p in problems] == [("name", "column 'name' appears more than once")]


@pytest.mark.parametrize(("cells", "where"), [
    ((True, 1), "row 2"),
    ((1, True), "row 3"),  # pandas 2's read_excel(dtype=object) alone reads this TRUE as the 1 above it
    ((0, False), "row 3"),
    ((7, 1, True), "row 4"),
])
def test_xlsx_boolean_cell_in_a_number_column_is_not_read_as_1(tmp_path, toy_registry, cells, where):
    rows = [[f"v{k}", *GOOD_ROW[1:6], cell, *GOOD_ROW[7:]] for k, cell in enumerate(cells, start=1)]
    problems = problems_of(write_workbook(tmp_path, [HEADER.strip().split(","), *rows]), toy_registry)
    boolean = next(c for c in cells if isinstance(c, bool))
    assert [(p.where, p.column, p.value, p.rule) for p in problems] == [(where, "a", boolean, "type")]


def test_xlsx_percent_cells_of_a_percentage_field_are_read_as_typed(tmp_path, toy_registry):
    # Excel stores "45%" typed in a cell as 0.45 with a percent format: it means 45 (unit %)
    path = write_sheets(tmp_path, [("data", rows_with("a", [0.45, 0.905]), False)], formats={"G2": "0%", "G3": "0.0%"})
    frame = read_dataset(path, toy_registry).frame
    assert frame["a"].tolist() == pytest.approx([45.0, 90.5])


def test_a_text_cell_in_a_percent_format_is_read_as_typed(tmp_path, toy_registry):
    # '0.5 and '45% typed as text keep what was typed: only a number is stored as a fraction
    from villagescore.datasets import ReadOptions

    path = write_sheets(tmp_path, [("data", rows_with("a", ["0.5", "45%"]), False)], formats={"G2": "0.0%", "G3": "0%"})
    # 0.5 is below 1 % as written ("percent"): under "auto" it would be taken for a fraction
    frame = read_dataset(path, toy_registry, options=ReadOptions(percent_scale="percent")).frame
    assert frame["a"].tolist() == pytest.approx([0.5, 45.0])


def test_a_percent_in_quotes_is_not_a_percent_format(tmp_path, toy_registry):
    path = write_sheets(tmp_path, [("data", rows_with("a", [45, 90]), False)], formats={"G2": '0" %"', "G3": "0\\%"})
    assert read_dataset(path, toy_registry).frame["a"].tolist() == [45.0, 90.0]


def test_a_percent_format_on_a_field_that_is_not_a_percentage_is_refused(tmp_path, toy_registry):
    path = write_sheets(tmp_path, [("data", rows_with("total", [100.0, 200.0]), False)], formats={"M2": "0%"})
    problems = problems_of(path, toy_registry)
    assert [(p.where, p.column, p.rule) for p in problems] == [("row 2", "total", "percent_format")]
    assert "formatted as a percentage" in problems[0].message


def test_a_thousands_separated_text_cell_in_a_workbook_is_refused(tmp_path, toy_registry):
    path = write_sheets(tmp_path, [("data", rows_with("total", ["7.000", 200]), False)])
    assert [(p.column, p.rule) for p in problems_of(path, toy_registry)] == [("total", "thousands")]


def test_hidden_sheets_are_never_read_and_the_sheet_read_is_named(tmp_path, toy_registry):
    old = rows_with("a", [1, 1])
    path = write_sheets(tmp_path, [("2024", old, True), ("2025", TOY_ROWS, False)])
    dataset = read_dataset(path, toy_registry)
    assert dataset.frame["a"].tolist()[0] == 80.0
    assert dataset.notes == ["read sheet '2025'", "hidden sheet(s) '2024' not read"]


def test_the_data_sheet_is_found_whatever_its_case(tmp_path, toy_registry):
    path = write_sheets(tmp_path, [("Instructions", [["x"]], False), ("DATA ", TOY_ROWS, False)])
    dataset = read_dataset(path, toy_registry)
    assert dataset.frame["village_id"].tolist() == ["v1", "v2"]
    assert dataset.notes == ["read sheet 'DATA '"]


@pytest.mark.parametrize(("sheets", "message"), [
    ([("2024", TOY_ROWS, False), ("2025", TOY_ROWS, False)], "several sheets ('2024', '2025') and none is named"),
    ([("data", TOY_ROWS, True), ("metadata", [], False)], "the only sheets with data are hidden ('data')"),
])
def test_an_unclear_data_sheet_is_refused(tmp_path, toy_registry, sheets, message):
    with pytest.raises(DatasetError, match=re_escape(message)):
        read_dataset(write_sheets(tmp_path, sheets), toy_registry)


def re_escape(text):
    import re

    return re.escape(text)


@pytest.mark.parametrize("text", ["NA", "#N/A", "NaN", "nan", "None", "NULL", "null", "n/a", "-1.#IND", "N/A"])
def test_na_like_text_in_a_number_cell_is_refused_as_in_a_csv(tmp_path, toy_registry, text):
    # pandas' default missing-value strings must not turn a typed word into a missing value
    import openpyxl

    path = write_workbook(tmp_path, rows_with("total", [text, 200]))
    wb = openpyxl.load_workbook(path)
    wb["data"]["M2"].data_type = "s"  # text as typed (openpyxl would store '#N/A' as an error cell)
    wb.save(path)
    problems = problems_of(path, toy_registry)
    assert [(p.where, p.column, p.value) for p in problems] == [("row 2", "total", text)]


def test_na_like_text_in_a_text_cell_is_kept_as_written(tmp_path, toy_registry):
    path = write_workbook(tmp_path, rows_with("name", ["NA", "null"]))
    assert read_dataset(path, toy_registry).frame["name"].tolist() == ["NA", "null"]


def test_an_excel_error_cell_is_reported_not_read_as_missing(tmp_path, toy_registry):
    import openpyxl

    path = write_workbook(tmp_path, TOY_ROWS)
    wb = openpyxl.load_workbook(path)
    ws = wb["data"]
    for ref, error in (("M2", "#DIV/0!"), ("G3", "#N/A")):
        ws[ref] = error
        ws[ref].data_type = "e"
    wb.save(path)
    problems = problems_of(path, toy_registry)
    assert [(p.where, p.value, p.rule) for p in problems] == [
        ("sheet 'data' cell M2", "#DIV/0!", "error_cell"), ("sheet 'data' cell G3", "#N/A", "error_cell")]
    assert "Excel error #DIV/0!" in problems[0].message
    assert problems[0].format("vi") != problems[0].format("en")



def test_a_workbook_with_an_entry_lying_about_its_size_says_what_to_do_in_both_languages(tmp_path, toy_registry):
    """Sixteenth walk (bomb_ss.xlsx): "cannot read the workbook: Cannot detect file format", with no advice."""
    import io
    import struct
    import zipfile

    source = zipfile.ZipFile(write_workbook(tmp_path, [HEADER.strip().split(","), GOOD_ROW], name="ok.xlsx"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for info in source.infolist():
            body = source.read(info)
            book.writestr(info.filename, body + b" " * 5000 if info.filename == "_rels/.rels" else body)
    data = bytearray(out.getvalue())
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):  # local, central entry
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at:].startswith(b"_rels/.rels"):
                struct.pack_into("<I", data, at + size_at, 1000)  # says 1,000 bytes unpacked, holds 5,000 more
            at = data.find(signature, at + 4)
    path = tmp_path / "lying.xlsx"
    path.write_bytes(bytes(data))
    from python_calamine import CalamineWorkbook

    try:  # python-calamine 0.2 reads such an entry as it is: nothing to say then
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    except Exception:  # noqa: BLE001 — the reader's own error is what the message wraps
        pass
    else:
        pytest.skip("this python-calamine reads an entry that lies about its size")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    assert "cannot read the workbook: it is damaged, or not laid out as Excel writes a workbook; open it in Excel " \
           "and save it again as .xlsx (technical detail: " in info.value.text("en")
    assert "tệp bị hỏng, hoặc không có cấu trúc của một sổ tính do Excel ghi; hãy mở tệp bằng Excel rồi lưu lại " \
           "dưới dạng .xlsx" in info.value.text("vi")
