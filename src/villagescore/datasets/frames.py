"""A pandas DataFrame given in Python, made what a reader returns: its shape, its identity texts, its metadata.

:func:`villagescore.api.frame_dataset` validates a DataFrame like a file; what a file cannot
hold and a DataFrame can is dealt with here: identity columns held in the index, columns
named on several levels, village ids typed as numbers, metadata given as a dict.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DatasetError, DocumentError, Problem
from ..i18n import N_
from .cells import holds_several
from .collector import Collector
from .files import fail
from .metadata import metadata_file, metadata_problems
from .model import IDENTITY_COLUMNS
from .text import nfc_tree

__all__ = ["IDENTITY_TEXT_COLUMNS", "check_frame_shape", "frame_metadata", "identity_as_text", "refuse_bytes_cells"]

#: The identity columns whose cells are texts (``year`` and ``survey_date`` are read as a number and a date).
IDENTITY_TEXT_COLUMNS = tuple(c for c in IDENTITY_COLUMNS if c not in ("year", "survey_date"))


def check_frame_shape(frame: pd.DataFrame, name: str) -> None:
    """Refuse, with what to do, a frame whose columns are on several levels or whose index holds identity columns.

    A file cannot be either; the frame's checks would otherwise say a column is missing (it is
    in the index) or name every column of a MultiIndex as unknown.
    """
    if isinstance(frame.columns, pd.MultiIndex):
        raise fail(name, N_("the DataFrame's columns are named on {levels} levels (a MultiIndex); a dataset's "
                            "columns have one name each: flatten them, e.g. df.columns = "
                            "df.columns.get_level_values(-1) when the last level holds the names"), "row 1",
                   {"levels": frame.columns.nlevels})
    columns = set(frame.columns)
    held = [n for n in frame.index.names if n in IDENTITY_COLUMNS and n not in columns]
    if held:
        raise fail(name, _IN_INDEX if len(held) == 1 else _IN_INDEX_MANY, "row 1",
                   {"columns": ", ".join(map(str, held))})


_IN_INDEX = N_("{columns} is in the DataFrame's index, not a column: pass df.reset_index()")
_IN_INDEX_MANY = N_("{columns} are in the DataFrame's index, not columns: pass df.reset_index()")


_BYTES = N_("the cell holds bytes, not text: decode the column, e.g. df[\"{column}\"] = "
            "df[\"{column}\"].str.decode(\"utf-8\")")


def refuse_bytes_cells(frame: pd.DataFrame, name: str, row_labels: Any = None) -> None:
    """Raise :class:`DatasetError` naming every cell of ``frame`` that holds bytes (``"Làng".encode()``).

    Bytes are text not yet decoded: written as CSV (and read as text) they would be the text
    ``str()`` writes of them (``b'L...'``), a name or village id nobody typed. Only columns of
    ``object`` dtype that :func:`~pandas.api.types.infer_dtype` finds all bytes or mixed are looked into.
    """
    col = None  # made only for a frame with such a cell (it reads every village id)
    for position, column in enumerate(frame.columns):
        series = frame.iloc[:, position]
        if not pd.api.types.is_object_dtype(series.dtype):
            continue
        kind = pd.api.types.infer_dtype(series, skipna=True)
        if kind != "bytes" and not kind.startswith("mixed"):
            continue
        values = series.to_numpy(dtype=object)
        mask = np.fromiter(map(isinstance, values, repeat((bytes, bytearray))), dtype=bool, count=len(values))
        if mask.any():
            col = col or Collector(name, frame, row_labels)
            col.cells(mask, str(column), values, "decoded_text", _BYTES, params={"column": str(column)})
    if col is not None:
        raise DatasetError(col.problems)


def identity_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` whose identity text columns holding numbers, dates … hold them as text, as its CSV writes them.

    A village id typed as a number (``101``) is the text ``'101'``, as in the CSV of the frame
    (``to_csv``, whose hash is recorded): the frame then scores and chooses villages as that
    file does. A column of numbers is made text by ``astype(str)`` (what ``to_csv`` writes for
    them: ``101``, ``1.0``, ``1e+16``), any other is written and read back as CSV; empty cells
    stay empty, a column holding lists is left for the check that refuses them.
    """
    positions = [j for j, c in enumerate(frame.columns) if c in IDENTITY_TEXT_COLUMNS and _not_text(frame.iloc[:, j])]
    numbers = [j for j in positions if frame.dtypes.iloc[j].kind in "iufb"]
    for j in numbers:  # str() of each is what to_csv writes
        column = frame.iloc[:, j]
        frame.isetitem(j, column.astype(str).where(column.notna()))
    positions = [j for j in positions if j not in numbers]  # mixed objects, dates, categories …
    if not positions:
        return frame
    part = frame.iloc[:, positions]
    written = part.to_csv(index=False, header=False, lineterminator="\n")
    back = pd.read_csv(io.StringIO(written), header=None, dtype=str, keep_default_na=False, na_values=[""],
                       skip_blank_lines=False, names=list(range(len(positions))))
    for k, j in enumerate(positions):
        frame.isetitem(j, pd.Series(back.iloc[:, k].array, index=frame.index, name=frame.columns[j]))
    return frame


def _not_text(series: pd.Series) -> bool:
    """Whether ``series`` holds a cell that is neither text nor empty (and no list, which is refused later)."""
    if isinstance(series.dtype, pd.StringDtype) or not series.notna().any():
        return False
    if pd.api.types.is_object_dtype(series.dtype):
        return pd.api.types.infer_dtype(series, skipna=True) not in ("string", "empty") and not holds_several(series)
    return True


def frame_metadata(metadata: Mapping[str, Any] | None, name: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The metadata given beside a DataFrame, in NFC, and its problems against the metadata schema.

    Checked as a sidecar file is (``dataset-metadata.schema.json``), except that it may leave
    out what it does not know (the ``dataset`` part, a column's source: ``{"columns": {"a":
    {"scale": "fraction"}}}``); the problems name the frame's metadata (``<DataFrame>
    (metadata)``) and are reported with the data's.
    """
    if not metadata:
        return None, []
    from ..parsing import check_depth

    source = metadata_file(name)
    meta = nfc_tree(dict(metadata))
    try:
        check_depth(meta, name=source)
    except DocumentError as exc:
        raise DatasetError(exc.problems) from None
    return meta, metadata_problems(meta, source, partial=True)
