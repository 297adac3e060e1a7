"""What to write instead of a value of the wrong type, where the intended value is certain.

A number where an overlay's ``change`` asks for the mapping of a pillar, criterion or indicator
(``criteria: {wastewater: 0.3}``) is its weight written without the key: write ``{weight: 0.3}``. A text where a
number is asked that is digits with a letter O for a zero or l/I for a one (``'8O'``) is that
number mistyped: write ``80``. Anything less certain gets no suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .i18n import N_

__all__ = ["bare_weight", "misread_digits", "BARE_WEIGHT", "MISREAD_DIGITS"]

#: A number given as an overlay's change of a weighted node.
BARE_WEIGHT = N_("{value} is not a mapping (key: value): to give the weight, write {{weight: {value}}}")
#: Digits with a letter O for a zero, or l/I for a one.
MISREAD_DIGITS = N_("{value} is not a number: a letter where a digit belongs; write {number}")

#: The letters read as digits, and what a number with them may otherwise hold.
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
_NUMBER_WITH_LETTERS = re.compile(r"\s*[-+]?[0-9OolI]+(\.[0-9OolI]+)?\s*")


#: The kinds of node ``change`` names by id that are weighted.
_WEIGHTED = ("pillars", "criteria", "indicators")


def bare_weight(value: Any, path: Sequence[Any]) -> bool:
    """Whether ``value`` is a number given as the change of a weighted node (``path``: its keys from the top)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    keys = list(path)
    return number and len(keys) == 3 and keys[0] == "change" and keys[1] in _WEIGHTED


def misread_digits(value: Any) -> str | None:
    """The number ``value`` means when it is digits with letters O, l or I in place of 0 and 1, else ``None``.

    At least one real digit is asked, so that a word (``'lOl'``) is not read as a number.
    """
    if not isinstance(value, str) or not _NUMBER_WITH_LETTERS.fullmatch(value) or not re.search(r"\d", value):
        return None
    number = value.strip().translate(_AS_DIGIT)
    return number if number != value.strip() else None
