"""The workbook of a Result: a printable report below the long limit, wide sheets from it on."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from ...errors import OutputError
from ...i18n import label, t

# the limits are read from the package at call time: villagescore.reports.xlsx.MAX_ROWS set by a
# caller (or a test) is the one that counts
from .. import xlsx as _limits
from ..view import provenance_rows, tr
from .book import _new_workbook, _sheet, workbook_bytes


def preflight(rows: int, framework: Any) -> None:
    """Refuse, before any reading or scoring, more village-years or columns than a worksheet holds.

    ``rows``: an upper bound of the village-years to write (a dataset's data lines).
    """
    columns = 3 + max(len(framework.indicators), 2 * len(framework.criteria), len(framework.gates),
                      11 + 2 * len(framework.pillars))
    max_rows, max_columns = _limits.MAX_ROWS, _limits.MAX_COLUMNS
    if rows + 1 > max_rows:
        msg = (f"an XLSX workbook holds at most {max_rows - 1:,} village-years (Excel's limit of {max_rows:,} rows "
               f"per sheet) and the dataset has up to {rows:,}: use --format csv (one row per village-year), "
               "jsonl or json instead, or choose villages with --village")
        raise OutputError(msg)
    if columns > max_columns:
        msg = (f"the framework's widest sheet needs {columns:,} columns, more than Excel's {max_columns:,}: use "
               "--format csv, jsonl or json instead")
        raise OutputError(msg)


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
    layout = _long_sheets if n < _limits.LONG_LIMIT and long_rows < _limits.MAX_ROWS else _wide_sheets
    layout(result, lang, sheet, head, ids, names, years)

    prov = list(provenance_rows(result.provenance, lang))
    for plugin in result.provenance.get("plugins") or []:
        prov.append((f"{tr('plugins', lang)}: {plugin['name']}", str(plugin["version"])))
    sheet("provenance", [tr("provenance", lang), t("value", lang)], prov, widths=[34, 80])
    return workbook_bytes(wb, bodies)


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
