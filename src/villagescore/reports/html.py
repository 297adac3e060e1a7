"""Self-contained HTML reports: one file that opens offline and can be mailed as is.

:func:`render` gives a page per Result: a summary table of every village-year (from
:data:`~villagescore.reports.national.SUMMARY_LIMIT` village-years on, a national summary
instead: distribution, provinces, best and worst; :mod:`villagescore.reports.national`), then a
profile per village-year (the first ones only, saying so) with the pillar polygon (inline SVG, see
:mod:`villagescore.reports.svg`), criterion bars, the mandatory rules that failed, the
weakest indicators, data coverage, the improvement plan when :mod:`villagescore.explain`
offers one, and a provenance footer. :func:`render_comparison` gives the rankings and
group summaries of a comparison (with groups or many village-years, the best and worst villages
only: :mod:`villagescore.reports.comparison_page`). There is no JavaScript, no external stylesheet, font
or image: the CSS is inline. Jinja2 autoescaping is on for every template, so village
names and any other text from data files are escaped; only the SVG built by this package
(which escapes its own texts) is inserted as markup.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from .view import report_view, tr

__all__ = ["render", "render_comparison", "environment"]


class _Strings:
    """Interface strings for templates: ``s.summary`` is ``tr("summary", lang)``."""

    def __init__(self, lang: str) -> None:
        self._lang = lang

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return tr(key, self._lang)


@lru_cache(maxsize=1)
def environment() -> Any:
    """The Jinja2 environment of the reports: package templates, autoescape on, strict undefined.

    Compiled templates are kept in the per-user cache (:mod:`villagescore.cache`), in Jinja's
    own bytecode cache, keyed by each template's source: compiling the report templates costs
    about 0.1 s of every report otherwise.
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("villagescore.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )


def _bytecode_cache() -> Any:
    """Jinja's file-system bytecode cache in the per-user cache folder (``None``: no cache, or no such folder)."""
    from jinja2 import FileSystemBytecodeCache

    from ..cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    templates = folder / "templates"
    try:
        templates.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:  # a folder that cannot be written: templates are compiled every time
        return None
    if not _private(templates):  # compiled code is loaded from it: only from a folder no one else can write
        return None

    class _Quiet(FileSystemBytecodeCache):
        """Jinja writes each file atomically; a write that fails leaves the template compiled in memory only."""

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return _Quiet(str(templates))


def _private(folder: Any) -> bool:
    """Whether ``folder`` is a real folder of the current user that no other user can write (as Jinja asks)."""
    import os
    import stat

    if not hasattr(os, "getuid"):  # Windows: the per-user cache folder is in the user's profile
        return True
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _engine_version(provenance: dict[str, Any]) -> str:
    return str((provenance or {}).get("engine_version", ""))


class _DocStrings:
    """Document strings for templates: ``d.issued`` is ``doc_text("issued", lang)``."""

    def __init__(self, lang: str) -> None:
        self._lang = lang

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        from .document import doc_text

        return doc_text(key, self._lang)


def render(result: Any, lang: str, *, max_profiles: int = 200, plans: Any = None, document: Any = None,
           fmt: str = "html") -> bytes:
    """Return the HTML report of ``result`` in ``lang`` (``vi`` or ``en``) as UTF-8 bytes.

    ``plans`` maps row numbers to improvement plans (the ``plan`` of
    :meth:`villagescore.explain.Explanation.to_dict`), shown in those rows' profiles.
    ``document`` (:class:`~villagescore.reports.document.DocumentSettings`, default the
    current run's) gives the layout — the full report, or one A4 fact sheet per
    village-year — and the issue date, issuing unit and signature block; ``fmt`` is the
    format the page is for (``pdf`` defaults to fact sheets).
    """
    from ..i18n import format_integer
    from .document import current, doc_text
    from .sheet_provenance import as_of_text, sheet_provenance
    from .svg import radar_svg

    doc = document if document is not None else current()
    layout = doc.layout_for(fmt)
    view = report_view(result, lang, max_profiles=max_profiles, plans=plans, national=True)
    for v in view["profiles"]:
        axes = [(p["label"], p["score"], p["score_text"]) for p in v["pillars"]]
        previous = [p["previous"] for p in v["pillars"]] if v["previous"] else None
        legend = (str(v["year"]), str(v["previous"]["year"]) if v["previous"] else "")
        title = f"{tr('radar_title', lang)} — {v['name']} {v['year']}"
        v["radar"] = Markup(radar_svg(axes, previous=previous, title=title, legend=legend,
                                      ident=f"radar-{v['village_id']}-{v['year']}"))
        if layout == "factsheet":  # a sheet goes out alone: what it rests on, in full
            v["sheet_provenance"], v["sheet_applied"] = sheet_provenance(result, v["regulations"], lang)
            v["as_of"] = as_of_text(result, lang)
    page_title = f"{view['title']} — {view['framework']['title']}"
    if len(view["profiles"]) == 1:
        page_title = f"{view['profiles'][0]['name']} {view['profiles'][0]['year']} — {view['title']}"
    template = "factsheet.html.j2" if layout == "factsheet" else "report.html.j2"
    # fact sheets of some village-years only: the document says so on its first sheet, never silently
    sheets_note = doc_text("factsheets_limited", lang, shown=format_integer(len(view["profiles"]), lang),
                           total=format_integer(len(result), lang)) if len(view["profiles"]) < len(result) else ""
    html = environment().get_template(template).render(
        r=view, s=_Strings(lang), d=_DocStrings(lang), doc=doc, lang=lang, page_title=page_title,
        sheets_note=sheets_note,
        engine_version=_engine_version(result.provenance), page_word=_DocStrings(lang).page,
    )
    return html.encode("utf-8")


# ---- comparisons ----


_NUMBER = re.compile(r"^[+\-−]?\d[\d.,]*( ?%)?$|^—$")


def _cells(row: list[Any]) -> list[dict[str, Any]]:
    return [{"text": "" if x is None else str(x), "num": isinstance(x, (int, float)) or bool(_NUMBER.match(str(x)))}
            for x in row]


def _period_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    first = rows[0]["period"] if rows else None
    return [r for r in rows if r["period"] == first]


def _bar_label(row: dict[str, Any]) -> tuple[str, str]:
    """A ranked village-year as the tables name it, ``Name (id) year``, split so the chart never cuts id or year."""
    if not row["name"]:
        return "", f"{row['village_id']} {row['year']}"
    return str(row["name"]), f"({row['village_id']}) {row['year']}"


def comparison_charts(comparison: dict[str, Any], lang: str, *, limit: int = 40) -> list[dict[str, Any]]:
    """Bar charts of a comparison: overall scores of the ranked villages, and group means with their range."""
    from ..printed import minimums_of
    from ..published import format_decisive
    from .svg import bars_svg

    minimums = minimums_of(comparison.get("tiers") or [])  # a bar's score never reads as a minimum it misses
    charts = []
    rows = _period_rows(comparison["rankings"]["rows"])[:limit]
    if rows:  # each village as the tables name it, Name (id), then the year; the id and year are never cut
        items = [(_bar_label(r), r["score"], format_decisive(r["score"], minimums, lang), None, None) for r in rows]
        title = f"{tr('rankings', lang)} — {tr('overall', lang)}"
        charts.append({"title": title, "svg": Markup(bars_svg(items, title=title, ident="chart-rankings")),
                       "note": tr("chart_limited", lang, shown=limit) if len(comparison["rankings"]["rows"]) > limit
                       and len(rows) == limit else ""})
    groups = comparison.get("groups") or {}
    grows = [g for g in _period_rows(groups.get("rows") or []) if g["mean"] is not None][:limit]
    if grows:
        from .comparison_groups import group_name

        items = [(group_name(g["label"], g["key"], g["not_recorded"]), g["mean"],
                  format_decisive(g["mean"], minimums, lang),
                  g["min"], g["max"]) for g in grows]
        title = f"{tr('groups', lang)} — {tr('mean', lang)} ({tr('min', lang)}–{tr('max', lang)})"
        charts.append({"title": title, "svg": Markup(bars_svg(items, title=title, ident="chart-groups")),
                       "note": ""})
    return charts


def render_comparison(comparison: dict[str, Any], lang: str) -> bytes:
    """Return the HTML page of a comparison (the dict of :func:`villagescore.compare.compare`).

    Bar charts of the overall scores and group means come first, then every section of
    the comparison (rankings, groups, side by side, gaps, changes over time) as a table.
    """
    from .comparison_page import listed_sections
    from .comparison_provenance import comparison_provenance

    # with groups, or a national number of village-years: the best and worst villages, not every one
    shown, listed = listed_sections(comparison, lang)
    sections = [dict(sec, rows=[_cells(r) for r in sec["rows"]]) for sec in listed if sec["rows"]]
    fw = comparison.get("framework") or {}
    runs = [f"{r['label']} — {r['framework']['id']} {r['framework']['version']}" for r in comparison.get("runs", [])]
    title = tr("comparison_title", lang)
    html = environment().get_template("comparison.html.j2").render(
        title=title, fw=fw, runs=runs, warnings=[w["message"] for w in comparison.get("warnings", [])],
        charts=comparison_charts(shown, lang), sections=sections, s=_Strings(lang), lang=lang,
        page_title=f"{title} — {fw.get('id', '')} {fw.get('version', '')}",
        engine_version=next((r.get("engine_version") or "" for r in comparison.get("runs", [])), ""),
        provenance=comparison_provenance(comparison, lang), page_word=_DocStrings(lang).page,
    )
    return html.encode("utf-8")

