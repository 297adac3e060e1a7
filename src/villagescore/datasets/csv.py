"""Read a CSV dataset: UTF-8 (with or without BOM), header in row 1, comma-separated (or `;` with --csv-locale vi)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DatasetError
from ..i18n import N_
from .csv_header import blank_rows_above, header_further_down
from .csv_rows import csv_field_limit, ragged_rows, refuse_short_rows, short_rows
from .csv_separator import HEADER_CHUNKS, first_record, refuse_commas_without_vietnamese_numbers, separator
from .files import fail, read_bytes, sha256
from .messages import refuse_wide_header
from .metadata import read_sidecar
from .model import IDENTITY_COLUMNS, MAX_COLUMNS, RawDataset
from .numbers import DOT_GROUPS, DOT_GROUPS_IN_TEXT
from .text import PANDAS_2, drop_empty_rows, tidy_columns


def read_csv(path: str | Path, *, locale: str = "default") -> RawDataset:
    """Read a UTF-8 CSV (with or without BOM), header in row 1.

    With ``locale="default"`` the file is comma-separated with '.' decimals; with ``"vi"``
    (a CSV saved with Vietnamese regional settings) it is ';'-separated (or ','-separated with
    each decimal comma quoted, as Google Sheets and LibreOffice write it), every cell is read as
    text and numbers are read in validation as ``1.234,5``. A number that is ambiguous in the
    default locale (``7.000``: 7 or 7000?) is kept as text so that validation refuses it.

    pandas parses the file's bytes directly and decodes every cell it reads as text strictly,
    so a byte that is not UTF-8 makes it fail (a number is ASCII): only then, or on any other
    error, is the whole file checked, chunk by chunk, for the first such byte. The text of the
    whole file is decoded only on the slow paths (an error, a possibly ambiguous number).
    """
    path = Path(path)
    name = str(path)
    data = read_bytes(path)
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    header = _first_line(data, start, name)
    try:
        sep = separator(header, name, locale)
    except DatasetError:
        _check_utf8(data, start, name)  # a byte that is not UTF-8 is the first thing to say
        raise
    if header.count(sep) >= MAX_COLUMNS:  # pandas would take minutes and gigabytes over such a header
        cells = _header_cells(header, sep)
        refuse_wide_header(name, header.count(sep) + 1 if cells is None else len(cells))
    # pandas tokenises without the GIL: the file's hash and the scan for '7.000' run beside it
    with ThreadPoolExecutor(max_workers=1) as beside:
        digest_later = beside.submit(sha256, data)
        dots_later = beside.submit(_may_hold_dot_groups, data, start) if locale == "default" else None
        frame = _parse_csv(data, start, name, sep, locale)
        digest = digest_later.result()
        may_hold_dots = dots_later is not None and dots_later.result()
    if locale == "vi" and sep == ",":  # after parsing: an unquoted "4,5" splitting a row is said as such first
        refuse_commas_without_vietnamese_numbers(data, start, name)
    names = _header_cells(header, sep)
    if names is not None and len(names) == len(frame.columns):  # pandas renames a repeated 'a' to 'a.1': undo it
        frame.columns = names
    refuse_short_rows(name, short_rows(data, start, frame, sep), frame.shape[1], sep)
    if may_hold_dots:
        frame = _keep_ambiguous_numbers_as_text(_text(data, start), frame, sep, name)
    frame = tidy_columns(drop_empty_rows(frame))
    meta, meta_sha, problems = read_sidecar(path)
    return RawDataset(frame, name, digest, meta, meta_sha, problems)


#: Bytes decoded at a time when the file is checked for UTF-8.
_CHUNK = 1 << 20


def _first_line(data: bytes, start: int, name: str) -> str:
    """The first record of the text after the BOM (quote-aware: a quoted header cell may hold a line break).

    Excel writes a header cell such as ``"Mã làng nghề<line break>village_id"`` quoted, so the
    first record may span several lines; a quote that does not close within ``HEADER_CHUNKS``
    chunks leaves the first line alone (pandas then names the quote). Refuse a blank file.
    The text is decoded chunk by chunk until the end of that record and the first character
    that is not a space (the rest is left to pandas); a byte that is not UTF-8 on the way is
    the first one of the file, and is named.
    """
    view = memoryview(data)
    head: list[str] = []  # the chunks decoded so far, while the header's end is not found
    header = None
    blank = True
    pos = start
    final = False
    while not final and (header is None or blank):
        final = pos + _CHUNK >= len(data)
        try:
            text, used = codecs.utf_8_decode(view[pos:pos + _CHUNK], "strict", final)
        except UnicodeDecodeError as exc:
            raise _not_utf8(data, pos + exc.start, name) from None
        blank = blank and (not text or text.isspace())
        if header is None:
            head.append(text)
            header = first_record("".join(head), final or len(head) >= HEADER_CHUNKS)
        pos += used
    if blank:  # the whole file was decoded: it is UTF-8 and holds nothing but spaces
        raise fail(name, N_("the file is empty: expected a header row and one row per village-year"))
    return first_record("".join(head), True) if header is None else header


def _check_utf8(data: bytes, start: int, name: str) -> None:
    """Raise the error naming the first byte that is not UTF-8, if any (decoded 1 MiB at a time, then dropped)."""
    view = memoryview(data)
    pos = start
    final = False
    while not final:
        final = pos + _CHUNK >= len(data)
        try:
            _, used = codecs.utf_8_decode(view[pos:pos + _CHUNK], "strict", final)
        except UnicodeDecodeError as exc:
            raise _not_utf8(data, pos + exc.start, name) from None
        pos += used


#: The first bytes of a ZIP archive, such as an XLSX workbook.
ZIP_MAGIC = b"PK\x03\x04"


def utf8_text(data: bytes, name: str) -> str:
    """The text of a small CSV file's bytes after its BOM; refuse a byte that is not UTF-8 as a dataset's is refused.

    For tables read whole with the :mod:`csv` module (the province mapping table): the
    error names the byte and its line, and says what to do (save as 'CSV UTF-8').
    """
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(data, start + exc.start, name) from None


def _not_utf8(data: bytes, at: int, name: str) -> DatasetError:
    """The error for a byte that is not UTF-8 at offset ``at``, naming the byte and its line."""
    line = data[:at].count(b"\n") + 1
    msg = N_("the file is not UTF-8 (byte 0x{byte} on line {line}); save it as 'CSV UTF-8' (Excel) or convert it "
             "to UTF-8")
    if data.startswith(ZIP_MAGIC):  # an Excel workbook read as CSV
        msg = N_("the file is a ZIP archive such as an Excel workbook, not CSV text: name it with the suffix .xlsx "
                 "(or save it as 'CSV UTF-8')")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode Text" (tab-separated too)
        msg = N_("the file is UTF-16 text (Excel's 'Unicode Text'), not UTF-8: in Excel, save it as 'CSV UTF-8 "
                 "(Comma delimited)'")
    return fail(name, msg, f"row {line}", {"byte": f"{data[at]:02x}", "line": line})


def _text(data: bytes, start: int) -> str:
    """The file's text after the BOM (checked UTF-8 already); only for the slow paths."""
    return data[start:].decode("utf-8")


#: pandas 2's own number parser may read a number of 16–17 digits one unit in the last place off; pandas 3's (and
#: this one of pandas 2's) reads it as Python's ``float()`` does.
_AS_FLOAT_READS: dict[str, Any] = {"float_precision": "round_trip"} if PANDAS_2 else {}


def _parse_csv(data: bytes, start: int, name: str, sep: str, locale: str) -> pd.DataFrame:
    """The cells as pandas' C parser reads them from the bytes after the BOM (identity columns as text)."""
    import warnings

    dtype: Any = str if locale == "vi" else {c: str for c in IDENTITY_COLUMNS}
    nul = _nul_stand_in(data, start) if PANDAS_2 else None
    # shares the bytes, no copy (pandas 2 with a NUL byte: a copy, each NUL replaced)
    handle = io.BytesIO(data if nul is None else data.replace(b"\0", nul.encode()))
    handle.seek(start)
    try:
        # text columns stored as Python str objects whether or not pyarrow is installed (datasets.text.PYTHON_TEXT)
        with warnings.catch_warnings(), pd.option_context("mode.string_storage", "python"):
            # index_col=False: a first row with one field too many must not silently become the index
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # a column typed otherwise in two parts of a large file: its cells reach validation as they are
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            frame = pd.read_csv(
                handle, sep=sep, dtype=dtype, keep_default_na=False, na_values=[""], encoding="utf-8",
                skip_blank_lines=False, encoding_errors="strict", index_col=False, **_AS_FLOAT_READS,
            )
            frame = frame if nul is None else _put_back_nul(frame, nul)
            return _numbers_too_large(frame, data, start) if PANDAS_2 and locale == "default" else frame
    except (UnicodeDecodeError, pd.errors.ParserWarning, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        _check_utf8(data, start, name)  # a byte that is not UTF-8 comes first, wherever it is
        raise _parse_error(exc, data, start, name, sep, locale) from None


def _nul_stand_in(data: bytes, start: int) -> str | None:
    """A character the file does not hold, to stand for its NUL bytes while pandas 2 reads it (``None``: no NUL).

    pandas 2's C parser ends a cell at a NUL byte and drops the rest of it (the cell 12, NUL, 3 read as 12);
    pandas 3 keeps the NUL, and validation then refuses the cell.
    """
    if data.find(b"\0", start) < 0:
        return None
    return next(c for c in map(chr, range(0xE000, 0xF900)) if c.encode() not in data)


def _put_back_nul(frame: pd.DataFrame, nul: str) -> pd.DataFrame:
    """The frame with the NUL bytes that :func:`_nul_stand_in`'s character stood for (in names and cells)."""
    def back(value: Any) -> Any:
        return value.replace(nul, "\0") if isinstance(value, str) else value

    frame.columns = [back(c) for c in frame.columns]
    for j in range(frame.shape[1]):
        column = frame.iloc[:, j]
        if column.dtype == object:
            frame.isetitem(j, column.map(back))
    return frame


#: A number that pandas 2's parser cannot hold (an integer of 20 digits or more, an exponent of 3 digits).
_HUGE_BYTES = re.compile(rb"[0-9]{20}|[eE][+-]?[0-9]{3}")
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
_FLOAT_TEXT = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity)", re.IGNORECASE)


def _numbers_too_large(frame: pd.DataFrame, data: bytes, start: int) -> pd.DataFrame:
    """The columns of numbers that pandas 2 left as text for one number too large, as pandas 3 reads them.

    pandas 3 reads a column of integers one of which is too large for 64 bits as Python integers,
    and a column of numbers with one like ``1e400`` as floats (that one infinite); pandas 2 keeps
    the whole column as text. Validation then says the number is too large, as on pandas 3.
    """
    if _HUGE_BYTES.search(data, start) is None:
        return frame
    for j in range(frame.shape[1]):
        column = frame.iloc[:, j]
        if column.dtype != object or frame.columns[j] in IDENTITY_COLUMNS:
            continue
        cells = [c.strip() if isinstance(c, str) else c for c in column.tolist()]
        texts = [c for c in cells if isinstance(c, str)]
        if not texts or len(texts) + int(column.isna().sum()) != len(cells):
            continue
        if all(_INTEGER_TEXT.fullmatch(c) for c in texts):
            frame.isetitem(j, pd.Series([int(c) if isinstance(c, str) else c for c in cells], index=column.index,
                                        dtype=object, name=column.name))
        elif all(_FLOAT_TEXT.fullmatch(c) for c in texts) and any(
                np.isinf(float(c)) and not _INTEGER_TEXT.fullmatch(c) and "inf" not in c.lower() for c in texts):
            frame.isetitem(j, pd.Series([float(c) if isinstance(c, str) else c for c in cells], index=column.index,
                                        dtype=float, name=column.name))
    return frame


def _parse_error(exc: Exception, data: bytes, start: int, name: str, sep: str, locale: str = "default"
                 ) -> DatasetError:
    """The error for what pandas refused in a UTF-8 file: a row too long, a malformed CSV, no header."""
    decimal_comma = locale == "vi" and sep == ","  # a decimal comma not quoted splits its cell in two
    if isinstance(exc, pd.errors.ParserWarning):  # a row longer than the header: a title line above the table?
        text = _text(data, start)
        return header_further_down(text, name, sep) or ragged_rows(text, sep, name, decimal_comma)
    if isinstance(exc, pd.errors.EmptyDataError):  # row 1 is blank: the header may be further down
        text = _text(data, start)
        return header_further_down(text, name, sep) or blank_rows_above(text, name)
    if isinstance(exc, UnicodeDecodeError):  # pragma: no cover - pandas and the codec disagree on a byte
        return fail(name, f"the file is not UTF-8 ({exc}); save it as 'CSV UTF-8' (Excel) or convert it to UTF-8")
    said_plainly = _plain_parse_error(str(exc), _text(data, start), name, sep, decimal_comma)
    if said_plainly is not None:
        return said_plainly
    line = re.search(r"line (\d+)", str(exc))
    return fail(name, N_("the CSV is malformed: {reason}"), f"row {line.group(1)}" if line else "",
                {"reason": str(exc).strip()})


def _plain_parse_error(reason: str, text: str, name: str, sep: str, decimal_comma: bool = False
                       ) -> DatasetError | None:
    """What pandas' tokenizer refused, in plain words when it is a known layout mistake (``None`` otherwise).

    A title above the table (the column names further down) and a row longer than the header
    are said as they are for a workbook; a quote that never closes names the row it opens on.
    """
    if "Expected" in reason and "fields" in reason:
        return header_further_down(text, name, sep) or ragged_rows(text, sep, name, decimal_comma)
    unclosed = re.search(r"EOF inside string starting at row (\d+)", reason)
    if unclosed is not None:
        msg = N_("a quoted cell starting on row {row} is never closed, so the rest of the file is read as one cell: "
                 "remove the stray '\"' or close the quotes (a cell holding a comma is written \"like, this\")")
        row = int(unclosed.group(1)) + 1
        return fail(name, msg, f"row {row}", {"row": row})
    return None


def _header_cells(header: str, sep: str) -> list[str] | None:
    """The header's cells as written (``None`` when the csv module cannot read the line)."""
    try:
        with csv_field_limit(len(header)):
            return next(csv.reader([header], delimiter=sep))
    except (csv.Error, StopIteration):
        return None


#: Bytes that are digits, and bytes that a number like ``7.000`` may not be followed by (``\\w`` in ASCII, '.').
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[list(b"0123456789")] = True
_WORD = _DIGIT.copy()
_WORD[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.")] = True
#: :data:`DOT_GROUPS_IN_TEXT` in bytes, without its last look-ahead (checked before).
_DOT_GROUPS_BYTES = re.compile(rb"(?<![0-9A-Za-z_.])[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
#: Candidates looked at one by one before the reader gives up and takes the slow path.
_MAX_CANDIDATES = 10_000


def _may_hold_dot_groups(data: bytes, start: int, step: int = 1 << 20) -> bool:
    """Whether the file may hold a number like ``7.000`` (:data:`DOT_GROUPS_IN_TEXT`), without decoding it.

    Such a number ends in '.', three digits and then no letter, digit or point: numpy finds
    the points whose third byte after them is a digit (whole-array passes over each 1 MiB
    into buffers made once: a national file has millions of points, most of them before two
    decimals, so no array of their positions is made), and each one found is checked with
    the whole pattern. A non-ASCII letter counts as "not a letter" here, so the answer may be
    a false yes (the slow path then decides), never a false no.
    """
    arr = np.frombuffer(data, dtype=np.uint8)
    candidates = 0
    point, digit, third = np.empty(step, dtype=bool), np.empty(step, dtype=np.uint8), np.empty(step, dtype=bool)
    for lo in range(start, len(arr), step):
        seg = arr[lo:lo + step + 4]
        m = min(len(seg) - 3, step)  # the positions with three bytes after them
        if m <= 0:
            break
        at_point = np.equal(seg[:m], ord("."), out=point[:m])
        shifted = np.subtract(seg[3:m + 3], np.uint8(ord("0")), out=digit[:m])  # a digit is below 10, others wrap
        at_point &= np.less(shifted, 10, out=third[:m])
        at = np.flatnonzero(at_point)
        at = at[_DIGIT[seg[at + 1]] & _DIGIT[seg[at + 2]]]
        ends = at + 4
        inside = ends < len(seg)  # else the number ends the file
        ok = np.ones(len(at), dtype=bool)
        ok[inside] = ~_WORD[seg[ends[inside]]]
        for end in (ends[ok] + lo).tolist():
            candidates += 1
            if candidates > _MAX_CANDIDATES or _dot_groups_end_at(data, end, start):
                return True
    return False


def _dot_groups_end_at(data: bytes, end: int, start: int) -> bool:
    """Whether a number like ``1.234`` ends at byte ``end`` (the bytes it may span are digits, points, signs)."""
    begin = end
    while begin > start and data[begin - 1] in b"0123456789.+-" and end - begin < 256:
        begin -= 1
    if begin > start and end - begin >= 256:
        return True  # a very long run of digits and points: let the slow path decide
    return any(m.end() == end for m in _DOT_GROUPS_BYTES.finditer(data, begin, end))


def _keep_ambiguous_numbers_as_text(text: str, frame: pd.DataFrame, sep: str, name: str) -> pd.DataFrame:
    """Put back the text of cells like ``7.000`` that pandas read as a number, so validation can refuse them.

    One regex search over the file; only when it finds such a number is the file read again
    cell by cell (the index of the frame is the record's position under the header).
    """
    if DOT_GROUPS_IN_TEXT.search(text) is None:
        return frame
    found: dict[int, list[tuple[int, str]]] = {}
    rows = csv.reader(io.StringIO(text), delimiter=sep)
    k = 0
    try:
        with csv_field_limit(len(text)):
            next(rows)
            for k, row in enumerate(rows):
                for j, cell in enumerate(row[: frame.shape[1]]):
                    if DOT_GROUPS.fullmatch(cell.strip()):
                        found.setdefault(j, []).append((k, cell.strip()))
    except csv.Error as exc:
        raise fail(name, N_("the CSV cannot be read near this row ({reason}); check the row in a text editor"),
                   f"row {k + 3}", {"reason": exc}) from None
    for j, cells in found.items():
        if frame.columns[j] in IDENTITY_COLUMNS or frame.iloc[:, j].dtype == object:
            continue  # already text
        column = frame.iloc[:, j].astype(object)
        for k, cell in cells:
            if k < len(column):
                column.iat[k] = cell
        frame.isetitem(j, column)
    return frame
