"""Render a framework as a Markdown reference (``villagescore framework show --format md``).

The committed ``docs/framework.md`` is this output for the default framework; a test
keeps the two in step.
"""

from __future__ import annotations

from typing import Any

from ..i18n import label

__all__ = ["framework_markdown", "threshold_text", "confidence_mark"]


def confidence_mark(confidence: str | None) -> str:
    """A visible mark for values that are not verified in a primary source."""
    return {"verified": "", "secondary": " (secondary source)", "unverified": " ⚠ UNVERIFIED",
            "estimate": " ⚠ ESTIMATE"}.get(confidence or "", "")


def threshold_text(node: Any) -> str:
    """Describe an indicator's threshold with its citation and confidence (each regulation version in turn)."""
    th = node.threshold
    if th is None:
        return ""
    return "; ".join(_version_text(v) for v in th.versions)


def _version_text(version: Any) -> str:
    reg, lim = version.regulation, version.limit
    if lim.by_field is None:
        limit = f"{lim.value:g} {lim.unit}".strip()
        col = f", {lim.column}" if lim.column else ""
    else:
        parts = [f"{k}: {v['value']:g}" for k, v in lim.values.items()]
        limit = f"{' / '.join(parts)} {lim.unit} (by {lim.by_field})"
        col = ""
    valid = ""
    if reg.valid_from or reg.valid_to:
        valid = f", valid {reg.valid_from or '…'} → {reg.valid_to or 'in force'}"
    prov = f" {lim.provision}" if lim.provision else ""
    return f"{lim.parameter} ≤ {limit} — {reg.document}{prov}{col}{valid}{confidence_mark(lim.confidence)}"


def _fmt_params(params: dict) -> str:
    items = []
    for k, v in params.items():
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        items.append(f"{k}={v}")
    return ", ".join(items)


def framework_markdown(fw: Any, lang: str = "en") -> str:
    """Return the framework tree as Markdown: weights, scorers, thresholds, citations, gates, tiers."""
    other = "vi" if lang == "en" else "en"
    lines = [f"# {label(fw.title, lang)}", "", f"*{label(fw.title, other)}*", ""]
    lines += [f"- id: `{fw.id}`, version {fw.version}, status: {fw.status or 'n/a'}",
              f"- sha256 of the file: `{fw.sha256}`",
              f"- aggregation (overall): {fw.aggregator.name}; missing data: {fw.missing.policy} "
              f"(minimum coverage {fw.missing.min_coverage:.2f})", ""]
    for note in fw.document.get("notes", []):
        lines.append(f"> {note}")
        lines.append("")
    total_p = sum(p.weight for p in fw.pillars) or 1
    for p in fw.pillars:
        lines += [f"## {label(p.label, lang)} (`{p.id}`) — weight {p.weight:g} ({p.weight / total_p:.0%})", ""]
        if p.rationale:
            lines += [f"*Why:* {p.rationale}", ""]
        generic = [c for c in p.criteria if not any(n.sectors for n in c.indicators)]
        total_c = sum(c.weight for c in generic) or 1
        for c in p.criteria:
            if c in generic:
                share = f"{c.weight / total_c:.0%} of the pillar for a village with no sector criteria"
            else:
                sectors = sorted({s for n in c.indicators for s in n.sectors})
                share = f"sector criterion, added for {', '.join(sectors)} villages"
            lines += [f"### {label(c.label, lang)} (`{c.id}`) — weight {c.weight:g} ({share}), "
                      f"{c.aggregator.name}", ""]
            if c.rationale:
                lines += [f"*Why:* {c.rationale}", ""]
            lines += ["| indicator | code | weight | direction | sectors | scorer | threshold and citation |",
                      "|---|---|---|---|---|---|---|"]
            for n in c.indicators:
                ind = n.indicator
                name = label(ind.label, lang).replace("|", "/")
                sectors = ", ".join(n.sectors) or "all"
                scorer = f"{n.scorer.name}({_fmt_params({k: v for k, v in n.params.items() if k != 'limit'})})"
                lines.append(f"| {name} (`{n.id}`, {ind.unit or '-'}) | {ind.code or ''} | {n.weight:g} | "
                             f"{ind.direction} | {sectors} | {scorer} | {threshold_text(n).replace('|', '/')} |")
            lines.append("")
    lines += ["## Mandatory rules (gates)", "",
              "| gate | indicator | rule (must hold) | if it fails, rating capped at |", "|---|---|---|---|"]
    for g in fw.gates:
        lines.append(f"| {label(g.label, lang, g.id)} (`{g.id}`) | `{g.indicator}` | {g.rule} | "
                     f"{label(fw.tier(g.cap).label, lang)} |")
    lines += ["", "## Rating tiers", "", "| tier | minimum overall score | minimum score of every pillar |",
              "|---|---|---|"]
    for tier in fw.tiers:
        mp = "—" if tier.min_pillar_score is None else f"{tier.min_pillar_score:g}"
        lines.append(f"| {label(tier.label, lang)} / {label(tier.label, other)} (`{tier.id}`) | "
                     f"{tier.min_score:g} | {mp} |")
    lines += ["", "## Regulations cited", "", "| id | document | issuing act | valid | confidence | note |",
              "|---|---|---|---|---|---|"]
    for reg in fw.regulations.values():
        lines.append(f"| `{reg.id}` | {reg.document} | {reg.issuing_act} | {reg.valid_from or '…'} → "
                     f"{reg.valid_to or 'in force'} | {reg.confidence}{confidence_mark(reg.confidence)} | "
                     f"{reg.note.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
