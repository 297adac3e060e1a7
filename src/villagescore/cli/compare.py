"""``villagescore compare``: rankings, groups, side-by-side gaps and changes over time.

SOURCES are datasets (scored here with ``run_evaluation``) or saved result JSON files
(``villagescore evaluate … --format json``); each source is one *run*. The analysis is in
:mod:`villagescore.compare`; this module reads the sources, renders the comparison
(table, JSON, CSV, Markdown; HTML and XLSX through :mod:`villagescore.reports`) and
prints warnings on standard error. The rules are documented in ``docs/compare.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..errors import Count, VillageScoreError, os_reason, said
from ..i18n import N_
from ..progress import phase
from ..reports.comparison import TABLES, render, rich_view
from .mapping_option import mapping_option, mapping_recorded
from .messages import message, warning
from .options import (
    FORMAT_HELP,
    as_of_option,
    check_output,
    emit_bytes,
    emit_stream,
    lang_option,
    no_bom_option,
    output_option,
    pick_format,
    read_ahead_first,
    read_options,
)
from .policy import unverified_limits_option

__all__ = ["compare", "FORMATS"]

FORMATS = ["table", "json", "csv", "md", "html", "xlsx"]

# --------------------------------------------------------------------------- command

class _VariadicVillages(click.Command):
    """Lets ``--villages A B C`` take several values (up to the next option)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--villages":
                i += 1
                while i < len(args) and not args[i].startswith("-"):
                    out += ["--villages", args[i]]
                    i += 1
                continue
            out.append(arg)
            i += 1
        return super().parse_args(ctx, out)


def _read_source(app: Any, path: Path, framework_spec: str | None, keep_going: bool, indicators: bool,
                 framework: Any = None, mapping: Path | None = None) -> Any:
    """A result file as a ScoreTable (streamed; indicators only when asked), or a dataset scored here.

    ``framework``: the one a dataset scored before was scored with (not loaded again). ``mapping``:
    the ``--mapping`` given, recorded in a scored dataset's options so that its command reads back whole.
    """
    from ..compare import is_result_document, table_from_dict, table_from_file, table_from_stream
    from ..resultdoc import starts_like_result, starts_with_header_line
    from ..resultdoc.reading import strict_loads
    from .stdin import STDIN_NAME, is_stdin, stdin_bytes, stdin_first_line, stdin_rest

    suffix = path.suffix.lower()
    if is_stdin(path):
        if getattr(app, "input_format", "csv") == "json":  # a result document, or a dataset
            first = stdin_first_line(app)
            # streamed as a .json file would be: a result's first line, however spaced, its keys in any order
            if _opens_result(first):
                return table_from_stream(first, stdin_rest(app), STDIN_NAME, indicators=indicators)
            try:
                doc = strict_loads(stdin_bytes(app).decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError):  # nested too deeply too
                doc = None  # the dataset reader says what is wrong with it
            if is_result_document(doc):
                return table_from_dict(doc, _label_of(path), indicators=indicators)
    elif suffix in (".jsonl", ".ndjson"):
        return table_from_file(path, _label_of(path), indicators=indicators)
    elif suffix == ".json":
        try:
            with open(path, encoding="utf-8-sig") as handle:
                start = handle.read(32)
            # a JSON Lines result whose header does not start with "record" (rewritten with sort_keys) is
            # known by its first line, and streamed: the whole file is never read into memory
            streamed = starts_like_result(start) or starts_with_header_line(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise _unreadable(path, exc) from None
        if streamed:
            return table_from_file(path, _label_of(path), indicators=indicators)
        doc = _json_or_lines(path)
        if doc is _LINES:  # one JSON value a line, the first no header: its reader says what is wrong
            return table_from_file(path, _label_of(path), indicators=indicators)
        if is_result_document(doc):
            return table_from_dict(doc, _label_of(path), indicators=indicators)
    elif suffix == ".csv":
        from ..compare.result_csv import refuse_result_csv

        refuse_result_csv(path)
    from .evaluate import run_evaluation

    return run_evaluation(app, path, _scoring_spec(app, framework_spec), keep_going=keep_going,
                          options={"command": "compare", **mapping_recorded(mapping)}, framework=framework)


def _scoring_spec(app: Any, spec: str | None) -> str | None:
    """The ``--framework`` a dataset is scored with: ``ID@VERSION`` (it chooses stored evaluations) is ``ID``.

    Only when the installed ``ID`` is that version: a dataset is scored with an installed framework or a
    framework file, never with a version that is not installed.
    """
    if not spec or "@" not in spec or Path(spec).is_file():
        return spec
    ident, _, version = spec.partition("@")
    installed = _framework(app, ident)
    if installed is not None and str(installed.version) == version:
        return ident
    raise said(VillageScoreError, N_(
        "--framework {spec} chooses the store's evaluations of one version; a dataset is scored with an installed "
        "framework ({installed}) or a framework file: give --framework {id}, or the file of version {version}, "
        "and the store's evaluations of other versions are compared beside it as they are"),
        spec=spec, id=ident, version=version,
        installed="—" if installed is None else f"{installed.id} {installed.version}")


def _opens_result(first: bytes) -> bool:
    """Whether a first line read from standard input opens a result as a result file's first line would."""
    from ..resultdoc import starts_like_result
    from ..resultdoc.reading import is_header_line

    try:
        line = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        return False  # the dataset reader says what is wrong with it
    return starts_like_result(line[:32]) or is_header_line(line)


#: What :func:`_json_or_lines` returns for a file of one JSON value a line.
_LINES = object()


def _json_or_lines(path: Path) -> Any:
    """The JSON document of ``path``, or :data:`_LINES` for one JSON value a line (the text is not kept then)."""
    from ..compare.result_files import NOT_JSON, TOO_DEEP
    from ..resultdoc.reading import MAX_RESULT_DEPTH, NestedTooDeep, strict_loads

    try:
        return strict_loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _unreadable(path, exc) from None
    except NestedTooDeep:
        raise said(VillageScoreError, TOO_DEEP, path=path, limit=Count(MAX_RESULT_DEPTH)) from None
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and exc.lineno == 2:  # noqa: PLR2004 - one JSON value a line: JSON Lines
            return _LINES  # returned, not read inside this block: the error holds the whole text (exc.doc)
        raise said(VillageScoreError, NOT_JSON, path=path, line=exc.lineno, column=exc.colno,
                   detail=exc.msg) from None


def _unreadable(path: Path, exc: OSError | UnicodeDecodeError) -> VillageScoreError:
    return said(VillageScoreError, N_("cannot read {path}: {reason}"), path=path,
                reason=os_reason(exc) if isinstance(exc, OSError) else exc)


def _label_of(path: Path) -> str:
    from ..file_names import file_name

    return file_name(path)


def _relabel(table: Any, label: str) -> Any:
    import dataclasses

    table.runs = [dataclasses.replace(r, label=label) for r in table.runs]
    return table


def _store_items(path: Path, lang: str, indicators: bool = True, alone: bool = True, framework: str | None = None,
                 registry: Any = None) -> list[tuple[str, Any]]:
    """Every evaluation of the store, as ``(label, ScoreTable)`` (oldest first, so later ones win).

    ``alone``: the store is all there is to compare, so an empty one is said empty (exit 1).
    ``framework``: only the evaluations of the stored frameworks ``--framework`` names (an id, ``ID@VERSION``
    or a file, as ``targets`` chooses; ``registry`` reads a file no stored framework has the bytes of).
    """
    from ..store.compare_source import tables_from_store
    from ..store.reader import require_evaluations
    from .store import open_store, user_errors

    with user_errors(lang), open_store(path) as st, phase(N_("reading {file}"), file=_label_of(path)):
        if alone:
            require_evaluations(st.con, st.path, "nothing_to_compare")
        return tables_from_store(st.con, lang=lang, indicators=indicators, framework=framework, registry=registry)


def _framework(app: Any, framework_spec: str | None) -> Any:
    """The framework of ``--framework`` (the default one without it), loaded once; ``None`` when it cannot be.

    ``ID@VERSION`` (stored evaluations of one version) loads the installed ``ID``: it applies to the runs
    of its own version only (:func:`~villagescore.compare.gates.with_framework`).
    """
    if framework_spec and not Path(framework_spec).is_file():
        framework_spec = framework_spec.partition("@")[0]
    try:
        from ..framework import load_framework

        return load_framework(framework_spec, app.registry)
    except VillageScoreError:  # results of another framework keep their ids
        return None


def _labels(app: Any, framework: Any) -> dict[str, Any]:
    """Labels of the registry's indicators and sectors, and of ``framework``'s pillars, criteria and gates."""
    try:
        registry = app.registry
    except VillageScoreError:
        return {}
    labels = {k: dict(x.label) for k, x in getattr(registry, "indicators", {}).items()}
    labels.update({k: dict(x.label) for k, x in getattr(registry, "sectors", {}).items()})
    if framework is not None:
        labels.update({x.id: dict(x.label) for x in (*framework.pillars, *framework.criteria, *framework.gates)
                       if x.label})
    return labels


@click.command(cls=_VariadicVillages)
@click.argument("sources", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--store", "store_path", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="Also compare every evaluation kept in this store (villagescore store add).")
@click.option("--by", type=click.Choice(["province", "commune", "sector", "former_district"]),
              help="Summarise groups: current province (post-2025), commune, sector (a village of several "
                   "sectors counts in each) or former district.")
@click.option("--villages", "villages", multiple=True, metavar="ID[@YEAR]…",
              help="Side by side: these villages, by id or name (the first is the reference), with the indicators that "
                   "explain the gap. Takes several values: --villages A B C.")
@click.option("--year", type=int, help="Rank and group this year [default: each village's latest result].")
@click.option("--per-year", is_flag=True, help="Rank and group each year separately.")
@click.option("--min-group", type=click.IntRange(min=1), default=3, show_default=True,
              help="Groups with fewer village-years are marked † 'read with caution' and not ranked (their "
                   "statistics are still shown).")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many indicators sum up the explanation of a gap.")
@mapping_option
@click.option("-f", "--framework", "framework_spec", metavar="PATH|ID|ID@VERSION",
              help="Framework file or id of an installed framework to score DATASETs with [default: "
                   "vn-ttcn-sustainable]; with --store, only the store's evaluations of this framework are compared: "
                   "an id (every version), ID@VERSION or a framework file (matched by its sha256).")
@click.option("--keep-going", is_flag=True, help="When scoring a dataset, skip invalid rows instead of stopping.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, show_default="table, or from the -o suffix",
              help=FORMAT_HELP)
@click.option("--table", "table", type=click.Choice(TABLES), default="auto", show_default=True,
              help="With --format csv: which section to write (auto: gaps with --villages, groups with --by, "
                   "else rankings).")
@output_option
@no_bom_option
@lang_option
@as_of_option
@unverified_limits_option
@read_options
@click.pass_obj
def compare(app, sources, store_path, by, villages, year, per_year, min_group, top, mapping_path, framework_spec,
            keep_going, fmt, table, output, lang) -> None:
    """Compare villages across communes, provinces, sectors and years.

    SOURCES are datasets (scored with the framework) or result files saved with
    `villagescore evaluate … --format json` or `--format jsonl` (read as a stream); give several to compare
    years or framework
    versions; --store PATH adds every evaluation kept in a store (of --framework only, when given). Villages are ranked
    (competition ranks on scores as printed: 2 decimals, more where a tier's minimum needs them), grouped with --by,
    set side by side with --villages A B, and followed over time.
    Provinces are grouped by their current (2025) province. See docs/compare.md.
    """
    fmt = pick_format(fmt, output, FORMATS)
    check_output(output)  # before the comparison is computed
    read_ahead_first(sources)  # while the plugins and the framework load
    from ..admin_mapping import load_mapping
    from ..compare import compare as run_compare
    from ..compare import load_table, table_from_result
    from ..compare.gates import with_framework

    if not sources and store_path is None:
        msg = message("give at least one DATASET or RESULT.json, or --store PATH")
        raise click.UsageError(msg)
    from ..file_names import path_label

    mapping = load_mapping(mapping_path)  # before any dataset is scored: a table it cannot read stops at once
    names = [_label_of(p) for p in sources]
    items = []
    framework = None  # loaded once: a dataset scored here gives it (its warnings are not said twice)
    if store_path is not None:
        items += _store_items(store_path, lang, indicators=bool(villages), alone=not sources,
                              framework=framework_spec, registry=app.registry)
    for p in sources:
        from .stdin import STDIN_NAME, is_stdin

        name = _label_of(p)
        label = STDIN_NAME if is_stdin(p) else name if names.count(name) == 1 else path_label(p)
        source = _read_source(app, p, framework_spec, keep_going, indicators=bool(villages), framework=framework,
                              mapping=mapping_path)
        if hasattr(source, "runs"):  # a ScoreTable read from a result file: label it as the command does
            source = _relabel(source, label)
        else:  # a dataset scored here: keep its table, so the dataset and its matrices are freed now
            framework = framework or source.framework
            with phase(N_("tabulating the scores of {file}"), file=label):
                source = table_from_result(source, label, indicators=bool(villages))
        items.append((label, source))
    if framework is None:
        framework = _framework(app, framework_spec)
    loaded = load_table(items)
    if framework is not None:  # its tiers' pillar minimums and gate caps, for the runs of that framework
        loaded = with_framework(loaded, framework)
    with phase(N_("comparing")):  # every long step is a phase: shown on a terminal when it takes a while
        result = run_compare(loaded, by=by, villages=list(villages), year=year, per_year=per_year,
                             min_group=min_group, top=top, lang=lang, mapping=mapping,
                             labels=_labels(app, framework))
    for w in result["warnings"]:
        warning(w["message"])
    if fmt == "table":
        from .options import emit_renderables

        with phase(N_("writing the {format} report"), format=fmt):
            views = rich_view(result, lang)
        emit_renderables(views, output)
        return
    if fmt == "json":  # written as it is produced: a national comparison is never held whole
        from ..reports.comparison_json import write_comparison_json

        emit_stream(lambda handle: write_comparison_json(result, handle), output)
        return
    with phase(N_("writing the {format} report"), format=fmt):
        body = render(result, fmt, lang, table)
    if fmt != "csv":  # the other formats print each run's provenance
        emit_bytes(body, output, binary=fmt == "xlsx")
        return
    from ..reports.comparison_provenance import comparison_provenance_bytes
    from .provenance_file import document_beside

    bom = not getattr(app, "no_bom", False)
    with document_beside(lambda name: comparison_provenance_bytes(result, name, bom), output):
        emit_bytes(body, output)
