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


_SWALLOWED_WHILE_WRITING_TO_STDOUT = """
import gc, os, signal, sys
sys.path.insert(0, {repo!r})
from tests.corpus.harness import TOY_CSV, TOY_FRAMEWORK, toy_registry, use_registry
from villagescore.cli import main
from villagescore.resultdoc import writers
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even when started as a background job

class StopWhenCollected:
    def __del__(self):
        os.kill(os.getpid(), signal.{signal})
        for _ in range(3):  # the handler runs here, inside the finalizer: Python swallows its exception
            pass

encoded_records = writers.encoded_records
def encoded_then_stopped(*args, **kwargs):
    cycle = StopWhenCollected()
    cycle.itself = cycle
    del cycle
    gc.collect()
    return encoded_records(*args, **kwargs)
writers.encoded_records = encoded_then_stopped
with use_registry(toy_registry()):
    main(["evaluate", str(TOY_CSV), "-f", str(TOY_FRAMEWORK), "--format", "json", "--compact"])
"""


@pytest.mark.parametrize(("name", "code", "said"), [("SIGINT", 130, "Interrupted."), ("SIGTERM", 143, "Terminated.")])
def test_a_stop_swallowed_while_writing_to_standard_output_still_exits_with_its_code(name, code, said):
    """Audit (fifteenth walk): ``evaluate DATA --format json > out.json`` stopped while writing, its stop swallowed
    by Python (a finalizer), exited 0: the document may be cut short and nothing said so. The stop is remembered:
    exit 130/143, one line on standard error, and Python's "Exception ignored" traceback is not printed."""
    import subprocess
    import sys

    from tests.corpus.harness import REPO

    script = _SWALLOWED_WHILE_WRITING_TO_STDOUT.format(repo=str(REPO), signal=name)
    env = {**os.environ, "VILLAGESCORE_LANG": "en"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, check=False, env=env)
    assert proc.returncode == code, proc.stderr
    assert proc.stderr.rstrip().endswith(said)
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith("{")


def test_a_sigint_ignored_by_the_process_stays_ignored_during_the_command(monkeypatch):
    """A job started in the background has Ctrl-C ignored: the command line does not make it stop the run."""
    seen = []

    @contextlib.contextmanager
    def warnings_said():
        seen.append(signal.getsignal(signal.SIGINT))
        yield

    monkeypatch.setattr(cli, "_said_warnings", warnings_said)
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with pytest.raises(SystemExit) as exited:
            cli.main(["--help"])
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert exited.value.code == 0
    assert seen == [signal.SIG_IGN]
