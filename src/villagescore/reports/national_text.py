"""The national summary of a large Result as text: Markdown lines and terminal tables.

From :data:`~villagescore.reports.national.SUMMARY_LIMIT` village-years on, the HTML report is
a national summary (:func:`~villagescore.reports.national.national_view`) instead of one row
per village-year; the Markdown report and the terminal summary show the same summary, as
tables: headline figures, the distribution of overall scores, one row per province, the best
and the worst village-years, and the note saying what is left out and how to get every row.
A national terminal table of every village-year took two minutes and 26 MB at 100,000.
"""

from __future__ import annotations

from typing import Any

from .view import tr

__all__ = ["national_tables", "national_markdown", "national_renderables"]


#: A cell or header that is a label with its id (each renderer writes the pair its own way).
Named = tuple[str, str]


def national_tables(n: dict[str, Any], pillars: list[Named], lang: str) -> list[dict[str, Any]]:
    """The summary ``n`` as titled tables: ``{"title", "header", "rows", "right"}`` (right: the number columns).

    ``pillars``: each pillar's ``(label, id)``. A cell or header that is a ``(label, id)`` pair
    (a pillar, a tier, a village, a rating) is written by each renderer with both.
    """
    tables = [{"title": tr("national_summary", lang), "header": ["", ""], "rows": [list(r) for r in n["headline"]],
               "right": {1}}]
    rows = [[d["range"], d["count"], d["share"]] for d in n["distribution"]]
    tables.append({"title": tr("distribution", lang), "rows": rows, "right": {1, 2},
                   "header": [tr("score_range", lang), tr("count", lang), tr("share", lang)],
                   "after": tr("unscored", lang).replace("{n}", n["unscored"]) if n["unscored"] else ""})
    header = [tr("province", lang), tr("village_years", lang), tr("mean", lang), tr("median", lang),
              tr("min", lang), tr("max", lang), *pillars, *zip(n["tier_labels"], n["tier_ids"], strict=True)]
    rows = [[p["name"], p["count"], p["mean"], p["median"], p["min"], p["max"], *p["pillars"], *p["tiers"]]
            for p in n["provinces"]]
    tables.append({"title": tr("by_province", lang), "header": header, "rows": rows,
                   "right": set(range(1, len(header)))})
    header = [tr("village", lang), tr("province", lang), tr("year", lang), tr("overall", lang), tr("rating", lang)]
    for key, rows in (("best_rows", n["best"]), ("worst_rows", n["worst"])):
        tables.append({"title": tr(key, lang).replace("{n}", str(n["extremes"])), "header": header, "right": {2, 3},
                       "rows": [[(r["name"], r["village_id"]), r["province"], str(r["year"]), r["score"],
                                 (r["rating"], r["rating_id"])] for r in rows]})
    return tables


def _plain(cell: Any) -> str:
    """A cell as the terminal writes it: ``label (id)`` for a named one."""
    if isinstance(cell, tuple):
        text, ident = cell
        return f"{text} ({ident})" if ident else text
    return cell


def national_markdown(view: dict[str, Any], lang: str) -> list[str]:
    """The Markdown lines of the report view's national summary (``view["national"]``), its note first."""
    from .markdown import md_code, md_escape

    def cell(x: Any) -> str:  # a named cell as the rest of the Markdown report writes it: label (`id`)
        if isinstance(x, tuple):
            return f"{md_escape(x[0])} ({md_code(x[1])})" if x[1] else md_escape(x[0])
        return md_escape(x)

    n = view["national"]
    lines = [f"## {md_escape(tr('national_summary', lang))}", "", f"> {md_escape(n['note'])}", ""]
    for warning in n["warnings"]:
        lines += [f"> **{md_escape(warning)}**", ""]  # as the report writes a warning notice
    pillars = list(zip(view["pillar_labels"], view["pillar_ids"], strict=True))
    for k, table in enumerate(national_tables(n, pillars, lang)):
        if k:  # the headline figures need no title of their own under the section's
            lines += [f"### {md_escape(table['title'])}", ""]
        lines.append("| " + " | ".join(cell(h) for h in table["header"]) + " |")
        lines.append("|" + "|".join("---:" if j in table["right"] else "---" for j in range(len(table["header"])))
                     + "|")
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table["rows"]]
        lines.append("")
        if table.get("after"):
            lines += [md_escape(table["after"]), ""]
    return lines


def national_renderables(result: Any, lang: str) -> list[Any]:
    """Terminal tables of ``result``'s national summary, the note (what is left out, how to get it) as a caption.

    Laid out for 80 columns: the provinces' scores and their tier shares are two tables, the
    pillars and tiers under short headers explained in each table's legend.
    """
    from ..i18n import format_integer, label
    from .national import SUMMARY_LIMIT, national_view
    from .terminal import plain_table, short_headers

    n = national_view(result, lang)
    note = tr("national_note_table", lang, total=format_integer(len(result), lang),
              limit=format_integer(SUMMARY_LIMIT, lang))
    fw = result.framework
    pillars = [(label(p.label, lang, p.id), p.id) for p in fw.pillars]
    tables = national_tables(n, pillars, lang)
    out = []
    for k, table in enumerate(tables):
        if table["title"] == tr("by_province", lang):
            out += _province_tables(n, pillars, lang, short_headers)
            continue
        said = [note, *n["warnings"]] if k == 0 else []  # the names no province table groups, under the headline
        caption = "\n".join(x for x in (*said, table.get("after", "")) if x) or None
        title = f"{table['title']} — {label(fw.title, lang, fw.id)} ({fw.id} {fw.version})" if k == 0 else \
            table["title"]
        rows = [[_plain(c) for c in row] for row in table["rows"]]
        out.append(plain_table([_plain(h) for h in table["header"]], rows, title=title, caption=caption))
    return out


def _province_tables(n: dict[str, Any], pillars: list[Named], lang: str, short_headers: Any) -> list[Any]:
    """The provinces' scores, then their tier shares: two tables, short headers with a legend each."""
    from .terminal import plain_table

    p_short = short_headers([text for text, _ in pillars])
    t_short = short_headers(n["tier_labels"])
    head = [tr("province", lang), tr("village_years", lang), tr("mean", lang), tr("median", lang), tr("min", lang),
            tr("max", lang), *p_short]
    rows = [[p["name"], p["count"], p["mean"], p["median"], p["min"], p["max"], *p["pillars"]] for p in n["provinces"]]
    legend = " · ".join(f"{s} = {text} ({pid})" for s, (text, pid) in zip(p_short, pillars, strict=True))
    shares = [[p["name"], *p["tiers"]] for p in n["provinces"]]
    tiers = " · ".join(f"{s} = {text} ({tid})" for s, text, tid in zip(t_short, n["tier_labels"], n["tier_ids"],
                                                                       strict=True))
    title = tr("by_province", lang)
    return [plain_table(head, rows, title=title, caption=legend),
            plain_table([tr("province", lang), *t_short], shares, title=f"{title} — {tr('compare.tier_shares', lang)}",
                        caption=tiers)]
