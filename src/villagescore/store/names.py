"""Diacritics-insensitive matching of village names ("Phung Xa" finds "Làng dệt Phùng Xá").

The folding itself lives in :func:`villagescore.villages.fold`, shared with every ``--village``
option; the store keeps the folded name of each village-year (``name_folded``) to search it.
"""

from __future__ import annotations

__all__ = ["fold", "fold_each"]


def fold(text: str | None) -> str:
    """Return ``text`` without diacritics, ``đ`` as ``d``, case-folded, spaces collapsed (``""`` for ``None``).

    >>> fold("Làng dệt  Phùng Xá")
    'lang det phung xa'
    >>> fold("ĐÔNG KỴ")
    'dong ky'
    """
    from ..villages import fold as fold_text

    return "" if text is None else fold_text(text)


def fold_each(texts: list[str]) -> list[str]:
    """:func:`fold` of every text of ``texts`` (no ``None``), worked out over all of them at once."""
    from ..villages import fold_each as fold_texts

    return fold_texts(texts)
