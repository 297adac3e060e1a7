"""A data file's bytes read in a thread while a command loads what it needs before reading them.

Before ``villagescore validate FILE`` reads its file it imports pandas, registers the plugins and
loads the framework (about 0.3 s); reading a national file's bytes (58 MB at 100,000
village-years) costs about 0.035 s more, nearly all of it the kernel copying them into fresh
pages, during which the interpreter's lock is free. :func:`start` reads the file in a thread
at once; the dataset reader asks :func:`take` for the bytes and gets them only when the file is
still the one read (the same device, inode, size and modification and change times, looked up
on the open file before and after the read, and again when taken); otherwise it reads the file
itself, as it always did. A file modified less than :data:`SETTLED_NS` before the read starts is
not read ahead ("racy", as git calls it): a file system that keeps times in whole seconds (FAT
two) would give a rewrite of the same size within that second the same times.

One file is read ahead at a time, and only a regular file of at most ``limit`` bytes; bytes
that no reader takes are dropped by :func:`drop`. This module does not import pandas.
"""

from __future__ import annotations

import os
import stat as stat_mode
import threading
import time
from pathlib import Path

__all__ = ["start", "take", "drop"]

#: A file modified this recently (or in the future) is read when asked for, not ahead.
SETTLED_NS = 3_000_000_000

_lock = threading.Lock()
_pending: dict[str, _Read] = {}  # at most one entry: the file being read ahead


class _Read(threading.Thread):
    """The thread reading one file; ``data`` is ``None`` when it could not be read whole."""

    def __init__(self, path: str, key: tuple[int, ...]) -> None:
        super().__init__(name="villagescore-read-ahead", daemon=True)
        self.path = path
        self.key = key
        self.data: bytes | None = None

    def run(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                before = _key(os.fstat(handle.fileno()))
                data = handle.read()
                after = _key(os.fstat(handle.fileno()))
        except Exception:  # the reader reads the file again, and names the problem (MemoryError too)
            return
        if before == after == self.key and len(data) == self.key[2]:
            self.data = data


def _key(stat: os.stat_result) -> tuple[int, ...]:
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def start(path: str | Path, limit: int) -> None:
    """Start reading the regular file ``path`` (at most ``limit`` bytes) in a thread; drop any earlier one."""
    drop()
    name = os.fspath(path)
    try:
        found = os.stat(name)
    except OSError:
        return
    if not stat_mode.S_ISREG(found.st_mode) or found.st_size > limit or found.st_size == 0:
        return
    if time.time_ns() - found.st_mtime_ns < SETTLED_NS:  # racy: a rewrite now could keep these times
        return
    read = _Read(name, _key(found))
    with _lock:
        _pending[name] = read
    read.start()


def take(path: str | Path, stat: os.stat_result) -> bytes | None:
    """The bytes read ahead of ``path`` if the file is unchanged since (``stat``: looked up now), else ``None``.

    The bytes are given once: a second call reads nothing ahead.
    """
    with _lock:
        read = _pending.pop(os.fspath(path), None)
    if read is None:
        return None
    read.join()
    return read.data if read.key == _key(stat) else None


def drop() -> None:
    """Forget the file read ahead, if any (the thread ends on its own; its bytes are freed)."""
    with _lock:
        _pending.clear()
