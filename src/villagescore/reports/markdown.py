"""Markdown reports, for documents and e-mail: the same content as the HTML report, as text.

Every text that comes from a data or framework file is escaped with :func:`md_escape`:
table pipes, emphasis and link characters are backslash-escaped and ``<``, ``>``, ``&``
become entities, so a village name can neither break a table nor inject HTML into a
Markdown viewer.
"""

from __future__ import annotations

import re
from typing import Any

from .view import report_view, tr

__all__ = ["render", "md_escape", "md_cell", "md_text", "md_table", "md_code", "score_bar"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
#: A ``]`` that would close a link's text: before its address ``(`` or its reference ``[``.
_LINK_END = re.compile(r"\](?=[(\[])")


def md_escape(text: Any) -> str:
    """Escape ``text`` for Markdown (inline and table cells): no markup, no HTML, one line."""
    value = md_cell(text)
    if value.startswith(("-", "=", "+", "#")):
        value = "\\" + value
    return value


def md_cell(text: Any) -> str:
    """Escape ``text`` for a Markdown table cell (as :func:`md_escape`; ``None`` is empty).

    A cell never starts a line, so a leading ``-``, ``+``, ``=`` or ``#`` (a negative
    difference, a signed gain) is left as it is.
    """
    if text is None:
        return ""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"[\r\n\t]+", " ", _SPECIAL.sub(r"\\\1", value))


def md_text(text: Any) -> str:
    """Escape prose written for a document (a framework's notes, labels, rationales) for Markdown, on one line.

    What would inject HTML or a link is neutralised — ``<``, ``>``, ``&`` become entities, a
    backslash is doubled, ``|`` is escaped, a ``]`` that would close a link (``](``, ``][``) is
    escaped and so is a leading ``[`` (``[x]: url`` opening a line defines a link) — while
    ``[V]``, ``snake_case`` and ``*`` read as written: unlike a village name, such prose is meant
    to be read in the Markdown source too.
    """
    if text is None:
        return ""
    value = str(text).replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = re.sub(r"[\r\n\t]+", " ", _LINK_END.sub(r"\\]", value.replace("|", "\\|")))
    return "\\" + value if value.startswith("[") else value


def md_table(header: list[Any], rows: list[list[Any]]) -> str:
    """A Markdown table whose every cell (header included) is escaped with :func:`md_cell`."""
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def md_code(text: Any) -> str:
    """Return ``text`` as an inline code span (no backticks inside; pipes escaped for tables)."""
    value = re.sub(r"[\r\n\t]+", " ", "" if text is None else str(text)).replace("`", "'")
    return "`" + value.replace("|", "\\|") + "`"


def score_bar(score: Any, width: int = 10) -> str:
    """A text bar for a score in [0, 100]: ``██████░░░░`` (empty when the score is missing)."""
    if score is None or (isinstance(score, float) and score != score):
        return ""
    filled = int(round(min(max(float(score), 0.0), 100.0) / 100 * width))
    return "█" * filled + "░" * (width - filled)


def _table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---:" if k in right else "---" for k in range(len(header))) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out + [""]


def _named(text: Any, ident: Any) -> str:
    """``label (`id`)``: every label a report shows has its id beside it (the label alone without an id)."""
    return f"{md_escape(text)} ({md_code(ident)})" if ident else md_escape(text)


def _village(v: dict[str, Any], lang: str, words: dict[str, str]) -> list[str]:
    e = md_escape
    lines = [f"## {e(v['name'])} — {v['year']}", ""]
    ident = [f"{tr('village_id', lang)}: {md_code(v['village_id'])}",
             f"{tr('commune', lang)}: {e(v['commune']) or '—'}",
             f"{tr('province', lang)}: {e(v['province_text']) or '—'}"]
    ident += [f"{e(label)}: {e(name)}" for label, name in v["former_units"]]
    ident.append(f"{tr('sectors', lang)}: {e(v['sectors_text'])}")
    lines += [" · ".join(ident), ""]
    o = v["overall"]
    rating = f"**{e(o['rating_label'])}**" + (f" ({md_code(o['rating'])})" if o["rating"] else "")
    lines += [f"**{tr('overall', lang)}: {o['score_text']} / 100** · {tr('rating', lang)}: {rating} · "
              f"{tr('coverage', lang)}: {o['coverage_text']}", ""]
    if v.get("estimates"):
        lines += [f"> {e(v['estimates'])}", ""]
    if v["previous"]:
        p = v["previous"]
        lines += [f"{tr('change', lang)} {p['year']} → {v['year']}: {p['score_text']} → {o['score_text']} "
                  f"({p['delta_text']}); {_named(p['rating_label'], p['rating'])} → "
                  f"{_named(o['rating_label'], o['rating'])}", ""]
        lines += [f"> {e(p['note']['text'])}", ""] if p["note"] else []
    lines += [f"### {tr('pillars', lang)}", ""]
    header = [tr("pillar", lang), tr("score", lang), ""]
    if v["previous"]:
        header.append(str(v["previous"]["year"]))
    header.append(tr("coverage", lang))
    rows = []
    for p in v["pillars"]:
        row = [_named(p["label"], p["id"]), p["score_text"],
               f"`{score_bar(p['score'])}`" if p["score"] is not None else ""]
        if v["previous"]:
            row.append(p["previous_text"])
        row.append(p["coverage_text"])
        rows.append(row)
    lines += _table(header, rows, right={1, 3, 4} if v["previous"] else {1, 3})
    lines += [f"### {tr('criteria', lang)}", ""]
    rows = [[_named(c["pillar_label"], c["pillar"]), _named(c["label"], c["id"]), c["score_text"],
             f"`{score_bar(c['score'])}`" if c["score"] is not None else e(c["status_text"]), c["coverage_text"]]
            for c in v["criteria"] if c["status"] != "not_applicable"]
    lines += _table([tr("pillar", lang), tr("criterion", lang), tr("score", lang), "", tr("coverage", lang)], rows,
                    right={2, 4})
    lines += _gates(v, lang, words)
    lines += [f"### {tr('weakest', lang)}", ""]
    rows = [[("⚠ " if w.get("unverified") else "") + _named(w["label"], w["id"]),  # scored against an unverified limit
             _named(w["pillar_label"], w["pillar"]), md_cell(w["value_text"]),
             e(w["unit"]), w["score_text"], w["weight_text"]]
            for w in v["weakest"]]
    if rows:
        lines += _table([tr("indicator", lang), tr("pillar", lang), tr("value", lang), tr("unit", lang),
                         tr("score", lang), tr("weight", lang)], rows, right={2, 4, 5})
    else:  # not a header without rows
        lines += [words["weakest_none"], ""]
    applied = [r for r in v["regulations"] if r["applied"]]  # scored the indicator; the others scored nothing
    if applied:
        lines += [f"### {tr('regulations_applied', lang)}", ""]
        rows = [[_named(r["label"], r["id"]), e(r["regulation_text"]), e(r["confidence_text"])] for r in applied]
        lines += _table([tr("indicator", lang), tr("regulation_applied", lang), tr("limit_confidence", lang)], rows)
    cited = [r for r in v["regulations"] if not r["applied"]]
    if cited:
        lines += [f"### {words['regulations_cited']}", ""]
        rows = [[_named(r["label"], r["id"]), e(r["regulation_text"]), e(r["why"])] for r in cited]
        lines += _table([tr("indicator", lang), words["regulation_cited"], words["why_not_applied"]], rows)
    c = v["coverage"]
    lines += [f"### {tr('data_coverage', lang)}", "",
              f"- {tr('coverage', lang)}: {o['coverage_text']}",
              f"- {tr('indicators_scored', lang)}: {c['scored']} / {c['total']}",
              *([f"  - {words['coverage_meaning']}"]  # 100 % beside "11 / 12" reads as a contradiction
                if c["scored"] + c["not_applicable"] < c["total"] else []),
              f"- {tr('indicators_missing', lang)}: {c['missing']}",
              f"- {tr('indicators_na', lang)}: {c['not_applicable']}"]
    if c["unscored"]:
        lines.append(f"- {words['indicators_unscored']}: {len(c['unscored'])}")
    if c["missing_labels"]:
        lines.append(f"- {tr('missing_list', lang)}: " + "; ".join(
            _named(x, i) for x, i in zip(c["missing_labels"], c["missing_ids"], strict=True)))
    if c["unscored"]:
        lines.append(f"- {words['unscored_heading']}: " + "; ".join(
            f"{_named(u['label'], u['id'])}: {e(u['text'])}" for u in c["unscored"]))
    lines.append("")
    if v["plan"]:
        rows = [[e(s["indicator"]), md_cell(s["current"]), md_cell(s["target"]), e(s["unit"]), s["gain"],
                 e("; ".join(x for x in (f"{s['gate_word']}: {s['gate']}" if s["gate"] else "", s["action"])
                             if x))]
                for s in v["plan"]["rows"]]
        lines += [f"### {tr('plan', lang)}", ""]
        if v["plan"]["summary"]:
            lines += [e(v["plan"]["summary"]), ""]
        lines += _table([tr("indicator", lang), tr("value", lang), tr("plan_target", lang), tr("unit", lang),
                         tr("plan_gain", lang), tr("plan_action", lang)], rows, right={1, 2, 4})
    return lines


def _provenance(rows: list[tuple[str, str]], lang: str) -> list[str]:
    return [f"## {tr('provenance', lang)}", ""] + _table(["", ""], [[md_escape(k), md_escape(v)] for k, v in rows])


def render(result: Any, lang: str, *, max_profiles: int = 200, plans: Any = None) -> bytes:
    """Return the Markdown report of ``result`` in ``lang`` as UTF-8 bytes (``plans``: as in the HTML report)."""
    view = report_view(result, lang, max_profiles=max_profiles, plans=plans, national=True)
    e = md_escape
    fw = view["framework"]
    lines = [f"# {view['title']}", "",
             f"{tr('framework', lang)}: {e(fw['title'])} — {md_code(fw['id'])} {e(fw['version'])}"
             + (f", {e(fw['status_text'])}" if fw["status"] else ""), ""]
    for notice in view["notices"]:
        text = md_escape(notice["text"])
        lines += [f"> **{text}**" if notice["warning"] else f"> {text}"]
        lines += [">", *(f"> - {md_escape(item)}" for item in notice["items"])] if notice["items"] else []
        lines += [""]
    if view["national"]:  # a national number of village-years: the summary, as the HTML report gives it
        from .national_text import national_markdown

        lines += national_markdown(view, lang)
    else:
        lines += _summary(view, lang)
    if view["limited"]:
        lines += [f"> {view['limited']}", ""]
    for v in view["profiles"]:
        lines += _village(v, lang, view["words"])
    lines += _provenance(view["provenance"], lang)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def _gates(v: dict[str, Any], lang: str, words: dict[str, str]) -> list[str]:
    """The gates that failed, then those not judged (limit unknown, no data) that cap the rating all the same."""
    lines = []
    failed, not_judged = v["gates_failed"], v["gates_not_judged"]
    head = [tr("gate", lang), tr("indicator", lang), tr("rule", lang)]
    if failed or not not_judged:
        lines += [f"### {tr('gates_fired', lang)}", ""]
        rows = [[_named(g["label"], g["id"]), _named(g["indicator_label"], g["indicator"]), md_code(g["rule"]),
                 _named(g["cap_label"], g["cap"])] for g in failed]
        lines += _table([*head, tr("cap", lang)], rows) if rows else [tr("gates_none", lang), ""]
    if not_judged:
        lines += [f"### {words['gates_not_judged']}", ""]
        rows = [[_named(g["label"], g["id"]), _named(g["indicator_label"], g["indicator"]), md_code(g["rule"]),
                 md_escape(g["why"]), _named(g["cap_label"], g["cap"])] for g in not_judged]
        lines += _table([*head, tr("status", lang), tr("cap", lang)], rows)
    return lines


def _summary(view: dict[str, Any], lang: str) -> list[str]:
    """The summary table: one row per village-year."""
    e = md_escape
    lines = [f"## {tr('summary', lang)}", ""]
    header = [tr("village", lang), tr("province", lang), tr("year", lang), tr("overall", lang), tr("rating", lang),
              *[_named(p, i) for p, i in zip(view["pillar_labels"], view["pillar_ids"], strict=True)],
              tr("gates_fired", lang)]
    apart = view["gates_not_judged"]  # gates that capped a rating without failing: a column of their own
    header += [view["words"]["gates_not_judged_count"]] if apart else []
    rows = [[_named(r["name"], r["village_id"]), e(r["province"]), str(r["year"]), r["score_text"],
             _named(r["rating_label"], r["rating"]), *r["pillars"],
             str(r["gates"]), *([str(r["gates_not_judged"])] if apart else [])] for r in view["summary"]]
    k = len(view["pillar_labels"])
    return lines + _table(header, rows, right={2, 3, *range(5, 7 + k if apart else 6 + k)})
