"""The console script: run the command, then leave the process without tearing the interpreter down.

When a command is done its output is written and closed and standard output flushed. What
Python still does at exit is wait for other threads, run the exit handlers, flush the
standard streams, and then free every object it holds one by one: the modules, the village
data, the scores (hundreds of thousands of small objects at national scale; ≈ 0.2 s of
processor time at 100,000 village-years, as long as validating them). The operating system
frees a process's memory at once, so :func:`run` does the parts of Python's exit that anyone
can see — exit handlers (``atexit``, which also removes temporary files and flushes logs),
the standard streams — and then ends the process with :func:`os._exit`.

A Ctrl-C that lands before :func:`villagescore.cli.main` has set its handlers says ``Interrupted.`` in the
language of ``--lang`` or the environment, and exits 130. A Ctrl-C that lands once it has put them back (while the
exit handlers run, while the streams are flushed, while Python shuts down) exits 130 without
a traceback: from then on it is only noted (:mod:`villagescore.stops`), and the status says it.

It leaves through Python's normal exit instead whenever that could differ: another
non-daemon thread is still running (Python would wait for it), or this Python has no way to
run the exit handlers first. :func:`villagescore.cli.main` (what tests and programs call) is
unchanged; only the installed ``villagescore`` command and ``python -m villagescore`` use
:func:`run`.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from typing import Any, NoReturn

from .. import stops
from ..errors import StdoutClosed

__all__ = ["run", "exit_code", "free_at_exit"]

#: Python's exit status when flushing standard output fails at exit.
_FLUSH_FAILED = 120
#: The exit statuses of a run stopped by Ctrl-C and by SIGTERM (as :func:`villagescore.cli.main` gives them).
_STOPPED = {signal.SIGINT: 130, signal.SIGTERM: 143}
#: What :func:`free_at_exit` holds (``None``: not under :func:`run`, nothing is held).
_held: dict[str, Any] | None = None


def run() -> NoReturn:
    """Run :func:`villagescore.cli.main` with the process's arguments, then exit at once with its code."""
    global _held
    _held = {}
    code: Any = 0
    try:
        try:
            from . import main

            main()
        except SystemExit as exc:
            code = exc.code
        _note_late_ctrl_c()
    except KeyboardInterrupt:  # before the command line's own handler was set, or after it was put back
        code = _STOPPED[signal.SIGINT]
        _note_late_ctrl_c()
        _say_interrupted()  # main() says the Ctrl-C it catches and exits: this one it has not said
    leave(code)


def _say_interrupted() -> None:
    """Say ``Interrupted.`` in the language the command line asks for (its ``--lang``, else the environment's)."""
    import click

    from .language import activate, activate_from_environment, asked_language
    from .messages import message

    try:
        activate(asked_language(sys.argv[1:]) or activate_from_environment())
        click.echo(message("Interrupted."), err=True)
    except Exception:  # noqa: BLE001 - a Ctrl-C is said when it can be; the status says it anyway
        pass


def _note_late_ctrl_c() -> None:
    """From now on a Ctrl-C is only noted (:func:`leave` exits 130): no traceback while the process ends.

    A Ctrl-C ignored by the process (a job started in the background) stays ignored.
    """
    if callable(signal.getsignal(signal.SIGINT)):
        signal.signal(signal.SIGINT, _note_stop)


def _note_stop(signum: int, frame: Any) -> None:
    stops.note(signum)


def free_at_exit(key: str, obj: Any) -> None:
    """Under the console script, keep ``obj`` until the process ends instead of freeing it when it is dropped.

    A dataset of 100,000 village-years is millions of small objects, freed one by one in about
    0.02 s; the console script ends the process without freeing them (:func:`leave`). What was
    held under ``key`` before is let go now (freed as it would have been; ``obj`` ``None``: only
    that), so a command going through many files holds one of each kind at a time. Outside the
    console script (tests, a program calling :func:`villagescore.cli.main`) nothing is held.
    """
    if _held is not None:
        _held[key] = obj


def exit_code(code: Any) -> int:
    """The process status ``sys.exit(code)`` gives: ``None`` is 0, an int itself, anything else printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    if sys.stderr is not None:  # closed (2>&-): print would fall back to standard output, the user's result
        print(code, file=sys.stderr)
    return 1


def leave(code: Any) -> NoReturn:
    """End the process with ``code`` (as :func:`sys.exit` would), skipping the freeing of every object."""
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None or _other_threads_running():
        if signal.getsignal(signal.SIGINT) is _note_stop:  # Python waits for the thread: Ctrl-C still ends it
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        sys.exit(_stopped_status(code))
    status = exit_code(code)
    run_handlers()
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except StdoutClosed:  # the reader went away (guarded standard output): the end, as the run says
            pass
        except ValueError:  # a closed stream: nothing left in it
            pass
        except Exception:  # noqa: BLE001 - OSError, or the guarded standard output's OutputError (a full disk)
            # Python says 120 whatever the code; a failed run keeps its own code, which says more
            status = status or _FLUSH_FAILED
    os._exit(_stopped_status(status))


def _stopped_status(code: Any) -> Any:
    """``code``, or 130 (143) when a Ctrl-C (a SIGTERM) was noted after the command line put its handlers back."""
    stop = stops.received()
    if stop is None or code in _STOPPED.values():
        return code
    return _STOPPED[stop]


def _other_threads_running() -> bool:
    """Whether a thread Python would wait for at exit (not a daemon, not this one) is still running."""
    me = threading.current_thread()
    return any(t is not me and not t.daemon and t.is_alive() for t in threading.enumerate())
