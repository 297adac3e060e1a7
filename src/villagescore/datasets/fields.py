"""The field columns: numbers (type, range, percent scale), yes/no, categories and cross-field rules.

Checks are generated from the registered :class:`~villagescore.objects.Field` objects and run on
whole columns; boolean and category cells are read once per distinct value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Texts, Unit, column_text
from ..i18n import LANGS, N_
from .ambiguous import refuse_ambiguous
from .collector import Collector
from .encoding import refuse_wrongly_encoded
from .metadata import described_columns
from .model import RawDataset
from .numbers import number_problems, numeric, text_cells
from .percent_mix import mixed_fractions
from .percent_scale import percent_scale, strip_percent_signs
from .scaled import refuse_scaled
from .text import factorize, nfc

#: Words read as yes (1) and no (0) in boolean fields, case-insensitive.
BOOLEAN_WORDS = {
    "1": 1.0, "0": 0.0, "1.0": 1.0, "0.0": 0.0, "true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0,
    "có": 1.0, "không": 0.0, "co": 1.0, "khong": 0.0,
}


def _describe_range(fld: Any) -> tuple[str, dict[str, Any]]:
    """The allowed range of ``fld`` as ``(template, params)``: ``0 to 100 %``, the bounds in each language's digits."""
    from ..i18n.numbers import format_exact

    lo = "" if fld.minimum is None else Texts({lang: format_exact(fld.minimum, lang) for lang in LANGS})
    hi = "" if fld.maximum is None else Texts({lang: format_exact(fld.maximum, lang) for lang in LANGS})
    params = {"lo": lo, "hi": hi, "unit": Unit(fld.unit or "")}
    if lo and hi:
        return (N_("{lo} to {hi} {unit}") if fld.unit else N_("{lo} to {hi}")), params
    if lo:
        return (N_("at least {lo} {unit}") if fld.unit else N_("at least {lo}")), params
    return (N_("at most {hi} {unit}") if fld.unit else N_("at most {hi}")), params


@dataclass
class FieldContext:
    """What validation needs besides the cells: number format, percent-formatted cells, scales."""

    locale: str
    percent: dict[str, np.ndarray]  # column -> positions of cells a workbook formats as percentages
    scales: dict[str, str]  # column -> "percent" | "fraction" (metadata, else the option)
    default_scale: str
    workbook: bool = False  # read from an XLSX workbook: advice names cells and options, not a metadata file
    dot_thousands: bool = False  # a cell of the file shows '.' as thousands: no d.ddd cell is read by its range
    _scratch: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, raw: RawDataset) -> FieldContext:
        """The context of ``raw``: its read options, percent-formatted cells and metadata scales."""
        percent = {}
        for column, labels in raw.percent_cells.items():
            positions = raw.frame.index.get_indexer(labels)
            percent[column] = positions[positions >= 0]
        scales = {c: e["scale"] for c, e in described_columns(raw.metadata).items()
                  if isinstance(e, dict) and e.get("scale")}
        return cls(raw.options.csv_locale, percent, scales, raw.options.percent_scale,
                   str(raw.path).lower().endswith(".xlsx"))

    def formatted(self, column: str, n: int) -> np.ndarray:
        """Mask of the cells of ``column`` shown as percentages."""
        mask = np.zeros(n, dtype=bool)
        mask[self.percent.get(column, np.zeros(0, dtype=np.intp))] = True
        return mask

    def scratch(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Three boolean arrays and a float array of length ``n``, reused from column to column.

        At a million rows fresh temporaries for every check of every column cost more in page
        faults than the checks themselves.
        """
        if self._scratch is None or len(self._scratch[0]) != n:
            self._scratch = (np.empty(n, dtype=bool), np.empty(n, dtype=bool), np.empty(n, dtype=bool), np.empty(n))
        return self._scratch


#: Field types whose values are floats (yes/no as 1.0/0.0).
FLOAT_TYPES = ("number", "integer", "boolean")


def validate_field(series: pd.Series, fld: Any, out: dict[str, Any], col: Collector, ctx: FieldContext,
                   into: np.ndarray | None = None) -> None:
    """Check the column of field ``fld`` into ``col``; put its typed values into ``out``.

    ``into``: for a field of :data:`FLOAT_TYPES`, the array its values are written to (a row
    of the frame's number block), instead of a new one.
    """
    fid = fld.id
    col.labels[fid] = fld.label  # named beside the column in its problems
    if fld.type in ("number", "integer"):
        out[fid] = _number_field(series, fld, col, ctx, into)
    elif fld.type == "boolean":
        out[fid] = _boolean_field(series, fld, col, into)
    elif fld.type == "category":
        out[fid] = _category_field(series, fld, col, refuse_wrongly_encoded(series, fid, col))
    else:
        refuse_wrongly_encoded(series, fid, col)
        out[fid] = _text_field(series)


def _text_field(series: pd.Series) -> pd.Series:
    """A text column as objects, an empty cell ``None`` whatever NA its dtype has (``pd.NA``, ``NaN``)."""
    values = series.to_numpy(dtype=object)
    empty = pd.isna(values)
    if empty.any():
        values = np.where(empty, None, values)  # a new array: the caller's frame is not written to
    return pd.Series(values, index=series.index, dtype=object, copy=False)


def _boolean_field(series: pd.Series, fld: Any, col: Collector, into: np.ndarray | None = None) -> np.ndarray:
    """1.0 and 0.0 for the words of :data:`BOOLEAN_WORDS`; any other text is a problem."""
    if series.dtype == np.int64 and len(series):  # a CSV column of 0 and 1 only: every cell is a yes/no as it is
        raw = series.to_numpy()
        if raw.min() >= 0 and raw.max() <= 1:
            values = np.empty(len(raw)) if into is None else into
            np.copyto(values, raw)
            return values
    # factorised: each distinct cell text is read once, not once per village
    codes, uniques = factorize(series)
    table = np.array([BOOLEAN_WORDS.get(str(u).strip().lower(), np.nan) for u in uniques] + [np.nan])
    values = np.take(table, codes, out=into)  # code -1 (an empty cell) reads the trailing NaN
    bad = (codes >= 0) & np.isnan(values)
    col.cells(bad, fld.id, series, "boolean", N_("not a yes/no value"), N_("1/0, true/false, yes/no, có/không"))
    return values


def _category_field(series: pd.Series, fld: Any, col: Collector, refused: np.ndarray) -> pd.Series:
    """The cells that are one of the field's categories (NFC, stripped); the others are problems.

    ``refused``: the cells refused already (text in the wrong encoding), not refused twice.
    """
    codes, uniques = factorize(series)
    texts = [nfc(str(u)).strip() for u in uniques]
    allowed = set(fld.categories)
    bad = ~np.array([t in allowed for t in texts] + [True])[codes]
    col.cells(bad & ~refused, fld.id, series, "category", N_("not one of the allowed values"), "{allowed}",
              {"allowed": ", ".join(fld.categories)})
    cleaned = np.array(texts + [None], dtype=object)[codes]
    cleaned[bad] = None  # so is an empty cell (code -1: the trailing None), whatever NA its dtype has
    return pd.Series(cleaned, index=series.index, dtype=object, copy=False)  # a new array: not copied again


def _number_field(series: pd.Series, fld: Any, col: Collector, ctx: FieldContext,
                  into: np.ndarray | None = None) -> np.ndarray:
    """Read a number column: parse (locale, percent signs), scale percentages, check type and range."""
    if series.dtype.kind in "fiu" and isinstance(series.dtype, np.dtype) and fld.id not in ctx.percent:
        values = _plain_number_field(series, fld, col, ctx, into)
        if values is not None:
            return values
    fid = fld.id
    percent = fld.unit == "%"
    positions, text = text_cells(series)
    written = series  # the cells as written, quoted in the problems of a % field
    signed = None
    if percent:
        series, text, signed = strip_percent_signs(series, positions, text)
    values, bad = numeric(series, ctx.locale)
    if ctx.locale == "default":  # 7.000 is refused; 1.125 is read where 1125 is out of the field's range
        values, bad = refuse_ambiguous(values, bad, positions, text, fld, range_decides=not ctx.dot_thousands)
    if fld.type == "integer":
        allowed = N_("a whole number in {unit}") if fld.unit else N_("a whole number")
    else:
        allowed = N_("a number in {unit}") if fld.unit else N_("a number")
    for mask, rule, message, params in number_problems(series, bad, fld, ctx.locale, ctx.workbook) if bad.any() else ():
        col.cells(mask, fid, written, rule, message, allowed, {**params, "unit": Unit(fld.unit or "")})
    ok = ~np.isnan(values) & ~bad
    formatted = ctx.formatted(fid, len(values)) & ok
    if formatted.any() and percent:
        values = np.where(formatted, values * 100.0, values)  # Excel stores 45 % as 0.45
    elif formatted.any():
        template = (N_("the cell is formatted as a percentage in the workbook, but {field} is in {unit}: format "
                       "the column as Number and type the value again") if fld.unit else
                    N_("the cell is formatted as a percentage in the workbook, but {field} is a plain number: "
                       "format the column as Number and type the value again"))
        col.cells(formatted, fid, series, "percent_format", template, "", {"field": repr(fid),
                                                                          "unit": Unit(fld.unit or "")})
        values = np.where(formatted, np.nan, values)
        ok &= ~formatted
    if percent:
        # a cell written with '%' is per cent as written: neither scaled nor counted as a fraction
        plain = ok & ~formatted if signed is None or not signed.any() else ok & ~formatted & ~signed
        values, refused = percent_scale(values, plain, fld, col, ctx, ok & ~plain, bad if bad.any() else None)
        if not refused:  # a refused column's cells are not also told "leave it as it is"
            mixed_fractions(values, plain, ok, fld, col, ctx.scales.get(fld.id, ctx.default_scale))
    if fld.type == "integer":
        with np.errstate(invalid="ignore"):  # inf % 1 is NaN; inf is already reported above
            frac = ok & (values % 1 != 0)
        shown = _as_written(written, values, formatted) if percent and frac.any() else values
        col.cells(frac, fid, shown, "integer", N_("not a whole number"))
        ok &= ~frac
    if fld.minimum is not None or fld.maximum is not None:
        lo = -np.inf if fld.minimum is None else fld.minimum
        hi = np.inf if fld.maximum is None else fld.maximum
        out_of_range = ok & ((values < lo) | (values > hi))
        shown = _as_written(written, values, formatted) if percent and out_of_range.any() else values
        scaled = out_of_range & plain if percent and ctx.scales.get(fid, ctx.default_scale) == "fraction" else None
        if scaled is not None and scaled.any():  # read as fractions: the problem quotes the value the scale made
            refuse_scaled(col, scaled, fid, shown, values, *_describe_range(fld))
            out_of_range &= ~scaled
        if percent and formatted.any():
            out_of_range &= ~_held_as_percent(col, out_of_range & formatted, fid, shown, values, lo, hi, fld)
        col.cells(out_of_range, fid, shown, "range", N_("out of range"), *_describe_range(fld))
    if into is None:
        return np.where(bad, np.nan, values)
    np.copyto(into, values)
    into[bad] = np.nan
    return into


#: The least number a percent-formatted cell holds that is told "type N % again": 1.5, shown 150 %, is more likely
#: a wrong 150 % (a value just past 100 %) than 1.5 typed before the format was set, and stays "out of range".
_TYPED_BEFORE_FORMAT = 2.0


def _held_as_percent(col: Collector, mask: np.ndarray, fid: str, shown: Any, values: np.ndarray, lo: float,
                     hi: float, fld: Any) -> np.ndarray:
    """Refuse the percent-formatted cells of ``mask`` whose number typed again as a percentage is in range.

    A cell formatted as a percentage that holds 45 is shown 4500 %: 45 typed before the format
    was set. The problem says so and what to type (45 %, or 0.45); returns the cells refused.
    Only a cell holding at least :data:`_TYPED_BEFORE_FORMAT` (shown 200 % or more) is told so.
    """
    from ..i18n.numbers import format_exact

    held = values / 100.0
    refused = mask & (held >= _TYPED_BEFORE_FORMAT) & (held >= lo) & (held <= hi)
    if not refused.any():
        return refused
    def number(v: float) -> Texts:
        return Texts({lang: format_exact(round(v, 12), lang) for lang in LANGS})

    each = [{"held": number(h), "shown": number(h * 100.0), "fraction": number(h / 100.0)}
            for h in held[refused].tolist()]
    template = N_("the cell is formatted as a percentage and holds {held}, which Excel shows as {shown} %: type "
                  "{held} % again (or {fraction})")
    col.cells(refused, fid, shown, "percent_format", template, *_describe_range(fld), each=each)
    return refused


def _as_written(written: pd.Series, values: np.ndarray, formatted: np.ndarray) -> np.ndarray:
    """The cells of a % field as the problems quote them (built only when a cell is refused).

    As written (``70%``, ``33.3``, never scaled); a workbook's percent-formatted cells as the
    sheet shows them (45 for 0.45).
    """
    cells = written.to_numpy(dtype=object).copy()
    cells[formatted] = values[formatted]
    return cells


def _plain_number_field(series: pd.Series, fld: Any, col: Collector, ctx: FieldContext,
                        into: np.ndarray | None) -> np.ndarray | None:
    """:func:`_number_field` for a column pandas read as numbers, no cell formatted as a percentage.

    The same checks with the same problems, decided from the column's least and greatest
    values where that suffices (a clean column costs a copy and a few reductions); masks are
    built, in reused buffers (:meth:`FieldContext.scratch`), only for a column with a problem.
    ``None`` when a value is infinite: the general path names it.
    """
    raw = series.to_numpy()
    values = np.empty(len(raw)) if into is None else into
    np.copyto(values, raw)
    low = np.fmin.reduce(values, initial=np.inf)  # NaN (an empty cell) left out; no value: inf
    high = np.fmax.reduce(values, initial=-np.inf)
    if low == -np.inf or high == np.inf:
        return None
    mask, other, held, scratch = ctx.scratch(len(values))
    ok = None  # the cells that hold a number, worked out (into ``held``) only for a check that needs them
    shown = values  # what the problems quote: the numbers as written, not as scaled
    if fld.unit == "%":
        scale = ctx.scales.get(fld.id, ctx.default_scale)
        if scale == "fraction":
            shown = raw
            values *= 100.0  # what percent_scale does to every number
            low, high = low * 100.0, high * 100.0
        elif low <= high and low >= 0 and high <= 1:
            ok = _numbers(values, held)
            percent_scale(values, ok, fld, col, ctx)  # fractions, maybe: the general rule decides and says so
        elif low <= 1 < high:  # values on both sides of 1: a fraction typed among percentages, maybe
            ok = _numbers(values, held)
            mixed_fractions(values, ok, ok, fld, col, scale)
    if fld.type == "integer" and raw.dtype.kind == "f":  # integers read as such are whole
        np.remainder(values, 1.0, out=scratch)
        if np.fmax.reduce(scratch, initial=0.0) > 0:
            ok = _numbers(values, held) if ok is None else ok
            np.not_equal(scratch, 0.0, out=mask)
            np.logical_and(mask, ok, out=mask)
            col.cells(mask, fld.id, shown, "integer", N_("not a whole number"))
            np.greater(ok, mask, out=ok)  # ok and not fractional
            low = np.min(values, where=ok, initial=np.inf)
            high = np.max(values, where=ok, initial=-np.inf)
    lo = -np.inf if fld.minimum is None else fld.minimum
    hi = np.inf if fld.maximum is None else fld.maximum
    if (fld.minimum is not None or fld.maximum is not None) and not (low >= lo and high <= hi):
        ok = _numbers(values, held) if ok is None else ok
        np.less(values, lo, out=mask)
        np.greater(values, hi, out=other)
        np.logical_or(mask, other, out=mask)
        np.logical_and(mask, ok, out=mask)
        if shown is raw:  # read as fractions: the problem quotes the value the scale made
            refuse_scaled(col, mask, fld.id, raw, values, *_describe_range(fld))
        else:
            col.cells(mask, fld.id, shown, "range", N_("out of range"), *_describe_range(fld))
    return values


def _numbers(values: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``out`` set to the cells of ``values`` that hold a number (not NaN); a clean column never needs it."""
    np.isnan(values, out=out)
    return np.logical_not(out, out=out)


def cross_field(out: dict[str, Any], registry: Any, col: Collector) -> None:
    """Rules between fields of a row (``not_greater_than``: craft households ≤ households).

    A row where a field the rule reads was refused by its own check (a total of ``-5``) is not
    checked: the one problem is said, not a knock-on one.
    """
    refused = {column: np.concatenate(parts) for column, parts in col.refused.items()}  # before these rules add any
    for fid, fld in registry.fields.items():
        other = fld.not_greater_than
        if not other or fid not in out or other not in out:
            continue
        a = np.asarray(out[fid], dtype=float)
        b = np.asarray(out[other], dtype=float)
        with np.errstate(invalid="ignore"):
            mask = a > b
        for column in (fid, other):
            if column in refused and mask.any():
                mask[refused[column]] = False
        col.cells(mask, fid, a, "not_greater_than", N_("exceeds {other} in the same row ({field} ≤ {bound})"), "",
                  {"other": Texts({lang: column_text(other, registry.fields[other].label, lang) for lang in LANGS}),
                   "field": fid, "bound": other})
