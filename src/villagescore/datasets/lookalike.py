"""Characters that only look like part of a number: a Unicode minus, a zero-width space, full-width digits.

Pasted from Word, a web page or an input method, ``−5.2``, ``120`` followed by a zero-width
space and ``７０`` look right but are not numbers. They are never read as numbers (nothing is
reinterpreted silently): the problem names the character and offers the number to type.
"""

from __future__ import annotations

import unicodedata

from ..i18n import N_

__all__ = ["LOOKALIKE", "with_lookalikes"]

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
    "digits": N_("{kind}: the digits are not ASCII digits (full-width '７０', from an input method); type {number} "
                 "with the keyboard's digits"),
}


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
