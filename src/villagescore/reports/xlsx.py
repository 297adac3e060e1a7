"""Excel workbooks of a Result (and of a comparison), safe and byte-for-byte reproducible.

Sheets: ``summary`` (one row per village-year), ``pillars``, ``criteria``, ``indicators``
(one row per village-year and indicator), ``gates`` and ``provenance``. Every text cell
is neutralised with :func:`villagescore.outputs.neutralise` (a name such as
``=HYPERLINK(...)`` is stored as the text ``'=HYPERLINK(...)``) and typed as a string, so
a spreadsheet never evaluates data as a formula. Workbook properties carry a fixed time
and the zip entries a fixed date, so the same input always gives the same bytes
(:func:`workbook_bytes`, also used by ``villagescore template``).

Speed: openpyxl (write-only mode) writes the workbook, the styled header rows and the
sheet settings, but serialising half a million cells through its XML writer takes most
of the time (≈ 8 s for the 500-village sample). The data rows are therefore written by
:func:`rows_xml` — the same ``<c>`` elements openpyxl writes in write-only mode (text as
inline strings ``t="inlineStr"``, never a formula; numbers ``t="n"`` with the style ids
openpyxl registered for their formats) — and spliced into each sheet's ``<sheetData>``
by :func:`workbook_bytes`.
"""

from __future__ import annotations

import datetime
import io
import math
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import OutputError
from ..i18n import label, t
from ..outputs import neutralise
from .view import provenance_rows, tr

__all__ = ["render", "render_comparison", "workbook_bytes", "cell_value", "append_row", "rows_xml", "page_setup",
           "FIXED_TIME", "MAX_ROWS", "MAX_TEXT", "A4", "LANDSCAPE_WIDTH"]

#: The time written into every workbook's properties (no wall-clock time in outputs).
FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
#: Rows a worksheet can hold (Excel's limit, header included).
MAX_ROWS = 1_048_576
#: Characters a cell can hold (Excel's limit).
MAX_TEXT = 32_767
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_HEADER_FILL = "DCE6F0"


def cell_value(value: Any) -> Any:
    """Return ``value`` as a safe cell value: None for missing, plain numbers, neutralised text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if type(value).__module__ == "numpy":
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, int):
        return value
    if type(value).__name__ == "NAType":
        return None
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return neutralise(text)


def _cells(ws: Any, values: Iterable[Any]) -> list[Any]:
    """Safe openpyxl cells for one row: text as string cells (never a formula), numbers as they are."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for value in values:
        value = cell_value(value)
        if isinstance(value, str):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """Append one row of safe cells to ``ws``: text is neutralised and typed as a string."""
    ws.append(_cells(ws, values))


def _xml_text(text: str) -> str:
    """An inline-string cell body (as openpyxl writes it: ``xml:space`` kept for edge spaces)."""
    body = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text.strip() and text.strip() != text else ""
    return f' t="inlineStr"><is><t{space}>{body}</t></is></c>'


def rows_xml(rows: Iterable[Sequence[Any]], styles: dict[int, int], *, first_row: int = 2, sheet: str = "",
             max_rows: int | None = None) -> tuple[str, int]:
    """Serialise data rows as SpreadsheetML ``<row>`` elements; return ``(xml, number of rows)``.

    Every value goes through :func:`cell_value` (text neutralised, cleaned of characters
    XML cannot hold; NaN and missing values leave the cell empty). Text cells are inline
    strings (never a formula), booleans ``t="b"``, numbers ``t="n"`` written with 15
    significant digits (what Excel keeps; ``8.720000000000001`` is written ``8.72``).
    ``styles`` maps a 0-based column to the style id of its number format (numbers only).
    """
    from openpyxl.utils import get_column_letter

    limit = MAX_ROWS if max_rows is None else max_rows
    letters: list[str] = []
    texts: dict[str, str] = {}  # the same labels and ids repeat on every row: escape each once
    parts: list[str] = []
    r = first_row - 1
    for r, row in enumerate(rows, start=first_row):  # after the loop, r is the last row written
        if r >= limit:
            msg = (f"sheet {sheet!r} would need more rows than Excel's limit of {limit - 1:,}; choose villages "
                   "with --village or use --format csv/json")
            raise OutputError(msg)
        parts.append(f'<row r="{r}">')
        for k, value in enumerate(row):
            value = cell_value(value)
            if value is None or value == "":
                continue
            while len(letters) <= k:
                letters.append(get_column_letter(len(letters) + 1))
            ref = f"{letters[k]}{r}"
            if isinstance(value, str):
                body = texts.get(value)
                if body is None:
                    if len(value) > MAX_TEXT:
                        msg = f"sheet {sheet!r}, cell {ref}: text longer than Excel's {MAX_TEXT:,} characters"
                        raise OutputError(msg)
                    body = texts[value] = _xml_text(value)
                parts.append(f'<c r="{ref}"{body}')
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            else:
                style = styles.get(k)
                attr = "" if style is None else f' s="{style}"'
                parts.append(f'<c r="{ref}"{attr} t="n"><v>{value:.15g}</v></c>')
        parts.append("</row>")
    return "".join(parts), r - first_row + 1


def _number_style(ws: Any, number_format: str) -> int:
    """The style id of ``number_format`` in the workbook (registered through openpyxl)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=0)
    cell.number_format = number_format
    return int(cell.style_id)


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
           widths: Sequence[int] | None = None, score_cols: Sequence[int] = (), pct_cols: Sequence[int] = (),
           number_cols: Sequence[int] = (), row_count: int | None = None) -> tuple[Any, str]:
    """Write one table sheet (header row through openpyxl; data rows by :func:`rows_xml`).

    Columns are numbered from 1. ``row_count``, when known before the rows are written, lets a
    long sheet print on whole pages (see :data:`ROWS_PER_PAGE`). Returns ``(worksheet, data rows XML)``: pass
    ``{worksheet: xml}`` to :func:`workbook_bytes`.
    """
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for k, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    pages_tall = 0 if row_count is None else max(1, math.ceil(row_count / ROWS_PER_PAGE))
    page_setup(ws, fit_height=pages_tall)  # before the first row: a write-only sheet writes its properties then
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    head = []
    for cell in _cells(ws, header):
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(ws, value=cell)
        cell.font = bold
        cell.fill = fill
        head.append(cell)
    ws.append(head)
    formats = {c - 1: "0.0" for c in score_cols}
    formats.update({c - 1: "0%" for c in pct_cols})
    formats.update({c - 1: "0.0###" for c in number_cols})
    styles = {k: _number_style(ws, fmt) for k, fmt in formats.items()}
    body, count = rows_xml(rows, styles, sheet=title)
    last = count + 1
    if header:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    if count:
        for col in score_cols:
            letter = get_column_letter(col)
            ws.conditional_formatting.add(
                f"{letter}2:{letter}{last}",
                ColorScaleRule(start_type="num", start_value=0, start_color="F8696B", mid_type="num",
                               mid_value=50, mid_color="FFEB84", end_type="num", end_value=100,
                               end_color="63BE7B"))
    return ws, body


#: Paper size code of A4 in a workbook's page setup (ECMA-376 ``paperSize``).
A4 = 9
#: Rows a printed page holds at most when a sheet's row count is known: a sheet of 164 rows
#: prints on two pages, slightly smaller, instead of two full pages and a third with eight rows.
ROWS_PER_PAGE = 85
#: Sheets wider than this many characters (the sum of their column widths) print in landscape.
LANDSCAPE_WIDTH = 110


def page_setup(ws: Any, *, header_rows: int = 1, landscape: bool | None = None, fit_height: int = 0,
               footer: str = "&A — &P / &N") -> None:
    """Set a worksheet up to print on A4: fit to the page width, repeat the header rows on every page.

    ``landscape`` defaults to the sheet's width (wider than :data:`LANDSCAPE_WIDTH`
    characters: landscape); ``fit_height`` is the number of pages tall (0: as many as the
    rows need); ``footer`` is printed centred at the bottom (default: sheet name and page
    ``N / total``). Works on ordinary worksheets, and on write-only ones before their first
    row is written (they write the fit-to-page flag with the sheet's properties, first).
    """
    from openpyxl.worksheet.properties import PageSetupProperties

    if landscape is None:
        widths = [d.width or 8.43 for d in ws.column_dimensions.values()]
        landscape = sum(widths) > LANDSCAPE_WIDTH
    ws.page_setup.paperSize = A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = fit_height
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.55
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.print_options.horizontalCentered = True
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    if footer:
        ws.oddFooter.center.text = footer
        ws.oddFooter.center.size = 8


def workbook_bytes(wb: Any, rows: dict[Any, str] | None = None) -> bytes:
    """Return the ``.xlsx`` bytes of ``wb``: fixed property times and zip dates (reproducible).

    ``rows`` maps worksheets to data rows serialised by :func:`rows_xml`; they are
    inserted after the rows openpyxl wrote (the header), at the end of ``<sheetData>``.
    """
    from openpyxl.writer.excel import ExcelWriter

    props = wb.properties
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.creator = "villagescore"
    props.lastModifiedBy = "villagescore"
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # closes the archive; sets each worksheet's path
    splice = {ws.path.lstrip("/"): xml.encode("utf-8") for ws, xml in (rows or {}).items() if xml}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in splice:
                end = b"</sheetData>"
                if data.count(end) != 1:  # openpyxl always writes the header row, so the element is open
                    msg = f"cannot add rows to {info.filename}: unexpected sheet XML"
                    raise OutputError(msg)
                data = data.replace(end, splice[info.filename] + end)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def _new_workbook() -> Any:
    from openpyxl import Workbook

    return Workbook(write_only=True)


def _status_array(score: Any, na: Any) -> Any:
    import numpy as np

    status = np.where(np.isnan(score), "missing", "scored").astype(object)
    status[na] = "not_applicable"
    return status


def render(result: Any, lang: str) -> bytes:
    """Return the workbook of ``result`` (sheets summary, pillars, criteria, indicators, gates, provenance)."""
    import numpy as np

    fw = result.framework
    tree = result.tree
    n = len(result)
    needed = n * max(len(fw.indicators), len(fw.criteria), len(fw.gates), 1)
    if needed >= MAX_ROWS:
        msg = (f"the workbook would need {needed:,} rows in one sheet, more than Excel's limit of {MAX_ROWS - 1:,}; "
               "choose villages with --village or use --format csv/json")
        raise OutputError(msg)
    frame = result.summary_frame(lang=lang)
    ids = [str(x) for x in frame["village_id"].tolist()]
    names = [None if _missing(x) else str(x) for x in frame["name"].tolist()]
    years = [int(x) for x in frame["year"].tolist()]
    wb = _new_workbook()
    bodies: dict[Any, str] = {}

    def sheet(*args: Any, **kwargs: Any) -> None:
        ws, xml = _sheet(wb, *args, **kwargs)
        bodies[ws] = xml

    ident = ["village_id", "name", "commune", "province", "former_district", "former_province", "sectors", "year"]
    header = [tr("village_id", lang), t("village", lang), t("commune", lang), t("province", lang),
              tr("former_district", lang), tr("former_province", lang), t("sectors", lang), t("year", lang),
              t("overall", lang), t("coverage", lang), t("rating", lang)]
    header += [label(p.label, lang, p.id) for p in fw.pillars]
    header += [f"{label(p.label, lang, p.id)} — {t('coverage', lang)}" for p in fw.pillars]
    header += [t("gates_fired", lang)]
    cols = {c: frame[c].tolist() for c in frame.columns}
    summary_rows = (
        [cols[c][i] for c in ident] + [cols["overall_score"][i], cols["overall_coverage"][i], cols["rating_label"][i]]
        + [cols[f"{p.id}_score"][i] for p in fw.pillars] + [cols[f"{p.id}_coverage"][i] for p in fw.pillars]
        + [cols["gates_fired"][i]]
        for i in range(n)
    )
    k = len(fw.pillars)
    widths = [22, 28, 18, 16, 16, 16, 18, 8, 12, 12, 22] + [12] * 2 * k + [30]
    sheet("summary", header, summary_rows, widths=widths, score_cols=[9, *range(12, 12 + k)],
          pct_cols=[10, *range(12 + k, 12 + 2 * k)])

    def node_rows(nodes: Sequence[Any], score: Any, coverage: Any, na: Any, extra: Any) -> Iterable[list[Any]]:
        status = _status_array(score, na)
        score, coverage = np.round(score, 4), np.round(coverage, 4)
        labels = [label(node.label, lang, node.id) for node in nodes]
        for i, j in np.argwhere(~na):  # row by row; nodes that do not apply are left out
            node = nodes[j]
            yield [ids[i], names[i], years[i], *extra(node), node.id, labels[j], score[i, j], coverage[i, j],
                   tr(status[i, j], lang)]

    head = [tr("village_id", lang), t("village", lang), t("year", lang)]
    sheet("pillars", head + ["pillar_id", t("pillar", lang), t("score", lang), t("coverage", lang),
                             t("status", lang)],
          node_rows(fw.pillars, tree.pillar_score, tree.pillar_coverage, tree.pillar_na, lambda node: []),
          widths=[22, 28, 8, 16, 24, 10, 12, 16], score_cols=[6], pct_cols=[7])
    pillar_labels = {p.id: label(p.label, lang, p.id) for p in fw.pillars}
    sheet("criteria", head + [t("pillar", lang), "criterion_id", t("criterion", lang), t("score", lang),
                              t("coverage", lang), t("status", lang)],
          node_rows(fw.criteria, tree.criterion_score, tree.criterion_coverage, tree.criterion_na,
                    lambda node: [pillar_labels.get(node.pillar, node.pillar)]),
          widths=[22, 28, 8, 16, 30, 40, 10, 12, 16], score_cols=[8], pct_cols=[9])

    nodes = fw.indicators
    scores = np.round(result.matrix.scores, 4)
    status = result.indicator_status()
    weights = np.round(result.overall_weights(), 6)
    contrib = np.round(result.contributions(), 4)
    ind_labels = [label(x.indicator.label, lang, x.id) for x in nodes]

    def indicator_rows() -> Iterable[list[Any]]:
        for i, j in np.argwhere(result.matrix.applicable):  # row by row; indicators that do not apply are left out
            node = nodes[j]
            yield [ids[i], names[i], years[i], pillar_labels.get(node.pillar, node.pillar), node.criterion,
                   node.id, ind_labels[j], result.matrix.values[j][i], node.indicator.unit, scores[i, j],
                   tr(status[i, j], lang), weights[i, j], contrib[i, j]]

    sheet("indicators", head + [t("pillar", lang), "criterion_id", "indicator_id", t("indicator", lang),
                                t("value", lang), t("unit", lang), t("score", lang), t("status", lang),
                                t("weight", lang), tr("contribution", lang)],
          indicator_rows(), widths=[22, 28, 8, 14, 26, 34, 44, 12, 10, 10, 16, 10, 12],
          score_cols=[10], pct_cols=[12], number_cols=[8, 13], row_count=int(result.matrix.applicable.sum()))

    gate_rows = (
        [ids[i], names[i], years[i], g.id, label(g.label, lang, g.id), g.indicator, g.rule,
         tr("yes" if result.fired[i, k] else "no", lang), label(fw.tier(g.cap).label, lang, g.cap)]
        for i in range(n) for k, g in enumerate(fw.gates)
    )
    sheet("gates", head + ["gate_id", t("gate", lang), "indicator_id", tr("rule", lang), tr("fired", lang),
                           t("cap", lang)],
          gate_rows, widths=[22, 28, 8, 34, 40, 34, 16, 10, 30])

    prov = list(provenance_rows(result.provenance, lang))
    for plugin in result.provenance.get("plugins") or []:
        prov.append((f"{tr('plugins', lang)}: {plugin['name']}", str(plugin["version"])))
    sheet("provenance", [tr("provenance", lang), t("value", lang)], prov, widths=[34, 80])
    return workbook_bytes(wb, bodies)


def _missing(x: Any) -> bool:
    return x is None or type(x).__name__ == "NAType" or (isinstance(x, float) and math.isnan(x))


def render_comparison(comparison: dict[str, Any], lang: str) -> bytes:
    """Return the workbook of a comparison: one sheet per section (raw numbers), warnings, provenance.

    The sections are those of ``villagescore compare --format csv --table …`` (rankings,
    groups, side-by-side, gaps, changes, node-changes), so every number keeps its full
    precision and sorts and filters as a number in Excel.
    """
    from .comparison import sections

    wb = _new_workbook()
    bodies: dict[Any, str] = {}

    def sheet(*args: Any, **kwargs: Any) -> None:
        ws, xml = _sheet(wb, *args, **kwargs)
        bodies[ws] = xml

    for sec in sections(comparison, lang, text=False):
        if not sec["rows"] and sec["key"] != "rankings":
            continue
        header = [str(h) for h in sec["header"]]
        score_cols = [k for k, h in enumerate(header, start=1)
                      if any(h == p["label"] for p in comparison.get("pillars", [])) or h in (t("overall", lang),)]
        sheet(_sheet_name(sec["key"], wb), header, sec["rows"], widths=[max(10, min(40, len(h) + 4))
                                                                         for h in header],
              score_cols=score_cols)
    warnings = comparison.get("warnings") or []
    if warnings:
        sheet("warnings", ["code", tr("warnings", lang)], ([w["code"], w["message"]] for w in warnings),
              widths=[24, 120])
    runs = comparison.get("runs") or []
    sheet("provenance", [tr("run", lang), tr("framework_id", lang), tr("framework_version", lang),
                         tr("framework_sha256", lang), tr("dataset_sha256", lang), tr("engine_version", lang)],
          ([r["label"], r["framework"]["id"], r["framework"]["version"], r["framework"].get("sha256"),
            r.get("dataset_sha256"), r.get("engine_version")] for r in runs), widths=[30, 24, 12, 66, 66, 12])
    return workbook_bytes(wb, bodies)


def _sheet_name(text: str, wb: Any) -> str:
    import re

    base = re.sub(r"[\[\]:*?/\\']", " ", str(text))[:28].strip() or "group"
    name, k = base, 2
    while name in wb.sheetnames:
        name, k = f"{base[:25]} {k}", k + 1
    return name

