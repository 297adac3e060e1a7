"""``villagescore template``: a data-collection workbook (XLSX) generated from the framework."""

from __future__ import annotations

import click

from .messages import message, note
from .options import check_output, emit_bytes, framework_option, lang_option, output_option

__all__ = ["template"]


def _refuse_a_filled_survey(output, registry, data: bytes) -> bool:
    """Refuse to write the empty workbook ``data`` over anything but itself unfilled (a survey being filled in …).

    An existing non-empty file is replaced only when it is proven to be the template this
    command writes, every cell as ``data`` has it (:func:`villagescore.protected.unfilled_template`);
    a workbook typed into anywhere, a template of another framework, sector choice, language or
    version, a workbook that cannot be read (password-protected, damaged, another kind of file)
    is not. Returns whether the file is such a template (the writer may then replace it).
    """
    from pathlib import Path

    from ..datasets import read_raw
    from ..errors import Count, OutputError, VillageScoreError, said
    from ..i18n import N_
    from ..protected import survey_workbook, unfilled_template

    if output is None or str(output) == "-":
        return False
    path = Path(output)
    try:
        if not path.is_file() or not path.stat().st_size:
            return False
        if unfilled_template(path, data):
            return True
    except OSError:  # a name too long …: the writer says what is wrong with it
        return False
    try:
        rows = len(read_raw(path, registry).frame)
    except (VillageScoreError, OSError):
        rows = 0
    if rows:
        raise said(OutputError, N_("{output} already holds {n} village-year row(s): a new template would replace "
                                   "them; write it to another file, or move this one away first"),
                   output=str(output), n=Count(rows))
    if survey_workbook(path):
        raise said(OutputError, N_("{output} is a survey workbook that differs from the template this command writes "
                                   "(something is typed in on one of its sheets, or it is the template of another "
                                   "framework, sector choice, language or version), so a new template does not "
                                   "replace it; write the template to another file, or delete this one yourself "
                                   "first"), output=str(output))
    raise said(OutputError, N_("{output} is not an unfilled survey template (it holds data, or cannot be read as one: "
                               "a password-protected or damaged workbook, another kind of file), so a new template "
                               "does not replace it; write the template to another file, or delete this one yourself "
                               "first"), output=str(output))


@click.command()
@framework_option
@click.option("--sector", "sectors", multiple=True, metavar="ID|NAME",
              help="Only the indicators of this craft sector, by id or by name (Gốm sứ), plus the generic ones "
                   "(repeatable) [default: all].")
@lang_option
@output_option
@click.pass_obj
def template(app, framework_spec, sectors, lang, output) -> None:
    """Write a data-collection workbook: one column per field the framework needs.

    The 'data' sheet has the identity columns and one column per field, with units and
    descriptions in the header comments and Excel data validation (ranges, whole
    numbers, dropdowns for categories, yes/no, sectors, provinces and the year). The
    'instructions' sheet describes every column in Vietnamese and English; 'metadata'
    and 'dataset' record sources and quality. A filled-in workbook is read back by
    `villagescore evaluate FILE.xlsx` unchanged.
    """
    from ..framework import load_framework
    from ..template import build_template, template_columns
    from ..template.columns import chosen_sectors
    from .options import pick_format

    pick_format(None, output, ["xlsx"])  # -o survey.csv would be a workbook under a CSV name
    check_output(output, keep_inputs=False)  # its own unfilled template may go: proven before writing

    registry = app.registry
    fw = load_framework(framework_spec, registry)
    sectors = chosen_sectors(registry, sectors)  # by id or by name, as a dataset's reader takes them
    data = build_template(fw, registry, sectors=sectors, lang=lang)
    unfilled = _refuse_a_filled_survey(output, registry, data)
    emit_bytes(data, output, binary=True, keep_inputs=not unfilled)  # proven unfilled: replaced by itself
    from ..i18n import labelled

    def named(sector: str) -> str:  # "Gốm sứ (ceramics)": the id beside its label
        known = getattr(registry, "sectors", {}).get(sector)
        return labelled(sector, dict(known.label) if known is not None and known.label else None, lang)

    specific = {s for node in fw.indicators for s in node.sectors}
    for sector in sectors:
        if sector not in specific:
            note(message("framework {framework!r} has no indicator specific to sector {sector}; the workbook "
                         "has its generic fields only", framework=fw.id, sector=named(sector)))
    n = len(template_columns(fw, registry, sectors))
    if sectors:
        click.echo(message("{n} columns ({framework} {version}, sectors: {sectors})", n=n, framework=fw.id,
                           version=fw.version, sectors=", ".join(map(named, sectors))), err=True)
    else:
        click.echo(message("{n} columns ({framework} {version})", n=n, framework=fw.id, version=fw.version),
                   err=True)
