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
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .errors import OutputError

__all__ = ["atomic_write", "neutralise", "csv_bytes", "FORMULA_PREFIXES"]

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


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, rename)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        msg = f"cannot write {target}: folder {folder} does not exist"
        raise OutputError(msg)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        msg = f"cannot write {target}: {exc.strerror or exc}"
        raise OutputError(msg) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
