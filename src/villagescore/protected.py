"""Files an output never replaces: what villagescore reads, recognised from the file itself.

``-o`` refuses the inputs of the command it runs (:func:`villagescore.cli.options.input_paths`);
this module recognises the files villagescore *reads* in any run, so that one command's
output never destroys another's input:

- a results store: a file that starts with SQLite's magic header;
- a dataset's metadata: a file named ``NAME.meta.json``;
- a dataset with rows: a CSV whose header names ``village_id`` and ``year`` (``,``, ``;`` or a
  tab between columns; in its first 10 non-blank rows; UTF-8, UTF-16/32 by its BOM, or cp1258)
  followed by a row, unless it starts as a report writer's header does, cell
  for cell (:func:`_report_header`; a ``Score`` or ``Hạng`` column alone makes no report); a
  JSON array of objects with ``village_id``, or an object with ``villages`` (and nothing else
  at the top); a workbook with a non-empty row under its header on its ``data`` (``Số liệu``)
  sheet, or on a sheet (hidden or not) whose header names ``village_id`` (a lower header, under a
  title: ``village_id`` and ``year``) and does not start as a report's (a
  report workbook written before :data:`REPORT_MARK`). A header cell names a column as the dataset reader
  reads it (:func:`villagescore.readback.header_ids`): its id, a survey's label above the id, or
  the label alone in Vietnamese or English (``Mã làng nghề``, ``Village ID``, ``Năm``: a report's
  ``Village id`` and ``Year`` too, hence the report heads);
- a survey workbook made by ``villagescore template``, filled in or not (:func:`survey_workbook`:
  a sheet of the survey's own, or its mark): what is typed on any of its sheets is kept;
- a framework, a programme targets file, a catalogue or a province mapping table
  (:func:`villagescore.protected_documents.document_kind`).

The files villagescore writes as reports (result JSON/JSONL/CSV, HTML, Markdown, PDF, report
workbooks, comparison and target tables) are none of these and are replaced as before: a report
workbook carries :data:`REPORT_MARK` in its properties and is never kept, whatever its sheets.
Detection reads a file's first bytes (a workbook: its archive directory and first sheet rows),
never a whole large file. :func:`unfilled_template` is the proof ``template -o`` asks for
before replacing a workbook: every cell still holds what the template it writes has there.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from pathlib import Path
from typing import Any

from .errors import Term
from .i18n import N_
from .protected_documents import document_kind

__all__ = ["input_kind", "report_header", "survey_workbook", "unfilled_template", "TEMPLATE_MARK", "REPORT_MARK"]

#: The first bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"
#: The first bytes of an OLE compound file: a password-protected workbook, an old .xls.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: How much of a text file is looked at (its header and first row are in it).
_SNIFF_BYTES = 256 * 1024

_STORE = Term(N_("a results store (SQLite)"))
_METADATA = Term(N_("a dataset's metadata"))
_DATASET = Term(N_("a dataset with village-year rows"))
_SURVEY = Term(N_("a survey workbook with village-year rows"))
_TEMPLATE = Term(N_("a survey workbook people fill in (made by villagescore template)"))
_LOCKED = Term(N_("an Office file villagescore never writes (a password-protected workbook, or an old .xls)"))


def input_kind(path: Path) -> Term | None:
    """What villagescore would read ``path`` as (a :class:`Term` to name it), or ``None`` for anything else."""
    if path.name.casefold().endswith(".meta.json"):
        return _METADATA
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith(SQLITE_MAGIC):
        return _STORE
    if head.startswith(b"PK\x03\x04"):
        return _workbook_kind(path)
    if head.startswith(OLE_MAGIC):
        return _LOCKED
    texts = _head_texts(head)
    stripped = texts[0].lstrip()
    if stripped.startswith(("[", "{")):
        if _json_dataset(stripped, whole=len(head) < _SNIFF_BYTES):
            return _DATASET
    elif any(_csv_dataset(text) for text in texts):
        return _DATASET
    return document_kind(texts[0], whole=len(head) < _SNIFF_BYTES)


#: The byte order marks a spreadsheet's "Unicode text" export starts with (UTF-32's first: it begins as UTF-16LE's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF8, "utf-8"))


def _head_texts(head: bytes) -> list[str]:
    """The first bytes of a file as the text it may be: by its BOM, else UTF-8, and cp1258 when it is not UTF-8.

    The reader refuses a UTF-16 or Windows-1258 file, which the clerk then converts by hand:
    the raw file must be recognised (and kept) all the same.
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return [head[len(bom):].decode(encoding, "replace")]
    text = head.decode("utf-8", "replace")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not only a character cut at the end of what was read
            return [text, head.decode("cp1258", "replace")]
    return [text]


def json_dataset_rows(doc: Any) -> list[Any] | None:
    """The village rows of a parsed JSON document the dataset reader reads as a dataset, else ``None``.

    An array of rows, or an object with a ``villages`` array and no ``provenance`` (that is a
    result). The one rule for the reader (:func:`villagescore.datasets.json.read_json`) and for
    the outputs that must not replace a dataset.
    """
    if isinstance(doc, dict) and "provenance" not in doc and isinstance(doc.get("villages"), list):
        return doc["villages"]
    return doc if isinstance(doc, list) else None


def _json_dataset(text: str, *, whole: bool) -> bool:
    """A JSON dataset with village rows (:func:`json_dataset_rows`); a large file by its first bytes."""
    import json

    if whole:
        try:
            rows = json_dataset_rows(json.loads(text))
        except ValueError:
            return False
        if rows is None:
            return False
        keys = {key for row in rows if isinstance(row, dict) for key in row}  # each key once, not once a row
        return "village_id" in _column_ids(keys)
    # a large file, by its first bytes: an array of village rows, or an object whose first key is villages or
    # metadata (a key found further in may be nested: a comparison's options name "villages" too)
    first = re.match(r'[\[{]\s*(?:\{\s*)?"((?:[^"\\]|\\.)*)"', text)  # a key may be a label: spaces, escapes
    return first is not None and (text[0] == "[" or first.group(1) in ("villages", "metadata")) \
        and "village_id" in _column_ids(_json_keys(text))


#: A key of a JSON object (its text as written, escapes included).
_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def _json_keys(text: str) -> set[str]:
    r"""The distinct keys written in the first bytes of a JSON document (a label key may be escaped: ``\u00e3``)."""
    import json

    keys = set()
    for raw in set(_JSON_KEY.findall(text)):
        try:
            keys.add(json.loads(f'"{raw}"'))
        except ValueError:
            continue
    return keys


#: How many non-blank rows may stand above a header (a title, a note, the province's name).
_HEADER_WITHIN = 10


def _csv_dataset(text: str) -> bool:
    """A CSV (``,``, ``;`` or tab between columns) with a ``village_id``/``year`` header in its first rows and a row.

    Blank lines and a title above the header are allowed: the reader refuses such a file, and
    it is the raw file the clerk fixes by hand.
    """
    for delimiter in (",", ";", "\t"):
        try:
            rows = [r for r in itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), 4 * _HEADER_WITHIN)
                    if any(c.strip() for c in r)]
        except csv.Error:
            continue
        at = _header_at(rows, {"village_id", "year"})
        if at is not None:
            return not _report_header(rows[at]) and at + 1 < len(rows)
    return False


def _header_at(rows: list[list[Any]], ids: set[str]) -> int | None:
    """The index of the first of the first :data:`_HEADER_WITHIN` non-blank rows naming all of ``ids``, or ``None``."""
    shown = [k for k, row in enumerate(rows) if _any_value([row])][:_HEADER_WITHIN]
    return next((k for k in shown if ids <= set(_column_ids(rows[k]))), None)


def report_header(cells: Any) -> bool:
    """Whether a header row starts as a report writer's does, cell for cell (a result or report, not data)."""
    return _report_header(cells)


def _report_header(cells: Any) -> bool:
    """Whether a header row starts as a report writer's does, cell for cell (:mod:`villagescore.report_heads`).

    Never one word: a user's table with a ``Điểm``, ``Hạng`` or ``Score`` column of its own is data.
    """
    import unicodedata

    from .report_heads import report_heads

    row = tuple(unicodedata.normalize("NFC", "" if c is None else str(c)).strip().casefold() for c in cells)
    return any(row[:len(head)] == head for head in report_heads())


def _column_ids(cells: Any) -> list[str]:
    """The column ids of a header row, as the dataset reader reads them (an id, or a label in vi or en).

    A cell the reader does not know is kept as its last line in lower case (``Village_ID``).
    """
    from .readback import header_ids

    return [_column_id(c) for c in header_ids(["" if c is None else str(c) for c in cells])]


def _column_id(cell: Any) -> str:
    """A header cell's column id: its last line (a survey's header has its label above it), in lower case."""
    text = "" if cell is None else str(cell)
    return (text.strip().splitlines() or [""])[-1].strip().casefold()


def _open_workbook(source: Path | bytes) -> Any:
    """The workbook, read-only; :class:`ValueError` for an archive too large to be one villagescore reads."""
    import zipfile

    from openpyxl import load_workbook

    from .datasets.model import MAX_XLSX_UNCOMPRESSED

    source = io.BytesIO(source) if isinstance(source, bytes) else source
    with zipfile.ZipFile(source) as archive:
        if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
            msg = "the workbook unpacks to more than villagescore reads"
            raise ValueError(msg)
    return load_workbook(source, read_only=True, data_only=True)


def _workbook_kind(path: Path) -> Term | None:
    """What a workbook is to keep: one with a village-year row, a survey made by ``template``, or ``None``.

    Any doubt (unreadable, too large) counts as a row. A sheet holds rows when it is the data
    sheet (``data``/``Số liệu``) or is headed by ``village_id``, and a cell under its header
    has a value (:func:`~villagescore.workbook_head.sheet_heads` reads the first rows of each
    sheet from the XML: a national workbook is not loaded). A survey (:func:`survey_workbook`)
    without rows is kept too: what is typed on its other sheets (the dataset's description, a
    printed form's answers) is someone's work, and only ``template`` proves it untouched.
    """
    import zipfile

    from .datasets.model import MAX_XLSX_UNCOMPRESSED
    from .readback import sheet_role
    from .workbook_head import sheet_heads

    try:
        with zipfile.ZipFile(path) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                return _SURVEY
        mark = _mark(path)
        if mark == REPORT_MARK:
            return None
        names = []
        for name, rows, cut in sheet_heads(path):
            names.append(name)
            at = _sheet_header_at(name, rows)
            if sheet_role(name) == "data" or (at is not None and not _report_header(rows[at])):
                # a value under the header; a sheet longer than what was read without one is a doubt
                if cut or _any_value(rows[(at or 0) + 1:]):
                    return _SURVEY
        return _TEMPLATE if _survey_sheets(names) or mark == TEMPLATE_MARK else None
    except Exception:  # noqa: BLE001 - whatever cannot be read may hold a survey
        return _SURVEY


def _sheet_header_at(name: str, rows: list[list[str]]) -> int | None:
    """Where a sheet's dataset header is: row 1 naming ``village_id``, or a lower row naming it and ``year``.

    A title may stand above a clerk's table, on any sheet, hidden or not; not on a survey's own
    sheets, whose printed form and lists name the fields (:data:`_SURVEY_ROLES`).
    """
    from .readback import sheet_role

    if rows and "village_id" in _column_ids(rows[0]):
        return 0
    return None if sheet_role(name) in _SURVEY_ROLES else _header_at(rows, {"village_id", "year"})


#: The mark ``template`` writes in the workbook's properties (its category): a survey, whatever its sheets' names.
TEMPLATE_MARK = "villagescore survey template"
#: The mark every report workbook villagescore writes carries there: an output, replaced by the next run's.
REPORT_MARK = "villagescore report"
#: The roles of the sheets only a survey workbook has (a dataset workbook may have a ``data`` sheet alone).
_SURVEY_ROLES = ("instructions", "form", "metadata", "dataset", "lists")


def survey_workbook(path: Path) -> bool:
    """Whether ``path`` is a workbook made by ``villagescore template``, filled in or not.

    Known by a sheet of the survey's own (instructions, printable form, metadata, dataset,
    lists) named in either language, or by the mark :data:`TEMPLATE_MARK` in its properties
    (every sheet renamed). A file that is not a readable workbook is not one.
    """
    import zipfile

    from .datasets.workbook import workbook_sheets

    try:
        with zipfile.ZipFile(path) as archive:
            names = [sheet.name for sheet in workbook_sheets(archive)]  # the names only: no sheet is read
        return _survey_sheets(names) or _mark(path) == TEMPLATE_MARK
    except Exception:  # noqa: BLE001 - not a readable workbook
        return False


def _survey_sheets(names: list[str]) -> bool:
    from .readback import sheet_role

    return any(sheet_role(name) in _SURVEY_ROLES for name in names)


def _mark(path: Path) -> str | None:
    """The category in the workbook's properties (``docProps/core.xml``, a few hundred bytes): a mark, or ``None``.

    :data:`TEMPLATE_MARK` or :data:`REPORT_MARK` when villagescore wrote the workbook.
    """
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive_mark(archive)


def archive_mark(archive: Any) -> str | None:
    """:func:`_mark` of an open :class:`zipfile.ZipFile`."""
    import html

    if "docProps/core.xml" not in archive.namelist():
        return None
    core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    found = re.search(r"<(?:\w+:)?category>(.*?)</(?:\w+:)?category>", core, re.S)
    return None if found is None else html.unescape(found.group(1)).strip()


def _any_value(rows: Any) -> bool:
    return any(c is not None and str(c).strip() for row in rows for c in row)


def unfilled_template(path: Path, template: bytes) -> bool:
    """Whether ``path`` is proven to be ``template`` (the bytes ``villagescore template`` writes), nothing typed in.

    Every sheet, in order and by name, holds in every cell the value ``template`` has there:
    a cell typed into anywhere (a row, a source, the dataset's description, an answer on the
    printable form, the hidden lists), a sheet renamed or added, a template of another
    framework, sector choice, language or version is not proven, nor is a workbook that cannot
    be read (password-protected, damaged, not a workbook). Cells are compared by value: a
    template opened and saved again without typing stays proven.
    """
    try:
        if path.stat().st_size > 4 * len(template) + (1 << 16):  # far larger than the template: typed into
            return False
        return _cell_values(path) == _cell_values(template)
    except Exception:  # noqa: BLE001 - not readable: not proven
        return False


def _cell_values(source: Path | bytes) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Each sheet's name and the values of its rows, trailing empty cells and rows left out."""
    wb = _open_workbook(source)
    try:
        sheets = []
        for ws in wb.worksheets:
            rows = [tuple(_cell(v) for v in row) for row in ws.iter_rows(values_only=True)]
            rows = [row[:_last_value(row)] for row in rows]
            while rows and not rows[-1]:
                rows.pop()
            sheets.append((ws.title, rows))
        return sheets
    finally:
        wb.close()


def _cell(value: Any) -> Any:
    """A cell's value as compared: an empty text is an empty cell, a whole float the integer it is."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _last_value(row: tuple[Any, ...]) -> int:
    """The length of ``row`` without its trailing empty cells."""
    n = len(row)
    while n and row[n - 1] is None:
        n -= 1
    return n
