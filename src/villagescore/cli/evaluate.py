"""``villagescore evaluate`` and ``villagescore pilot``: score villages, print or write the result."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import click

from ..file_names import file_name
from ..i18n import N_
from ..progress import phase
from .messages import message, warning
from .options import (
    as_of_option,
    check_format,
    check_output,
    document_options,
    emit_bytes,
    emit_renderables,
    emit_stream,
    format_option,
    framework_option,
    lang_option,
    no_bom_option,
    output_option,
    pick_format,
    read_ahead_first,
    read_options,
)
from .policy import run_policy_options, unverified_limits_option, with_run_policy

__all__ = ["evaluate", "pilot", "run_evaluation", "warn_idle_sectors", "FORMATS"]

#: The built-in formats (listed in ``--help``); ``--format`` also takes any format a plugin registers.
FORMATS = ["table", "json", "jsonl", "csv", "md", "html", "pdf", "xlsx"]


def run_evaluation(app, dataset_path: Path, framework_spec: str | None, villages=(), keep_going=False,
                   options=None, years=(), framework=None):
    """Load framework and dataset, score; return the Result (and report dropped rows).

    ``villages`` are ids or names (:func:`villagescore.villages.choose_villages`); ``years``
    keeps only the rows of those years. ``framework``: the framework of ``framework_spec`` already
    loaded for this run (a previous result's), not loaded again (its warnings are said once).
    """
    import dataclasses

    from ..engine import Engine
    from ..framework import load_framework
    from ..villages import check_village_years, choose_villages, choose_years
    from .options import load_dataset

    registry = app.registry
    framework = framework or with_run_policy(app, load_framework(framework_spec, registry))
    dataset = load_dataset(app, dataset_path, keep_going=keep_going, framework=framework)
    if dataset.problems:
        warning(message("{n} problem(s); the rows concerned were not scored:", n=len(dataset.problems)))
        from ..i18n import current_language

        lang = current_language()
        for p in dataset.problems:
            click.echo(f"  {p.format(lang)}", err=True)
    if villages:  # resolved on every year's rows: a village absent from --year is said so, not another named
        villages = choose_villages(dataset.frame, villages, source=dataset_path)
        check_village_years(dataset.frame, villages, years, source=dataset_path)
    if years:
        dataset = dataclasses.replace(dataset, frame=choose_years(dataset.frame, years, source=dataset_path))
    opts = {"framework": framework_option_value(framework_spec, framework), "keep_going": keep_going}
    if getattr(app, "as_of", None):
        opts["as_of"] = app.as_of
    opts.update(run_policy_options(app))
    # the rows chosen, as the command that chose them is retyped (the report's command line): ids sorted (a name
    # resolves to its id), so the same rows record the same options whatever order or names chose them
    opts.update({k: v for k, v in (("village", sorted(villages)), ("year", sorted(set(years)))) if v})
    opts.update(options or {})
    from ..datasets.dropped import record_left_out
    from ..engine_blocks import scoring_soon
    from ..memo import warnings_and_scoring

    # the frame's context columns (dates, versions, codes) read once for both; the scoring's matrices
    # faulted in meanwhile (villagescore.engine_blocks)
    with warnings_and_scoring(villages), scoring_soon(framework, dataset.frame, villages):
        warn_idle_sectors(framework, dataset)
        warn_unscored_values(app, framework, dataset, dataset_path, villages)
        with phase(N_("scoring")):
            result = Engine(registry).evaluate(framework, dataset, village_ids=list(villages) or None, options=opts)
    return record_left_out(result, dataset)


def framework_option_value(framework_spec: str | None, framework) -> str:
    """What a result records of ``-f``: a file's name without its folder (as the dataset's), an id as given.

    ``-f hv.yaml``, ``-f ../x/hv.yaml`` and ``-f /abs/x/hv.yaml`` give the same bytes; without
    ``-f``, the default framework's id.
    """
    if framework_spec is None:
        return framework.id
    return file_name(framework_spec) if Path(framework_spec).is_file() else str(framework_spec)


def warn_unscored_values(app, framework, dataset, path, villages=()) -> None:
    """Warn, per column and reason, of the values given that cannot be scored because their limit is unknown.

    The score leaves them out (its coverage drops): the warning says which rows, why, and
    which field to fill (:mod:`villagescore.limit_gaps`).
    """
    from ..i18n import current_language
    from ..limit_gaps import dataset_limit_warnings

    found = dataset_limit_warnings(framework, dataset, app.registry, villages, file=str(path))
    lang = current_language()
    for w in found:
        warning(w.format(lang, word=False))


def warn_idle_sectors(framework, dataset) -> None:
    """Warn when villages name a sector that brings no indicator to the framework."""
    from ..framework.sectors import IDLE_SECTORS, idle_sectors_said

    params = idle_sectors_said(framework, dataset.frame)
    if params:
        warning(message(IDLE_SECTORS, **params))


#: ``--output-locale``: the CSV report as Excel with Vietnamese regional settings reads it.
output_locale_option = click.option(
    "--output-locale", type=click.Choice(["default", "vi"]), default="default", show_default=True,
    help="CSV report: default (',' between columns, '.' decimals) or vi, as Excel opens a CSV with Vietnamese "
         "regional settings (';' between columns, ',' decimals: 37,0314).")


def choose_format(app, fmt: str | None, output: Path | None) -> str:
    """``--format``, or the format ``-o``'s suffix names (built-in or registered by a plugin)."""
    registered = app.registry.reporters
    known = [f for f in FORMATS if f in registered or f == "table"] + sorted(set(registered) - set(FORMATS))
    extra: dict[str, list[str]] = {}
    for r in sorted(registered.values(), key=lambda r: r.name):
        if r.suffix:
            extra.setdefault(r.suffix.lower(), []).append(r.name)
    if fmt is not None:
        check_format(app, fmt, FORMATS)  # an unknown name first: the message lists the formats
    return check_format(app, pick_format(fmt, output, known, extra), FORMATS)


#: The formats whose document --layout chooses (the built-in html and pdf reports).
LAYOUT_FORMATS = ("html", "pdf")


def check_layout(app, fmt: str) -> None:
    """Refuse a printed document's options for a format other than html and pdf, which they do not change.

    ``--layout`` names itself and its value; ``--date``, ``--issuer``, ``--place`` and
    ``--signature`` (the document's head and signature block) are named together. A usage error.
    """
    given = getattr(app, "document", None) or {}
    if fmt in LAYOUT_FORMATS:
        return
    layout = given.get("layout")
    if layout is not None:
        msg = message("--layout {layout} applies only to --format html and pdf, not {format}", layout=layout,
                      format=fmt)
        raise click.UsageError(msg)
    printed = [f"--{name}" for name in ("date", "issuer", "place", "signature") if given.get(name)]
    if printed:
        msg = message("{options}: what a printed report says (its date, issuing unit and signature block), for "
                      "--format html and pdf only, not {format}", options=", ".join(printed), format=fmt)
        raise click.UsageError(msg)


#: The built-in formats that never start with a byte order mark (``--no-bom`` changes nothing for them).
NO_BOM_FORMATS = ("table", "json", "jsonl", "md", "html", "pdf", "xlsx")


def check_options(app, fmt: str, *, pretty: bool | None = None, output_locale: str = "default") -> None:
    """Refuse, as a usage error, every output option that ``fmt`` would silently ignore (one place for all).

    The printed document's options (:func:`check_layout`); ``--pretty``/``--compact`` for a
    format whose writer takes no ``pretty`` (JSON only); ``--output-locale vi`` for one whose
    writer takes no ``csv_locale`` (CSV only); ``--no-bom`` for the built-in formats that never
    write a byte order mark (a plugin's format may write one: it is left alone).
    """
    check_layout(app, fmt)
    from ..objects.formats import accepts

    reporter = None if fmt == "table" else app.registry.reporters.get(fmt)
    write = getattr(reporter, "write", None)
    refused = []
    if pretty is not None and (write is None or not accepts(write, "pretty")):
        refused.append(("--pretty" if pretty else "--compact", "json"))
    if output_locale != "default" and (write is None or not accepts(write, "csv_locale")):
        refused.append((f"--output-locale {output_locale}", "csv"))
    if getattr(app, "no_bom", False) and fmt in NO_BOM_FORMATS:
        refused.append(("--no-bom", "csv"))
    if refused:
        option, formats = refused[0]
        raise click.UsageError(message("{option} applies only to --format {formats}, not {format}: it would change "
                                       "nothing", option=option, formats=formats, format=fmt))


def _with_plans(app, result, fmt: str, lang: str):
    """Attach the improvement plans the chosen report shows (its reporter's ``plans``; reports never compute).

    At most :data:`~villagescore.explain.MAX_REPORT_PLANS`: each plan is a search.
    """
    reporter = app.registry.reporters.get(fmt)
    if reporter is not None and reporter.plans is not None:
        from ..engine import Engine
        from ..explain import MAX_REPORT_PLANS, attach_plans
        from ..reports.document import using
        from .options import document_settings

        # the run's document settings are current: a reporter's count may depend on its layout
        with reporter_failures(reporter), using(document_settings(app)):
            shown = int(reporter.plans(len(result)))
        attach_plans(Engine(app.registry), result, lang=lang, limit=max(0, min(shown, MAX_REPORT_PLANS)))
    return result


def _emit(app, result, fmt: str, output: Path | None, lang: str, renderables=None, pretty: bool | None = None,
          output_locale: str = "default") -> None:
    if fmt == "table":
        from ..reports.terminal import summary

        emit_renderables(renderables or summary(result, lang), output)
        return
    from ..objects.formats import accepts
    from ..reports.document import using
    from .options import document_settings
    from .provenance_file import provenance_beside

    reporter = app.registry.reporter(fmt)
    # --date, --issuer …: read by the built-in html and pdf reporters; the progress phase ends
    # before anything goes to standard output
    with using(document_settings(app)), provenance_beside(
            reporter, result, output, lang, output_locale, bom=not getattr(app, "no_bom", False)):
        if reporter.write is not None:  # written as it is produced: a large output is never held whole
            options = {"pretty": pretty} if pretty is not None and accepts(reporter.write, "pretty") else {}
            if output_locale != "default" and accepts(reporter.write, "csv_locale"):
                options["csv_locale"] = output_locale
            emit_stream(lambda handle: _write_with(reporter, result, lang, handle, options), output,
                        binary=reporter.binary)
            return
        with phase(N_("writing the {format} report"), format=fmt):
            data = render_with(reporter, result, lang)
        emit_bytes(data, output, binary=reporter.binary)


def preflight(app, fmt: str, dataset: Path, framework_spec: str | None) -> None:
    """Refuse, before reading or scoring, a dataset the output format cannot hold (the reporter's ``preflight``)."""
    if fmt == "table":
        return
    reporter = app.registry.reporter(fmt)
    if reporter.preflight is None:
        return
    rows = count_rows(dataset)
    if rows is None:
        return
    from ..framework import load_framework

    reporter.preflight(rows, load_framework(framework_spec, app.registry))


def count_rows(path: Path) -> int | None:
    """An upper bound of the data rows of a CSV dataset (its lines but the header), read in blocks; else ``None``.

    Counting lines is far cheaper than parsing (a line break inside a quoted cell only makes
    the bound larger). Other formats are counted once read.
    """
    if Path(path).suffix.lower() != ".csv":
        return None
    lines = 0
    last = b"\n"
    with open(path, "rb") as handle:
        while block := handle.read(1 << 24):
            lines += block.count(b"\n")
            last = block[-1:]
    return max(lines + (last != b"\n") - 1, 0)


def render_with(reporter, obj, lang: str) -> bytes:
    """Render with a reporter; a reporter that fails is named with its plugin (the output file is untouched)."""
    with reporter_failures(reporter):
        return reporter.render(obj, lang)


def _write_with(reporter, result, lang: str, handle, options: dict) -> None:
    """``reporter.write`` into ``handle``; an error of the handle itself (a full disk, a closed pipe) passes through."""
    with reporter_failures(reporter, passing=(OSError,)):
        reporter.write(result, lang, handle, **options)


@contextlib.contextmanager
def reporter_failures(reporter, passing: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Turn a failure of ``reporter`` (any plugin's, the built-in one's too) into a :class:`PluginError` naming it.

    villagescore's own errors (a refused output, Ctrl-C, a termination) and ``passing`` pass through as they are.
    """
    from ..errors import FATAL, PluginError, VillageScoreError, said

    try:
        yield
    except (VillageScoreError, *FATAL, *passing):
        raise
    except BaseException as exc:  # a reporter may not stop the run, even with SystemExit
        raise said(PluginError, N_("reporter {reporter!r} (plugin {plugin!r}) failed: {error}"),
                   reporter=reporter.name, plugin=reporter.plugin, error=f"{type(exc).__name__}: {exc}") from exc


@click.command()
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@framework_option
@click.option("--village", "villages", multiple=True, metavar="ID|NAME",
              help="Score only this village, given by id or by name (accents and case ignored; repeatable).")
@click.option("--year", "years", multiple=True, type=int, metavar="YEAR",
              help="Score only the village-years of this year (repeatable).")
@format_option(FORMATS)
@output_option
@no_bom_option
@lang_option
@as_of_option
@unverified_limits_option
@click.option("--keep-going", is_flag=True,
              help="Score the valid rows and report the invalid ones, instead of stopping at the first bad file.")
@click.option("--pretty/--compact", default=None,
              help="JSON: indent by 2 spaces, or write one village-year per line [default: indented up to "
                   "100 village-years, compact above].")
@output_locale_option
@read_options
@document_options
@click.pass_obj
def evaluate(app, dataset: Path, framework_spec, villages, years, fmt, output, lang, keep_going, pretty,
             output_locale) -> None:
    """Score every village-year of DATASET (CSV, XLSX or JSON) against a criteria framework.

    Formats: table (terminal), json (the result document, schemas/result.schema.json), jsonl
    (JSON Lines: a header line, one village-year per line, an end line), csv (one row per village-year),
    md, html, pdf and xlsx reports (a national summary for many villages). See docs/result-format.md.
    """
    fmt = choose_format(app, fmt, output)
    check_options(app, fmt, pretty=pretty, output_locale=output_locale)
    check_output(output)  # before the dataset is scored
    read_ahead_first([dataset])  # while the plugins and the framework load
    if not villages and not years:
        preflight(app, fmt, dataset, framework_spec)
    result = run_evaluation(app, dataset, framework_spec, villages, keep_going, years=years,
                            options={"command": "evaluate"})
    _emit(app, _with_plans(app, result, fmt, lang), fmt, output, lang, pretty=pretty, output_locale=output_locale)


@click.command()
@framework_option
@click.option("--year", type=int, help="Show this year [default: the latest]; with another format than table, "
                                       "the report holds only this year (as evaluate --year).")
@format_option(FORMATS)
@output_option
@no_bom_option
@lang_option
@as_of_option
@unverified_limits_option
@output_locale_option
@document_options
@click.pass_obj
def pilot(app, framework_spec, year, fmt, output, lang, output_locale) -> None:
    """Score Phùng Xá weaving, xã Hồng Sơn (formerly Mỹ Đức district), Hà Nội, on the bundled data.

    It is the pilot village named in the project brief (unconfirmed by a published source).

    The table view shows the overall score and rating, the pillar scores, the mandatory
    rules that failed and the weakest indicators, with the change since the earlier year.
    """
    from villagescore import bundled

    fmt = choose_format(app, fmt, output)
    check_options(app, fmt, output_locale=output_locale)
    check_output(output)
    # the table view scores every year, for the change since the earlier one; a report holds only the year asked
    years = (year,) if year is not None and fmt != "table" else ()
    result = run_evaluation(app, bundled.path(bundled.PILOT), framework_spec, years=years,
                            options={"command": "pilot"})
    if fmt != "table":
        _emit(app, _with_plans(app, result, fmt, lang), fmt, output, lang, output_locale=output_locale)
        return
    from ..reports.terminal import village_profile
    from ..reports.view import previous_rows

    vid = str(result.frame["village_id"].iat[0])
    if year is not None:  # an absent year lists the years of the pilot data
        from ..villages import choose_years

        choose_years(result.frame, [year], source="pilot")
    i = result.row(vid, year)
    emit_renderables(village_profile(result, i, lang, previous=previous_rows(result)[i]), output)
