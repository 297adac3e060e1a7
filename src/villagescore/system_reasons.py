"""Why the machine refused to read or write a file, in words each language has.

The operating system's ``strerror`` and SQLite's messages are English whatever the run's
language: a Vietnamese run said "File too large" or "disk I/O error". The reasons a user
meets when a disk is full, read-only, over a quota or failing are worded here as
:class:`~villagescore.errors.Term` values, which a message translates with the rest of it.
"""

from __future__ import annotations

import errno
import sqlite3
from typing import Any

from .errors import Term
from .i18n import N_

__all__ = ["os_reason", "sqlite_reason"]

_NO_SPACE = N_("no space left on the disk")
_DISK_FAILED = N_("the disk could not be read or written (an input/output error: the disk may be full, "
                  "disconnected or failing)")

#: The reason of each error number a user may meet (by name: Windows lacks some); others keep the system's words.
_OS_WORDS = {getattr(errno, name): words for name, words in {
    "ENOENT": N_("no such file"),
    "EACCES": N_("permission denied"),
    "EPERM": N_("the operation is not permitted"),
    "EISDIR": N_("it is a folder, not a file"),
    "ENOTDIR": N_("a folder on its path is a file"),
    "ENOSPC": _NO_SPACE,
    "EDQUOT": N_("this user's disk quota is used up"),
    "EFBIG": N_("the file would be larger than this system lets a file be (a limit such as `ulimit -f`)"),
    "EIO": _DISK_FAILED,
    "EROFS": N_("the disk is read-only"),
    "ENAMETOOLONG": N_("the file name is too long"),
    "EPIPE": N_("the program reading the output has stopped (a broken pipe)"),
    "EMFILE": N_("too many files are open"),
    "ENFILE": N_("too many files are open"),
    "EBUSY": N_("the file is in use by another program"),
    "ETXTBSY": N_("the file is a program that is running"),
    "EXDEV": N_("the file cannot be moved to another disk"),
}.items() if hasattr(errno, name)}

#: SQLite's words for the machine's refusals (its result codes SQLITE_FULL and SQLITE_IOERR).
_SQLITE_WORDS = {"database or disk is full": _NO_SPACE, "disk I/O error": _DISK_FAILED}


def os_reason(exc: OSError) -> Any:
    """Why a file cannot be read or written, in words each language has (a :class:`Term`), else the system's own."""
    return Term(_OS_WORDS[exc.errno]) if exc.errno in _OS_WORDS else (exc.strerror or str(exc))


def sqlite_reason(exc: sqlite3.Error) -> Any:
    """The :class:`Term` for SQLite's "database or disk is full" or "disk I/O error", else ``None``."""
    words = next((w for said_by_sqlite, w in _SQLITE_WORDS.items() if said_by_sqlite in str(exc)), None)
    return Term(words) if words else None
