"""How a file is named in what villagescore records and prints: its base name, in NFC.

macOS writes file names decomposed (NFD: ``Làng`` as ``La`` + combining grave + ``ng``); the same
data named on Windows or Linux is composed (NFC). Recorded as typed, the two would give results
that differ byte for byte for the same inputs, and a Vietnamese name printed in NFD renders badly
in some fonts. Every name villagescore records or prints goes through :func:`file_name`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

__all__ = ["file_name"]


def file_name(path: str | Path) -> str:
    """The base name of ``path`` in NFC (``/a/b/Làng nghề.csv`` → ``Làng nghề.csv``)."""
    return unicodedata.normalize("NFC", Path(path).name)
