import subprocess
import sys
import threading

import pytest

from villagescore.cli import process_exit


class _Exited(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


@pytest.fixture
def exits(monkeypatch):
    """Record what :func:`process_exit.leave` does instead of ending the test process."""
    done = []

    def fake_exit(status):
        raise _Exited(status)

    monkeypatch.setattr(process_exit.os, "_exit", fake_exit)
    monkeypatch.setattr(process_exit.atexit, "_run_exitfuncs", lambda: done.append("handlers"))
    return done


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (3, 3), (130, 130)])
def test_leave_runs_the_exit_handlers_and_exits_with_the_code(exits, code, status):
    with pytest.raises(_Exited) as exited:
        process_exit.leave(code)
    assert exited.value.status == status
    assert exits == ["handlers"]


def test_a_text_code_is_said_and_exits_1_as_sys_exit_does(exits, capsys):
    with pytest.raises(_Exited) as exited:
        process_exit.leave("stopped")
    assert exited.value.status == 1
    assert capsys.readouterr().err == "stopped\n"


def test_a_running_thread_is_waited_for_as_python_would(exits):
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as exited:
            process_exit.leave(2)
        assert exited.value.code == 2
        assert exits == []  # Python's own exit, which joins the thread
    finally:
        release.set()
        worker.join()


def test_without_a_way_to_run_the_exit_handlers_python_exits_normally(exits, monkeypatch):
    monkeypatch.delattr(process_exit.atexit, "_run_exitfuncs")
    with pytest.raises(SystemExit) as exited:
        process_exit.leave(0)
    assert exited.value.code == 0


def test_a_failed_flush_of_standard_output_gives_python_status_120(exits, monkeypatch):
    class Full:
        def flush(self):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    with pytest.raises(_Exited) as exited:
        process_exit.leave(0)
    assert exited.value.status == 120


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, check=False)


_RUN = "import sys; from villagescore.cli.process_exit import run; sys.argv[0] = 'villagescore'; run()"


def test_the_command_exits_with_its_code_and_everything_it_printed():
    ok = _python(_RUN, "plugins")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip()
    failed = _python(_RUN, "validate", "no-such-file.csv")
    assert failed.returncode == 2
    assert "no-such-file.csv" in failed.stderr


def test_exit_handlers_registered_during_the_run_still_run():
    code = ("import atexit, sys; atexit.register(lambda: print('handler ran', flush=True)); "
            "from villagescore.cli.process_exit import run; sys.argv[0] = 'villagescore'; run()")
    done = _python(code, "plugins")
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("handler ran")


def test_python_m_villagescore_uses_the_same_exit():
    done = subprocess.run([sys.executable, "-m", "villagescore", "validate", "missing.csv"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 2  # click's usage error: the file does not exist
    assert "missing.csv" in done.stderr


@pytest.mark.parametrize(("error", "code", "status"), [
    (BrokenPipeError(32, "Broken pipe"), 130, 130),  # the reader went away: the run's own code
    (BrokenPipeError(32, "Broken pipe"), 0, 0),
    (OSError(28, "No space left on device"), 0, 120),
    (OSError(28, "No space left on device"), 143, 143),
])
def test_what_the_guarded_standard_output_still_holds_is_flushed_without_a_traceback(exits, monkeypatch, error,
                                                                                     code, status):
    import io

    from villagescore.cli.stdout import _Guarded

    class Failing(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise error

        def fileno(self):
            return 1

        def isatty(self):
            return False

    stream = io.TextIOWrapper(io.BufferedWriter(_Guarded(Failing())), encoding="utf-8")
    stream.write("pending")  # buffered: written only by the flush at exit
    monkeypatch.setattr(sys, "stdout", stream)
    with pytest.raises(_Exited) as exited:
        process_exit.leave(code)
    assert exited.value.status == status


def test_importing_the_module_of_python_m_runs_nothing():
    import importlib

    module = importlib.import_module("villagescore.__main__")
    assert module.__name__ == "villagescore.__main__"


def test_free_at_exit_holds_one_object_per_key_only_under_the_console_script(monkeypatch):
    import weakref

    class Data:
        pass

    first, second = Data(), Data()
    gone = weakref.ref(first)
    process_exit.free_at_exit("dataset", first)  # not under run(): nothing is held
    assert process_exit._held is None
    monkeypatch.setattr(process_exit, "_held", {})
    process_exit.free_at_exit("dataset", first)
    del first
    assert gone() is not None  # held
    process_exit.free_at_exit("dataset", second)
    assert gone() is None  # the next one replaces it: freed as it would have been
    process_exit.free_at_exit("dataset", None)
    assert process_exit._held == {"dataset": None}


def test_the_console_script_holds_what_is_freed_at_exit(monkeypatch):
    monkeypatch.setattr(process_exit, "_note_late_ctrl_c", lambda: None)  # the test process's Ctrl-C stays as it is
    held = []
    monkeypatch.setattr("villagescore.cli.main", lambda: held.append(process_exit._held))
    monkeypatch.setattr(process_exit, "leave", lambda code: None)
    monkeypatch.setattr(process_exit, "_held", None)
    process_exit.run()
    assert held == [{}]


_CTRL_C_AT_EXIT = """
import atexit, os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even when started as a background job
def ctrl_c_while_leaving():
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(3):  # the handler runs here, once the command line's handlers are gone
        pass
atexit.register(ctrl_c_while_leaving)
from villagescore.cli.process_exit import run
sys.argv[0] = "villagescore"
run()
"""

_CTRL_C_AFTER_MAIN = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
import villagescore.cli
main = villagescore.cli.main
def main_then_ctrl_c():
    try:
        main()
    finally:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(3):  # main returned: its handler is put back, Python's raises KeyboardInterrupt here
            pass
villagescore.cli.main = main_then_ctrl_c
from villagescore.cli.process_exit import run
sys.argv[0] = "villagescore"
run()
"""


@pytest.mark.parametrize("script", [_CTRL_C_AT_EXIT, _CTRL_C_AFTER_MAIN], ids=["in-an-exit-handler", "after-main"])
def test_a_ctrl_c_after_the_command_exits_130_without_a_traceback(script):
    """Audit (fifteenth walk): a Ctrl-C landing once main() had put its handlers back (exit handlers, shutdown)
    printed a KeyboardInterrupt traceback. The command's output is whole; the status says it was interrupted."""
    done = _python(script, "plugins")
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.strip()  # what the command printed is all there


def test_a_ctrl_c_noted_while_leaving_gives_130_unless_the_run_was_already_stopped(exits):
    from villagescore import stops

    stops.note(process_exit.signal.SIGINT)
    try:
        for code, status in [(0, 130), (1, 130), (143, 143)]:
            with pytest.raises(_Exited) as exited:
                process_exit.leave(code)
            assert exited.value.status == status
    finally:
        stops.forget()


_CTRL_C_BEFORE_THE_HANDLER = """
import sys
import villagescore.cli
def main():
    raise KeyboardInterrupt  # a Ctrl-C while main() starts, before the command line's own handler is set
villagescore.cli.main = main
from villagescore.cli.process_exit import run
sys.argv[0] = "villagescore"
run()
"""


@pytest.mark.parametrize(("args", "said"), [(("evaluate", "big.csv", "--lang", "en"), "Interrupted."),
                                            (("evaluate", "big.csv", "--lang", "vi"), "Đã ngắt.")])
def test_a_ctrl_c_before_the_command_line_s_handler_says_interrupted_in_its_language(args, said):
    """Seventeenth walk: a Ctrl-C in the first moments of a run exited 130 without saying "Interrupted."."""
    done = _python(_CTRL_C_BEFORE_THE_HANDLER, *args)
    assert (done.returncode, done.stderr.strip()) == (130, said)
