"""The warnings a framework gives when it loads (a fraction where % is meant …), kept for ``validate --format json``.

They are issued as Python warnings, which the command line prints on standard error
(``warning: …``); :func:`caught_framework_warnings` keeps them as they are shown, so that a
program reading the JSON report sees them too. :class:`FrameworkOnce` is ``-f``'s framework, loaded once for
every dataset validated with it, with the warnings its loading gave.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the framework package imports numpy: not at start-up (`villagescore --help`)
    from ..framework.percent import FrameworkWarning

__all__ = ["caught_framework_warnings", "FrameworkOnce"]


@contextlib.contextmanager
def caught_framework_warnings() -> Iterator[list[FrameworkWarning]]:
    """The :class:`FrameworkWarning` s issued in the block, in order; every warning still shown as it is issued.

    A framework warning is shown each time it is issued in the block (the same framework loaded
    twice, for two files, warns for each) unless a warnings filter says otherwise.
    """
    from ..framework.percent import FrameworkWarning

    found: list[FrameworkWarning] = []
    with warnings.catch_warnings():
        warnings.filterwarnings("always", category=FrameworkWarning, append=True)
        previous = warnings.showwarning

        def keep(message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None) -> None:
            if isinstance(message, FrameworkWarning):
                found.append(message)
            previous(message, category, filename, lineno, file, line)

        warnings.showwarning = keep
        yield found


class FrameworkOnce:
    """A framework loaded the first time it is asked for (``load()``), with the warnings its loading gave.

    :attr:`asked` says whether it was asked for since :meth:`watch` was last called; a load that
    raises is tried again when it is next asked for.
    """

    def __init__(self, load: Callable[[], Any]) -> None:
        self._load = load
        self._framework: Any = None
        self.loaded = False
        self.asked = False
        self.warnings: list[FrameworkWarning] = []

    def __call__(self) -> Any:
        """The framework, loaded now if it is the first time (its warnings kept in :attr:`warnings`)."""
        self.asked = True
        if not self.loaded:
            with caught_framework_warnings() as found:
                self._framework = self._load()
            self.loaded, self.warnings = True, found
        return self._framework

    def watch(self) -> bool:
        """Start watching whether the framework is asked for; whether it was loaded already."""
        self.asked = False
        return self.loaded
