"""The regulation version each legal limit of a village-year came from, and how that limit was checked.

A score of 0 against a limit read in the regulation's own text and one against a candidate
value nobody has checked look alike in a table of scores: reports list, per village-year,
every indicator scored against a legal limit with the regulation version applied on its
reference date and the limit's confidence (``verified``, ``secondary``, ``unverified``,
``estimate``), unverified and estimated ones marked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import format_integer, label, t
from ..i18n.legal import document_name

__all__ = ["regulation_rows", "transition_fields", "unverified_rows", "unverified_notice", "unverified_policy_text",
           "left_out_mark", "scored_against", "in_force_unverified_reason", "gate_unverified_why", "CONFIDENCE_MARKED"]

#: Confidences shown with a warning mark: the limit must be checked before a policy use.
CONFIDENCE_MARKED = ("unverified", "estimate")


def scored_against(indicator: Mapping[str, Any]) -> bool:
    """Whether a village-year's indicator was scored against the regulation version named beside it: "applied".

    ``indicator``: ``status``, ``regulation`` (the version, or ``None``) and, when any, ``flag`` (a code
    of :data:`~villagescore.resultdoc.codes.FLAGS` or its sentence) — a village dict's indicator, or a
    stored row. A version cited for an indicator with no data, an unknown limit or one left out
    because its limit is unverified scored nothing: it is not applied. The reports, the fact sheet
    and ``serve`` all ask this.
    """
    from ..resultdoc.codes import FLAGS  # the result document's package imports pandas: not for a template

    unscored = {"limit_unknown", "limit_unverified", FLAGS["limit_unknown"], FLAGS["limit_unverified"]}
    return indicator.get("status") == "scored" and bool(indicator.get("regulation")) and \
        indicator.get("flag") not in unscored


def regulation_rows(result: Any, i: int, indicators: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """One row per indicator of row ``i`` scored against a legal limit (``indicators``: the village dict's).

    Each row: ``id``, ``label``, ``regulation_text`` (the document's code and the regulation id,
    or that no version was in force), ``confidence`` and ``confidence_text`` (marked with ⚠ when
    the limit is unverified or an estimate), ``applied`` (:func:`scored_against`: the version
    scored the indicator) and, when not, ``why`` it scored nothing (no data, limit unknown, or
    ``left_out`` for an unverified limit).
    """
    from ..versions_applied import kept_by_transition, pinned_past_validity
    from .framework_doc import transition_text
    from .notices import gate_why

    nodes = {n.id: n for n in result.framework.indicators}
    column = {n.id: j for j, n in enumerate(result.framework.indicators)}
    left_out_here = _left_out(result, i)
    fields = transition_fields(result)
    cells = _RowCells(result.frame, i)
    rows = []
    for ind in indicators:
        node = nodes.get(ind["id"])
        left_out = ind["id"] in left_out_here
        if node is None or node.threshold is None or (ind.get("status") == "not_applicable" and not left_out):
            continue
        applied = ind.get("regulation")
        version = None if not applied else next(
            (v for v in node.threshold.versions
             if v.regulation.id == applied.get("id") and v.limit.id == applied.get("limit")), None)
        applied_here = scored_against(ind)
        # no value: no data, whatever the limit; a value given and not scored: its limit was unknown there
        why = "" if applied_here else gate_why("missing" if ind.get("value") is None else "unknown", lang)
        if version is None:
            rows.append({"id": ind["id"], "label": label(node.indicator.label, lang, ind["id"]),
                         "regulation_text": t("regulation_none_in_force", lang), "confidence": "",
                         "confidence_text": "", "applied": applied_here, "why": why, "left_out": left_out})
            continue
        confidence = _confidence(version.limit, cells)
        unsure = in_force_unverified_reason(version.regulation, result.frame, i, lang)
        confidence = "unverified" if unsure else confidence  # whether it is still in force was not verified
        text = t(f"confidence.{confidence}", lang)
        if left_out:  # not scored: the policy for unverified limits left it out
            text = t("limit_unverified", lang)
        text = f"{text} ({unsure})" if unsure else text
        kept = kept_by_transition(result, column[ind["id"]])
        rule = f" — {transition_text(version.regulation, lang, fields)}" if kept is not None and kept[i] else ""
        pinned = pinned_past_validity(result, column[ind["id"]])
        rule += f" — {pinned_text(version.regulation, lang)}" if pinned is not None and pinned[i] else ""
        rows.append({
            "id": ind["id"], "label": label(node.indicator.label, lang, ind["id"]),
            "regulation_text": regulation_text(version.regulation, lang) + rule,
            "confidence": confidence, "confidence_text": f"⚠ {text}" if confidence in CONFIDENCE_MARKED else text,
            "applied": applied_here,
            "why": f"⚠ {t('limit_unverified', lang)}" + (f" ({unsure})" if unsure else "") if left_out else why,
            "left_out": left_out,
        })
    return rows


def pinned_text(regulation: Any, lang: str) -> str:
    """What a pinned version applied past its ``valid_to`` says beside its name: the pin keeps it, not a rule."""
    from ..i18n import N_, format_date, gettext

    return gettext(N_("pinned version applied past its validity (valid_to {valid_to}): the framework's threshold "
                      "cites this one version, which applies whatever the date"), lang).format(
        valid_to=format_date(regulation.valid_to, lang))


def in_force_unverified_reason(regulation: Any, frame: Any, i: int, lang: str) -> str:
    """Why the limits of ``regulation`` count as unverified at row ``i`` of ``frame`` when it is its being in force.

    ``""`` unless the row's reference date is after the regulation's ``in_force_verified_to``
    (:func:`~.framework_doc.in_force_unverified_text` otherwise, with the version named).
    """
    import numpy as np

    from ..model import reference_dates
    from .framework_doc import in_force_unverified_text

    last = regulation.in_force_verified_to
    if not last or not reference_dates(frame.iloc[[i]])[0] > np.datetime64(last, "D"):
        return ""
    return f"{regulation_text(regulation, lang)}: {in_force_unverified_text(regulation, lang)}"


def gate_unverified_why(result: Any, i: int, k: int, lang: str) -> str:
    """Why gate ``k`` is unknown at row ``i`` when it is its legal limit left out as unverified there (else ``""``).

    A candidate value, or the version's being in force after a date unverified with its successor
    (:func:`~.unverified_why.unverified_reasons`); read on that row alone.
    """
    import numpy as np

    from ..i18n import gettext
    from .unverified_why import CANDIDATE_VALUE, unverified_reasons

    fw = result.framework
    gate = fw.gates[k]
    if gate.limit is None or fw.unverified_limits != "exclude" or result.gate_state(i, k) != "unknown":
        return ""
    row = result.frame.iloc[[i]]
    if not np.asarray(gate.limit.unverified(row)).any():
        return ""
    j = [n.id for n in fw.indicators].index(gate.indicator)
    applied = [int(result.applied_versions(j)[i])]
    return unverified_reasons(gate.limit.threshold.versions, applied, row, lang)[0] or gettext(CANDIDATE_VALUE, lang)


def unverified_rows(result: Any, i: int, lang: str, rows: slice | None = None) -> list[dict[str, str]]:
    """The indicators of row ``i`` left out, not scored, because the limit applied there is unverified.

    Each row: ``id``, ``label`` and ``regulation_text`` (the regulation version whose limit is
    unverified, named with its id, and why when it is its being in force that is unverified), for
    the reports that list no regulation table. ``rows``: the village-years the report shows, when
    not all (:func:`~villagescore.unverified.left_out_in_row`).
    """
    from ..unverified import left_out_in_row

    return [{"id": node.id, "label": label(node.indicator.label, lang, node.id),
             "regulation_text": in_force_unverified_reason(version.regulation, result.frame, i, lang)
             or regulation_text(version.regulation, lang)}
            for node, version in left_out_in_row(result, i, rows)]


def transition_fields(result: Any) -> dict[str, Any]:
    """The fields transitional rules name, by id, as :func:`~.framework_doc.transition_text` reads them (labels)."""
    from types import SimpleNamespace

    return {k: SimpleNamespace(label=v) for k, v in (getattr(result, "field_labels", None) or {}).items()}


def regulation_text(regulation: Any, lang: str) -> str:
    """A regulation version as the reports name it: ``Nghị định 52/2018/NĐ-CP … (decree-52-2018)``."""
    return f"{document_name(regulation.document, lang, regulation.title)} ({regulation.id})"


def unverified_notice(result: Any, lang: str) -> str:
    """The report-level notice of the policy for unverified limits (``provenance.unverified_limits``), or ``""``.

    Under ``exclude``: which indicators were left out, not scored, and in how many village-years,
    and the pillars whose scores leave them out; under ``score`` chosen for the run: that unverified
    limits were scored against.
    """
    entry = (getattr(result, "provenance", None) or {}).get("unverified_limits") or {}
    if entry.get("policy") == "score":
        return t("unverified_notice_score", lang)
    left = entry.get("left_out") or {}
    if entry.get("policy") != "exclude" or not left:
        return ""
    nodes = {n.id: n for n in result.framework.indicators}
    items = ", ".join(f"{label(nodes[k].indicator.label, lang, k) if k in nodes else k} ({k}) ×"
                      f"{format_integer(v, lang)}" for k, v in left.items())
    pillars = {getattr(nodes[k], "pillar", None) for k in left if k in nodes}  # a stored result's nodes have none
    where = ", ".join(f"{label(p.label, lang, p.id)} ({p.id})" for p in getattr(result.framework, "pillars", ())
                      if p.id in pillars)
    return t("unverified_notice_exclude", lang, n=format_integer(sum(left.values()), lang), items=items) + \
        (" " + t("unverified_notice_pillars", lang, pillars=where) if where else "")


def left_out_mark(result: Any, i: int, pillar: str, lang: str) -> str:
    """`` ⚠ 4 left out (limit unverified)`` beside a pillar's coverage at row ``i`` (``""``: none left out there).

    Its score and coverage leave those indicators out (:mod:`villagescore.unverified`): the mark
    says so, so that a score clearing a minimum only without them is not read as fully covered.
    """
    masks = getattr(result.matrix, "limit_unverified", None) or {}
    indicators = result.framework.indicators
    n = sum(1 for j, mask in masks.items() if bool(mask[i]) and getattr(indicators[j], "pillar", None) == pillar)
    return f" ⚠ {t('unverified_left_out_mark', lang, n=format_integer(n, lang))}" if n else ""


def unverified_policy_text(entry: Any, lang: str) -> str:
    """``exclude``/``score`` in words with the code beside, and where it came from (framework or option)."""
    policy = str((entry or {}).get("policy") or "")
    source = str((entry or {}).get("source") or "framework")
    return f"{t('unverified_policy.' + policy, lang)} ({policy}; {t('unverified_source.' + source, lang)})"


def _left_out(result: Any, i: int) -> set[str]:
    """The indicators left out at row ``i`` because their limit is unverified (by id)."""
    masks = getattr(result.matrix, "limit_unverified", None) or {}
    indicators = result.framework.indicators
    return {indicators[j].id for j, mask in masks.items() if bool(mask[i])}


class _RowCells(dict):
    """The cells of row ``i`` of ``frame`` as text (``str``), each column read once: ``cells[column]``."""

    def __init__(self, frame: Any, i: int) -> None:
        super().__init__()
        self.frame, self.i = frame, i

    def __missing__(self, column: str) -> str | None:
        self[column] = str(self.frame[column].iloc[self.i]) if column in self.frame.columns else None
        return self[column]


def _confidence(limit: Any, cells: _RowCells) -> str:
    """The confidence of ``limit`` for the row of ``cells``: a limit by field takes the one of the row's value."""
    if limit.by_field and cells[limit.by_field] is not None:
        chosen = limit.values.get(cells[limit.by_field])
        if chosen and chosen.get("confidence"):
            return str(chosen["confidence"])
    return str(limit.confidence)


def change_note(result: Any, now: list[dict[str, Any]], before: list[dict[str, Any]], lang: str
                ) -> dict[str, str] | None:
    """What a change between two years of a village mixes besides the village: regulation versions, indicator sets.

    ``now`` and ``before``: the two village dicts' ``indicators``. ``text`` names the indicators scored
    in both years against different regulation versions (with both versions), and those scored in one
    year only (a version kept for an indicator left out is not a version change); ``short`` counts them
    (for a one-page fact sheet). ``None`` when there are none.
    """
    from ..i18n import N_, gettext

    nodes = {n.id: n for n in result.framework.indicators}

    def named(x: str) -> str:
        return f"{label(nodes[x].indicator.label, lang, x)} ({x})" if x in nodes else x

    def version(x: str, applied: Any) -> str:
        rid = (applied or {}).get("id")
        found = next((v.regulation for v in nodes[x].threshold.versions if v.regulation.id == rid), None) \
            if x in nodes and nodes[x].threshold is not None else None
        return regulation_text(found, lang) if found else rid or t("regulation_none_in_force", lang)

    earlier = {ind["id"]: ind for ind in before}
    versions, scored_once = [], []
    for ind in now:
        old = earlier.get(ind["id"])
        if old is None:
            continue
        a, b = (old.get("regulation") or {}).get("id"), (ind.get("regulation") or {}).get("id")
        both_scored = ind["status"] == "scored" and old["status"] == "scored"
        if both_scored and "regulation" in ind and "regulation" in old and a != b:
            versions.append(f"{named(ind['id'])}: {version(ind['id'], old['regulation'])} → "
                            f"{version(ind['id'], ind['regulation'])}")
        if (ind["status"] == "scored") != (old["status"] == "scored"):
            scored_once.append(named(ind["id"]))
    if not versions and not scored_once:
        return None
    parts = []
    if versions:
        parts.append(gettext(N_("scored against different regulation versions in the two years: {list}"),
                             lang).format(list="; ".join(versions)))
    if scored_once:
        parts.append(gettext(N_("scored in only one of the two years: {list}"), lang).format(
            list=", ".join(scored_once)))
    text = gettext(N_("Part of this change comes from the rules, not only from the village — {parts}"),
                   lang).format(parts="; ".join(parts))
    short = gettext(N_("§ Part of the change comes from the rules: {versions} indicator(s) scored against another "
                       "regulation version, {once} scored in one year only (the full report names them)"),
                    lang).format(versions=format_integer(len(versions), lang), once=format_integer(len(scored_once),
                                                                                                  lang))
    return {"text": text, "short": short}
