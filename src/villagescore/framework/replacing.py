"""A framework's own regulation versions and the versions they name (``replaces``, ``replaced_by``)."""

from __future__ import annotations

from typing import Any

from ..i18n import N_

__all__ = ["check_links"]


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
