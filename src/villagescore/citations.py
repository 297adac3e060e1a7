"""A regulation version's limit as the JSON citations results and references carry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .i18n import label
from .i18n.legal import document_name, document_text, limit_text, provision_text, reference_document_text, text_in

if TYPE_CHECKING:  # model imports this module: no import of it at run time
    from .model import Regulation, ThresholdVersion

__all__ = ["cited_in", "distinct_references", "in_force_on", "limit_references", "references_in", "regulation_citation",
           "regulation_citations"]


def distinct_references(references: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The references without repeats (a plugin's citation of the limit its threshold also cites).

    Compared without ``limit``: a catalogue's citation names the limit's id, the threshold's does not.
    """
    seen: set[str] = set()
    out = []
    for ref in references:
        key = repr(sorted((k, v) for k, v in ref.items() if k != "limit"))
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def in_force_on(references: Iterable[Mapping[str, Any]], regulations: Mapping[str, Regulation], day: str | None,
                applied: Iterable[str] = ()) -> list[Mapping[str, Any]]:
    """The ``references`` in force on ``day`` (an ISO date): those of a village-year's explanation.

    A reference citing a declared regulation version is left out when ``day`` is before its
    ``valid_from`` or after its ``valid_to``, unless that version is ``applied`` there (kept by its
    transitional rule). One citing no regulation, an undeclared one, a version without those dates,
    and every one when ``day`` is ``None`` (no reference date) are kept.
    """
    kept = set(applied)
    out = []
    for ref in references:
        reg = regulations.get(ref.get("regulation") or "")
        if day and reg is not None and reg.id not in kept and (
                (reg.valid_from and day < reg.valid_from) or (reg.valid_to and day > reg.valid_to)):
            continue
        out.append(ref)
    return out


def references_in(references: Iterable[Mapping[str, Any]], regulations: Mapping[str, Regulation],
                  lang: str, versions: Iterable[ThresholdVersion] = ()) -> list[dict[str, Any]]:
    """``references`` as a JSON output read in ``lang`` gives them: each text in that language.

    A declared regulation (``regulations``, by id) is named by
    :func:`~villagescore.i18n.legal.document_text` with its ``title``; its id stays in
    ``regulation``. Another document is read in ``lang`` when the data gives it as ``{vi, en}``,
    and cited as written otherwise (:func:`~villagescore.i18n.legal.reference_document_text`). A
    regulation not declared is named as the reference gives it. A ``provision`` is worded in
    ``lang`` (:func:`~villagescore.i18n.legal.provision_text`), a ``column``, ``parameter`` or
    ``note`` given as ``{vi, en}`` read in it; the texts a cited limit's declaration gives in both
    languages follow ``lang`` too.
    ``versions``: the versions of the threshold the references may cite (an indicator's), whose
    ``{vi, en}`` note a result holds in English only.
    """
    versions = tuple(versions)
    out = []
    for ref in references:
        ref = dict(ref)
        document = ref.get("document")
        reg = regulations.get(ref.get("regulation") or "")
        if isinstance(document, str) and document and ref.get("regulation"):
            ref["document"] = document_text(reg.document, lang, reg.title) if reg is not None \
                else document_text(document, lang)
        elif document:
            ref["document"] = reference_document_text(document, lang)
        cites_limit = "limit" in ref or "parameter" in ref
        declared = _limit_texts_in(ref, reg, lang, versions) if reg is not None and cites_limit else {}
        if ref.get("provision") and "provision" not in declared:
            ref["provision"] = provision_text(ref["provision"], lang)
        ref.update(declared)
        for key in ("column", "parameter", "note"):  # the reference's own texts, as a catalogue declares them
            if ref.get(key) and key not in declared:
                ref[key] = text_in(ref[key], lang)
        out.append(ref)
    return out


def _limit_texts_in(ref: Mapping[str, Any], reg: Regulation, lang: str,
                    versions: tuple[ThresholdVersion, ...]) -> dict[str, Any]:
    """The texts of ``ref`` that its limit's declaration gives, in ``lang`` (those it restates unchanged).

    A result's citation holds them in English (:func:`limit_references`). The limit is the one
    ``ref`` cites by id, or, for a threshold's citation (no id), the one with its English
    parameter and unit; the category of a ``by_field`` limit is the one with its English
    ``column`` and value. A provision the declaration gives as one string is worded in ``lang``
    by rule, as a report words it. A version of ``versions`` is tried before the bare limit: it
    keeps the threshold's own note (an inline limit is found there only).
    """
    from .model import ThresholdVersion

    def cited(limit: Any) -> bool:
        return limit.id == ref["limit"] if ref.get("limit") else (
            limit_text(limit.parameter, "en") == text_in(ref.get("parameter"), "en") and limit.unit == ref.get("unit"))

    candidates = [v for v in versions if v.regulation.id == reg.id and cited(v.limit)]
    candidates += [ThresholdVersion(reg, x) for x in reg.limits if cited(x)]
    out: dict[str, Any] = {}
    for version in candidates:  # each text from the first candidate that holds it as cited (a note may be the limit's)
        for en, there in zip(limit_references(version), limit_references(version, lang), strict=True):
            if en.get("column") == ref.get("column") and en.get("value") == ref.get("value"):
                for k in ("provision", "parameter", "column", "note"):
                    if k not in out and k in there and en.get(k) == ref.get(k):
                        out[k] = provision_text(there[k], lang) if k == "provision" and there[k] == en[k] \
                            else there[k]
                break
    return out


def limit_references(version: ThresholdVersion, lang: str = "en", *,
                     own_note: bool = False) -> list[dict[str, Any]]:
    """A regulation version's limit as JSON-ready citations (one per category of a ``by_field`` limit).

    Texts the data gives in both languages are cited in English by default, as every citation a
    result carries (a ``{vi, en}`` note too: the documents keep their bytes); ``lang`` reads them
    in another language (the explanation's JSON: :func:`references_in`). ``own_note``: the
    version's note is a reference's own (one that cites the limit by id), kept as declared, as a
    result keeps every text of a reference: ``{vi, en}`` stays so, and is read in ``lang`` by
    :func:`references_in` (no declaration holds it to look it up there).
    """
    reg, limit = version.regulation, version.limit
    base: dict[str, Any] = {"regulation": reg.id, "document": reg.document}
    if limit.provision:
        base["provision"] = limit_text(limit.provision, lang)
    if limit.parameter:
        base["parameter"] = limit_text(limit.parameter, lang)
    if limit.unit:
        base["unit"] = limit.unit
    for key in ("valid_from", "valid_to"):
        val = getattr(reg, key)
        if val:
            base[key] = val
    if reg.sources:
        base["url"] = reg.sources[0]
    note = label(version.note or limit.note, lang)
    if own_note and isinstance(version.note, Mapping):
        note = dict(version.note)
    if limit.by_field is None:
        out = dict(base, value=limit.value, confidence=limit.confidence)
        if limit.column:
            out["column"] = limit_text(limit.column, lang)
        if note:
            out["note"] = note
        return [out]
    refs = []
    for key, spec in limit.values.items():
        ref = dict(base, value=spec["value"], confidence=spec.get("confidence", limit.confidence))
        ref["column"] = limit_text(spec.get("column"), lang) or f"{limit.by_field}={key}"
        if spec.get("provision"):
            ref["provision"] = limit_text(spec["provision"], lang)
        value_note = label(spec.get("note"), lang) or note
        if value_note:
            ref["note"] = value_note
        refs.append(ref)
    return refs


def regulation_citation(regulation: Any) -> str:
    """A regulation as messages cite it, in English (:func:`cited_in` says it in the run's language)."""
    return document_name(regulation.document, "en")


def regulation_citations(regulations: Iterable[Any]) -> dict[str, str]:
    """``{regulation, regulation_vi}``: the regulations cited in English, and in Vietnamese with their titles.

    Each once, joined by ``", "`` (:func:`~villagescore.i18n.legal.document_name`).
    """
    regulations = list(regulations)
    return {"regulation": ", ".join(dict.fromkeys(regulation_citation(r) for r in regulations)),
            "regulation_vi": ", ".join(dict.fromkeys(document_name(r.document, "vi", r.title) for r in regulations))}


def cited_in(text: str, lang: str, vi: str = "") -> str:
    """The regulations of ``text`` (citations joined by ``", "``) as ``lang`` names them (``Nghị định …``).

    ``vi``: their Vietnamese citation, with titles (:func:`regulation_citations`), when the gap gives it.
    """
    if lang == "en" or not text:
        return text
    return vi or ", ".join(document_name(part, lang) for part in text.split(", "))
