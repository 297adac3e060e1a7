"""Files in and out: framework files a plugin ships, dataset readers, output reporters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..reprs import shown_by
from .checks import _set_tuple

if TYPE_CHECKING:  # pragma: no cover - annotations only
    pass


@shown_by("path", "plugin")
@dataclass(frozen=True)
class FrameworkSource:
    """A criteria-framework file shipped by a plugin (YAML or JSON)."""

    path: Any  # pathlib.Path or importlib.resources Traversable
    plugin: str = ""


@shown_by("suffixes", "plugin")
@dataclass(frozen=True)
class Reader:
    """A dataset format: ``read(path)`` returns a :class:`villagescore.datasets.RawDataset`.

    A ``read`` that takes an ``options`` keyword (``read(path, options=None)``) is given the
    run's :class:`villagescore.datasets.ReadOptions` (``--csv-locale``, ``--percent-scale``).
    """

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Any], Any]
    description: str = ""
    plugin: str = ""

    def __post_init__(self) -> None:
        _set_tuple(self, "suffixes", "reader", self.name)


@shown_by("suffix", "plugin")
@dataclass(frozen=True)
class Reporter:
    """An output format: ``render(result, lang)`` returns ``bytes`` (the file's content).

    Optional capabilities: ``write(result, lang, handle)`` writes the same content to a
    binary handle as it is produced (commands use it for files and standard output, so a
    large output is never held whole); ``preflight(rows, framework)`` is called before any
    reading or scoring with an upper bound of the village-years to write and raises
    :class:`~villagescore.errors.OutputError` when the format cannot hold them; ``plans(rows)``
    says for how many village-years (the first ones) of a result of ``rows`` the report shows
    an improvement plan: commands compute those plans first, at most
    :data:`~villagescore.explain.MAX_REPORT_PLANS` of them (each is a search), and attach them
    to the result (``result.plans``; ``result.plans_omitted`` counts the others), since
    reports never compute. ``provenance_file``: the format has no room for the result's
    provenance (a plain table): commands writing it to ``-o FILE`` write the provenance
    beside it (:mod:`villagescore.provenance_file`) and say so on standard output.
    """

    name: str
    suffix: str
    render: Callable[[Any, str], bytes]
    description: str = ""
    binary: bool = False
    plugin: str = ""
    write: Callable[..., None] | None = None
    preflight: Callable[[int, Any], None] | None = None
    plans: Callable[[int], int] | None = None
    provenance_file: bool = False


def accepts(function: Callable[..., Any], name: str) -> bool:
    """Whether ``function`` takes the keyword argument ``name`` (an optional capability of a reader or reporter)."""
    import inspect

    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    found = parameters.get(name)
    if found is not None:
        return found.kind in (found.POSITIONAL_OR_KEYWORD, found.KEYWORD_ONLY)
    return any(p.kind is p.VAR_KEYWORD for p in parameters.values())
