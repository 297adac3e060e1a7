"""Diacritics-insensitive matching of village names ("Phung Xa" finds "Làng dệt Phùng Xá")."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold"]

_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Return ``text`` without diacritics, ``đ`` as ``d``, case-folded, spaces collapsed.

    >>> fold("Làng dệt  Phùng Xá")
    'lang det phung xa'
    >>> fold("ĐÔNG KỴ")
    'dong ky'
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", bare.casefold()).strip()
