"""Outputs that replace their targets together: a table and its provenance file, both or neither.

Inside :func:`replaced_together`, :func:`~villagescore.outputs.atomic_stream` writes and fsyncs its
temporary file as usual but does not rename it: it hands it over (:func:`hold`). When the block
ends whole, every held file is renamed over its target one after the other with Ctrl-C and SIGTERM
held back (on the main thread, where the system allows), so a stop lands before the first rename or
after the last. If anything stops the block, every held temporary file is removed and no target is
touched. What is to be said once the files are in place (``wrote FILE``) waits too (:func:`after`).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .stops import raise_if_received

__all__ = ["replaced_together", "hold", "after"]


class _Group:
    """The temporary files held (name, target as given, how it is renamed) and what to do once they are in place."""

    def __init__(self) -> None:
        self.files: list[tuple[str, Any, Callable[[], None]]] = []
        self.then: list[Callable[[], None]] = []


_GROUP: ContextVar[_Group | None] = ContextVar("villagescore_replaced_together", default=None)
#: The stops held back while the targets are replaced.
_STOPS = {signal.SIGINT, signal.SIGTERM}


def hold(tmp: str, target: Any, rename: Callable[[], None]) -> bool:
    """Keep ``tmp`` (complete, fsynced) for ``rename()`` to put over ``target`` with the rest; false outside a group."""
    group = _GROUP.get()
    if group is None:
        return False
    group.files.append((tmp, target, rename))
    return True


def after(action: Callable[[], None]) -> None:
    """Do ``action`` once the group's files are in place (at once outside a group)."""
    group = _GROUP.get()
    if group is None:
        action()
    else:
        group.then.append(action)


@contextlib.contextmanager
def replaced_together() -> Iterator[None]:
    """Rename the files :func:`~villagescore.outputs.atomic_stream` writes in the block only when it ends, together."""
    group = _Group()
    token = _GROUP.set(group)
    try:
        try:
            yield
        finally:
            _GROUP.reset(token)
        raise_if_received()  # a stop whose exception was swallowed still stops, before any rename
        with _stops_held():
            while group.files:
                _, target, rename = group.files[0]
                _rename(target, rename)
                group.files.pop(0)
    finally:
        for tmp, _, _ in group.files:  # not renamed: the block or a rename failed
            Path(tmp).unlink(missing_ok=True)
    for action in group.then:
        action()


def _rename(target: Any, rename: Callable[[], None]) -> None:
    from .errors import OutputError, os_reason, said
    from .i18n import N_

    try:
        rename()
    except OSError as exc:
        raise said(OutputError, N_("cannot write {file}: {reason}"), file=target, reason=os_reason(exc)) from None


@contextlib.contextmanager
def _stops_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back in the block; one received just before is raised on entering it."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)  # a stop already received is raised here
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a stop held back reaches its handler now
