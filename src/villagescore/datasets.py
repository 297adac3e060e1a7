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

import csv
import hashlib
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import DatasetError, PluginError, Problem, UnknownIdError, VillageScoreError

__all__ = [
    "IDENTITY_COLUMNS",
    "REQUIRED_IDENTITY",
    "OPTIONAL_IDENTITY",
    "EXTRA_PREFIX",
    "BOOLEAN_WORDS",
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
_VILLAGE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_CONTROL_RX = re.compile(_CONTROL)
_SLUG_LINES = re.compile(r"(?:[a-z0-9][a-z0-9._-]*\n)*[a-z0-9][a-z0-9._-]*")
_YEAR_RANGE = (1900, 2100)


@dataclass
class RawDataset:
    """A dataset as read from its file, before validation."""

    frame: pd.DataFrame
    path: str
    sha256: str
    metadata: dict[str, Any] | None = None
    metadata_sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Dataset:
    """A validated dataset: typed columns, metadata, provenance hashes."""

    frame: pd.DataFrame
    path: str
    sha256: str
    metadata: dict[str, Any] | None = None
    metadata_sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)  # rows dropped by keep_going

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
    data = meta_path.read_bytes()
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, None, [Problem(str(meta_path), "", f"metadata is not valid UTF-8 JSON: {exc}")]
    return _nfc_tree(meta), hashlib.sha256(data).hexdigest(), metadata_problems(meta, str(meta_path))


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


def read_csv(path: str | Path) -> RawDataset:
    """Read a UTF-8 CSV (with or without BOM), comma-separated, header in row 1."""
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
    if "," not in header:
        for sep, label in ((";", "semicolons"), ("\t", "tabs")):
            if sep in header:
                msg = f"the header is separated by {label}; villagescore reads comma-separated files"
                raise _fail(name, msg, "row 1")
    import warnings

    try:
        with warnings.catch_warnings():
            # index_col=False: a first row with one field too many must not silently become the index
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text), dtype={c: str for c in IDENTITY_COLUMNS}, keep_default_na=False,
                na_values=[""], skip_blank_lines=False, encoding_errors="strict", index_col=False,
            )
    except pd.errors.ParserWarning:
        raise _fail(name, *_too_many_fields(text)) from None
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise _fail(name, f"the CSV is malformed: {str(exc).strip()}",
                    f"row {line.group(1)}" if line else "") from None
    except pd.errors.EmptyDataError:
        raise _fail(name, "the file has no header row") from None
    names = next(csv.reader([header]))
    if len(names) == len(frame.columns):  # pandas renames a repeated column 'a' to 'a.1': undo it
        frame.columns = names
    frame = _tidy_columns(_drop_empty_rows(frame))
    meta, meta_sha, problems = _read_sidecar(path)
    return RawDataset(frame, name, digest, meta, meta_sha, problems)


def _too_many_fields(text: str) -> tuple[str, str]:
    """Return ``(message, where)`` for the first row longer than the header (slow path, errors only)."""
    rows = csv.reader(io.StringIO(text))
    width = len(next(rows))
    for number, row in enumerate(rows, start=2):
        if len(row) > width:
            msg = f"the row has {len(row)} fields but the header has {width} (a stray comma?)"
            return msg, f"row {number}"
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


def _xlsx_problems(path: Path, data: bytes) -> list[Problem]:
    """Refuse zip bombs and non-workbooks; report formula and merged cells in sheets."""
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
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise _fail(name, "not an XLSX workbook (no xl/workbook.xml); save the file as .xlsx")
        try:
            sheet_names = _sheet_names(archive)
            problems = []
            for target, sheet in sheet_names.items():
                if sheet not in ("data",) and sheet != next(iter(sheet_names.values())):
                    continue
                xml = archive.read(target).decode("utf-8", "replace")
                formulas = re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f[ >]', xml)
                for ref in formulas[:1000]:
                    problems.append(Problem(name, f"sheet {sheet!r} cell {ref}", "formula cells are not allowed "
                                            "in the data sheet: paste the values instead", rule="formula"))
                for ref in re.findall(r'<mergeCell ref="([A-Z0-9:]+)"', xml):
                    problems.append(Problem(name, f"sheet {sheet!r} cells {ref}", "merged cells are not "
                                            "allowed in the data sheet: unmerge them", rule="merged"))
            return problems
        except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            # a damaged archive (BadZipFile, zlib.error, EOFError), a missing part (KeyError), an
            # encrypted member (RuntimeError) or an unsupported compression method
            # (NotImplementedError, as zipfile raises it): say so, never a traceback
            msg = f"not a readable XLSX workbook ({type(exc).__name__}: {exc}); save the file again as .xlsx"
            raise _fail(name, msg) from None


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    wb = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for sheet, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        target = targets.get(rid, "")
        target = target.lstrip("/")
        if not target.startswith("xl/"):
            target = "xl/" + target
        out[target] = sheet
    return out


def read_xlsx(path: str | Path) -> RawDataset:
    """Read a workbook: sheet ``data`` (or the first sheet), plus optional ``metadata``/``dataset`` sheets."""
    path = Path(path)
    name = str(path)
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    problems = _xlsx_problems(path, data)
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="calamine", dtype=object)
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise _fail(name, f"cannot read the workbook: {exc}") from None
    if not sheets:
        raise _fail(name, "the workbook has no sheets")
    data_sheet = "data" if "data" in sheets else next(iter(sheets))
    frame = sheets[data_sheet]
    if _renamed_repeats(frame.columns):
        try:
            first = pd.read_excel(io.BytesIO(data), sheet_name=data_sheet, engine="calamine", dtype=object,
                                  header=None, nrows=1)
        except Exception as exc:  # pragma: no cover - the same workbook was just read
            raise _fail(name, f"cannot read the workbook: {exc}") from None
        frame.columns = _header_as_written(frame.columns, first.iloc[0].tolist() if len(first) else [])
    frame = _tidy_columns(_drop_empty_rows(frame))
    for i, col in enumerate(frame.columns):  # by position: a repeated column name must not break this
        if col in IDENTITY_COLUMNS:
            frame.isetitem(i, frame.iloc[:, i].map(_identity_text, na_action="ignore"))
    meta, meta_sha = None, None
    if "metadata" in sheets or "dataset" in sheets:
        meta = _metadata_from_sheets(sheets.get("dataset"), sheets.get("metadata"))
        meta_sha = hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        problems += metadata_problems(meta, f"{name} (metadata sheets)")
    else:
        meta, meta_sha, side = _read_sidecar(path)
        problems += side
    return RawDataset(frame, name, digest, meta, meta_sha, problems)


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
    ``NAME.meta.json`` is read, as for CSV.
    """
    path = Path(path)
    name = str(path)
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _fail(name, f"the file is not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise _fail(name, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
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
    if meta is not None:
        meta = _nfc_tree(meta)
        meta_sha = hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        side = metadata_problems(meta, f"{name} (metadata)")
    else:
        meta, meta_sha, side = _read_sidecar(path)
    return RawDataset(frame, name, digest, meta, meta_sha, side)


def _identity_text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _metadata_from_sheets(dataset_sheet: pd.DataFrame | None, columns_sheet: pd.DataFrame | None) -> dict:
    meta: dict[str, Any] = {"dataset": {}, "columns": {}}
    if dataset_sheet is not None and len(dataset_sheet.columns) >= 2:
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
            entry = {k: _nfc(str(row[k]).strip()) for k in ("source", "quality", "note")
                     if k in row and pd.notna(row[k]) and str(row[k]).strip()}
            meta["columns"][_nfc(col.strip())] = entry
    return meta


def read_raw(path: str | Path, registry: Any) -> RawDataset:
    """Read a dataset with the reader registered for its suffix."""
    path = Path(path)
    try:
        reader = registry.reader_for(path.suffix or "<none>")
    except UnknownIdError as exc:
        raise _fail(str(path), str(exc)) from None
    try:
        return reader.read(path)
    except VillageScoreError:
        raise
    except Exception as exc:  # a plugin's reader broke: name it, no traceback
        msg = (f"reader {reader.name!r} of plugin {reader.plugin!r} failed on {path}: "
               f"{type(exc).__name__}: {exc}")
        raise PluginError(msg) from exc


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


def _is_blank(series: pd.Series) -> np.ndarray:
    return series.isna().to_numpy()


def _numeric(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return (float values, mask of non-empty cells that are not finite numbers).

    A boolean cell (``TRUE``/``FALSE`` read by pandas, a workbook's logical cell) is not a
    number: it is flagged, never read as 1 or 0.
    """
    if pd.api.types.is_bool_dtype(series.dtype):
        blank = series.isna().to_numpy()
        return np.full(len(series), np.nan), ~blank
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        return values, ~np.isfinite(values) & ~series.isna().to_numpy()
    text = series.astype(object)
    blank = text.isna().to_numpy()
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
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
    frame = raw.frame
    if framework is not None:
        registry = registry.with_fields(framework.local_fields)
    needs_sectors = framework is None or framework.uses_sectors
    col = _Collector(raw.path, frame)
    col.problems.extend(raw.problems)
    file_level = bool(raw.problems)
    duplicated = bool(frame.columns.duplicated().any())
    if duplicated:
        for dup in sorted(set(frame.columns[frame.columns.duplicated()])):
            col.file(f"column {dup!r} appears more than once", "row 1", "duplicate_column", dup)
        file_level = True
    missing = [c for c in REQUIRED_IDENTITY if c not in frame.columns and (c != "sectors" or needs_sectors)]
    if missing:
        col.file(f"missing identity column(s): {', '.join(missing)}", "row 1", "identity",
                 )
        file_level = True
    known = set(IDENTITY_COLUMNS) | set(registry.fields)
    for c in frame.columns:
        if c not in known and not c.startswith(EXTRA_PREFIX):
            hint = _suggest(c, known)
            col.file(f"unknown column {c!r}: not an identity column nor a registered field{hint}; "
                     f"prefix it with {EXTRA_PREFIX!r} to keep it unscored", "row 1", "unknown_column", c)
            file_level = True
    if len(frame) == 0 and not missing:
        col.file("the file has a header but no village rows", "row 2", "empty")
        file_level = True
    stale = _metadata_mismatches(raw)
    if stale:
        col.problems.extend(stale)
        file_level = True
    if file_level and (missing or duplicated or len(frame) == 0):
        raise DatasetError(col.problems)

    out: dict[str, Any] = {}  # column → values; one DataFrame is built at the end (no fragmentation)
    _validate_identity(frame, out, col, registry)
    for fid in (c for c in frame.columns if c in registry.fields):
        _validate_field(frame[fid], registry.fields[fid], out, col)
    for c in frame.columns:
        if c.startswith(EXTRA_PREFIX):
            out[c] = frame[c]
    _cross_field(out, registry, col)
    out = pd.DataFrame(out, index=frame.index)

    if col.problems and (file_level or not keep_going):
        raise DatasetError(col.problems)
    dropped = col.problems
    if keep_going and col.bad_rows:
        out = out.drop(index=out.index[sorted(col.bad_rows)])
        if len(out) == 0:
            raise DatasetError(col.problems)
    out = out.reset_index(drop=True)
    return Dataset(out, raw.path, raw.sha256, raw.metadata, raw.metadata_sha256, list(dropped))


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


def _validate_field(series: pd.Series, fld: Any, out: dict[str, Any], col: _Collector) -> None:
    fid = fld.id
    if fld.type in ("number", "integer"):
        values, bad = _numeric(series)
        col.cells(bad, fid, series, "type", "not a number" if fld.type == "number" else "not a whole number",
                  f"a number in {fld.unit}" if fld.unit else "a number")
        ok = ~np.isnan(values) & ~bad
        if fld.type == "integer":
            with np.errstate(invalid="ignore"):  # inf % 1 is NaN; inf is already reported above
                frac = ok & (values % 1 != 0)
            col.cells(frac, fid, series, "integer", "not a whole number")
            ok &= ~frac
        if fld.minimum is not None or fld.maximum is not None:
            lo = -np.inf if fld.minimum is None else fld.minimum
            hi = np.inf if fld.maximum is None else fld.maximum
            out_of_range = ok & ((values < lo) | (values > hi))
            col.cells(out_of_range, fid, series, "range", "out of range", _describe_range(fld))
        out[fid] = np.where(bad, np.nan, values)
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


def read_dataset(path: str | Path, registry: Any, *, keep_going: bool = False, framework: Any = None) -> Dataset:
    """Read and validate a dataset file; raise :class:`DatasetError` listing every problem.

    Give the ``framework`` the data will be scored with when it declares fields of its own.
    """
    return validate(read_raw(path, registry), registry, keep_going=keep_going, framework=framework)
