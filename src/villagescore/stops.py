"""A stop (Ctrl-C, SIGTERM) the command line received, remembered in case its exception is swallowed.

The command line's handlers raise :class:`KeyboardInterrupt` (Ctrl-C) or
:class:`~villagescore.errors.Terminated` (SIGTERM) in the main thread at Python's next check,
wherever that is. Where Python cannot pass an exception on (a ``__del__`` run by a garbage
collection, a weakref callback, an at-fork callback) it prints it as ignored and the run goes
on. So the handlers also call :func:`note`: :func:`~villagescore.outputs.atomic_stream` asks
:func:`raise_if_received` just before it replaces the output (a stop that arrived before the
replace never leaves the new output in place), and the command line asks :func:`received` when
the command ends, so that a run stopped while writing to standard output never exits 0.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

__all__ = ["note", "forget", "received", "raise_if_received", "quiet_unraisable"]

#: The first stop received (a signal number), ``None`` when none was.
_received: int | None = None


def note(signum: int = signal.SIGTERM) -> None:
    """Remember that the stop ``signum`` (SIGINT or SIGTERM) was received; the first one received is kept."""
    global _received
    if _received is None:
        _received = int(signum)


def forget() -> None:
    """Forget a stop received (a new command starts)."""
    global _received
    _received = None


def received() -> int | None:
    """The signal number of the first stop received since :func:`forget`, ``None`` when none was."""
    return _received


def raise_if_received() -> None:
    """Raise the exception of the stop received and perhaps swallowed, if any.

    :class:`KeyboardInterrupt` for Ctrl-C, :class:`~villagescore.errors.Terminated` for SIGTERM.
    """
    if _received is None:
        return
    if _received == signal.SIGINT:
        raise KeyboardInterrupt
    from .errors import Terminated

    raise Terminated


def quiet_unraisable(previous: Callable[[Any], object]) -> Callable[[Any], None]:
    """A :data:`sys.unraisablehook` that says nothing of a stop Python could not raise, and passes the rest on.

    The stop is remembered (:func:`note`) and said once, when the command ends; Python would
    print it as an ignored exception with its traceback.
    """
    from .errors import Terminated

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, (KeyboardInterrupt, Terminated)) and _received is not None:
            return
        previous(unraisable)

    return hook
