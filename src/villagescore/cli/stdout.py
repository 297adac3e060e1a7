"""Standard output whose failures are said, not traced: a full disk is a user error, a closed pipe the end.

:func:`guard_stdout` puts a thin layer under ``sys.stdout`` (text and binary writes alike,
whoever makes them: click, rich, a reporter) that turns a failed write into
:class:`~villagescore.errors.StdoutClosed` (the reader went away: ``… | head -1``, exit 0 without a word) or an
:class:`~villagescore.errors.OutputError` naming the system's reason (``> /dev/full``:
"cannot write to standard output: No space left on device", exit 1). After a failure, what is
still written is dropped, so the flush at exit cannot fail again.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from ..errors import StdoutClosed
from ..i18n import N_

__all__ = ["guard_stdout", "StdoutClosed"]

#: What a failed write to standard output says (the system's reason, in its own words).
_CANNOT_WRITE = N_("cannot write to standard output: {reason}")


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


def guard_stdout() -> None:
    """Put :class:`_Guarded` under ``sys.stdout``, buffered as it was (same encoding, errors, line buffering).

    Unbuffered (``python -u``, ``PYTHONUNBUFFERED``) the text layer writes to the file directly,
    as Python sets it up. A stream that is not a plain file (a test harness's) is left as it is.
    """
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    raw = buffer if isinstance(buffer, io.FileIO) else getattr(buffer, "raw", None)
    if not isinstance(raw, io.FileIO) or not isinstance(stream, io.TextIOWrapper):
        return
    stream.flush()
    guarded: Any = _Guarded(raw)
    if buffer is not raw:
        guarded = io.BufferedWriter(guarded)
    sys.stdout = io.TextIOWrapper(guarded, encoding=stream.encoding, errors=stream.errors,
                                  line_buffering=stream.line_buffering, write_through=stream.write_through)
