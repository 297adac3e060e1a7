"""A private copy of a store for ``villagescore serve`` to read as an immutable file.

A store on a read-only file system cannot be served live: Datasette's read-only mode needs a
``-shm`` file SQLite cannot create there, and reading the file as ``immutable`` is wrong when
another process writes it through a writable path to the same folder (a bind mount, Docker's
``:ro``, an NFS export). The server reads a copy taken at start instead, which nothing else writes.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from pathlib import Path

__all__ = ["snapshot"]


def snapshot(con: sqlite3.Connection, name: str) -> Path:
    """Copy the store open on ``con`` into a private temporary folder (removed at exit); the copy's path.

    The copy is named ``name`` (the store's file name), so Datasette gives its database the
    store's name; it is made with SQLite's backup, consistent as of one moment.
    """
    folder = Path(tempfile.mkdtemp(prefix="villagescore-serve-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    copy = folder / name
    target = sqlite3.connect(str(copy))
    try:
        con.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # a single file, read with no -wal or -shm beside it
    finally:
        target.close()
    return copy
