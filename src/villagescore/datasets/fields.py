"""The field columns: numbers (type, range, percent scale), yes/no, categories and cross-field rules.

Checks are generated from the registered :class:`~villagescore.objects.Field` objects and run on
whole columns; boolean and category cells are read once per distinct value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .collector import Collector
from .model import RawDataset
from .numbers import ambiguous_text, number_problems, numeric, strip_percent_signs, text_cells
from .text import nfc

#: Words read as yes (1) and no (0) in boolean fields, case-insensitive.
BOOLEAN_WORDS = {
    "1": 1.0, "0": 0.0, "1.0": 1.0, "0.0": 0.0, "true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0,
    "có": 1.0, "không": 0.0, "co": 1.0, "khong": 0.0,
}


def _describe_range(fld: Any) -> str:
    lo = "" if fld.minimum is None else f"{fld.minimum:g}"
    hi = "" if fld.maximum is None else f"{fld.maximum:g}"
    unit = f" {fld.unit}" if fld.unit else ""
    if lo and hi:
        return f"{lo} to {hi}{unit}"
    if lo:
        return f"at least {lo}{unit}"
    return f"at most {hi}{unit}"


@dataclass
class FieldContext:
    """What validation needs besides the cells: number format, percent-formatted cells, scales."""

    locale: str
    percent: dict[str, np.ndarray]  # column -> positions of cells a workbook formats as percentages
    scales: dict[str, str]  # column -> "percent" | "fraction" (metadata, else the option)
    default_scale: str

    @classmethod
    def build(cls, raw: RawDataset) -> FieldContext:
        """The context of ``raw``: its read options, percent-formatted cells and metadata scales."""
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


def validate_field(series: pd.Series, fld: Any, out: dict[str, Any], col: Collector, ctx: FieldContext) -> None:
    """Check the column of field ``fld`` into ``col``; put its typed values into ``out``."""
    fid = fld.id
    if fld.type in ("number", "integer"):
        out[fid] = _number_field(series, fld, col, ctx)
    elif fld.type == "boolean":
        out[fid] = _boolean_field(series, fld, col)
    elif fld.type == "category":
        out[fid] = _category_field(series, fld, col)
    else:
        out[fid] = series.astype(object)


def _boolean_field(series: pd.Series, fld: Any, col: Collector) -> np.ndarray:
    """1.0 and 0.0 for the words of :data:`BOOLEAN_WORDS`; any other text is a problem."""
    # factorised: each distinct cell text is read once, not once per village
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    table = np.array([BOOLEAN_WORDS.get(str(u).strip().lower(), np.nan) for u in uniques] + [np.nan])
    values = table[codes]  # code -1 (an empty cell) reads the trailing NaN
    bad = (codes >= 0) & np.isnan(values)
    col.cells(bad, fld.id, series, "boolean", "not a yes/no value", "1/0, true/false, yes/no, có/không")
    return values


def _category_field(series: pd.Series, fld: Any, col: Collector) -> pd.Series:
    """The cells that are one of the field's categories (NFC, stripped); the others are problems."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = [nfc(str(u)).strip() for u in uniques]
    allowed = set(fld.categories)
    bad = ~np.array([t in allowed for t in texts] + [True])[codes]
    col.cells(bad, fld.id, series, "category", "not one of the allowed values", ", ".join(fld.categories))
    cleaned = np.array(texts + [None], dtype=object)[codes]
    empty = codes < 0
    cleaned[empty] = series.to_numpy(dtype=object)[empty]  # an empty cell keeps its NA value
    cleaned[bad] = None
    return pd.Series(cleaned, index=series.index, dtype=object)


def _number_field(series: pd.Series, fld: Any, col: Collector, ctx: FieldContext) -> np.ndarray:
    """Read a number column: parse (locale, percent signs), scale percentages, check type and range."""
    fid = fld.id
    percent = fld.unit == "%"
    positions, text = text_cells(series)
    if percent:
        series, text = strip_percent_signs(series, positions, text)
    values, bad = numeric(series, ctx.locale)
    if ctx.locale == "default":
        ambiguous = ambiguous_text(len(series), positions, text)
        if ambiguous.any():
            values = np.where(ambiguous, np.nan, values)
            bad = bad | ambiguous
    for mask, rule, message in number_problems(series, bad, fld, ctx.locale) if bad.any() else ():
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


def _percent_scale(values: np.ndarray, plain: np.ndarray, fld: Any, col: Collector, ctx: FieldContext
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


def cross_field(out: dict[str, Any], registry: Any, col: Collector) -> None:
    """Rules between fields of a row (``not_greater_than``: craft households ≤ households)."""
    for fid, fld in registry.fields.items():
        other = fld.not_greater_than
        if not other or fid not in out or other not in out:
            continue
        a = np.asarray(out[fid], dtype=float)
        b = np.asarray(out[other], dtype=float)
        with np.errstate(invalid="ignore"):
            mask = a > b
        col.cells(mask, fid, a, "not_greater_than", f"exceeds {other!r} in the same row ({fid} ≤ {other})")
