"""Read a JSON dataset: an array of village rows, or ``{"villages": [...], "metadata": {...}}``."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DatasetError, DocumentError, problem
from ..i18n import N_
from ..parsing import check_depth, load_document
from ..protected import json_dataset_rows
from ..schema_messages import kind_of
from ..written_numbers import OverflowedFloat, json_written_floats
from .files import fail, read_bytes, sha256
from .metadata import metadata_digest, metadata_file, metadata_problems, read_sidecar
from .model import IDENTITY_COLUMNS, MAX_DATASET_BYTES, RawDataset
from .text import drop_empty_rows, identity_text, nfc, nfc_tree, tidy_columns


def read_json(path: str | Path) -> RawDataset:
    """Read a JSON dataset: an array of village rows, or ``{"villages": [...], "metadata": {...}}``.

    Each row is an object whose keys are the column names of the CSV form; ``sectors`` may be
    a list of sector ids. Without an inline ``metadata`` object the sidecar
    ``NAME.meta.json`` is read, as for CSV. Parsing is strict
    (:func:`villagescore.parsing.load_document`): duplicate keys and bare NaN/Infinity are refused.
    """
    path = Path(path)
    name = str(path)
    data = read_bytes(path)
    digest = sha256(data)
    try:
        doc = load_document(data, name=name, kind="json", max_bytes=MAX_DATASET_BYTES, max_depth=None,
                            label=N_("datasets"))
    except DocumentError as exc:
        if _json_lines(data):
            raise fail(name, N_("this is JSON Lines (one village row per line), not a JSON dataset: put the rows in "
                                "an array — '[' before the first, a comma after each but the last, ']' after the "
                                "last — or save the table as CSV")) from None
        raise DatasetError(exc.problems) from None
    meta = None
    if isinstance(doc, dict) and "provenance" in doc:
        raise fail(name, N_("this is a result file (villagescore evaluate --format json), not a dataset; compare "
                            "results with `villagescore compare`"), "$")
    records = json_dataset_rows(doc)
    if isinstance(doc, dict) and records is not None:
        meta = doc.get("metadata")
    elif records is None:
        raise fail(name, N_("a JSON dataset is an array of village rows, or an object with 'villages' (an array) "
                            "and optional 'metadata'"), "$")
    frame = _json_frame(records, name, data)
    if meta is not None:
        try:
            check_depth(meta, name=metadata_file(name))
        except DocumentError as exc:
            raise DatasetError(exc.problems) from None
        meta = nfc_tree(meta)
        meta_sha = metadata_digest(meta)
        side = metadata_problems(meta, metadata_file(name))
    else:
        meta, meta_sha, side = read_sidecar(path)
    return RawDataset(frame, name, digest, meta, meta_sha, side)


#: A cell read as infinity: a number too large for a float (JSON has no infinity of its own).
_INFINITE = frozenset({math.inf, -math.inf})
#: A lone UTF-16 surrogate: JSON text may write one (``"\\ud800"``), UTF-8 cannot hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_frame(records: list[Any], name: str, data: bytes = b"") -> pd.DataFrame:
    """The rows of a JSON dataset (read from ``data``) as a frame; cells that are lists or objects are refused."""
    problems = []
    rows = []
    overflowed: set[str] = set()  # columns holding a number too large for a float (1e400): quoted as written
    unwritten = []  # (row, record, key) of such a number read without its text (a file over 5 MiB)
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            problems.append(problem(name, f"$[{i}]", N_("a village row must be an object, not {kind}"),
                                    params={"kind": kind_of(record)}))
            continue
        row = {}
        for key, value in record.items():
            if key == "sectors" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = ";".join(value)
            elif isinstance(value, (list, dict)):
                problems.append(problem(name, f"$[{i}].{key}", N_("a cell must be a number, text, true/false or null"),
                                        column=str(key)))
                value = None
            elif isinstance(value, str) and _SURROGATE.search(value):  # JSON's \ud800 escape: no character, no UTF-8
                problems.append(problem(name, f"$[{i}].{key}", N_("contains {escape}, half of a character (a lone "
                                                                  "surrogate) that no file can hold: retype the text"),
                                        column=str(key), params={"escape": repr(_SURROGATE.search(value)[0])}))
                value = None
            elif isinstance(value, OverflowedFloat):
                overflowed.add(nfc(str(key)))
            elif value.__class__ is float and value in _INFINITE:
                overflowed.add(nfc(str(key)))
                unwritten.append((len(rows), i, key))
            row[nfc(str(key))] = nfc(value)
        rows.append(row)
    if problems:
        raise DatasetError(problems)
    if unwritten and data:  # rare: the file is read again, its numbers too large for a float kept as written
        again = json_dataset_rows(json_written_floats(data.decode("utf-8-sig")))
        for at, i, key in unwritten:
            rows[at][nfc(str(key))] = again[i][key]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    frame = _records_frame(rows, columns) if rows else pd.DataFrame(columns=columns)
    frame = tidy_columns(frame.astype(object).where(frame.notna(), None))
    for key in sorted(overflowed):  # as objects, so that the cell says 1e400 (a float column holds inf)
        frame[key.strip()] = pd.Series([row.get(key) for row in rows], index=frame.index, dtype=object)
    for col in IDENTITY_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].map(identity_text, na_action="ignore")
    return drop_empty_rows(frame)  # a row of empty or space-only values, as in every reader (index kept)


def _records_frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """The rows as a frame; a column holding an integer too large for a float is a column of objects.

    pandas 3 makes such a column an object column itself (validation then says the integer is too
    large); pandas 2 raises OverflowError for the whole frame, so its columns are built one by one.
    """
    try:
        return pd.DataFrame.from_records(rows, columns=columns)
    except OverflowError:
        pass

    def column(key: str) -> pd.Series:
        values = [row.get(key) for row in rows]
        try:
            return pd.Series(values)
        except OverflowError:
            return pd.Series(values, dtype=object)

    return pd.DataFrame({key: column(key) for key in columns}, columns=columns)


def _json_lines(data: bytes) -> bool:
    """Whether ``data`` (that does not parse as one JSON document) holds one JSON object per line (JSON Lines)."""
    import json

    lines: list[bytes] = []
    pos = 0
    while len(lines) < 3 and pos < len(data):  # the first three lines that are not blank, never the whole file
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        if data[pos:end].strip():
            lines.append(data[pos:end])
        pos = end + 1
    try:
        return len(lines) > 1 and all(isinstance(json.loads(line.decode("utf-8-sig")), dict) for line in lines)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return False
