"""``villagescore sensitivity DATASET``: Monte Carlo ranks and tier probabilities under uncertainty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..progress import phase
from .options import (
    emit_bytes,
    emit_renderables,
    framework_option,
    lang_option,
    load_dataset,
    output_option,
    pick_format,
    read_options,
)

__all__ = ["sensitivity", "render_markdown", "render_table", "FORMATS"]

FORMATS = ["table", "json", "md"]

_WORDS = {
    "title": {"vi": "Phân tích độ bất định và độ nhạy", "en": "Uncertainty and sensitivity analysis"},
    "samples": {"vi": "Số mẫu", "en": "Samples"},
    "seed": {"vi": "Hạt giống ngẫu nhiên", "en": "Seed"},
    "varied": {"vi": "Giả định thay đổi", "en": "Assumptions varied"},
    "nominal_score": {"vi": "Điểm danh nghĩa", "en": "Nominal score"},
    "nominal_rank": {"vi": "Hạng danh nghĩa", "en": "Nominal rank"},
    "median_rank": {"vi": "Hạng trung vị", "en": "Median rank"},
    "interval": {"vi": "Khoảng hạng 5–95 %", "en": "Rank 5–95 %"},
    "nominal_tier": {"vi": "Xếp hạng danh nghĩa", "en": "Nominal rating"},
    "p_tier": {"vi": "Xác suất giữ xếp hạng", "en": "P(nominal rating)"},
    "likely": {"vi": "Xếp hạng khả dĩ nhất", "en": "Most likely rating"},
    "indices": {"vi": "Chỉ số độ nhạy (theo nhóm giả định)", "en": "Sensitivity indices (by assumption group)"},
    "group": {"vi": "Nhóm giả định", "en": "Assumption group"},
    "first": {"vi": "Bậc một", "en": "First order"},
    "total": {"vi": "Toàn phần", "en": "Total order"},
    "ci": {"vi": "Khoảng tin cậy 95 %", "en": "95 % interval"},
    "none": {"vi": "không", "en": "none"},
    "weights": {"vi": "trọng số", "en": "weights"},
    "aggregation": {"vi": "quy tắc tổng hợp", "en": "aggregation rule"},
    "thresholds": {"vi": "ngưỡng", "en": "thresholds"},
    "missing": {"vi": "xử lý thiếu dữ liệu", "en": "missing-data policy"},
    "data": {"vi": "chất lượng dữ liệu", "en": "data quality"},
}


def _w(key: str, lang: str) -> str:
    """A word of this command, or a shared one (:func:`villagescore.i18n.t`)."""
    from ..i18n import t

    entry = _WORDS.get(key)
    return (entry.get(lang) or entry["en"]) if entry else t(key, lang)


def _rows(data: dict[str, Any], lang: str) -> list[list[str]]:
    labels = {t["id"]: t["label"] for t in data["tiers"]}
    labels["none"] = _w("unrated", lang)
    out = []
    villages = sorted(data["villages"], key=lambda v: (v["nominal"]["rank"], v["village_id"]))
    for v in villages:
        probs = v["tier_probabilities"]
        likely = max(probs, key=lambda k: (probs[k], -list(probs).index(k)))
        score = v["nominal"]["score"]
        out.append([
            f"{v['name']} ({v['village_id']})", str(v["year"]), "—" if score is None else f"{score:.1f}",
            str(v["nominal"]["rank"]), str(v["rank"]["median"]), f"{v['rank']['p05']}–{v['rank']['p95']}",
            v["nominal"]["rating_label"] or labels["none"], f"{100 * v['probability_nominal_tier']:.0f} %",
            f"{labels[likely]} ({100 * probs[likely]:.0f} %)",
        ])
    return out


def _headers(lang: str) -> list[str]:
    from ..i18n import t

    return [t("village", lang), t("year", lang), _w("nominal_score", lang), _w("nominal_rank", lang),
            _w("median_rank", lang), _w("interval", lang), _w("nominal_tier", lang), _w("p_tier", lang),
            _w("likely", lang)]


def _index_rows(data: dict[str, Any], lang: str) -> list[list[str]]:
    def fmt(x: Any) -> str:
        return "—" if x is None else f"{x:.3f}"

    out = []
    for g, ix in data["indices"].items():
        ci = ""
        if "first_ci" in ix:
            ci = (f"[{fmt(ix['first_ci'][0])}, {fmt(ix['first_ci'][1])}] / "
                  f"[{fmt(ix['total_ci'][0])}, {fmt(ix['total_ci'][1])}]")
        out.append([_w(g, lang), fmt(ix["first"]), fmt(ix["total"]), ci])
    return out


def _summary(data: dict[str, Any], lang: str) -> str:
    s = data["settings"]
    groups = ", ".join(_w(g, lang) for g in data["groups"]) or _w("none", lang)
    return (f"{_w('samples', lang)}: {s['samples']}   {_w('seed', lang)}: {s['seed']}   "
            f"{_w('varied', lang)}: {groups}")


def _title(data: dict[str, Any], lang: str) -> str:
    from ..i18n import t

    return _w("title", lang) + ("" if data["year"] is None else f" — {t('year', lang)} {data['year']}")


def render_table(data: dict[str, Any], lang: str) -> list[Any]:
    """Rich renderables: the per-village table and the indices table (no text is read as rich markup)."""
    from rich.text import Text

    from ..reports.terminal import plain_table

    out: list[Any] = [plain_table(_headers(lang), _rows(data, lang), title=_title(data, lang),
                                  caption=_summary(data, lang))]
    if data["indices"]:
        out.append(plain_table([_w("group", lang), _w("first", lang), _w("total", lang), _w("ci", lang)],
                               _index_rows(data, lang), title=_w("indices", lang), caption=data["indices_note"]))
    elif data["indices_note"]:
        out.append(Text(data["indices_note"]))
    out += [Text(f"⚠ {w}") for w in data.get("warnings", [])]
    return out


def render_markdown(data: dict[str, Any], lang: str) -> bytes:
    """The analysis as a Markdown document (UTF-8); text from data files is escaped."""
    from ..reports.markdown import md_escape, md_table

    parts = [f"# {md_escape(_title(data, lang))}", "", md_escape(_summary(data, lang)), "",
             md_table(_headers(lang), _rows(data, lang)), ""]
    if data["indices"]:
        parts += [f"## {_w('indices', lang)}", "",
                  md_table([_w("group", lang), _w("first", lang), _w("total", lang), _w("ci", lang)],
                           _index_rows(data, lang)), "", md_escape(data["indices_note"]), ""]
    elif data["indices_note"]:
        parts += [md_escape(data["indices_note"]), ""]
    parts += [f"> ⚠ {md_escape(w)}\n" for w in data.get("warnings", [])]
    return "\n".join(parts).encode("utf-8")


@click.command()
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@framework_option
@click.option("--samples", "-n", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Monte Carlo samples for ranks and tier probabilities.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed: the same seed gives the same output.")
@click.option("--year", type=int, help="Analyse this year [default: each village's latest year].")
@click.option("--village", "villages", multiple=True, metavar="ID", help="Only these villages (repeatable).")
@click.option("--weights", "weights_mode", type=click.Choice(["dirichlet", "uniform", "off"]), default="dirichlet",
              show_default=True, help="How weights are perturbed at every node.")
@click.option("--concentration", type=click.FloatRange(min=0, min_open=True), default=50.0, show_default=True,
              help="Dirichlet concentration: higher = weights closer to the nominal ones.")
@click.option("--weight-spread", type=click.FloatRange(0, 1, max_open=True), default=0.25, show_default=True,
              help="With --weights uniform: each weight times a factor in 1 ± spread.")
@click.option("--aggregation/--no-aggregation", default=True, show_default=True,
              help="Vary the rule (weighted arithmetic or geometric) per sample; ratings count only in the samples "
                   "that keep the framework's rule.")
@click.option("--geometric-floor", type=click.FloatRange(0, 100, max_open=True), default=1.0, show_default=True,
              help="In geometric samples a score below this counts as this, so one indicator at 0 does not make "
                   "the whole node 0 (0: the strict rule).")
@click.option("--threshold-spread", type=click.FloatRange(0, 1, max_open=True), default=0.10, show_default=True,
              help="Scale legal limits and band edges by a factor in 1 ± spread (0 = off).")
@click.option("--missing/--no-missing", default=True, show_default=True,
              help="Vary the missing-data policy (exclude or zero) per sample.")
@click.option("--data/--no-data", default=True, show_default=True,
              help="Perturb values by their quality flag (measured/reported/estimated).")
@click.option("--sigma-measured", type=click.FloatRange(min=0), default=0.02, show_default=True,
              help="σ of the log-normal noise on measured values.")
@click.option("--sigma-reported", type=click.FloatRange(min=0), default=0.10, show_default=True,
              help="σ on reported values.")
@click.option("--sigma-estimated", type=click.FloatRange(min=0), default=0.25, show_default=True,
              help="σ on estimated values.")
@click.option("--default-quality", type=click.Choice(["measured", "reported", "estimated"]), default="reported",
              show_default=True, help="Quality of a column whose metadata gives none.")
@click.option("--indices/--no-indices", default=True, show_default=True,
              help="Compute first- and total-order sensitivity indices per assumption group.")
@click.option("--sa-samples", type=click.IntRange(min=2), default=256, show_default=True,
              help="Base samples N of the indices (N·(groups + 2) runs).")
@click.option("--estimator", type=click.Choice(["jansen", "salib"]), default="jansen", show_default=True,
              help="Built-in estimators, or SALib's (optional extra: villagescore[sensitivity]).")
@click.option("--chunk", type=click.IntRange(min=1), help="Samples per batch [default: from the data size].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, show_default="table, or from the -o suffix")
@output_option
@lang_option
@read_options
@click.pass_obj
def sensitivity(app, dataset: Path, framework_spec, samples, seed, year, villages, weights_mode, concentration,
                weight_spread, aggregation, geometric_floor, threshold_spread, missing, data, sigma_measured,
                sigma_reported, sigma_estimated, default_quality, indices, sa_samples, estimator, chunk, fmt, output,
                lang) -> None:
    """Monte Carlo over weights, aggregation rule, thresholds, missing-data policy and data quality.

    For every village (its latest year, or --year): median rank, 5–95 % rank interval and the probability
    of each rating tier (mandatory rules included); overall: which assumption group moves
    the ranks most (first- and total-order indices). Details: docs/sensitivity.md.
    """
    fmt = pick_format(fmt, output, FORMATS)
    from .. import sensitivity as sa
    from ..engine import Engine
    from ..framework import load_framework
    from ..results import to_json_bytes

    settings = sa.Settings(samples=samples, seed=seed, weights=weights_mode, concentration=concentration,
                           weight_spread=weight_spread, aggregation=aggregation, geometric_floor=geometric_floor,
                           threshold_spread=threshold_spread,
                           missing=missing, data=data,
                           sigma={"measured": sigma_measured, "reported": sigma_reported,
                                  "estimated": sigma_estimated},
                           default_quality=default_quality, indices=indices, sa_samples=sa_samples,
                           estimator=estimator, chunk=chunk)
    registry = app.registry
    framework = load_framework(framework_spec, registry)
    ds = load_dataset(app, dataset, framework=framework)
    with phase("Monte Carlo samples", total=samples) as progress:  # shown on a terminal (cli.progress)
        result = sa.run(Engine(registry), framework, ds, settings, year=year, village_ids=list(villages) or None,
                        progress=progress, options={"framework": framework_spec or framework.id})
    payload = result.to_dict(lang=lang)
    for warning in payload["warnings"]:
        click.echo(f"warning: {warning}", err=True)
    if fmt == "json":
        emit_bytes(to_json_bytes(payload), output)
    elif fmt == "md":
        emit_bytes(render_markdown(payload, lang), output)
    else:
        emit_renderables(render_table(payload, lang), output)
