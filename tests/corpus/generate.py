"""Build the corpus inputs that are binary or large, at test time, from small recipes.

Workbooks, zip archives and an over-size framework are not committed: each case in
``cases.yaml`` with a ``generate:`` key names a function here, which writes the file into
a temporary folder. Cases against the real content derive their file from a shipped one
(``derive:``) by exact text replacements, so they follow the shipped file as it evolves.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from .harness import TOY_CSV, TOY_FRAMEWORK

__all__ = ["GENERATORS", "toy_rows", "write_xlsx", "derive"]


def toy_rows() -> list[list[object]]:
    """The toy dataset (header first) as typed cells, the way Excel would hold them."""
    import csv

    with TOY_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    out: list[list[object]] = [rows[0]]
    for row in rows[1:]:
        cells: list[object] = []
        for name, cell in zip(rows[0], row, strict=True):
            if cell == "":
                cells.append(None)
            elif name in ("year", "a", "b", "c", "total", "craft"):
                cells.append(int(cell) if cell.isdigit() else float(cell))
            else:
                cells.append(cell)
        out.append(cells)
    return out


def write_xlsx(path: Path, rows: list[list[object]], *, merge: str | None = None,
               extra_sheets: dict[str, list[list[object]]] | None = None) -> Path:
    """Write ``rows`` to sheet ``data`` of a new workbook (openpyxl), optionally merging a range."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    for title, sheet_rows in (extra_sheets or {}).items():
        sheet = wb.create_sheet(title)
        for row in sheet_rows:
            sheet.append(row)
    wb.save(path)
    return path


def _good_xlsx(folder: Path) -> Path:
    return write_xlsx(folder / "toy.xlsx", toy_rows())


def _formula_xlsx(folder: Path) -> Path:
    rows = toy_rows()
    rows[1][6] = "=50+30"  # column G (a) of the first village: a formula instead of a value
    rows[2][12] = "=SUM(M2:M3)"  # column M (total): another one
    return write_xlsx(folder / "formula-cells.xlsx", rows)


def _merged_xlsx(folder: Path) -> Path:
    rows = toy_rows()
    rows[2][3] = None  # province of v2 is "covered" by the merge of D2:D3
    return write_xlsx(folder / "merged-cells.xlsx", rows, merge="D2:D3")


def _text_in_numeric_xlsx(folder: Path) -> Path:
    rows = toy_rows()
    rows[3][8] = "năm mươi"  # column I (c) of v3
    return write_xlsx(folder / "text-in-numeric.xlsx", rows)


def _header_only_xlsx(folder: Path) -> Path:
    return write_xlsx(folder / "header-only.xlsx", toy_rows()[:1])


def _empty_workbook(folder: Path) -> Path:
    return write_xlsx(folder / "empty-sheet.xlsx", [])


def _zip_bomb(folder: Path) -> Path:
    """A tiny zip whose entry *declares* 4 GiB - 2 uncompressed bytes (headers patched, no big write)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 1000)
    data = bytearray(buf.getvalue())
    declared = struct.pack("<I", 0xFFFFFFFE)
    pos = data.find(b"PK\x01\x02")  # central directory: uncompressed size at offset 24
    while pos != -1:
        data[pos + 24: pos + 28] = declared
        pos = data.find(b"PK\x01\x02", pos + 4)
    pos = data.find(b"PK\x03\x04")  # local headers: uncompressed size at offset 22
    while pos != -1:
        data[pos + 22: pos + 26] = declared
        pos = data.find(b"PK\x03\x04", pos + 4)
    path = folder / "zip-bomb.xlsx"
    path.write_bytes(bytes(data))
    return path


def _text_renamed_xlsx(folder: Path) -> Path:
    path = folder / "renamed-text.xlsx"
    path.write_bytes(TOY_CSV.read_bytes())
    return path


def _zip_not_workbook(folder: Path) -> Path:
    path = folder / "plain-zip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def _truncated_xlsx(folder: Path) -> Path:
    data = _good_xlsx(folder).read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _oversize_framework(folder: Path) -> Path:
    """A valid toy framework padded with comment lines past the 5 MiB limit (~5.3 MB, written once)."""
    from villagescore.framework import MAX_FRAMEWORK_BYTES

    text = TOY_FRAMEWORK.read_text(encoding="utf-8")
    padding = "# " + "x" * 1021 + "\n"
    path = folder / "oversize.yaml"
    path.write_text(text + padding * (MAX_FRAMEWORK_BYTES // len(padding) + 64), encoding="utf-8")
    return path


def _write_sheets(path: Path, sheets: list[tuple[str, list[list[object]], bool]],
                  formats: dict[str, str] | None = None) -> Path:
    """A workbook of ``(title, rows, hidden)`` sheets; ``formats`` = {cell: number format} on the first."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for k, (title, rows, hidden) in enumerate(sheets):
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        ws.sheet_state = "hidden" if hidden else "visible"
        for ref, fmt in (formats or {}).items() if k == 0 else ():
            ws[ref].number_format = fmt
    wb.active = next(k for k, (_t, _r, hidden) in enumerate(sheets) if not hidden)
    wb.save(path)
    return path


def _with(rows: list[list[object]], column: str, values: list[object]) -> list[list[object]]:
    out = [list(r) for r in rows]
    j = out[0].index(column)
    for row, value in zip(out[1:], values, strict=True):
        row[j] = value
    return out


def _percent_format_xlsx(folder: Path) -> Path:
    """Columns a and b typed as 80 % … in Excel: stored as fractions with a percent format."""
    rows = _with(_with(toy_rows(), "a", [0.8, 0.4, None]), "b", [0.9, None, 0.6])
    fmt = {f"{c}{r}": "0%" for c in "GH" for r in (2, 3, 4)}
    return _write_sheets(folder / "percent-format.xlsx", [("data", rows, False)], fmt)


def _percent_format_count_xlsx(folder: Path) -> Path:
    return _write_sheets(folder / "percent-on-count.xlsx", [("data", toy_rows(), False)], {"M2": "0%"})


def _hidden_old_sheet_xlsx(folder: Path) -> Path:
    old = _with(toy_rows(), "a", [1, 1, 1])
    return _write_sheets(folder / "hidden-old-year.xlsx", [("2023", old, True), ("2024", toy_rows(), False)])


def _data_sheet_case_xlsx(folder: Path) -> Path:
    sheets = [("Hướng dẫn", [["Đọc kỹ"]], True), ("DATA", toy_rows(), False)]
    return _write_sheets(folder / "data-any-case.xlsx", sheets)


def _several_sheets_xlsx(folder: Path) -> Path:
    return _write_sheets(folder / "several-years.xlsx", [("2023", toy_rows(), False), ("2024", toy_rows(), False)])


def _only_hidden_xlsx(folder: Path) -> Path:
    return _write_sheets(folder / "only-hidden.xlsx", [("data", toy_rows(), True), ("Instructions", [["x"]], False)])


def _title_rows_xlsx(folder: Path) -> Path:
    rows = [["KHẢO SÁT LÀNG NGHỀ NĂM 2024"], [], *toy_rows()]
    return _write_sheets(folder / "title-rows.xlsx", [("data", rows, False)])


def _notes_beside_xlsx(folder: Path) -> Path:
    rows = [[*r, None, None] for r in toy_rows()]
    rows[2][-1] = "Ghi chú: số liệu năm trước"
    return _write_sheets(folder / "notes-beside.xlsx", [("data", rows, False)])


def _thousands_text_xlsx(folder: Path) -> Path:
    return _write_sheets(folder / "thousands-text.xlsx", [("data", _with(toy_rows(), "total", ["1.000", 200, 100]),
                                                           False)])


def _template_typed_percent_xlsx(folder: Path) -> Path:
    """The survey template filled as Excel stores it: 80 % typed in a percentage column is 0.8, formatted."""
    from openpyxl import load_workbook

    from villagescore.framework import load_framework
    from villagescore.template import build_template

    from .harness import toy_registry

    registry = toy_registry()
    template = folder / "template.xlsx"
    template.write_bytes(build_template(load_framework(TOY_FRAMEWORK, registry), registry))
    wb = load_workbook(template)
    ws = wb.worksheets[0]  # the data sheet ('Số liệu' in a Vietnamese survey); the id is each header's last line
    column = {str(c.value).split("\n")[-1]: c.column for c in ws[1]}
    header, *rows = toy_rows()
    for r, row in enumerate(rows, start=2):
        for name, value in zip(header, row, strict=True):
            if name in ("a", "b") and value is not None:
                cell = ws.cell(row=r, column=column[name], value=value / 100)
                cell.number_format = "0%"
            else:
                ws.cell(row=r, column=column[name], value=value)
    path = folder / "typed-template.xlsx"
    wb.save(path)
    return path


def _huge_field_csv(folder: Path) -> Path:
    """A 200,000-character name and a stray field: the csv module's 131,072 limit must not crash the reader."""
    lines = TOY_CSV.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("Làng Một", "x" * 200_000) + ",stray"
    path = folder / "huge-field.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toy_with_sidecar(folder: Path) -> Path:
    path = folder / "survey.csv"
    path.write_bytes(TOY_CSV.read_bytes())
    (folder / "survey.meta.json").write_text(
        '{"dataset": {"id": "survey", "title": {"vi": "Khảo sát", "en": "Survey"}, "kind": "illustrative"}, '
        '"columns": {"a": {"source": "commune report"}}}\n', encoding="utf-8")
    return path


def _link_to_survey(folder: Path) -> Path:
    link = folder / "latest.csv"
    link.symlink_to("survey.csv")
    return link


def _read_only_report(folder: Path) -> Path:
    path = folder / "report.csv"
    path.write_text("village_id,overall_score\nv1,88.3333\n", encoding="utf-8")
    path.chmod(0o444)
    return path


def _metadata_twice_xlsx(folder: Path) -> Path:
    dataset = [["key", "value"], ["id", "toy"], ["title_vi", "Thử"], ["title_en", "Toy"], ["kind", "illustrative"]]
    metadata = [["column", "source", "quality"], ["a", "commune report", "measured"], ["a", "guess", "estimated"]]
    sheets = [("data", toy_rows(), False), ("dataset", dataset, False), ("metadata", metadata, False)]
    return _write_sheets(folder / "metadata-twice.xlsx", sheets)


#: generator name (the ``generate:`` key of a case) -> function(folder) -> path
GENERATORS: dict[str, Callable[[Path], Path]] = {
    "good-xlsx": _good_xlsx,
    "formula-xlsx": _formula_xlsx,
    "merged-xlsx": _merged_xlsx,
    "text-in-numeric-xlsx": _text_in_numeric_xlsx,
    "header-only-xlsx": _header_only_xlsx,
    "empty-sheet-xlsx": _empty_workbook,
    "zip-bomb-xlsx": _zip_bomb,
    "text-renamed-xlsx": _text_renamed_xlsx,
    "zip-not-workbook-xlsx": _zip_not_workbook,
    "truncated-xlsx": _truncated_xlsx,
    "oversize-framework": _oversize_framework,
    "percent-format-xlsx": _percent_format_xlsx,
    "percent-format-count-xlsx": _percent_format_count_xlsx,
    "hidden-old-sheet-xlsx": _hidden_old_sheet_xlsx,
    "data-sheet-case-xlsx": _data_sheet_case_xlsx,
    "several-sheets-xlsx": _several_sheets_xlsx,
    "only-hidden-xlsx": _only_hidden_xlsx,
    "title-rows-xlsx": _title_rows_xlsx,
    "notes-beside-xlsx": _notes_beside_xlsx,
    "thousands-text-xlsx": _thousands_text_xlsx,
    "template-typed-percent-xlsx": _template_typed_percent_xlsx,
    "huge-field-csv": _huge_field_csv,
    "toy-with-sidecar": _toy_with_sidecar,
    "link-to-survey": _link_to_survey,
    "read-only-report": _read_only_report,
    "metadata-twice-xlsx": _metadata_twice_xlsx,
}


def derive(source: Path, folder: Path, name: str, replace: list[list[str]] | None = None,
           bom: bool = False) -> Path:
    """Copy ``source`` to ``folder/name`` applying exact text replacements (each must match)."""
    text = source.read_text(encoding="utf-8-sig")
    for old, new in replace or []:
        if old not in text:
            msg = f"{source}: the text {old!r} to replace is not there any more; update tests/corpus/cases.yaml"
            raise AssertionError(msg)
        text = text.replace(old, new, 1)
    path = folder / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    sidecar = source.with_name(source.stem + ".meta.json")
    if sidecar.is_file() and not replace:  # the same data keeps its metadata (quality flags count in results)
        path.with_name(path.stem + ".meta.json").write_bytes(sidecar.read_bytes())
    return path
