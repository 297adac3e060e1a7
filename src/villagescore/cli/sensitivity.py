"""``villagescore sensitivity DATASET``: Monte Carlo ranks and tier probabilities under uncertainty."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import click

from ..i18n import N_
from ..progress import phase
from .helpextra import l10n_option
from .messages import message, warning
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

__all__ = ["sensitivity", "FORMATS", "FiniteFloat"]

FORMATS = ["table", "json", "md"]


class FiniteFloat(click.FloatRange):
    """A number in a range that is finite: ``nan`` and ``inf`` are a usage error (exit 2), in the run's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The number, or a usage error naming the option when it is out of range, ``nan`` or infinite."""
        number = super().convert(value, param, ctx)  # a comparison with nan is false: the range lets it through
        if not math.isfinite(number):
            default = getattr(param, "default", None)
            example = format(default if isinstance(default, (int, float)) else 1, "g")
            self.fail(message("{value} is not a finite number: give a number such as {example} (the default)",
                              value=value, example=example), param, ctx)
        return number


@click.command()
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@framework_option
@l10n_option("--samples", "-n", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Monte Carlo samples for ranks and tier probabilities.")
@l10n_option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed: the same seed gives the same output.")
@click.option("--year", type=int, help="Analyse this year [default: each village's latest year].")
@click.option("--village", "villages", multiple=True, metavar="ID|NAME",
              help="Only these villages, by id or by name (accents and case ignored; repeatable).")
@click.option("--weights", "weights_mode", type=click.Choice(["dirichlet", "uniform", "off"]), default="dirichlet",
              show_default=True, help="How weights are perturbed at every node.")
@l10n_option("--concentration", type=FiniteFloat(min=0, min_open=True), default=50.0, show_default=True,
              help="Dirichlet concentration: higher = weights closer to the nominal ones.")
@l10n_option("--weight-spread", type=FiniteFloat(0, 1, max_open=True), default=0.25, show_default=True,
              help="With --weights uniform: each weight times a factor in 1 ± spread.")
@l10n_option("--aggregation/--no-aggregation", default=True, show_default=True,
              help="Vary the rule per sample among interchangeable rules (weighted arithmetic or geometric); "
                   "ratings count only in the samples that keep the framework's rule.")
@l10n_option("--geometric-floor", type=FiniteFloat(0, 100, max_open=True), default=1.0, show_default=True,
              help="In geometric samples a score below this counts as this, so one indicator at 0 does not make "
                   "the whole node 0 (0: the strict rule).")
@l10n_option("--threshold-spread", type=FiniteFloat(0, 1, max_open=True), default=0.10, show_default=True,
              help="Scale the thresholds a scorer can move (legal limits, band edges, goalposts) by a factor in "
                   "1 ± spread (0 = off).")
@l10n_option("--missing/--no-missing", default=True, show_default=True,
              help="Vary the missing-data policy (exclude or zero) per sample.")
@l10n_option("--data/--no-data", default=True, show_default=True,
              help="Perturb values by their quality flag (measured/reported/estimated).")
@l10n_option("--sigma-measured", type=FiniteFloat(min=0), default=0.02, show_default=True,
              help="σ of the log-normal noise on measured values.")
@l10n_option("--sigma-reported", type=FiniteFloat(min=0), default=0.10, show_default=True,
              help="σ on reported values.")
@l10n_option("--sigma-estimated", type=FiniteFloat(min=0), default=0.25, show_default=True,
              help="σ on estimated values.")
@click.option("--default-quality", type=click.Choice(["measured", "reported", "estimated"]), default="reported",
              show_default=True, help="Quality of a column whose metadata gives none.")
@l10n_option("--indices/--no-indices", default=True, show_default=True,
              help="Compute first- and total-order sensitivity indices per assumption group.")
@l10n_option("--sa-samples", type=click.IntRange(min=2), default=256, show_default=True,
              help="Base samples N of the indices (N·(groups + 2) runs).")
@click.option("--estimator", type=click.Choice(["jansen", "salib"]), default="jansen", show_default=True,
              help="Built-in estimators, or SALib's (optional extra: villagescore[sensitivity]).")
@l10n_option("--chunk", type=click.IntRange(min=1), help="Samples per batch [default: from the data size].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, show_default="table, or from the -o suffix",
              help=FORMAT_HELP)
@output_option
@lang_option
@as_of_option
@unverified_limits_option
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
    check_output(output)  # before the samples are drawn
    from .. import sensitivity as sa
    from ..engine import Engine
    from ..framework import load_framework
    from ..reports.sensitivity import render_markdown, render_table
    from ..results import to_json_bytes
    from ..villages import choose_villages

    settings = sa.Settings(samples=samples, seed=seed, weights=weights_mode, concentration=concentration,
                           weight_spread=weight_spread, aggregation=aggregation, geometric_floor=geometric_floor,
                           threshold_spread=threshold_spread,
                           missing=missing, data=data,
                           sigma={"measured": sigma_measured, "reported": sigma_reported,
                                  "estimated": sigma_estimated},
                           default_quality=default_quality, indices=indices, sa_samples=sa_samples,
                           estimator=estimator, chunk=chunk)
    from .evaluate import framework_option_value

    registry = app.registry
    framework = with_run_policy(app, load_framework(framework_spec, registry))
    ds = load_dataset(app, dataset, framework=framework)
    if villages:
        villages = choose_villages(ds.frame, villages, source=dataset)
    with phase(N_("Monte Carlo samples"), total=samples) as progress:  # shown on a terminal (cli.progress)
        result = sa.run(Engine(registry), framework, ds, settings, year=year, village_ids=list(villages) or None,
                        progress=progress, options={"framework": framework_option_value(framework_spec, framework),
                                                    **({"as_of": app.as_of} if app.as_of else {}),
                                                    **run_policy_options(app)})
    payload = result.to_dict(lang=lang, options={"samples": "-n", "no_aggregation": "--no-aggregation"})
    for text in payload["warnings"]:
        warning(text)
    if fmt == "json":
        emit_bytes(to_json_bytes(payload), output)
    elif fmt == "md":
        emit_bytes(render_markdown(payload, lang), output)
    else:
        emit_renderables(render_table(payload, lang), output)
