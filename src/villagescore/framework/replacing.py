"""A framework's own regulation versions and the versions they replace.

A regulation the framework file declares may name in ``replaces`` the versions it succeeds,
declared by any plugin or by the file. As in law, a replaced version ends when its successor
takes effect: within this framework, its ``valid_to`` becomes the day before the successor's
``valid_from`` (a version that already ended by then is left as it is). So an author can add
the successor of a plugin's open-ended version (QCVN 05:2026 after QCVN 05:2023) as data, and a
threshold can list both. The shortened version is what thresholds cite, what the resolved hash
records and what ``framework show`` prints.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from ..i18n import N_

__all__ = ["link_regulations", "check_links", "end_replaced"]


def link_regulations(resolver: Any) -> None:
    """:func:`check_links`, then :func:`end_replaced`: the file's regulations and the versions they name."""
    check_links(resolver)
    end_replaced(resolver)


def _paths(resolver: Any) -> dict[str, str]:
    """The JSON path of each regulation the file declares, by id."""
    return {spec.get("id"): f"$.regulations[{i}]" for i, spec in enumerate(resolver.doc.get("regulations", ()))}


def check_links(resolver: Any) -> None:
    """Each id in ``replaces``/``replaced_by`` of the file's regulations names a regulation (a plugin's or the file's).

    A regulation the file declares but that was refused (its own problem is said) is not said again as unknown.
    """
    paths = _paths(resolver)
    for ident in sorted(resolver.local_regulations):  # a plugin's links are the registry's to check, once
        reg = resolver.regulations[ident]
        for other in (*reg.replaces, *([reg.replaced_by] if reg.replaced_by else [])):
            if other not in resolver.regulations and other not in resolver.refused_regulations:
                resolver.problem(paths.get(ident, "$.regulations"), N_(
                    "regulation {id!r} refers to unknown regulation {other!r}"), params={"id": ident, "other": other})


def end_replaced(resolver: Any) -> None:
    """End each version a regulation of the file replaces the day before that regulation takes effect.

    Refused, with the path of ``replaces``: a replaced version that takes effect on or after its
    successor, and one the file declares itself with a ``valid_to`` on or after the successor's
    ``valid_from`` (the file says two things: let it say one). The file's own open-ended version
    is ended like a plugin's, so a chain (2023 → 2026 → 2027) is written in one file or across
    overlays. Each check reads the versions as declared, so the order of the ids does not matter;
    a version two successors replace ends before the earlier one. A successor without
    ``valid_from`` ends nothing.
    """
    paths = _paths(resolver)
    declared = dict(resolver.regulations)
    for ident in sorted(resolver.local_regulations):
        new = declared[ident]
        for other in new.replaces:
            old = declared.get(other)
            if old is None or not new.valid_from or (old.valid_to is not None and old.valid_to < new.valid_from):
                continue
            where = f"{paths.get(ident, '$.regulations')}.replaces"
            params = {"id": ident, "other": other, "start": new.valid_from}
            if old.valid_from and old.valid_from >= new.valid_from:
                resolver.problem(where, N_("regulation {id!r} takes effect on {start} and replaces {other!r}, which "
                                           "takes effect on {other_start}: a version replaces an earlier one"),
                                 params={**params, "other_start": old.valid_from})
            elif other in resolver.local_regulations and old.valid_to is not None:
                resolver.problem(where, N_("regulation {id!r} takes effect on {start} and replaces {other!r}, whose "
                                           "valid_to is {end}: end {other!r} before {start}, or leave out its "
                                           "valid_to (replacing ends it the day before)"),
                                 params={**params, "end": old.valid_to})
            else:
                end = (datetime.date.fromisoformat(new.valid_from) - datetime.timedelta(days=1)).isoformat()
                ended = resolver.regulations[other].valid_to
                if ended is not None and ended != old.valid_to and ended <= end:
                    continue  # another successor, taking effect earlier, ended it already
                try:
                    resolver.regulations[other] = dataclasses.replace(old, valid_to=end)
                except ValueError:  # its transitional rule ends before the new end: said as the regulation's own
                    resolver.problem(where, N_("regulation {id!r} cannot end {other!r} on {end}: its transitional "
                                               "rule ends earlier"), params={**params, "end": end})
