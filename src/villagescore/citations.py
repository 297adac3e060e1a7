"""A regulation version's limit as the JSON citations results and references carry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .i18n import label
from .i18n.legal import document_text, limit_text, reference_document_text

if TYPE_CHECKING:  # model imports this module: no import of it at run time
    from .model import Regulation, ThresholdVersion

__all__ = ["limit_references", "references_in"]


def references_in(references: Iterable[Mapping[str, Any]], regulations: Mapping[str, Regulation],
                  lang: str) -> list[dict[str, Any]]:
    """``references`` as a JSON output read in ``lang`` gives them: each ``document`` in that language.

    A declared regulation (``regulations``, by id) is named by
    :func:`~villagescore.i18n.legal.document_text` with its ``title``; its id stays in
    ``regulation``. Another document keeps its text, but for the project's own words
    (:func:`~villagescore.i18n.legal.reference_document_text`). A regulation not declared is
    named as the reference gives it.
    """
    out = []
    for ref in references:
        ref = dict(ref)
        document = ref.get("document")
        if isinstance(document, str) and document:
            reg = regulations.get(ref.get("regulation") or "")
            ref["document"] = (document_text(reg.document, lang, reg.title) if reg is not None
                               else document_text(document, lang) if ref.get("regulation")
                               else reference_document_text(document, lang))
        out.append(ref)
    return out


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
