"""How a catalogue's sectors join a framework, checked when the catalogue is validated.

``villagescore validate CATALOGUE.yaml`` runs the loader's own checks
(:class:`villagescore.framework.sectors.SectorJoin`): the framework (``-f``, else the default
one) is loaded with the catalogue as ``--catalogue`` loads it, and whatever would leave its sector
out of the framework or its indicators unscored (a criterion another sector declares, a misspelt
criterion or pillar, a pillar that takes no sector criteria) is a problem of the catalogue file,
placed at the indicator or sector it is about.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import FrameworkError, Problem, UnknownIdError

__all__ = ["join_problems"]


def join_problems(doc: Mapping[str, Any], path: str | Path, registry: Any, *, framework: str | None = None,
                  installed: Iterable[str] = (), catalogues: Sequence[str | Path] = ()) -> list[Problem]:
    """The problems of the catalogue ``doc`` (file ``path``) joining ``framework`` (``None``: the default one).

    ``registry``: the installed plugins. A catalogue they already hold (``installed``: its plugin
    names) is checked as installed; another is loaded beside them and the ``catalogues`` of the
    run, as ``--catalogue`` would. A framework not installed, or invalid for reasons of its own
    (said when it is validated), leaves only what the catalogue's sectors bring.
    """
    from ..framework import load_framework
    from ..framework.sectors import collected_joins

    plugins = set(installed) or {str(doc.get("catalogue"))}
    if not installed:
        from ..registry import Registry

        with warnings.catch_warnings():  # the installed plugins' own warnings were said when they loaded
            warnings.simplefilter("ignore")
            registry = Registry.default(strict=registry.strict, catalogues=[*catalogues, path])
    with collected_joins() as found:
        try:
            load_framework(framework, registry)
        except (FrameworkError, UnknownIdError):
            pass
    placed = [_placed(doc, str(path), p) for owners, p in found if plugins & set(owners)]
    return [p for _, p in sorted(placed, key=lambda item: item[0])]  # in the file's order


def _placed(doc: Mapping[str, Any], name: str, slip: Problem) -> tuple[tuple[int, int], Problem]:
    """``slip`` (about an indicator, a sector or a joined criterion, by id) as a problem of the catalogue file.

    With its place in the file, to sort by: ``(0, i)`` for ``indicators[i]``, ``(1, i)`` for ``sectors[i]``.
    """
    rest = slip.where[1:] if slip.where.startswith("$") else ""
    for rank, key in enumerate(("indicators", "sectors")):
        for i, obj in enumerate(doc.get(key) or ()):
            if isinstance(obj, Mapping) and obj.get("id") == slip.file:
                return (rank, i), dataclasses.replace(slip, file=name, where=f"$.{key}[{i}]{rest}")
    return (2, 0), dataclasses.replace(slip, file=name, where=" ".join(x for x in (slip.file, slip.where) if x))
