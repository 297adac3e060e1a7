"""Keep freed column memory in the process for the next column instead of handing it back to the kernel.

A command works on columns of one value per village-year (800 kB at 100,000 rows, 8 MB at
1,000,000): each step makes a few, uses them and frees them. glibc's allocator gives blocks
of that size their own ``mmap`` until its threshold has grown past them, and trims the top
of its heap as soon as twice the threshold is free there; either way, the next column's
memory often comes back from the kernel as fresh pages, zeroed and faulted in one by one.
On the machines measured that was a third to a half of a command's system time.

:func:`keep_freed_memory` sets the two ``mallopt`` parameters that glibc's
``MALLOC_MMAP_THRESHOLD_`` and ``MALLOC_TRIM_THRESHOLD_`` environment variables set: blocks
up to 32 MiB (glibc's largest threshold) come from the heap, and the heap's top is handed
back only when 1 GiB of it is free. Larger blocks (a whole matrix) keep their own ``mmap``
and go back to the kernel when freed. Paired runs at 100,000 village-years (medians):
system time 0.62 → 0.34 s for ``evaluate --format csv``; wall time 0.92× (csv), 0.93× (html),
0.94× (jsonl), 0.97× (validate), 0.98× (``compare``); peak memory within 2 %.

The command line calls it once when it starts; a program using the Python API decides for
itself. A threshold the user set in the environment wins, and with a C library other than
glibc (macOS, Windows, musl) nothing is done.

Memory kept that way is reused by later columns, but not by the large matrices of scoring,
which have their own mappings (:mod:`villagescore.prefault`): the file's raw cells, freed
once they are validated, would stay in the process beside them and raise its peak.
:func:`hand_back_freed_memory` (glibc's ``malloc_trim``) gives the free memory back between
the two steps: at 100,000 village-years the peak of ``evaluate`` and ``compare`` went from
579 to 549 MB (1.53× to 1.48× that of ``pandas.read_csv`` of the file) for 0.015 s.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

__all__ = ["keep_freed_memory", "hand_back_freed_memory", "reserve_heap"]

#: ``mallopt`` parameters (glibc's ``malloc.h``).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: Blocks up to this size come from the heap (glibc refuses more: half its heap size on 64-bit).
MMAP_THRESHOLD = 32 * 1024 * 1024
#: The heap's top is handed back to the kernel only when this much of it is free.
TRIM_THRESHOLD = 1024 * 1024 * 1024
#: The environment variables that set the same parameters; a user's own setting is left alone.
ENVIRONMENT = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")
#: The same thresholds as glibc's tunables (``GLIBC_TUNABLES=glibc.malloc.trim_threshold=…``).
TUNABLES = ("malloc.mmap_threshold", "malloc.trim_threshold")


def keep_freed_memory() -> bool:
    """Set glibc's two thresholds (see the module); return whether they were set.

    Nothing is done, and ``False`` returned, off Linux, without glibc, or when the user set
    either threshold in the environment (as a ``MALLOC_…_`` variable or in ``GLIBC_TUNABLES``).
    """
    if not sys.platform.startswith("linux") or any(name in os.environ for name in ENVIRONMENT) or any(
            name in os.environ.get("GLIBC_TUNABLES", "") for name in TUNABLES):
        return False
    mallopt = _glibc_mallopt()
    if mallopt is None:
        return False
    # the mmap threshold first: setting it also stops glibc from moving both thresholds itself
    global _keeping
    _keeping = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    return _keeping


#: Whether :func:`keep_freed_memory` set the thresholds in this process.
_keeping = False


def hand_back_freed_memory() -> bool:
    """Give the memory freed so far back to the kernel, after :func:`keep_freed_memory` kept it; ``True`` when done.

    Called by the command line when a dataset is read and validated, before it is scored.
    Without :func:`keep_freed_memory` glibc hands memory back by itself, and nothing is done.
    """
    if not _keeping:
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    trim(0)
    return True


#: The most :func:`reserve_heap` takes at once: under :data:`MMAP_THRESHOLD`, so that it comes from the heap.
MOST_RESERVED = MMAP_THRESHOLD - 1024 * 1024


def reserve_heap(nbytes: int) -> bool:
    """Grow the heap by ``nbytes`` (at most :data:`MOST_RESERVED`) now, for the allocations that follow.

    Growing the heap (``brk``) takes the kernel's lock on the process's memory map for writing,
    and a thread having the kernel fault a large block in (:func:`villagescore.prefault.empty_soon`)
    holds it for reading throughout: the first heap growth after the thread starts waits for all
    of its work (≈ 20 ms of ``validate`` at 100,000 village-years, in the scan of the names). A
    block taken and freed at once stays at the heap's top (:func:`keep_freed_memory` hands the
    top back only from 1 GiB on), its pages untouched: the address space grows, not the memory
    the process uses. Returns whether it was done (only after :func:`keep_freed_memory`).
    """
    if not _keeping or nbytes <= 0 or _perturbed():
        return False
    try:
        libc = ctypes.CDLL(None)
        malloc, free = libc.malloc, libc.free
    except (OSError, AttributeError):  # pragma: no cover - glibc has both (checked by keep_freed_memory)
        return False
    malloc.argtypes, malloc.restype = (ctypes.c_size_t,), ctypes.c_void_p
    free.argtypes, free.restype = (ctypes.c_void_p,), None
    block = malloc(min(nbytes, MOST_RESERVED))
    if not block:
        return False
    free(block)
    return True


def _perturbed() -> bool:
    """Whether glibc fills each block it allocates or frees (``MALLOC_PERTURB_``): a reserve would then be resident."""
    return bool(os.environ.get("MALLOC_PERTURB_", "").strip("0 ")) or "malloc.perturb" in os.environ.get(
        "GLIBC_TUNABLES", "")


def _glibc_mallopt() -> Callable[[int, int], int] | None:
    """The ``mallopt`` of glibc in this process (``None`` with another C library: no ``gnu_get_libc_version``)."""
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - glibc's own function: musl has a mallopt that does nothing
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return None
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt
