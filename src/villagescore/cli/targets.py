"""``villagescore targets``: progress against programme targets, per province and year.

Reads the results of a DATASET (scored here) or, without one, of the store (``--store``
or the default store); measures every target of a targets file (``--targets``: a path or
the id of a shipped file, by default Decision 801/QĐ-TTg) and reports per province and
year the measured value, the target, the gap, coverage and whether the trend reaches the
target by its year; targets that cannot be measured say which data is missing.
"""

from __future__ import annotations

from pathlib import Path

import click

from .mapping_option import mapping_option, mapping_recorded
from .options import (
    FORMAT_HELP,
    check_output,
    emit_bytes,
    emit_renderables,
    lang_option,
    no_bom_option,
    output_option,
    pick_format,
)
from .store import open_store, store_option, user_errors

__all__ = ["targets"]

#: The formats ``targets`` writes; the first is the default.
FORMATS = ["table", "json", "csv", "md", "html"]


@click.command()
@click.argument("dataset", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("--targets", "targets_spec", metavar="FILE|ID",
              help="Targets file (YAML/JSON, schemas/targets.schema.json) or the id of a shipped one: "
                   "decision-801 (default), decision-1058, switch-asia-rattan.")
@click.option("--by", type=click.Choice(["province", "national"]), default="province", show_default=True,
              help="Report each current province and the country, or the country only.")
@click.option("-f", "--framework", "framework_spec", metavar="PATH|ID",
              help="With DATASET: the framework to score with; with the store: only evaluations of this "
                   "framework, an id, ID@VERSION or a framework file (matched by its sha256); an id in several "
                   "versions takes the latest evaluated and says so [default: each village-year's latest "
                   "evaluation].")
@mapping_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, show_default="table, or from the -o suffix",
              help=FORMAT_HELP)
@output_option
@no_bom_option
@lang_option
@click.pass_obj
def targets(app, dataset, store_path, targets_spec, by, framework_spec, mapping_path, fmt, output, lang) -> None:
    """Progress against programme targets.

    Measures each target of a targets file on the results of DATASET, or of the store when
    no DATASET is given, per province and year: measured value, target, gap, coverage
    (how many villages the figure rests on) and whether the trend reaches the target by
    its year. Targets the results cannot measure say which data is missing. Provinces are
    grouped by their current (2025) province (--mapping: another table). See docs/store.md.
    """
    from ..file_names import file_name, path_label
    from ..i18n import t
    from ..targets import data_from_result, data_from_store, load_targets, measure_targets
    from ..targets.render import render, rich_view

    fmt = pick_format(fmt, output, FORMATS)
    check_output(output)  # before the targets are measured
    if dataset is not None and store_path is not None:
        from ..i18n import gettext

        msg = gettext("give either DATASET or --store, not both")
        raise click.UsageError(msg)
    from ..admin_mapping import load_mapping

    mapping = load_mapping(mapping_path)  # before anything is scored or read: a table it cannot read stops at once
    if dataset is not None:
        from ..framework import load_framework
        from .evaluate import run_evaluation
        from .policy import with_run_policy

        framework = with_run_policy(app, load_framework(framework_spec, app.registry))
        # every condition read once before scoring, a framework file's own fields as a plugin's: one report
        target_set = load_targets(targets_spec, registry=app.registry, framework=framework)
        result = run_evaluation(app, dataset, framework_spec,
                                options={**_rerun_options(dataset, targets_spec, by), **mapping_recorded(mapping_path)},
                                framework=framework)
        report = measure_targets(data_from_result(result, label=file_name(dataset), mapping=mapping), target_set,
                                 by=by)
    else:
        from ..store.reader import require_evaluations

        # a framework file's own fields are read as a plugin's, as with DATASET -f FILE; the store keeps no
        # field declarations, so without the file only the installed plugins' fields are known
        framework, unread = None, None
        if framework_spec and Path(framework_spec).is_file():
            from ..errors import VillageScoreError
            from ..framework import load_framework

            try:
                framework = load_framework(framework_spec, app.registry)
            except VillageScoreError:  # the store matches it by its bytes: it may no longer resolve (a plugin gone)
                unread = framework_spec
        target_set = load_targets(targets_spec, registry=app.registry, framework=framework)
        with user_errors(lang), open_store(store_path) as st:  # values are read while measuring
            require_evaluations(st.con, st.path, "nothing_to_measure")
            label = f"{t('store.results_store', lang)} {path_label(st.path)}"
            data = data_from_store(st.con, framework=framework_spec, label=label, registry=app.registry,
                                   mapping=mapping)
            if framework is None:
                data.warnings += _compared_as_written(target_set, app.registry, data, unread)
            report = measure_targets(data, target_set, by=by)
    from .messages import warning

    for w in report["warnings"]:  # as compare says them: unknown and inconsistent provinces
        warning(w["message"])
    if fmt == "table":
        emit_renderables(rich_view(report, lang), output)
        return
    if fmt != "csv":  # the other formats keep their provenance (json) or end with it (md, html)
        emit_bytes(render(report, fmt, lang), output)
        return
    from ..targets.provenance import targets_provenance_bytes
    from .provenance_file import document_beside

    bom = not getattr(app, "no_bom", False)
    with document_beside(lambda name: targets_provenance_bytes(report, name, lang, bom), output):
        emit_bytes(render(report, fmt, lang), output)


def _rerun_options(dataset: Path, targets_spec: str | None, by: str) -> dict[str, str]:
    """What the result records of this command beside the scoring options, so that its command line re-runs it.

    The command, ``--targets`` (a file by its name, as ``--framework``), ``--by`` when not its
    default, and the dataset's file name (typed last: :data:`~..reports.command_line.ARGUMENTS`).
    """
    from ..file_names import file_name

    out = {"command": "targets"}
    if targets_spec:
        out["targets"] = file_name(targets_spec) if Path(targets_spec).is_file() else targets_spec
    if by != "province":
        out["by"] = by
    out["dataset"] = file_name(dataset)
    return out


def _compared_as_written(target_set, registry, data, unread: str | None = None) -> list[dict]:
    """A warning per field or indicator the store holds that no plugin declares and a condition compares with a text.

    The store keeps no framework file's field declarations: without ``-f FILE`` (or with a file that
    no longer resolves, ``unread``) a label such as ``Loại A`` is compared as written, and would
    measure 0 % without a word.
    """
    from ..i18n import gettext
    from ..targets.conditions import undeclared_fields

    said = (gettext("the conditions on {field} are compared as written: no installed plugin declares it, and the "
                    "store keeps no framework file's own fields and indicators; give the framework file with "
                    "-f FILE to read its labels and yes/no words") if unread is None else
            gettext("the conditions on {field} are compared as written: no installed plugin declares it, and "
                    "{file} does not resolve with the installed plugins to declare it (villagescore validate "
                    "{file} says why)"))
    held = {"field": data.field, "indicator": data.indicator}
    return [{"code": "field_not_declared", key: name, "message": said.format(field=repr(name), file=unread or "")}
            for key, name in undeclared_fields(target_set, registry) if held[key](name) is not None]
