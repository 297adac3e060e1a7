"""Reporters that render Results for people: Markdown, HTML, PDF, XLSX (registered by the built-in plugin).

:data:`REPORTERS` is added by the built-in plugin to its ``register_reporters`` hook, so
``villagescore evaluate --format html|xlsx|md`` finds them like any plugin's reporter.
The renderers are imported only when a report is written: listing the reporters (as
``villagescore plugins`` does) imports neither Jinja2, openpyxl nor pandas.
"""

from __future__ import annotations

from typing import Any

from ..objects import Reporter

__all__ = ["REPORTERS"]


def _render_html(result: Any, lang: str) -> bytes:
    from .html import render

    return render(result, lang)


def _render_xlsx(result: Any, lang: str) -> bytes:
    from .xlsx import render

    return render(result, lang)


def _write_xlsx(result: Any, lang: str, handle: Any) -> None:
    from .xlsx import write

    write(result, lang, handle)


def _render_pdf(result: Any, lang: str) -> bytes:
    from .pdf import render

    return render(result, lang)


def _preflight_xlsx(rows: int, framework: Any) -> None:
    from .xlsx import preflight

    preflight(rows, framework)


def _render_md(result: Any, lang: str) -> bytes:
    from .markdown import render

    return render(result, lang)


def _summary_plans(rows: int) -> int:
    """A document shows the plan of every village-year it holds (the command computes the first ones).

    A national summary (``SUMMARY_LIMIT`` village-years or more: the HTML, Markdown and PDF
    reports) shows none: its few village profiles are a sample and each plan is a search that
    costs seconds; the summary says so and points to ``villagescore explain``.
    """
    from .national import SUMMARY_LIMIT

    return 0 if rows >= SUMMARY_LIMIT else rows


def _pdf_plans(rows: int) -> int:
    """As :func:`_summary_plans` for the PDF report (``--layout report``); its fact sheets (the default) show none.

    The layout is the current document's (:func:`villagescore.reports.document.current`: the
    command line makes the run's settings current before asking).
    """
    from .document import current

    return 0 if current().layout_for("pdf") == "factsheet" else _summary_plans(rows)


#: Document reporters of the core; the built-in plugin registers them.
REPORTERS: list[Reporter] = [
    Reporter("html", ".html", _render_html,
             "Self-contained HTML report (opens offline): pillar polygon, criterion bars, gates, provenance.",
             plans=_summary_plans),
    Reporter("xlsx", ".xlsx", _render_xlsx,
             "Excel workbook, one wide sheet per level (summary, criteria, indicators, gates) and provenance; "
             "up to 1,048,575 village-years.", binary=True, write=_write_xlsx, preflight=_preflight_xlsx),
    Reporter("md", ".md", _render_md, "Markdown report for documents and e-mail.", plans=_summary_plans),
    Reporter("pdf", ".pdf", _render_pdf,
             "PDF on A4 (needs the 'pdf' extra, WeasyPrint): one fact sheet per village-year, or the report.",
             binary=True, plans=_pdf_plans),
]
