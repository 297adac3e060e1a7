"""A long output made a chunk at a time on several processors, and handed over in order.

Writing a national JSON result is mostly turning arrays into text, a chunk of village-years
at a time, under Python's global lock: one processor does it all while the others wait.
:func:`chunks_in_order` shares the chunks out round-robin between this process and forked
copies of it (``VILLAGESCORE_WORKERS``, by default the processors this process may use, at
most :data:`DEFAULT_MOST`). A copy shares the engine's arrays with this process (the kernel
copies a page only when one side writes it), makes each of its chunks while this process
makes its own, and passes the bytes back through a pipe; this process hands every chunk on
in order. Each copy is at most one chunk ahead, so memory holds a chunk per process, never
the output.

The command line shares the work by default (:func:`share_processors`, called when it
starts: it knows which threads it runs). A program using the Python API (a notebook, a web
server: processes with threads of their own, which a fork may catch holding a lock) makes
every chunk itself unless it calls :func:`share_processors` or sets ``VILLAGESCORE_WORKERS``.

Nothing else changes: the bytes are those that making every chunk here would give, and the
function falls back on doing exactly that whenever it cannot share the work:

* a system without ``fork`` (Windows), or not Linux (macOS's system libraries may not survive
  a fork), one processor, ``VILLAGESCORE_WORKERS=1``, or fewer than :data:`MIN_CHUNKS` chunks;
* a copy that stops (killed, out of memory, an error in ``make``): its remaining chunks are
  made here, where an error is raised as usual;
* a copy that cannot be started (a limit on processes or open files, no memory).

A copy never writes anything but its chunks: it leaves through ``os._exit``, so no buffer,
temporary file or exit handler it inherited is flushed or run twice. When the consumer stops
early (an error, Ctrl-C), the copies are killed and reaped. Ctrl-C and SIGTERM are blocked
while a copy is forked and raised once the fork returns (never lost in an at-fork callback);
a copy ends at once on either.
"""

from __future__ import annotations

import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["DEFAULT_MOST", "MIN_CHUNKS", "chunks_in_order", "share_processors", "worker_count"]

#: At most this many processes unless ``VILLAGESCORE_WORKERS`` asks for more (the one handing
#: the chunks on becomes the bottleneck beyond a few).
DEFAULT_MOST = 4
#: Fewer chunks than this are made here: a fork costs more than they take.
MIN_CHUNKS = 8
#: Bytes of the length that precedes each chunk in a pipe.
_LENGTH = 8
#: Whether the usable processors are shared when ``VILLAGESCORE_WORKERS`` is unset (see :func:`share_processors`).
_sharing = False


def share_processors(share: bool = True) -> None:
    """Share long outputs between the usable processors (at most :data:`DEFAULT_MOST`) by default.

    ``VILLAGESCORE_WORKERS``, when set, still decides. The command line calls this when it
    starts; ``share_processors(False)``: back to this process alone.
    """
    global _sharing
    _sharing = share


def worker_count() -> int:
    """The processes to share a long output between.

    ``VILLAGESCORE_WORKERS`` when set; else the usable processors (at most :data:`DEFAULT_MOST`)
    after :func:`share_processors`, 1 before. Always 1 where :func:`chunks_in_order` does not
    fork (see the module).
    """
    from .environment import workers

    chosen = workers()
    if not _forks():
        return 1
    if chosen is not None:
        return chosen
    return max(1, min(len(os.sched_getaffinity(0)), DEFAULT_MOST)) if _sharing else 1


def chunks_in_order(make: Callable[[int, int], bytes], n: int, size: int, workers: int | None = None
                    ) -> Iterator[bytes]:
    """``make(start, stop)`` for each chunk of ``range(n)`` of ``size`` items, in order.

    ``workers``: the processes to share the chunks between (``None``: :func:`worker_count`).
    ``make`` must give the same bytes in a forked copy as here (it reads, never writes, what
    it shares).
    """
    spans = [(start, min(start + size, n)) for start in range(0, n, size)]
    count = worker_count() if workers is None else workers
    count = min(count, len(spans))
    if count <= 1 or len(spans) < MIN_CHUNKS or not _forks():  # an explicit count too: Linux only
        for start, stop in spans:
            yield make(start, stop)
        return
    copies: list[_Copy | None] = []
    try:
        try:
            for k in range(1, count):
                copies.append(_fork(make, spans[k::count]))
        except OSError:  # no process or pipe to spare (a limit, no memory): every chunk is made here
            for copy in copies:
                copy.stop()
            copies, count = [], 1
        for i, (start, stop) in enumerate(spans):
            copy = copies[i % count - 1] if i % count else None
            data = copy.receive() if copy is not None else None
            if data is None and copy is not None:  # the copy stopped: its chunks are made here from now on
                copy.stop()
                copies[i % count - 1] = None
            yield make(start, stop) if data is None else data
    finally:
        for copy in copies:
            if copy is not None:
                copy.stop()


def _forks() -> bool:
    """Whether copies are forked here: Linux only (macOS's system libraries may not survive a fork)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


@dataclass
class _Copy:
    """A forked copy making chunks: its process id and the reading end of its pipe."""

    pid: int
    pipe: BinaryIO

    def receive(self) -> bytes | None:
        """The copy's next chunk; ``None`` when it stopped before sending it whole."""
        head = self.pipe.read(_LENGTH)
        if len(head) < _LENGTH:
            return None
        length = int.from_bytes(head, "little")
        data = self.pipe.read(length)
        return data if len(data) == length else None

    def stop(self) -> None:
        """Close the pipe, end the copy if it still runs, and reap it."""
        self.pipe.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:  # already gone (it finished, or failed)
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:  # reaped already
            pass


def _fork(make: Callable[[int, int], bytes], spans: list[tuple[int, int]]) -> _Copy:
    """Start a copy of this process that sends ``make(start, stop)`` of each span, in order, through a pipe."""
    read_end, write_end = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # a copy must not inherit text waiting to be written
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    # Ctrl-C and SIGTERM wait while the process forks: a handler that raises (KeyboardInterrupt,
    # Terminated) while os.fork() runs its at-fork callbacks has its exception swallowed, and the run
    # went on to replace the output. Unblocked, a waiting signal is raised here, in ordinary code.
    mask = _block_stops()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns that forking a process with threads (a progress display, the output's
            # writeback) may deadlock the copy: it only runs ``make`` and writes to its pipe, taking
            # none of their locks
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except BaseException:
        os.close(read_end)
        os.close(write_end)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    if pid == 0:  # the copy
        os.close(read_end)
        _make_and_send(make, spans, write_end, mask)
    os.close(write_end)
    copy = _Copy(pid, os.fdopen(read_end, "rb"))
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a stop that came during the fork is raised here
    except BaseException:
        copy.stop()
        raise
    return copy


#: The signals that stop a run (their handlers raise): held back while the process forks.
_STOPS = (signal.SIGINT, signal.SIGTERM)


def _block_stops() -> set[signal.Signals]:
    """Block :data:`_STOPS` and give the mask to restore.

    A stop already received is raised by the call (its handler runs there), the mask as it was.
    """
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    except BaseException:  # raised after the mask changed: put it back
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    return mask


def _make_and_send(make: Callable[[int, int], bytes], spans: list[tuple[int, int]], fd: int,
                   mask: set[signal.Signals]) -> None:
    """In the copy: send each chunk after its length, then leave without running anything inherited.

    ``mask``: the signal mask to restore once Ctrl-C and SIGTERM end the copy at once, without a traceback.
    """
    code = 1
    try:
        for signum in _STOPS:
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        with os.fdopen(fd, "wb") as pipe:
            for start, stop in spans:
                data = make(start, stop)
                pipe.write(len(data).to_bytes(_LENGTH, "little"))
                pipe.write(data)
                pipe.flush()
        code = 0
    except BaseException:  # noqa: BLE001 - the parent makes the chunks itself and raises the error there
        pass
    finally:
        os._exit(code)
