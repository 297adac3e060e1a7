"""What changed between two frameworks: nodes added and removed, nodes moved, settings changed.

Both frameworks are compared as resolved (:func:`~villagescore.framework.export.resolved_document`:
overlays applied, sector criteria joined), node by node and id by id: the framework's own
settings (version, status, defaults), the tiers of the rating, the pillars, the criteria (a
sector's criteria too), the indicators and the gates. A setting that holds a mapping (a
scorer, a threshold, a gate's condition) is compared whole. Texts written for people — labels,
rationales, notes (a threshold version's too), references — are left out: what is compared is
what scores.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Change", "KINDS", "framework_changes"]

#: The kinds of node compared, in the order changes are listed.
KINDS = ("framework", "tier", "pillar", "criterion", "indicator", "gate")
#: Keys of texts written for people, left out wherever they are.
_PROSE = frozenset({"label", "title", "description", "rationale", "notes", "note", "references", "guidance"})
#: Keys that hold text for people or a node's children, not a setting that scores.
_NOT_SETTINGS = frozenset({"id", "label", "title", "description", "rationale", "notes", "references", "pillars",
                           "criteria", "sector_criteria", "indicators", "gates", "rating"})


@dataclass(frozen=True)
class Change:
    """One difference: a node ``added`` or ``removed``, or one of its settings ``changed``.

    ``field`` names the setting (``weight``, ``scorer``, ``defaults.missing_data``, ``pillar``
    for a criterion moved to another pillar …); it is empty for a node added or removed.
    ``old`` and ``new`` are the setting's values as the resolved documents give them
    (``None`` where the node or the setting is absent).
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
        changes += _nodes(kind, dict(_flat(a, kind)), dict(_flat(b, kind)))
    return changes


def _nodes(kind: str, old: Mapping[str, dict[str, Any]], new: Mapping[str, dict[str, Any]]) -> Iterator[Change]:
    for ident, node in old.items():
        if ident not in new:
            yield Change(kind, ident, "removed")
        else:
            yield from _settings(kind, ident, node, new[ident])
    for ident in new:
        if ident not in old:
            yield Change(kind, ident, "added")


def _settings(kind: str, ident: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for key in [*old, *(k for k in new if k not in old)]:
        if old.get(key) != new.get(key):
            yield Change(kind, ident, "changed", key, old.get(key), new.get(key))


def _framework_settings(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The framework's own settings, a defaults entry each (``defaults.missing_data``)."""
    out = {k: _scoring(v) for k, v in doc.items() if k not in _NOT_SETTINGS and k != "defaults"}
    out.update({f"defaults.{k}": _scoring(v) for k, v in (doc.get("defaults") or {}).items()})
    return out


def _flat(doc: Mapping[str, Any], kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(id, settings)`` of every node of ``kind``; a criterion names its pillar, an indicator its criterion."""
    if kind == "tier":
        for tier in (doc.get("rating") or {}).get("tiers") or []:
            yield str(tier["id"]), _own(tier)
    elif kind == "gate":
        for gate in doc.get("gates") or []:
            yield str(gate["id"]), _own(gate)
    for pillar in doc.get("pillars") or []:
        if kind == "pillar":
            yield str(pillar["id"]), _own(pillar)
            continue
        joined = pillar.get("sector_criteria") or {}
        for criterion, sector_weight in [*((c, None) for c in pillar.get("criteria") or []),
                                         *((c, joined.get("weight")) for c in joined.get("criteria") or [])]:
            if kind == "criterion":
                settings = {"pillar": pillar["id"], **_own(criterion)}
                if sector_weight is not None:
                    settings["sector_criteria_weight"] = sector_weight
                yield str(criterion["id"]), settings
            elif kind == "indicator":
                for indicator in criterion.get("indicators") or []:
                    yield str(indicator["id"]), {"criterion": criterion["id"], **_own(indicator)}


def _own(node: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _scoring(v) for k, v in node.items() if k not in _NOT_SETTINGS}


def _scoring(value: Any) -> Any:
    """``value`` without the texts for people it holds (a threshold version's ``note`` …)."""
    if isinstance(value, Mapping):
        return {k: _scoring(v) for k, v in value.items() if k not in _PROSE}
    if isinstance(value, list):
        return [_scoring(v) for v in value]
    return value
