"""Plain view models of a Result for the document reporters (HTML, Markdown, XLSX).

Each function turns the Result's documented dict form into the few numbers and labels a
report shows, in one language: the village's identity, overall score and rating, pillar
and criterion scores, the mandatory rules that failed, the weakest indicators, data
coverage and provenance. Nothing here computes or changes a score; it only selects,
labels and formats. Numbers are formatted the Vietnamese way in ``vi`` (``54,8``;
``4.500.000``) and the English way in ``en``.
"""

from __future__ import annotations

from typing import Any

from ..i18n import (
    estimates_text,
    format_gain,
    format_integer,
    format_number,
    format_percent,
    format_value,
    format_weight,
    label,
    labelled,
    t,
)
from ..i18n.numbers import is_missing as _is_missing
from ..places import former_units, province_text
from ..published import format_decisive, format_scores, tier_minimums
from .command_line import options_text
from .gate_rules import NOT_SHOWN, rule_text
from .notices import (
    NOTICE_KEYS,
    estimates_notice,
    gate_counts,
    gate_why,
    left_out_notice,
    report_notices,
    report_words,
    unscored_in_rows,
    unscored_notice,
    unscored_text,
)
from .provenance_rows import kind_text, provenance_rows, status_text
from .regulations import change_note, gate_unverified_why, left_out_mark, regulation_rows, unverified_rows

__all__ = ["tr", "fmt_num", "fmt_pct", "fmt_value", "village_view", "report_view", "provenance_rows",
           "options_text", "previous_rows", "kind_text", "status_text", "value_and_unit", "rule_text", "sectors_text",
           "estimates_notice", "left_out_notice", "unscored_notice"]

def tr(key: str, lang: str, **fmt: Any) -> str:
    """The report word ``key`` in ``lang`` (:func:`villagescore.i18n.t`), formatted with ``fmt``."""
    return t(key, lang, **fmt)


def fmt_num(x: Any, digits: int = 1, lang: str = "en") -> str:
    """A number for people in ``lang`` (:func:`villagescore.i18n.format_number`)."""
    return format_number(x, digits, lang)


def fmt_value(x: Any, lang: str) -> str:
    """A raw indicator value in ``lang`` (:func:`villagescore.i18n.format_value`)."""
    return format_value(x, lang)


def value_and_unit(result: Any, indicator_id: str, value: Any, unit: str | None, lang: str) -> tuple[str, str]:
    """An indicator's value and unit as a person reads them.

    A category code the catalogue labels is shown as ``label (code)`` without a unit; a
    yes/no value as the word (``có`` / ``yes``); anything else as a number in ``lang`` with
    the translated unit.
    """
    from ..i18n import labelled, unit_label

    labels = (getattr(result, "value_labels", None) or {}).get(indicator_id) or {}
    if isinstance(value, str) and value in labels:
        return labelled(value, labels[value], lang), ""
    if unit == "bool" and value in (0, 1):
        return t("yes" if value else "no", lang), ""
    return format_value(value, lang), unit_label(unit or "", lang)


def sectors_text(result: Any, ids: list[str], lang: str) -> str:
    """A village's sectors, each by its label with the id beside it (``Dệt, nhuộm (khăn bông, lụa) (weaving)``)."""
    labels = getattr(result, "sector_labels", {}) or {}
    return ", ".join(labelled(s, labels.get(s), lang) for s in ids) or t("none", lang)


def fmt_pct(share: Any, lang: str, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage in ``lang`` (:func:`villagescore.i18n.format_percent`)."""
    return format_percent(share, lang, digits)


def previous_rows(result: Any, first: int | None = None) -> list[int | None]:
    """For every row (the ``first`` ones only, when given), the row of the same village's latest earlier year.

    ``None`` where there is none. Village ids are compared as text (``str``).
    """
    import numpy as np
    import pandas as pd

    frame = result.frame
    rows = _rows_of_villages(frame["village_id"], first)
    ids, _ = pd.factorize(np.asarray([str(x) for x in frame["village_id"].to_numpy(dtype=object)[rows].tolist()],
                                     dtype=object))
    years = frame["year"].to_numpy(dtype=np.int64)[rows]
    order = np.lexsort((years, ids))  # each village's rows together, by year (stable: ties keep file order)
    before, after = order[:-1], order[1:]
    follows = (ids[before] == ids[after]) & (years[before] < years[after])
    out = np.full(len(frame), -1, dtype=np.int64)
    out[rows[after[follows]]] = rows[before[follows]]
    return [None if r < 0 else r for r in out[:first].tolist()]


def _rows_of_villages(ids: Any, first: int | None) -> Any:
    """The rows of the villages of the ``first`` rows (every row when ``None``), in file order.

    Only when every id is a ``str`` (as read from a file): then equal text is an equal value.
    """
    import numpy as np

    values = ids.to_numpy(dtype=object)
    if first is None or first >= len(values) or set(map(type, values.tolist())) != {str}:
        return np.arange(len(values))
    return np.flatnonzero(ids.isin(set(values[:first].tolist())).to_numpy())


def _plan(result: Any, i: int, lang: str, given: Any = None) -> dict[str, Any] | None:
    """The improvement plan of row ``i``: ``given``, else the one the command attached to ``result.plans``.

    ``given`` is the ``plan`` mapping of :meth:`villagescore.explain.Explanation.to_dict`
    (or a list of its steps). Reports never compute a plan.
    """
    plan = given if given is not None else getattr(result, "plans", {}).get(i)
    return _plan_view(plan, lang, result)


def _plan_view(plan: Any, lang: str, result: Any) -> dict[str, Any] | None:
    """The rows of a plan: values and unit as :func:`value_and_unit` shows them (``đồng/tháng``; ``label (code)``)."""
    if plan is None:
        return None
    steps = plan.get("steps") if isinstance(plan, dict) else plan
    if not steps:
        return None
    nodes = {n.id: n for n in result.framework.indicators}
    gates = {g.id: g for g in result.framework.gates}
    rows = []
    for step in steps:
        if not isinstance(step, dict):
            continue
        ind = str(step.get("indicator") or "")
        node = nodes.get(ind)
        measures = [m.get("label") or m.get("id") if isinstance(m, dict) else str(m)
                    for m in step.get("measures") or []]
        gate = gates.get(step.get("gate") or "")
        unit = str(step.get("unit") or (node.indicator.unit if node else ""))
        current, unit_now = value_and_unit(result, ind, step.get("current", step.get("from")), unit, lang)
        target, unit_then = value_and_unit(result, ind, step.get("target", step.get("to")), unit, lang)
        rows.append({
            "indicator": str(step.get("label") or (label(node.indicator.label, lang, ind) if node else ind)),
            "current": current,
            "target": target,
            "unit": unit_now or unit_then,
            "gain": format_gain(step.get("gain", step.get("overall_gain")), lang),  # as explain and serve show it
            "action": ((tr("plan_record_score", lang) + "; " if step.get("reason") == "record" and gate is None else "")
                       + str(step.get("action") or "; ".join(str(m) for m in measures) or step.get("no_measure")
                             or "")),
            "gate": label(gate.label, lang, gate.id) if gate is not None else "",
            # a missing value is to be recorded (the rule is not judged without it), not fixed
            "gate_word": tr("plan_record" if step.get("reason") == "record" else "plan_gate", lang),
        })
    if not rows:
        return None
    target = plan.get("target_label") if isinstance(plan, dict) else None
    reached = plan.get("reached") if isinstance(plan, dict) else None
    summary = ""
    if target:
        summary = tr("plan_reaches" if reached else "plan_short_of", lang, target=target, n=len(rows))
    return {"rows": rows, "summary": summary}


def village_view(result: Any, i: int, lang: str, *, weakest: int = 5, previous: int | None = None,
                 cache: Any = None, plan: Any = None, unscored: Any = None) -> dict[str, Any]:
    """Return what a report shows about row ``i``: identity, scores, gates, weakest indicators, coverage.

    ``previous`` is the row of an earlier year of the same village (its pillar scores are
    shown beside the current ones); ``cache`` is the Result's per-indicator arrays when
    many rows are rendered (computed once, see :func:`report_view`); ``plan`` is an
    improvement plan of this row (see :func:`_plan`); ``unscored`` the values of row ``i``
    given but not scored for an unknown limit (:func:`~villagescore.reports.notices.unscored_in_rows`;
    found here when not given). A gate in ``gates_fired`` has its ``status``: ``unknown`` when
    its limit is unknown there, ``missing`` when it has no value (it caps the rating, but it did
    not fail: its ``why`` says so); ``gates_failed`` and ``gates_not_judged`` split them.
    """
    fw = result.framework
    v = result.village_dict(i, lang=lang, cache=cache)
    prev = result.village_dict(previous, lang=lang, cache=cache) if previous is not None else None
    nodes = {n.id: n for n in fw.indicators}
    pillar_labels = {p.id: label(p.label, lang, p.id) for p in fw.pillars}
    pillars = []
    for p in fw.pillars:
        cell = v["pillars"][p.id]
        pillars.append({
            "id": p.id, "label": pillar_labels[p.id], "score": cell["score"],
            "score_text": format_decisive(cell["score"], tier_minimums(fw, p.id), lang), "coverage": cell["coverage"],
            "coverage_text": fmt_pct(cell["coverage"], lang) + left_out_mark(result, i, p.id, lang),
            "status": cell["status"],
            "status_text": tr(cell["status"], lang),
            "previous": None if prev is None else prev["pillars"][p.id]["score"],
            "previous_text": "" if prev is None else format_decisive(prev["pillars"][p.id]["score"],
                                                                     tier_minimums(fw, p.id), lang),
        })
    criteria = []
    for c in fw.criteria:
        cell = v["criteria"][c.id]
        criteria.append({
            "id": c.id, "label": label(c.label, lang, c.id), "pillar": c.pillar,
            "pillar_label": pillar_labels.get(c.pillar, c.pillar), "score": cell["score"],
            "score_text": fmt_num(cell["score"], 1, lang), "coverage_text": fmt_pct(cell["coverage"], lang),
            "status": cell["status"], "status_text": tr(cell["status"], lang),
        })
    gates_by_id = {g.id: g for g in fw.gates}
    fired = []
    for k, g in enumerate(v["gates"]):
        if not g["fired"]:
            continue
        gate = gates_by_id[g["id"]]
        node = nodes.get(g["indicator"])
        # a gate whose limit is unknown there: the framework's rule (its versions and when each is in
        # force) beside the reason, rather than the reason twice
        applied = NOT_SHOWN if g["status"] == "unknown" else g.get("limit", NOT_SHOWN)
        fired.append({
            "id": g["id"], "label": label(gate.label, lang, g["id"]), "indicator": g["indicator"],
            "indicator_label": label(node.indicator.label, lang, g["indicator"]) if node else g["indicator"],
            "rule": rule_text(gate, lang, applied, g.get("limit_regulation")), "cap": g["cap"],
            "cap_label": label(fw.tier(g["cap"]).label, lang, g["cap"]), "status": g["status"],
            "why": gate_why(g["status"], lang, gate_unverified_why(result, i, k, lang)),
        })
    scored = [ind for ind in v["indicators"] if ind["status"] == "scored"]
    scored.sort(key=lambda ind: (ind["score"], -(ind["weight"] or 0), ind["id"]))
    regulations = regulation_rows(result, i, v["indicators"], lang)
    unchecked = {r["id"] for r in regulations if r["confidence"] == "unverified"}  # scored against one: marked ⚠
    weak = []
    for ind in scored[:weakest]:
        node = nodes[ind["id"]]
        shown, unit = value_and_unit(result, ind["id"], ind["value"], ind["unit"], lang)
        weak.append({
            "id": ind["id"], "label": label(node.indicator.label, lang, ind["id"]), "pillar": ind["pillar"],
            "pillar_label": pillar_labels.get(ind["pillar"], ind["pillar"]),
            "value_text": shown, "unit": unit,
            "score_text": fmt_num(ind["score"], 1, lang), "weight_text": format_weight(ind["weight"], lang),
            "unverified": ind["id"] in unchecked,
        })
    unscored = (unscored_in_rows(result, slice(i, i + 1)) if unscored is None else unscored).get(i, {})
    not_scored = [dict(id=ind["id"], label=label(nodes[ind["id"]].indicator.label, lang, ind["id"]),
                       text=unscored_text(*unscored[ind["id"]], lang))
                  for ind in v["indicators"] if ind["status"] == "missing" and ind["id"] in unscored]
    missing = [ind for ind in v["indicators"] if ind["status"] == "missing" and ind["id"] not in unscored]
    n_na = sum(1 for ind in v["indicators"] if ind["status"] == "not_applicable")
    overall = v["overall"]
    return {
        "village_id": v["village_id"], "name": v["name"] or v["village_id"], "commune": v["commune"] or "",
        "province": v["province"] or "", "province_text": province_text(v, lang),
        "former_units": former_units(v, lang), "former_commune": v["former_commune"] or "",
        "former_district": v["former_district"] or "", "former_province": v["former_province"] or "",
        "sectors": v["sectors"],
        "sectors_text": sectors_text(result, v["sectors"], lang), "year": v["year"],
        "anchor": f"v-{v['village_id']}-{v['year']}",
        "overall": {
            "score": overall["score"], "score_text": format_decisive(overall["score"], tier_minimums(fw), lang),
            "rating": overall["rating"], "rating_label": overall["rating_label"] or "—",
            "coverage_text": fmt_pct(overall["coverage"], lang),
        },
        "previous": None if prev is None else {
            "year": prev["year"], "score_text": format_decisive(prev["overall"]["score"], tier_minimums(fw), lang),
            "rating": prev["overall"]["rating"], "rating_label": prev["overall"]["rating_label"] or "—",
            "delta_text": _delta(overall["score"], prev["overall"]["score"], lang),
            "note": change_note(result, v["indicators"], prev["indicators"], lang),  # rules, indicators
        },
        "pillars": pillars,
        "criteria": criteria,
        "gates_fired": fired,  # failed, then not judged (limit unknown, or no data) though they cap the rating
        "gates_failed": [g for g in fired if not g["why"]],
        "gates_not_judged": [g for g in fired if g["why"]],
        "weakest": weak,
        "regulations": regulations,
        "unverified": [dict(r, text=tr("limit_unverified", lang), heading=tr("limit_unverified_heading", lang))
                       for r in unverified_rows(result, i, lang, _cached_rows(result, cache))],
        "coverage": {
            "scored": len(scored), "missing": len(missing), "not_applicable": n_na,
            "total": len(v["indicators"]),
            "missing_labels": [label(nodes[ind["id"]].indicator.label, lang, ind["id"]) for ind in missing],
            "missing_ids": [ind["id"] for ind in missing], "unscored": not_scored,
            "unscored_groups": [{"text": text, "items": [u for u in not_scored if u["text"] == text]}
                                for text in dict.fromkeys(u["text"] for u in not_scored)],
        },
        "plan": _plan(result, i, lang, plan),
        "estimates": estimates_text(v.get("estimates"), lang),
        "estimates_warning": bool((v.get("estimates") or {}).get("warning")),
    }


def _cached_rows(result: Any, cache: Any) -> slice | None:
    """The village-years ``cache`` (:meth:`~villagescore.results.Result.per_indicator`) covers, when not all."""
    return slice(0, len(cache[0])) if cache is not None and len(cache[0]) < len(result) else None


def _delta(now: Any, before: Any, lang: str) -> str:
    """The change shown beside the two scores: from the scores as shown (``37,1 → 52,8``: ``+15,7``)."""
    from ..i18n import format_change

    return format_change(now, before, 1, lang)


def _plans_note(rows: int, omitted: int, lang: str) -> str | None:
    """What the report says of plans left out: none at all (``villagescore explain``), the first ones, or nothing."""
    if not omitted:
        return None
    if omitted >= rows:
        return tr("plans_none", lang)
    return tr("plans_limited", lang, shown=format_integer(rows - omitted, lang), omitted=format_integer(omitted, lang))


def report_view(result: Any, lang: str, *, max_profiles: int = 200, weakest: int = 5,
                plans: Any = None, national: bool = False) -> dict[str, Any]:
    """Return the whole report's view: framework, one summary row per village-year, profiles.

    Profiles (the detailed page of one village-year) are built for the first
    ``max_profiles`` rows only; the summary table always lists every row, unless
    ``national`` and the result has :data:`~villagescore.reports.national.SUMMARY_LIMIT`
    village-years or more: then ``national`` holds the national summary instead, and
    profiles are shown for the first :data:`~villagescore.reports.national.NATIONAL_PROFILES`. ``plans`` maps
    row numbers to improvement plans (the ``plan`` of
    :meth:`villagescore.explain.Explanation.to_dict`).
    """
    from .national import NATIONAL_PROFILES, SUMMARY_LIMIT, national_view

    fw = result.framework
    summarised = None
    if national and len(result) >= SUMMARY_LIMIT:  # a national summary instead of one row per village-year
        summarised = national = national_view(result, lang, frame=result.summary_frame(lang=lang))
        max_profiles = min(max_profiles, NATIONAL_PROFILES)
        summarised["note"] = tr("national_note", lang, total=format_integer(len(result), lang),
                              limit=format_integer(SUMMARY_LIMIT, lang),
                              shown=format_integer(min(max_profiles, len(result)), lang))
    frame = (summarised.pop("frame") if summarised else result.summary_frame(lang=lang)).iloc[
        :0 if summarised else len(result)]
    n_failed, n_not_judged = (gate_counts(result) if len(fw.gates) and not summarised
                              else ([0] * len(result), [0] * len(result)))
    columns = {c: frame[c].tolist() for c in frame.columns}
    scores = format_scores(frame["overall_score"], tier_minimums(fw), lang)  # 79.96 beside a tier of 80, not 80.0
    pillar_scores = [format_scores(frame[f"{p.id}_score"], tier_minimums(fw, p.id), lang) for p in fw.pillars]
    summary = []
    for i in range(len(frame)):
        vid, year = str(columns["village_id"][i]), int(columns["year"][i])
        name = columns["name"][i]
        summary.append({
            "anchor": f"v-{vid}-{year}", "village_id": vid,
            "name": vid if _is_missing(name) else str(name),
            "province": "" if _is_missing(columns["province"][i]) else str(columns["province"][i]),
            "year": year, "score_text": scores[i],
            "rating_label": "—" if _is_missing(columns["rating_label"][i]) else str(columns["rating_label"][i]),
            "rating": None if _is_missing(columns["rating"][i]) else str(columns["rating"][i]),
            "pillars": [shown[i] for shown in pillar_scores],
            "gates": int(n_failed[i]), "gates_not_judged": int(n_not_judged[i]), "has_profile": i < max_profiles,
        })
    shown = min(len(result), max_profiles)
    previous = previous_rows(result, shown)
    cache = result.per_indicator(slice(0, shown)) if shown else None  # only the rows with a profile
    plans = plans if plans is not None else result.plans
    unscored_rows = unscored_in_rows(result, slice(0, shown)) if shown else {}
    profiles = [village_view(result, i, lang, weakest=weakest, previous=previous[i], cache=cache,
                             plan=plans.get(i), unscored=unscored_rows)
                for i in range(min(len(result), max_profiles))]
    notices = report_notices(result, lang)
    said = {n.key: n for n in notices}  # each by its own key too, as templates written before the list read them
    return {
        "lang": lang,
        "title": tr("report_title", lang),
        "framework": {"id": fw.id, "version": fw.version, "title": label(fw.title, lang, fw.id),
                      "status": fw.status, "status_text": status_text(fw.status, lang) if fw.status else ""},
        "pillar_labels": [label(p.label, lang, p.id) for p in fw.pillars],
        "pillar_ids": [p.id for p in fw.pillars],
        "summary": summary,
        "gates_not_judged": any(row["gates_not_judged"] for row in summary),  # a column of its own then
        "national": summarised,
        "profiles": profiles,
        "limited": " ".join(note for note in (
            None if len(result) <= max_profiles or summarised else tr(
                "profiles_limited", lang, shown=format_integer(max_profiles, lang),
                total=format_integer(len(result), lang)),
            _plans_note(len(result), result.plans_omitted, lang)) if note) or None,
        "notices": [n.to_dict() for n in notices],
        **{f"{key}_notice": said[key].text if key in said else "" for key in NOTICE_KEYS},
        "unscored_items": list(said["unscored"].items) if "unscored" in said else [],
        "words": report_words(lang),
        "estimates_unknown": getattr(result, "estimated", None) is None,
        "provenance": provenance_rows(result.provenance, lang, result.framework.missing),
    }
