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

:func:`empty_soon` gets such a block ready in a thread while the caller goes on: Python 3.11's
``mmap`` holds the interpreter's lock for the whole ``MAP_POPULATE`` call, so the thread maps
the block plainly and asks the kernel for its pages with ``madvise(MADV_POPULATE_WRITE)``
(Linux 5.14 and later) through ``ctypes``, which lets go of the lock: the same work, on another
processor when one is free. A kernel that refuses the advice gets :func:`empty` when the block
is needed.

:func:`reserved` does the same for blocks a later step will ask :func:`empty` for (the engine's
matrices, while the warnings before scoring run): within it, :func:`empty` of a reserved size
takes the block the thread faulted in instead of mapping one of its own.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

__all__ = ["empty", "empty_soon", "ones", "reserved", "MIN_BYTES"]

#: Blocks from this size on are mapped in at once (numpy's own threshold for asking for huge pages).
MIN_BYTES = 4 * 1024 * 1024
_FLAGS = getattr(mmap, "MAP_PRIVATE", 0) | getattr(mmap, "MAP_ANONYMOUS", 0) | getattr(mmap, "MAP_POPULATE", 0)
_AVAILABLE = hasattr(mmap, "MAP_POPULATE") and hasattr(mmap, "MAP_ANONYMOUS")
#: ``madvise`` advice (Linux): fault every page of the range in, writable.
MADV_POPULATE_WRITE = 23


def empty(shape: int | tuple[int, ...], dtype: Any = float, order: str = "C") -> np.ndarray:
    """Like :func:`numpy.empty` (``order`` "C" or "F"); a large block's pages are all in memory already."""
    dtype = np.dtype(dtype)
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    size = int(np.prod(shape, dtype=np.int64))
    nbytes = size * dtype.itemsize
    if not _AVAILABLE or nbytes < MIN_BYTES:
        return np.empty(shape, dtype=dtype, order=order)
    flat = _reserved_block(nbytes)
    if flat is not None:
        flat = flat.view(dtype)
    else:
        try:
            flat = np.frombuffer(mmap.mmap(-1, nbytes, flags=_FLAGS), dtype=dtype, count=size)
        except OSError:  # no address space or memory for one mapping: numpy's allocator may still manage
            return np.empty(shape, dtype=dtype, order=order)
    return flat.reshape(shape[::-1]).T if order == "F" else flat.reshape(shape)


def empty_soon(shape: tuple[int, ...], *, reserve: int = 0) -> Callable[[], np.ndarray]:
    """A function giving :func:`empty` ``(shape)`` (float64, C order), its pages faulted in meanwhile by a thread.

    Call the function once; it waits for the thread. A small block, or one this platform
    cannot fault in beside the caller, is made when the function is called. ``reserve``: about
    how many bytes the caller will take from the heap while the thread works; the heap grows by
    that much first (:func:`villagescore.allocator.reserve_heap`), since growing it while the
    kernel faults the block in would wait for the whole block.
    """
    size = int(np.prod(shape, dtype=np.int64))
    madvise = _madvise() if _AVAILABLE and size * 8 >= MIN_BYTES else None
    if madvise is None:
        return lambda: empty(shape)
    try:
        flat = np.frombuffer(mmap.mmap(-1, size * 8, flags=_FLAGS & ~mmap.MAP_POPULATE), dtype=float, count=size)
    except OSError:
        return lambda: empty(shape)
    done: list[bool] = []
    if reserve > 0:
        from .allocator import reserve_heap

        reserve_heap(reserve)
    # the thread holds the block until it is done: dropped early (an error), it is not unmapped under the kernel's work
    thread = threading.Thread(target=_populate, args=(flat, madvise, done), name="villagescore-prefault", daemon=True)
    thread.start()

    def ready() -> np.ndarray:
        nonlocal flat
        thread.join()
        if done == [True]:
            return flat.reshape(shape)
        flat = None  # a refusal may come after part of the block was faulted in: never two blocks at once
        return empty(shape)

    return ready


class _Reserved:
    """A block of :func:`reserved`: its bytes (``None`` once taken or dropped) and whether its pages are in."""

    def __init__(self, flat: np.ndarray) -> None:
        self.nbytes = flat.nbytes
        self.flat: np.ndarray | None = flat
        self.faulted = threading.Event()
        self.done: list[bool] = []


#: The blocks of the :func:`reserved` block running, in the order they are asked for; taken by :func:`empty`.
_RESERVED: list[_Reserved] = []
_RESERVED_LOCK = threading.Lock()


@contextlib.contextmanager
def reserved(sizes: Sequence[int]) -> Iterator[None]:
    """While the block runs, a thread faults in blocks of ``sizes`` bytes (in the order they will be asked for).

    :func:`empty` (and :func:`ones`) of one of these sizes takes the first such block not taken
    (waiting for the thread to have faulted it in) instead of mapping its own; a size below
    :data:`MIN_BYTES` is left to numpy. Blocks not taken when the block ends are dropped. Where
    the kernel cannot fault in beside the caller (see :func:`empty_soon`), nothing is reserved.
    """
    madvise = _madvise() if _AVAILABLE and any(size >= MIN_BYTES for size in sizes) else None
    blocks = []
    for size in sizes if madvise is not None else ():
        if size >= MIN_BYTES:
            try:
                blocks.append(_Reserved(np.frombuffer(mmap.mmap(-1, size, flags=_FLAGS & ~mmap.MAP_POPULATE),
                                                      dtype=np.uint8)))
            except OSError:  # no address space for it: mapped when it is asked for
                break
    if not blocks:
        yield
        return
    # the thread holds the blocks until it is done: one dropped early is not unmapped under the kernel's work
    thread = threading.Thread(target=_populate_reserved, args=([b.flat for b in blocks], blocks, madvise),
                              name="villagescore-prefault", daemon=True)
    with _RESERVED_LOCK:
        _RESERVED.extend(blocks)
    try:
        try:
            thread.start()
        except RuntimeError:  # no thread to be had (a limit on threads or memory): nothing reserved after all
            _drop(blocks)
        yield
    finally:
        _drop(blocks)


def _drop(blocks: list[_Reserved]) -> None:
    """Forget reserved ``blocks`` not taken (an :func:`empty` of their size maps its own)."""
    with _RESERVED_LOCK:
        for block in blocks:
            block.flat = None
            if block in _RESERVED:
                _RESERVED.remove(block)


def _forget_in_child() -> None:
    """In a forked child: no thread faults the parent's reserved blocks in there, so none may be waited for."""
    global _RESERVED_LOCK
    _RESERVED.clear()
    _RESERVED_LOCK = threading.Lock()  # the parent's may have been held by another thread at the fork


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def _reserved_block(nbytes: int) -> np.ndarray | None:
    """The bytes of the first reserved block of ``nbytes`` not taken, once faulted in; ``None`` if there is none."""
    if not _RESERVED:
        return None
    with _RESERVED_LOCK:
        block = next((b for b in _RESERVED if b.nbytes == nbytes), None)
        if block is None:
            return None
        _RESERVED.remove(block)
        flat, block.flat = block.flat, None
    block.faulted.wait()
    return flat if block.done == [True] else None  # refused: mapped here with MAP_POPULATE


def _populate_reserved(flats: list[np.ndarray], blocks: list[_Reserved], madvise: Callable[[int, int, int], int]
                       ) -> None:
    for flat, block in zip(flats, blocks, strict=True):
        try:
            _populate(flat, madvise, block.done)
        finally:
            block.faulted.set()


def _populate(flat: np.ndarray, madvise: Callable[[int, int, int], int], done: list[bool]) -> None:
    done.append(madvise(flat.__array_interface__["data"][0], flat.nbytes, MADV_POPULATE_WRITE) == 0)


def _madvise() -> Callable[[int, int, int], int] | None:
    """The C library's ``madvise`` (called without the interpreter's lock), or ``None``."""
    import ctypes

    try:
        madvise = ctypes.CDLL(None).madvise
    except (OSError, AttributeError):
        return None
    madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    madvise.restype = ctypes.c_int
    return madvise


def ones(shape: int | tuple[int, ...], dtype: Any = float, order: str = "C") -> np.ndarray:
    """Like :func:`numpy.ones`, from :func:`empty`."""
    out = empty(shape, dtype, order)
    out.fill(1)
    return out
