"""The regulation version each legal limit of a village-year came from, and how that limit was checked.

A score of 0 against a limit read in the regulation's own text and one against a candidate
value nobody has checked look alike in a table of scores: reports list, per village-year,
every indicator scored against a legal limit with the regulation version applied on its
reference date and the limit's confidence (``verified``, ``secondary``, ``unverified``,
``estimate``), unverified and estimated ones marked.
"""

from __future__ import annotations

from typing import Any

from ..i18n import label, t
from ..i18n.legal import document_name

__all__ = ["regulation_rows", "CONFIDENCE_MARKED"]

#: Confidences shown with a warning mark: the limit must be checked before a policy use.
CONFIDENCE_MARKED = ("unverified", "estimate")


def regulation_rows(result: Any, i: int, indicators: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """One row per indicator of row ``i`` scored against a legal limit (``indicators``: the village dict's).

    Each row: ``id``, ``label``, ``regulation_text`` (the document's code and the regulation id,
    or that no version was in force), ``confidence`` and ``confidence_text`` (marked with ⚠ when
    the limit is unverified or an estimate).
    """
    nodes = {n.id: n for n in result.framework.indicators}
    rows = []
    for ind in indicators:
        node = nodes.get(ind["id"])
        if node is None or node.threshold is None or ind.get("status") == "not_applicable":
            continue
        applied = ind.get("regulation")
        version = None if not applied else next(
            (v for v in node.threshold.versions
             if v.regulation.id == applied.get("id") and v.limit.id == applied.get("limit")), None)
        if version is None:
            rows.append({"id": ind["id"], "label": label(node.indicator.label, lang, ind["id"]),
                         "regulation_text": t("regulation_none_in_force", lang), "confidence": "",
                         "confidence_text": ""})
            continue
        confidence = _confidence(version.limit, result.frame, i)
        text = t(f"confidence.{confidence}", lang)
        rows.append({
            "id": ind["id"], "label": label(node.indicator.label, lang, ind["id"]),
            "regulation_text": f"{document_name(version.regulation.document, lang, version.regulation.title)} "
                               f"({version.regulation.id})",
            "confidence": confidence, "confidence_text": f"⚠ {text}" if confidence in CONFIDENCE_MARKED else text,
        })
    return rows


def _confidence(limit: Any, frame: Any, i: int) -> str:
    """The confidence of ``limit`` for row ``i``: a limit by field takes the one of the row's value."""
    if limit.by_field and limit.by_field in frame.columns:
        chosen = limit.values.get(str(frame[limit.by_field].iloc[i]))
        if chosen and chosen.get("confidence"):
            return str(chosen["confidence"])
    return str(limit.confidence)
