"""Standard output whose failures are said, not traced: a full disk is a user error, a closed pipe the end.

:func:`guard_stdout` puts a thin layer under ``sys.stdout`` (text and binary writes alike,
whoever makes them: click, rich, a reporter) that turns a failed write into
:class:`~villagescore.errors.StdoutClosed` (the reader went away: ``… | head -1``, exit 0 without a word) or an
:class:`~villagescore.errors.OutputError` naming the system's reason (``> /dev/full``:
"cannot write to standard output: No space left on device", exit 1). After a failure, what is
still written is dropped, so the flush at exit cannot fail again. A process started with standard
output closed (``>&-``, where Python sets ``sys.stdout`` to ``None``) gets a stand-in whose first
write fails the same way, saying it is closed (exit 1); a command writing to ``-o FILE`` runs as usual.
A process started with standard error closed (``2>&-``, some cron jobs and wrappers) gets the null
device there: warnings and notes go nowhere, and nothing else (a traceback) falls back to standard output.

It also chooses how text is encoded, for standard output and standard error alike: UTF-8 when the
stream is not a terminal (a file, a pipe: what Vietnamese Windows would write in cp1258 or a latin-1 locale
in latin-1 cannot hold the labels), and on a terminal its own encoding with a character it cannot show
replaced by ``?`` rather than a crash.
"""

from __future__ import annotations

import codecs
import io
import sys
from typing import Any

from ..errors import StdoutClosed
from ..i18n import N_

__all__ = ["guard_stdout", "StdoutClosed"]

#: What a failed write to standard output says (the system's reason, in its own words).
_CANNOT_WRITE = N_("cannot write to standard output: {reason}")
#: Why, when the command was started with standard output closed (``>&-``): Python gives ``sys.stdout = None``.
_CLOSED = N_("it is closed (>&-); redirect it to a file (> FILE), or give -o FILE")


class _Guarded(io.RawIOBase):
    """Standard output's file, failing as :class:`StdoutClosed` or :class:`OutputError`, then dropping writes."""

    failed = False  #: a write failed: what follows is dropped

    def __init__(self, raw: Any) -> None:
        super().__init__()
        self._raw = raw
        self.fileno = raw.fileno  # rich and click ask whether it is a terminal, and its descriptor
        self.isatty = raw.isatty

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self.failed or not size:  # nothing written (click probes a stream with b""; /dev/full refuses even that)
            return size
        try:
            written = self._raw.write(data)
        except BrokenPipeError:
            self.failed = True
            raise StdoutClosed from None
        except OSError as exc:
            from ..errors import OutputError, os_reason, said

            self.failed = True
            raise said(OutputError, _CANNOT_WRITE, reason=os_reason(exc)) from None
        return size if written is None else written


class _ClosedStdout(io.RawIOBase):
    """Standing in for a standard output the process was started without: each write fails, saying so."""

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, data: Any) -> int:
        if not len(memoryview(data)):
            return 0
        from ..errors import OutputError, Term, said

        raise said(OutputError, _CANNOT_WRITE, reason=Term(_CLOSED))


def _hold_descriptor(fd: int) -> None:
    """Keep descriptor ``fd`` (1 or 2) open on the null device if it is closed.

    Otherwise the next file opened (an output being written, the store) would get it, and a
    worker process or a library writing to that descriptor would write into that file.
    """
    import os

    try:
        os.fstat(fd)
    except OSError:
        null = os.open(os.devnull, os.O_WRONLY)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)


def text_encoding(stream: io.TextIOWrapper) -> tuple[str, str]:
    """The encoding and error handler for ``stream``: UTF-8 unless a terminal, else its own, replacing."""
    try:
        terminal = stream.isatty()
    except (OSError, ValueError):  # closed or detached: as a file
        terminal = False
    if not terminal:
        return "utf-8", stream.errors
    if codecs.lookup(stream.encoding).name == "utf-8":
        return stream.encoding, stream.errors
    return stream.encoding, "replace"


def guard_stdout() -> None:
    """Put :class:`_Guarded` under ``sys.stdout``, buffered as it was (line buffering, write-through).

    Both ``sys.stdout`` and ``sys.stderr`` are given :func:`text_encoding`'s encoding and errors.
    Unbuffered (``python -u``, ``PYTHONUNBUFFERED``) the text layer writes to the file directly,
    as Python sets it up. A stream that is not a plain file (a test harness's) is left as it is.
    """
    if sys.stderr is None:  # started with standard error closed: what is said there goes to the null device
        _hold_descriptor(2)
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    elif isinstance(sys.stderr, io.TextIOWrapper):
        encoding, errors = text_encoding(sys.stderr)
        sys.stderr.reconfigure(encoding=encoding, errors=errors)
    if sys.stdout is None:  # started with standard output closed: a command writing there says so (exit 1)
        _hold_descriptor(1)
        sys.stdout = io.TextIOWrapper(_Guarded(_ClosedStdout()), encoding="utf-8", write_through=True)
        return
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    raw = buffer if isinstance(buffer, io.FileIO) else getattr(buffer, "raw", None)
    if not isinstance(raw, io.FileIO) or not isinstance(stream, io.TextIOWrapper):
        return
    stream.flush()
    guarded: Any = _Guarded(raw)
    if buffer is not raw:
        guarded = io.BufferedWriter(guarded)
    encoding, errors = text_encoding(stream)
    sys.stdout = io.TextIOWrapper(guarded, encoding=encoding, errors=errors,
                                  line_buffering=stream.line_buffering, write_through=stream.write_through)
