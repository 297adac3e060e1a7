"""Standard output that fails: a full disk is a message and exit 1, a reader gone is exit 0, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "datasets" / "examples" / "example-small.csv"

COMMANDS = [["schema", "framework"], ["validate", SMALL], ["evaluate", SMALL, "--format", "json"],
            ["evaluate", SMALL, "--format", "csv"], ["evaluate", SMALL],
            ["evaluate", SMALL, "--format", "xlsx", "-o", "-"]]


def villagescore(args, stdout, unbuffered):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run([sys.executable, "-m", "villagescore", *map(str, args), "--lang", "en"], stdout=stdout,
                          stderr=subprocess.PIPE, env=env, text=True, timeout=300, check=False)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(("args", "unbuffered"), [*((a, False) for a in COMMANDS), (COMMANDS[1], True),
                                                  (COMMANDS[2], True)], ids=lambda a: " ".join(map(str, a[:1] + a[2:]))
                         if isinstance(a, list) else "unbuffered" if a else "buffered")
def test_a_full_disk_under_standard_output_is_said_with_exit_1(args, unbuffered):
    with open("/dev/full", "wb") as full:
        res = villagescore(args, full, unbuffered)
    assert res.returncode == 1, res.stderr
    assert res.stderr.strip().splitlines()[-1] == "error: cannot write to standard output: no space left on the disk"
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize("args", COMMANDS[:3:2] + COMMANDS[-1:], ids=lambda a: " ".join(map(str, a[:1] + a[2:])))
def test_a_reader_gone_ends_the_run_quietly_with_exit_0(args, unbuffered):
    read, write = os.pipe()
    os.close(read)  # as `… | head -1` once head has its line
    try:
        res = villagescore(args, write, unbuffered)
    finally:
        os.close(write)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "error" not in res.stderr


def run_encoded(args, encoding, **kwargs):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("VILLAGESCORE_LANG", None)
    return subprocess.run([sys.executable, "-m", "villagescore", *map(str, args)], env=env, timeout=300,
                          check=False, capture_output=True, **kwargs)


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1"])
@pytest.mark.parametrize("args", [["pilot"], ["pilot", "--lang", "en"], ["--help"]], ids=" ".join)
def test_standard_output_not_a_terminal_is_utf8_whatever_the_locale_encoding(args, encoding):
    res = run_encoded(args, encoding)
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
    text = res.stdout.decode("utf-8")  # strict: the Vietnamese labels are whole, not escaped
    assert "Phùng Xá" in text or "Tuỳ chọn" in text or "TUỲ_CHỌN" in text


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1"])
def test_messages_on_standard_error_not_a_terminal_are_utf8(encoding):
    res = run_encoded(["evaluate", "không-có.csv"], encoding)
    assert res.returncode == 2
    assert "không-có.csv" in res.stderr.decode("utf-8") and "\\u" not in res.stderr.decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_terminal_that_cannot_show_vietnamese_gets_replacements_not_a_crash():
    import pty

    main, terminal = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "COLUMNS": "100"}
    env.pop("VILLAGESCORE_LANG", None)
    proc = subprocess.Popen([sys.executable, "-m", "villagescore", "pilot"], stdout=terminal,
                            stderr=subprocess.PIPE, env=env)
    os.close(terminal)
    shown = b""
    try:
        while chunk := os.read(main, 65536):  # read as it comes: a full terminal buffer would block the run
            shown += chunk
    except OSError:  # EIO: the run closed the terminal
        pass
    finally:
        os.close(main)
    stderr = proc.communicate(timeout=300)[1].decode("utf-8", "replace")
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "Đánh giá thí điểm".encode("latin-1", "replace") in shown  # Đ and ể replaced, the rest shown


def closed_stdout_run(args):
    """``villagescore ARGS >&-``: the process starts with no standard output (Python's ``sys.stdout`` is None)."""
    return subprocess.run([sys.executable, "-m", "villagescore", *map(str, args), "--lang", "en"],
                          stderr=subprocess.PIPE, text=True, timeout=300, check=False,
                          preexec_fn=lambda: os.close(1))  # noqa: PLW1509 - the child only closes its descriptor


@pytest.mark.parametrize("args", [["pilot"], COMMANDS[2], ["schema", "framework"]], ids=lambda a: str(a[0]))
def test_standard_output_closed_is_said_with_exit_1_not_a_traceback(args):
    """Sixteenth walk: ``villagescore pilot >&-`` ended in an AttributeError traceback ('NoneType' … 'isatty')."""
    res = closed_stdout_run(args)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    assert res.stderr.strip().splitlines()[-1] == ("error: cannot write to standard output: it is closed (>&-); "
                                                   "redirect it to a file (> FILE), or give -o FILE")


def test_standard_output_closed_leaves_a_command_writing_to_a_file_alone(tmp_path):
    out = tmp_path / "r.json"
    res = closed_stdout_run(["evaluate", SMALL, "-o", out])
    assert res.returncode == 0, res.stderr
    assert out.stat().st_size > 0 and "Traceback" not in res.stderr


def test_standard_output_closed_is_no_descriptor_a_file_opened_later_takes(tmp_path):
    """Descriptor 1 is held on the null device: the output file opened later is not where stray writes go."""
    code = ("import os, sys; from villagescore.cli.stdout import guard_stdout; guard_stdout(); "
            "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT); os.write(1, b'stray'); print(fd, file=sys.stderr)")
    res = subprocess.run([sys.executable, "-c", code, str(tmp_path / "f")], stderr=subprocess.PIPE, text=True,
                         timeout=60, check=False, preexec_fn=lambda: os.close(1))  # noqa: PLW1509
    assert res.returncode == 0, res.stderr
    assert int(res.stderr.split()[-1]) != 1 and (tmp_path / "f").read_bytes() == b""


def closed_stderr_run(args):
    """``villagescore ARGS 2>&-``: the process starts with no standard error (Python's ``sys.stderr`` is None)."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # the width is then asked of standard error
    return subprocess.run([sys.executable, "-m", "villagescore", *map(str, args), "--lang", "en"], env=env,
                          stdout=subprocess.PIPE, text=True, timeout=300, check=False,
                          preexec_fn=lambda: os.close(2))  # noqa: PLW1509 - the child only closes its descriptor


def test_standard_error_closed_a_note_does_not_crash_the_run(tmp_path):
    """Seventeenth walk: ``evaluate … -o FILE 2>&-`` exited 3 at its first note, the traceback on standard output."""
    out = tmp_path / "r.csv"
    res = closed_stderr_run(["evaluate", SMALL, "-o", out])  # says where the provenance is: a note
    assert (res.returncode, res.stdout) == (0, "")
    assert out.stat().st_size > 0 and out.with_suffix(".provenance.json").exists()


def test_standard_error_closed_standard_output_gets_the_output_alone():
    res = closed_stderr_run(["compare", REPO / "datasets" / "phung-xa" / "phung-xa.csv"])
    assert res.returncode == 0
    assert "Phùng Xá" in res.stdout and "Traceback" not in res.stdout and "AttributeError" not in res.stdout


def test_standard_error_closed_is_no_descriptor_a_file_opened_later_takes(tmp_path):
    """Descriptor 2 is held on the null device: a file opened later does not get what is said on standard error."""
    code = ("import os, sys; from villagescore.cli.stdout import guard_stdout; guard_stdout(); "
            "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT); os.write(2, b'stray'); print(fd)")
    res = subprocess.run([sys.executable, "-c", code, str(tmp_path / "f")], stdout=subprocess.PIPE, text=True,
                         timeout=60, check=False, preexec_fn=lambda: os.close(2))  # noqa: PLW1509
    assert res.returncode == 0
    assert int(res.stdout.split()[-1]) != 2 and (tmp_path / "f").read_bytes() == b""


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_reader_gone_from_o_dev_stdout_ends_the_run_quietly_with_exit_0(fmt):
    """Seventeenth walk: ``-o /dev/stdout | head -1`` said "cannot write /dev/stdout: Broken pipe", exit 1."""
    read, write = os.pipe()
    os.close(read)
    try:
        res = villagescore(["evaluate", SMALL, "--format", fmt, "-o", "/dev/stdout"], write, False)
    finally:
        os.close(write)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "error" not in res.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("option", ["--help", "--version"])
def test_the_group_s_own_options_say_standard_output_fails_in_the_run_s_language(option):
    """Seventeenth walk: ``villagescore --help >/dev/full`` said "lỗi: cannot write to standard output: …"."""
    env = {**os.environ, "VILLAGESCORE_LANG": "vi"}
    with open("/dev/full", "wb") as full:
        res = subprocess.run([sys.executable, "-m", "villagescore", option], stdout=full, stderr=subprocess.PIPE,
                             env=env, text=True, timeout=300, check=False)
    assert res.returncode == 1
    assert res.stderr.strip() == "lỗi: không ghi được ra đầu ra chuẩn (standard output): ổ đĩa đã hết chỗ trống"
