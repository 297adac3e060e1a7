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
    held = []
    monkeypatch.setattr("villagescore.cli.main", lambda: held.append(process_exit._held))
    monkeypatch.setattr(process_exit, "leave", lambda code: None)
    monkeypatch.setattr(process_exit, "_held", None)
    process_exit.run()
    assert held == [{}]
