"""Send a file to the disk while it is being written, so that its final ``fsync`` has little left to wait for.

An output written through :func:`villagescore.outputs.atomic_stream` is synced to the disk
before it is renamed over its target. Until then the kernel keeps the written pages in
memory: it writes them back on its own only past a tenth of the memory or after 30 s. The
final ``fsync`` of a 340 MB JSON result therefore waited 0.3–0.5 s for the disk at the end
of the command. :func:`writeback` has the kernel write what is already there each time
another :data:`STEP` bytes have arrived, from a thread that sleeps in between: the disk
works while the command makes the next bytes, and the final ``fsync`` has only the last
ones left. The thread only asks the kernel to write; the final ``fsync`` is what makes the
output safe, and it reports any error of the disk.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["writeback", "STEP", "INTERVAL"]

#: Bytes written between two requests to the kernel.
STEP = 32 << 20
#: Seconds between two looks at the size of the file.
INTERVAL = 0.1


@contextmanager
def writeback(fd: int) -> Iterator[None]:
    """Send what is written to ``fd`` to the disk every :data:`STEP` bytes, beside the ``with`` block.

    The thread is stopped (and waited for) when the block ends, before the caller syncs and
    closes ``fd``.
    """
    stop = threading.Event()
    thread = threading.Thread(target=_write_back, args=(fd, stop, STEP, INTERVAL), name="villagescore-writeback",
                              daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _write_back(fd: int, stop: threading.Event, step: int, interval: float) -> None:
    sync = getattr(os, "fdatasync", os.fsync)  # the data; the final fsync writes the rest
    synced = 0
    while not stop.wait(interval):
        try:
            size = os.fstat(fd).st_size
            if size - synced >= step:
                sync(fd)
                synced = size
        except OSError:  # the final fsync says what the disk refused
            return
