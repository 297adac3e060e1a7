"""A threshold citing a version the framework ended with ``replaces``, and no version after it: warned of.

When a regulation the file declares replaces a version (:mod:`villagescore.framework.replacing`),
that version ends the day before its successor takes effect, within this framework, for every
threshold that cites it, not only the one the author updated. A threshold that lists no later
version then has no limit from that day, and its indicator goes unscored with only a run warning.
Said when the framework resolves (``validate`` prints it), as a **warning**: a framework may end a
limit on purpose (a rule that was dropped), and the indicator is still scored before the end.
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Iterator
from typing import Any

from ..i18n import N_
from .percent import FileOf, FrameworkWarning, framework_warning, written_in

__all__ = ["ended_versions", "replaced_limit_warnings", "warn_replaced_limits"]

#: Objects a framework file declares are recorded as given by ``framework:<id>`` (resolve.LOCAL_PLUGIN_PREFIX).
_LOCAL = "framework:"

_ENDED = N_("{file}: indicator {indicator!r} cites {regulation!r}, which {successor!r} (declared in this framework) "
            "replaces from {start}: within this framework {regulation!r} ends on {end}, and the threshold lists no "
            "later version, so from {start} the indicator has no limit and is not scored. Add the successor to its "
            "threshold's versions, {{regulation: {successor}, limit: {limit}}} (giving {successor!r} a limit "
            "{limit!r} if it has none); if the limit ends on purpose, leave it as it is")


def ended_versions(framework: Any) -> dict[str, Any]:
    """``{id: successor}`` of each version a regulation the file declares ends with ``replaces`` (its new end)."""
    out: dict[str, Any] = {}
    for successor in framework.regulations.values():
        if not successor.plugin.startswith(_LOCAL) or not successor.valid_from:
            continue
        end = (datetime.date.fromisoformat(successor.valid_from) - datetime.timedelta(days=1)).isoformat()
        for ident in successor.replaces:
            old = framework.regulations.get(ident)
            if old is not None and old.valid_to == end:
                out[ident] = successor
    return out


def _uncovered(framework: Any) -> Iterator[tuple[Any, Any, Any]]:
    """``(indicator node, version cited, successor)`` where no version of the threshold starts after the end."""
    ended = ended_versions(framework)
    for node in framework.indicators:
        versions = node.threshold.versions if node.threshold is not None else ()
        for version in versions:
            successor = ended.get(version.regulation.id)
            end = version.regulation.valid_to
            if successor is not None and not any((v.regulation.valid_from or "") > end for v in versions):
                yield node, version, successor


def replaced_limit_warnings(framework: Any, file_of: FileOf | None = None) -> list[FrameworkWarning]:
    """One :class:`FrameworkWarning` per threshold left without a limit by a version the file ended.

    Its file is the one that wrote the threshold, or else the successor's ``replaces`` (``file_of``,
    as :func:`~villagescore.framework.percent.fraction_warnings` takes it); by default the framework's.
    """
    return [framework_warning("replaced_limit", _ENDED, indicator=node.id,
                              file=written_in(framework, file_of, (node.id, "threshold"), (successor.id, "replaces")),
                 regulation=version.regulation.id, successor=successor.id, start=successor.valid_from,
                 end=version.regulation.valid_to, limit=version.limit.id)
            for node, version, successor in _uncovered(framework)]


def warn_replaced_limits(framework: Any, file_of: FileOf | None = None) -> None:
    """Issue each :func:`replaced_limit_warnings` (the command line prints them as ``warning: …`` lines)."""
    for found in replaced_limit_warnings(framework, file_of):
        warnings.warn(found, stacklevel=3)
