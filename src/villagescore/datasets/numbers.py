"""How numbers are read from cells, and what to tell the user when a cell is not one.

Nothing is coerced silently: ``TRUE`` in a number column, ``7.000`` (7 or 7000?), ``1,5``, ``45%`` in a column
that is not a percentage and integers beyond a float's range are all refused with a message that says how to write
the number. With ``--csv-locale vi`` text cells are read as Vietnamese numbers (``1.234,5``). A complex number
(a DataFrame's cell) is not a number either: ``to_csv`` writes ``(52.8+30j)``, which no CSV reading takes.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Term, Unit
from ..i18n import N_
from ..written_numbers import OverflowedFloat
from .lookalike import lookalike_hint
from .money import amount_advice
from .no_value import says_no_value
from .text import factorize

#: '.' between groups of three digits: 7.000 is 7 with a decimal point, or 7000 with a thousands separator.
DOT_GROUPS = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
DOT_GROUPS_IN_TEXT = re.compile(r"(?<![\w.])[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?![\w.])")


def numeric(series: pd.Series, locale: str = "default") -> tuple[np.ndarray, np.ndarray]:
    """Return (float values, mask of non-empty cells that are not finite numbers).

    A boolean cell (``TRUE``/``FALSE`` read by pandas, a workbook's logical cell) is not a
    number: it is flagged, never read as 1 or 0. With ``locale="vi"`` text cells are read as Vietnamese numbers
    (``1.234,5``); any other text is not a number. An integer too large for a float is infinite (flagged). Digits
    grouped by threes with a non-breaking or thin space (``5 000 000``, as Vietnamese Word and Excel write them) are
    read in either locale: a space is never a decimal separator, so the number is not ambiguous.
    """
    values, bad = _numeric(series, locale)
    if bad.any() and not pd.api.types.is_bool_dtype(series.dtype):
        values, bad = _space_grouped(series, values, bad, locale)
    return values, bad


#: The spaces Word and Excel put between groups of three digits: no-break, narrow no-break and thin space.
GROUP_SPACES = "\u00a0\u202f\u2009"
_SPACE_GROUPED = {
    "default": re.compile(rf"[+-]?[0-9]{{1,3}}(?:[{GROUP_SPACES}][0-9]{{3}})+(?:\.[0-9]+)?"),
    "vi": re.compile(rf"[+-]?[0-9]{{1,3}}(?:[{GROUP_SPACES}][0-9]{{3}})+(?:,[0-9]+)?"),
}


def _space_grouped(series: pd.Series, values: np.ndarray, bad: np.ndarray, locale: str
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The flagged cells that are numbers grouped by no-break or thin spaces, read (only those cells are looked at)."""
    positions = np.flatnonzero(bad)
    cells = series.to_numpy(dtype=object)[positions]
    pattern = _SPACE_GROUPED["vi" if locale == "vi" else "default"]
    found = [(p, c.strip()) for p, c in zip(positions.tolist(), cells, strict=True)
             if isinstance(c, str) and pattern.fullmatch(c.strip(" \t" + GROUP_SPACES))]
    if not found:
        return values, bad
    values, bad = values.copy(), bad.copy()
    for pos, text in found:
        plain = re.sub(f"[{GROUP_SPACES}]", "", text.strip(GROUP_SPACES))
        values[pos] = float(plain.replace(",", ".") if locale == "vi" else plain)
        bad[pos] = False
    return values, bad


def _numeric(series: pd.Series, locale: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`numeric` without the space-grouped numbers."""
    if pd.api.types.is_bool_dtype(series.dtype):
        blank = series.isna().to_numpy()
        return np.full(len(series), np.nan), ~blank
    if pd.api.types.is_complex_dtype(series.dtype):  # 52.8+30j is no reading of a measure: each cell is flagged
        return np.full(len(series), np.nan), ~series.isna().to_numpy()
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        return values, ~np.isfinite(values) & ~series.isna().to_numpy()
    if isinstance(series.dtype, pd.StringDtype) and locale != "vi":
        codes, uniques = factorize(series)
        if 2 * len(uniques) < len(series):  # few distinct texts (years …): each is parsed once
            values = np.append(_to_float(pd.Series(np.asarray(uniques, dtype=object), dtype=object)), np.nan)[codes]
            return values, (codes >= 0) & ~np.isfinite(values)
    text = series.astype(object)
    blank = text.isna().to_numpy()
    if locale == "vi":
        text = _vi_numbers(text)
    values = _to_float(text)
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


def _to_float(text: pd.Series) -> np.ndarray:
    """``pd.to_numeric`` with ``errors="coerce"``, and ±inf for integers too large for a float."""
    try:
        numbers = pd.to_numeric(text, errors="coerce")
        if not pd.api.types.is_complex_dtype(numbers.dtype):
            return numbers.to_numpy(dtype=float, na_value=np.nan)
    except (OverflowError, ValueError):
        pass
    # a huge Python int or a complex number among the cells: cell by cell (rare)
    return np.array([_cell_float(v) for v in text.to_numpy(dtype=object)], dtype=float)


def _cell_float(value: Any) -> float:
    if value is None or isinstance(value, (bool, np.bool_, complex, np.complexfloating)):
        return math.nan
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


#: A number written with Vietnamese settings: '.' between groups of three digits, ',' before decimals.
_VI_NUMBER = r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?"


def _vi_numbers(text: pd.Series) -> pd.Series:
    """Text cells in the Vietnamese format turned into plain numbers; other text cells into None (flagged)."""
    cells = text.to_numpy(dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in cells), dtype=bool, count=len(cells))
    if not is_text.any():
        return text
    strings = pd.Series(cells[is_text], dtype=object).str.strip()
    good = strings.str.fullmatch(_VI_NUMBER).to_numpy(dtype=bool)
    plain = strings.str.replace(".", "", regex=False).str.replace(",", ".", regex=False).to_numpy(dtype=object)
    cells = cells.copy()
    cells[is_text] = np.where(good, plain, None)
    return pd.Series(cells, index=text.index, dtype=object)


def number_problems(series: pd.Series, mask: np.ndarray, fld: Any, locale: str, workbook: bool = False
                     ) -> list[tuple[np.ndarray, str, str, dict[str, Any]]]:
    """Sort the cells of ``mask`` that are not numbers into ``(mask, rule, template, params)`` groups.

    Numbers written with separators get a message saying how to write them (only the flagged
    cells are looked at). In a ``workbook`` such a number is a text cell: the advice is to type
    it again as a number, not the CSV option ``--csv-locale vi``.
    """
    positions = np.flatnonzero(mask)
    cells = series.to_numpy(dtype=object)[positions]
    try:  # each distinct cell is looked at once
        codes, uniques = pd.factorize(pd.Series(cells, dtype=object), use_na_sentinel=False)
    except (TypeError, OverflowError):  # unhashable cells (a plugin reader's lists …), on pandas 2 a huge integer
        codes, uniques = np.arange(len(cells)), cells
    hints = [_number_hint(u, fld, locale, workbook) for u in uniques]
    groups: dict[tuple[str, str, tuple], list[int]] = {}
    for code, (rule, template, params) in enumerate(hints):
        groups.setdefault((rule, template, tuple(params.items())), []).append(code)
    out = []
    for (rule, template, params), which in groups.items():
        sub = np.zeros(len(mask), dtype=bool)
        sub[positions[np.isin(codes, which)]] = True
        out.append((sub, rule, template, dict(params)))
    return out


_COMMA_GROUPS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]*,[0-9]+")
_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


#: In a workbook, what to do with a number typed as text (the CSV option does not name it).
_IN_WORKBOOK = {
    "thousands": N_("{kind}: a text cell where '{sep}' separates thousands; format the column as Number and type "
                    "{whole} again"),
    "ambiguous": N_("ambiguous: a text cell where '{sep}' separates thousands ({whole}) or decimals ({part}); format "
                    "the column as Number and type the value again"),
    "decimal_comma": N_("{kind}: a text cell with a decimal comma; format the column as Number and type the value "
                        "again (Excel with Vietnamese regional settings takes the comma), or write {number} with a "
                        "point"),
}


def _number_hint(cell: Any, fld: Any, locale: str, workbook: bool = False) -> tuple[str, str, dict[str, Any]]:
    """``(rule, template, params)`` of a cell that is not a number of ``fld``."""
    rule, template, params = _hint(cell, fld, locale)
    if workbook and locale != "vi" and rule in ("thousands", "decimal_comma"):
        template = _IN_WORKBOOK["ambiguous" if "part" in params else rule]
    return rule, template, params


def _hint(cell: Any, fld: Any, locale: str) -> tuple[str, str, dict[str, Any]]:
    kind = Term(N_("not a number") if fld.type == "number" else N_("not a whole number"))
    written = isinstance(cell, (int, OverflowedFloat)) or (isinstance(cell, str)
                                                         and _NUMBER_TEXT.fullmatch(cell.strip()) is not None)
    if written and math.isinf(_cell_float(cell)):
        return "too_large", N_("{kind}: too large (beyond ±1.8e308)"), {"kind": kind}
    if isinstance(cell, (datetime.date, datetime.time)):
        return "date", N_("{kind}: the workbook holds a date here (Excel turns 1/2 or 1-2 into a date): format the "
                          "column as Number and type the value again"), {"kind": kind}
    if isinstance(cell, (complex, np.complexfloating)):
        return "type", N_("{kind}: a complex number; give the real number (its imaginary part is not a measure)"), {
            "kind": kind}
    if not isinstance(cell, str):
        return "type", "{kind}", {"kind": kind}
    text = cell.strip(" \t" + GROUP_SPACES)
    if any(ch in text for ch in GROUP_SPACES) and re.fullmatch(rf"[+-]?[0-9{GROUP_SPACES}]+(?:[.,][0-9]+)?", text):
        text = re.sub(f"[{GROUP_SPACES}]", "", text)  # 5 000,5: said as 5000,5 (a decimal comma) below
        if not _DECIMAL_COMMA.fullmatch(text):
            return "spaces", N_("{kind}: the spaces between the digits do not separate groups of three digits: "
                                "write the number without spaces"), {"kind": kind}
    lookalike = lookalike_hint(text, fld, locale == "vi", _VI_NUMBER if locale == "vi" else _NUMBER_TEXT.pattern, kind)
    if lookalike is not None:  # −5.2, 120 and a zero-width space, ７０: the number to type, if the field takes it
        return lookalike
    worded = _NUMBER_AND_WORDS.fullmatch(text)
    if worded and locale == "vi":  # 4.500.000 VND: the unit is what stops it, not the format
        return _worded_hint(worded, fld, locale, kind)
    separated = separator_reading(text) if locale != "vi" else None  # with Vietnamese settings: said last
    if separated is not None and separated[0] == "thousands" and separated[1]["sep"] == ",":
        # 4,500,000 is no number with Vietnamese settings either (',' is their decimal comma): only 4500000 reads
        return "thousands", N_("{kind}: '{sep}' separates thousands; write {whole} without a thousands separator"
                               ), {"kind": kind, **separated[1]}
    if separated is not None and separated[0] == "ambiguous" and fld.type == "integer" and "." in separated[1]["part"]:
        separated = "thousands", {k: separated[1][k] for k in ("sep", "whole")}  # 1.308 households: no decimals
    if separated is not None and separated[0] == "thousands":
        return "thousands", N_("{kind}: '{sep}' separates thousands; write {whole} without a thousands "
                               "separator (for a CSV saved with Vietnamese regional settings use --csv-locale vi)"
                               ), {"kind": kind, **separated[1]}
    if separated is not None and separated[0] == "ambiguous":
        return "thousands", N_("ambiguous: '{sep}' separates thousands ({whole}) or decimals ({part}); write {whole} "
                               "for thousands or {point} for decimals (for a CSV saved with Vietnamese regional "
                               "settings use --csv-locale vi)"), separated[1]
    if separated is not None and fld.type == "integer":  # 1,5 households: no decimal format to offer
        return "whole_numbers_only", N_("{kind}: a decimal comma, but {field} takes whole numbers only: write the "
                                        "whole number, without a decimal part"), {"kind": kind, "field": repr(fld.id)}
    if separated is not None:
        return "decimal_comma", N_("{kind}: a decimal comma; write {number} with a point (or use --csv-locale vi "
                                   "for a CSV saved with Vietnamese regional settings)"), {
            "kind": kind, **separated[1]}
    if text.endswith("%") and fld.unit != "%":
        if fld.unit:
            return "percent", N_("a percentage, but {field} is in {unit}: write the number without '%'"), {
                "field": repr(fld.id), "unit": Unit(fld.unit)}
        return "percent", N_("a percentage, but {field} is a plain number: write the number without '%'"), {
            "field": repr(fld.id)}
    bound = _BELOW_LIMIT.fullmatch(text)
    if bound and ("," not in bound[1] or locale == "vi"):  # <0,5 is a decimal comma only with Vietnamese settings
        return "type", _BELOW_LIMIT_ADVICE, {"kind": kind, "sign": text[0], "number": bound[1]}
    if worded:
        return _worded_hint(worded, fld, locale, kind)
    if says_no_value(text):  # 'không có', '-', 'chưa đo', 'N/A': a word for no number
        return "type", N_("{kind}: leave the cell empty if the value is unknown, write 0 if there is none"), {
            "kind": Term(N_("not a number"))}
    if locale == "vi":  # the specific advice above comes first: this is what is left
        return "locale", N_("{kind} in the Vietnamese format (--csv-locale vi): write decimals after a comma "
                            "(12,5) and put dots only between groups of three digits (1.234)"), {"kind": kind}
    return "type", "{kind}", {"kind": kind}


#: A bound, not a value: ``<190`` or ``≤ 0.5``, as a laboratory writes a result below its detection limit.
_BELOW_LIMIT = re.compile(r"[<≤]\s*([0-9]+(?:[.,][0-9]+)?)")
#: A number followed by a unit, a currency or a word: ``420 mg/l``, ``420 (mg/l)``, ``5 triệu``, ``4,500,000 đ``,
#: ``4 500 000 đ``.
_NUMBER_AND_WORDS = re.compile(rf"([+-]?(?:[0-9]{{1,3}}(?:[ {GROUP_SPACES}][0-9]{{3}})+(?![.,0-9])|"
                               r"[0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]+(?:[.,][0-9]+)?))\s*"
                               r"(\(\s*(?:[^\W\d_]|[₫$€£])[^\d()]*\)|(?:[^\W\d_]|[₫$€£])[^\d]*)")


def _worded_hint(worded: re.Match[str], fld: Any, locale: str, kind: Term) -> tuple[str, str, dict[str, Any]]:
    """The advice for a number written with a unit or a word (``worded``: :data:`_NUMBER_AND_WORDS`'s match).

    The number to write is offered only when the unit is the field's and the number is certain
    (``4.500.000``: thousands; ``4,500`` may be 4.5 or 4500, so none is offered), or when the
    field is in a currency and the cell an amount of it (:mod:`~villagescore.datasets.money`).
    """
    unit = worded[2].strip()
    unit = unit[1:-1].strip() if unit.startswith("(") else unit
    number = _plain_number(worded[1], locale)
    if number is not None and fld.unit and _folded(unit) == _folded(fld.unit):
        return "type", N_("{kind}: write {number} without the unit ({field} is in {unit} already)"), {
            "kind": kind, "number": number, "field": repr(fld.id), "unit": Unit(fld.unit)}
    advice = amount_advice(worded[0], number, unit, fld, locale, kind) if number is not None else None
    if advice is not None:  # 4.500.000 đ, 4,5 triệu in a field of VND: the amount in the field's unit
        return advice
    # 0.42 g/l, 5 triệu: another unit or a word for a multiple, so no number is offered
    return "type", (N_("{kind}: write the value as a number in {unit}, without units or words") if fld.unit else
                    N_("{kind}: write the value as a plain number, without units or words")), {
        "kind": kind, "unit": Unit(fld.unit or "")}


def _plain_number(text: str, locale: str) -> str | None:
    """``text`` (digits, maybe with separators) as a plain number, or ``None`` when its separator is unsure."""
    text = re.sub(f"[ {GROUP_SPACES}]", "", text)  # spaces only ever group digits
    seps = set(re.sub("[0-9+-]", "", text))
    if not seps:
        return text
    if len(seps) > 1:
        return None
    sep = seps.pop()
    if text.count(sep) > 1:  # 4,500,000 or 4.500.000: thousands whatever the locale
        return text.replace(sep, "")
    decimal = "," if locale == "vi" else "."
    grouped = re.fullmatch(r"[+-]?[0-9]{1,3}[.,][0-9]{3}", text) is not None
    if sep == decimal and not grouped:  # 12.5, or 12,5 with Vietnamese settings: as written
        return text
    if locale == "vi" and sep == "." and grouped:  # 4.500 with Vietnamese settings: 4500
        return text.replace(".", "")
    if locale != "vi" and sep == "," and not grouped:  # 4,5: no thousands separator, a decimal comma
        return text.replace(",", ".")
    return None  # 4,500 or 4.500 in the default locale, 4,500 in Vietnamese: 4.5 or 4500
_BELOW_LIMIT_ADVICE = N_(
    "{kind}: '{sign}' gives a bound, not a value (a result below the detection limit?): leave the cell empty and say "
    "the limit in the metadata's note for this column, or write the limit ({number}) and mark this value "
    "\"quality\": \"estimated\" in the metadata's \"values\" for this village and year (it is then scored as if "
    "it were at the limit)")


def _folded(unit: str) -> str:
    """A unit compared whatever its case and spacing (``mg/l`` is ``mg/L``)."""
    return "".join(unit.split()).casefold()


def separator_reading(text: str) -> tuple[str, dict[str, str]] | None:
    """How a number written with a separator the plain reader refuses reads, or ``None`` for other texts.

    ``("thousands", {"sep", "whole"})`` for groups a separator can only be thousands in
    (``1.000.000``), ``("ambiguous", {"sep", "whole", "part", "point"})`` for one group (``7.000``,
    ``12,345``: 7000 or 7?), ``("decimal_comma", {"number"})`` for ``1,5``. ``text`` is stripped.
    ``part`` is the decimal reading, ``point`` the way to write it that is read as decimals alone
    (``1.1250`` for ``1.125``: a fourth decimal digit, never the text as written).
    """
    if DOT_GROUPS.fullmatch(text) or _COMMA_GROUPS.fullmatch(text):
        sep = "." if "." in text else ","
        whole = text.replace(sep, "")
        if text.count(sep) > 1:  # 1.234.567: only a thousands separator comes back
            return "thousands", {"sep": sep, "whole": whole}
        part = f"{float(text.replace(sep, '.')):g}"
        point = part + "0" if DOT_GROUPS.fullmatch(part) else part  # 1.125 is ambiguous again: 1.1250 is not
        return "ambiguous", {"sep": sep, "whole": whole, "part": part, "point": point}
    if _DECIMAL_COMMA.fullmatch(text):
        return "decimal_comma", {"number": text.replace(",", ".")}
    return None


def has_text(series: pd.Series) -> bool:
    """Whether a column holds any text cell (one C-level type scan, no Python call per cell)."""
    return _text_kind(series) is not None


def _text_kind(series: pd.Series) -> str | None:
    """``"string"`` (every cell is text or empty), ``"mixed"`` (text among numbers) or ``None`` (no text)."""
    if isinstance(series.dtype, pd.StringDtype):
        return "string" if bool(series.notna().any()) else None
    if series.dtype != object:
        return None
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind == "string":
        return "string"
    return "mixed" if kind in ("mixed", "mixed-integer") else None


_TYPE = np.frompyfunc(type, 1, 1)


def text_cells(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(positions, cells)`` of the text cells of a column (a C-level type test per cell at most)."""
    kind = _text_kind(series)
    if kind is None:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=object)
    cells = series.to_numpy(dtype=object)
    mask = ~series.isna().to_numpy() if kind == "string" else np.equal(_TYPE(cells), str).astype(bool)
    positions = np.flatnonzero(mask)
    return positions, cells[positions]
