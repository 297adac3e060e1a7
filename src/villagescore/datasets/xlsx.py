"""Read an XLSX dataset: the data sheet (values, never formulas), plus the ``metadata`` and ``dataset`` sheets."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ..i18n import N_
from .files import fail, read_bytes, sha256
from .metadata import metadata_digest, metadata_from_sheets, read_sidecar
from .metadata_sheets import SheetCells, sheet_problems
from .model import IDENTITY_COLUMNS, RawDataset
from .text import PANDAS_2, drop_empty_rows, identity_text, tidy_columns
from .workbook import inspect_workbook

#: Only an empty cell is missing, as in a CSV: text such as ``NA``, ``#N/A``, ``null`` or ``nan`` is read as
#: written (and refused in a number column), never as pandas' default missing-value strings.
ONLY_EMPTY_IS_MISSING: dict[str, Any] = {"keep_default_na": False, "na_values": [""]}

#: A workbook whose parts the checks before could open but calamine cannot read (an entry lying about its size).
_DAMAGED = N_("cannot read the workbook: it is damaged, or not laid out as Excel writes a workbook; open it in Excel "
              "and save it again as .xlsx (technical detail: {reason})")


def read_xlsx(path: str | Path) -> RawDataset:
    """Read a workbook: its data sheet, plus optional ``metadata``/``dataset`` sheets.

    The data sheet is the visible sheet named ``data`` (in any case), or else the only visible
    sheet that is not a metadata sheet; hidden sheets are never read, and the notes say which
    sheet was read. Cells that Excel formats as percentages are recorded in ``percent_cells``
    (validation reads 0.45 shown as 45 % as 45 in a percentage field).
    """
    path = Path(path)
    name = str(path)
    data = read_bytes(path)
    digest = sha256(data)
    book = inspect_workbook(path, data)
    data = book.data or data  # without the stray blank cells far from the data that would cost gigabytes to read
    data_sheet = book.data_sheet.name
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=[data_sheet, *book.aux.values()], engine="calamine",
                               dtype=object, **ONLY_EMPTY_IS_MISSING)
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise fail(name, _DAMAGED, params={"reason": exc}) from None
    if PANDAS_2:
        sheets = {sheet: _keep_booleans(frame, data, sheet) for sheet, frame in sheets.items()}
    frame = sheets[data_sheet]
    if frame.shape[1] == 0:
        msg = N_("the sheet {sheet} is empty: expected the column names in row 1 and one row per village-year")
        raise fail(name, msg, "row 1", {"sheet": repr(data_sheet)})
    if _renamed_repeats(frame.columns):
        try:
            first = pd.read_excel(io.BytesIO(data), sheet_name=data_sheet, engine="calamine", dtype=object,
                                  header=None, nrows=1, **ONLY_EMPTY_IS_MISSING)
        except Exception as exc:  # pragma: no cover - the same workbook was just read
            raise fail(name, _DAMAGED, params={"reason": exc}) from None
        frame.columns = _header_as_written(frame.columns, first.iloc[0].tolist() if len(first) else [])
    # the frame starts at cell A1 with the header: sheet row r is index r - 2, column c is position c - 1
    positions = [(row - 2, col - 1) for row, col in book.percent_refs if row >= 2 and 1 <= col <= frame.shape[1]]
    frame = tidy_columns(drop_empty_rows(frame))
    for i, col in enumerate(frame.columns):  # by position: a repeated column name must not break this
        if col in IDENTITY_COLUMNS:
            frame.isetitem(i, frame.iloc[:, i].map(identity_text, na_action="ignore"))
    percent: dict[str, list[int]] = {}
    for label, j in positions:
        percent.setdefault(frame.columns[j], []).append(label)
    problems = list(book.problems)
    if book.aux:
        from ..readback import normalise_dataset_sheet, normalise_metadata_sheet  # survey labels → codes

        cells = SheetCells(book.aux.get("metadata", "metadata"), book.aux.get("dataset", "dataset"))
        meta, twice = metadata_from_sheets(normalise_dataset_sheet(sheets.get(book.aux.get("dataset", ""))),
                                           normalise_metadata_sheet(sheets.get(book.aux.get("metadata", ""))), name,
                                           cells)
        problems += twice
        meta_sha = metadata_digest(meta)
        problems += sheet_problems(meta, name, cells)
    else:
        cells = None
        meta, meta_sha, side = read_sidecar(path)
        problems += side
    return RawDataset(frame, name, digest, meta, meta_sha, problems, list(book.notes), percent,
                      metadata_cells=cells)


def _keep_booleans(frame: pd.DataFrame, data: bytes, sheet: str) -> pd.DataFrame:
    """The sheet's cells as pandas 3 reads them: a TRUE/FALSE cell stays a boolean, a 1 or 0 stays a number.

    pandas 2 keeps the first of the equal values of a column (1 and TRUE, 0 and FALSE) for all of
    them; the cells are put back from python-calamine's own values, converted as pandas does.
    """
    from python_calamine import CalamineWorkbook

    try:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python(
            skip_empty_area=False)
    except Exception:  # noqa: BLE001  # pragma: no cover - pandas has just read the same sheet
        return frame
    body = rows[1:]  # row 1 is the header, the frame's row i is body[i]
    if len(body) != len(frame):  # pragma: no cover - pandas keeps empty rows, so the counts agree
        return frame
    for j in range(min(frame.shape[1], len(rows[0]) if rows else 0)):
        column = frame.iloc[:, j]
        fixed = {i: _as_pandas_reads(row[j]) for i, (row, cell) in enumerate(zip(body, column, strict=True))
                 if isinstance(row[j], bool) is not isinstance(cell, bool)}
        if fixed:
            column = column.astype(object)
            for i, value in fixed.items():
                column.iat[i] = value
            frame.isetitem(j, column)
    return frame


def _as_pandas_reads(value: Any) -> Any:
    """A number cell as pandas' calamine reader gives it (a whole float as an int); other cells as they are."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


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
