"""The gettext message catalogues: ``locale/<lang>/LC_MESSAGES/villagescore.po`` and their ``.mo``.

Two kinds of message share one catalogue per language:

* **words of the reports**, looked up by a symbolic id (``village``, ``estimates_line``): both
  catalogues translate them, the English one included (:func:`villagescore.i18n.t`);
* **sentences of the command line** (help, errors, warnings, progress), whose id is the English
  text itself, as gettext and click do: only the Vietnamese catalogue translates them
  (:func:`villagescore.i18n.gettext`). The Vietnamese catalogue also translates click's own
  messages ("Usage:", "Show this message and exit."), which click looks up through gettext.

The ``.po`` files are the sources (edit them, then ``python -m villagescore.i18n.compile``);
the compiled ``.mo`` files ship in the wheel and are what runs; a test checks they agree.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from pathlib import Path

__all__ = ["DOMAIN", "LOCALE_DIR", "catalogue", "po_path", "mo_path"]

DOMAIN = "villagescore"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def po_path(lang: str) -> Path:
    """The source catalogue of ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    """The compiled catalogue of ``lang`` (what runs)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def catalogue(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (an empty one when the language has none)."""
    return _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)
