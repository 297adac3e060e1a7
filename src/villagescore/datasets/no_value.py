"""Whether a cell's text says there is no value (a dash, 'không có', 'N/A') rather than write a number in words."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["NO_VALUE_WORDS", "says_no_value"]

#: Words (without diacritics) that say a value is unknown or nil rather than give it: 'chưa đo', 'không có', 'N/A'.
NO_VALUE_WORDS = frozenset({"khong", "chua", "ko", "na", "none", "nil", "null", "unknown", "no"})


def says_no_value(text: str) -> bool:
    """Whether ``text`` says there is no value (a dash, 'không có', 'N/A') rather than write a number in words."""
    folded = unicodedata.normalize("NFD", text.casefold().replace("đ", "d").replace("/", ""))
    words = re.findall(r"[a-z0-9]+", "".join(c for c in folded if not unicodedata.combining(c)))
    return not words or any(w in NO_VALUE_WORDS for w in words)
