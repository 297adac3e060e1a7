"""A data file's bytes, read within the size limit, and errors that name the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import DatasetError, Problem
from .model import MAX_DATASET_BYTES


def fail(name: str, message: str, where: str = "") -> DatasetError:
    """A :class:`DatasetError` with one problem of the file ``name`` (raise it)."""
    return DatasetError([Problem(name, where, message)])


def read_bytes(path: Path) -> bytes:
    """The file's bytes; refuse a file over :data:`MAX_DATASET_BYTES` or one that cannot be read."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise fail(name, f"cannot read the file: {exc.strerror or exc}") from None
    if size > MAX_DATASET_BYTES:
        raise fail(name, f"the file is {size:,} bytes; datasets are limited to {MAX_DATASET_BYTES:,}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise fail(name, f"cannot read the file: {exc.strerror or exc}") from None



def sha256(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as recorded in a result's provenance."""
    return hashlib.sha256(data).hexdigest()
