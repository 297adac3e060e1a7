"""How a file is named in what villagescore records and prints: its base name, in NFC.

macOS writes file names decomposed (NFD: ``Làng`` as ``La`` + combining grave + ``ng``); the same
data named on Windows or Linux is composed (NFC). Recorded as typed, the two would give results
that differ byte for byte for the same inputs, and a Vietnamese name printed in NFD renders badly
in some fonts. Every file name villagescore records in an output, or prints as a label (a run, a
data source, a table), goes through :func:`file_name`, and a whole path shown as a label through
:func:`path_label`. Error messages give a path as it was typed: the user must find that file.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

__all__ = ["file_name", "path_label"]


def file_name(path: str | Path) -> str:
    """The base name of ``path`` in NFC (``/a/b/Làng nghề.csv`` → ``Làng nghề.csv``)."""
    return unicodedata.normalize("NFC", Path(path).name)


def path_label(path: str | Path) -> str:
    """``path`` as given, in NFC: a label that must tell two files of one base name apart."""
    return unicodedata.normalize("NFC", str(path))
