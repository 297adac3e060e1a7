"""What an output never replaces (``villagescore.protected``): the files villagescore reads, known by their bytes."""

from __future__ import annotations

import codecs
import json
import sqlite3
import unicodedata

import openpyxl
import pytest

from tests.corpus.harness import TOY_CSV
from villagescore.errors import OutputError
from villagescore.outputs import atomic_write
from villagescore.protected import REPORT_MARK, input_kind, survey_workbook, unfilled_template


def _workbook(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


HEADER = ["Mã làng nghề\nvillage_id", "Tên làng nghề\nname", "Năm\nyear"]


@pytest.mark.parametrize(("name", "content"), [
    ("survey.csv", TOY_CSV.read_bytes()),
    ("survey-vi.csv", "\ufeffvillage_id;name;year\nv1;Một;2024\n".encode()),
    ("rows.json", json.dumps([{"village_id": "v1", "year": 2024}]).encode()),
    ("wrapped.json", json.dumps({"villages": [{"village_id": "v1", "year": 2024}], "metadata": {}}).encode()),
    # the reader reads any object with a villages array and no provenance: so is it protected
    ("noted.json", json.dumps({"villages": [{"village_id": "v1", "year": 2024}], "source": "survey 2024"}).encode()),
    ("noted-big.json", ('{"villages": [' + ",".join(
        [f'{{"village_id": "v{i}", "year": 2024}}' for i in range(20000)]) + '], "source": "survey"}').encode()),
    ("big.json", ("[" + ",".join([f'{{"village_id": "v{i}", "year": 2024}}' for i in range(20000)]) + "]").encode()),
])
def test_a_dataset_with_rows_is_an_input(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert input_kind(path) == "a dataset with village-year rows"


LABELS = {"vi": ["Mã làng nghề", "Tên làng nghề", "Năm số liệu"],
          "en": ["Village ID", "Village name", "Year of the data"]}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_dataset_headed_by_labels_is_an_input(tmp_path, lang):
    """Audit (twelfth walk): a header of plain labels reads as a dataset, so -o replaced it; now it is kept."""
    header = LABELS[lang]
    rows = [["v1", "Một", 2024]]
    csv_file = tmp_path / "labels.csv"
    csv_file.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n", encoding="utf-8")
    json_file = tmp_path / "labels.json"
    json_file.write_text(json.dumps([dict(zip(header, r, strict=True)) for r in rows], ensure_ascii=False),
                         encoding="utf-8")
    big = tmp_path / "big.json"  # beyond what is read whole: its first bytes, the keys escaped as json.dumps writes
    big.write_text(json.dumps([dict(zip(header, [f"v{i}", "Một", 2024], strict=True)) for i in range(20000)]),
                   encoding="utf-8")
    sheet = _workbook(tmp_path / "labels.xlsx", {"Sheet1": [header, *rows]})
    assert input_kind(csv_file) == input_kind(json_file) == input_kind(big) == "a dataset with village-year rows"
    assert input_kind(sheet) == "a survey workbook with village-year rows"


def test_metadata_a_store_a_filled_survey_and_a_locked_workbook_are_inputs(tmp_path):
    meta = tmp_path / "survey.meta.json"
    meta.write_text("{}", encoding="utf-8")
    store = tmp_path / "anything.bin"
    sqlite3.connect(store).execute("CREATE TABLE t (x)").connection.commit()
    survey = _workbook(tmp_path / "s.xlsx", {"Số liệu": [HEADER, ["v1", "Một", 2024]]})
    years = _workbook(tmp_path / "y.xlsx", {"2024": [HEADER, ["v1", "Một", 2024]],
                                            "2025": [HEADER, ["v1", "Một", 2025]]})
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    assert input_kind(meta) == "a dataset's metadata"
    assert input_kind(store) == "a results store (SQLite)"
    assert input_kind(survey) == input_kind(years) == "a survey workbook with village-year rows"
    assert input_kind(locked).startswith("an Office file villagescore never writes")


@pytest.mark.parametrize(("name", "content"), [
    ("header-only.csv", b"village_id,name,year\n"),
    ("result.csv", b"\xef\xbb\xbfvillage_id,name,commune,province,former_district,former_province,sectors,year,"
                   b"overall_score,overall_coverage,rating,rating_label,environment_score\nv1,A,,,,,,2024,50.0,1,,,50\n"),
    ("result.json", b'{\n  "schema_version": 2,\n  "provenance": {},\n  "villages": [{"village_id": "v1"}]\n}\n'),
    ("result.jsonl", b'{"record":"header","schema_version":2,"provenance":{}}\n'
                     b'{"record":"village","village_id":"v"}\n'),
    ("report.md", b"# Report\n\n| village_id | year |\n"),
    # a national comparison: its options name "villages" and its rows hold village ids (beyond the bytes sniffed)
    ("comparison.json", ('{"kind": "villagescore-comparison", "options": {"villages": []}, "rankings": {"rows": ['
                         + ",".join(f'{{"village_id": "v{i}", "year": 2024}}' for i in range(20000)) + "]}}").encode()),
    ("notes.txt", b"village_id year\n"),
])
def test_what_villagescore_writes_is_no_input(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert input_kind(path) is None


def test_a_report_workbook_and_an_empty_survey_are_no_input(tmp_path):
    report = _workbook(tmp_path / "r.xlsx", {"Tổng hợp": [["Mã làng", "Năm"], ["v1", 2024]]})
    empty = _workbook(tmp_path / "e.xlsx", {"data": [HEADER]})
    assert input_kind(report) is None and input_kind(empty) is None


#: The headers of English and Vietnamese reports: ``Village id`` is the English label of ``village_id``.
REPORT_HEADERS = [
    ["Rank", "Village id", "Village", "Year", "Province (since 2025)", "Province recorded", "Overall", "Rating",
     "Environment", "Rank — Environment"],
    ["Hạng", "Mã làng", "Làng nghề", "Năm", "Tỉnh/thành (từ 2025)", "Tỉnh/thành ghi nhận", "Tổng hợp", "Xếp loại"],
    ["Village id", "Village", "Commune", "Province", "District (before 7/2025)", "Province (before 7/2025)",
     "Sectors", "Year", "Overall score", "Data coverage", "Rating", "Environment (environment)"],
    ["Village id", "Village", "Year", "Pillar", "Criterion id", "Criterion", "Score", "Data coverage", "Status"],
]


@pytest.mark.parametrize("header", REPORT_HEADERS, ids=["compare-en", "compare-vi", "summary-en", "criteria-en"])
def test_a_report_headed_by_village_id_and_year_is_no_input(tmp_path, header):
    """Audit (twelfth walk): an English report (``Village id``, ``Year``) was kept as a dataset; reports written
    before the mark (:data:`REPORT_MARK`) are known by the leading columns their writers write, cell for cell."""
    row = ["v1" if "id" in h.casefold() or h == "Mã làng" else 1 for h in header]
    csv_file = tmp_path / "report.csv"
    csv_file.write_text("\n".join(",".join(map(str, r)) for r in [header, row]) + "\n", encoding="utf-8")
    old = _workbook(tmp_path / "old.xlsx", {"summary": [header, row]})
    assert input_kind(csv_file) is None and input_kind(old) is None
    dataset = tmp_path / "dataset.csv"  # a column the reader does not know is no report's: the dataset is kept
    dataset.write_text("Village ID,Year,households_totl\nv1,2024,5\n", encoding="utf-8")
    assert input_kind(dataset) == "a dataset with village-year rows"


def test_a_workbook_marked_as_a_report_is_no_input_whatever_it_holds(tmp_path):
    rows = {"data": [HEADER, ["v1", "Một", 2024]], "summary": [["Village ID", "Year"], ["v1", 2024]]}
    marked = _workbook(tmp_path / "marked.xlsx", rows)
    wb = openpyxl.load_workbook(marked)
    wb.properties.category = REPORT_MARK
    wb.save(marked)
    unmarked = _workbook(tmp_path / "unmarked.xlsx", rows)
    assert input_kind(marked) is None
    assert input_kind(unmarked) == "a survey workbook with village-year rows"


@pytest.fixture(scope="module")
def template_bytes():
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.template import build_template

    registry = Registry.default()
    return build_template(load_framework(None, registry), registry, lang="en")


def test_only_an_unfilled_template_is_proven_one(tmp_path, template_bytes):
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(template_bytes)
    assert unfilled_template(blank, template_bytes)
    resaved = tmp_path / "resaved.xlsx"  # opened and saved again, nothing typed: still proven
    openpyxl.load_workbook(blank).save(resaved)
    assert unfilled_template(resaved, template_bytes)
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(template_bytes)
    wb = openpyxl.load_workbook(filled)
    wb["metadata"].append(["households_total", "commune census 2024"])
    wb.save(filled)
    assert not unfilled_template(filled, template_bytes)
    years = _workbook(tmp_path / "y.xlsx", {"2024": [HEADER], "2025": [HEADER]})
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(template_bytes[: len(template_bytes) // 2])
    assert not any(unfilled_template(p, template_bytes) for p in (years, locked, damaged))


def _typed(template_bytes, path, sheet, cell, value, rename=None):
    path.write_bytes(template_bytes)
    wb = openpyxl.load_workbook(path)
    if cell is not None:
        wb[sheet][cell] = value
    for k, ws in enumerate(wb.worksheets if rename else ()):
        ws.title = f"{rename} {k}"
    wb.save(path)
    return path


def test_a_survey_typed_into_on_any_sheet_is_kept(tmp_path, template_bytes):
    """Audit (twelfth walk): the dataset's description, the printed form's answers were replaced by -o."""
    described = _typed(template_bytes, tmp_path / "described.xlsx", "dataset", "B6", "12 villages surveyed, 6/2025")
    answered = _typed(template_bytes, tmp_path / "answered.xlsx", "form", "E7", "phung-xa")
    listed = _typed(template_bytes, tmp_path / "lists.xlsx", "lists", "A1", "my own list")
    renamed = _typed(template_bytes, tmp_path / "renamed.xlsx", "form", "E7", "phung-xa", rename="Trang")
    for path in (described, answered, listed, renamed):
        assert not unfilled_template(path, template_bytes), path
        assert survey_workbook(path), path
        assert input_kind(path) == "a survey workbook people fill in (made by villagescore template)", path
    blank = tmp_path / "blank.xlsx"  # every sheet renamed, nothing typed: not the template written, kept
    assert not unfilled_template(_typed(template_bytes, blank, None, None, None, rename="Trang"), template_bytes)


def test_a_template_of_another_language_or_sector_choice_is_not_proven_unfilled(tmp_path, template_bytes):
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.template import build_template

    registry = Registry.default()
    framework = load_framework(None, registry)
    vi = tmp_path / "vi.xlsx"
    vi.write_bytes(build_template(framework, registry, lang="vi"))
    assert unfilled_template(vi, vi.read_bytes()) and not unfilled_template(vi, template_bytes)
    assert survey_workbook(vi) and not survey_workbook(tmp_path / "missing.xlsx")


#: A user's own tables: a dataset's columns and one of their own headed as a report's column is.
USER_TABLES = {
    "diem": ["Mã làng nghề", "Năm số liệu", "Tên làng", "Điểm"],
    "hang": ["village_id", "year", "name", "Hạng"],
    "score": ["Village ID", "Year", "Score"],
    "overall": ["village_id", "year", "Tổng hợp", "Overall"],
}


@pytest.mark.parametrize("header", list(USER_TABLES.values()), ids=list(USER_TABLES))
def test_a_user_table_with_a_score_or_rank_column_is_kept(tmp_path, header):
    """Review (twelfth walk): one column headed ``Điểm``, ``Hạng``, ``Score``, ``Overall`` or ``Tổng hợp`` made a
    user's CSV or workbook a report, and ``evaluate -o mine.xlsx`` replaced it: only a writer's whole head does."""
    rows = [["v1", 2024, "Một", 7][:len(header)], ["v2", 2024, "Hai", 8][:len(header)]]
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n", encoding="utf-8")
    book = _workbook(tmp_path / "mine.xlsx", {"Làng nghề": [header, *rows]})
    assert input_kind(csv_file) == "a dataset with village-year rows"
    assert input_kind(book) == "a survey workbook with village-year rows"


def test_the_reviewers_workbook_with_a_diem_column_is_kept(tmp_path):
    """The review's repro: one sheet "Làng nghề" headed ``Mã làng nghề | Năm | Tên làng | Điểm``, two villages."""
    rows = [["Mã làng nghề", "Năm", "Tên làng", "Điểm"], ["v1", 2024, "Một", 7], ["v2", 2024, "Hai", 8]]
    assert input_kind(_workbook(tmp_path / "mine.xlsx", {"Làng nghề": rows})) == \
        "a survey workbook with village-year rows"


@pytest.mark.parametrize("year", ["Năm", "Year", "YEAR"])
def test_a_dataset_headed_by_the_word_year_alone_is_an_input(tmp_path, year):
    """Audit (thirteenth walk): ``Mã làng nghề,Năm`` was no dataset, so ``-o`` replaced it."""
    path = tmp_path / "vn.csv"
    path.write_text(f"Mã làng nghề,{year},Tên làng nghề\nv1,2024,Một\n", encoding="utf-8")
    sheet = _workbook(tmp_path / "vn.xlsx", {"Sheet1": [["Mã làng nghề", year], ["v1", 2024]]})
    assert input_kind(path) == "a dataset with village-year rows"
    assert input_kind(sheet) == "a survey workbook with village-year rows"


#: Vietnamese tone marks: Windows-1258 writes them as combining characters after the vowel.
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """``text`` in Windows-1258 as old Vietnamese Windows writes it: a vowel (â, ơ …), then its tone mark."""
    out = []
    for ch in text:
        marks = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in _TONES))
        out.append(base.encode("cp1258") + "".join(c for c in marks if c in _TONES).encode("cp1258"))
    return b"".join(out)


def _clerk_layouts() -> dict[str, bytes]:
    """The toy dataset as a clerk's spreadsheet may save it: files the reader refuses, fixed by hand later."""
    text = TOY_CSV.read_bytes().decode("utf-8-sig")
    tabbed = text.replace(",", "\t")
    labelled = "Mã làng nghề;Tên làng nghề;Năm số liệu\r\nv1;Làng Một;2024\r\n"
    return {
        "utf16.csv": tabbed.encode("utf-16"),  # Excel's "Unicode text": UTF-16 with its BOM, tabs
        "utf16be.csv": codecs.BOM_UTF16_BE + tabbed.encode("utf-16-be"),
        "utf32.csv": tabbed.encode("utf-32"),
        "tab.csv": tabbed.encode(),
        "title.csv": ("BÁO CÁO SỐ LIỆU LÀNG NGHỀ\n" + text).encode(),
        "title-cells.csv": ("BÁO CÁO SỐ LIỆU LÀNG NGHỀ,,\nTỉnh Hà Nội,,\n\n" + text).encode(),
        "blanklead.csv": ("\n\n" + text).encode(),
        "cp1258.csv": _cp1258(labelled),
    }


@pytest.mark.parametrize("name", sorted(_clerk_layouts()))
def test_a_clerks_dataset_the_reader_refuses_is_kept(tmp_path, name):
    """Audit (fourteenth walk): a UTF-16, tab-separated or titled province file was replaced by -o."""
    path = tmp_path / name
    path.write_bytes(_clerk_layouts()[name])
    assert input_kind(path) == "a dataset with village-year rows"
    with pytest.raises(OutputError, match="it is a dataset with village-year rows"):
        atomic_write(path, b"village_id,year,overall_score\n")
    assert path.read_bytes() == _clerk_layouts()[name]


def test_a_header_alone_under_a_title_or_far_down_is_no_dataset(tmp_path):
    header_only = tmp_path / "header.csv"
    header_only.write_text("BÁO CÁO\n\nvillage_id,name,year\n\n", encoding="utf-8")
    far_down = tmp_path / "far.csv"
    far_down.write_text("".join(f"note {k}\n" for k in range(12)) + "village_id,name,year\nv1,A,2024\n",
                        encoding="utf-8")
    assert input_kind(header_only) is None and input_kind(far_down) is None


def test_a_workbook_with_a_title_above_its_header_or_rows_on_a_hidden_sheet_is_kept(tmp_path):
    """Audit (fourteenth walk): the workbook side of a clerk's layouts; a survey's own sheets still name fields."""
    titled = _workbook(tmp_path / "titled.xlsx", {"Sheet1": [["BÁO CÁO SỐ LIỆU LÀNG NGHỀ"], [], HEADER,
                                                            ["v1", "Một", 2024]]})
    hidden = _workbook(tmp_path / "hidden.xlsx", {"Bìa": [["Báo cáo"]], "Dữ liệu": [HEADER, ["v1", "Một", 2024]]})
    wb = openpyxl.load_workbook(hidden)
    wb["Dữ liệu"].sheet_state = "hidden"
    wb.save(hidden)
    assert input_kind(titled) == input_kind(hidden) == "a survey workbook with village-year rows"
    empty = _workbook(tmp_path / "empty.xlsx", {"Sheet1": [["BÁO CÁO"], HEADER]})
    assert input_kind(empty) is None
