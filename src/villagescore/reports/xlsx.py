"""Excel workbooks of a Result (and of a comparison), safe and byte-for-byte reproducible.

Below :data:`LONG_LIMIT` village-years the workbook is a report to read and print:
``summary``, then ``pillars``, ``criteria``, ``indicators`` and ``gates`` with a row per
village-year and node (labels, values, status, weights, contributions), then ``provenance``.
From it on there is one wide sheet per level, one row per village-year, so a workbook holds as many
village-years as Excel has rows (1,048,575; :func:`preflight` refuses more before any
work): ``summary`` (identity, overall and pillar scores and coverage, rating, gates
fired), ``criteria`` (a score and a coverage column per criterion), ``indicators`` (a
score column per indicator), ``gates`` (fired or not, per gate), ``indicator list`` (what
each indicator column is: label, pillar, criterion, unit) and ``provenance``. Every text cell
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
by :func:`workbook_bytes`. The wide sheets are serialised column by column
(:func:`columns_xml`): each distinct value of a column is formatted once, and cells carry
no reference (they follow each other in their row; an empty cell is ``<c/>``).
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

__all__ = ["render", "render_comparison", "workbook_bytes", "cell_value", "append_row", "rows_xml", "columns_xml",
           "page_setup", "preflight", "FIXED_TIME", "MAX_ROWS", "MAX_COLUMNS", "MAX_TEXT", "A4", "LANDSCAPE_WIDTH",
           "LONG_LIMIT"]

#: The time written into every workbook's properties (no wall-clock time in outputs).
FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
#: Rows a worksheet can hold (Excel's limit, header included).
MAX_ROWS = 1_048_576
#: Columns a worksheet can hold (Excel's limit).
MAX_COLUMNS = 16_384
#: Characters a cell can hold (Excel's limit).
MAX_TEXT = 32_767
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BIG = 16 * 2**20
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


def columns_xml(columns: Sequence[Any], styles: dict[int, int], *, first_row: int = 2,
                sheet: str = "", cache: dict[tuple[int, str], Any] | None = None) -> tuple[str, int]:
    """Serialise data rows given as columns (equal-length sequences); return ``(xml, number of rows)``.

    The same cells as :func:`rows_xml` (text neutralised and inline, booleans, numbers with
    15 significant digits, NaN and ``None`` empty), built column by column: each distinct
    value of a column is turned into XML once (and a column object given again with the
    same style, through ``cache``, is not serialised again). Cells carry no ``r``
    reference; an empty cell is written ``<c/>`` (trailing ones are left out); numbers
    leave out ``t="n"`` (the default type).
    """
    import numpy as np
    import pandas as pd

    if not columns:
        return "", 0
    n = len(columns[0])
    if n == 0:
        return "", 0
    if first_row + n - 1 >= MAX_ROWS:
        msg = (f"sheet {sheet!r} would need more rows than Excel's limit of {MAX_ROWS - 1:,}; choose villages "
               "with --village or use --format csv/jsonl/json")
        raise OutputError(msg)
    grid = np.empty((n, len(columns)), dtype=object)
    cache = {} if cache is None else cache
    for k, column in enumerate(columns):
        style = styles.get(k)
        attr = "" if style is None else f' s="{style}"'
        key = (id(column), attr)
        if key in cache:
            grid[:, k] = cache[key][1]
            continue
        if _is_float(column):
            codes, uniques = pd.factorize(np.asarray(column, dtype=float), use_na_sentinel=True)
            finite = np.isfinite(uniques)
            pieces = [f"<c{attr}><v>{v:.15g}</v></c>" if ok else "<c/>"
                      for v, ok in zip(uniques.tolist(), finite.tolist(), strict=True)] + ["<c/>"]
        else:
            codes, uniques = pd.factorize(pd.Series(column, dtype=object), use_na_sentinel=True)
            pieces = [_cell_xml(v, attr, sheet) for v in uniques.tolist()] + ["<c/>"]
        grid[:, k] = cells = np.asarray(pieces, dtype=object)[codes]
        cache[key] = (column, cells)  # keeps the column alive while its id is a key
    rows = [_trim("".join(cells)) for cells in grid.tolist()]
    return "".join(f'<row r="{r}">{body}</row>' for r, body in enumerate(rows, start=first_row)), n


def _trim(row: str) -> str:
    while row.endswith("<c/>"):
        row = row[:-4]
    return row


def _is_float(column: Any) -> bool:
    return getattr(getattr(column, "dtype", None), "kind", "") == "f"


def _cell_xml(value: Any, attr: str, sheet: str) -> str:
    value = cell_value(value)
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            msg = f"sheet {sheet!r}: text longer than Excel's {MAX_TEXT:,} characters"
            raise OutputError(msg)
        return "<c" + _xml_text(value)
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    return f"<c{attr}><v>{value:.15g}</v></c>"


def preflight(rows: int, framework: Any) -> None:
    """Refuse, before any reading or scoring, more village-years or columns than a worksheet holds.

    ``rows``: an upper bound of the village-years to write (a dataset's data lines).
    """
    columns = 3 + max(len(framework.indicators), 2 * len(framework.criteria), len(framework.gates),
                      11 + 2 * len(framework.pillars))
    if rows + 1 > MAX_ROWS:
        msg = (f"an XLSX workbook holds at most {MAX_ROWS - 1:,} village-years (Excel's limit of {MAX_ROWS:,} rows "
               f"per sheet) and the dataset has up to {rows:,}: use --format csv (one row per village-year), "
               "jsonl or json instead, or choose villages with --village")
        raise OutputError(msg)
    if columns > MAX_COLUMNS:
        msg = (f"the framework's widest sheet needs {columns:,} columns, more than Excel's {MAX_COLUMNS:,}: use "
               "--format csv, jsonl or json instead")
        raise OutputError(msg)


def _number_style(ws: Any, number_format: str) -> int:
    """The style id of ``number_format`` in the workbook (registered through openpyxl)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=0)
    cell.number_format = number_format
    return int(cell.style_id)


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]] | None, *,
           widths: Sequence[int] | None = None, score_cols: Sequence[int] = (), pct_cols: Sequence[int] = (),
           number_cols: Sequence[int] = (), columns: Sequence[Any] | None = None,
           cache: dict | None = None, row_count: int | None = None) -> tuple[Any, str]:
    """Write one table sheet (header row through openpyxl; data rows by :func:`rows_xml`, or ``columns``).

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
    if columns is not None:
        body, count = columns_xml(columns, styles, sheet=title, cache=cache)
    else:
        body, count = rows_xml(rows or [], styles, sheet=title)
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
    # large sheets: fast compression (a national workbook is hundreds of MB of XML)
    level = 1 if sum(len(x) for x in splice.values()) > _BIG else 6
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=level) as dst:
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


def render(result: Any, lang: str) -> bytes:
    """Return the workbook of ``result``: a report below :data:`LONG_LIMIT` village-years, else wide sheets."""
    fw = result.framework
    n = len(result)
    preflight(n, fw)
    frame = result.summary_frame(lang=lang)
    ids = frame["village_id"].astype(str).to_numpy(dtype=object)
    names = frame["name"].to_numpy(dtype=object)
    years = frame["year"].to_numpy()
    wb = _new_workbook()
    bodies: dict[Any, str] = {}
    cache: dict[tuple[int, str], Any] = {}  # the identity columns repeat on every sheet

    def sheet(*args: Any, **kwargs: Any) -> None:
        ws, xml = _sheet(wb, *args, cache=cache, **kwargs)
        bodies[ws] = xml

    ident = ["village_id", "name", "commune", "province", "former_district", "former_province", "sectors", "year"]
    header = [tr("village_id", lang), t("village", lang), t("commune", lang), t("province", lang),
              tr("former_district", lang), tr("former_province", lang), t("sectors", lang), t("year", lang),
              t("overall", lang), t("coverage", lang), t("rating", lang)]
    header += [label(p.label, lang, p.id) for p in fw.pillars]
    header += [f"{label(p.label, lang, p.id)} — {t('coverage', lang)}" for p in fw.pillars]
    header += [t("gates_fired", lang)]
    columns = [ids, names] + [frame[c].to_numpy() for c in ident[2:-1]] + [years] + [frame[c].to_numpy() for c in
                                                      ("overall_score", "overall_coverage", "rating_label")]
    columns += [frame[f"{p.id}_score"].to_numpy() for p in fw.pillars]
    columns += [frame[f"{p.id}_coverage"].to_numpy() for p in fw.pillars]
    columns += [frame["gates_fired"].to_numpy()]
    k = len(fw.pillars)
    widths = [22, 28, 18, 16, 16, 16, 18, 8, 12, 12, 22] + [12] * 2 * k + [30]
    sheet("summary", header, None, widths=widths, score_cols=[9, *range(12, 12 + k)],
          pct_cols=[10, *range(12 + k, 12 + 2 * k)], columns=columns)

    head = [tr("village_id", lang), t("village", lang), t("year", lang)]
    long_rows = n * max(len(fw.indicators), len(fw.criteria), len(fw.gates), 1)  # the longest sheet of a report
    layout = _long_sheets if n < LONG_LIMIT and long_rows < MAX_ROWS else _wide_sheets
    layout(result, lang, sheet, head, ids, names, years)

    prov = list(provenance_rows(result.provenance, lang))
    for plugin in result.provenance.get("plugins") or []:
        prov.append((f"{tr('plugins', lang)}: {plugin['name']}", str(plugin["version"])))
    sheet("provenance", [tr("provenance", lang), t("value", lang)], prov, widths=[34, 80])
    return workbook_bytes(wb, bodies)


#: Below this many village-years the workbook is a report to read and print (a row per
#: village-year and pillar, criterion, indicator or gate, with labels, values, status,
#: weights and contributions); from it on, as the HTML report, one wide row per village-year.
LONG_LIMIT = 1_000


def _status_array(score: Any, na: Any) -> Any:
    """``scored``, ``missing`` or ``na`` per cell of a node score matrix."""
    import numpy as np

    return np.where(na, "na", np.where(np.isnan(score), "missing", "scored"))


def _long_sheets(result: Any, lang: str, sheet: Any, head: list[str], ids: Any, names: Any, years: Any) -> None:
    """pillars, criteria, indicators and gates: one row per village-year and node, to read and print."""
    import numpy as np

    fw, tree = result.framework, result.tree
    ids, names, years = ids.tolist(), [None if _missing(x) else x for x in names.tolist()], years.tolist()

    def node_rows(nodes: Sequence[Any], score: Any, coverage: Any, na: Any, extra: Any) -> Iterable[list[Any]]:
        status = _status_array(score, na)
        score, coverage = np.round(score, 4), np.round(coverage, 4)
        labels = [label(node.label, lang, node.id) for node in nodes]
        for i, j in np.argwhere(~na):  # row by row; nodes that do not apply are left out
            node = nodes[j]
            yield [ids[i], names[i], years[i], *extra(node), node.id, labels[j], score[i, j], coverage[i, j],
                   tr(status[i, j], lang)]

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
        for i in range(len(ids)) for k, g in enumerate(fw.gates)
    )
    sheet("gates", head + ["gate_id", t("gate", lang), "indicator_id", tr("rule", lang), tr("fired", lang),
                           t("cap", lang)],
          gate_rows, widths=[22, 28, 8, 34, 40, 34, 16, 10, 30])


def _wide_sheets(result: Any, lang: str, sheet: Any, head: list[str], ids: Any, names: Any, years: Any) -> None:
    """criteria, indicators and gates: one wide row per village-year; the indicator list says what each column is."""
    import numpy as np

    fw, tree = result.framework, result.tree
    crits = fw.criteria
    c = len(crits)
    score = np.round(tree.criterion_score, 4)
    cover = np.round(tree.criterion_coverage, 4)
    sheet("criteria", head + [label(x.label, lang, x.id) for x in crits]
          + [f"{label(x.label, lang, x.id)} — {t('coverage', lang)}" for x in crits], None,
          widths=[22, 28, 8] + [14] * 2 * c, score_cols=list(range(4, 4 + c)), pct_cols=list(range(4 + c, 4 + 2 * c)),
          columns=[ids, names, years, *score.T, *cover.T])

    inds = fw.indicators
    m = len(inds)
    sheet("indicators", head + [x.id for x in inds], None, widths=[22, 28, 8] + [12] * m,
          score_cols=list(range(4, 4 + m)), columns=[ids, names, years, *np.round(result.matrix.scores, 4).T])

    yes, no = tr("yes", lang), tr("no", lang)
    fired = [np.where(result.fired[:, g], yes, no).astype(object) for g in range(len(fw.gates))]
    sheet("gates", head + [label(g.label, lang, g.id) for g in fw.gates], None,
          widths=[22, 28, 8] + [24] * len(fw.gates), columns=[ids, names, years, *fired])

    pillar_labels = {p.id: label(p.label, lang, p.id) for p in fw.pillars}
    crit_labels = {x.id: label(x.label, lang, x.id) for x in crits}
    sheet("indicator list", ["indicator_id", t("indicator", lang), t("pillar", lang), t("criterion", lang),
                             t("unit", lang)],
          ([x.id, label(x.indicator.label, lang, x.id), pillar_labels.get(x.pillar, x.pillar),
            crit_labels.get(x.criterion, x.criterion), x.indicator.unit] for x in inds),
          widths=[34, 60, 16, 40, 10])


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

