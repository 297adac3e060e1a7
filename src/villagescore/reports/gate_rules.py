"""A gate's rule for people, in the run's language: ``giá trị ≤ 150``, or the legal limit it compares with.

A gate that compares with a legal limit says so, with the column it names and the
regulation versions the limit comes from (``value ≤ the limit, column B (QCVN
40:2011/BTNMT)``); where a report shows one village-year, the limit applied there is added
(``= 150 mg/L``), or that it is not known there. Nothing here computes: the limit applied
comes from the result (:meth:`villagescore.results.Result.gate_limit`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import format_value, t, unit_label
from ..i18n.legal import document_name

__all__ = ["rule_text", "limit_rule_text", "op_text", "NOT_SHOWN"]

#: ``applied`` when no village-year is shown (the framework's rule, without a value).
NOT_SHOWN = object()
#: The comparison of a rule as people write it.
_OPS = {"<=": "≤", ">=": "≥", "==": "=", "!=": "≠"}


def op_text(op: str) -> str:
    """A rule's comparison as people write it: ``≤`` for ``<=``, ``≥``, ``=``, ``≠``; ``<`` and ``>`` as they are."""
    return _OPS.get(op, op)


def rule_text(gate: Any, lang: str, applied: Any = NOT_SHOWN, regulation: str | None = None) -> str:
    """A gate's rule: ``giá trị ≤ 150`` (``value ≤ 150``), or with its limit (:func:`limit_rule_text`).

    ``applied``: the limit applied to the village-year shown (``None``: unknown there);
    ``regulation``: the id of the version applied there (only it is named).
    """
    if getattr(gate, "limit", None) is not None:
        titles = {v.regulation.id: v.regulation.title for v in gate.limit.threshold.versions}
        return limit_rule_text(gate.on, gate.op, gate.limit.to_dict(), lang, applied, regulation, titles)
    return f"{t('gate_on.' + gate.on, lang)} {op_text(gate.op)} {format_value(gate.value, lang)}"


def limit_rule_text(on: str, op: str, limit: Mapping[str, Any], lang: str, applied: Any = NOT_SHOWN,
                    regulation: str | None = None, titles: Mapping[str, Any] | None = None) -> str:
    """The rule of a gate with a legal limit, from its plain form (:meth:`villagescore.gate.GateLimit.to_dict`).

    With ``regulation`` (the version applied to the village-year shown) only that version is named;
    ``titles``: each version's declared ``title`` by id (a document is named with it).
    """
    versions = list(limit.get("versions") or [])
    if regulation is not None:
        versions = [v for v in versions if v.get("regulation") == regulation] or versions
    # the framework's rule says when each version is in force; a village-year's says the value applied instead
    documents = "; ".join(dict.fromkeys(_document(v, lang, validity=applied is NOT_SHOWN, titles=titles)
                                        for v in versions))
    column = limit.get("column")
    words = (t("gate_rule.limit_column", lang, column=column, documents=documents) if column
             else t("gate_rule.limit", lang, documents=documents))
    text = f"{t('gate_on.' + on, lang)} {op_text(op)} {words}"
    if applied is NOT_SHOWN:
        return text
    if applied is None:
        return f"{text}: {t('gate_rule.unknown', lang)}"
    units = [v.get("unit") for v in versions if v.get("unit")]
    unit = unit_label(units[0], lang) if units else ""
    return f"{text} = {format_value(applied, lang)} {unit}".rstrip()


def _document(version: Mapping[str, Any], lang: str, *, validity: bool, titles: Mapping[str, Any] | None = None
              ) -> str:
    """A cited version by its short document name (``QCVN 40:2011/BTNMT``), with ``… → 2025-08-31`` when asked."""
    name = document_name(str(version.get("document") or version.get("regulation", "")), lang,
                         (titles or {}).get(version.get("regulation", "")))
    if not validity or not (version.get("valid_from") or version.get("valid_to")):
        return name
    from .framework_doc import validity_text

    span = validity_text(version.get("valid_from"), version.get("valid_to"), lang)
    return f"{name}, {span}"
