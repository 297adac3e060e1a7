"""The sensitivity analysis for people: a terminal table and a Markdown document.

Both render the JSON-ready mapping of :meth:`villagescore.sensitivity.SensitivityResult.to_dict`
(``villagescore sensitivity`` computes it and hands it over); nothing here computes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["render_table", "render_markdown"]


def _w(key: str, lang: str) -> str:
    """A word of this command (``sensitivity.<key>`` in the catalogues), or a shared one."""
    from ..i18n import t

    text = t(f"sensitivity.{key}", lang)
    return t(key, lang) if text == f"sensitivity.{key}" else text


def _rows(data: dict[str, Any], lang: str, narrow: bool = False) -> list[list[str]]:
    """One row per village; ``narrow`` (the terminal): year beside the name, score with rank, tier with chance."""
    from ..i18n import format_integer, format_number, format_percent

    def n(x: Any) -> str:
        return format_integer(x, lang)

    labels = {t["id"]: t["label"] for t in data["tiers"]}
    labels["none"] = _w("unrated", lang)
    out = []
    villages = sorted(data["villages"], key=lambda v: (v["nominal"]["rank"], v["village_id"]))
    for v in villages:
        probs = v["tier_probabilities"]
        score = format_number(v["nominal"]["score"], 1, lang)
        tier = v["nominal"]["rating_label"] or labels["none"]
        if v["probability_nominal_tier"] is None:  # no sample kept the aggregation rule: no rating is likely
            chance = most = "—"
        else:
            likely = max(probs, key=lambda k: (probs[k], -list(probs).index(k)))
            chance = format_percent(v["probability_nominal_tier"], lang)
            most = f"{labels[likely]} ({format_percent(probs[likely], lang)})"
        interval = f"{n(v['rank']['p05'])}–{n(v['rank']['p95'])}"
        if narrow:
            out.append([f"{v['name']} ({v['village_id']}) — {v['year']}", f"{score} ({n(v['nominal']['rank'])})",
                        f"{n(v['rank']['median'])} [{interval}]", f"{tier} ({chance})", most,
                        _estimated_cell(v.get("estimates"), lang)])
            continue
        out.append([
            f"{v['name']} ({v['village_id']})", str(v["year"]), score, n(v["nominal"]["rank"]),
            n(v["rank"]["median"]), interval, tier, chance, most, _estimated_cell(v.get("estimates"), lang),
        ])
    return out


def _narrow_headers(lang: str) -> list[str]:
    from ..i18n import t

    return [t("village", lang), f"{_w('nominal_score', lang)} ({_w('nominal_rank', lang).lower()})",
            f"{_w('median_rank', lang)} [{_w('interval', lang)}]", f"{_w('nominal_tier', lang)} ({_w('p_tier', lang)})",
            _w("likely", lang), _w("estimated", lang)]


def _estimated_cell(estimates: dict[str, Any] | None, lang: str = "en") -> str:
    """``62/73 (85 %)``, with ⚠ when the village rests mostly on estimates; ``—`` without quality flags."""
    from ..i18n import format_integer, format_percent

    if not estimates or not estimates.get("inputs"):
        return "—"
    mark = "⚠ " if estimates.get("warning") else ""
    counts = f"{format_integer(estimates['estimated'], lang)}/{format_integer(estimates['inputs'], lang)}"
    return f"{mark}{counts} ({format_percent(estimates['share'] or 0, lang)})"


def _estimates_notice(data: dict[str, Any], lang: str) -> str:
    """The warning when villages of the analysis rest mostly on estimates, or ``""``."""
    n = sum(1 for v in data["villages"] if (v.get("estimates") or {}).get("warning"))
    from ..i18n import format_integer

    return _w("estimates_notice", lang).format(n=format_integer(n, lang)) if n else ""


def _headers(lang: str) -> list[str]:
    from ..i18n import t

    return [t("village", lang), t("year", lang), _w("nominal_score", lang), _w("nominal_rank", lang),
            _w("median_rank", lang), _w("interval", lang), _w("nominal_tier", lang), _w("p_tier", lang),
            _w("likely", lang), _w("estimated", lang)]


def _index_rows(data: dict[str, Any], lang: str) -> list[list[str]]:
    from ..i18n import format_number

    def fmt(x: Any) -> str:
        return format_number(x, 3, lang)

    sep = "; " if lang == "vi" else ", "  # "[0,104; 0,364]": a comma is the decimal mark in Vietnamese
    out = []
    for g, ix in data["indices"].items():
        ci = ""
        if "first_ci" in ix:
            ci = (f"[{fmt(ix['first_ci'][0])}{sep}{fmt(ix['first_ci'][1])}] / "
                  f"[{fmt(ix['total_ci'][0])}{sep}{fmt(ix['total_ci'][1])}]")
        out.append([_w(g, lang), fmt(ix["first"]), fmt(ix["total"]), ci])
    return out


def _summary(data: dict[str, Any], lang: str) -> str:
    s = data["settings"]
    groups = ", ".join(_w(g, lang) for g in data["groups"]) or _w("none", lang)
    from ..i18n import format_integer

    return (f"{_w('samples', lang)}: {format_integer(s['samples'], lang)}   {_w('seed', lang)}: {s['seed']}   "
            f"{_w('varied', lang)}: {groups}")


def _title(data: dict[str, Any], lang: str) -> str:
    from ..i18n import t

    return _w("title", lang) + ("" if data["year"] is None else f" — {t('year', lang)} {data['year']}")


def render_table(data: dict[str, Any], lang: str) -> list[Any]:
    """Rich renderables: the per-village table and the indices table (no text is read as rich markup)."""
    from rich.text import Text

    from .terminal import plain_table

    out: list[Any] = [plain_table(_narrow_headers(lang), _rows(data, lang, narrow=True), title=_title(data, lang),
                                  caption=_summary(data, lang))]
    if data["indices"]:
        out.append(plain_table([_w("group", lang), _w("first", lang), _w("total", lang), _w("ci", lang)],
                               _index_rows(data, lang), title=_w("indices", lang), caption=data["indices_note"]))
    elif data["indices_note"]:
        out.append(Text(data["indices_note"]))
    out += [Text(f"⚠ {w}") for w in data.get("warnings", [])]
    notice = _estimates_notice(data, lang)
    if notice:
        out.append(Text(notice, style="bold red"))
    return out


def render_markdown(data: dict[str, Any], lang: str) -> bytes:
    """The analysis as a Markdown document (UTF-8); text from data files is escaped."""
    from .markdown import md_escape, md_table

    parts = [f"# {md_escape(_title(data, lang))}", "", md_escape(_summary(data, lang)), "",
             md_table(_headers(lang), _rows(data, lang)), ""]
    if data["indices"]:
        parts += [f"## {_w('indices', lang)}", "",
                  md_table([_w("group", lang), _w("first", lang), _w("total", lang), _w("ci", lang)],
                           _index_rows(data, lang)), "", md_escape(data["indices_note"]), ""]
    elif data["indices_note"]:
        parts += [md_escape(data["indices_note"]), ""]
    parts += [f"> ⚠ {md_escape(w)}\n" for w in data.get("warnings", [])]
    notice = _estimates_notice(data, lang)
    if notice:
        parts += [f"> **{md_escape(notice)}**", ""]
    return "\n".join(parts).encode("utf-8")
