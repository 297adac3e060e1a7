"""An amount of money typed with its currency or a multiple (``4.500.000 đ``, ``4,5 triệu``): the number to write.

A field whose unit is a currency (``VND/month``, ``bn VND/yr``, ``triệu đồng``) takes a plain
number of that unit. A cell that gives the amount with a currency and a word for a multiple
is refused as any text is; :func:`amount_in_unit` works out the number the cell means in the
field's unit, for the advice only, and only when nothing about it is unsure: the number is
certain (the caller's reading), the currency is the field's (or left out), and a period
written after it (``/tháng``) is the field's. The multiples are powers of ten, so the number
is exact (``4,5 triệu`` is 4500000 đồng; ``4.500.000 đ`` is 0.0045 bn VND).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from ..errors import Term, Unit
from ..i18n import N_

__all__ = ["amount_advice", "amount_in_unit"]

#: Words for a multiple of the currency (accents and case ignored; ``đ`` written ``d``).
_MULTIPLES = {
    "nghin": 3, "ngan": 3, "k": 3, "thousand": 3,
    "trieu": 6, "tr": 6, "million": 6, "mn": 6, "mil": 6,
    "ty": 9, "ti": 9, "bn": 9, "billion": 9,
}
#: Words for a currency (the same folding): Vietnamese đồng and US dollars.
_CURRENCIES = {"d": "VND", "dong": "VND", "vnd": "VND", "₫": "VND", "usd": "USD", "$": "USD"}
#: Words for what an amount is per, as units write them in either language.
_PER = {"thang": "month", "month": "month", "nam": "yr", "yr": "yr", "year": "yr", "ngay": "day", "day": "day",
        "nguoi": "person", "person": "person", "kg": "kg"}
#: A unit of money: a multiple, a currency (one of the two at least), then what it is per (``/month``).
_MONEY = re.compile(r"(?P<multiple>[^\W\d_]+\.?)?\s*(?P<currency>[^\s/]+)?\s*(?P<per>(?:/\s*[^/\s]+\s*)*)")


def amount_advice(written: str, number: str, unit: str, fld: Any, locale: str, kind: Term
                  ) -> tuple[str, str, dict[str, Any]] | None:
    """``(rule, template, params)`` telling the number to write for the cell ``written``, or ``None``.

    ``number`` (certain, as it is written in ``locale``) followed by ``unit`` is what the cell
    says; ``fld`` the field it is in, ``kind`` what the cell is not (a number, a whole number).
    """
    amount = amount_in_unit(number, unit, fld.unit or "", decimal="," if locale == "vi" else ".")
    if amount is None:
        return None
    return "type", N_("{kind}: write {number} without the currency or words ({value} is {number} {unit}, the unit "
                      "of {field})"), {"kind": kind, "number": amount, "value": repr(written), "field": repr(fld.id),
                                       "unit": Unit(fld.unit)}


def amount_in_unit(number: str, written: str, field_unit: str, *, decimal: str = ".") -> str | None:
    """The plain number that ``number`` (certain; ``decimal`` its decimal sign) ``written`` means in ``field_unit``.

    ``None`` when ``field_unit`` is no currency, ``written`` is no unit of money, or their
    currencies or periods differ. The number keeps ``decimal`` as its decimal sign.
    """
    field = _field_money(field_unit)
    typed = _money(written)
    if field is None or typed is None or (typed[1] and typed[1] != field[1]) or (typed[2] and typed[2] != field[2]):
        return None
    amount = Decimal(number.replace(decimal, ".")).scaleb(typed[0] - field[0])
    text = format(amount.normalize(), "f")
    return text.replace(".", decimal)


def _field_money(unit: str) -> tuple[int, str, str] | None:
    """:func:`_money` of a field's unit, which must name its currency.

    ``k`` alone, or a ``d`` that is no ``đ`` (the day's symbol), is no unit of money, though a cell
    may write ``4,5 k`` or ``4.500.000 d`` for one.
    """
    found = _money(unit)
    if found is None or not found[1]:
        return None
    words = re.findall(r"[^\W\d_]+", unit.casefold())
    if "d" in words and not {"đ", "đồng", "dong", "vnd", "usd"} & set(words) and "₫" not in unit and "$" not in unit:
        return None
    return found


def _money(unit: str) -> tuple[int, str, str] | None:
    """``(power of ten of the multiple, currency, what it is per)`` of a unit of money; ``None`` for another unit.

    The currency and the period are ``""`` when left out; at least a multiple or a currency is given.
    """
    folded = _fold(unit)
    found = _MONEY.fullmatch(folded)
    if found is None:
        return None
    multiple, currency = (found["multiple"] or "").rstrip("."), found["currency"] or ""
    if multiple in _CURRENCIES and not currency:  # 'đồng' alone: a currency, no multiple
        multiple, currency = "", multiple
    if (multiple and multiple not in _MULTIPLES) or (currency and currency not in _CURRENCIES):
        return None
    if not multiple and not currency:
        return None
    per = [_PER.get(p.strip()) for p in found["per"].split("/")[1:]]
    if None in per:
        return None
    return _MULTIPLES.get(multiple, 0), _CURRENCIES.get(currency, ""), "/".join(p for p in per if p)


def _fold(text: str) -> str:
    """``text`` in small letters without accents, ``đ`` as ``d`` (``Triệu đồng`` → ``trieu dong``)."""
    text = unicodedata.normalize("NFD", text.strip().casefold().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))
