"""Large arrays whose memory is mapped in with one system call, not faulted in page by page.

A fresh matrix of one value per village-year and indicator is about 100 MB at 100,000 rows.
Its pages reach the process one fault at a time as it is first written, and numpy asks the
kernel for huge pages on such blocks (``madvise``), which on the virtual machines measured made
each first write dearer still: filling the validated number block (122 columns at 100,000
village-years) took 0.25 s, a quarter of the time pandas takes to parse the whole file.
:func:`empty` maps a large block with ``MAP_POPULATE`` instead: the kernel provides every page
in one call (0.04 s for the same block), and the block goes back to the kernel as soon as the
last array using it is freed.

Small blocks, and platforms without ``MAP_POPULATE`` (macOS, Windows), get :func:`numpy.empty`.
The arrays are ordinary writable numpy arrays; only where their memory comes from differs.
"""

from __future__ import annotations

import mmap
from typing import Any

import numpy as np

__all__ = ["empty", "ones", "MIN_BYTES"]

#: Blocks from this size on are mapped in at once (numpy's own threshold for asking for huge pages).
MIN_BYTES = 4 * 1024 * 1024
_FLAGS = getattr(mmap, "MAP_PRIVATE", 0) | getattr(mmap, "MAP_ANONYMOUS", 0) | getattr(mmap, "MAP_POPULATE", 0)
_AVAILABLE = hasattr(mmap, "MAP_POPULATE") and hasattr(mmap, "MAP_ANONYMOUS")


def empty(shape: int | tuple[int, ...], dtype: Any = float, order: str = "C") -> np.ndarray:
    """Like :func:`numpy.empty` (``order`` "C" or "F"); a large block's pages are all in memory already."""
    dtype = np.dtype(dtype)
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    size = int(np.prod(shape, dtype=np.int64))
    nbytes = size * dtype.itemsize
    if not _AVAILABLE or nbytes < MIN_BYTES:
        return np.empty(shape, dtype=dtype, order=order)
    try:
        block = mmap.mmap(-1, nbytes, flags=_FLAGS)
    except OSError:  # no address space or memory for one mapping: numpy's allocator may still manage
        return np.empty(shape, dtype=dtype, order=order)
    flat = np.frombuffer(block, dtype=dtype, count=size)
    return flat.reshape(shape[::-1]).T if order == "F" else flat.reshape(shape)


def ones(shape: int | tuple[int, ...], dtype: Any = float, order: str = "C") -> np.ndarray:
    """Like :func:`numpy.ones`, from :func:`empty`."""
    out = empty(shape, dtype, order)
    out.fill(1)
    return out
