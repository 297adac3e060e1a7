"""The warnings a framework gives when it loads (a fraction where % is meant …), kept for ``validate --format json``.

They are issued as Python warnings, which the command line prints on standard error
(``warning: …``); :func:`caught_framework_warnings` keeps every one, whatever the warnings filters
say, so that a program reading the JSON report sees them all, and shows them after the block as the
filters say. :class:`FrameworkOnce` is ``-f``'s framework, loaded once for every dataset validated
with it, with the warnings its loading gave.
"""

from __future__ import annotations

import contextlib
import contextvars
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the framework package imports numpy: not at start-up (`villagescore --help`)
    from ..framework.percent import FrameworkWarning

__all__ = ["caught_framework_warnings", "FrameworkOnce"]

#: How many :func:`caught_framework_warnings` blocks are open: only the outermost shows what they keep.
_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("framework_warnings_depth", default=0)


@contextlib.contextmanager
def caught_framework_warnings(shown: set[str] | None = None) -> Iterator[list[FrameworkWarning]]:
    """The :class:`FrameworkWarning` s issued in the block, in order, whatever the warnings filters say.

    They are kept under an ``always`` filter placed first, so what a report lists does not depend on
    what standard error shows (``PYTHONWARNINGS=ignore``). After the outermost block each is issued
    again under the run's own filters, unless ``shown`` (the texts already shown in this run, added
    to) holds it: the same framework loaded twice, for two files, is warned of once. A block inside
    another passes them on to it. Other warnings pass as they are.
    """
    from ..framework.percent import FrameworkWarning

    shown = set() if shown is None else shown
    found: list[FrameworkWarning] = []
    places: list[tuple[str, int]] = []
    depth = _DEPTH.set(_DEPTH.get() + 1)
    with warnings.catch_warnings():
        warnings.filterwarnings("always", category=FrameworkWarning)
        previous = warnings.showwarning

        def keep(message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None) -> None:
            if isinstance(message, FrameworkWarning):
                found.append(message)
                places.append((filename, lineno))
            else:
                previous(message, category, filename, lineno, file, line)

        warnings.showwarning = keep
        try:
            yield found
        finally:
            _DEPTH.reset(depth)
    nested = _DEPTH.get() > 0  # a block around this one keeps them too, and shows them
    for message, (filename, lineno) in zip(found, places, strict=True):
        if not nested:
            if str(message) in shown:
                continue
            shown.add(str(message))
        warnings.warn_explicit(message, FrameworkWarning, filename, lineno)


class FrameworkOnce:
    """A framework loaded the first time it is asked for (``load()``), with the warnings its loading gave.

    :attr:`asked` says whether it was asked for since :meth:`watch` was last called; a load that
    raises is tried again when it is next asked for.
    """

    def __init__(self, load: Callable[[], Any]) -> None:
        self._load = load
        #: the framework warnings shown in this run (:func:`caught_framework_warnings`): each said once
        self.shown: set[str] = set()
        self._framework: Any = None
        self.loaded = False
        self.asked = False
        self.warnings: list[FrameworkWarning] = []

    def __call__(self) -> Any:
        """The framework, loaded now if it is the first time (its warnings kept in :attr:`warnings`)."""
        self.asked = True
        if not self.loaded:
            with caught_framework_warnings(self.shown) as found:
                self._framework = self._load()
            self.loaded, self.warnings = True, found
        return self._framework

    def with_warnings(self, found: list[FrameworkWarning]) -> list[FrameworkWarning]:
        """``found`` (what checking one file gave) with this framework's warnings first if it was asked for, once."""
        if not self.asked:
            return found
        return [*self.warnings, *(w for w in found if not any(w is own for own in self.warnings))]

    def watch(self) -> bool:
        """Start watching whether the framework is asked for; whether it was loaded already."""
        self.asked = False
        return self.loaded
