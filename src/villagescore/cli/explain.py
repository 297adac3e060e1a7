"""``villagescore explain DATASET --village ID``: what drives a score, and the smallest way up a tier."""

from __future__ import annotations

from pathlib import Path

import click

from .options import (
    FORMAT_HELP,
    as_of_option,
    check_output,
    emit_bytes,
    emit_renderables,
    framework_option,
    lang_option,
    load_dataset,
    output_option,
    pick_format,
    read_options,
)
from .policy import run_policy_options, unverified_limits_option, with_run_policy

__all__ = ["explain", "FORMATS"]

FORMATS = ["table", "json", "md"]

@click.command()
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--village", "village", required=True, metavar="ID|NAME",
              help="The village to explain, by id or by name (accents and case ignored).")
@click.option("--year", type=int, help="The year [default: the village's latest].")
@framework_option
@click.option("--top", type=click.IntRange(min=1), default=8, show_default=True,
              help="How many indicators to list among those that matter most.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, show_default="table, or from the -o suffix",
              help=FORMAT_HELP)
@output_option
@lang_option
@as_of_option
@unverified_limits_option
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
    check_output(output)  # before the village is scored
    from .. import explain as ex
    from ..engine import Engine
    from ..framework import load_framework
    from ..reports.explain import render_markdown, render_table
    from ..results import to_json_bytes
    from ..villages import choose_village, choose_years
    from .evaluate import framework_option_value, warn_idle_sectors

    registry = app.registry
    framework = with_run_policy(app, load_framework(framework_spec, registry))
    ds = load_dataset(app, dataset, framework=framework)
    village = choose_village(ds.frame, village, source=dataset)
    if year is not None:  # a year the village has no row for lists the years it has
        choose_years(ds.frame[ds.frame["village_id"] == village], [year], source=f"{dataset} ({village})")
    warn_idle_sectors(framework, ds)
    result = ex.explain(Engine(registry), framework, ds, village, year=year,
                        options={"framework": framework_option_value(framework_spec, framework),
                                 **({"as_of": app.as_of} if app.as_of else {}), **run_policy_options(app)})
    payload = result.to_dict(lang=lang)
    if fmt == "json":
        emit_bytes(to_json_bytes(payload), output)
    elif fmt == "md":
        emit_bytes(render_markdown(payload, lang, top), output)
    else:
        emit_renderables(render_table(payload, lang, top), output)
