"""Render a targets report (:func:`villagescore.targets.measure_targets`) as a table, JSON, CSV, Markdown or HTML.

The HTML is one self-contained page (inline CSS, one inline SVG chart per measurable
target, no JavaScript); every text that comes from a targets file or from data is
escaped. CSV cells that a spreadsheet would read as a formula are neutralised.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import escape

from ..i18n import t as t_word
from .measure import NATIONAL
from .model import decision_text, provision_text, quantity_unit_text
from .notes import (
    coverage_text,
    estimated_text,
    framework_lines,
    header_notices,
    row_notes,
    total_group_text,
    total_note,
    verdict_text,
)
from .provenance import targets_provenance_rows

__all__ = ["FORMATS", "render", "rich_view", "tr", "table_rows", "HEADER_KEYS"]

#: Output formats of ``villagescore targets``.
FORMATS = ["table", "json", "csv", "md", "html"]

#: Column keys of the CSV and table rows.
HEADER_KEYS = ["target_id", "target", "group", "year", "measured", "goal", "gap", "reached", "coverage", "trend",
               "confidence", "measure_confidence", "unclassified", "estimated_share", "data_kind", "notes"]
#: Columns of a target's table in the terminal, Markdown and HTML.
_COLUMNS = ("group", "year", "measured", "goal", "gap", "coverage", "estimated_share", "trend")


def tr(key: str, lang: str, **fields: Any) -> str:
    """An interface string of the targets report in ``lang``."""
    from ..i18n import t

    text = t(f"targets.{key}", lang)  # the report words targets.* of the catalogues
    if text == f"targets.{key}":
        text = key
    return text.format(**fields) if fields else text


def _num(x: Any, lang: str, share: bool = False, digits: int | None = None) -> str:
    """Shares with one decimal; other small numbers (multiples, growth rates) with two; or ``digits``."""
    from ..reports.view import fmt_num

    if x is None:
        return "—"
    if digits is not None:
        return fmt_num(x, digits, lang)
    digits = 1 if share or abs(float(x)) >= 10 else 2
    if not share and float(x).is_integer():
        digits = 0  # counts, and whole targets such as 10 %/yr
    return fmt_num(x, digits, lang)


def _digits(t: dict[str, Any]) -> int:
    """The decimals of a target's table columns (value, goal, gap): one number for the whole column.

    Shares and average growth rates: 1; multiples of a base year: 2; counts: 0 when every value
    is whole, else 1.
    """
    unit = t["unit"]
    if unit == "multiple_of_base_year":
        return 2
    if unit.startswith("share_of_") or unit == "average":
        return 1
    numbers = [r[k] for r in t.get("rows") or [] for k in ("value", "target", "gap") if r.get(k) is not None]
    return 0 if all(float(x).is_integer() for x in numbers) else 1


def _count(n: Any, lang: str) -> str:
    """A count for reading: ``4.000`` in Vietnamese, ``4,000`` in English."""
    from ..i18n import format_integer

    return format_integer(n, lang)


#: The ops a value exactly at the target does not meet, as the target column writes them.
_STRICT = {">": ">", "<": "<"}


def _cells(t: dict[str, Any], r: dict[str, Any], lang: str, report: dict[str, Any]) -> list[str]:
    """A row of a target's table for reading (:data:`_COLUMNS`): counts ``1.792/2.000``; the CSV keeps raw counts.

    A strict target (``> 70``) writes its op in the target column, and an unmet gap as ``> 0.0``: a value
    exactly at the target is missed, and the gap alone (0) would read as met. ``report`` names the row over all
    the data (:func:`~villagescore.targets.notes.total_group_text`).
    """
    digits = _digits(t)
    strict = _STRICT.get(t["op"])
    goal = _num(r["target"], lang, digits=digits) if r["target"] is not None else tr("national_only", lang)
    gap = _num(_gap_as_shown(r, digits), lang, digits=digits)
    if strict and r["target"] is not None:
        goal = f"{strict} {goal}"
        gap = f"> {gap}" if r["reached"] is False else gap
    return [_group(r["group"], lang, total_group_text(report, lang, r), r.get("mapped", True), r.get("recorded_names")),
            str(r["year"]),
            _num(r["value"], lang, digits=digits),
            goal, gap, coverage_text(r, lang, t), estimated_text(r, lang),
            verdict_text(t, r, lang, lambda x: _num(x, lang, digits=digits))]


def _gap_as_shown(r: dict[str, Any], digits: int) -> Any:
    """The gap between the value and the target as printed (compare's rule for a change), so the row adds up.

    ``7.25`` printed ``7,3`` under a target of ``10,0`` is ``2,7`` short, not the exact ``2,75``
    printed ``2,8``; 0 stays 0 (reached). The CSV and JSON keep the exact gap.
    """
    if not r["gap"] or r["value"] is None or r["target"] is None:
        return r["gap"]
    from ..i18n.numbers import rounded_as_shown

    value, target = rounded_as_shown([r["value"], r["target"]], digits).tolist()
    return abs(target - value)


def _group(group: str, lang: str, whole: str, mapped: bool = True, recorded: list[str] | None = None) -> str:
    """A group for reading; a province the 2025 mapping table does not know is marked so (as in compare).

    ``whole`` is the name of the row over all the data (the country only when it covers every province).
    ``recorded``: the names the row's village-years were recorded under; those that are not the
    group spelt another way follow it as in compare (``Ninh Bình ← Hà Nam``).
    """
    from ..i18n import t
    from .recorded import moved_names

    if group == NATIONAL:
        return whole
    if group == "(not recorded)":
        return tr("not_recorded", lang)
    shown = group if mapped else f"{group} ({t('compare_view.unmapped', lang)})"
    moved = moved_names(group, recorded or [])
    return f"{shown} ← {', '.join(moved)}" if moved else shown


def _series_total_text(report: dict[str, Any], t: dict[str, Any], lang: str) -> str:
    """The name of a target's line over all the data across its years: by its least covered year."""
    totals = [r for r in t["rows"] if r["group"] == NATIONAL and r.get("provinces")]
    least = min(totals, key=lambda r: r["provinces"]["present"]) if totals else None
    return total_group_text(report, lang, least)


def _warnings(report: dict[str, Any], lang: str) -> list[str]:
    """The report's warnings, each with the word that starts a warning in ``lang``."""
    from ..i18n import gettext

    return [gettext("warning: {message}", lang).format(message=w["message"]) for w in report.get("warnings") or []]


def unit_text(t: dict[str, Any], lang: str) -> str:
    """The target's unit in words: ``% số làng nghề``, ``%/năm (bình quân)``, ``tỷ USD``.

    A count reads as its quantity unit alone (or nothing: the target's label says what is
    counted); an average as its quantity unit marked as an average.
    """
    unit = quantity_unit_text(t.get("quantity_unit"), lang)
    if t["unit"] == "count":
        return unit
    if t["unit"] == "average":
        return tr("average_of", lang, unit=unit) if unit else tr("average", lang)
    text = tr(t["unit"], lang, base=t.get("base_year"))
    return f"{text} ({unit})" if unit else text


def _target_text(t: dict[str, Any], lang: str) -> str:
    op = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}[t["op"]]
    unit = unit_text(t, lang)
    return f"{op} {_num(t['value'], lang)}{' ' + unit if unit else ''} ({tr('by_year', lang)} {t['year']})"


def table_rows(report: dict[str, Any], lang: str) -> list[list[Any]]:
    """One row per measurable target, group and year (the CSV body), in ``lang``."""
    from ..reports.view import kind_text

    rows = []
    kinds = ", ".join(kind_text(k, lang) for k in report["data"].get("kinds") or [])
    for t in report["targets"]:
        if not t["measurable"]:
            continue
        label = t["label"].get(lang) or t["label"]["en"]
        for r in t["rows"]:
            share = r.get("estimated_share")
            rows.append([t["id"], label, _group(r["group"], lang, total_group_text(report, lang, r),
                                                r.get("mapped", True), r.get("recorded_names")), r["year"], r["value"],
                         r["target"], r["gap"],
                         None if r["reached"] is None else tr("yes" if r["reached"] else "no", lang),
                         f"{r['measured']}/{r['villages']}", verdict_text(t, r, lang),
                         tr(t["confidence"], lang),
                         tr(t["measure_confidence"], lang) if t.get("measure_confidence") else "",
                         r.get("unclassified", 0),
                         None if share is None or r["value"] is None else round(100 * share, 1), kinds,
                         row_notes(t, r, lang)])
    return rows


def _header(lang: str) -> list[str]:
    return [tr(k, lang) for k in HEADER_KEYS]


def _unmeasurable(report: dict[str, Any], lang: str) -> list[tuple[dict[str, Any], str]]:
    return [(t, "; ".join(m.get(lang) or m["en"] for m in t["missing_data"]))
            for t in report["targets"] if not t["measurable"]]


def rich_view(report: dict[str, Any], lang: str) -> list[Any]:
    """Rich renderables: one table per measurable target, then the targets that cannot be measured."""
    from ..reports.terminal import plain_table

    out: list[Any] = []
    head = report["targets_file"]["title"].get(lang) or report["targets_file"]["title"]["en"]
    out.append(plain_table([tr("title", lang)], [[head], [f"{tr('data', lang)}: {report['data']['source']} "
                                                         f"({_count(report['data']['village_years'], lang)} "
                                                         f"{tr('village_years', lang)})"],
                                                 *[[n] for n in framework_lines(report, lang)],
                                                 *[[n] for n in header_notices(report, lang)]], overflow="fold"))
    for t in report["targets"]:
        if not t["measurable"]:
            continue
        rows = [_cells(t, r, lang, report) for r in t["rows"]]
        title = f"{t['label'].get(lang) or t['label']['en']} — {_target_text(t, lang)} [{tr(t['confidence'], lang)}]"
        caption = f"{tr('source', lang)}: {decision_text(t['source'], lang)}, {provision_text(t['source'], lang)} · " \
                  f"{tr('measure_confidence', lang)}: {tr(t['measure_confidence'], lang)} · {t['id']}"
        if t.get("note"):
            caption += f" · {tr('note', lang)}: {t['note'].get(lang) or t['note']['en']}"
        if total_note(t, lang):
            caption += f" · {tr('note', lang)}: {total_note(t, lang)}"
        out.append(plain_table([tr(k, lang) for k in _COLUMNS], rows, title=title, caption=caption))
    missing = _unmeasurable(report, lang)
    if missing:
        out.append(plain_table([tr("target", lang), tr("goal", lang), tr("missing", lang)],
                               [[f"{t['label'].get(lang) or t['label']['en']} ({t['id']})", _target_text(t, lang), m]
                                for t, m in missing], title=tr("cannot_measure", lang), overflow="fold"))
    return out


def _json(report: dict[str, Any], lang: str) -> bytes:
    doc = dict(report, lang=lang)
    return (json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


def _csv(report: dict[str, Any], lang: str) -> bytes:
    from ..outputs import csv_bytes

    return csv_bytes(_header(lang), table_rows(report, lang))


def _md(report: dict[str, Any], lang: str) -> bytes:
    from ..reports.markdown import md_escape, md_table

    title = report["targets_file"]["title"].get(lang) or report["targets_file"]["title"]["en"]
    parts = [f"# {md_escape(tr('title', lang))}", "", f"**{md_escape(title)}**", "",
             md_escape(f"{tr('data', lang)}: {report['data']['source']} "
                       f"({_count(report['data']['village_years'], lang)} {tr('village_years', lang)})"), ""]
    parts += [x for n in framework_lines(report, lang) for x in (md_escape(n), "")]
    parts += [x for n in header_notices(report, lang) for x in (f"> {md_escape(n)}", "")]
    parts += [x for w in _warnings(report, lang) for x in (f"> {md_escape(w)}", "")]
    for t in report["targets"]:
        if not t["measurable"]:
            continue
        parts += [f"## {md_escape(t['label'].get(lang) or t['label']['en'])}", "",
                  md_escape(f"{tr('target', lang)}: {_target_text(t, lang)} · {tr('source', lang)}: "
                            f"{decision_text(t['source'], lang)}, {provision_text(t['source'], lang)} · "
                            f"{tr('confidence', lang)}: {tr(t['confidence'], lang)} · "
                            f"{tr('measure_confidence', lang)}: {tr(t['measure_confidence'], lang)} · {t['id']}"), ""]
        if t.get("note"):
            parts += [md_escape(f"{tr('note', lang)}: {t['note'].get(lang) or t['note']['en']}"), ""]
        if total_note(t, lang):
            parts += [f"> {md_escape(tr('note', lang) + ': ' + total_note(t, lang))}", ""]
        parts += [md_table([tr(k, lang) for k in _COLUMNS],
                           [_cells(t, r, lang, report) for r in t["rows"]]), ""]
    missing = _unmeasurable(report, lang)
    if missing:
        parts += [f"## {md_escape(tr('cannot_measure', lang))}", ""]
        parts += [md_table([tr("target", lang), tr("goal", lang), tr("missing", lang)],
                           [[f"{t['label'].get(lang) or t['label']['en']} ({t['id']})", _target_text(t, lang), m]
                            for t, m in missing]), ""]
    parts += [f"## {md_escape(t_word('provenance', lang))}", "",
              md_table(["", ""], [list(row) for row in targets_provenance_rows(report, lang)]), ""]
    return "\n".join(parts).encode("utf-8")


_CSS = """body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#1b1f24;line-height:1.45;padding:0 1rem}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.2rem;
border-top:1px solid #d5dae0;padding-top:1rem}table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #d5dae0;padding:.25rem .5rem;text-align:left}td.num{text-align:right}
.meta{color:#5b6570;font-size:.9rem}.tag{display:inline-block;border-radius:3px;padding:0 .35rem;
background:#eef1f4;font-size:.8rem}.notice{border-left:4px solid #b2182b;padding:.3rem .6rem;background:#fdf3f4}
.met{color:#1a7f37}.off{color:#b2182b}svg{max-width:100%;height:auto}"""


def _html(report: dict[str, Any], lang: str) -> bytes:
    from .chart import trend_svg

    e = escape
    title = report["targets_file"]["title"].get(lang) or report["targets_file"]["title"]["en"]
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(tr('title', lang))} — {e(title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{e(tr('title', lang))}</h1><p><strong>{e(title)}</strong></p>",
           f'<p class="meta">{e(tr("data", lang))}: {e(report["data"]["source"])} '
           f'({_count(report["data"]["village_years"], lang)} {e(tr("village_years", lang))}; '
           f'{e(", ".join(str(y) for y in report["data"]["years"]))})</p>']
    out += [f'<p class="meta framework">{e(n)}</p>' for n in framework_lines(report, lang)]
    out += [f'<p class="notice data-notice">{e(n)}</p>' for n in header_notices(report, lang)]
    out += [f'<p class="notice">{e(w)}</p>' for w in _warnings(report, lang)]
    for k, t in enumerate(report["targets"]):
        if not t["measurable"]:
            continue
        label = t["label"].get(lang) or t["label"]["en"]
        out.append(f'<section class="target" id="target-{e(t["id"])}"><h2>{e(label)}</h2>')
        out.append(f'<p>{e(tr("target", lang))}: <strong>{e(_target_text(t, lang))}</strong> '
                   f'<span class="tag">{e(tr("confidence", lang))}: {e(tr(t["confidence"], lang))}</span> '
                   f'<span class="tag">{e(tr("measure_confidence", lang))}: '
                   f'{e(tr(t["measure_confidence"], lang))}</span></p>')
        out.append(f'<p class="meta">{e(tr("source", lang))}: {e(decision_text(t["source"], lang))}, '
                   f'{e(provision_text(t["source"], lang))} · {e(t["id"])}</p>')
        if t.get("note"):
            out.append(f'<p class="meta">{e(tr("note", lang))}: {e(t["note"].get(lang) or t["note"]["en"])}</p>')
        if total_note(t, lang):
            out.append(f'<p class="notice total-note">{e(tr("note", lang))}: {e(total_note(t, lang))}</p>')
        series: dict[str, list[tuple[int, float]]] = {}
        for r in t["rows"]:
            series.setdefault(r["group"], []).append((r["year"], r["value"]))
        trend = t["trend"].get(NATIONAL) or {}
        out.append(trend_svg(series, target_year=t["year"], target_value=t["value"], projected=trend.get("projected"),
                             share=t["unit"].startswith("share_of_"), highlight=NATIONAL,
                             title=f"{label} — {_target_text(t, lang)}",
                             labels={r["group"]: _group(r["group"], lang, _series_total_text(report, t, lang),
                                                        r.get("mapped", True)) for r in t["rows"]},
                             ident=f"chart-{k}", lang=lang))
        out.append("<table><thead><tr>" + "".join(f"<th>{e(tr(h, lang))}</th>" for h in _COLUMNS)
                   + "</tr></thead><tbody>")
        for r in t["rows"]:
            judged = verdict_text(t, r, lang) and not r.get("after_target_year")
            verdict = (t["trend"].get(r["group"]) or {}).get("verdict") if judged else None
            cls = "met" if verdict in ("met", "on_track") else "off" if verdict in ("missed", "off_track") else ""
            cells = _cells(t, r, lang, report)
            out.append(f"<tr><td>{e(cells[0])}</td>" + "".join(f'<td class="num">{e(c)}</td>' for c in cells[1:7])
                       + f'<td class="{cls}">{e(cells[7])}</td></tr>')
        out.append("</tbody></table></section>")
    missing = _unmeasurable(report, lang)
    if missing:
        out.append(f'<section class="cannot-measure"><h2>{e(tr("cannot_measure", lang))}</h2><table><thead><tr>'
                   f"<th>{e(tr('target', lang))}</th><th>{e(tr('goal', lang))}</th><th>{e(tr('missing', lang))}</th>"
                   "</tr></thead><tbody>")
        for t, m in missing:
            out.append(f"<tr><td>{e(t['label'].get(lang) or t['label']['en'])} ({e(t['id'])})</td>"
                       f"<td>{e(_target_text(t, lang))}</td><td>{e(m)}</td></tr>")
        out.append("</tbody></table></section>")
    out.append(f'<section class="provenance"><h2>{e(t_word("provenance", lang))}</h2><table><tbody>')
    out += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in targets_provenance_rows(report, lang)]
    out.append("</tbody></table></section>")
    out.append("</body></html>\n")
    return "".join(out).encode("utf-8")


def render(report: dict[str, Any], fmt: str, lang: str) -> bytes:
    """The report as bytes in ``fmt`` (json, csv, md or html)."""
    return {"json": _json, "csv": _csv, "md": _md, "html": _html}[fmt](report, lang)
