"""villagescore's own warnings are never made errors by the user's warnings filter, under the command line.

A warning villagescore says to its user (:class:`~villagescore.errors.SaidWarning`: a plugin left
out, a fraction where a framework file means %, a dataset's slip) is a message on standard error,
not a bug. ``PYTHONWARNINGS=error`` or ``python -W error`` — set for a developer's own code, or
for every Python program of a session — made each an exception, and the run ended in an
"internal error" traceback. :func:`never_errors` puts, before each filter that would make them
errors, one that shows them instead (Python's ``default``); every other warning is left to the
filters as they are, and an ``ignore`` filter still silences them.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

__all__ = ["never_errors", "without_errors"]


def without_errors(filters: list[tuple], category: type[Warning]) -> list[tuple]:
    """``filters`` with a ``default`` filter for ``category`` (or its subclass) before each ``error`` one matching it.

    The new filter keeps the message, module and line patterns of the one it precedes.
    """
    out: list[tuple] = []
    for action, message, named, module, lineno in filters:
        if action == "error" and (issubclass(category, named) or issubclass(named, category)):
            out.append(("default", message, category if issubclass(category, named) else named, module, lineno))
        out.append((action, message, named, module, lineno))
    return out


@contextlib.contextmanager
def never_errors() -> Iterator[None]:
    """While the block runs, the filters as they are, except that no :class:`SaidWarning` is made an error."""
    from ..errors import SaidWarning

    with warnings.catch_warnings():  # restores the filters after the block
        # catch_warnings has just marked the filters changed: none is cached from before this replacement
        warnings.filters[:] = without_errors(list(warnings.filters), SaidWarning)
        yield
