"""Render what changed between two frameworks (``villagescore framework diff``): JSON, Markdown, terminal table.

Every node is named by its label in the page's language with its id beside it; numbers are
formatted in that language, a setting holding a mapping (a scorer, a threshold) as compact JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..i18n import format_value, labelled, t
from .markdown import md_cell

__all__ = ["diff_document", "diff_markdown", "diff_table", "node_labels"]


def node_labels(*frameworks: Any) -> dict[tuple[str, str], Mapping[str, str]]:
    """``(kind, id) → {vi, en}`` label of every node of the frameworks (a later framework's label wins)."""
    out: dict[tuple[str, str], Mapping[str, str]] = {}
    for fw in frameworks:
        out[("framework", fw.id)] = fw.title
        out.update({("tier", x.id): x.label for x in fw.tiers})
        out.update({("pillar", x.id): x.label for x in fw.pillars})
        out.update({("criterion", x.id): x.label for x in fw.criteria})
        out.update({("indicator", x.id): x.indicator.label for x in fw.indicators})
        out.update({("gate", x.id): x.label for x in fw.gates})
        out.update({("regulation", x.id): x.title for x in fw.regulations.values() if x.title})
        out.update({("field", k): x.label for k, x in dict(fw.local_fields or {}).items()})
        out.update({("definition", x.id): x.indicator.label for x in fw.indicators})
    return out


def diff_document(old: Any, new: Any, changes: list[Any]) -> dict[str, Any]:
    """The changes as a JSON-ready document: both frameworks and the list of changes.

    Each framework is named as a result's ``provenance.framework`` names it: ``id``, ``version``,
    ``sha256`` (the file's hash), ``resolved_sha256`` (of the framework as resolved, its overlays
    applied) and ``lineage`` (every file it came from, base first), so a diff can be matched to results.
    """
    def side(fw: Any) -> dict[str, Any]:
        return {"id": fw.id, "version": str(fw.version), "sha256": fw.sha256, "resolved_sha256": fw.resolved_sha256,
                "lineage": [dict(step) for step in fw.lineage]}

    return {"old": side(old), "new": side(new), "changes": [c.to_dict() for c in changes]}


def diff_markdown(doc: Mapping[str, Any], labels: Mapping[tuple[str, str], Any], lang: str) -> str:
    """The changes as a Markdown page: a title naming both frameworks, then one table row per change."""
    lines = [f"# {t('framework_diff.title', lang, old=_side(doc['old']), new=_side(doc['new']))}", ""]
    if not doc["changes"]:
        return "\n".join([*lines, t("framework_diff.none", lang), ""])
    lines += [t("framework_diff.count", lang, n=format_value(len(doc["changes"]), lang)), "",
              "| " + " | ".join(_header(lang)) + " |", "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(map(md_cell, row)) + " |" for row in _rows(doc["changes"], labels, lang)]
    lines += ["", t("framework_diff.compared", lang), ""]
    return "\n".join(lines)


def diff_table(doc: Mapping[str, Any], labels: Mapping[tuple[str, str], Any], lang: str) -> list[Any]:
    """The changes as rich renderables for the terminal (texts from the frameworks escaped)."""
    from rich.table import Table

    from .terminal import esc

    title = esc(t("framework_diff.title", lang, old=_side(doc["old"]), new=_side(doc["new"])))
    if not doc["changes"]:
        return [f"[bold]{title}[/bold]", esc(t("framework_diff.none", lang))]
    table = Table(title=title, title_justify="left")
    for name in _header(lang):
        table.add_column(esc(name), overflow="fold")
    for row in _rows(doc["changes"], labels, lang):
        table.add_row(*map(esc, row))
    return [table, esc(t("framework_diff.count", lang, n=format_value(len(doc["changes"]), lang))),
            esc(t("framework_diff.compared", lang))]


def _side(side: Mapping[str, Any]) -> str:
    return f"{side['id']} {side['version']}"


def _header(lang: str) -> list[str]:
    return [t(f"framework_diff.column.{c}", lang) for c in ("kind", "node", "change", "setting", "old", "new")]


def _rows(changes: list[Mapping[str, Any]], labels: Mapping[tuple[str, str], Any], lang: str) -> list[list[str]]:
    return [[t(f"framework_diff.kind.{c['kind']}", lang), labelled(c["id"], labels.get((c["kind"], c["id"])), lang),
             t(f"framework_diff.change.{c['change']}", lang), setting_text(c["field"], lang), _value(c["old"], lang),
             _value(c["new"], lang)] for c in changes]


def setting_text(key: str, lang: str) -> str:
    """A setting's name in ``lang`` with its key beside it (``trọng số (weight)``); an unknown key as it is."""
    if not key:
        return ""
    word = t(f"framework_diff.setting.{key}", lang)
    return key if word in (key, f"framework_diff.setting.{key}") else f"{word} ({key})"


def _value(value: Any, lang: str) -> str:
    """A setting's value: a number in ``lang``, a mapping or list as compact JSON, nothing as ``—``."""
    if value is None:
        return "—"
    if isinstance(value, (Mapping, list, bool)):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return format_value(value, lang) if isinstance(value, (int, float)) else str(value)
