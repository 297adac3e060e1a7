"""Read a CSV dataset: UTF-8 (with or without BOM), header in row 1, comma-separated (or `;` with --csv-locale vi)."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from .files import fail, read_bytes, sha256
from .metadata import read_sidecar
from .model import IDENTITY_COLUMNS, RawDataset
from .numbers import DOT_GROUPS, DOT_GROUPS_IN_TEXT
from .text import drop_empty_rows, tidy_columns


def read_csv(path: str | Path, *, locale: str = "default") -> RawDataset:
    """Read a UTF-8 CSV (with or without BOM), header in row 1.

    With ``locale="default"`` the file is comma-separated with '.' decimals; with ``"vi"``
    (a CSV saved with Vietnamese regional settings) it is ';'-separated, every cell is read as
    text and numbers are read in validation as ``1.234,5``. A number that is ambiguous in the
    default locale (``7.000``: 7 or 7000?) is kept as text so that validation refuses it.
    """
    path = Path(path)
    name = str(path)
    data = read_bytes(path)
    digest = sha256(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)  # after the BOM
        line = data[:at].count(b"\n") + 1
        msg = (f"the file is not UTF-8 (byte 0x{data[at]:02x} on line {line}); "
               "save it as 'CSV UTF-8' (Excel) or convert it to UTF-8")
        raise fail(name, msg, f"row {line}") from None
    if not text.strip():
        raise fail(name, "the file is empty: expected a header row and one row per village-year")
    header = text.splitlines()[0]
    sep = _separator(header, name, locale)
    frame = _parse_csv(text, name, sep, locale)
    names = _header_cells(header, sep)
    if names is not None and len(names) == len(frame.columns):  # pandas renames a repeated 'a' to 'a.1': undo it
        frame.columns = names
    if locale == "default":
        frame = _keep_ambiguous_numbers_as_text(text, frame, sep, name)
    frame = tidy_columns(drop_empty_rows(frame))
    meta, meta_sha, problems = read_sidecar(path)
    return RawDataset(frame, name, digest, meta, meta_sha, problems)


def _separator(header: str, name: str, locale: str) -> str:
    """The column separator for ``locale``; refuse a header that is clearly separated otherwise."""
    if locale == "vi":
        if ";" not in header and "," in header:
            msg = ("--csv-locale vi reads files with ';' between columns, but this header is separated by commas; "
                   "leave the option out for comma-separated files")
            raise fail(name, msg, "row 1")
        return ";"
    if "," not in header:
        for sep, label in ((";", "semicolons"), ("\t", "tabs")):
            if sep in header:
                msg = f"the header is separated by {label}; villagescore reads comma-separated files"
                if sep == ";":
                    msg += (" (for a CSV saved with Vietnamese regional settings — ';' between columns, "
                            "',' for decimals — use --csv-locale vi)")
                raise fail(name, msg, "row 1")
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
        raise fail(name, *_too_many_fields(text, sep)) from None
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise fail(name, f"the CSV is malformed: {str(exc).strip()}",
                    f"row {line.group(1)}" if line else "") from None
    except pd.errors.EmptyDataError:
        raise fail(name, "the file has no header row") from None


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
        with _csv_field_limit(len(text)):
            next(rows)
            for k, row in enumerate(rows):
                for j, cell in enumerate(row[: frame.shape[1]]):
                    if DOT_GROUPS.fullmatch(cell.strip()):
                        found.setdefault(j, []).append((k, cell.strip()))
    except csv.Error as exc:
        raise fail(name, f"the CSV cannot be read near this row ({exc}); check the row in a text editor",
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
