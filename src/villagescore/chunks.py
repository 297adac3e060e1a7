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
early (an error, Ctrl-C), the copies are killed and reaped. Ctrl-C and SIGTERM are held
back while a copy is forked and raised once the fork returns (never lost in an at-fork callback,
whatever other threads run); a copy ends at once on either.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
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
                _fork(make, spans[k::count], copies)
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
        """Close the pipe, end the copy if it still runs, and reap it (once: later calls do nothing)."""
        self.pipe.close()
        pid, self.pid = self.pid, 0
        if pid:
            _Copy.end(pid)

    @staticmethod
    def end(pid: int) -> None:
        """End the copy ``pid`` if it still runs, and reap it."""
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # already gone (it finished, or failed)
            pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:  # reaped already
            pass


def _fork(make: Callable[[int, int], bytes], spans: list[tuple[int, int]], copies: list[_Copy | None]) -> _Copy:
    """Start a copy of this process that sends ``make(start, stop)`` of each span, in order, through a pipe.

    The copy is added to ``copies`` before a stop can be raised (whoever stops them then stops it too). A stop
    (Ctrl-C, SIGTERM) that arrives meanwhile is raised once the copy is reaped, the pipe closed and the signals
    as they were; on every path out, nothing forked or opened here is left behind.
    """
    for stream in (sys.stdout, sys.stderr):  # a copy must not inherit text waiting to be written
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    held = _StopsHeld()
    ends: list[int] = []
    pid = 0
    copy: _Copy | None = None
    try:
        ends.extend(os.pipe())
        read_end, write_end = ends
        with warnings.catch_warnings():
            # Python 3.12+ warns that forking a process with threads (a progress display, the output's
            # writeback) may deadlock the copy: it only runs ``make`` and writes to its pipe, taking
            # none of their locks
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the copy
            _make_and_send(make, spans, ends, held.mask)
        ends.remove(write_end)
        os.close(write_end)
        copy = _Copy(pid, os.fdopen(read_end, "rb"))
        ends.remove(read_end)
        if held.received():  # the run stops: this copy is not needed
            copy.stop()
        copies.append(copy)
        held.release()  # a stop that came since the hold is raised here
        return copy
    except BaseException:
        for end in ends:
            os.close(end)
        if copy is not None:
            copy.stop()
        elif pid:
            _Copy.end(pid)
        held.release()
        raise


#: The signals that stop a run (their handlers raise): held back while the process forks.
_STOPS = (signal.SIGINT, signal.SIGTERM)


class _StopsHeld:
    """Ctrl-C and SIGTERM held back until :meth:`release`, then raised in ordinary code.

    A handler that raises (KeyboardInterrupt, Terminated) while ``os.fork()`` runs its at-fork callbacks has its
    exception swallowed, and the run went on to replace its output. Blocking the signals is not enough: the
    kernel hands a blocked signal to another thread (the output's writeback), and Python then runs the handler
    in this thread at its next check, wherever that is. So, in the main thread (the only one where Python runs
    handlers, and may set them), each Python handler is swapped for one that only notes the signal; the signals
    are blocked too, in this thread, so that a copy forked meanwhile sets its own handlers before it can receive
    one. Elsewhere only the blocking is done: the main thread runs the handler, not a fork of this thread.
    """

    def __init__(self) -> None:
        self._received: list[int] = []
        self._swapped: dict[int, Callable[[int, object], object]] = {}
        self.mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)  # a stop already received is raised here
            if threading.current_thread() is threading.main_thread():
                for signum in _STOPS:
                    handler = signal.getsignal(signum)
                    if callable(handler):  # SIG_DFL, SIG_IGN or a handler set outside Python: nothing is raised
                        self._swapped[signum] = handler
                        signal.signal(signum, self._note)
        except BaseException:  # a stop raised by a handler not swapped (yet)
            self.release()
            raise

    def _note(self, signum: int, frame: object) -> None:
        self._received.append(signum)

    def received(self) -> bool:
        """Whether a stop arrived since the hold (one still blocked counts once it is let through)."""
        signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)  # a blocked stop now reaches _note
        return bool(self._received)

    def release(self) -> None:
        """Put the mask and the handlers back, and raise the first stop received meanwhile through its handler."""
        signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)  # a blocked stop reaches _note: nothing raised
        swapped, self._swapped = list(self._swapped.items()), {}
        _put_back(swapped)
        if self._received and swapped:
            signal.raise_signal(self._received[0])


def _put_back(handlers: list[tuple[int, Callable[[int, object], object]]]) -> None:
    """Set each signal's handler, every one of them even when a stop, raised by one already set, interrupts."""
    if handlers:
        (signum, handler), rest = handlers[0], handlers[1:]
        try:
            signal.signal(signum, handler)
        finally:
            _put_back(rest)


def _make_and_send(make: Callable[[int, int], bytes], spans: list[tuple[int, int]], ends: list[int],
                   mask: set[signal.Signals]) -> None:
    """In the copy: send each chunk, after its length, through the pipe ``ends``; leave running nothing inherited.

    ``mask``: the signal mask to restore once Ctrl-C and SIGTERM end the copy at once, without a traceback.
    """
    code = 1
    try:
        for signum in _STOPS:
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        read_end, write_end = ends
        os.close(read_end)
        with os.fdopen(write_end, "wb") as pipe:
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
