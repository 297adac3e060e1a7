"""What an XLSX archive says before any cell is read: sheets, the data sheet, formula, merged and percent cells.

The archive is inspected with :mod:`zipfile` and regular expressions over its XML parts (no
workbook library): zip bombs are refused before anything is unpacked, hidden sheets are
never chosen, and the cells that Excel formats as percentages are found from the styles.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import DatasetError, Problem, SaidText, said
from ..i18n import N_
from ..protected import archive_mark
from .files import fail
from .model import MAX_XLSX_UNCOMPRESSED
from .our_outputs import NOT_A_DATASET, refuse_report_workbook
from .sheet_cells import cell_problems, hidden_rows
from .sheet_tail import replaced_part, trim_tail

#: Sheets of a workbook that are never the data sheet (compared case-insensitively).
AUX_SHEETS = ("metadata", "dataset", "instructions", "lists", "form")

_BROKEN_ZIP = (KeyError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


@dataclass
class Sheet:
    """One sheet of a workbook, as ``xl/workbook.xml`` lists it."""

    name: str
    target: str
    hidden: bool
    very_hidden: bool = False  # Excel's "very hidden": Unhide does not list it (only the VBA editor shows it)


@dataclass
class Workbook:
    """What the zip archive says about a workbook before any cell is read."""

    data_sheet: Sheet
    aux: dict[str, str]  # "metadata"/"dataset" -> the visible sheet's name
    problems: list[Problem]
    percent_refs: list[tuple[int, int]]  # (sheet row, column number), both 1-based
    notes: list[str]
    data: bytes | None = None  # the workbook with the data sheet's stray blank cells removed, when it had any

_PASSWORD_OR_XLS = N_("a password-protected workbook, or an old .xls (Excel 97-2003) named .xlsx, not a readable "
                      ".xlsx: remove the password (File > Info > Protect Workbook > Encrypt with Password, clear "
                      "it and save), or open the file and save it as Excel Workbook (.xlsx)")


def inspect_workbook(path: Path, data: bytes) -> Workbook:
    """Refuse zip bombs and non-workbooks; pick the data sheet; find formula, merged and percent cells."""
    name = str(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        from ..protected import OLE_MAGIC

        if data.startswith(OLE_MAGIC):  # Excel's "Encrypt with Password" writes the workbook inside an OLE file
            raise fail(name, _PASSWORD_OR_XLS) from None
        raise fail(name, N_("not an XLSX workbook (not a zip archive); save the file as .xlsx")) from None
    with archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_XLSX_UNCOMPRESSED:
            raise fail(name, N_("the workbook unpacks to {size} bytes (limit {limit}); refusing to open it"),
                       params={"size": f"{total:,}", "limit": f"{MAX_XLSX_UNCOMPRESSED:,}"})
        if "xl/workbook.xml" not in {i.filename for i in infos}:
            raise fail(name, N_("not an XLSX workbook (no xl/workbook.xml); save the file as .xlsx"))
        try:
            refuse_report_workbook(name, archive_mark(archive))  # before its sheets are said not to be data
            sheets = workbook_sheets(archive)
            try:
                sheet, notes = _choose_data_sheet(sheets, name)
            except DatasetError:
                _refuse_unmarked_report(archive, sheets, name)  # a report from before REPORT_MARK: not "rename"
                raise
            tail = trim_tail(lambda: archive.read(sheet.target).decode("utf-8", "replace"),  # trim_tail owns the text
                             functools.cache(lambda: _shared_strings(archive)), name, sheet.name)
            xml = tail.xml
            notes += _refuse_copies(archive, sheets, sheet, xml, name)
            problems = tail.problems + cell_problems(name, sheet.name, xml)
            notes += tail.notes
            trimmed = replaced_part(archive, sheet.target, xml) if tail.changed else None
            notes += hidden_rows(sheet.name, xml)
            percent = _percent_refs(xml, _percent_styles(archive))
        except _BROKEN_ZIP as exc:
            # a damaged archive (BadZipFile, zlib.error, EOFError), a missing part (KeyError), an
            # encrypted member (RuntimeError) or an unsupported compression method
            # (NotImplementedError, as zipfile raises it): say so, never a traceback
            msg = N_("not a readable XLSX workbook ({reason}); save the file again as .xlsx")
            raise fail(name, msg, params={"reason": f"{type(exc).__name__}: {exc}"}) from None
    aux: dict[str, str] = {}
    for s in sheets:
        key = sheet_key(s.name)
        if key in ("metadata", "dataset") and key not in aux:
            if s.hidden:
                notes.append(said(SaidText, N_("hidden sheet {sheet} was not read: unhide it to use its metadata"),
                                  sheet=repr(s.name)))
            else:
                aux[key] = s.name
    return Workbook(sheet, aux, problems, percent, notes, trimmed)


def _attr(attrs: str, key: str) -> str | None:
    found = re.search(rf'(?:^|\s){re.escape(key)}="([^"]*)"', attrs)
    return None if found is None else found.group(1)


def workbook_sheets(archive: zipfile.ZipFile) -> list[Sheet]:
    """The sheets in workbook order, with their part name and whether they are hidden."""
    import html

    wb = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = {}
    for attrs in re.findall(r"<Relationship\b([^>]*)>", rels):
        rid, target = _attr(attrs, "Id"), _attr(attrs, "Target")
        if rid is not None and target is not None:
            targets[rid] = target
    out = []
    for attrs in re.findall(r"<sheet\b([^>]*)>", wb):
        sheet, rid = _attr(attrs, "name"), _attr(attrs, "r:id")
        if sheet is None or rid is None:
            continue
        target = targets.get(rid, "").lstrip("/")
        if not target.startswith("xl/"):
            target = "xl/" + target
        state = _attr(attrs, "state") or "visible"
        out.append(Sheet(html.unescape(sheet), target, state != "visible", state == "veryHidden"))
    return out


def sheet_key(name: str) -> str:
    """A sheet's role when it has a survey sheet name in either language (``Số liệu`` → ``data``), else its name."""
    from ..readback import sheet_role

    return sheet_role(name) or name.strip().casefold()


_HIDDEN_DATA = N_("the data sheet {sheet} is hidden, and hidden sheets are never read: unhide it (right-click a "
                  "sheet tab > Unhide) to score it, or, if the rows to score are on another sheet ({others}), name it "
                  "'data'")
#: Excel's Unhide does not list a very hidden sheet: only its properties in the VBA editor can show it.
_VERY_HIDDEN_DATA = N_("the data sheet {sheet} is very hidden (Excel's Unhide does not list it), and hidden sheets are "
                       "never read: show it in the VBA editor (Alt+F11, select the sheet, set Visible to "
                       "'-1 - xlSheetVisible' in its Properties), or copy its rows to a visible sheet named 'data'; "
                       "if the rows to score are on another sheet ({others}), name that one 'data'")


def _choose_data_sheet(sheets: list[Sheet], name: str) -> tuple[Sheet, list[str]]:
    """The visible sheet named ``data`` (any case), or the only visible sheet that is not metadata.

    Hidden sheets are never read: a hidden sheet named ``data`` (``Số liệu``) with no visible one
    is refused, never replaced by another visible sheet (notes, a summary). Returns the sheet and
    notes that say which sheet was read.
    """
    visible = [s for s in sheets if not s.hidden]
    hidden = [s.name for s in sheets if s.hidden and sheet_key(s.name) not in AUX_SHEETS]
    notes = [said(SaidText, N_("hidden sheet(s) {sheets} not read"), sheets=", ".join(map(repr, hidden)))
             ] if hidden else []
    named = [s for s in visible if sheet_key(s.name) == "data"]
    others = [s for s in visible if sheet_key(s.name) not in AUX_SHEETS]
    hidden_data = [s for s in sheets if s.hidden and sheet_key(s.name) == "data"]
    if not named and hidden_data and others:  # another visible sheet (notes, a summary) is not read in its place
        msg = _VERY_HIDDEN_DATA if hidden_data[0].very_hidden else _HIDDEN_DATA
        raise fail(name, msg, params={"sheet": repr(hidden_data[0].name),
                                      "others": ", ".join(repr(s.name) for s in others)})
    if named:
        chosen = named[0]
    elif len(others) == 1:
        chosen = others[0]
    elif not others:
        if hidden:
            raise fail(name, N_("the only sheets with data are hidden ({sheets}): unhide the sheet to score; the "
                                "data sheet should be named 'data'"), params={"sheets": ", ".join(map(repr, hidden))})
        raise fail(name, N_("the workbook has no sheet with data; the data sheet should be named 'data'"))
    else:
        listed = ", ".join(repr(s.name) for s in others)
        raise fail(name, N_("the workbook has several sheets ({sheets}) and none is named 'data': rename the sheet to "
                            "score to 'data' (the others are not read), or save it as a workbook of its own"),
                   params={"sheets": listed})
    from ..template import SHEET_NAMES

    if chosen.name not in SHEET_NAMES["data"].values():  # 'data', or the survey's 'Số liệu': no note needed
        notes.insert(0, said(SaidText, N_("read sheet {sheet}"), sheet=repr(chosen.name)))
    return chosen, notes


def _refuse_unmarked_report(archive: zipfile.ZipFile, sheets: list[Sheet], name: str) -> None:
    """Refuse, as a report, a workbook with a visible sheet whose first row is a report writer's header.

    Report workbooks written before :data:`~villagescore.protected.REPORT_MARK` carry no mark;
    their sheets (summary, villages, …) are recognised by their headers instead.
    """
    from ..protected import report_header

    strings: list[str] | None = None
    for sheet in sheets:
        if sheet.hidden:
            continue
        if strings is None:
            strings = _shared_strings(archive)
        if report_header(_first_row(archive.read(sheet.target).decode("utf-8", "replace"), strings)):
            raise fail(name, NOT_A_DATASET) from None


def _refuse_copies(archive: zipfile.ZipFile, sheets: list[Sheet], chosen: Sheet, xml: str, name: str) -> list[str]:
    """Refuse a workbook with another visible sheet that looks like the data sheet: its rows would be lost.

    Excel's "Move or Copy > Create a copy" makes ``Số liệu (2)``; a sheet looks like data when
    its name is the data sheet's name with such a copy's suffix (``(2)``, ``- Copy``, ``- Bản sao``),
    or when its first row is the data sheet's header (a "data summary" sheet is neither). Only
    the data sheet is read, so such a sheet is refused, never skipped.
    The other visible sheets (a summary, notes) are left unread and said in a note.
    """
    from ..catalogue.aliases import alias_key
    from ..template import SHEET_NAMES

    others = [s for s in sheets if not s.hidden and s is not chosen and sheet_key(s.name) not in AUX_SHEETS]
    if not others:
        return []
    stems = {alias_key(chosen.name), *(alias_key(n) for n in SHEET_NAMES["data"].values())}
    header: list[str] | None = None
    strings: list[str] | None = None
    copies = []
    for other in others:
        stripped = _COPY_SUFFIX.sub("", other.name)
        if stripped != other.name and alias_key(stripped) in stems:
            copies.append(other)
            continue
        if header is None:
            strings = _shared_strings(archive)
            header = _first_row(xml, strings)
        if header and _first_row(archive.read(other.target).decode("utf-8", "replace"), strings or []) == header:
            copies.append(other)
    if copies:
        raise fail(name, N_("the workbook has several sheets that look like data ({sheets}): only {sheet} would be "
                            "read and the rows of the others would be lost. Move their rows onto {sheet}, under its "
                            "rows, and delete the other sheets, or save each sheet as a workbook of its own"),
                   params={"sheets": ", ".join(repr(s.name) for s in (chosen, *copies)), "sheet": repr(chosen.name)})
    return [said(SaidText, N_("sheet(s) {sheets} not read: only the data sheet {sheet} is scored"),
                 sheets=", ".join(repr(s.name) for s in others), sheet=repr(chosen.name))]


#: What Excel and LibreOffice put after a copied sheet's name: ``(2)``, ``- Copy``, ``- Bản sao (3)``, ``_2``.
_COPY_SUFFIX = re.compile(r"\s*(?:\(\d+\)|[-_ ]\s*(?:copy|bản sao|ban sao)(?:\s*\(\d+\))?|_\d+)\s*$", re.IGNORECASE)
_ROW_1 = re.compile(r'<row\b[^>]*\br="1"[^>]*>(.*?)</row>', re.DOTALL)
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_TEXT = re.compile(r"<t\b[^>]*>(.*?)</t>", re.DOTALL)


def _first_row(xml: str, strings: list[str]) -> list[str]:
    """The texts of a sheet's row 1 (shared strings resolved), empty cells left out."""
    import html

    row = _ROW_1.search(xml)
    if row is None:
        return []
    out = []
    for attrs, inner in _CELL.findall(row.group(1)):
        kind = _attr(attrs, "t")
        if kind == "inlineStr":
            text = "".join(_TEXT.findall(inner or ""))
        else:
            value = re.search(r"<v>(.*?)</v>", inner or "", re.DOTALL)
            text = "" if value is None else value.group(1)
            if kind == "s" and text.isdigit():
                text = strings[int(text)] if int(text) < len(strings) else ""
        text = html.unescape(text).strip()
        if text:
            out.append(text)
    return out


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's shared strings (read only when a second sheet's header must be compared)."""
    import html

    try:
        xml = archive.read("xl/sharedStrings.xml").decode("utf-8", "replace")
    except KeyError:
        return []
    return [html.unescape("".join(_TEXT.findall(si))) for si in re.findall(r"<si\b[^>]*>(.*?)</si>", xml, re.DOTALL)]


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indices of the cell formats (``cellXfs``) whose number format shows a percentage."""
    import html

    try:
        xml = archive.read("xl/styles.xml").decode("utf-8", "replace")
    except KeyError:
        return set()
    percent_formats = {9, 10}  # Excel's built-in 0% and 0.00%
    for attrs in re.findall(r"<numFmt\b([^>]*)>", xml):
        ident, code = _attr(attrs, "numFmtId"), _attr(attrs, "formatCode")
        if ident is not None and ident.isdigit() and code is not None and _is_percent_format(html.unescape(code)):
            percent_formats.add(int(ident))
    block = re.search(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", xml, re.DOTALL)
    if block is None:
        return set()
    xfs = re.findall(r"<xf\b([^>]*)>", block.group(1))
    formats = [_attr(attrs, "numFmtId") or "0" for attrs in xfs]
    return {k for k, fmt in enumerate(formats) if fmt.isdigit() and int(fmt) in percent_formats}


def _is_percent_format(code: str) -> bool:
    """True when an Excel number format multiplies by 100 (a ``%`` outside quotes and escapes)."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return "%" in bare


def _percent_refs(xml: str, styles: set[int]) -> list[tuple[int, int]]:
    """(row, column) of the data sheet's number cells that have a percent format, both 1-based.

    Only a number is stored as a fraction of its percentage (``45%`` typed is 0.45); a text cell
    (``'0.5`` or ``45%`` kept as text) holds what was typed, whatever its format, and is not one.
    """
    if not styles:
        return []
    out = []
    wanted = "|".join(str(s) for s in sorted(styles))
    for attrs in re.findall(rf'<c\b([^>]*\bs="(?:{wanted})"[^>]*)>', xml):
        kind = re.search(r'\bt="([^"]*)"', attrs)
        if kind is not None and kind.group(1) != "n":  # s, str, inlineStr: text; b: a boolean; e: an error
            continue
        ref = re.search(r'\br="([A-Z]+)([0-9]+)"', attrs)
        if ref is not None:
            out.append((int(ref.group(2)), _column_number(ref.group(1))))
    return out


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(number: int) -> str:
    """A column's letters as Excel shows them: 1 is ``A``, 27 is ``AA``."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out
