"""Excel workbooks of a Result (and of a comparison), safe and byte-for-byte reproducible.

Sheets: ``summary`` (one row per village-year), ``pillars``, ``criteria``, ``indicators``
(one row per village-year and indicator), ``gates`` and ``provenance``. Every text cell
is neutralised with :func:`villagescore.outputs.neutralise` (a name such as
``=HYPERLINK(...)`` is stored as the text ``'=HYPERLINK(...)``) and typed as a string, so
a spreadsheet never evaluates data as a formula. Workbook properties carry a fixed time
and the zip entries a fixed date, so the same input always gives the same bytes
(:func:`workbook_bytes`, also used by ``villagescore template``).
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

__all__ = ["render", "render_comparison", "workbook_bytes", "cell_value", "append_row", "FIXED_TIME",
           "MAX_ROWS"]

#: The time written into every workbook's properties (no wall-clock time in outputs).
FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
#: Rows a worksheet can hold (Excel's limit, header included).
MAX_ROWS = 1_048_576
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


def _cells(ws: Any, values: Iterable[Any], formats: dict[int, str] | None = None) -> list[Any]:
    """Safe cells for one row: text as string cells (never a formula), numbers with their format."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for k, value in enumerate(values):
        value = cell_value(value)
        fmt = formats.get(k) if formats else None
        if isinstance(value, str):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            out.append(cell)
        elif fmt is not None and value is not None:
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = fmt
            out.append(cell)
        else:
            out.append(value)
    return out


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """Append one row of safe cells to ``ws``: text is neutralised and typed as a string."""
    ws.append(_cells(ws, values))


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
           widths: Sequence[int] | None = None, score_cols: Sequence[int] = (), pct_cols: Sequence[int] = (),
           number_cols: Sequence[int] = ()) -> Any:
    """Write one table sheet (header row, then ``rows``), streaming; columns are numbered from 1."""
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for k, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
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
    count = 0
    for row in rows:
        count += 1
        if count >= MAX_ROWS:
            msg = (f"sheet {title!r} would need more rows than Excel's limit of {MAX_ROWS - 1:,}; choose villages "
                   "with --village or use --format csv/json")
            raise OutputError(msg)
        ws.append(_cells(ws, row, formats))
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
    return ws


def workbook_bytes(wb: Any) -> bytes:
    """Return the ``.xlsx`` bytes of ``wb``: fixed property times and zip dates (reproducible)."""
    from openpyxl.writer.excel import ExcelWriter

    props = wb.properties
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.creator = "villagescore"
    props.lastModifiedBy = "villagescore"
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # closes the archive
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
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
    _sheet(wb, "summary", header, summary_rows, widths=widths, score_cols=[9, *range(12, 12 + k)],
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
    _sheet(wb, "pillars", head + ["pillar_id", t("pillar", lang), t("score", lang), t("coverage", lang),
                                  t("status", lang)],
           node_rows(fw.pillars, tree.pillar_score, tree.pillar_coverage, tree.pillar_na, lambda node: []),
           widths=[22, 28, 8, 16, 24, 10, 12, 16], score_cols=[6], pct_cols=[7])
    pillar_labels = {p.id: label(p.label, lang, p.id) for p in fw.pillars}
    _sheet(wb, "criteria", head + [t("pillar", lang), "criterion_id", t("criterion", lang), t("score", lang),
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

    _sheet(wb, "indicators", head + [t("pillar", lang), "criterion_id", "indicator_id", t("indicator", lang),
                                     t("value", lang), t("unit", lang), t("score", lang), t("status", lang),
                                     t("weight", lang), tr("contribution", lang)],
           indicator_rows(), widths=[22, 28, 8, 14, 26, 34, 44, 12, 10, 10, 16, 10, 12],
           score_cols=[10], pct_cols=[12], number_cols=[8, 13])

    gate_rows = (
        [ids[i], names[i], years[i], g.id, label(g.label, lang, g.id), g.indicator, g.rule,
         tr("yes" if result.fired[i, k] else "no", lang), label(fw.tier(g.cap).label, lang, g.cap)]
        for i in range(n) for k, g in enumerate(fw.gates)
    )
    _sheet(wb, "gates", head + ["gate_id", t("gate", lang), "indicator_id", tr("rule", lang), tr("fired", lang),
                                t("cap", lang)],
           gate_rows, widths=[22, 28, 8, 34, 40, 34, 16, 10, 30])

    prov = list(provenance_rows(result.provenance, lang))
    for plugin in result.provenance.get("plugins") or []:
        prov.append((f"{tr('plugins', lang)}: {plugin['name']}", str(plugin["version"])))
    _sheet(wb, "provenance", [tr("provenance", lang), t("value", lang)], prov, widths=[34, 80])
    return workbook_bytes(wb)


def _missing(x: Any) -> bool:
    return x is None or type(x).__name__ == "NAType" or (isinstance(x, float) and math.isnan(x))


def render_comparison(comparison: dict[str, Any], lang: str) -> bytes:
    """Return the workbook of a comparison: one sheet per section (raw numbers), warnings, provenance.

    The sections are those of ``villagescore compare --format csv --table …`` (rankings,
    groups, side-by-side, gaps, changes, node-changes), so every number keeps its full
    precision and sorts and filters as a number in Excel.
    """
    from .html import _sections

    wb = _new_workbook()
    for sec in _sections(comparison, lang, text=False):
        if not sec["rows"] and sec["key"] != "rankings":
            continue
        header = [str(h) for h in sec["header"]]
        score_cols = [k for k, h in enumerate(header, start=1)
                      if any(h == p["label"] for p in comparison.get("pillars", [])) or h in (t("overall", lang),)]
        _sheet(wb, _sheet_name(sec["key"], wb), header, sec["rows"], widths=[max(10, min(40, len(h) + 4))
                                                                              for h in header],
               score_cols=score_cols)
    warnings = comparison.get("warnings") or []
    if warnings:
        _sheet(wb, "warnings", ["code", tr("warnings", lang)], ([w["code"], w["message"]] for w in warnings),
               widths=[24, 120])
    runs = comparison.get("runs") or []
    _sheet(wb, "provenance", [tr("run", lang), tr("framework_id", lang), tr("framework_version", lang),
                              tr("framework_sha256", lang), tr("dataset_sha256", lang), tr("engine_version", lang)],
           ([r["label"], r["framework"]["id"], r["framework"]["version"], r["framework"].get("sha256"),
             r.get("dataset_sha256"), r.get("engine_version")] for r in runs), widths=[30, 24, 12, 66, 66, 12])
    return workbook_bytes(wb)


def _sheet_name(text: str, wb: Any) -> str:
    import re

    base = re.sub(r"[\[\]:*?/\\']", " ", str(text))[:28].strip() or "group"
    name, k = base, 2
    while name in wb.sheetnames:
        name, k = f"{base[:25]} {k}", k + 1
    return name

