"""Safe output: atomic writes and neutralised spreadsheet cells.

Reports are written to a temporary file in the target folder and renamed over the
target only when complete, so a failed run never leaves a half-written file and never
damages an existing report. Text cells that a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with an
apostrophe in CSV and XLSX output.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from .errors import OutputError

__all__ = ["atomic_write", "atomic_stream", "neutralise", "csv_bytes", "frame_csv_bytes", "FORMULA_PREFIXES"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Return ``value`` made inert for spreadsheets: text starting like a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Return UTF-8 CSV (with BOM, so Excel reads Vietnamese correctly), cells neutralised."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def frame_csv_bytes(frame: Any) -> bytes:
    """:func:`csv_bytes` of a pandas DataFrame, converted column by column (same bytes, no per-cell Python).

    Missing cells are empty; text cells starting like a formula get a ``'``; numbers are
    written as Python writes them (``repr``).
    """
    columns = []
    for name in frame.columns:
        col = frame[name]
        values = col.to_numpy(dtype=object, copy=True)
        values[col.isna().to_numpy()] = None
        if col.dtype == object:
            risky = [k for k, v in enumerate(values.tolist()) if isinstance(v, str) and v.startswith(FORMULA_PREFIXES)]
            for k in risky:
                values[k] = "'" + values[k]
        columns.append(values.tolist())
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise(h) for h in frame.columns])
    writer.writerows(zip(*columns, strict=True) if columns else [])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` without ever leaving a half-written or destroyed file.

    - A regular file (or a new one) is written atomically: a temporary file in the same
      folder is fsynced and renamed over the target. It gets the permissions a plain
      ``open(path, "wb")`` would give it: those of the report it replaces, or the usual
      ones under the user's umask for a new file. The temporary file is removed whatever
      stops the write (an error, Ctrl-C, SIGTERM through :class:`~villagescore.errors.Terminated`).
    - A symbolic link is followed: its target is replaced, the link stays a link.
    - A special file (a device such as ``/dev/null``, a FIFO, ``/dev/stdout``) is written
      directly: it is never replaced by a regular file.
    - A read-only file is refused (:class:`OutputError`): it is someone's protected copy.
    """
    with atomic_stream(path) as handle:
        handle.write(data)


@contextmanager
def atomic_stream(path: str | Path) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces ``path`` only when the ``with`` block completes.

    The streaming form of :func:`atomic_write` (same rules): large outputs are written
    piece by piece to a temporary file beside the target, renamed over it at the end, and
    removed if anything stops the block, so a reader never sees a half-written file.
    """
    target = Path(path)
    if _is_special(target):
        try:
            with open(target, "ab") as handle:
                yield handle
                handle.flush()
        except OSError as exc:
            msg = f"cannot write {target}: {exc.strerror or exc}"
            raise OutputError(msg) from None
        return
    real = Path(os.path.realpath(target))  # a symlink: replace what it points to, not the link
    _check_replaceable(target, real)
    folder = real.parent
    if not folder.is_dir():
        msg = f"cannot write {target}: folder {folder} does not exist"
        raise OutputError(msg)
    tmp = _temporary_name(folder, real.name)
    try:
        fd = _create(tmp)
        with os.fdopen(fd, "wb") as handle:
            if real.is_file():
                os.chmod(tmp, stat.S_IMODE(real.stat().st_mode))
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        msg = f"cannot write {target}: {exc.strerror or exc}"
        raise OutputError(msg) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _is_special(target: Path) -> bool:
    """True for a path that must be written in place: a device, a FIFO, anything under /dev or /proc."""
    try:
        mode = os.stat(target).st_mode  # follows symbolic links
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return True
    return str(target.absolute()).startswith(("/dev/", "/proc/"))


def _check_replaceable(target: Path, real: Path) -> None:
    """Refuse a folder or a read-only file (checked by its mode bits: root may write anything)."""
    if real.is_dir():
        msg = f"cannot write {target}: it is a folder; give a file name"
        raise OutputError(msg)
    if real.is_file() and (not os.access(real, os.W_OK) or not real.stat().st_mode & 0o222):
        msg = (f"cannot write {target}: the file is read-only, so it is not replaced; make it writable "
               "or choose another file name")
        raise OutputError(msg)


def _temporary_name(folder: Path, name: str) -> str:
    """A free hidden name beside the target (the file is created by :func:`_create`)."""
    for _ in range(100):
        tmp = str(folder / f".{name}.{secrets.token_hex(6)}.tmp")
        if not os.path.lexists(tmp):
            return tmp
    msg = f"no free temporary name for {name} in {folder}"
    raise OutputError(msg)


def _create(tmp: str) -> int:
    """Create the temporary file, mode 0o666 under the umask (mkstemp would give 0o600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.open(tmp, flags, 0o666)
