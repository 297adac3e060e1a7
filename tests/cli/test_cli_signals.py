"""SIGTERM at the end of a command (``villagescore.cli.main``): the exit code says it, never a traceback."""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from villagescore import cli


def test_a_sigterm_after_the_command_ended_exits_143_without_a_traceback(monkeypatch, capsys):
    """Review (fourteenth walk): a SIGTERM handled after ``_main`` had ended (its output written and said) but
    before the handler was put back raised ``Terminated`` out of ``main``: a traceback and exit 1."""
    @contextlib.contextmanager
    def warnings_said_then_sigterm():
        try:
            yield
        finally:
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(3):  # the handler runs at Python's next check: here, with the run's handler installed
                pass

    monkeypatch.setattr(cli, "_said_warnings", warnings_said_then_sigterm)
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as exited:
        cli.main(["--help"])
    assert exited.value.code == cli.EXIT_TERMINATED
    assert capsys.readouterr().err.strip().endswith("Terminated.")
    assert signal.getsignal(signal.SIGTERM) is before  # the handler the process had is back
