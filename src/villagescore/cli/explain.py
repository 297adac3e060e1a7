"""``villagescore explain DATASET --village ID``: what drives a score, and the smallest way up a tier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .options import (
    as_of_option,
    emit_bytes,
    emit_renderables,
    framework_option,
    lang_option,
    load_dataset,
    output_option,
    pick_format,
    read_options,
)

__all__ = ["explain", "render_markdown", "render_table", "FORMATS"]

FORMATS = ["table", "json", "md"]

_WORDS = {
    "title": {"vi": "Giải thích điểm số", "en": "Score explanation"},
    "contribution": {"vi": "Đóng góp (điểm)", "en": "Contribution (points)"},
    "lost": {"vi": "Điểm bị mất", "en": "Points lost"},
    "drivers": {"vi": "Các chỉ số ảnh hưởng nhiều nhất", "en": "Indicators that matter most"},
    "blockers": {"vi": "Điều gì ngăn đạt bậc tiếp theo", "en": "What blocks the next tier"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
    "reached": {"vi": "Đạt được sau kế hoạch", "en": "Reached with the plan"},
    "step": {"vi": "Bước", "en": "Step"},
    "change": {"vi": "Thay đổi", "en": "Change"},
    "gain": {"vi": "Tăng điểm tổng", "en": "Overall gain"},
    "measures": {"vi": "Biện pháp sản xuất sạch hơn", "en": "Cleaner-production measures"},
    "gate_fix": {"vi": "sửa điều kiện bắt buộc", "en": "fix mandatory rule"},
    "overall_low": {"vi": "Điểm tổng {score} < {required}", "en": "Overall score {score} < {required}"},
    "pillar_low": {"vi": "Trụ cột {pillar}: {score} < {required}", "en": "Pillar {pillar}: {score} < {required}"},
    "gate_caps": {"vi": "Điều kiện {gate} ({rule}) giới hạn ở {cap}", "en": "Rule {gate} ({rule}) caps at {cap}"},
    "not_movable": {"vi": "Chỉ số tính từ nhiều trường (kế hoạch không thay đổi)",
                    "en": "Indicators computed from several fields (not changed by the plan)"},
    "no_plan": {"vi": "Không có kế hoạch", "en": "No plan"},
    "no_measure": {"vi": "chưa có biện pháp cho ngành nghề của làng", "en": "no measure for the village's sectors"},
}


def _w(key: str, lang: str) -> str:
    """A word of this command, or a shared one (:func:`villagescore.i18n.t`)."""
    from ..i18n import t

    entry = _WORDS.get(key)
    return (entry.get(lang) or entry["en"]) if entry else t(key, lang)


def _fmt(x: Any, digits: int = 1) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def _drivers(data: dict[str, Any], top: int) -> list[dict[str, Any]]:
    inds = [dict(x, pillar_label=p["label"]) for p in data["pillars"] for c in p["criteria"] for x in c["indicators"]
            if x["status"] == "scored"]
    for x in inds:
        x["lost"] = (x["weight"] or 0.0) * (100.0 - (x["score"] or 0.0))
    return sorted(inds, key=lambda x: (-x["lost"], x["id"]))[:top]


def _blocker_lines(data: dict[str, Any], lang: str) -> list[str]:
    out = []
    for b in data["blockers"]:
        key = {"overall": "overall_low", "pillar": "pillar_low", "gate": "gate_caps"}[b["kind"]]
        out.append(_w(key, lang).format(**{k: _fmt(v) for k, v in b.items()}))
    return out


def _plan_rows(data: dict[str, Any], lang: str) -> list[list[str]]:
    rows = []
    for n, s in enumerate(data["plan"]["steps"], 1):
        what = s["indicator"] + (f" ({_w('gate_fix', lang)}: {s['gate']})" if s["reason"] == "gate" else "")
        rows.append([str(n), what, f"{s['field']}: {_fmt(s['from'])} → {_fmt(s['to'])}",
                     f"{_fmt(s['score_before'])} → {_fmt(s['score_after'])}", f"+{_fmt(s['overall_gain'], 2)}",
                     "; ".join(m["label"] for m in s["measures"]) or f"— ({_w('no_measure', lang)})"])
    return rows


def _plan_headers(lang: str) -> list[str]:
    from ..i18n import t

    return [_w("step", lang), t("indicator", lang), _w("change", lang), t("score", lang), _w("gain", lang),
            _w("measures", lang)]


def _head(data: dict[str, Any], lang: str) -> list[str]:
    from ..i18n import t

    v, o, p = data["village"], data["overall"], data["plan"]
    lines = [f"{v['name']} ({v['village_id']}) — {v['commune'] or ''}, {v['province'] or ''}; "
             f"{t('year', lang)} {v['year']}",
             f"{t('overall', lang)}: {_fmt(o['score'])} / 100; {t('rating', lang)}: {o['rating_label'] or '—'}"]
    if p["target_tier"]:
        lines.append(f"{_w('target', lang)}: {p['target_label']}; {_w('reached', lang)}: "
                     f"{'✔' if p['reached'] else '✘'} ({p['reached_tier'] or '—'})")
    if p["note"]:
        lines.append(p["note"])
    from ..i18n import estimates_text

    caveat = estimates_text(data.get("estimates"), lang)
    if caveat:
        lines.append(caveat)
    return lines


def render_table(data: dict[str, Any], lang: str, top: int = 8) -> list[Any]:
    """Rich renderables: headline, pillars, drivers, gates, blockers, plan (no text is read as markup)."""
    from rich.panel import Panel
    from rich.text import Text

    from ..i18n import t
    from ..reports.terminal import plain_table

    out: list[Any] = [Panel(Text("\n".join(_head(data, lang))), title=_w("title", lang))]
    out.append(plain_table([t("pillar", lang), t("score", lang), t("weight", lang), _w("contribution", lang)],
                           _pillar_rows(data), title=t("pillars", lang)))
    out.append(plain_table(_driver_headers(lang), _driver_rows(data, top), title=_w("drivers", lang)))
    if data["gates_fired"]:
        out.append(plain_table(_gate_headers(lang), _gate_rows(data), title=t("gates_fired", lang)))
    if data["blockers"]:
        out.append(Panel(Text("\n".join(_blocker_lines(data, lang))), title=_w("blockers", lang)))
    if data["plan"]["steps"]:
        out.append(plain_table(_plan_headers(lang), _plan_rows(data, lang), title=_w("plan", lang)))
    if data["plan"]["not_movable"]:
        out.append(Text(f"{_w('not_movable', lang)}: {', '.join(data['plan']['not_movable'])}"))
    return out


def _pillar_rows(data: dict[str, Any]) -> list[list[str]]:
    return [[p["label"], _fmt(p["score"]), _fmt(p["weight"], 3), _fmt(p["contribution"], 2)] for p in data["pillars"]]


def _driver_headers(lang: str) -> list[str]:
    from ..i18n import t

    return [t("indicator", lang), t("pillar", lang), t("value", lang), t("score", lang), t("weight", lang),
            _w("contribution", lang), _w("lost", lang)]


def _driver_rows(data: dict[str, Any], top: int) -> list[list[str]]:
    return [[x["label"], x["pillar_label"], _fmt(x["value"]), _fmt(x["score"]), _fmt(x["weight"], 3),
             _fmt(x["contribution"], 2), _fmt(x["lost"], 2)] for x in _drivers(data, top)]


def _gate_headers(lang: str) -> list[str]:
    from ..i18n import t

    return [t("gate", lang), t("indicator", lang), t("value", lang), t("threshold", lang), t("cap", lang)]


def _gate_rows(data: dict[str, Any]) -> list[list[str]]:
    return [[g["label"], g["indicator"], _fmt(g["value"]), g["rule"], g["cap_label"]] for g in data["gates_fired"]]


def render_markdown(data: dict[str, Any], lang: str, top: int = 8) -> bytes:
    """The explanation as a Markdown document (UTF-8); text from data files is escaped."""
    from ..i18n import t
    from ..reports.markdown import md_escape, md_table

    parts = [f"# {_w('title', lang)}", "", *[f"- {md_escape(line)}" for line in _head(data, lang)], "",
             f"## {t('pillars', lang)}", "",
             md_table([t("pillar", lang), t("score", lang), t("weight", lang), _w("contribution", lang)],
                      _pillar_rows(data)), "",
             f"## {_w('drivers', lang)}", "", md_table(_driver_headers(lang), _driver_rows(data, top)), ""]
    if data["gates_fired"]:
        parts += [f"## {t('gates_fired', lang)}", "", md_table(_gate_headers(lang), _gate_rows(data)), ""]
    if data["blockers"]:
        parts += [f"## {_w('blockers', lang)}", "", *[f"- {md_escape(line)}" for line in _blocker_lines(data, lang)],
                  ""]
    parts += [f"## {_w('plan', lang)}", ""]
    if data["plan"]["steps"]:
        parts += [md_table(_plan_headers(lang), _plan_rows(data, lang)), ""]
    else:
        parts += [md_escape(_w("no_plan", lang) + (f": {data['plan']['note']}" if data["plan"]["note"] else "")), ""]
    if data["plan"]["not_movable"]:
        parts += [md_escape(f"{_w('not_movable', lang)}: {', '.join(data['plan']['not_movable'])}"), ""]
    return "\n".join(parts).encode("utf-8")


@click.command()
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--village", "village", required=True, metavar="ID", help="The village to explain.")
@click.option("--year", type=int, help="The year [default: the village's latest].")
@framework_option
@click.option("--top", type=click.IntRange(min=1), default=8, show_default=True,
              help="How many indicators to list among those that matter most.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, show_default="table, or from the -o suffix")
@output_option
@lang_option
@as_of_option
@read_options
@click.pass_obj
def explain(app, dataset: Path, village, year, framework_spec, top, fmt, output, lang) -> None:
    """Explain one village's score and plan the smallest improvements that reach the next tier.

    Shows each indicator's contribution along the tree, every mandatory rule that
    fired (value, rule, cap), what blocks the next tier, and a plan of single-field
    improvements within feasible ranges, each linked to cleaner-production measures.
    Algorithm and limits: docs/explain.md.
    """
    fmt = pick_format(fmt, output, FORMATS)
    from .. import explain as ex
    from ..engine import Engine
    from ..framework import load_framework
    from ..results import to_json_bytes
    from .evaluate import warn_idle_sectors

    registry = app.registry
    framework = load_framework(framework_spec, registry)
    ds = load_dataset(app, dataset, framework=framework)
    warn_idle_sectors(framework, ds)
    result = ex.explain(Engine(registry), framework, ds, village, year=year,
                        options={"framework": framework_spec or framework.id,
                                 **({"as_of": app.as_of} if app.as_of else {})})
    payload = result.to_dict(lang=lang)
    if fmt == "json":
        emit_bytes(to_json_bytes(payload), output)
    elif fmt == "md":
        emit_bytes(render_markdown(payload, lang, top), output)
    else:
        emit_renderables(render_table(payload, lang, top), output)
