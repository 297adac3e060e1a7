"""A data file's bytes, read within the size limit, and errors that name the file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .. import read_ahead
from ..errors import DatasetError, os_reason, problem
from ..i18n import N_
from .model import MAX_DATASET_BYTES


def fail(name: str, message: str, where: str = "", params: dict[str, Any] | None = None) -> DatasetError:
    """A :class:`DatasetError` with one problem of the file ``name`` (raise it).

    ``message`` is an English sentence marked for translation (with ``params``: a template).
    """
    return DatasetError([problem(name, where, message, params=params)])


def read_bytes(path: Path) -> bytes:
    """The file's bytes; refuse a file over :data:`MAX_DATASET_BYTES` or one that cannot be read.

    Bytes the command line read ahead (:mod:`villagescore.read_ahead`) are taken when the file is unchanged since.
    """
    name = str(path)
    try:
        found = path.stat()
        size = found.st_size
    except OSError as exc:
        raise fail(name, N_("cannot read the file: {reason}"), params={"reason": os_reason(exc)}) from None
    if size > MAX_DATASET_BYTES:
        raise fail(name, N_("the file is {size} bytes; datasets are limited to {limit}"),
                   params={"size": f"{size:,}", "limit": f"{MAX_DATASET_BYTES:,}"})
    ahead = read_ahead.take(path, found)
    if ahead is not None:
        return ahead
    try:
        return path.read_bytes()
    except OSError as exc:
        raise fail(name, N_("cannot read the file: {reason}"), params={"reason": os_reason(exc)}) from None


def sha256(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as recorded in a result's provenance."""
    return hashlib.sha256(data).hexdigest()
