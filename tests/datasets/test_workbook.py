"""What a workbook's archive says before any cell is read: sheets, percent formats, column letters."""

import pytest

from villagescore.datasets import read_dataset
from villagescore.datasets.workbook import _is_percent_format, column_letters
from villagescore.errors import DatasetError

from .helpers import TOY_ROWS, write_sheets


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters_are_those_excel_shows(number, letters):
    assert column_letters(number) == letters


@pytest.mark.parametrize(("code", "percent"), [("0%", True), ("0.0%", True), ('0" %"', False), ("0\\%", False),
                                               ("[Red]0%", True), ("0.00", False)])
def test_a_percent_format_is_a_percent_sign_outside_quotes_and_escapes(code, percent):
    assert _is_percent_format(code) is percent


def test_hidden_rows_of_the_data_sheet_are_scored_and_named_in_a_note(tmp_path, toy_registry):
    """A hidden row is read like the others, and said (L5): before, nothing told the user it was scored."""
    import openpyxl

    from villagescore.datasets import read_dataset

    from .helpers import TOY_ROWS, write_sheets

    path = write_sheets(tmp_path, [("data", TOY_ROWS, False)])
    wb = openpyxl.load_workbook(path)
    wb["data"].row_dimensions[3].hidden = True
    wb.save(path)

    dataset = read_dataset(path, toy_registry)
    assert len(dataset.frame) == len(TOY_ROWS) - 1  # every data row scored, the hidden one too
    assert dataset.notes == ["hidden row(s) 3 of sheet 'data' were read and scored like the others: unhide them "
                             "to check them, or delete them if they should not be scored"]


@pytest.mark.parametrize(("title", "header"), [
    ("Số liệu (2)", None),  # Excel's "Move or Copy > Create a copy" of the survey's data sheet
    ("data - Copy", ["x"]),  # the data sheet's name with a copy's suffix, whatever its header
    ("Phùng Xá 2025", "same"),  # another name, the data sheet's header
])
def test_a_second_sheet_that_looks_like_data_is_refused_not_skipped(tmp_path, toy_registry, title, header):
    """Audit 2026-12 #3: the rows of a copied data sheet were silently lost (only the 'data' sheet was read)."""
    from villagescore.datasets import read_dataset
    from villagescore.errors import DatasetError

    from .helpers import TOY_ROWS, write_sheets

    rows = TOY_ROWS if header in (None, "same") else [header, ["y"]]
    first = "Số liệu" if title.startswith("Số liệu") else "data"
    path = write_sheets(tmp_path, [(first, TOY_ROWS[:2], False), (title, rows, False)])
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    [found] = info.value.problems
    assert f"several sheets that look like data ({first!r}, {title!r})" in found.message
    assert "Move their rows onto" in found.message
    assert "nhiều trang trông như trang số liệu" in found.format("vi")


@pytest.mark.parametrize("title", ["data summary", "Số liệu tổng hợp"])
def test_a_summary_named_after_the_data_sheet_is_not_a_copy(tmp_path, toy_registry, title):
    """A sheet whose name only starts like the data sheet's, with another header, is a note, not a refusal."""
    from villagescore.datasets import read_dataset

    from .helpers import TOY_ROWS, write_sheets

    first = "Số liệu" if title.startswith("Số liệu") else "data"
    summary = [["province", "villages"], ["A", 5]]
    path = write_sheets(tmp_path, [(first, TOY_ROWS, False), (title, summary, False)])
    dataset = read_dataset(path, toy_registry)
    assert dataset.frame["village_id"].tolist() == ["v1", "v2"]
    assert dataset.notes == [f"sheet(s) {title!r} not read: only the data sheet {first!r} is scored"]


def test_an_other_sheet_with_another_header_is_left_unread_and_said(tmp_path, toy_registry):
    from villagescore.datasets import read_dataset

    from .helpers import TOY_ROWS, write_sheets

    summary = [["village_id", "total"], ["v1", 9]]
    path = write_sheets(tmp_path, [("data", TOY_ROWS, False), ("Tổng hợp", summary, False)])
    dataset = read_dataset(path, toy_registry)
    assert dataset.frame["village_id"].tolist() == ["v1", "v2"]
    [note] = dataset.notes  # not read, and said: nothing is left out silently
    assert note == "sheet(s) 'Tổng hợp' not read: only the data sheet 'data' is scored"
    assert note.text("vi") == "không đọc trang 'Tổng hợp': chỉ trang số liệu 'data' được chấm điểm"


def test_a_hidden_data_sheet_is_said_hidden_not_replaced_by_a_visible_notes_sheet(tmp_path, toy_registry):
    """Fourteenth walk: the rows on a hidden 'data' sheet, a visible 'Ghi chú' → "sheet 'Ghi chú' is empty"."""
    for hidden in ("data", "Số liệu"):
        path = write_sheets(tmp_path, [(hidden, TOY_ROWS, True), ("Ghi chú", [], False)])
        with pytest.raises(DatasetError) as info:
            read_dataset(path, toy_registry)
        (p,) = info.value.problems
        assert p.message.startswith(f"the data sheet {hidden!r} is hidden, and hidden sheets are never read: unhide it")
        assert "('Ghi chú'), name it 'data'" in p.message and "empty" not in p.message
        assert "Unhide" in p.format("vi") and "ẩn" in p.format("vi")


def test_a_very_hidden_data_sheet_is_told_how_to_show_it(tmp_path, toy_registry):
    """Fourteenth walk: a 'veryHidden' sheet was told to right-click > Unhide, which does not list it."""
    path = write_sheets(tmp_path, [("Số liệu", TOY_ROWS, "veryHidden"), ("Ghi chú", [], False)])
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    (p,) = info.value.problems
    assert p.message.startswith("the data sheet 'Số liệu' is very hidden (Excel's Unhide does not list it)")
    assert "VBA editor" in p.message and "right-click" not in p.message and "('Ghi chú')" in p.message
    assert "VBA" in p.format("vi") and "ẩn sâu" in p.format("vi")


def test_a_password_protected_workbook_is_told_to_have_its_password_removed(tmp_path, toy_registry):
    """Audit 16 I#2: Excel's "Encrypt with Password" (an OLE file) was told it is not a zip archive."""
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    (found,) = info.value.problems
    assert found.message.startswith("a password-protected workbook, or an old .xls (Excel 97-2003) named .xlsx")
    assert "hãy bỏ mật khẩu" in found.format("vi")



@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_report_workbook_without_the_mark_is_said_a_report_not_told_to_rename_a_sheet(tmp_path, toy_registry, lang):
    """Audit 17 #5: a report workbook written before REPORT_MARK is recognised by its sheets' first rows."""
    import openpyxl

    from villagescore.report_heads import summary_head

    wb = openpyxl.Workbook()
    wb.active.title = "summary"
    wb.active.append([*summary_head(lang), "env"])
    wb.active.append(["v1", "Một", "X", "Hà Nội", "", "", "alpha", 2024, 56.7, 1, "fair", 50])
    wb.create_sheet("criteria").append(["village_id", "village", "year"])
    path = tmp_path / "report.xlsx"
    wb.save(path)
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    (found,) = info.value.problems
    assert found.message.startswith("this is a result or report written by villagescore, not a dataset")


def test_several_data_sheets_without_a_report_header_are_still_told_to_name_one_data(tmp_path, toy_registry):
    path = write_sheets(tmp_path, [("2024", TOY_ROWS, False), ("2025", TOY_ROWS, False)])
    with pytest.raises(DatasetError, match="none is named 'data'"):
        read_dataset(path, toy_registry)
