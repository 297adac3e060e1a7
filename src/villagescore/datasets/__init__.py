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

The modules, one job each: :mod:`.model` (what a dataset is), :mod:`.files`, :mod:`.text`
(NFC, stripping, empty rows), :mod:`.csv`, :mod:`.workbook` and :mod:`.xlsx`, :mod:`.json`,
:mod:`.metadata`, :mod:`.readers` (the registered reader for a suffix), :mod:`.validate` with
:mod:`.collector`, :mod:`.messages` (layout mistakes), :mod:`.identity`, :mod:`.fields` and
:mod:`.numbers` (how numbers are read).
"""

from __future__ import annotations

from .csv import read_csv
from .fields import BOOLEAN_WORDS
from .identity import split_sectors
from .json import read_json
from .metadata import metadata_path_for, metadata_problems
from .model import (
    CSV_LOCALES,
    EXTRA_PREFIX,
    IDENTITY_COLUMNS,
    MAX_DATASET_BYTES,
    MAX_IDENTITY_CHARS,
    MAX_METADATA_BYTES,
    MAX_XLSX_UNCOMPRESSED,
    OPTIONAL_IDENTITY,
    PERCENT_SCALES,
    REQUIRED_IDENTITY,
    Dataset,
    RawDataset,
    ReadOptions,
)
from .readers import read_dataset, read_raw
from .validate import validate
from .workbook import AUX_SHEETS
from .xlsx import read_xlsx

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
    "MAX_DATASET_BYTES",
    "MAX_XLSX_UNCOMPRESSED",
    "MAX_METADATA_BYTES",
    "MAX_IDENTITY_CHARS",
    "AUX_SHEETS",
]
