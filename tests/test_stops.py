"""A SIGTERM remembered (``villagescore.stops``): one whose exception was swallowed still stops the replace."""

from __future__ import annotations

import gc
import os
import signal

import pytest

from villagescore import cli, stops
from villagescore.errors import Terminated
from villagescore.outputs import atomic_stream


def test_a_noted_stop_is_raised_until_forgotten():
    stops.note()
    try:
        with pytest.raises(Terminated):
            stops.raise_if_received()
    finally:
        stops.forget()
    stops.raise_if_received()


class _SigtermWhenCollected:
    """Sends SIGTERM from its ``__del__``: the handler's exception is raised there, and Python ignores it."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(3):  # the handler runs at Python's next check: here, inside the finalizer
            pass


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the ignored Terminated, on purpose
def test_a_sigterm_swallowed_by_a_finalizer_still_keeps_the_old_output(tmp_path):
    """Review (fourteenth walk, VILLAGESCORE_WORKERS=1): a run handled SIGTERM and still replaced its output and
    exited 0. Python swallows an exception raised in a ``__del__`` (``Exception ignored in …``); the stop is
    remembered and the output is not replaced."""
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(Terminated), cli._stops_as_exceptions():
        with atomic_stream(out) as handle:
            handle.write(b"new")
            cycle = _SigtermWhenCollected()
            cycle.itself = cycle  # freed by the garbage collector, not when dropped
            del cycle
            gc.collect()  # the finalizer runs, its Terminated is printed as ignored: the write goes on
            handle.write(b" and more")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]  # no temporary file left
    stops.raise_if_received()  # forgotten once the command is over


def test_a_noted_ctrl_c_is_raised_as_keyboard_interrupt_and_the_first_stop_is_kept():
    stops.note(signal.SIGINT)
    stops.note(signal.SIGTERM)
    try:
        assert stops.received() == signal.SIGINT
        with pytest.raises(KeyboardInterrupt):
            stops.raise_if_received()
    finally:
        stops.forget()
    assert stops.received() is None


def test_a_stop_python_could_not_raise_is_not_printed_as_ignored_but_other_errors_are():
    class Unraisable:
        def __init__(self, exc_value):
            self.exc_value = exc_value

    passed = []
    hook = stops.quiet_unraisable(passed.append)
    stops.note(signal.SIGTERM)
    try:
        hook(Unraisable(Terminated()))
        hook(Unraisable(KeyboardInterrupt()))
        error = Unraisable(ValueError("a bug in a finalizer"))
        hook(error)
    finally:
        stops.forget()
    assert passed == [error]
