"""The store's user errors, worded in both languages."""

from __future__ import annotations

from ..errors import Said, VillageScoreError
from .text import tr

__all__ = ["StoreError", "machine_error"]


class StoreError(VillageScoreError):
    """A problem with the store the user can fix (missing, busy, newer schema, unknown id …).

    ``key`` names the message in :mod:`villagescore.store.text`; :meth:`text` words it in
    either language; ``str()`` gives the English text.
    """

    def __init__(self, key: str, **fields: object) -> None:
        self.key = key
        self.fields = fields
        super().__init__(tr(key, "en", **fields))

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``vi`` or ``en``); a field said in any language (a reason) in ``lang`` too."""
        return tr(self.key, lang, **{k: v.text(lang) if isinstance(v, Said) else v for k, v in self.fields.items()})


def machine_error(exc: Exception, path: object, key: str = "cannot_write") -> StoreError | None:
    """``key`` for what the machine refused (SQLite's disk full or input/output error), else ``None``."""
    from ..errors import SaidText, said
    from ..system_reasons import sqlite_reason

    reason = sqlite_reason(exc)
    return None if reason is None else StoreError(key=key, path=path, reason=said(SaidText, "{reason}", reason=reason))
