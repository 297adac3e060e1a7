"""Read village datasets (CSV, XLSX, JSON) and validate them column by column.

A dataset has one row per village and year: identity columns (``village_id``, ``name``,
``commune``, ``province``, ``sectors``, ``year``; optionally ``former_district``,
``former_province``, ``former_commune``), then one column per registered field. Extra
columns are allowed only with the prefix ``x_`` (kept, never scored). Metadata lives
beside the data: ``NAME.meta.json`` next to ``NAME.csv``, the ``metadata`` and
``dataset`` sheets of a workbook, or the ``metadata`` object of a JSON dataset.

Validation is generated from the registered fields and runs on whole columns; it
collects *every* problem of a file (row, village, column, value, rule, allowed values)
before it reports. Nothing is coerced silently: a cell that is not empty and cannot be
read as its field's type is a problem, never a missing value (a TRUE/FALSE cell in a number
column included). Rows are numbered as in a spreadsheet: the header is row 1, the row under
it row 2; rows with no value at all (blank lines, empty sheet rows, ``,,,`` rows) are skipped
but keep their place in the numbering.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import math
import re
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import DatasetError, DocumentError, PluginError, Problem, UnknownIdError, VillageScoreError
from .parsing import check_depth, load_document, read_limited

__all__ = [
    "IDENTITY_COLUMNS",
    "REQUIRED_IDENTITY",
    "OPTIONAL_IDENTITY",
    "EXTRA_PREFIX",
    "BOOLEAN_WORDS",
    "ReadOptions",
    "CSV_LOCALES",
    "PERCENT_SCALES",
    "RawDataset",
    "Dataset",
    "read_raw",
    "read_csv",
    "read_xlsx",
    "read_json",
    "validate",
    "read_dataset",
    "metadata_path_for",
    "split_sectors",
    "metadata_problems",
]

REQUIRED_IDENTITY = ("village_id", "name", "commune", "province", "sectors", "year")
OPTIONAL_IDENTITY = ("former_commune", "former_district", "former_province")
IDENTITY_COLUMNS = REQUIRED_IDENTITY + OPTIONAL_IDENTITY
EXTRA_PREFIX = "x_"
#: Words read as yes (1) and no (0) in boolean fields, case-insensitive.
BOOLEAN_WORDS = {
    "1": 1.0, "0": 0.0, "1.0": 1.0, "0.0": 0.0, "true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0,
    "có": 1.0, "không": 0.0, "co": 1.0, "khong": 0.0,
}
MAX_DATASET_BYTES = 1024 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_METADATA_BYTES = 256 * 1024 * 1024
#: Identity cells (names, communes …) longer than this are refused: a pasted block of text, not a name.
MAX_IDENTITY_CHARS = 1000
#: Number formats of CSV files: ``default`` (',' between columns, '.' decimals) or ``vi`` (Vietnamese
#: regional settings: ';' between columns, ',' decimals, '.' between groups of three digits).
CSV_LOCALES = ("default", "vi")
#: How percentage columns (unit ``%``) are read: ``auto`` refuses a column that looks like fractions
#: (0.45 for 45 %), ``percent`` takes the values as they are, ``fraction`` multiplies them by 100.
PERCENT_SCALES = ("auto", "percent", "fraction")
#: Sheets of a workbook that are never the data sheet (compared case-insensitively).
AUX_SHEETS = ("metadata", "dataset", "instructions", "lists", "form")
_VILLAGE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_CONTROL_RX = re.compile(_CONTROL)
_SLUG_LINES = re.compile(r"(?:[a-z0-9][a-z0-9._-]*\n)*[a-z0-9][a-z0-9._-]*")
_YEAR_RANGE = (1900, 2100)


@dataclass(frozen=True)
class ReadOptions:
    """How to read what a file leaves implicit (the ``--csv-locale`` and ``--percent-scale`` options).

    ``csv_locale`` is one of :data:`CSV_LOCALES`; with ``vi``, text cells of any format are read
    as Vietnamese numbers (``1.234,5``). ``percent_scale`` is one of :data:`PERCENT_SCALES`;
    a column's ``scale`` in the metadata takes precedence.
    """

    csv_locale: str = "default"
    percent_scale: str = "auto"

    def __post_init__(self) -> None:
        if self.csv_locale not in CSV_LOCALES:
            msg = f"unknown CSV locale {self.csv_locale!r}; choose one of: {', '.join(CSV_LOCALES)}"
            raise VillageScoreError(msg)
        if self.percent_scale not in PERCENT_SCALES:
            msg = f"unknown percent scale {self.percent_scale!r}; choose one of: {', '.join(PERCENT_SCALES)}"
            raise VillageScoreError(msg)


@dataclass
class RawDataset:
    """A dataset as read from its file, before validation.

    ``percent_cells`` maps a column to the frame index labels of its cells that a workbook
    formats as percentages (the cell holds 0.45 and shows 45 %); ``notes`` are things the user
    should know about how the file was read (which sheet, hidden sheets skipped).
    """

    frame: pd.DataFrame
    path: str
    sha256: str
    metadata: dict[str, Any] | None = None
    metadata_sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    percent_cells: dict[str, list[int]] = field(default_factory=dict)
    options: ReadOptions = field(default_factory=ReadOptions)


@dataclass
class Dataset:
    """A validated dataset: typed columns, metadata, provenance hashes."""

    frame: pd.DataFrame
    path: str
    sha256: str
    metadata: dict[str, Any] | None = None
    metadata_sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)  # rows dropped by keep_going
    notes: list[str] = field(default_factory=list)  # how the file was read (RawDataset.notes)

    @property
    def kind(self) -> str:
        """``real``, ``real-shaped``, ``illustrative``, ``synthetic`` or ``unknown``."""
        return ((self.metadata or {}).get("dataset") or {}).get("kind", "unknown")


def metadata_path_for(path: Path) -> Path:
    """Return the sidecar metadata path of a data file: ``NAME.meta.json``."""
    return path.with_name(path.stem + ".meta.json")


def _fail(name: str, message: str, where: str = "") -> DatasetError:
    return DatasetError([Problem(name, where, message)])


def _read_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(name, f"cannot read the file: {exc.strerror or exc}") from None
    if size > MAX_DATASET_BYTES:
        raise _fail(name, f"the file is {size:,} bytes; datasets are limited to {MAX_DATASET_BYTES:,}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _fail(name, f"cannot read the file: {exc.strerror or exc}") from None


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _read_sidecar(path: Path) -> tuple[dict[str, Any] | None, str | None, list[Problem]]:
    meta_path = metadata_path_for(path)
    if not meta_path.is_file():
        return None, None, []
    name = str(meta_path)
    try:
        data = read_limited(meta_path, name=name, max_bytes=MAX_METADATA_BYTES, label="metadata files")
        meta = load_document(data, name=name, kind="json", max_bytes=MAX_METADATA_BYTES, label="metadata files")
    except DocumentError as exc:
        hint = f"it is the metadata of {path.name}: fix it or remove it"
        return None, None, [_with_hint(p, hint) for p in exc.problems]
    return _nfc_tree(meta), hashlib.sha256(data).hexdigest(), metadata_problems(meta, name)


def _with_hint(problem: Problem, hint: str) -> Problem:
    return Problem(problem.file, problem.where, f"{problem.message}; {hint}")


def _nfc_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {_nfc(k): _nfc_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc_tree(v) for v in value]
    return _nfc(value)


def metadata_problems(meta: Any, name: str) -> list[Problem]:
    """Check dataset metadata against ``dataset-metadata.schema.json``; return every problem found."""
    from villagescore import schemas

    problems = []
    for err in schemas.validator("dataset-metadata").iter_errors(meta):
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
        problems.append(Problem(name, where, err.message))
    if isinstance(meta, dict):
        ds = meta.get("dataset") or {}
        if ds.get("kind") == "synthetic" and "synthetic" not in str(ds.get("id", "")):
            problems.append(Problem(name, "$.dataset.id", "a synthetic dataset must say so in its id"))
    return problems


def read_csv(path: str | Path, *, locale: str = "default") -> RawDataset:
    """Read a UTF-8 CSV (with or without BOM), header in row 1.

    With ``locale="default"`` the file is comma-separated with '.' decimals; with ``"vi"``
    (a CSV saved with Vietnamese regional settings) it is ';'-separated, every cell is read as
    text and numbers are read in validation as ``1.234,5``. A number that is ambiguous in the
    default locale (``7.000``: 7 or 7000?) is kept as text so that validation refuses it.
    """
    path = Path(path)
    name = str(path)
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = (f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); "
               "save it as 'CSV UTF-8' (Excel) or convert it to UTF-8")
        raise _fail(name, msg, f"row {line}") from None
    if not text.strip():
        raise _fail(name, "the file is empty: expected a header row and one row per village-year")
    header = text.splitlines()[0]
    sep = _separator(header, name, locale)
    frame = _parse_csv(text, name, sep, locale)
    names = _header_cells(header, sep)
    if names is not None and len(names) == len(frame.columns):  # pandas renames a repeated 'a' to 'a.1': undo it
        frame.columns = names
    if locale == "default":
        frame = _keep_ambiguous_numbers_as_text(text, frame, sep, name)
    frame = _tidy_columns(_drop_empty_rows(frame))
    meta, meta_sha, problems = _read_sidecar(path)
    return RawDataset(frame, name, digest, meta, meta_sha, problems)


def _separator(header: str, name: str, locale: str) -> str:
    """The column separator for ``locale``; refuse a header that is clearly separated otherwise."""
    if locale == "vi":
        if ";" not in header and "," in header:
            msg = ("--csv-locale vi reads files with ';' between columns, but this header is separated by commas; "
                   "leave the option out for comma-separated files")
            raise _fail(name, msg, "row 1")
        return ";"
    if "," not in header:
        for sep, label in ((";", "semicolons"), ("\t", "tabs")):
            if sep in header:
                msg = f"the header is separated by {label}; villagescore reads comma-separated files"
                if sep == ";":
                    msg += (" (for a CSV saved with Vietnamese regional settings — ';' between columns, "
                            "',' for decimals — use --csv-locale vi)")
                raise _fail(name, msg, "row 1")
    return ","


def _parse_csv(text: str, name: str, sep: str, locale: str) -> pd.DataFrame:
    import warnings

    dtype: Any = str if locale == "vi" else {c: str for c in IDENTITY_COLUMNS}
    try:
        with warnings.catch_warnings():
            # index_col=False: a first row with one field too many must not silently become the index
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                io.StringIO(text), sep=sep, dtype=dtype, keep_default_na=False, na_values=[""],
                skip_blank_lines=False, encoding_errors="strict", index_col=False,
            )
    except pd.errors.ParserWarning:
        raise _fail(name, *_too_many_fields(text, sep)) from None
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise _fail(name, f"the CSV is malformed: {str(exc).strip()}",
                    f"row {line.group(1)}" if line else "") from None
    except pd.errors.EmptyDataError:
        raise _fail(name, "the file has no header row") from None


def _header_cells(header: str, sep: str) -> list[str] | None:
    """The header's cells as written (``None`` when the csv module cannot read the line)."""
    try:
        with _csv_field_limit(len(header)):
            return next(csv.reader([header], delimiter=sep))
    except (csv.Error, StopIteration):
        return None


@contextlib.contextmanager
def _csv_field_limit(size: int) -> Iterator[None]:
    """Let the csv module read fields up to ``size`` characters (its default limit is 131,072)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, min(size + 1, sys.maxsize)))
    try:
        yield
    finally:
        csv.field_size_limit(old)


#: '.' between groups of three digits: 7.000 is 7 with a decimal point, or 7000 with a thousands separator.
_DOT_GROUPS = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_DOT_GROUPS_IN_TEXT = re.compile(r"(?<![\w.])[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?![\w.])")


def _keep_ambiguous_numbers_as_text(text: str, frame: pd.DataFrame, sep: str, name: str) -> pd.DataFrame:
    """Put back the text of cells like ``7.000`` that pandas read as a number, so validation can refuse them.

    One regex search over the file; only when it finds such a number is the file read again
    cell by cell (the index of the frame is the record's position under the header).
    """
    if _DOT_GROUPS_IN_TEXT.search(text) is None:
        return frame
    found: dict[int, list[tuple[int, str]]] = {}
    rows = csv.reader(io.StringIO(text), delimiter=sep)
    k = 0
    try:
        with _csv_field_limit(len(text)):
            next(rows)
            for k, row in enumerate(rows):
                for j, cell in enumerate(row[: frame.shape[1]]):
                    if _DOT_GROUPS.fullmatch(cell.strip()):
                        found.setdefault(j, []).append((k, cell.strip()))
    except csv.Error as exc:
        raise _fail(name, f"the CSV cannot be read near this row ({exc}); check the row in a text editor",
                    f"row {k + 3}") from None
    for j, cells in found.items():
        if frame.columns[j] in IDENTITY_COLUMNS or frame.iloc[:, j].dtype == object:
            continue  # already text
        column = frame.iloc[:, j].astype(object)
        for k, cell in cells:
            if k < len(column):
                column.iat[k] = cell
        frame.isetitem(j, column)
    return frame


def _too_many_fields(text: str, sep: str = ",") -> tuple[str, str]:
    """Return ``(message, where)`` for the first row longer than the header (slow path, errors only)."""
    rows = csv.reader(io.StringIO(text), delimiter=sep)
    number = 1
    width = 0
    try:
        with _csv_field_limit(len(text)):
            width = len(next(rows))
            for number, row in enumerate(rows, start=2):
                if len(row) > width:
                    msg = f"the row has {len(row)} fields but the header has {width} (a stray comma?)"
                    return msg, f"row {number}"
    except csv.Error as exc:
        msg = (f"the CSV cannot be read near this row ({exc}); a cell may be far too long or a quote "
               "may be missing: check the row in a text editor")
        return msg, f"row {number + 1}"
    return f"a row has more fields than the header ({width})", ""


def _drop_empty_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop rows with no value at all (blank lines, ``,,,`` rows, empty sheet rows).

    The index keeps each row's position in the file (0 = the first row under the header),
    so problems are reported with the row number a spreadsheet shows.
    """
    if frame.shape[1] == 0:
        return frame
    maybe = frame.iloc[:, 0].isna().to_numpy()  # an empty row is empty in its first cell: check those only
    if not maybe.any():
        return frame
    empty = np.zeros(len(frame), dtype=bool)
    empty[maybe] = frame.iloc[maybe].isna().all(axis=1).to_numpy()
    return frame[~empty] if empty.any() else frame


def _tidy_columns(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [_nfc(str(c)).strip() for c in frame.columns]
    for i in range(frame.shape[1]):  # by position: a repeated column name must not break this
        series = frame.iloc[:, i]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            frame.isetitem(i, series.map(_nfc_strip, na_action="ignore"))
    return frame


def _nfc_strip(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        return value if value else np.nan
    return value


_BROKEN_ZIP = (KeyError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


@dataclass
class _Sheet:
    """One sheet of a workbook, as ``xl/workbook.xml`` lists it."""

    name: str
    target: str
    hidden: bool


@dataclass
class _Workbook:
    """What the zip archive says about a workbook before any cell is read."""

    data_sheet: _Sheet
    aux: dict[str, str]  # "metadata"/"dataset" -> the visible sheet's name
    problems: list[Problem]
    percent_refs: list[tuple[int, int]]  # (sheet row, column number), both 1-based
    notes: list[str]


def _inspect_xlsx(path: Path, data: bytes) -> _Workbook:
    """Refuse zip bombs and non-workbooks; pick the data sheet; find formula, merged and percent cells."""
    name = str(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _fail(name, "not an XLSX workbook (not a zip archive); save the file as .xlsx") from None
    with archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_XLSX_UNCOMPRESSED:
            raise _fail(name, f"the workbook unpacks to {total:,} bytes (limit {MAX_XLSX_UNCOMPRESSED:,}); "
                              "refusing to open it")
        if "xl/workbook.xml" not in {i.filename for i in infos}:
            raise _fail(name, "not an XLSX workbook (no xl/workbook.xml); save the file as .xlsx")
        try:
            sheets = _workbook_sheets(archive)
            sheet, notes = _choose_data_sheet(sheets, name)
            xml = archive.read(sheet.target).decode("utf-8", "replace")
            problems = _cell_problems(name, sheet.name, xml)
            percent = _percent_refs(xml, _percent_styles(archive))
        except _BROKEN_ZIP as exc:
            # a damaged archive (BadZipFile, zlib.error, EOFError), a missing part (KeyError), an
            # encrypted member (RuntimeError) or an unsupported compression method
            # (NotImplementedError, as zipfile raises it): say so, never a traceback
            msg = f"not a readable XLSX workbook ({type(exc).__name__}: {exc}); save the file again as .xlsx"
            raise _fail(name, msg) from None
    aux: dict[str, str] = {}
    for s in sheets:
        key = _sheet_key(s.name)
        if key in ("metadata", "dataset") and key not in aux:
            if s.hidden:
                notes.append(f"hidden sheet {s.name!r} was not read: unhide it to use its metadata")
            else:
                aux[key] = s.name
    return _Workbook(sheet, aux, problems, percent, notes)


def _cell_problems(name: str, sheet: str, xml: str) -> list[Problem]:
    """Formula and merged cells of the data sheet (each named by its cell reference)."""
    problems = []
    for ref in re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f[ >]', xml)[:1000]:
        problems.append(Problem(name, f"sheet {sheet!r} cell {ref}", "formula cells are not allowed "
                                "in the data sheet: paste the values instead", rule="formula"))
    for ref in re.findall(r'<mergeCell ref="([A-Z0-9:]+)"', xml):
        problems.append(Problem(name, f"sheet {sheet!r} cells {ref}", "merged cells are not "
                                "allowed in the data sheet: unmerge them", rule="merged"))
    return problems


def _attr(attrs: str, key: str) -> str | None:
    found = re.search(rf'(?:^|\s){re.escape(key)}="([^"]*)"', attrs)
    return None if found is None else found.group(1)


def _workbook_sheets(archive: zipfile.ZipFile) -> list[_Sheet]:
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
        out.append(_Sheet(html.unescape(sheet), target, (_attr(attrs, "state") or "visible") != "visible"))
    return out


def _sheet_key(name: str) -> str:
    """A sheet's role when it has a survey sheet name in either language (``Số liệu`` → ``data``), else its name."""
    from .readback import sheet_role

    return sheet_role(name) or name.strip().casefold()


def _choose_data_sheet(sheets: list[_Sheet], name: str) -> tuple[_Sheet, list[str]]:
    """The visible sheet named ``data`` (any case), or the only visible sheet that is not metadata.

    Hidden sheets are never read. Returns the sheet and notes that say which sheet was read.
    """
    visible = [s for s in sheets if not s.hidden]
    hidden = [s.name for s in sheets if s.hidden and _sheet_key(s.name) not in AUX_SHEETS]
    notes = [f"hidden sheet(s) {', '.join(map(repr, hidden))} not read"] if hidden else []
    named = [s for s in visible if _sheet_key(s.name) == "data"]
    others = [s for s in visible if _sheet_key(s.name) not in AUX_SHEETS]
    if named:
        chosen = named[0]
    elif len(others) == 1:
        chosen = others[0]
    elif not others:
        what = (f"the only sheets with data are hidden ({', '.join(map(repr, hidden))}): unhide the sheet to score"
                if hidden else "the workbook has no sheet with data")
        raise _fail(name, f"{what}; the data sheet should be named 'data'")
    else:
        listed = ", ".join(repr(s.name) for s in others)
        raise _fail(name, f"the workbook has several sheets ({listed}) and none is named 'data': rename the sheet "
                          "to score to 'data' (the others are not read), or save it as a workbook of its own")
    from .template import SHEET_NAMES

    if chosen.name not in SHEET_NAMES["data"].values():  # 'data', or the survey's 'Số liệu': no note needed
        notes.insert(0, f"read sheet {chosen.name!r}")
    return chosen, notes


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
    """(row, column) of the data sheet's cells that have a percent format, both 1-based."""
    if not styles:
        return []
    out = []
    wanted = "|".join(str(s) for s in sorted(styles))
    for attrs in re.findall(rf'<c\b([^>]*\bs="(?:{wanted})"[^>]*)>', xml):
        ref = re.search(r'\br="([A-Z]+)([0-9]+)"', attrs)
        if ref is not None:
            out.append((int(ref.group(2)), _column_number(ref.group(1))))
    return out


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _column_letters(number: int) -> str:
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def read_xlsx(path: str | Path) -> RawDataset:
    """Read a workbook: its data sheet, plus optional ``metadata``/``dataset`` sheets.

    The data sheet is the visible sheet named ``data`` (in any case), or else the only visible
    sheet that is not a metadata sheet; hidden sheets are never read, and the notes say which
    sheet was read. Cells that Excel formats as percentages are recorded in ``percent_cells``
    (validation reads 0.45 shown as 45 % as 45 in a percentage field).
    """
    path = Path(path)
    name = str(path)
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    book = _inspect_xlsx(path, data)
    data_sheet = book.data_sheet.name
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=[data_sheet, *book.aux.values()], engine="calamine",
                               dtype=object)
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise _fail(name, f"cannot read the workbook: {exc}") from None
    frame = sheets[data_sheet]
    if frame.shape[1] == 0:
        msg = f"the sheet {data_sheet!r} is empty: expected the column names in row 1 and one row per village-year"
        raise _fail(name, msg, "row 1")
    if _renamed_repeats(frame.columns):
        try:
            first = pd.read_excel(io.BytesIO(data), sheet_name=data_sheet, engine="calamine", dtype=object,
                                  header=None, nrows=1)
        except Exception as exc:  # pragma: no cover - the same workbook was just read
            raise _fail(name, f"cannot read the workbook: {exc}") from None
        frame.columns = _header_as_written(frame.columns, first.iloc[0].tolist() if len(first) else [])
    # the frame starts at cell A1 with the header: sheet row r is index r - 2, column c is position c - 1
    positions = [(row - 2, col - 1) for row, col in book.percent_refs if row >= 2 and 1 <= col <= frame.shape[1]]
    frame = _tidy_columns(_drop_empty_rows(frame))
    for i, col in enumerate(frame.columns):  # by position: a repeated column name must not break this
        if col in IDENTITY_COLUMNS:
            frame.isetitem(i, frame.iloc[:, i].map(_identity_text, na_action="ignore"))
    percent: dict[str, list[int]] = {}
    for label, j in positions:
        percent.setdefault(frame.columns[j], []).append(label)
    problems = list(book.problems)
    if book.aux:
        from .readback import normalise_dataset_sheet, normalise_metadata_sheet  # survey labels → codes

        meta, twice = _metadata_from_sheets(normalise_dataset_sheet(sheets.get(book.aux.get("dataset", ""))),
                                            normalise_metadata_sheet(sheets.get(book.aux.get("metadata", ""))), name)
        problems += twice
        meta_sha = hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        problems += metadata_problems(meta, f"{name} (metadata sheets)")
    else:
        meta, meta_sha, side = _read_sidecar(path)
        problems += side
    return RawDataset(frame, name, digest, meta, meta_sha, problems, list(book.notes), percent)


_RENAMED = re.compile(r"(.*)\.[0-9]+", re.DOTALL)


def _renamed_repeats(columns: pd.Index) -> bool:
    """True when pandas may have renamed a repeated header ``a`` to ``a.1`` (``a`` is also a column)."""
    names = {str(c) for c in columns}
    return any((m := _RENAMED.fullmatch(str(c))) is not None and m.group(1) in names for c in columns)


def _header_as_written(columns: pd.Index, first_row: list[Any]) -> list[Any]:
    """The header cells as the sheet has them (a repeated name stays repeated); empty cells keep pandas' name."""
    if len(first_row) != len(columns):
        return list(columns)
    return [col if pd.isna(raw) else raw for col, raw in zip(columns, first_row, strict=True)]


def read_json(path: str | Path) -> RawDataset:
    """Read a JSON dataset: an array of village rows, or ``{"villages": [...], "metadata": {...}}``.

    Each row is an object whose keys are the column names of the CSV form; ``sectors`` may be
    a list of sector ids. Without an inline ``metadata`` object the sidecar
    ``NAME.meta.json`` is read, as for CSV. Parsing is strict
    (:func:`villagescore.parsing.load_document`): duplicate keys and bare NaN/Infinity are refused.
    """
    path = Path(path)
    name = str(path)
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        doc = load_document(data, name=name, kind="json", max_bytes=MAX_DATASET_BYTES, max_depth=None,
                            label="datasets")
    except DocumentError as exc:
        raise DatasetError(exc.problems) from None
    meta = None
    if isinstance(doc, dict) and "provenance" in doc:
        raise _fail(name, "this is a result file (villagescore evaluate --format json), not a dataset; "
                          "compare results with `villagescore compare`", "$")
    if isinstance(doc, dict) and isinstance(doc.get("villages"), list):
        records, meta = doc["villages"], doc.get("metadata")
    elif isinstance(doc, list):
        records = doc
    else:
        raise _fail(name, "a JSON dataset is an array of village rows, or an object with 'villages' (an array) "
                          "and optional 'metadata'", "$")
    frame = _json_frame(records, name)
    if meta is not None:
        try:
            check_depth(meta, name=f"{name} (metadata)")
        except DocumentError as exc:
            raise DatasetError(exc.problems) from None
        meta = _nfc_tree(meta)
        meta_sha = hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        side = metadata_problems(meta, f"{name} (metadata)")
    else:
        meta, meta_sha, side = _read_sidecar(path)
    return RawDataset(frame, name, digest, meta, meta_sha, side)


def _json_frame(records: list[Any], name: str) -> pd.DataFrame:
    """The rows of a JSON dataset as a frame; cells that are lists or objects are refused."""
    problems = []
    rows = []
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            problems.append(Problem(name, f"$[{i}]", f"a village row must be an object, not {type(record).__name__}"))
            continue
        row = {}
        for key, value in record.items():
            if key == "sectors" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = ";".join(value)
            elif isinstance(value, (list, dict)):
                problems.append(Problem(name, f"$[{i}].{key}", "a cell must be a number, text, true/false or null",
                                        column=str(key)))
                value = None
            row[_nfc(str(key))] = _nfc(value)
        rows.append(row)
    if problems:
        raise DatasetError(problems)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    frame = pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    frame = _tidy_columns(frame.astype(object).where(frame.notna(), None))
    for col in IDENTITY_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].map(_identity_text, na_action="ignore")
    return frame


def _identity_text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _metadata_from_sheets(dataset_sheet: pd.DataFrame | None, columns_sheet: pd.DataFrame | None,
                          name: str = "") -> tuple[dict, list[Problem]]:
    """The metadata of a workbook's ``dataset`` and ``metadata`` sheets, and the keys given twice.

    A key (``id`` …) or a column described on two rows is refused, as a duplicate key is in
    JSON and YAML: which of the two would count is a guess.
    """
    meta: dict[str, Any] = {"dataset": {}, "columns": {}}
    problems: list[Problem] = []
    if dataset_sheet is not None and len(dataset_sheet.columns) >= 2:
        keys = [str(k).strip() for k, v in zip(dataset_sheet.iloc[:, 0], dataset_sheet.iloc[:, 1], strict=True)
                if isinstance(k, str) and pd.notna(v)]
        problems += [Problem(f"{name} (sheet 'dataset')", f"key {k!r}", "is given on two rows; keep one",
                             rule="duplicate_key") for k in sorted({k for k in keys if keys.count(k) > 1})]
        kv = {str(k).strip(): v for k, v in zip(dataset_sheet.iloc[:, 0], dataset_sheet.iloc[:, 1], strict=True)
              if isinstance(k, str) and pd.notna(v)}
        ds = meta["dataset"]
        for key in ("id", "kind", "description", "license"):
            if key in kv:
                ds[key] = _nfc(str(kv[key]))
        if "title_vi" in kv or "title_en" in kv:
            ds["title"] = {"vi": _nfc(str(kv.get("title_vi", ""))), "en": _nfc(str(kv.get("title_en", "")))}
    if columns_sheet is not None and "column" in columns_sheet.columns:
        for row in columns_sheet.to_dict("records"):
            col = row.get("column")
            if not isinstance(col, str) or not col.strip():
                continue
            entry = {k: _nfc(str(row[k]).strip()) for k in ("source", "quality", "note", "scale")
                     if k in row and pd.notna(row[k]) and str(row[k]).strip()}
            key = _nfc(col.strip())
            if key in meta["columns"]:
                problems.append(Problem(f"{name} (sheet 'metadata')", f"column {key!r}",
                                        "is described on two rows; keep one", rule="duplicate_key"))
            meta["columns"][key] = entry
    return meta, problems


def read_raw(path: str | Path, registry: Any, options: ReadOptions | None = None) -> RawDataset:
    """Read a dataset with the reader registered for its suffix.

    The built-in readers get ``options`` (the CSV locale); a plugin's reader gets the path
    only. The options are recorded on the result for :func:`validate`. A built-in reader that
    fails unexpectedly gives a :class:`DatasetError` naming the file; a plugin's reader that
    fails (even with ``SystemExit``) gives a :class:`PluginError` naming the reader and plugin.
    """
    from .errors import FATAL
    from .plugins import BUILTIN_PLUGIN_NAME

    path = Path(path)
    options = options or ReadOptions()
    try:
        reader = registry.reader_for(path.suffix or "<none>")
    except UnknownIdError as exc:
        raise _fail(str(path), str(exc)) from None
    builtin = reader.plugin == BUILTIN_PLUGIN_NAME
    try:
        raw = reader.read(path, options) if builtin else reader.read(path)
    except (VillageScoreError, *FATAL):
        raise
    except BaseException as exc:  # a reader broke: name the file (and the plugin), no traceback
        if builtin:
            msg = (f"cannot read the file ({type(exc).__name__}: {exc}); check that it is a valid "
                   f"{reader.name.upper()} file, and please report this message if it is")
            raise _fail(str(path), msg) from exc
        msg = (f"reader {reader.name!r} of plugin {reader.plugin!r} failed on {path}: "
               f"{type(exc).__name__}: {exc}")
        raise PluginError(msg) from exc
    raw.options = options
    return raw


# ---- validation ----


class _Collector:
    """Collects problems as column-wise batches, rows numbered as in a spreadsheet.

    The built-in readers keep each row's position under the header as the frame's index
    (empty rows are dropped, not renumbered), so row = index + 2; a frame with another
    kind of index (a plugin's reader) is numbered by position.
    """

    def __init__(self, name: str, frame: pd.DataFrame) -> None:
        self.name = name
        self.frame = frame
        self.problems: list[Problem] = []
        self.bad_rows: set[int] = set()
        self.column_level = False  # a problem that concerns a whole column (keep_going cannot drop rows for it)
        columns = list(frame.columns)
        ids = frame.iloc[:, columns.index("village_id")] if "village_id" in columns else pd.Series([""] * len(frame))
        self.ids = ids.astype(object).fillna("").astype(str).to_numpy()
        index = frame.index
        numbered = (pd.api.types.is_integer_dtype(index.dtype) and index.is_unique
                    and (len(index) == 0 or index.min() >= 0))
        self.rows = (index.to_numpy(dtype=np.int64) if numbered else np.arange(len(frame))) + 2

    def cells(self, mask: np.ndarray, column: str, values: Iterable[Any], rule: str, message: str,
              allowed: str = "") -> None:
        positions = np.flatnonzero(mask)
        if positions.size == 0:
            return
        if isinstance(values, np.ndarray):
            picked = values[positions]
        elif hasattr(values, "iloc"):  # a Series: take only the flagged cells, not the whole column
            picked = values.iloc[positions].to_numpy(dtype=object)
        else:
            picked = np.asarray(list(values), dtype=object)[positions]
        for pos, value in zip(positions.tolist(), picked, strict=True):
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, str) and len(value) > 80:  # a pasted block of text: show its start
                value = f"{value[:40]}… ({len(value):,} characters)"
            elif isinstance(value, int) and abs(value) >= 10**30:
                value = f"an integer of {_digits(value)} digits"
            if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
                value = int(value)
            elif value is not None and not isinstance(value, str) and pd.isna(value):
                value = None  # an empty cell: shown as no value, not 'nan'
            self.problems.append(Problem(
                self.name, f"row {self.rows[pos]}", message, column=column, value=value, rule=rule,
                village_id=self.ids[pos], allowed=allowed,
            ))
        self.bad_rows.update(positions.tolist())

    def file(self, message: str, where: str = "", rule: str = "", column: str = "") -> None:
        self.problems.append(Problem(self.name, where, message, column=column, rule=rule))

    def column(self, message: str, column: str, rule: str) -> None:
        """A problem with a whole column (e.g. percentages written as fractions)."""
        self.column_level = True
        self.file(message, "", rule, column)


def _digits(value: int) -> str:
    try:
        return f"{len(str(abs(value))):,}"
    except ValueError:  # more digits than Python converts to text
        return f"about {int(abs(value).bit_length() * math.log10(2)):,}"


def _is_blank(series: pd.Series) -> np.ndarray:
    return series.isna().to_numpy()


def _numeric(series: pd.Series, locale: str = "default") -> tuple[np.ndarray, np.ndarray]:
    """Return (float values, mask of non-empty cells that are not finite numbers).

    A boolean cell (``TRUE``/``FALSE`` read by pandas, a workbook's logical cell) is not a
    number: it is flagged, never read as 1 or 0. With ``locale="vi"`` text cells are read as
    Vietnamese numbers (``1.234,5``); any other text is not a number. An integer too large for
    a float is infinite (flagged).
    """
    if pd.api.types.is_bool_dtype(series.dtype):
        blank = series.isna().to_numpy()
        return np.full(len(series), np.nan), ~blank
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        return values, ~np.isfinite(values) & ~series.isna().to_numpy()
    text = series.astype(object)
    blank = text.isna().to_numpy()
    if locale == "vi":
        text = _vi_numbers(text)
    values = _to_float(text)
    bad = ~blank & ~np.isfinite(values)
    ones = np.flatnonzero((values == 0) | (values == 1))  # where a True/False could hide: check those cells
    if ones.size:
        cells = text.to_numpy(dtype=object)[ones]
        logical = np.fromiter((isinstance(v, (bool, np.bool_)) for v in cells), dtype=bool, count=ones.size)
        if logical.any():
            values = values.copy()  # pandas may hand out a read-only array
            values[ones[logical]] = np.nan
            bad[ones[logical]] = True
    return values, bad


def _to_float(text: pd.Series) -> np.ndarray:
    """``pd.to_numeric`` with ``errors="coerce"``, and ±inf for integers too large for a float."""
    try:
        return pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    except (OverflowError, ValueError):  # a huge Python int among the cells: cell by cell (rare)
        return np.array([_cell_float(v) for v in text.to_numpy(dtype=object)], dtype=float)


def _cell_float(value: Any) -> float:
    if value is None or isinstance(value, (bool, np.bool_)):
        return math.nan
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


#: A number written with Vietnamese settings: '.' between groups of three digits, ',' before decimals.
_VI_NUMBER = r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?"


def _vi_numbers(text: pd.Series) -> pd.Series:
    """Text cells in the Vietnamese format turned into plain numbers; other text cells into None (flagged)."""
    cells = text.to_numpy(dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in cells), dtype=bool, count=len(cells))
    if not is_text.any():
        return text
    strings = pd.Series(cells[is_text], dtype=object).str.strip()
    good = strings.str.fullmatch(_VI_NUMBER).to_numpy(dtype=bool)
    plain = strings.str.replace(".", "", regex=False).str.replace(",", ".", regex=False).to_numpy(dtype=object)
    cells = cells.copy()
    cells[is_text] = np.where(good, plain, None)
    return pd.Series(cells, index=text.index, dtype=object)


def _number_problems(series: pd.Series, mask: np.ndarray, fld: Any, locale: str
                     ) -> list[tuple[np.ndarray, str, str]]:
    """Sort the cells of ``mask`` that are not numbers into ``(mask, rule, message)`` groups, most specific first.

    Numbers written with separators get a message saying how to write them (only the flagged
    cells are looked at).
    """
    positions = np.flatnonzero(mask)
    cells = series.to_numpy(dtype=object)[positions]
    try:  # each distinct cell is looked at once
        codes, uniques = pd.factorize(pd.Series(cells, dtype=object), use_na_sentinel=False)
    except TypeError:  # unhashable cells (a plugin reader's lists …): one by one
        codes, uniques = np.arange(len(cells)), cells
    hints = [_number_hint(u, fld, locale) for u in uniques]
    groups: dict[tuple[str, str], list[int]] = {}
    for code, hint in enumerate(hints):
        groups.setdefault(hint, []).append(code)
    out = []
    for (rule, message), which in groups.items():
        sub = np.zeros(len(mask), dtype=bool)
        sub[positions[np.isin(codes, which)]] = True
        out.append((sub, rule, message))
    return out


_COMMA_GROUPS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]*,[0-9]+")


_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _number_hint(cell: Any, fld: Any, locale: str) -> tuple[str, str]:
    kind = "not a number" if fld.type == "number" else "not a whole number"
    written = isinstance(cell, int) or (isinstance(cell, str) and _NUMBER_TEXT.fullmatch(cell.strip()) is not None)
    if written and math.isinf(_cell_float(cell)):
        return "too_large", f"{kind}: too large (beyond ±1.8e308)"
    if not isinstance(cell, str):
        return "type", kind
    text = cell.strip()
    if locale == "vi":
        return "locale", (f"{kind} in the Vietnamese format (--csv-locale vi): write decimals after a comma "
                          "(12,5) and put dots only between groups of three digits (1.234)")
    if _DOT_GROUPS.fullmatch(text) or _COMMA_GROUPS.fullmatch(text):
        sep = "." if "." in text else ","
        whole = text.replace(sep, "")
        part = text.replace(sep, ".") if sep == "," else text
        return "thousands", (f"ambiguous: '{sep}' separates thousands ({whole}) or decimals ({float(part):g}); "
                             f"write {whole} or {float(part):g} without a thousands separator (for a CSV saved with "
                             "Vietnamese regional settings use --csv-locale vi)")
    if _DECIMAL_COMMA.fullmatch(text):
        return "decimal_comma", (f"{kind}: a decimal comma; write {text.replace(',', '.')} with a point "
                                 "(or use --csv-locale vi for a CSV saved with Vietnamese regional settings)")
    if text.endswith("%") and fld.unit != "%":
        unit = f"in {fld.unit}" if fld.unit else "a plain number"
        return "percent", f"a percentage, but {fld.id!r} is {unit}: write the number without '%'"
    return "type", kind


def _has_text(series: pd.Series) -> bool:
    """Whether a column holds any text cell (one C-level type scan, no Python call per cell)."""
    return _text_kind(series) is not None


def _text_kind(series: pd.Series) -> str | None:
    """``"string"`` (every cell is text or empty), ``"mixed"`` (text among numbers) or ``None`` (no text)."""
    if isinstance(series.dtype, pd.StringDtype):
        return "string" if bool(series.notna().any()) else None
    if series.dtype != object:
        return None
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind == "string":
        return "string"
    return "mixed" if kind in ("mixed", "mixed-integer") else None


_TYPE = np.frompyfunc(type, 1, 1)


def _text_cells(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(positions, cells)`` of the text cells of a column (a C-level type test per cell at most)."""
    kind = _text_kind(series)
    if kind is None:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=object)
    cells = series.to_numpy(dtype=object)
    mask = ~series.isna().to_numpy() if kind == "string" else np.equal(_TYPE(cells), str).astype(bool)
    positions = np.flatnonzero(mask)
    return positions, cells[positions]


def _strip_percent_signs(series: pd.Series, positions: np.ndarray, text: np.ndarray
                         ) -> tuple[pd.Series, np.ndarray]:
    """``45%`` or ``45 %`` typed as text in a percentage column is 45 (a number typed as a percent).

    ``positions``/``text`` are the column's text cells (:func:`_text_cells`); returns the column
    and its text cells after the change.
    """
    if not len(text) or "%" not in "\n".join(text):
        return series, text
    signed = np.fromiter((v.rstrip().endswith("%") for v in text), dtype=bool, count=len(text))
    text = text.copy()
    text[signed] = [v.rstrip()[:-1].strip() for v in text[signed]]
    cells = series.to_numpy(dtype=object).copy()
    cells[positions] = text
    return pd.Series(cells, index=series.index, dtype=object), text


def _ambiguous_text(n: int, positions: np.ndarray, text: np.ndarray) -> np.ndarray:
    """Text cells like ``7.000`` (7 or 7000?) that a plain number parser would silently read as 7."""
    mask = np.zeros(n, dtype=bool)
    if not len(text) or _DOT_GROUPS_IN_TEXT.search("\n".join(text)) is None:
        return mask  # one scan of the column's text finds no such number
    found = np.fromiter((_DOT_GROUPS.fullmatch(v.strip()) is not None for v in text), dtype=bool, count=len(text))
    mask[positions[found]] = True
    return mask


def _describe_range(fld: Any) -> str:
    lo = "" if fld.minimum is None else f"{fld.minimum:g}"
    hi = "" if fld.maximum is None else f"{fld.maximum:g}"
    unit = f" {fld.unit}" if fld.unit else ""
    if lo and hi:
        return f"{lo} to {hi}{unit}"
    if lo:
        return f"at least {lo}{unit}"
    return f"at most {hi}{unit}"


def _joined_text(series: pd.Series) -> str:
    """The text cells of a column joined by newlines (for one regex scan of the whole column)."""
    cells = series.dropna().to_numpy(dtype=object)
    try:
        return "\n".join(cells)
    except TypeError:  # numbers among the cells: they hold no control character
        return "\n".join(v for v in cells if isinstance(v, str))


def _all_slugs(ids: np.ndarray) -> bool:
    """True when every id is a slug: one regex over the joined column instead of one per row."""
    if not all(isinstance(v, str) and "\n" not in v for v in ids):
        return False
    return _SLUG_LINES.fullmatch("\n".join(ids)) is not None


def split_sectors(series: pd.Series) -> pd.Series:
    """Split the ``sectors`` column (``weaving;sericulture``) into lists of ids."""
    return series.fillna("").astype(str).str.split(";").map(lambda parts: [p.strip() for p in parts if p.strip()])


def validate(raw: RawDataset, registry: Any, *, keep_going: bool = False, framework: Any = None) -> Dataset:
    """Validate ``raw`` against the registered fields and sectors.

    Labels are read as codes first (:func:`villagescore.readback.normalise`: a survey's
    Vietnamese headers, category and sector labels), provinces the official list writes
    otherwise give notes, and a value close to a label gets a did-you-mean.

    Parameters
    ----------
    raw : RawDataset
        What a reader returned.
    registry : villagescore.Registry
        Gives the fields (types, ranges, categories, cross-field rules) and sectors.
    framework : villagescore.model.Framework, optional
        The framework the data will be scored with: the fields it declares itself are
        known too, and the ``sectors`` column is optional when no indicator of it depends
        on a sector.
    keep_going : bool
        Drop the rows that have problems and return the rest (the problems are kept in
        ``Dataset.problems``) instead of raising. File-level problems still raise.

    Raises
    ------
    DatasetError
        Listing every problem of the file.
    """
    from .readback import normalise, with_suggestions

    known = registry.with_fields(framework.local_fields) if framework is not None else registry
    frame, survey_notes = normalise(raw.frame, known)
    if frame is not raw.frame:
        renamed = {old: new for old, new in zip(raw.frame.columns, frame.columns, strict=True)}
        raw = dataclasses.replace(raw, frame=frame, percent_cells={renamed.get(k, k): v
                                                                    for k, v in raw.percent_cells.items()})
    try:
        dataset = _validate(raw, registry, keep_going=keep_going, framework=framework)
    except DatasetError as exc:
        raise DatasetError(with_suggestions(exc.problems, known)) from exc
    dataset.problems = with_suggestions(dataset.problems, known)
    dataset.notes.extend(survey_notes)
    return dataset


def _validate(raw: RawDataset, registry: Any, *, keep_going: bool = False, framework: Any = None) -> Dataset:
    """:func:`validate` once labels are read as codes."""
    frame = raw.frame
    if framework is not None:
        registry = registry.with_fields(framework.local_fields)
    needs_sectors = framework is None or framework.uses_sectors
    col = _Collector(raw.path, frame)
    col.problems.extend(raw.problems)
    file_level = bool(raw.problems)
    header_row = _header_row_below(frame)
    if header_row is not None:
        col.file(f"the column names are on row {header_row}, not on row 1: delete the row(s) above them "
                 "(a title or notes above the table); row 1 must hold the column names", "row 1", "header_row")
        raise DatasetError(col.problems)
    blank = [j for j, c in enumerate(frame.columns) if _is_blank_header(c)]
    file_level |= _report_blank_headers(frame, blank, col, raw.path.lower().endswith(".xlsx"))
    named = frame.columns[[j for j in range(frame.shape[1]) if j not in set(blank)]]
    duplicated = bool(named.duplicated().any())
    if duplicated:
        for dup in sorted(set(named[named.duplicated()])):
            col.file(f"column {dup!r} appears more than once", "row 1", "duplicate_column", dup)
        file_level = True
    missing = [c for c in REQUIRED_IDENTITY if c not in frame.columns and (c != "sectors" or needs_sectors)]
    if missing:
        col.file(f"missing identity column(s): {', '.join(missing)}", "row 1", "identity")
        file_level = True
    known = set(IDENTITY_COLUMNS) | set(registry.fields)
    for c in named:
        if c not in known and not c.startswith(EXTRA_PREFIX):
            hint = _suggest(c, known)
            col.file(f"unknown column {c!r}: not an identity column nor a registered field{hint}; "
                     f"prefix it with {EXTRA_PREFIX!r} to keep it unscored", "row 1", "unknown_column", c)
            file_level = True
    if len(frame) == 0 and not missing:
        col.file("the file has a header but no village rows", "row 2", "empty")
        file_level = True
    stale = _metadata_mismatches(raw) + _scale_problems(raw, registry)
    if stale:
        col.problems.extend(stale)
        file_level = True
    if file_level and (missing or duplicated or len(frame) == 0):
        raise DatasetError(col.problems)

    ctx = _FieldContext.build(raw)
    out: dict[str, Any] = {}  # column → values; one DataFrame is built at the end (no fragmentation)
    _validate_identity(frame, out, col, registry)
    for fid in (c for c in named if c in registry.fields):
        _validate_field(frame[fid], registry.fields[fid], out, col, ctx)
    for c in named:
        if c.startswith(EXTRA_PREFIX):
            out[c] = frame[c]
    _cross_field(out, registry, col)
    out = pd.DataFrame(out, index=frame.index)

    file_level |= col.column_level
    if col.problems and (file_level or not keep_going):
        raise DatasetError(col.problems)
    dropped = col.problems
    if keep_going and col.bad_rows:
        out = out.drop(index=out.index[sorted(col.bad_rows)])
        if len(out) == 0:
            raise DatasetError(col.problems)
    out = out.reset_index(drop=True)
    return Dataset(out, raw.path, raw.sha256, raw.metadata, raw.metadata_sha256, list(dropped), list(raw.notes))


_UNNAMED = re.compile(r"Unnamed: [0-9]+(?:[._][0-9]+)?")


def _is_blank_header(name: Any) -> bool:
    """A header cell left empty (pandas calls it ``Unnamed: 3`` in a workbook)."""
    text = str(name).strip()
    return not text or _UNNAMED.fullmatch(text) is not None


def _header_row_below(frame: pd.DataFrame) -> int | None:
    """The sheet row that holds the column names when row 1 does not (a title above the table)."""
    if sum(c in frame.columns for c in REQUIRED_IDENTITY) >= 3:
        return None
    for k in range(min(10, len(frame))):
        cells = {str(v).strip() for v in frame.iloc[k].tolist() if isinstance(v, str)}
        if len(cells & set(REQUIRED_IDENTITY)) >= 3:
            return int(frame.index[k]) + 2 if pd.api.types.is_integer_dtype(frame.index.dtype) else k + 2
    return None


def _report_blank_headers(frame: pd.DataFrame, blank: list[int], col: _Collector, workbook: bool) -> bool:
    """Report columns without a name that hold values (notes beside the table); empty ones are ignored."""
    found = False
    for j in blank:
        values = frame.iloc[:, j]
        filled = np.flatnonzero(values.notna().to_numpy())
        if filled.size == 0:
            continue
        where = f"column {_column_letters(j + 1)}" if workbook else f"column {j + 1}"
        first = values.iloc[filled[0]]
        msg = (f"{where} has no name in row 1 but holds values (row {col.rows[filled[0]]}: {first!r}"
               f"{f' and {filled.size - 1} more' if filled.size > 1 else ''}): if these are notes beside the "
               "table, move them to another sheet or file; if it is data, write the column's name in row 1")
        col.file(msg, "row 1", "no_header")
        found = True
    return found


def _scale_problems(raw: RawDataset, registry: Any) -> list[Problem]:
    """A metadata ``scale`` on a column that is not a percentage, or with an unknown value."""
    columns = (raw.metadata or {}).get("columns") if isinstance(raw.metadata, dict) else None
    problems = []
    for column, entry in sorted((columns or {}).items()):
        scale = entry.get("scale") if isinstance(entry, dict) else None
        if scale is None:
            continue
        fld = registry.fields.get(column)
        if scale not in PERCENT_SCALES[1:]:
            problems.append(Problem(f"{raw.path} (metadata)", f"$.columns.{column}.scale",
                                    f"unknown scale {scale!r}", allowed="percent, fraction"))
        elif fld is None or fld.unit != "%":
            problems.append(Problem(f"{raw.path} (metadata)", f"$.columns.{column}.scale",
                                    "'scale' applies only to columns measured in %", rule="metadata_scale"))
    return problems


@dataclass
class _FieldContext:
    """What validation needs besides the cells: number format, percent-formatted cells, scales."""

    locale: str
    percent: dict[str, np.ndarray]  # column -> positions of cells a workbook formats as percentages
    scales: dict[str, str]  # column -> "percent" | "fraction" (metadata, else the option)
    default_scale: str

    @classmethod
    def build(cls, raw: RawDataset) -> _FieldContext:
        percent = {}
        for column, labels in raw.percent_cells.items():
            positions = raw.frame.index.get_indexer(labels)
            percent[column] = positions[positions >= 0]
        columns = (raw.metadata or {}).get("columns") if isinstance(raw.metadata, dict) else None
        scales = {c: e["scale"] for c, e in (columns or {}).items() if isinstance(e, dict) and e.get("scale")}
        return cls(raw.options.csv_locale, percent, scales, raw.options.percent_scale)

    def formatted(self, column: str, n: int) -> np.ndarray:
        """Mask of the cells of ``column`` shown as percentages."""
        mask = np.zeros(n, dtype=bool)
        mask[self.percent.get(column, np.zeros(0, dtype=np.intp))] = True
        return mask


def _metadata_mismatches(raw: RawDataset) -> list[Problem]:
    """Metadata entries that describe a column or a village the data does not have.

    Such an entry is a typo or a stale sidecar: its source or quality flag would silently
    apply to nothing (and the sensitivity analysis would perturb the wrong values).
    """
    meta = raw.metadata
    if not isinstance(meta, dict) or "village_id" not in raw.frame.columns:
        return []
    name = f"{raw.path} (metadata)"
    columns = set(raw.frame.columns)
    villages = set(raw.frame["village_id"].dropna().astype(str))
    problems = []
    for key in sorted((meta.get("columns") or {}).keys()):
        if key not in columns:
            problems.append(Problem(name, f"$.columns.{key}", "describes a column the data does not have",
                                    rule="metadata_column"))
    for i, entry in enumerate(meta.get("values") or []):
        if not isinstance(entry, dict):
            continue
        if entry.get("column") not in columns:
            problems.append(Problem(name, f"$.values[{i}].column", f"column {entry.get('column')!r} is not in the data",
                                    rule="metadata_column"))
        if str(entry.get("village_id")) not in villages:
            problems.append(Problem(name, f"$.values[{i}].village_id",
                                    f"village {entry.get('village_id')!r} is not in the data", rule="metadata_village"))
    return problems


def _suggest(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _validate_identity(frame: pd.DataFrame, out: dict[str, Any], col: _Collector, registry: Any) -> None:
    for c in IDENTITY_COLUMNS:
        if c in frame.columns:
            out[c] = frame[c].astype(object).where(frame[c].notna(), None)
    ids = frame["village_id"].astype(object)
    blank = _is_blank(frame["village_id"])
    col.cells(blank, "village_id", ids, "required", "village_id is empty")
    if not blank.any() and _all_slugs(ids.to_numpy(dtype=object)):
        bad_slug = np.zeros(len(ids), dtype=bool)
    else:
        bad_slug = ~blank & ~ids.fillna("").astype(str).str.match(_VILLAGE_ID).to_numpy()
    col.cells(bad_slug, "village_id", ids, "slug",
              "village_id must be an ASCII slug", "lower-case a-z, 0-9, '-', '_', '.' (e.g. 'phung-xa-my-duc')")
    for c in ("name", "province", "sectors"):
        if c in frame.columns:
            col.cells(_is_blank(frame[c]), c, frame[c], "required", f"{c} is empty")
    for c in (c for c in IDENTITY_COLUMNS if c in frame.columns and c != "year"):
        # NUL and other control characters break reports (XLSX refuses them) and hide from the eye
        if not _CONTROL_RX.search(_joined_text(frame[c])):
            continue  # one scan of the whole column finds nothing: no cell to report
        control = frame[c].astype(object).fillna("").astype(str).str.contains(_CONTROL, regex=True).to_numpy()
        col.cells(control, c, frame[c], "control_character", "contains a control character; retype the cell")
    for c in (c for c in IDENTITY_COLUMNS if c in frame.columns and c != "year" and _has_text(frame[c])):
        lengths = frame[c].str.len().to_numpy(dtype=float, na_value=0.0)
        long = lengths > MAX_IDENTITY_CHARS
        if long.any():
            shown = frame[c].where(~long, frame[c].str.slice(0, 40) + "…")
            col.cells(long, c, shown, "too_long", f"is longer than {MAX_IDENTITY_CHARS:,} characters: "
                      "a pasted block of text? Keep only the name")
    years, bad = _numeric(frame["year"])
    col.cells(bad, "year", frame["year"], "type", "year is not a number")
    blank_year = _is_blank(frame["year"])
    col.cells(blank_year, "year", frame["year"], "required", "year is empty")
    ok = ~bad & ~blank_year
    wrong = ok & ((years % 1 != 0) | (years < _YEAR_RANGE[0]) | (years > _YEAR_RANGE[1]))
    col.cells(wrong, "year", frame["year"], "range", "year is not a whole year",
              f"{_YEAR_RANGE[0]} to {_YEAR_RANGE[1]}")
    out["year"] = pd.array(np.where(ok & ~wrong, years, np.nan)).astype("Int64") if len(years) else years
    dup = pd.DataFrame({"v": ids, "y": years}).duplicated(keep="first").to_numpy() & ~blank & ok
    col.cells(dup, "village_id", ids, "duplicate", "duplicate village_id for the same year")
    if "sectors" not in frame.columns:  # optional when the framework scores no sector (checked by the caller)
        out["sectors"] = pd.Series("", index=frame.index, dtype=object)
        return
    # factorised: each distinct sector combination is split once, not once per village
    codes, uniques = pd.factorize(frame["sectors"], use_na_sentinel=True)
    parts = [[p.strip() for p in str(u).split(";") if p.strip()] for u in uniques]
    known = set(registry.sectors)
    rows = np.array([any(p not in known for p in ps) for ps in parts] + [False])[codes]
    nothing = np.array([not ps for ps in parts] + [False])[codes]  # e.g. ";": not blank, but no sector
    col.cells(nothing, "sectors", frame["sectors"], "required", "sectors names no sector",
              ", ".join(sorted(known)) or "none registered")
    if rows.any():
        col.cells(rows, "sectors", frame["sectors"], "unknown_sector", "unknown sector",
                  ", ".join(sorted(known)) or "none registered")
    joined = np.array([";".join(ps) for ps in parts] + [""], dtype=object)  # an empty cell gives ""
    out["sectors"] = pd.Series(joined[codes], index=frame.index, dtype=object)


def _validate_field(series: pd.Series, fld: Any, out: dict[str, Any], col: _Collector, ctx: _FieldContext) -> None:
    fid = fld.id
    if fld.type in ("number", "integer"):
        out[fid] = _number_field(series, fld, col, ctx)
    elif fld.type == "boolean":
        # factorised: each distinct cell text is read once, not once per village
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        table = np.array([BOOLEAN_WORDS.get(str(u).strip().lower(), np.nan) for u in uniques] + [np.nan])
        values = table[codes]  # code -1 (an empty cell) reads the trailing NaN
        bad = (codes >= 0) & np.isnan(values)
        col.cells(bad, fid, series, "boolean", "not a yes/no value", "1/0, true/false, yes/no, có/không")
        out[fid] = values
    elif fld.type == "category":
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        texts = [_nfc(str(u)).strip() for u in uniques]
        allowed = set(fld.categories)
        bad = ~np.array([t in allowed for t in texts] + [True])[codes]
        col.cells(bad, fid, series, "category", "not one of the allowed values", ", ".join(fld.categories))
        cleaned = np.array(texts + [None], dtype=object)[codes]
        empty = codes < 0
        cleaned[empty] = series.to_numpy(dtype=object)[empty]  # an empty cell keeps its NA value
        cleaned[bad] = None
        out[fid] = pd.Series(cleaned, index=series.index, dtype=object)
    else:
        out[fid] = series.astype(object)


def _number_field(series: pd.Series, fld: Any, col: _Collector, ctx: _FieldContext) -> np.ndarray:
    """Read a number column: parse (locale, percent signs), scale percentages, check type and range."""
    fid = fld.id
    percent = fld.unit == "%"
    positions, text = _text_cells(series)
    if percent:
        series, text = _strip_percent_signs(series, positions, text)
    values, bad = _numeric(series, ctx.locale)
    if ctx.locale == "default":
        ambiguous = _ambiguous_text(len(series), positions, text)
        if ambiguous.any():
            values = np.where(ambiguous, np.nan, values)
            bad = bad | ambiguous
    for mask, rule, message in _number_problems(series, bad, fld, ctx.locale) if bad.any() else ():
        col.cells(mask, fid, series, rule, message, f"a number in {fld.unit}" if fld.unit else "a number")
    ok = ~np.isnan(values) & ~bad
    formatted = ctx.formatted(fid, len(values)) & ok
    if formatted.any() and percent:
        values = np.where(formatted, values * 100.0, values)  # Excel stores 45 % as 0.45
    elif formatted.any():
        unit = f"in {fld.unit}" if fld.unit else "a plain number"
        col.cells(formatted, fid, series, "percent_format",
                  f"the cell is formatted as a percentage in the workbook, but {fid!r} is {unit}: "
                  "format the column as Number and type the value again")
        values = np.where(formatted, np.nan, values)
        ok &= ~formatted
    if percent:
        values = _percent_scale(values, ok & ~formatted, fld, col, ctx)
    if fld.type == "integer":
        with np.errstate(invalid="ignore"):  # inf % 1 is NaN; inf is already reported above
            frac = ok & (values % 1 != 0)
        col.cells(frac, fid, values, "integer", "not a whole number")
        ok &= ~frac
    if fld.minimum is not None or fld.maximum is not None:
        lo = -np.inf if fld.minimum is None else fld.minimum
        hi = np.inf if fld.maximum is None else fld.maximum
        out_of_range = ok & ((values < lo) | (values > hi))
        col.cells(out_of_range, fid, values, "range", "out of range", _describe_range(fld))
    return np.where(bad, np.nan, values)


def _percent_scale(values: np.ndarray, plain: np.ndarray, fld: Any, col: _Collector, ctx: _FieldContext
                   ) -> np.ndarray:
    """Apply the column's scale to the cells not formatted as percentages; refuse a column of fractions.

    ``plain`` marks the numeric cells without a percent format. Under the ``auto`` scale a
    share (a % field that cannot be negative) whose values all lie in [0, 1], one of them
    strictly inside, is taken for fractions (0.45 meaning 45 %) and refused.
    """
    scale = ctx.scales.get(fld.id, ctx.default_scale)
    if scale == "fraction":
        return np.where(plain, values * 100.0, values)
    if scale == "percent" or (fld.minimum is not None and fld.minimum < 0) or not plain.any():
        return values
    x = values[plain]
    if (x.min() >= 0) and (x.max() <= 1) and ((x > 0) & (x < 1)).any():
        rows = col.rows[np.flatnonzero(plain)]
        examples = ", ".join(f"row {r}: {v:g}" for r, v in list(zip(rows.tolist(), x.tolist(), strict=True))[:3])
        col.column(
            f"every value is between 0 and 1 ({examples}), but {fld.id!r} is a percentage from 0 to 100, so 0.45 "
            "would be scored as 0.45 % instead of 45 %. If the values are fractions, multiply them by 100, or say "
            "so with \"scale\": \"fraction\" for this column in the metadata (or --percent-scale fraction); if "
            "they really are below 1 %, say \"scale\": \"percent\" (or --percent-scale percent)",
            fld.id, "fraction_scale")
    return values


def _cross_field(out: dict[str, Any], registry: Any, col: _Collector) -> None:
    for fid, fld in registry.fields.items():
        other = fld.not_greater_than
        if not other or fid not in out or other not in out:
            continue
        a = np.asarray(out[fid], dtype=float)
        b = np.asarray(out[other], dtype=float)
        with np.errstate(invalid="ignore"):
            mask = a > b
        col.cells(mask, fid, a, "not_greater_than", f"exceeds {other!r} in the same row ({fid} ≤ {other})")


def read_dataset(path: str | Path, registry: Any, *, keep_going: bool = False,
                 options: ReadOptions | None = None, framework: Any = None) -> Dataset:
    """Read and validate a dataset file; raise :class:`DatasetError` listing every problem.

    ``options`` say how to read numbers the file leaves implicit (:class:`ReadOptions`); give
    the ``framework`` the data will be scored with when it declares fields of its own.
    """
    return validate(read_raw(path, registry, options), registry, keep_going=keep_going, framework=framework)
