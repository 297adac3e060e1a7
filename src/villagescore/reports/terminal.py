"""Terminal views of a Result (rich tables): a summary of many villages, a profile of one."""

from __future__ import annotations

import math
from typing import Any

from ..i18n import label, t

__all__ = ["summary_table", "village_profile", "render_text"]


def _fmt(x: Any, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{float(x):.{digits}f}"


def summary_table(result: Any, lang: str) -> Any:
    """One row per village-year: overall score, rating, pillar scores, gates fired."""
    from rich.table import Table

    fw = result.framework
    table = Table(title=f"{label(fw.title, lang)} — {fw.id} {fw.version}", show_lines=False)
    for head in ("village", "year", "province", "overall", "rating"):
        table.add_column(t(head, lang), justify="right" if head in ("year", "overall") else "left")
    for p in fw.pillars:
        table.add_column(label(p.label, lang), justify="right")
    table.add_column(t("gates_fired", lang))
    summary = result.summary_frame(lang=lang)
    for i, row in enumerate(summary.itertuples(index=False)):
        pillars = [_fmt(getattr(row, f"{p.id}_score")) for p in fw.pillars]
        fired = [g.id for k, g in enumerate(fw.gates) if result.fired[i, k]]
        table.add_row(str(row.name), str(row.year), str(row.province or ""), _fmt(row.overall_score),
                      str(row.rating_label or "—"), *pillars, ", ".join(fired) or t("none", lang))
    return table


def village_profile(result: Any, i: int, lang: str, *, weakest: int = 5, previous: int | None = None) -> list:
    """Renderables describing one village-year: scores, pillars, gates fired, weakest indicators."""
    from rich.panel import Panel
    from rich.table import Table

    fw = result.framework
    v = result.village_dict(i, lang=lang)
    prev = result.village_dict(previous, lang=lang) if previous is not None else None
    head = (f"[bold]{v['name']}[/bold] ({v['village_id']}) — {v['commune'] or ''}, {v['province'] or ''}"
            f"\n{t('sectors', lang)}: {', '.join(v['sectors'])}   {t('year', lang)}: {v['year']}"
            f"\n{t('overall', lang)}: [bold]{_fmt(v['overall']['score'])}[/bold] / 100   "
            f"{t('rating', lang)}: [bold]{v['overall']['rating_label'] or '—'}[/bold]   "
            f"{t('coverage', lang)}: {_fmt((v['overall']['coverage'] or 0) * 100, 0)} %")
    if prev is not None:
        delta = None
        if v["overall"]["score"] is not None and prev["overall"]["score"] is not None:
            delta = v["overall"]["score"] - prev["overall"]["score"]
        head += (f"\n{t('change', lang)} {prev['year']} → {v['year']}: "
                 f"{_fmt(prev['overall']['score'])} → {_fmt(v['overall']['score'])} "
                 f"({'+' if (delta or 0) >= 0 else ''}{_fmt(delta)}), {prev['overall']['rating_label'] or '—'} → "
                 f"{v['overall']['rating_label'] or '—'}")
    out: list = [Panel(head, title=f"{t('pilot_title', lang)} — {label(fw.title, lang)} {fw.version}")]

    pillars = Table(title=t("pillars", lang))
    pillars.add_column(t("pillar", lang))
    pillars.add_column(t("score", lang), justify="right")
    if prev is not None:
        pillars.add_column(str(prev["year"]), justify="right")
    pillars.add_column(t("coverage", lang), justify="right")
    for p in fw.pillars:
        cell = v["pillars"][p.id]
        row = [label(p.label, lang), _fmt(cell["score"])]
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
            gates.add_row(label(gate.label, lang, g["id"]), g["indicator"], g["rule"],
                          label(fw.tier(g["cap"]).label, lang))
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
        weak.add_row(label(node.indicator.label, lang, ind["id"]), shown, ind["unit"], _fmt(ind["score"]),
                     f"{(ind['weight'] or 0) * 100:.1f} %")
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
