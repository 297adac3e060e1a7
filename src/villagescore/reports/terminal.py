"""Terminal views of a Result (rich tables): a summary of many villages, a profile of one.

Text that comes from data, framework or plugin files is never read as rich markup: a
village named ``Làng [cũ]`` or ``[/x]`` is shown as written (rich would hide the first and
fail on the second). :func:`plain_table` builds such tables; :func:`esc` escapes a piece
of text placed inside markup.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..i18n import estimates_text, label, t
from ..quality import ESTIMATED_WARNING

__all__ = ["summary_table", "village_profile", "render_text", "plain_table", "esc"]


def esc(text: Any) -> str:
    """Escape ``text`` for rich markup (``[`` … ``]`` shown as written)."""
    from rich.markup import escape

    return escape(str(text))


def plain_table(header: list[Any], rows: list[list[Any]], *, title: Any = None, caption: Any = None,
                **columns: Any) -> Any:
    """A rich table whose title, caption, headers and cells are plain text (never markup).

    ``columns`` are passed to every ``add_column`` (e.g. ``overflow="fold"``); ``None``
    cells are empty.
    """
    from rich.table import Table
    from rich.text import Text

    def text(x: Any) -> Any:
        return None if x is None else Text(str(x))

    table = Table(title=text(title), caption=text(caption) if caption else None, caption_justify="left")
    for h in header:
        table.add_column(Text(str(h)), **columns)
    for row in rows:
        table.add_row(*[Text("" if x is None else str(x)) for x in row])
    return table


def _fmt(x: Any, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{float(x):.{digits}f}"


def summary_table(result: Any, lang: str) -> Any:
    """One row per village-year: overall score, rating, pillar scores, gates fired."""
    from rich.table import Table
    from rich.text import Text

    fw = result.framework
    table = Table(title=Text(f"{label(fw.title, lang)} — {fw.id} {fw.version}"), show_lines=False)
    for head in ("village", "year", "province", "overall", "rating"):
        table.add_column(t(head, lang), justify="right" if head in ("year", "overall") else "left")
    for p in fw.pillars:
        table.add_column(Text(label(p.label, lang)), justify="right")
    table.add_column(t("gates_fired", lang))
    summary = result.summary_frame(lang=lang)
    for i, row in enumerate(summary.itertuples(index=False)):
        pillars = [_fmt(getattr(row, f"{p.id}_score")) for p in fw.pillars]
        fired = [g.id for k, g in enumerate(fw.gates) if result.fired[i, k]]
        table.add_row(Text(str(row.name)), str(row.year), Text(str(row.province or "")), _fmt(row.overall_score),
                      Text(str(row.rating_label or "—")), *pillars, Text(", ".join(fired) or t("none", lang)))
    warned = int(np.sum(result.estimated_share >= ESTIMATED_WARNING))
    if warned:
        table.caption = Text(t("estimates_some", lang).format(n=warned), style="bold red")
    return table


def village_profile(result: Any, i: int, lang: str, *, weakest: int = 5, previous: int | None = None) -> list:
    """Renderables describing one village-year: scores, pillars, gates fired, weakest indicators."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    fw = result.framework
    v = result.village_dict(i, lang=lang)
    prev = result.village_dict(previous, lang=lang) if previous is not None else None
    head = (f"[bold]{esc(v['name'])}[/bold] ({esc(v['village_id'])}) — {esc(v['commune'] or '')}, "
            f"{esc(v['province'] or '')}"
            f"\n{t('sectors', lang)}: {esc(', '.join(v['sectors']))}   {t('year', lang)}: {v['year']}"
            f"\n{t('overall', lang)}: [bold]{_fmt(v['overall']['score'])}[/bold] / 100   "
            f"{t('rating', lang)}: [bold]{esc(v['overall']['rating_label'] or '—')}[/bold]   "
            f"{t('coverage', lang)}: {_fmt((v['overall']['coverage'] or 0) * 100, 0)} %")
    if prev is not None:
        delta = None
        if v["overall"]["score"] is not None and prev["overall"]["score"] is not None:
            delta = v["overall"]["score"] - prev["overall"]["score"]
        head += (f"\n{t('change', lang)} {prev['year']} → {v['year']}: "
                 f"{_fmt(prev['overall']['score'])} → {_fmt(v['overall']['score'])} "
                 f"({'+' if (delta or 0) >= 0 else ''}{_fmt(delta)}), {esc(prev['overall']['rating_label'] or '—')} → "
                 f"{esc(v['overall']['rating_label'] or '—')}")
    caveat = estimates_text(v.get("estimates"), lang)
    if caveat:
        style = "bold red" if v["estimates"]["warning"] else ""
        head += f"\n[{style}]{esc(caveat)}[/{style}]" if style else f"\n{esc(caveat)}"
    out: list = [Panel(head, title=Text(f"{t('pilot_title', lang)} — {label(fw.title, lang)} {fw.version}"))]

    pillars = Table(title=t("pillars", lang))
    pillars.add_column(t("pillar", lang))
    pillars.add_column(t("score", lang), justify="right")
    if prev is not None:
        pillars.add_column(str(prev["year"]), justify="right")
    pillars.add_column(t("coverage", lang), justify="right")
    for p in fw.pillars:
        cell = v["pillars"][p.id]
        row = [Text(label(p.label, lang)), _fmt(cell["score"])]
        if prev is not None:
            row.append(_fmt(prev["pillars"][p.id]["score"]))
        row.append(f"{_fmt((cell['coverage'] or 0) * 100, 0)} %")
        pillars.add_row(*row)
    out.append(pillars)

    gates = Table(title=t("gates_fired", lang))
    gates.add_column(t("gate", lang))
    gates.add_column(t("indicator", lang))
    gates.add_column("rule")
    gates.add_column(t("cap", lang))
    for g in v["gates"]:
        if g["fired"]:
            gate = next(x for x in fw.gates if x.id == g["id"])
            gates.add_row(*[Text(x) for x in (label(gate.label, lang, g["id"]), g["indicator"], g["rule"],
                                              label(fw.tier(g["cap"]).label, lang))])
    if gates.row_count == 0:
        gates.add_row(t("none", lang), "", "", "")
    out.append(gates)

    scored = [ind for ind in v["indicators"] if ind["status"] == "scored"]
    scored.sort(key=lambda ind: (ind["score"], -(ind["weight"] or 0), ind["id"]))
    weak = Table(title=t("weakest", lang))
    for head in ("indicator", "value", "unit", "score", "weight"):
        weak.add_column(t(head, lang), justify="right" if head in ("value", "score", "weight") else "left")
    nodes = {n.id: n for n in fw.indicators}
    for ind in scored[:weakest]:
        node = nodes[ind["id"]]
        value = ind["value"]
        shown = _fmt(value, 2) if isinstance(value, (int, float)) else str(value)
        weak.add_row(Text(label(node.indicator.label, lang, ind["id"])), Text(shown), Text(ind["unit"] or ""),
                     _fmt(ind["score"]), f"{(ind['weight'] or 0) * 100:.1f} %")
    out.append(weak)
    return out


def render_text(renderables: list, *, width: int = 120) -> str:
    """Render rich objects to plain text (for ``-o report.txt`` and for pipes)."""
    import io

    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, force_terminal=False)
    for item in renderables:
        console.print(item)
    return buf.getvalue()
