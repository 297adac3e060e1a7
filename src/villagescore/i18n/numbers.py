"""Numbers for people, one format per language: ``1.234,5`` in Vietnamese, ``1,234.5`` in English.

Every output a person reads (terminal, Markdown, HTML, XLSX labels, the web pages) formats its
numbers here, so a Vietnamese run never mixes ``53.7`` and ``53,7``. A half is rounded away from
zero, on the number as it is written (``16.25`` → ``16,3``, ``2.675`` → ``2,68``), as people round
and as a spreadsheet shows a number cell, not to the even neighbour as Python's ``format`` does on
a binary tie (``16,2``). Machine formats (JSON, CSV) keep the dot and their own rounding rule
(:func:`villagescore.results.json_number`).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["format_number", "format_numbers", "rounded_as_shown", "format_value", "format_exact", "format_percent",
           "format_gain", "format_weight", "GAIN_DIGITS", "WEIGHT_DIGITS", "format_integer", "format_date",
           "format_datetime", "shown_difference", "format_change", "is_missing", "MISSING"]

#: What a missing number reads as, in every language.
MISSING = "—"


def is_missing(x: Any) -> bool:
    """True for None, pandas NA and NaN: what prints as :data:`MISSING`."""
    if x is None or type(x).__name__ == "NAType":
        return True
    return isinstance(x, float) and math.isnan(x)


#: Enough digits for any float below 2**53 with up to 30 decimals; ROUND_HALF_UP is a half away from zero.
_HALF_AWAY = Context(prec=60, rounding=ROUND_HALF_UP)
#: From here on every float is a whole number: nothing is left to round.
_WHOLE = float(2**53)


def _fixed(x: float, digits: int) -> str:
    """``x`` with ``digits`` decimals and thousands commas, a half rounded away from zero.

    The number rounded is the one Python writes for ``x`` (its shortest ``repr``), so a value
    read as ``16.25`` or ``2.675`` shows as ``16.3`` and ``2.68``.
    """
    if not math.isfinite(x) or abs(x) >= _WHOLE or not 0 <= digits <= 30:
        return f"{x:,.{digits}f}"
    rounded = Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), context=_HALF_AWAY)
    return f"{rounded:,.{digits}f}"


def _localise(text: str, lang: str) -> str:
    """Swap the separators of an English-formatted number for ``lang``'s."""
    if lang == "vi":
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_number(x: Any, digits: int = 1, lang: str = "en") -> str:
    """``x`` with ``digits`` decimals and thousands separators in ``lang`` (``—`` when missing).

    A half is rounded away from zero (``16.25`` → ``16.3``; see the module documentation).
    Booleans read as the words yes/no of ``lang``; text that is not a number is returned as it is;
    ``-0.0`` (and ``-0.04`` at one decimal) prints as ``0.0``.
    """
    if is_missing(x):
        return MISSING
    if isinstance(x, bool):
        from . import t

        return t("yes" if x else "no", lang)
    if not isinstance(x, (int, float)):
        try:
            x = float(x)
        except (TypeError, ValueError):
            return str(x)
    text = _fixed(float(x), digits)
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    return _localise(text, lang)


def format_numbers(values: Any, digits: int = 1, lang: str = "en") -> list[str]:
    """:func:`format_number` of every number of ``values`` (``None`` and NaN: :data:`MISSING`): the same texts.

    Made on whole arrays for the numbers with at most 4 decimals (scores, shares: what Python
    writes for them is then the exact number ``n / 10**4`` with ``n`` whole, rounded here as an
    integer) below 10**11, and one at a time for any other (``digits`` above 4 too).
    """
    import numpy as np

    a = np.array(values, dtype=float).ravel()  # None: NaN
    if not 0 <= digits <= 4 or not len(a):
        return [format_number(x, digits, lang) for x in a.tolist()]
    with np.errstate(invalid="ignore", over="ignore"):
        n = np.rint(a * 1e4)
        exact = np.isfinite(a) & (np.abs(a) < 1e11) & (n / 1e4 == a)
    step = 10 ** (4 - digits)
    whole = np.where(exact, np.abs(n), 0).astype(np.int64)
    q = (whole + step // 2) // step  # a half away from zero, on the number as written
    unit = 10 ** digits
    integer = (q // unit).astype(str).astype(object)
    big = q // unit >= 1000
    thousands, point = (".", ",") if lang == "vi" else (",", ".")
    if big.any():
        integer[big] = [f"{x:,}".replace(",", thousands) for x in (q[big] // unit).tolist()]
    text = np.where((n < 0) & (q > 0), "-", "").astype(object) + integer
    if digits:
        text = text + point + np.char.zfill((q % unit).astype(str), digits).astype(object)
    out = np.where(np.isnan(a), MISSING, text)
    for i in np.flatnonzero(~exact & ~np.isnan(a)).tolist():  # more decimals, huge or infinite: one at a time
        out[i] = format_number(float(a[i]), digits, lang)
    return out.tolist()


def rounded_as_shown(values: Any, digits: int = 2) -> np.ndarray:
    """Every number of ``values`` rounded as :func:`format_number` shows it with ``digits`` decimals (NaN: NaN).

    The float nearest to the text shown, so values that print alike compare equal and the
    larger text is the larger float: ranks, ties, best and worst are decided on what people
    read. Whole arrays for the numbers with at most 4 decimals below 10**11 (scores: rounded
    as integers, as :func:`format_numbers` does), one at a time for any other. One number (or a
    0-d array) gives a 0-d array: the result has the shape of ``values``.
    """
    import numpy as np

    given = np.asarray(values, dtype=float)  # read, never written
    a = np.atleast_1d(given)  # a 0-d array's ufuncs give scalars, which cannot be written in place
    if not 0 <= digits <= 4:
        return np.array([x if math.isnan(x) else float(_shown(x, digits)) + 0.0 for x in a.ravel().tolist()],
                        dtype=float).reshape(given.shape)
    with np.errstate(invalid="ignore", over="ignore"):
        n = np.multiply(a, 1e4)
        np.rint(n, out=n)
        exact = n / 1e4 == a  # NaN and infinities: False
        work = np.abs(n)
        exact &= work < 1e15
        # a half away from zero, on the number as written: floor((|n| + step / 2) / step); the float
        # quotient is within 0.12 / step of the exact one, a multiple of 1 / step: its floor is exact
        step = float(10 ** (4 - digits))
        work += step / 2
        work /= step
        np.floor(work, out=work)
        np.copysign(work, n, out=work)
        work /= float(10 ** digits)
        work += 0.0  # no -0.0
    out = np.where(exact, work, a)  # NaN stays NaN; a new array, written below
    for i in np.flatnonzero(~exact & ~np.isnan(a)).tolist():  # more decimals, huge or infinite: one at a time
        out.flat[i] = float(_shown(a.flat[i], digits)) + 0.0
    return out.reshape(given.shape)


def _shown(x: Any, digits: int) -> Decimal:
    """``x`` as :func:`format_number` shows it with ``digits`` decimals, as an exact decimal."""
    return Decimal(_fixed(float(x), digits).replace(",", ""))


def shown_difference(now: Any, before: Any, digits: int = 1) -> float | None:
    """``now - before`` of the two numbers as shown with ``digits`` decimals (``None`` when one is missing).

    A change printed beside its endpoints adds up: 37.0549 and 52.8409 show as ``37,1`` and
    ``52,8``, so their change is ``15,7`` (the raw difference, 15.786, would show as ``15,8``).
    Machine formats keep the raw difference.
    """
    if is_missing(now) or is_missing(before) or isinstance(now, bool) or isinstance(before, bool):
        return None
    if not (math.isfinite(float(now)) and math.isfinite(float(before))):
        return float(now) - float(before)
    return float(_shown(now, digits) - _shown(before, digits))


def format_change(now: Any, before: Any, digits: int = 1, lang: str = "en") -> str:
    """The change from ``before`` to ``now`` as read beside them: ``+15,7``, ``-0,6``, ``0,0`` (``—`` when missing).

    Computed from the endpoints as shown with ``digits`` decimals (:func:`shown_difference`).
    """
    d = shown_difference(now, before, digits)
    if d is None:
        return MISSING
    text = format_number(d, digits, lang)
    return f"+{text}" if d > 0 else text


def format_integer(x: Any, lang: str = "en") -> str:
    """A whole number with thousands separators (``12.345`` in Vietnamese)."""
    return format_number(x, 0, lang)


def format_value(x: Any, lang: str = "en") -> str:
    """A raw indicator value: whole numbers without decimals, others with up to 2 (``52,5``)."""
    if is_missing(x):
        return MISSING
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        if float(x).is_integer():
            return format_number(x, 0, lang)
        text = format_number(x, 2, lang)
        return text.rstrip("0").rstrip("," if lang == "vi" else ".")
    return str(x)


def format_exact(x: Any, lang: str = "en") -> str:
    """A number a person wrote, quoted back with every digit and ``lang``'s separators, never rounded.

    ``600000000`` → ``600.000.000`` in Vietnamese, ``600,000,000`` in English; ``0.4555`` →
    ``0,4555``; a whole float as a whole number. What Python writes in exponent form (``1e-07``),
    ``inf`` and ``nan`` are kept as they are.
    """
    if hasattr(x, "item"):  # a numpy scalar
        x = x.item()
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        x = int(x)
    text = repr(x)
    sign = "-" if text.startswith("-") else ""
    whole, point, fraction = text.removeprefix("-").partition(".")
    if not whole.isdigit() or not (fraction.isdigit() or not point):
        return text
    return _localise(f"{sign}{int(whole):,}{point}{fraction}", lang)


def format_percent(share: Any, lang: str = "en", digits: int = 0) -> str:
    """A share in [0, 1] as a percentage with a space before the sign (``45 %``; ``—`` when missing)."""
    if is_missing(share):
        return MISSING
    return f"{format_number(float(share) * 100, digits, lang)} %"


#: Decimals of the overall points a plan step gains, in every view of a plan (reports, explain, serve).
GAIN_DIGITS = 2
#: Decimals of an effective weight read as a percentage (``2,9 %``): every view, and the workbook's ``0.0%``.
WEIGHT_DIGITS = 1


def format_gain(points: Any, lang: str = "en") -> str:
    """The overall points a plan step gains, signed, as every view of a plan shows them.

    ``+5,05``; a loss keeps its own sign (``-0,62``, never ``+-0,62``); ``0,00`` unsigned; ``—`` when missing.
    """
    text = format_number(points, GAIN_DIGITS, lang)
    return text if text == MISSING or text.startswith("-") or not text.strip("0.,") else "+" + text


def format_weight(share: Any, lang: str = "en") -> str:
    """An effective weight in [0, 1], as every view shows it: a percentage (``2,9 %``; ``—`` when missing)."""
    return format_percent(share, lang, WEIGHT_DIGITS)


def format_date(iso: str, lang: str = "en") -> str:
    """A ``YYYY-MM-DD`` date as its readers write it: ``31/08/2025`` in Vietnamese, as given in English."""
    if lang != "vi":
        return iso
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def format_datetime(iso: str | None, lang: str = "en") -> str:
    """An ISO 8601 instant (``2026-12-06T07:19:28+00:00``) to the minute, in UTC: ``06/12/2026 07:19 (UTC)``.

    English writes the date as ``2026-12-06``; text that is not such an instant is returned as it is.
    """
    from datetime import UTC, datetime

    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    zone = " (UTC)" if moment.tzinfo is not None else ""
    return f"{format_date(moment.date().isoformat(), lang)} {moment:%H:%M}{zone}"
