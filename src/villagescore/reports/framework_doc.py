"""Render a framework as a Markdown reference (``villagescore framework show --format md``).

The committed ``docs/framework.md`` is this output (in English) for the default framework;
a test keeps the two in step. Every word around the framework's own texts is a report word
(``framework_doc.*``) and every number is formatted in the language of the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..i18n import N_, format_date, format_percent, format_value, label, labelled, t, unit_label
from ..i18n.legal import document_name, legal_words_vi, limit_text, provision_text
from .markdown import md_text

__all__ = ["framework_markdown", "framework_provenance_rows", "provenance_lines", "PROVENANCE_HEADING",
           "threshold_text", "confidence_mark", "in_force_unverified_text", "gate_indicator", "method_text",
           "weight_text",
           "pillar_minimums", "pillar_share", "criterion_share", "coverage_text", "sector_names"]

#: The heading of the page's closing section (:func:`provenance_lines`) and the tree's last branch.
PROVENANCE_HEADING = N_("Provenance of the criteria set: the engine, files, hashes and plugins it rests on")


def confidence_mark(confidence: str | None, lang: str = "en") -> str:
    """A visible mark for values that are not verified in a primary source (``""`` for verified ones)."""
    if confidence not in ("secondary", "unverified", "estimate"):
        return ""
    return " " + t(f"framework_doc.mark.{confidence}", lang)


def threshold_text(node: Any, lang: str = "en", fields: Mapping[str, Any] | None = None) -> str:
    """Describe an indicator's threshold with its citation and confidence (each regulation version in turn).

    ``fields``: the registered fields by id; a limit by category then names its field and
    categories by label with the id beside them (``theo <label> (<field id>)``).
    """
    th = node.threshold
    if th is None:
        return ""
    # the limit bounds the value from the side its direction rewards: a maximum (≤) when lower is better,
    # a minimum (≥) when higher is (a wage floor, the poverty line, the 20 % of craft households)
    bound = "≥" if getattr(node.indicator, "direction", "lower") == "higher" else "≤"
    return "; ".join(_version_text(v, lang, bound, fields or {}) for v in th.versions)


def _validity(reg: Any, lang: str) -> str:
    text = validity_text(reg.valid_from, reg.valid_to, lang)
    unsure = in_force_unverified_text(reg, lang)
    return f"{text} (⚠ {unsure})" if unsure else text


def in_force_unverified_text(regulation: Any, lang: str) -> str:
    """That a version's being in force after its ``in_force_verified_to`` was not verified, and why (``""``: none).

    Said wherever such a version is cited: its limits count as unverified on a later date.
    """
    from ..i18n import gettext

    last = regulation.in_force_verified_to
    if not last:
        return ""
    if regulation.replaced_by:
        text = gettext(N_("in force after {date} not verified: its successor ({successor}) was issued and its "
                          "effective date is not known, so its limits count as unverified after that day"), lang)
        return text.format(date=format_date(last, lang), successor=regulation.replaced_by)
    return gettext(N_("in force after {date} not verified, so its limits count as unverified after that day"),
                   lang).format(date=format_date(last, lang))


def validity_text(start: str | None, end: str | None, lang: str) -> str:
    """When a regulation is in force, as people write it: ``01/06/2015 → 31/08/2025``, ``… → còn hiệu lực``."""
    return t("framework_doc.range", lang, start=format_date(start, lang) if start else "…",
             end=format_date(end, lang) if end else t("framework_doc.in_force", lang))


def transition_text(regulation: Any, lang: str, fields: Mapping[str, Any] | None = None) -> str:
    """A regulation's transitional rule, as the validity line and the reports say it (``""`` without one).

    ``transitional to 31/12/2031 where 'FIELD' is yes (Circular 06/2025/TT-BTNMT art. 3 …)``; the
    field by its label with the id beside it when ``fields`` (registered fields by id) has it.
    """
    from ..i18n import N_, gettext

    rule = regulation.transition
    if not rule:
        return ""
    fld = (fields or {}).get(rule["field"])
    field = labelled(rule["field"], fld.label, lang) if getattr(fld, "label", None) else f"'{rule['field']}'"
    text = gettext(N_("transitional to {until} where {field} is yes"), lang).format(
        until=format_date(rule["until"], lang), field=field)
    return f"{text} ({provision_text(rule['provision'], lang)})" if rule.get("provision") else text


def _version_text(version: Any, lang: str, bound: str = "≤", fields: Mapping[str, Any] | None = None) -> str:
    reg, lim = version.regulation, version.limit
    unit = unit_label(lim.unit or "", lang)
    if lim.by_field is None:
        limit = f"{format_value(lim.value, lang)} {unit}".strip()
        col = f", {limit_text(lim.column, lang)}" if lim.column else ""
    else:
        fld = (fields or {}).get(lim.by_field)
        names = getattr(fld, "category_labels", None) or {}
        parts = [f"{labelled(k, names.get(k), lang)}: {format_value(v['value'], lang)}" for k, v in lim.values.items()]
        field = labelled(lim.by_field, getattr(fld, "label", None), lang)
        limit = f"{' / '.join(parts)} {unit} {t('framework_doc.by_field', lang, field=field)}"
        col = ""
    valid = ""
    if reg.valid_from or reg.valid_to or reg.in_force_verified_to:
        valid = ", " + t("framework_doc.valid", lang, range=_validity(reg, lang))
        valid += f"; {transition_text(reg, lang, fields)}" if reg.transition else ""
    prov = f" {provision_text(lim.provision, lang)}" if lim.provision else ""
    document = document_name(reg.document, lang, reg.title) if lang == "vi" else reg.document
    mark = confidence_mark(lim.confidence, lang)
    return f"{limit_text(lim.parameter, lang)} {bound} {limit} — {document}{prov}{col}{valid}{mark}"


def _status(status: str | None, lang: str) -> str:
    """A framework's status in ``lang`` with its code beside it (``dự thảo (draft)``); the code alone in English."""
    if not status:
        return t("framework_doc.na", lang)
    from .provenance_rows import status_text

    text = status_text(status, lang)
    return f"{text} ({status})" if text != status else status


def method_text(method: Any, lang: str) -> str:
    """A scorer or aggregator by its label with its name beside it (its name alone when it declares no label)."""
    return labelled(method.name, method.label, lang) if getattr(method, "label", None) else method.name


def weight_text(weight: float, lang: str) -> str:
    """``trọng số 0,3`` / ``weight 0.3``."""
    return t("framework_doc.weight", lang, weight=format_value(weight, lang))


def gate_indicator(fw: Any, gate: Any, lang: str) -> str:
    """The gate's indicator by its label with the id beside it."""
    try:
        ind = fw.indicator_node(gate.indicator).indicator
    except (KeyError, LookupError, ValueError):
        return gate.indicator
    return labelled(gate.indicator, ind.label, lang)


def pillar_minimums(fw: Any, tier: Any, lang: str) -> list[str]:
    """What a tier asks of the pillars: ``every pillar ≥ 45`` and each named one, ``Label (id) ≥ 70``.

    ``min_pillar_score`` applies to every pillar, ``min_pillar_scores`` to the pillars it names
    (both may apply); empty when the tier asks nothing of them.
    """
    out = [] if tier.min_pillar_score is None else [
        t("framework_doc.every_pillar", lang, score=format_value(tier.min_pillar_score, lang))]
    pillars = {p.id: p for p in fw.pillars}
    for pid, score in (tier.min_pillar_scores or {}).items():
        name = labelled(pid, pillars[pid].label, lang) if pid in pillars else pid
        out.append(f"{name} ≥ {format_value(score, lang)}")
    return out


def _param_value(v: Any, lang: str) -> str:
    """A scorer parameter with its numbers in ``lang``; items split by ``;`` (a number may hold a comma)."""
    sep = "; "
    if isinstance(v, dict):
        return "{" + sep.join(f"{_line(str(k))}: {_param_value(x, lang)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + sep.join(_param_value(x, lang) for x in v) + "]"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_value(v, lang)
    return _line(str(v))  # a category or text from the file


#: Scorer parameters that have a word of their own in the reports (report words ``framework_doc.param.<name>``).
_PARAM_WORDS = frozenset({"edges", "scores", "closed", "worst", "best", "low", "high", "zero_below", "zero_above"})


def _fmt_params(params: dict, lang: str, categories: Mapping[str, Any] | None = None) -> str:
    """A scorer's parameters in ``lang``: ``edges=[30; 60]`` in English, ``các mốc (edges): [30; 60]`` in Vietnamese.

    In Vietnamese a parameter's word carries its name beside it.

    ``categories``: the labels of the scored field's categories, so that category scores read
    ``label (id): score``; ``closed`` says which end of a band it holds in words.
    """
    parts = []
    for key, v in params.items():
        if key == "scores" and isinstance(v, dict):
            value = "{" + "; ".join(f"{_line(labelled(code, (categories or {}).get(code), lang))}: "
                                    f"{_param_value(x, lang)}"
                                    for code, x in v.items()) + "}"
        elif key == "closed" and v in ("left", "right"):
            value = t(f"framework_doc.closed.{v}", lang)
        else:
            value = _param_value(v, lang)
        name = t(f"framework_doc.param.{key}", lang) if key in _PARAM_WORDS else _line(str(key))
        parts.append(t("framework_doc.param_pair", lang, name=name, value=value))
    return "; ".join(parts)


#: A code span of a framework text (`villagescore sensitivity`): shown as written, so kept; elsewhere escaped.
#: Only a true CommonMark span: a backtick run closed by the next run of the same length (`` a`b ``); a run
#: left unclosed (`<img>``) is text, which a viewer would render, so it is escaped.
_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")


def _line(text: str, *, cell: bool = False) -> str:
    """A text from a framework file, escaped (:func:`~villagescore.reports.markdown.md_text`) on one line.

    No HTML or link of the file's reaches the page, and a line break cannot start a heading, a
    list or a table. Its code spans stay (a viewer shows what they hold as written); in a table
    ``cell`` a ``|`` in them is escaped, as it would split the cell.
    """
    text = re.sub(r"\s*[\r\n]+\s*", " ", text)
    out, end = [], 0
    for span in _CODE.finditer(text):
        out += [md_text(text[end:span.start()]), span[0].replace("|", "\\|") if cell else span[0]]
        end = span.end()
    return "".join(out) + md_text(text[end:])


def _block(text: str) -> str:
    """A text from a framework file that opens a line (a note): as :func:`_line`, a leading `#`, `-`, `1.` … escaped."""
    line = _line(text)
    return re.sub(r"^(\d+)(?=[.)])", r"\1\\", "\\" + line if line.startswith(("-", "=", "+", "#")) else line)


def _cell(text: str) -> str:
    """A text from a framework file in a table cell: as :func:`_line` (a ``|`` escaped: it would split the cell)."""
    return _line(text, cell=True)


def _indicator_rows(c: Any, lang: str, fields: Mapping[str, Any], sectors: Mapping[str, Any]) -> list[str]:
    lines = [t("framework_doc.indicator_header", lang), "|---|---|---|---|---|---|---|"]
    for n in c.indicators:
        ind = n.indicator
        name = _cell(label(ind.label, lang))
        of_sectors = _cell(sector_names(n.sectors, sectors, lang)) or t("framework_doc.all_sectors", lang)
        scored = fields.get(ind.requires[0]) if len(ind.requires) == 1 else None
        params = _fmt_params({k: v for k, v in n.params.items() if k != "limit"}, lang,
                             getattr(scored, "category_labels", None))
        scorer = f"{method_text(n.scorer, lang)}: {params}" if params else method_text(n.scorer, lang)
        unit = _cell(unit_label(ind.unit or "", lang)) or "-"
        lines.append(f"| {name} (`{n.id}`, {unit}) | {_cell(ind.code or '')} | {format_value(n.weight, lang)} | "
                     f"{t('framework_doc.direction.' + str(ind.direction), lang)} | {of_sectors} | {scorer} | "
                     f"{_cell(threshold_text(n, lang, fields))} |")
    return [*lines, ""]


def coverage_text(share: float, lang: str) -> str:
    """A minimum coverage as a percentage, as the shares are: ``50 %``, and ``66,67 %`` for two thirds.

    Two decimals where the percentage is not whole, so that two thirds and 0.67 (``67 %``) read apart.
    """
    whole = round(float(share) * 100, 9).is_integer()
    return format_percent(share, lang, digits=0 if whole else 2)


def pillar_share(fw: Any, p: Any, lang: str) -> str:
    """A pillar's effective weight in the overall score: ``33 %`` (its weight over the pillars' total)."""
    return format_percent(p.weight / (sum(x.weight for x in fw.pillars) or 1), lang)


def criterion_share(p: Any, c: Any, lang: str, sectors: Mapping[str, Any] | None = None) -> str:
    """A criterion's effective weight in its pillar, or the sectors it is added for (``label (id)``).

    The framework's own criteria (``c.sector`` empty: listed in the file, whatever the sectors of
    their indicators) share the pillar among themselves; a sector criterion (one a sector brought
    through ``sector_criteria``) is added for its sector's villages. ``sectors``: the registered
    sectors by id, for their labels (the id alone for a sector not given).
    """
    if not c.sector:
        own = [x for x in p.criteria if not x.sector]
        total = sum(x.weight for x in own) or 1
        return t("framework_doc.generic_share", lang, share=format_percent(c.weight / total, lang))
    return t("framework_doc.sector_share", lang, sectors=sector_names(c.sector.split("+"), sectors, lang))


def sector_names(ids: Any, sectors: Mapping[str, Any] | None, lang: str) -> str:
    """Sectors by label with the id beside (``Dệt, nhuộm (…) (weaving)``); the id alone for a sector not given."""
    return ", ".join(labelled(s, getattr((sectors or {}).get(s), "label", None), lang) for s in ids)


def _criterion_lines(p: Any, lang: str, fields: Mapping[str, Any], sectors: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for c in p.criteria:
        share = criterion_share(p, c, lang, sectors)
        lines += [f"### {_line(label(c.label, lang))} (`{c.id}`) — {weight_text(c.weight, lang)} ({share}), "
                  f"{method_text(c.aggregator, lang)}", ""]
        if c.rationale:
            lines += [f"{t('framework_doc.why', lang)} {_line(label(c.rationale, lang))}", ""]
        lines += _indicator_rows(c, lang, fields, sectors)
    return lines


def framework_markdown(fw: Any, lang: str = "en", fields: Mapping[str, Any] | None = None,
                       sectors: Mapping[str, Any] | None = None, provenance: Mapping[str, Any] | None = None) -> str:
    """Return the framework tree as Markdown: weights, scorers, thresholds, citations, gates, tiers.

    ``fields``: the registered fields by id, so that limits by category name their field and categories;
    ``sectors``: the registered sectors by id, so that sector criteria name their sector by label;
    ``provenance``: what the framework as loaded rests on
    (:meth:`~villagescore.engine.Engine.framework_provenance`), closing the page as
    :func:`provenance_lines` gives it.
    """
    fields = {**(fields or {}), **dict(getattr(fw, "local_fields", None) or {})}
    from .gate_rules import rule_text

    other = "vi" if lang == "en" else "en"
    lines = [f"# {_line(label(fw.title, lang))}", "", f"*{_line(label(fw.title, other))}*", ""]
    lines += [t("framework_doc.meta", lang, id=fw.id, version=fw.version, status=_status(fw.status, lang)),
              t("framework_doc.sha", lang, sha=fw.sha256),
              t("framework_doc.aggregation", lang, aggregator=method_text(fw.aggregator, lang),
                policy=f"{t('framework_doc.policy.' + fw.missing.policy, lang)} ({fw.missing.policy})",
                coverage=coverage_text(fw.missing.min_coverage, lang)),
              t("framework_doc.unverified", lang, policy=f"{t('unverified_policy.' + fw.unverified_limits, lang)} "
                                                           f"({fw.unverified_limits})"), ""]
    for note in fw.document.get("notes", []):
        lines.append(f"> {_block(label(note, lang))}")
        lines.append("")
    for p in fw.pillars:
        lines += [f"## {_line(label(p.label, lang))} (`{p.id}`) — {weight_text(p.weight, lang)} "
                  f"({pillar_share(fw, p, lang)})", ""]
        if p.rationale:
            lines += [f"{t('framework_doc.why', lang)} {_line(label(p.rationale, lang))}", ""]
        lines += _criterion_lines(p, lang, fields, sectors or {})
    lines += [t("framework_doc.gates_heading", lang), "", t("framework_doc.gates_header", lang), "|---|---|---|---|"]
    for g in fw.gates:
        lines.append(f"| {_cell(label(g.label, lang, g.id))} (`{g.id}`) | {_cell(gate_indicator(fw, g, lang))} | "
                     f"{_cell(rule_text(g, lang))} | {_cell(labelled(g.cap, fw.tier(g.cap).label, lang))} |")
    lines += ["", t("framework_doc.tiers_heading", lang), "", t("framework_doc.tiers_header", lang),
              "|---|---|---|"]
    for tier in fw.tiers:
        mp = "; ".join(pillar_minimums(fw, tier, lang)) or "—"
        lines.append(f"| {_cell(label(tier.label, lang))} / {_cell(label(tier.label, other))} (`{tier.id}`) | "
                     f"{format_value(tier.min_score, lang)} | {_cell(mp)} |")
    lines += ["", t("framework_doc.regulations_heading", lang), "", t("framework_doc.regulations_header", lang),
              "|---|---|---|---|---|---|"]
    for reg in fw.regulations.values():
        confidence = t(f"framework_doc.confidence.{reg.confidence}", lang) if reg.confidence else ""
        document = document_name(reg.document, lang, reg.title) if lang == "vi" else reg.document
        issuing_act = legal_words_vi(reg.issuing_act) if lang == "vi" else reg.issuing_act
        mark = confidence_mark(reg.confidence, lang)
        mark = f" ({reg.confidence})" if mark.strip() == f"({confidence})" else mark  # not the same word twice
        lines.append(f"| `{reg.id}` | {_cell(document)} | {_cell(issuing_act)} | {_validity(reg, lang)} | "
                     f"{confidence}{mark} | {_cell(label(reg.note, lang))} |")
    if provenance:
        lines += ["", *provenance_lines(provenance, lang)]
    return "\n".join(lines) + "\n"


def framework_provenance_rows(provenance: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """The (label, text) rows of a framework's provenance, in the words and order a result's report uses.

    The engine, the framework (its lineage, base first, for an overlay; its resolved hash, the one a
    result records) and the plugins the framework uses with their versions and data files' SHA-256
    (sector criteria come from plugins, limits from their regulation files).
    """
    from .provenance_rows import framework_rows, plugins_text

    used = provenance.get("plugins_used") or []
    listed = {p["name"]: p for p in provenance.get("plugins") or []}
    # the plugins the framework uses only: one installed beside them changes nothing on the page
    plugins = [listed.get(name) or {"name": name, "version": "?"} for name in used]
    return [(t("engine_version", lang), str(provenance.get("engine_version", ""))),
            *framework_rows(provenance.get("framework") or {}, lang),
            (t("plugins_used", lang), plugins_text(plugins))]


def provenance_lines(provenance: Mapping[str, Any], lang: str) -> list[str]:
    """The page's closing section: :func:`framework_provenance_rows` as a two-column table under its heading."""
    from ..i18n import gettext

    rows = framework_provenance_rows(provenance, lang)
    return [f"## {gettext(PROVENANCE_HEADING, lang)}", "", "| | |", "|---|---|",
            *(f"| {_cell(name)} | {_cell(text)} |" for name, text in rows)]
