"""Validate a dataset against the registered fields and sectors, collecting every problem of the file.

Validation is generated from the registered fields and runs on whole columns; it collects
*every* problem of a file (row, village, column, value, rule, allowed values) before it
reports. Nothing is coerced silently: a cell that is not empty and cannot be read as its
field's type is a problem, never a missing value.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from .. import prefault
from ..errors import Count, DatasetError, Term, closest
from ..i18n import N_
from ..progress import phase
from .ambiguous import shows_dot_thousands
from .category_rules import category_rules
from .cells import refuse_non_scalar_cells
from .collector import Collector
from .dropped import left_out
from .fields import FLOAT_TYPES, FieldContext, cross_field, validate_field
from .identity import validate_identity
from .messages import header_row_below, is_blank_header, refuse_wide_header, report_blank_headers
from .metadata import metadata_mismatches, scale_problems
from .model import EXTRA_PREFIX, IDENTITY_COLUMNS, REQUIRED_IDENTITY, Dataset, RawDataset
from .plausibility import plausibility_warnings
from .repeated_header import say_repeated_headers
from .text import shared_factorization


def validate(raw: RawDataset, registry: Any, *, keep_going: bool = False, framework: Any = None,
             suggest_framework: bool = False) -> Dataset:
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
    suggest_framework : bool
        The framework was not chosen (the command line's default): an unknown column may be a
        field a framework file declares, so its advice says to give that file (``-f F``) besides
        the ``x_`` prefix.

    Labels are read as codes first (:func:`villagescore.readback.normalise`: a survey's
    Vietnamese headers, category and sector labels), provinces the official list writes
    otherwise give notes, and a value close to a label gets a did-you-mean.

    Raises
    ------
    DatasetError
        Listing every problem of the file; a DataFrame's cells that hold several values (a list …)
        are refused first, with ``keep_going`` too (every such cell, before any other check).
    """
    from ..readback import normalise, with_suggestions

    with phase(N_("validating")), shared_factorization():
        refuse_non_scalar_cells(raw.frame, raw.path, raw.row_labels)  # a list in a cell: before any cell is read
        known = registry.with_fields(framework.local_fields) if framework is not None else registry
        frame, survey_notes = normalise(raw.frame, known)
        raw = _metadata_labels(raw, known)
        if frame is not raw.frame:
            renamed = {old: new for old, new in zip(raw.frame.columns, frame.columns, strict=True)}
            raw = dataclasses.replace(raw, frame=frame, percent_cells={renamed.get(k, k): v
                                                                        for k, v in raw.percent_cells.items()})
        try:
            dataset = _validate(raw, registry, keep_going=keep_going, framework=framework,
                                suggest_framework=suggest_framework)
        except DatasetError as exc:
            raise _with_warnings(DatasetError(with_suggestions(exc.problems, known)),  # the same problems: not twice
                                 getattr(exc, "warnings", [])) from None
        dataset.problems = with_suggestions(dataset.problems, known)
        dataset.notes.extend(survey_notes)
        return dataset


def _metadata_labels(raw: RawDataset, registry: Any) -> RawDataset:
    """``raw`` whose metadata sheet names a column by its label (as row 1 shows it) read with the column's id."""
    from ..readback import column_ids

    columns = raw.metadata.get("columns") if isinstance(raw.metadata, dict) else None
    if raw.metadata_cells is None or not isinstance(columns, dict):
        return raw
    ids = {label: code for label, code in column_ids(columns, registry).items() if code not in columns}
    if not ids:
        return raw
    for label, code in ids.items():
        raw.metadata_cells.renamed(label, code)
    renamed = {ids.get(key, key): entry for key, entry in columns.items()}
    return dataclasses.replace(raw, metadata={**raw.metadata, "columns": renamed})


#: Bytes of heap the header and identity checks may take per row while the number block is faulted in (the
#: names' text joined and encoded: ≈ 4 MB at 100,000 rows; see :func:`villagescore.allocator.reserve_heap`).
_HEAP_PER_ROW = 160


def _validate(raw: RawDataset, registry: Any, *, keep_going: bool, framework: Any,
              suggest_framework: bool = False) -> Dataset:
    frame = raw.frame
    if framework is not None:
        registry = registry.with_fields(framework.local_fields)
    # the number columns' block is faulted in by a thread while the header and identity columns are checked
    planned = sum(c in registry.fields and registry.fields[c].type in FLOAT_TYPES for c in frame.columns)
    block_later = prefault.empty_soon((planned, len(frame)), reserve=len(frame) * _HEAP_PER_ROW)
    col = Collector(raw.path, frame, raw.row_labels)
    needs_sectors = framework is None or framework.uses_sectors
    named, file_level = _check_columns(raw, registry, col, needs_sectors=needs_sectors,
                                       suggest_framework=suggest_framework)
    ctx = FieldContext.build(raw)
    out: dict[str, Any] = {}  # column → values; one DataFrame is built at the end (no fragmentation)
    validate_identity(frame, out, col, registry, needs_sectors=needs_sectors)
    fields = [c for c in named if c in registry.fields]
    if ctx.locale == "default":
        ctx.dot_thousands = shows_dot_thousands(
            (frame[c], registry.fields[c]) for c in fields if registry.fields[c].type in ("number", "integer"))
    floats = [c for c in fields if registry.fields[c].type in FLOAT_TYPES]
    block = block_later()  # the number columns, written in place (no copy at the end)
    if len(block) != len(floats):  # pragma: no cover - a repeated or blank header among them is refused above
        block = prefault.empty((len(floats), len(frame)))
    rows = dict(zip(floats, block, strict=True))
    for fid in fields:
        validate_field(frame[fid], registry.fields[fid], out, col, ctx, into=rows.get(fid))
    for c in named:
        if c.startswith(EXTRA_PREFIX):
            out[c] = frame[c]
    cross_field(out, registry, col)
    say_repeated_headers(frame, col)
    category_rules(out, registry, col)
    warnings = plausibility_warnings(rows, registry, col)  # the number columns; an invalid cell is NaN
    out = _frame(out, frame.index, block, floats)

    file_level |= col.column_level
    if col.problems and (file_level or not keep_going):
        raise _with_warnings(DatasetError(col.problems), warnings)
    dropped = col.problems
    left = []
    if keep_going and col.bad_rows:
        left = left_out(frame, col.rows, col.ids, col.bad_rows, dropped, col.where_of, raw.row_labels)
        out = out.drop(index=out.index[sorted(col.bad_rows)])
        if len(out) == 0:
            raise _with_warnings(DatasetError(col.problems), warnings)
    rows = np.delete(col.rows, sorted(col.bad_rows)) if keep_going and col.bad_rows else col.rows
    out = out.reset_index(drop=True)
    return Dataset(out, raw.path, raw.sha256, raw.metadata, raw.metadata_sha256, list(dropped), list(raw.notes),
                   warnings, left, rows=rows, row_labels=raw.row_labels)


def _with_warnings(exc: DatasetError, warnings: list) -> DatasetError:
    """``exc`` carrying the plausibility warnings found too (``villagescore validate`` prints both)."""
    exc.warnings = warnings
    return exc


def _frame(out: dict[str, Any], index: pd.Index, block: np.ndarray, floats: list[str]) -> pd.DataFrame:
    """``pd.DataFrame(out, index=index)`` whose number columns are ``block`` itself, not a copy of it.

    The other columns are inserted in their places (a few blocks of their own); with very
    many of them the frame is built the usual way, so that it is not fragmented.
    """
    in_block = set(floats)
    if len(out) - len(floats) > 50:
        return pd.DataFrame(out, index=index)
    frame = pd.DataFrame(block.T, index=index, columns=pd.Index(floats, dtype=object), copy=False)
    for position, name in enumerate(out):
        if name not in in_block:
            frame.insert(position, name, out[name])
    frame.columns = pd.Index(list(out))  # the names as pd.DataFrame(out) types them
    return frame


def _check_columns(raw: RawDataset, registry: Any, col: Collector, *, needs_sectors: bool,
                   suggest_framework: bool = False) -> tuple[pd.Index, bool]:
    """Problems of the file as a whole: the reader's, the header, the columns, no rows, stale metadata.

    Returns the named columns and whether a file-level problem was found (``keep_going`` cannot
    drop rows for those). Raises at once when the cells cannot be checked (the header is not in
    row 1, an identity column is missing or repeated, no rows).
    """
    frame = raw.frame
    refuse_wide_header(raw.path, frame.shape[1])  # a workbook or JSON file that the reader could read
    col.problems.extend(raw.problems)
    file_level = bool(raw.problems)
    header_row = header_row_below(frame)
    if header_row is not None:
        col.file(N_("the column names are on row {row}, not on row 1: delete the row(s) above them (a title or "
                    "notes above the table); row 1 must hold the column names"), "row 1", "header_row",
                 params={"row": header_row})
        raise DatasetError(col.problems)
    blank = [j for j, c in enumerate(frame.columns) if is_blank_header(c)]
    file_level |= report_blank_headers(frame, blank, col, raw.path.lower().endswith(".xlsx"))
    named = frame.columns[[j for j in range(frame.shape[1]) if j not in set(blank)]]
    duplicated = bool(named.duplicated().any())
    if duplicated:
        for dup in sorted(set(named[named.duplicated()])):
            col.file(N_("column {column} appears more than once"), "row 1", "duplicate_column", dup,
                     {"column": repr(dup)})
        file_level = True
    missing = [c for c in REQUIRED_IDENTITY if c not in frame.columns and (c != "sectors" or needs_sectors)]
    if missing:
        col.file(_MISSING_COMMUNE if "commune" in missing else _MISSING_IDENTITY, "row 1", "identity",
                 params={"columns": ", ".join(missing)})
        file_level = True
    file_level |= _unknown_columns(named, registry, col, suggest_framework)
    if len(frame) == 0 and not missing:
        col.file(N_("the file has a header but no village rows") if raw.row_labels is None else
                 N_("the DataFrame has no rows: give one row per village-year"), "row 2", "empty")
        file_level = True
    stale = metadata_mismatches(raw) + scale_problems(raw, registry)
    if stale:
        col.problems.extend(stale)
        file_level = True
    if file_level and (missing or duplicated or len(frame) == 0):
        raise DatasetError(col.problems)
    return named, file_level


#: Unknown columns named one by one with a did-you-mean (the rest are counted).
_SHOWN_UNKNOWN = 50
#: Said of unknown columns when no framework was given: a framework file may declare them.
_OR_FRAMEWORK = N_(", or give -f F if your framework declares this field")
_OR_FRAMEWORK_MANY = N_(", or give -f F if your framework declares these fields")


def _unknown_columns(named: pd.Index, registry: Any, col: Collector, suggest_framework: bool = False) -> bool:
    """Columns that are neither identity columns, registered fields nor ``x_`` columns.

    The first :data:`_SHOWN_UNKNOWN` are named with a did-you-mean (a fuzzy match against every
    known name each), the others counted in one problem. ``suggest_framework``: the advice adds
    that a framework file may declare them (``-f F``).
    """
    one, many = (Term(_OR_FRAMEWORK), Term(_OR_FRAMEWORK_MANY)) if suggest_framework else ("", "")
    known = set(IDENTITY_COLUMNS) | set(registry.fields)
    unknown = [c for c in named if c not in known and not c.startswith(EXTRA_PREFIX)]
    hint = registry.failure_hint("register_fields") if hasattr(registry, "hook_failures") else ""
    for c in unknown[:_SHOWN_UNKNOWN]:
        close = closest(c, known)
        if hint:  # a plugin that failed to give its fields may have given this one: prefixing it is not the fix
            col.file(N_("unknown column {column}: not an identity column nor a registered field{hint}; fix that "
                        "plugin, or prefix the column with {prefix} to keep it unscored"), "row 1", "unknown_column", c,
                     {"column": repr(c), "hint": hint, "prefix": repr(EXTRA_PREFIX)})
            continue
        template = (N_("unknown column {column}: not an identity column nor a registered field (did you mean "
                       "{close}?); prefix it with {prefix} to keep it unscored{framework}") if close else
                    N_("unknown column {column}: not an identity column nor a registered field; prefix it with "
                       "{prefix} to keep it unscored{framework}"))
        col.file(template, "row 1", "unknown_column", c,
                 {"column": repr(c), "close": repr(close), "prefix": repr(EXTRA_PREFIX), "framework": one})
    if len(unknown) > _SHOWN_UNKNOWN:
        col.file(N_("… and {n} more unknown columns (from {column} on): not identity columns nor registered fields; "
                    "prefix them with {prefix} to keep them unscored{framework}"), "row 1", "unknown_column",
                 params={"n": Count(len(unknown) - _SHOWN_UNKNOWN), "column": repr(unknown[_SHOWN_UNKNOWN]),
                         "prefix": repr(EXTRA_PREFIX), "framework": many})
    return bool(unknown)


_MISSING_IDENTITY = N_("missing identity column(s): {columns}: add each as a column named exactly so in row 1 "
                       "('villagescore template' writes a survey with all of them)")
#: The commune column is required, its cells not: a village whose commune is unknown keeps the column, empty.
_MISSING_COMMUNE = N_("missing identity column(s): {columns}: add each as a column named exactly so in row 1 "
                      "('villagescore template' writes a survey with all of them); the cells of 'commune' may be "
                      "left empty where the commune is not known")
