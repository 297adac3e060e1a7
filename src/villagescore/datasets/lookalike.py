"""Characters that only look like part of a number: a Unicode minus, a zero-width space, full-width digits.

Pasted from Word, a web page or an input method, ``−5.2``, ``120`` followed by a zero-width
space and ``７０`` look right but are not numbers. They are never read as numbers (nothing is
reinterpreted silently): the problem names the character and offers the number to type, when
that number is one the field takes (else it says what is wrong with it too).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..errors import Texts
from ..i18n import LANGS, N_

__all__ = ["LOOKALIKE", "with_lookalikes", "lookalike_hint"]

#: Minus signs and dashes that are not the keyboard's '-'.
_MINUS_LOOKALIKES = "\u2212\u2012\u2013\u2014\ufe63\uff0d"
#: Characters that take no room on screen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

#: The advice for each kind of lookalike (``{kind}``: "not a number"; ``{number}``: the number to type).
LOOKALIKE = {
    "invisible": N_("{kind}: the cell holds an invisible character (a zero-width space, pasted from a web page or "
                    "Word) beside the digits; type {number} again"),
    "minus": N_("{kind}: the minus sign is not '-' (a '−' or a dash, as Word or a web page writes it); type {number} "
                "with the keyboard's '-'"),
    "digits": N_("{kind}: the cell holds digits other than 0–9 (full-width or another script's digits, from an "
                 "input method or a pasted text); type them as 0–9: {number}"),
}

#: The number typed on a keyboard is not one the field takes: said, rather than offered.
_NOT_WHOLE = N_("{kind}: the cell holds characters that only look like a number's (a '−', digits other than 0–9 "
                "or an invisible character, pasted or from an input method); typed on the keyboard it is {number}, "
                "which is not a whole number either: type the right value with the keyboard")
_BELOW = N_("{kind}: the cell holds characters that only look like a number's (a '−', digits other than 0–9 or an "
            "invisible character, pasted or from an input method); typed on the keyboard it is {number}, which is "
            "below the least value allowed, {bound}: type the right value with the keyboard")
_ABOVE = N_("{kind}: the cell holds characters that only look like a number's (a '−', digits other than 0–9 or an "
            "invisible character, pasted or from an input method); typed on the keyboard it is {number}, which is "
            "above the greatest value allowed, {bound}: type the right value with the keyboard")


def lookalike_hint(text: str, fld: Any, vietnamese: bool, number_pattern: str, kind: Any
                   ) -> tuple[str, str, dict[str, Any]] | None:
    """``(rule, template, params)`` for a cell with lookalike characters whose keyboard text is a number, else ``None``.

    ``number_pattern``: what a number is in the file's format (``vietnamese``: ``1.234,5``). The
    number is offered only when ``fld`` takes it (a whole number for an integer field, within
    its bounds); otherwise the problem says what is wrong with it, so that the advice never leads
    to another refusal (``−5`` in a count is not told "type -5").
    """
    found = with_lookalikes(text)
    if found is None or not re.fullmatch(number_pattern, found[1]):
        return None
    plain = found[1]
    value = float(plain.replace(".", "").replace(",", ".") if vietnamese else plain)
    params = {"kind": kind, "number": plain}
    if fld.type == "integer" and value % 1 != 0:
        return "type", _NOT_WHOLE, params
    for bound, template, beyond in ((fld.minimum, _BELOW, value < (fld.minimum or 0)),
                                    (fld.maximum, _ABOVE, value > (fld.maximum or 0))):
        if bound is not None and beyond:
            return "type", template, {**params, "bound": _in_each_language(bound)}
    return "type", LOOKALIKE[found[0]], params


class _Bound(Texts):
    """A bound in each language, hashable: the cells' hints are grouped by their params."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def _in_each_language(number: float) -> Texts:
    """``number`` as each language writes it (``1,000`` / ``1.000``)."""
    from ..i18n.numbers import format_exact

    return _Bound({lang: format_exact(number, lang) for lang in LANGS})


def with_lookalikes(text: str) -> tuple[str, str] | None:
    """``(kind, text as typed on a keyboard)`` when ``text`` holds a lookalike character, else ``None``.

    ``kind`` is a key of :data:`LOOKALIKE` (the first found of invisible, minus, digits); the
    caller decides whether the retyped text is a number worth offering.
    """
    invisible = any(c in _INVISIBLE for c in text)
    minus = any(c in _MINUS_LOOKALIKES for c in text)
    digits = any(c.isdecimal() and not c.isascii() for c in text)  # not '²': 10² is no 102
    if not (invisible or minus or digits):
        return None
    plain = "".join("" if c in _INVISIBLE else "-" if c in _MINUS_LOOKALIKES else
                    str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else
                    unicodedata.normalize("NFKC", c) for c in text).strip()
    return ("invisible" if invisible else "minus" if minus else "digits"), plain
