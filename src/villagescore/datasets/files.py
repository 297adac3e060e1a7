"""A data file's bytes, read within the size limit, and errors that name the file."""

from __future__ import annotations

import hashlib
import mmap
import stat
from pathlib import Path
from typing import Any

from ..errors import DatasetError, os_reason, problem
from ..i18n import N_
from .model import MAX_DATASET_BYTES


def fail(name: str, message: str, where: str = "", params: dict[str, Any] | None = None) -> DatasetError:
    """A :class:`DatasetError` with one problem of the file ``name`` (raise it).

    ``message`` is an English sentence marked for translation (with ``params``: a template).
    """
    return DatasetError([problem(name, where, message, params=params)])


def read_bytes(path: Path, *, mapped: bool = False) -> Any:
    """The file's bytes; refuse a file over :data:`MAX_DATASET_BYTES` or one that cannot be read.

    ``mapped``: a regular file that is not empty is mapped into memory read-only (an
    :class:`mmap.mmap`, which slices, searches and hashes as the bytes would) instead of copied
    into a new ``bytes`` object: pandas reads from it directly, and a national file's 58 MB are
    neither copied nor faulted into fresh memory (0.04 s). Anything else is read as usual.
    """
    name = str(path)
    try:
        found = path.stat()
    except OSError as exc:
        raise fail(name, N_("cannot read the file: {reason}"), params={"reason": os_reason(exc)}) from None
    size = found.st_size
    if size > MAX_DATASET_BYTES:
        raise fail(name, N_("the file is {size} bytes; datasets are limited to {limit}"),
                   params={"size": f"{size:,}", "limit": f"{MAX_DATASET_BYTES:,}"})
    if mapped and size > 0 and stat.S_ISREG(found.st_mode):
        try:
            with path.open("rb") as handle:
                return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # not mapped (emptied since, a file system without it): read it as usual
            pass
    try:
        return path.read_bytes()
    except OSError as exc:
        raise fail(name, N_("cannot read the file: {reason}"), params={"reason": os_reason(exc)}) from None


def release(data: Any) -> None:
    """Unmap what :func:`read_bytes` mapped (bytes need nothing); a view still held keeps the mapping for now."""
    if isinstance(data, mmap.mmap):
        try:
            data.close()
        except BufferError:  # an array or memoryview of it is still alive (a traceback's frame): freed with it
            pass


def sha256(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as recorded in a result's provenance."""
    return hashlib.sha256(data).hexdigest()
