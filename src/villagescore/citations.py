"""A regulation version's limit as the JSON citations results and references carry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .i18n import label
from .i18n.legal import limit_text

if TYPE_CHECKING:  # model imports this module: no import of it at run time
    from .model import ThresholdVersion

__all__ = ["limit_references"]


def limit_references(version: ThresholdVersion) -> list[dict[str, Any]]:
    """A regulation version's limit as JSON-ready citations (one per category of a ``by_field`` limit).

    Texts the data gives in both languages are cited in English, as every citation a result carries
    (a ``{vi, en}`` note too: the documents keep their bytes).
    """
    reg, limit = version.regulation, version.limit
    base: dict[str, Any] = {"regulation": reg.id, "document": reg.document}
    if limit.provision:
        base["provision"] = limit_text(limit.provision, "en")
    if limit.parameter:
        base["parameter"] = limit_text(limit.parameter, "en")
    if limit.unit:
        base["unit"] = limit.unit
    for key in ("valid_from", "valid_to"):
        val = getattr(reg, key)
        if val:
            base[key] = val
    if reg.sources:
        base["url"] = reg.sources[0]
    note = label(version.note or limit.note, "en")
    if limit.by_field is None:
        out = dict(base, value=limit.value, confidence=limit.confidence)
        if limit.column:
            out["column"] = limit_text(limit.column, "en")
        if note:
            out["note"] = note
        return [out]
    refs = []
    for key, spec in limit.values.items():
        ref = dict(base, value=spec["value"], confidence=spec.get("confidence", limit.confidence))
        ref["column"] = limit_text(spec.get("column"), "en") or f"{limit.by_field}={key}"
        if spec.get("provision"):
            ref["provision"] = limit_text(spec["provision"], "en")
        value_note = label(spec.get("note"), "en") or note
        if value_note:
            ref["note"] = value_note
        refs.append(ref)
    return refs
