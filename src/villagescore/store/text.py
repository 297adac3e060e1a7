"""Words of the store interface, in Vietnamese and English.

They are report words ``store.KEY`` of the catalogues (:mod:`villagescore.i18n`), looked up
with :func:`tr`, which falls back to the shared words (:func:`villagescore.i18n.t`).
Messages take ``str.format`` fields.
"""

from __future__ import annotations

from .. import i18n

__all__ = ["tr"]


def tr(key: str, lang: str, **fields: object) -> str:
    """The string ``key`` in ``lang`` (``vi``/``en``), formatted with ``fields``."""
    text = i18n.t(f"store.{key}", lang)  # the store's words (store.*), else the shared report words
    if text == f"store.{key}":
        text = i18n.t(key, lang)
    return text.format(**fields) if fields else text
