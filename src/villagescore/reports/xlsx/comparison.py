"""The workbook of a comparison: one sheet per section, warnings, provenance."""

from __future__ import annotations

from typing import Any

from ...i18n import t
from ...printed import minimums_of, pillar_minimums_of
from ..view import tr
from .book import _sheet, new_workbook, workbook_bytes

#: The keyword of :func:`~villagescore.reports.xlsx.book._sheet` that formats each kind of column
#: (:data:`~villagescore.reports.comparison.KINDS`); a text column keeps Excel's General format.
_FORMATTED = {"score": "score_cols", "difference": "difference_cols", "share": "share_cols", "count": "number_cols",
              "number": "number_cols"}


def render_comparison(comparison: dict[str, Any], lang: str) -> bytes:
    """Return the workbook of a comparison: one sheet per section (raw numbers), warnings, provenance.

    The sections are those of ``villagescore compare --format csv --table …`` (rankings,
    groups, side-by-side, gaps, changes, node-changes), so every number keeps its full
    precision and sorts and filters as a number in Excel.
    """
    from ..comparison import sections

    with new_workbook() as wb:  # its temporary files removed if it fails
        bodies: dict[Any, str] = {}

        def sheet(*args: Any, **kwargs: Any) -> None:
            ws, xml = _sheet(wb, *args, **kwargs)
            bodies[ws] = xml

        minimums = minimums_of(comparison.get("tiers") or [])
        pillars = pillar_minimums_of(comparison.get("pillars") or [])
        for sec in sections(comparison, lang, text=False, ids=True):
            if not sec["rows"] and sec["key"] != "rankings":
                continue
            header = [str(h) for h in sec["header"]]
            formats: dict[str, list[int]] = {}
            for k, kind in enumerate(sec["kinds"], start=1):
                if kind in _FORMATTED:
                    formats.setdefault(_FORMATTED[kind], []).append(k)
            widths = [max(10, min(40, len(h) + 4)) for h in header]
            title = _sheet_name(tr(f"xlsx.sheet.{sec.get('sheet', sec['key'])}", lang), wb)
            sheet(title, header, sec["rows"], widths=widths, score_bounds=_score_bounds(sec, minimums, pillars),
                  **formats)
        warnings = comparison.get("warnings") or []
        if warnings:
            sheet(tr("xlsx.sheet.warnings", lang), [tr("xlsx.code", lang), tr("warnings", lang)],
                  ([w["code"], w["message"]] for w in warnings), widths=[24, 120])
        sheet(tr("xlsx.sheet.provenance", lang), [tr("provenance", lang), t("value", lang)],
              ([label, text] for label, text in _provenance_rows(comparison, lang)), widths=[34, 100])
        return workbook_bytes(wb, bodies)


def _score_bounds(section: dict[str, Any], minimums: list[float], pillars: dict[str, list[float]]
                  ) -> dict[int, list[float]]:
    """The score columns of ``section`` (numbered from 1), each with the minimums it is decided against.

    As the views print them (:mod:`villagescore.printed`): an overall score against the tiers' minimums
    (the rankings' first score column, the changes' two, a group's mean, median, minimum, maximum, best
    and worst), each pillar's column of the rankings against its minimums; a column mixing levels (node
    by node, side by side) against every minimum of its levels. A cell whose one decimal would reach a
    minimum it misses shows the decimals it needs.
    """
    scores = [k for k, kind in enumerate(section["kinds"], start=1) if kind == "score"]
    every_pillar = sorted({b for each in pillars.values() for b in each})
    if section["key"] == "rankings":
        return {k: b for k, b in zip(scores, [minimums, *pillars.values()], strict=False)}
    chosen = {"changes": minimums, "groups": minimums, "node-changes": every_pillar,
              "side-by-side": sorted({*minimums, *every_pillar})}.get(section["key"])
    return {k: chosen for k in scores} if chosen else {}


def _provenance_rows(comparison: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The province mapping table's row; each run's provenance rows, then one row per plugin with its files' SHA-256.

    As a result's workbook gives them (:func:`~villagescore.reports.provenance_rows.plugin_file_rows`);
    the pages cut them to 12 digits.
    """
    from ..comparison_provenance import run_provenance
    from ..provenance_rows import mapping_rows, plugin_file_rows

    rows = mapping_rows((comparison.get("options") or {}).get("mapping"), lang)
    for run in comparison.get("runs") or []:
        rows.append((tr("run", lang), str(run["label"])))
        rows += run_provenance(run, lang)
        rows += plugin_file_rows((run.get("provenance") or {}).get("plugins") or [], lang)
    return rows


def _sheet_name(text: str, wb: Any) -> str:
    import re

    base = re.sub(r"[\[\]:*?/\\']", " ", str(text))[:28].strip() or "group"
    name, k = base, 2
    while name in wb.sheetnames:
        name, k = f"{base[:25]} {k}", k + 1
    return name
