"""The ids a catalogue file declares that an installed plugin already registers: such a file cannot be loaded."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..errors import Problem, Term, problem
from ..i18n import N_

__all__ = ["registry_clashes"]

#: A catalogue's id that an installed plugin registers already (the registry refuses the second one).
CLASH = N_("{kind} {id!r} is already registered by plugin {plugin!r}: loaded with it, this catalogue would be "
           "refused; give it an id of its own (prefix it with your sector)")

#: ``(key of the catalogue, kind said, the registry's objects by id)``
_KINDS = (("fields", N_("field id"), lambda reg: reg.fields),
          ("indicators", N_("indicator id"), lambda reg: reg.indicators),
          ("sectors", N_("sector id"), lambda reg: reg.sectors),
          ("regulations", N_("regulation id"), lambda reg: reg.regulations),
          ("checks", N_("check id"), lambda reg: reg.checks))


def registry_clashes(doc: Mapping[str, Any], name: str, registry: Any, own: Iterable[str]) -> list[Problem]:
    """A problem for each id of ``doc`` an installed plugin other than ``own`` registers.

    ``own``: the plugins that are this very file, installed (its objects are in the registry
    already and clash with nothing). Fields, indicators, sectors, regulations, checks and
    sector criteria are checked: the registry refuses a second one of each.
    """
    own = set(own)
    out = []
    for key, kind, registered in _KINDS:
        known = registered(registry)
        for path, ident in _ids(doc.get(key), f"$.{key}"):
            obj = known.get(ident)
            if obj is not None and obj.plugin not in own:
                out.append(problem(name, path, CLASH, params={"kind": Term(kind), "id": ident, "plugin": obj.plugin}))
    criteria = {c.id: s.plugin for s in registry.sectors.values() if s.plugin not in own for c in s.criteria}
    for i, sector in enumerate(doc.get("sectors") or ()):
        spec = sector.get("criteria") if isinstance(sector, Mapping) else None
        for path, ident in _ids(spec, f"$.sectors[{i}].criteria"):
            if ident in criteria:
                out.append(problem(name, path, CLASH, params={"kind": Term(N_("sector criterion id")), "id": ident,
                                                              "plugin": criteria[ident]}))
    return out


def _ids(specs: Any, path: str) -> Iterator[tuple[str, str]]:
    for i, spec in enumerate(specs if isinstance(specs, list) else ()):
        if isinstance(spec, Mapping) and isinstance(spec.get("id"), str):
            yield f"{path}[{i}].id", spec["id"]
