"""Progress on standard error while a command works: only on a terminal, only for steps that take a while.

:class:`TerminalProgress` listens to the phases the code reports
(:func:`villagescore.progress.phase`: reading, validating, scoring, writing, Monte Carlo
samples …), whose labels come in the run's language, as do the counts (``12.345/100.000``
in Vietnamese). Nothing is shown when standard error is not a terminal (a pipe, a file, the
tests), and nothing for a step shorter than :data:`DELAY` seconds: the display appears only
once a step has gone on that long, shows the innermost step (a bar when its number of steps
is known, else a pulse) with the time elapsed, and is erased when the step ends, before the
command writes its output. rich is imported only when the display appears.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import Any

from ..i18n import current_language, format_integer
from ..progress import listening

__all__ = ["DELAY", "TerminalProgress", "is_terminal", "terminal_progress"]

#: Seconds a step runs before the display appears.
DELAY = 1.0


class TerminalProgress:
    """A :class:`villagescore.progress.Listener` drawing a transient rich display on standard error."""

    def __init__(self, delay: float = DELAY, lang: str | None = None) -> None:
        self.delay = delay
        self.lang = lang  # counts are written as numbers are in it (None: the run's, when drawn: --lang comes later)
        self._steps: list[list[Any]] = []  # [label, done, total] of each open phase, innermost last
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Any = None  # rich.progress.Progress while shown
        self._task: Any = None

    # ---- the Listener protocol ----

    def begin(self, label: str, total: int | None) -> None:
        """A phase starts: show it (at once if the display is up, else after :attr:`delay`)."""
        with self._lock:
            self._steps.append([label, 0, total])
            if len(self._steps) == 1:
                self._timer = threading.Timer(self.delay, self._show)
                self._timer.daemon = True
                self._timer.start()
            self._refresh()

    def advance(self, done: int, total: int | None) -> None:
        """Steps done in the innermost phase."""
        with self._lock:
            if self._steps:
                self._steps[-1][1:] = [done, total]
                self._refresh()

    def end(self) -> None:
        """The innermost phase ends; when it was the outermost, the display goes."""
        with self._lock:
            if self._steps:
                self._steps.pop()
            if self._steps:
                self._refresh()
                return
        self.close()

    # ---- the display ----

    def close(self) -> None:
        """Stop the timer and erase the display (it is transient)."""
        with self._lock:
            timer, self._timer = self._timer, None
            bar, self._bar, self._task = self._bar, None, None
        if timer is not None:
            timer.cancel()
        if bar is not None:
            bar.stop()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with self._lock:
            if not self._steps or self._bar is not None:
                return
            self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 TextColumn("{task.fields[count]}"), TimeElapsedColumn(),
                                 console=Console(file=sys.stderr), transient=True, redirect_stdout=False)
            self._task = self._bar.add_task("", total=None, count="")
            self._refresh()
            self._bar.start()

    def _refresh(self) -> None:
        """Show the innermost phase (called with the lock held)."""
        if self._bar is None or not self._steps:
            return
        label, done, total = self._steps[-1]
        lang = self.lang or current_language()
        count = f"{format_integer(done, lang)}/{format_integer(total, lang)}" if total else ""
        if self._bar.tasks[0].description != label:  # another step: its own clock
            self._bar.reset(self._task, total=total, description=label, count=count)
        self._bar.update(self._task, completed=done if total else 0, total=total, count=count)


@contextlib.contextmanager
def terminal_progress(enabled: bool | None = None) -> Iterator[None]:
    """Show the phases of the code run in this block on standard error, when it is a terminal."""
    if enabled is None:
        enabled = is_terminal(sys.stderr)
    if not enabled:
        yield
        return
    display = TerminalProgress()
    try:
        with listening(display):
            yield
    finally:
        display.close()


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal (a replaced or closed stream is not)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed streams
        return False
