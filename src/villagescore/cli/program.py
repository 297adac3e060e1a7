"""The ``villagescore`` program: run the command line, then end without the interpreter's teardown.

When a command has finished, Python still frees every object the run made and clears every
module before the process ends. At 100,000 village-years that took 0.06–0.13 s (a tenth to a
fifth of ``pandas.read_csv`` of the same file), spent on memory the operating system takes
back anyway. :func:`run_program` registers an exit handler that runs after every other one:
it is registered first, exit handlers run last-in first-out, and the interpreter runs them
only after it has waited for the program's threads. The handler flushes the standard
streams and ends the process with the command's exit code.

Only the program arms it (the console script and ``python -m villagescore``); a Python
program calling :func:`villagescore.cli.main` keeps its own teardown. Nothing is armed when
an exit handler was registered before (coverage, a ``sitecustomize``), since that handler
would then be skipped; nor when the command did not end through ``sys.exit`` (an uncaught
exception ends the usual way).
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Callable

__all__ = ["run_program"]


def run_program(main: Callable[[], object]) -> None:
    """Run ``main`` as the whole program; when it ends through ``sys.exit``, skip the teardown (see the module)."""
    registered = getattr(atexit, "_ncallbacks", None)  # CPython's count of exit handlers
    if registered is None or registered() > 0:
        main()
        return
    ended: list[object] = []
    atexit.register(_end_now, ended)
    try:
        main()
    except SystemExit as exc:
        ended.append(exc.code)
        raise


def _end_now(ended: list[object]) -> None:
    """Flush the standard streams and end the process with the code given to ``sys.exit``."""
    if not ended:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`) or stream: nothing more can be delivered
            pass
    code = ended[0]
    # as the interpreter turns sys.exit's argument into a status: None is 0, a message 1
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)
