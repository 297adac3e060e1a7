"""Progress of long steps, told to whoever listens.

The code that does the work says what it is doing, in an English template marked for
translation (:func:`villagescore.i18n.N_`) with its fields apart::

    with phase(N_("reading {file}"), file=path.name):
        ...
    with phase(N_("Monte Carlo samples"), total=n) as advance:
        for done in ...:
            advance(done, n)

A listener installed for a run (:func:`listening`) receives the label in the run's language
(the template translated by the message catalogue, then filled in; a template the catalogue
does not know, such as a plugin's own, is shown as written). The command line installs one
that shows a progress display on standard error when it is a terminal
(:mod:`villagescore.cli.progress`). Without a listener (the Python API, tests, pipes) a
phase costs one context-variable lookup and shows nothing. Phases nest: the listener is told
of each one and shows the innermost.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, Protocol

__all__ = ["Listener", "phase", "listening"]


class Listener(Protocol):
    """Receives the phases of a run (the command line's terminal display is one)."""

    def begin(self, label: str, total: int | None) -> None:
        """A phase starts (``total`` steps, or ``None`` when the number is unknown)."""

    def advance(self, done: int, total: int | None) -> None:
        """``done`` of ``total`` steps of the innermost phase are done."""

    def end(self) -> None:
        """The innermost phase ends."""


_LISTENER: ContextVar[Listener | None] = ContextVar("villagescore_progress", default=None)


def _ignore(done: int, total: int | None) -> None:
    return None


@contextlib.contextmanager
def phase(label: str, total: int | None = None, **fields: Any) -> Iterator[Callable[[int, int | None], None]]:
    """Tell the listener, if any, that ``label`` is under way; yield a function to report steps done.

    ``label`` is an English template (``"reading {file}"``) filled in with ``fields``; the
    listener gets it translated into the run's language.
    """
    listener = _LISTENER.get()
    if listener is None:
        yield _ignore
        return
    from .i18n import gettext

    text = gettext(label)
    listener.begin(text.format(**fields) if fields else text, total)
    try:
        yield listener.advance
    finally:
        listener.end()


@contextlib.contextmanager
def listening(listener: Listener | None) -> Iterator[None]:
    """Send the phases of the code run in this block to ``listener`` (``None``: to no one)."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)
