"""The ``villagescore`` program ends without the interpreter's teardown, and loses nothing doing so."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _program(body: str, *, before: str = "") -> subprocess.CompletedProcess:
    """Run ``body`` as the ``main`` of :func:`run_program` in a fresh interpreter (``before`` runs first)."""
    script = textwrap.dedent(before) + "\n" + textwrap.dedent("""
        import atexit, sys, threading, time
        from villagescore.cli.program import run_program

        class Noisy:
            def __del__(self):
                print("teardown ran", flush=True)

        kept = Noisy()  # freed only by the interpreter's teardown

        def main():
        """) + textwrap.indent(textwrap.dedent(body), "    ") + "\nrun_program(main)\n"
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("code", "status"), [("0", 0), ("3", 3), ("None", 0), ("'stopped'", 1)])
def test_the_exit_code_is_kept_and_the_teardown_skipped(code, status):
    done = _program(f"print('output'); sys.exit({code})")
    assert done.returncode == status
    assert done.stdout == "output\n"  # flushed; no object freed by the teardown
    if code == "'stopped'":
        assert done.stderr == "stopped\n"  # sys.exit's message is printed as usual


def test_every_exit_handler_and_thread_of_the_run_finishes_first():
    body = """
        atexit.register(print, "handler of the run")
        threading.Thread(target=lambda: (time.sleep(0.2), print("thread done"))).start()
        sys.stdout.write("x" * 100_000)  # left in the buffer
        sys.exit(0)
        """
    done = _program(body)
    assert done.returncode == 0
    assert done.stdout == "x" * 100_000 + "thread done\nhandler of the run\n"


def test_a_handler_registered_before_keeps_the_usual_end():
    done = _program("print('output'); sys.exit(4)", before="import atexit; atexit.register(print, 'coverage')")
    assert done.returncode == 4
    assert done.stdout == "output\ncoverage\nteardown ran\n"


def test_an_uncaught_exception_ends_the_usual_way():
    done = _program("raise RuntimeError('bug')")
    assert done.returncode == 1
    assert "RuntimeError: bug" in done.stderr
    assert done.stdout == "teardown ran\n"


def test_the_command_line_ends_through_it():
    done = subprocess.run([sys.executable, "-m", "villagescore", "--version"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("villagescore, version ")
    bad = subprocess.run([sys.executable, "-m", "villagescore", "explain"], capture_output=True, text=True,
                         timeout=120, check=False)
    assert bad.returncode == 2  # a usage error keeps click's code
