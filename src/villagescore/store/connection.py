"""Opening the store: WAL mode, a busy timeout, the schema checked, and migrated before a write.

A store opened for reading is never migrated (:mod:`villagescore.store.reading`): a reader takes
no write lock and does not upgrade a store that colleagues on an older villagescore share.

Many readers and one writer may use the store at the same time: in WAL mode readers see
the last committed state and never block the writer; a second writer waits up to
``timeout`` seconds for the first, then gets a clear "busy" error. Every write is one
explicit transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), so a failed or interrupted write
leaves the store as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import Count, SaidText, said
from ..i18n import N_
from .errors import StoreError, machine_error
from .paths import FILE_NAME
from .reading import read_as_current
from .schema import APPLICATION_ID, SCHEMA_VERSION, current_version, migrate

__all__ = ["connect", "upgrade", "remove_store_files", "write_transaction", "on_read_only_file_system",
           "DEFAULT_TIMEOUT"]

#: Seconds a writer waits for another writer before giving up.
DEFAULT_TIMEOUT = 30.0


def connect(path: Path, *, create: bool = False, timeout: float = DEFAULT_TIMEOUT,
            write: bool = False) -> sqlite3.Connection:
    """Open the store at ``path`` (creating it when ``create``), in WAL mode, migrated to this version.

    Unless ``write`` or ``create``, a store of an older schema is read without migrating it
    (:func:`~villagescore.store.reading.read_as_current`); :func:`upgrade` migrates it before a write.

    The connection is in autocommit mode: use :func:`write_transaction` to write. ``write``
    (implied by ``create``): refuse a store this process cannot write to (a read-only file)
    now, with :class:`StoreError` ``read_only``, rather than at its first write.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(key="is_directory", path=path, example=path / FILE_NAME)
    if not create and not path.is_file():
        blocker = _first_existing(path.parent)
        if not blocker.is_dir():  # no store can be there: advising to create one would be wrong
            raise StoreError(key="cannot_open", path=path, reason=_creation_problem(path))
        raise StoreError(key="no_store", path=path)
    if not create and _empty(path):  # SQLite would take it for a new database and write the schema into it
        raise StoreError(key="not_a_store", path=path,
                         reason=said(SaidText, N_("the file is empty; `villagescore store add` creates a store")))
    if create:
        if not path.parent.is_dir():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(key="cannot_create", path=path, reason=_creation_problem(path, exc)) from None
    new = not path.exists()
    writing = write or create
    try:
        con = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        if new:
            raise StoreError(key="cannot_create", path=path, reason=_creation_problem(path) or exc) from None
        raise StoreError(key="cannot_open", path=path, reason=exc) from None
    try:
        _set_up(con, path, timeout, writing=writing)
    except BaseException as exc:
        con.close()
        if new:  # a store file this run created and could not set up (a full disk) would be refused by every command
            remove_store_files(path)
        if isinstance(exc, sqlite3.OperationalError):
            if not writing and _cannot_open(exc) and on_read_only_file_system(path):
                return _open_read_only(path, timeout)
            raise (None if writing else _unwritable_folder(exc, path)) or _open_error(exc, path, new=new) from None
        if isinstance(exc, sqlite3.DatabaseError):
            raise StoreError(key="not_a_store", path=path, reason=_reason(exc)) from None
        raise
    return con


def remove_store_files(path: Path) -> None:
    """Remove the store file at ``path`` and its ``-wal`` and ``-shm`` files (what remains of each)."""
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        path.with_name(name).unlink(missing_ok=True)


def _set_up(con: sqlite3.Connection, path: Path, timeout: float, *, writing: bool, wal: bool = True) -> None:
    """Check that ``con`` is a store; WAL mode (unless not ``wal``); migrated and checked writable when ``writing``."""
    _check_identity(con, path)
    con.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    if wal:
        mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. a file system without shared memory
            raise StoreError(key="cannot_open", path=path, reason=f"WAL mode unavailable (journal mode {mode})")
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA foreign_keys = OFF")  # declared for documentation and Datasette; see schema.py
    if writing:
        migrate(con)
        _check_writable(con, path)
    else:  # a reader never takes the write lock, nor upgrades a store colleagues on an older version share
        read_as_current(con, path)


def _open_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A store on a read-only file system, opened read-only (``mode=ro``), else as ``immutable``.

    SQLite cannot create the ``-shm`` file a WAL store is read with in a folder it cannot write.
    ``immutable`` reads the file without it, but a read-only mount (a bind mount, Docker's ``:ro``,
    an NFS export) may still be written through another path, and ``immutable`` ignores a ``-wal``
    file. So a store with a ``-wal`` or ``-shm`` file beside it is refused rather than read without
    its last changes, and an immutable connection checks before each query that the file is still
    the one it opened (:class:`_ImmutableConnection`).
    """
    uri = Path(os.path.abspath(path)).as_uri()
    try:
        return _read_only_connection(f"{uri}?mode=ro", path, timeout)
    except sqlite3.OperationalError as exc:
        if not _cannot_open(exc):
            raise _open_error(exc, path) from None
    if any(path.with_name(path.name + suffix).is_file() for suffix in ("-wal", "-shm")):
        raise StoreError(key="cannot_open", path=path, reason=said(SaidText, N_(
            "the store holds changes not yet written into its file (its -wal file), which cannot be read on a "
            "read-only file system; open it once where its folder can be written (any reading command there will "
            "do, e.g. `villagescore store list`), or copy the store with its -wal file to a writable folder")))
    try:
        return _read_only_connection(f"{uri}?mode=ro&immutable=1", path, timeout, factory=_ImmutableConnection)
    except sqlite3.OperationalError as exc:
        raise _open_error(exc, path) from None


def _read_only_connection(uri: str, path: Path, timeout: float,
                          factory: type[sqlite3.Connection] = sqlite3.Connection) -> sqlite3.Connection:
    """A reader's connection to the store at SQLite ``uri`` (its journal mode left as it is)."""
    con = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False,
                          factory=factory)
    if isinstance(con, _ImmutableConnection):
        con.watch(path)
    try:
        _set_up(con, path, timeout, writing=False, wal=False)
    except sqlite3.OperationalError:
        con.close()
        raise
    except sqlite3.DatabaseError as exc:
        con.close()
        raise StoreError(key="not_a_store", path=path, reason=_reason(exc)) from None
    except BaseException:
        con.close()
        raise
    return con


def _signature(path: Path) -> tuple[int, int, int]:
    """What changes when a file is written: its inode, size and modification time."""
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


class _ImmutableConnection(sqlite3.Connection):
    """A connection opened ``immutable`` that refuses to read a store written since it was opened.

    SQLite trusts an immutable file not to change; read after another process wrote it, it
    returns stale rows or "database disk image is malformed". Before each query the file's
    signature is compared with the one it had when the connection was opened.
    """

    _watched: Path
    _opened: tuple[int, int, int]

    def watch(self, path: Path) -> None:
        """Remember ``path``'s signature now."""
        self._watched, self._opened = Path(path), _signature(path)

    def _check(self) -> None:
        try:
            same = _signature(self._watched) == self._opened
        except OSError:
            same = False
        if not same:
            raise _changed(self._watched)

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # noqa: D102 - sqlite3's, checked first
        return self.cursor().execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # noqa: D102
        return self.cursor().executemany(*args, **kwargs)

    def executescript(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # noqa: D102
        return self.cursor().executescript(*args, **kwargs)

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # noqa: D102
        cur = super().cursor(factory or _CheckedCursor)
        if isinstance(cur, _CheckedCursor):
            cur.checked_by = self
        return cur


class _CheckedCursor(sqlite3.Cursor):
    """A cursor of an :class:`_ImmutableConnection`: checks the file before each query, and says "malformed" plainly."""

    checked_by: _ImmutableConnection

    def _run(self, method: Any, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self.checked_by._check()
        try:
            return method(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if "malformed" in str(exc):
                raise _changed(self.checked_by._watched) from None
            raise

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # noqa: D102
        return self._run(super().execute, *args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # noqa: D102
        return self._run(super().executemany, *args, **kwargs)

    def executescript(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:  # noqa: D102
        return self._run(super().executescript, *args, **kwargs)


def _changed(path: Path) -> StoreError:
    """The store error for a store another process wrote while it was read as an immutable file."""
    return StoreError(key="cannot_open", path=path, reason=said(SaidText, N_(
        "the store changed while it was read (it was written through another path to its read-only folder); "
        "run the command again")))


def _open_error(exc: sqlite3.OperationalError, path: Path, *, new: bool = False) -> StoreError:
    """The store error for what SQLite refused when opening the store (``new``: creating it)."""
    if _is_read_only(exc) or (_cannot_open(exc) and on_read_only_file_system(path)):
        return _read_only(path)
    if "locked" in str(exc) or "busy" in str(exc):
        return StoreError(key="busy", path=path)
    key = "cannot_create" if new else "cannot_open"
    return machine_error(exc, path, key=key) or StoreError(key=key, path=path, reason=exc)


def _unwritable_folder(exc: sqlite3.OperationalError, path: Path) -> StoreError | None:
    """The store error for a reader whose user cannot write the store's folder (a writable file system), else ``None``.

    A WAL reader creates the ``-shm`` file when it is missing: SQLite then says "unable to open database
    file" (a ``-wal`` file beside the store) or "attempt to write a readonly database". Never read as
    ``immutable`` here: another user, who can write the folder, may be writing the store.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if not (_cannot_open(exc) or _is_read_only(exc)) or on_read_only_file_system(path) or os.access(folder, os.W_OK):
        return None
    return StoreError(key="cannot_open", path=path, reason=said(SaidText, N_(
        "this user cannot write the store's folder {folder}, which a store in WAL mode needs even for reading "
        "when its -shm file is missing; ask for write access to the folder, or copy the store (with its -wal "
        "file if any) to a folder you can write"), folder=folder))


def _cannot_open(exc: sqlite3.OperationalError) -> bool:
    """SQLite's SQLITE_CANTOPEN: here, a ``-wal`` or ``-shm`` file it could not create beside the store."""
    return "unable to open database file" in str(exc)


def on_read_only_file_system(path: Any) -> bool:
    """Whether the store's folder is on a file system mounted read-only."""
    try:
        return bool(os.statvfs(os.path.dirname(os.path.abspath(path))).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): not known to be read-only
        return False


def upgrade(con: sqlite3.Connection) -> None:
    """Migrate a store :func:`connect` opened for reading before writing to it (nothing when it is up to date).

    A store that cannot be written is :class:`StoreError` ``read_only``; another writer, ``busy``.
    """
    if current_version(con) >= SCHEMA_VERSION:
        return
    for kind, name in con.execute("SELECT type, name FROM temp.sqlite_master WHERE type IN ('table', 'view')"
                                  ).fetchall():  # what read_as_current supplied: the migrations add the real ones
        con.execute(f'DROP {"VIEW" if kind == "view" else "TABLE"} temp."{name}"')
    try:
        migrate(con)
    except sqlite3.OperationalError as exc:
        refused = _write_refused(exc, _db_path(con))
        if refused is None:
            raise
        raise refused from None


def _write_refused(exc: sqlite3.OperationalError, path: Any) -> StoreError | None:
    """The store error for a write SQLite refused: a read-only store, another writer, the machine's; else ``None``."""
    if _is_read_only(exc):
        return _read_only(path)
    if "locked" in str(exc) or "busy" in str(exc):
        return StoreError(key="busy", path=path)
    return machine_error(exc, path)


def _first_existing(path: Path) -> Path:
    """``path`` or its nearest ancestor that exists."""
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _creation_problem(path: Path, exc: OSError | None = None) -> Any:
    """Why no store file can be created at ``path``, in words of both languages (``None`` when unknown)."""
    import errno

    found = _first_existing(path.parent)
    if not found.is_dir():
        return said(SaidText, N_("{blocker} is a file, not a folder"), blocker=found)
    code = exc.errno if exc is not None else None
    if code is None and found == path.parent and not path.exists():
        try:  # what the operating system says when asked to create the file (removed at once)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            os.unlink(path)
        except OSError as error:
            code = error.errno
    if code in (errno.EACCES, errno.EPERM) or (code is None and not os.access(found, os.W_OK | os.X_OK)):
        return said(SaidText, N_("you have no permission to create files in the folder {folder}"), folder=found)
    if code == errno.EROFS:
        return said(SaidText, N_("the folder {folder} is on a read-only file system"), folder=found)
    if code == errno.ENOSPC:
        return said(SaidText, N_("the disk is full"))
    if code is not None:
        return said(SaidText, N_("the file system of the folder {folder} does not allow new files there"),
                    folder=found)
    return None


def _empty(path: Path) -> bool:
    """Whether ``path`` is an empty file (with no write-ahead log holding its first pages)."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size == 0 and not (wal.is_file() and wal.stat().st_size)


def _is_read_only(exc: sqlite3.OperationalError) -> bool:
    return "readonly" in str(exc) or "read-only" in str(exc)


def _read_only(path: Any) -> StoreError:
    """The store error for a store that cannot be written to, with the likely reason."""
    if on_read_only_file_system(path):
        reason = said(SaidText, N_("the folder {folder} is on a read-only file system"),
                      folder=os.path.dirname(os.path.abspath(path)))
    elif os.path.isfile(path) and not os.access(path, os.W_OK):
        reason = said(SaidText, N_("you have no permission to write the file"))
    else:
        reason = said(SaidText, N_("SQLite can only read it (check the permissions of the file and of its folder, "
                                   "where SQLite writes the store's -wal and -shm files)"))
    return StoreError(key="read_only", path=path, reason=reason)


def _check_writable(con: sqlite3.Connection, path: Path) -> None:
    """Raise ``read_only`` unless a write transaction can write: one that rewrites the application id, rolled back."""
    if os.path.isfile(path) and not os.access(path, os.W_OK):
        raise _read_only(path)
    con.execute("BEGIN IMMEDIATE")
    try:
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        if con.in_transaction:  # SQLite rolls back itself after some errors (a full disk)
            con.execute("ROLLBACK")


def _check_identity(con: sqlite3.Connection, path: Path) -> None:
    app_id = con.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return
    tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id != 0 or tables or current_version(con):
        raise StoreError(key="not_a_store", path=path,
                         reason=said(SaidText, N_("a SQLite database of another application (application_id "
                                                  "{app_id}, {tables} schema objects)"),
                                     app_id=app_id, tables=Count(tables)))


def _reason(exc: sqlite3.DatabaseError) -> Any:
    """Why SQLite refused the file, in the run's language where SQLite's words are known."""
    if "file is not a database" in str(exc):
        return said(SaidText, N_("the file is not an SQLite database"))
    if "malformed" in str(exc):
        return said(SaidText, N_("the SQLite database is damaged ({detail})"), detail=str(exc))
    return exc


@contextmanager
def write_transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: ``BEGIN IMMEDIATE`` (waits for another writer), ``COMMIT``, or ``ROLLBACK`` on error.

    Any exception (including ``KeyboardInterrupt``) rolls back everything written inside.
    A write SQLite refuses because the store is read-only is :class:`StoreError` ``read_only``.
    """
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _write_refused(exc, _db_path(con)) or exc from None
    try:
        yield con
        con.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if con.in_transaction:
            con.execute("ROLLBACK")
        refused = _write_refused(exc, _db_path(con))
        if refused is None:
            raise
        raise refused from None
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise


def _db_path(con: sqlite3.Connection) -> Any:
    row = con.execute("PRAGMA database_list").fetchone()
    return row[2] if row else "?"
