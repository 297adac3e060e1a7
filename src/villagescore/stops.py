"""A SIGTERM the command line received, remembered in case its exception is swallowed.

The command line's handler raises :class:`~villagescore.errors.Terminated` in the main thread at
Python's next check, wherever that is. Where Python cannot pass an exception on (a ``__del__``
run by a garbage collection, a weakref callback, an at-fork callback) it prints it as ignored
and the run goes on. So the handler also calls :func:`note`, and :func:`~villagescore.outputs.atomic_stream`
asks :func:`raise_if_received` just before it replaces the output: a stop that arrived before
the replace never leaves the new output in place.
"""

from __future__ import annotations

__all__ = ["note", "forget", "raise_if_received"]

_received = False


def note() -> None:
    """Remember that a stop (SIGTERM) was received."""
    global _received
    _received = True


def forget() -> None:
    """Forget a stop received (a new command starts)."""
    global _received
    _received = False


def raise_if_received() -> None:
    """Raise :class:`~villagescore.errors.Terminated` if a stop was received and perhaps swallowed."""
    if _received:
        from .errors import Terminated

        raise Terminated
