"""Progress on standard error: on a terminal only, only for steps that take a while, erased before output."""

import io
import time

from villagescore.cli.progress import TerminalProgress, terminal_progress
from villagescore.progress import phase


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_a_long_step_is_shown_and_erased(monkeypatch):
    err = FakeTerminal()
    monkeypatch.setattr("sys.stderr", err)
    display = TerminalProgress(delay=0.05)
    display.begin("reading big.csv", None)
    time.sleep(0.5)
    display.advance(1, None)
    display.begin("samples", 8)
    display.advance(3, 8)
    time.sleep(0.3)
    display.end()
    display.end()
    text = err.getvalue()
    assert "reading big.csv" in text and "samples" in text and "3/8" in text
    assert display._bar is None and display._timer is None  # gone once the outermost step ends


def test_a_short_step_shows_nothing(monkeypatch):
    err = FakeTerminal()
    monkeypatch.setattr("sys.stderr", err)
    display = TerminalProgress(delay=5.0)
    display.begin("reading small.csv", None)
    display.end()
    time.sleep(0.05)
    assert err.getvalue() == ""


def test_nothing_is_shown_when_standard_error_is_not_a_terminal(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    with terminal_progress(), phase("reading d.csv"):
        pass
    assert err.getvalue() == ""


def test_the_command_line_shows_no_progress_in_a_pipe(toy_cli, support_dir):
    run = toy_cli("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--format", "csv")
    assert run.exit_code == 0
    assert "reading" not in run.stderr and "\x1b[" not in run.stderr
