"""Progress on standard error: on a terminal only, only for steps that take a while, erased before output."""

import io
import time

import pytest

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


def test_counts_are_written_as_numbers_are_in_the_run_s_language(monkeypatch):
    err = FakeTerminal()
    monkeypatch.setattr("sys.stderr", err)
    display = TerminalProgress(delay=0.0, lang="vi")
    display.begin("đang ghi các lượt làng-năm", 100_000)
    time.sleep(0.3)
    display.advance(12_345, 100_000)
    time.sleep(0.3)
    display.end()
    assert "12.345/100.000" in err.getvalue()


def test_a_streamed_output_is_a_phase_with_its_village_years_counted(toy_cli, support_dir, tmp_path, monkeypatch):
    from villagescore import progress

    from ..test_progress import Recorder

    rec = Recorder()
    monkeypatch.setattr("villagescore.cli.progress.terminal_progress", lambda: progress.listening(rec))
    out = tmp_path / "r.jsonl"
    run = toy_cli("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--format", "jsonl",
                  "-o", out, "--lang", "en")
    assert run.exit_code == 0, run.output
    begun = [e[1:] for e in rec.events if e[0] == "begin"]
    n = len(out.read_text(encoding="utf-8").splitlines()) - 2  # the header line, one line per village-year, the end
    assert ("writing r.jsonl", None) in begun and ("writing village-years", n) in begun
    assert ("advance", n, n) in rec.events


class _Stdout(io.StringIO):
    def __init__(self, terminal):
        super().__init__()
        self.terminal = terminal
        self.buffer = io.BytesIO()

    def isatty(self):
        return self.terminal


class _Labels(list):
    """A progress listener keeping the labels of the phases begun."""

    def begin(self, label, total):
        self.append(label)

    def advance(self, done, total):
        pass

    def end(self):
        pass


def test_output_to_standard_output_is_a_phase_only_when_it_is_not_a_terminal(monkeypatch):
    from villagescore import progress
    from villagescore.cli.options import emit_stream
    from villagescore.i18n import use_language

    previous = use_language("en")
    try:
        for terminal, expected in ((False, ["writing to standard output"]), (True, [])):
            labels = _Labels()
            stdout = _Stdout(terminal)
            monkeypatch.setattr("sys.stdout", stdout)
            with progress.listening(labels):
                emit_stream(lambda handle: handle.write(b"{}\n"), None)
            assert labels == expected and stdout.buffer.getvalue() == b"{}\n"
    finally:
        use_language(previous)


def test_counts_follow_the_language_the_command_chose_after_the_display_was_made(monkeypatch):
    from villagescore.i18n import use_language

    err = FakeTerminal()
    monkeypatch.setattr("sys.stderr", err)
    previous = use_language("vi")
    try:
        display = TerminalProgress(delay=0.0)  # made before the command reads its --lang
        use_language("en")
        display.begin("writing village-years", 100_000)
        time.sleep(0.3)
        display.advance(12_345, 100_000)
        time.sleep(0.3)
        display.end()
    finally:
        use_language(previous)
    assert "12,345/100,000" in err.getvalue()


@pytest.mark.parametrize("fmt", ["md", "html", "table"])
def test_compare_shows_each_long_step_reading_scoring_comparing_and_writing(toy_cli, support_dir, tmp_path,
                                                                             monkeypatch, fmt):
    from villagescore import progress

    labels = _Labels()
    monkeypatch.setattr("villagescore.cli.progress.terminal_progress", lambda: progress.listening(labels))
    out = tmp_path / f"c.{'txt' if fmt == 'table' else fmt}"
    run = toy_cli("compare", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--by", "province",
                  "--format", fmt, "-o", out, "--lang", "en")
    assert run.exit_code == 0, run.output
    for label in ("reading toy.csv", "validating", "scoring", "tabulating the scores of toy.csv", "comparing",
                  f"writing the {fmt} report"):
        assert label in labels, (label, labels)
    vi = _Labels()
    monkeypatch.setattr("villagescore.cli.progress.terminal_progress", lambda: progress.listening(vi))
    run = toy_cli("compare", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--by", "province",
                  "--format", fmt, "-o", out, "--lang", "vi")
    assert "đang lập bảng điểm của toy.csv" in vi and f"đang ghi báo cáo {fmt}" in vi
