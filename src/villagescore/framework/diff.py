"""What changed between two frameworks: nodes added and removed, nodes moved, settings changed.

Both frameworks are compared as resolved (:func:`~villagescore.framework.export.resolved_document`:
overlays applied, sector criteria joined), node by node and id by id: the framework's own
settings (id, version, status, defaults, the rating of the unrated), the tiers of the rating,
the pillars (the weight of the sector criteria's block too), the criteria (a sector's too), the
indicators placed in the tree, the gates, and what a framework file declares for itself
(regulations with their limits, fields, indicator definitions), with the end a version is given
by a successor's ``replaces`` (a plugin's version both cite too: ``valid_to`` from none to
``2024-12-31``). A setting that holds a mapping
(a scorer, a threshold, a gate's condition) is compared whole. Texts written for people —
labels, titles, rationales, notes, references, a regulation's document name and sources — are
left out wherever they are: what is compared is what scores.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Change", "KINDS", "framework_changes"]

#: The kinds of node compared, in the order changes are listed.
KINDS = ("framework", "tier", "pillar", "criterion", "indicator", "gate", "regulation", "field", "definition")
#: Keys of texts written for people (and where a text was read), left out wherever they are.
_PROSE = frozenset({"label", "title", "description", "rationale", "notes", "note", "references", "guidance",
                    "document", "issuing_act", "sources", "category_labels"})
#: Keys of the framework document that hold nodes compared as nodes of their own.
_NODES = frozenset({"pillars", "criteria", "sector_criteria", "indicators", "gates", "rating", "regulations",
                    "fields", "defaults"})


@dataclass(frozen=True)
class Change:
    """One difference: a node ``added`` or ``removed``, or one of its settings ``changed``.

    ``field`` names the setting (``weight``, ``scorer``, ``defaults.missing_data``, ``pillar``
    for a criterion moved to another pillar …); it is empty for a node added or removed.
    ``old`` and ``new`` are the setting's values as the resolved documents give them
    (``None`` where absent); a node added has its settings in ``new``, one removed in ``old``.
    """

    kind: str
    id: str
    change: str
    field: str = ""
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready mapping."""
        return {"kind": self.kind, "id": self.id, "change": self.change, "field": self.field, "old": self.old,
                "new": self.new}


def framework_changes(old: Any, new: Any) -> list[Change]:
    """Every difference from framework ``old`` to framework ``new`` (:class:`~villagescore.model.Framework`).

    Changes come kind by kind (:data:`KINDS`); within a kind, nodes in the order the old
    framework lists them, then the nodes only the new one has.
    """
    from .export import resolved_document

    a, b = resolved_document(old), resolved_document(new)
    changes = list(_settings("framework", str(b.get("id", "")), _framework_settings(a), _framework_settings(b)))
    for kind in KINDS[1:]:
        if kind == "regulation":
            declared_old, declared_new = _ended(dict(_flat(a, kind)), old), _ended(dict(_flat(b, kind)), new)
            changes += _nodes(kind, declared_old, declared_new)
            changes += _plugin_ends(old, new, {*declared_old, *declared_new})
        else:
            changes += _nodes(kind, dict(_flat(a, kind)), dict(_flat(b, kind)))
    return changes


def _ended(declared: dict[str, dict[str, Any]], fw: Any) -> dict[str, dict[str, Any]]:
    """The regulations a document declares, each ``valid_to`` as resolved (a successor's ``replaces`` ends it)."""
    for ident, settings in declared.items():
        reg = fw.regulations.get(ident)
        if reg is not None and reg.valid_to != settings.get("valid_to"):
            settings["valid_to"] = reg.valid_to
    return declared


def _plugin_ends(old: Any, new: Any, declared: set[str]) -> Iterator[Change]:
    """A plugin's version both frameworks cite whose end differs: one framework ends it with ``replaces``."""
    for ident, reg in old.regulations.items():
        other = new.regulations.get(ident)
        if ident not in declared and other is not None and reg.valid_to != other.valid_to:
            yield Change("regulation", ident, "changed", "valid_to", reg.valid_to, other.valid_to)


def _nodes(kind: str, old: Mapping[str, dict[str, Any]], new: Mapping[str, dict[str, Any]]) -> Iterator[Change]:
    for ident, node in old.items():
        if ident not in new:
            yield Change(kind, ident, "removed", old=node)
        else:
            yield from _settings(kind, ident, node, new[ident])
    for ident, node in new.items():
        if ident not in old:
            yield Change(kind, ident, "added", new=node)


def _settings(kind: str, ident: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for key in [*old, *(k for k in new if k not in old)]:
        if old.get(key) != new.get(key):
            yield Change(kind, ident, "changed", key, old.get(key), new.get(key))


def _framework_settings(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The framework's own settings, a defaults entry each (``defaults.missing_data``), its rating of the unrated."""
    out = {k: _scoring(v) for k, v in doc.items() if k not in _PROSE and k not in _NODES}
    out.update({f"defaults.{k}": _scoring(v) for k, v in (doc.get("defaults") or {}).items()})
    unrated = (doc.get("rating") or {}).get("unrated")
    if unrated is not None:
        out["rating.unrated"] = _scoring(unrated)
    return out


def _flat(doc: Mapping[str, Any], kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(id, settings)`` of every node of ``kind``; a criterion names its pillar, an indicator its criterion."""
    if kind in ("tier", "gate", "regulation", "field", "definition"):
        items = {"tier": (doc.get("rating") or {}).get("tiers"), "gate": doc.get("gates"),
                 "regulation": doc.get("regulations"), "field": doc.get("fields"),
                 "definition": doc.get("indicators")}[kind]
        for item in items or []:
            yield str(item["id"]), _regulation(item) if kind == "regulation" else _own(item)
        return
    for pillar in doc.get("pillars") or []:
        joined = pillar.get("sector_criteria") or {}
        if kind == "pillar":
            settings = _own(pillar)
            if "weight" in joined:
                settings["sector_criteria.weight"] = joined["weight"]
            yield str(pillar["id"]), settings
            continue
        for criterion in [*(pillar.get("criteria") or []), *(joined.get("criteria") or [])]:
            if kind == "criterion":
                yield str(criterion["id"]), {"pillar": pillar["id"], **_own(criterion)}
            else:
                for indicator in criterion.get("indicators") or []:
                    yield str(indicator["id"]), {"criterion": criterion["id"], **_own(indicator)}


def _regulation(item: Mapping[str, Any]) -> dict[str, Any]:
    """A regulation's settings, each of its limits as a setting of its own (``limits.cod``)."""
    out = _own({k: v for k, v in item.items() if k != "limits"})
    out.update({f"limits.{limit['id']}": _own(limit) for limit in item.get("limits") or []})
    return out


def _own(node: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _scoring(v) for k, v in node.items() if k not in _PROSE and k not in _NODES and k != "id"}


def _scoring(value: Any) -> Any:
    """``value`` without the texts for people it holds (a threshold version's ``note`` …)."""
    if isinstance(value, Mapping):
        return {k: _scoring(v) for k, v in value.items() if k not in _PROSE}
    if isinstance(value, list):
        return [_scoring(v) for v in value]
    return value
