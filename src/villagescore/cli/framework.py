"""``villagescore framework show|export|list|diff``: the criteria tree with weights, thresholds and citations."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .options import FORMAT_HELP, check_output, emit_bytes, framework_option, lang_option, output_option

__all__ = ["framework"]


@click.group()
def framework() -> None:
    """Show, export, list and compare criteria frameworks."""


@framework.command("list")
@click.pass_obj
def list_frameworks(app) -> None:
    """List the frameworks the installed plugins ship."""
    from ..framework import available_frameworks

    for ident, path in available_frameworks(app.registry).items():
        click.echo(f"{ident}\t{path}")


def _tree(fw, lang, fields, sectors=None, provenance=None):
    """The framework as a rich tree; texts from the framework are escaped (``[weaving]`` stays visible).

    ``provenance`` (:meth:`~villagescore.engine.Engine.framework_provenance`): a last branch, as the Markdown page's.
    """
    from rich.tree import Tree

    from ..i18n import format_value, labelled, t
    from ..reports.framework_doc import (
        coverage_text,
        criterion_share,
        gate_indicator,
        method_text,
        pillar_minimums,
        pillar_share,
        sector_names,
        threshold_text,
        weight_text,
    )
    from ..reports.gate_rules import rule_text
    from ..reports.terminal import esc

    missing = t("framework_doc.aggregation", lang, aggregator=method_text(fw.aggregator, lang),
                policy=f"{t('framework_doc.policy.' + fw.missing.policy, lang)} ({fw.missing.policy})",
                coverage=coverage_text(fw.missing.min_coverage, lang)).removeprefix("- ").replace(" %", "\u00a0%")
    root = Tree(f"[bold]{esc(labelled(fw.id, fw.title, lang))}[/bold] {esc(fw.version)}\n{esc(missing)}")
    for p in fw.pillars:
        pn = root.add(f"[bold]{esc(labelled(p.id, p.label, lang))}[/bold] {esc(weight_text(p.weight, lang))} "
                      f"({esc(pillar_share(fw, p, lang))}) {esc(method_text(p.aggregator, lang))}")
        for c in p.criteria:  # the effective weights, as the Markdown page gives them
            cn = pn.add(esc(f"{labelled(c.id, c.label, lang)} {weight_text(c.weight, lang)} "
                            f"({criterion_share(p, c, lang, sectors)})"))
            for n in c.indicators:
                th = threshold_text(n, lang, fields)
                of_sectors = f" [{sector_names(n.sectors, sectors, lang)}]" if n.sectors else ""
                cn.add(esc(f"{labelled(n.id, n.indicator.label, lang)} {weight_text(n.weight, lang)} "
                           f"{method_text(n.scorer, lang)}{of_sectors}" + (f"\n  {th}" if th else "")))
    gates = root.add(f"[bold]{esc(t('framework_doc.gates', lang))}[/bold]")
    for g in fw.gates:
        cap = labelled(g.cap, fw.tier(g.cap).label, lang)
        gates.add(esc(f"{labelled(g.id, g.label, lang)}: {gate_indicator(fw, g, lang)} {rule_text(g, lang)} → "
                      + t("framework_doc.cap", lang, tier=cap)))
    tiers = root.add(f"[bold]{esc(t('framework_doc.tiers', lang))}[/bold]")
    for tier in fw.tiers:
        every = "".join(f", {x}" for x in pillar_minimums(fw, tier, lang))
        tiers.add(esc(f"{labelled(tier.id, tier.label, lang)}: ≥ {format_value(tier.min_score, lang)}{every}"))
    if provenance:
        from ..i18n import gettext
        from ..reports.framework_doc import PROVENANCE_HEADING, framework_provenance_rows

        branch = root.add(f"[bold]{esc(gettext(PROVENANCE_HEADING, lang))}[/bold]")
        for name, text in framework_provenance_rows(provenance, lang):
            branch.add(esc(f"{name}: {text}"))
    return root


@framework.command("show")
@framework_option
@click.option("--format", "fmt", type=click.Choice(["table", "md", "html", "pdf", "json"]), default=None,
              show_default="table, or from the -o suffix",
              help=FORMAT_HELP)
@output_option
@lang_option
@click.pass_obj
def show(app, framework_spec, fmt, output, lang) -> None:
    """Print the criteria tree: weights, scorers, thresholds with citations, gates and tiers.

    Values not verified in a primary source are marked (⚠ UNVERIFIED / ⚠ ESTIMATE). --format html
    or pdf gives the Markdown reference as a page to print (A4), e.g. as an annex of a report.
    """
    from ..framework import load_framework
    from .options import pick_format

    fmt = pick_format(fmt, output, ["table", "md", "html", "pdf", "json"])
    check_output(output, keep_inputs=fmt != "json")  # a framework file it wrote: judged by its bytes (emit_framework)

    fw = load_framework(framework_spec, app.registry)
    from ..engine import Engine

    # what the criteria set rests on, as a result records it: the annex matches the report it goes with
    provenance = Engine(app.registry).framework_provenance(fw)
    if fmt == "md":
        from ..reports.framework_doc import framework_markdown

        emit_bytes(framework_markdown(fw, lang, app.registry.fields, app.registry.sectors, provenance).encode("utf-8"),
                   output)
    elif fmt in ("html", "pdf"):
        from .. import __version__
        from ..reports.framework_page import framework_html

        page = framework_html(fw, lang, app.registry.fields, __version__, app.registry.sectors, provenance)
        if fmt == "pdf":
            from ..reports.pdf import html_to_pdf

            emit_bytes(html_to_pdf(page), output, binary=True)
        else:
            emit_bytes(page, output)
    elif fmt == "json":
        from ..framework import resolved_document

        emit_framework((json.dumps(resolved_document(fw), ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output)
    else:
        from .options import emit_renderables

        emit_renderables([_tree(fw, lang, {**app.registry.fields, **dict(fw.local_fields or {})},
                                app.registry.sectors, provenance)], output)


@framework.command("export")
@framework_option
@click.option("--format", "fmt", type=click.Choice(["json", "yaml", "md"]), default=None,
              show_default="yaml, or from the -o suffix",
              help=FORMAT_HELP)
@output_option
@lang_option
@click.pass_obj
def export(app, framework_spec, fmt, output, lang) -> None:
    """Export a framework as resolved (to edit it, or to cite it) as YAML, JSON or Markdown.

    The export is complete: every indicator with its scorer and threshold, the sector
    criteria that joined from installed sectors, overlays applied. Validating and
    evaluating the exported file gives the same scores.
    """
    from ..framework import load_framework, resolved_document, resolved_yaml
    from .options import pick_format

    fmt = pick_format(fmt, output, ["yaml", "json", "md"])
    check_output(output, keep_inputs=fmt == "md")  # a framework file it wrote: judged by its bytes (emit_framework)

    fw = load_framework(framework_spec, app.registry)
    if fmt == "md":
        from ..reports.framework_doc import framework_markdown

        data = framework_markdown(fw, lang, app.registry.fields, app.registry.sectors).encode("utf-8")
    elif fmt == "json":
        data = (json.dumps(resolved_document(fw), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        data = resolved_yaml(fw).encode("utf-8")
    emit_framework(data, output)


def emit_framework(data: bytes, output: Path | None) -> None:
    """Write a framework document: over a file villagescore reads only when that file holds these very bytes.

    A framework written by ``show``/``export`` is a framework villagescore reads, so it is kept
    from every other output; the same command run again replaces it when nothing in it was changed.
    """
    same = output is not None and str(output) != "-" and _holds(output, data)
    emit_bytes(data, output, keep_inputs=not same)


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file holding exactly ``data``."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


@framework.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "json"]), default=None,
              show_default="table, or from the -o suffix",
              help=FORMAT_HELP)
@output_option
@lang_option
@click.pass_obj
def diff(app, old, new, fmt, output, lang) -> None:
    """Show what changed from framework OLD to framework NEW: what was added or removed, what was set otherwise.

    OLD and NEW are framework ids or files, as -f takes them. Both are compared as resolved
    (overlays applied, sector criteria joined): the framework's settings and defaults, the
    tiers, pillars, criteria, indicators and gates, setting by setting (weights, scorers,
    thresholds, conditions, caps, a node moved to another parent). Labels, rationales, notes
    and references are not compared.
    """
    from ..framework import load_framework
    from ..framework.diff import framework_changes
    from ..reports.framework_diff import diff_document, diff_markdown, diff_table, node_labels
    from .options import pick_format

    fmt = pick_format(fmt, output, ["table", "md", "json"])
    check_output(output)
    before, after = load_framework(old, app.registry), load_framework(new, app.registry)
    doc = diff_document(before, after, framework_changes(before, after))
    if fmt == "json":
        emit_bytes((json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output)
    elif fmt == "md":
        emit_bytes(diff_markdown(doc, node_labels(before, after), lang).encode("utf-8"), output)
    else:
        from .options import emit_renderables

        emit_renderables(diff_table(doc, node_labels(before, after), lang), output)
