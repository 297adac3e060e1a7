"""``villagescore validate FILE…``: check frameworks, datasets and metadata; print every problem."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ..errors import DatasetError, FrameworkError, Problem, VillageScoreError, problem
from ..i18n import N_
from ..read_ahead import drop as drop_read_ahead
from .framework_warnings import FrameworkOnce, caught_framework_warnings
from .messages import message
from .options import framework_option, messages_lang_option, read_ahead_first, read_options

__all__ = ["validate", "check_file"]

_FRAMEWORK_SUFFIXES = (".yaml", ".yml")
_DATA_SUFFIXES = (".csv", ".xlsx")


def check_file(app, path: Path, framework: Any = None, *, chosen: bool = True,
               framework_spec: str | None = None) -> tuple[str, list[Problem], list]:
    """Return ``(kind, problems, warnings)`` for one file; kind is framework, catalogue, dataset or metadata.

    ``warnings`` are the rows of a dataset that break a plausibility check
    (:class:`villagescore.datasets.plausibility.PlausibilityWarning`) and, with a ``framework``, the
    values given but not scored because their limit is unknown (:class:`villagescore.limit_gaps.LimitWarning`,
    first): they never make the file invalid. ``framework`` may be a function that loads it;
    ``chosen``: ``-f`` named it (otherwise a dataset's unknown column may be a field of a framework
    file, and its advice says to give it); ``framework_spec``: ``-f``, the framework a catalogue's
    sectors are checked to join (the default one without it).
    """
    from ..datasets.readers import dataset_suffix, read_suffixes
    from ..framework import load_framework_document, resolve_framework
    from .stdin import STDIN_NAME, is_stdin

    if is_stdin(path):  # standard input holds a dataset, in the format --input-format names
        try:
            return "dataset", [], _check_dataset(app, path, framework, chosen=chosen)
        except DatasetError as exc:
            return "dataset", exc.problems, getattr(exc, "warnings", [])
        except VillageScoreError as exc:
            return "file", [Problem(STDIN_NAME, "", _in_each_language(exc))], []
    name = str(path)
    suffix = path.suffix.lower()
    try:
        if name.endswith(".meta.json"):
            from ..datasets import metadata_problems
            from ..errors import DocumentError
            from ..parsing import load_document

            try:
                meta = load_document(path, kind="json", label=N_("metadata files"))
            except DocumentError as exc:
                return "metadata", exc.problems, []
            return "metadata", metadata_problems(meta, name), []
        if suffix == ".json" and _is_json_dataset(path):
            return "dataset", [], _check_dataset(app, path, framework, chosen=chosen)
        if suffix in _FRAMEWORK_SUFFIXES or suffix == ".json":
            doc, digest, _ = load_framework_document(path)
            if _is_catalogue(doc):
                problems = _catalogue_problems(doc, name, digest)
                return ("catalogue", problems, []) if problems else _catalogue_requires(app, doc, name,
                                                                                        framework_spec)
            from ..framework.weight_slips import weight_slips

            return "framework", [], weight_slips(resolve_framework(doc, app.registry, name=name, sha256=digest), name)
        if suffix in _DATA_SUFFIXES or dataset_suffix(app.registry, suffix):
            return "dataset", [], _check_dataset(app, path, framework, chosen=chosen)
        allowed = N_("framework or catalogue .yaml/.yml/.json, dataset {datasets}, metadata .meta.json")
        return "unknown", [problem(name, "", N_("unknown kind of file"), allowed=allowed,
                                   params={"datasets": read_suffixes(app.registry)})], []
    except FrameworkError as exc:
        return "framework", exc.problems, []
    except DatasetError as exc:
        return "dataset", exc.problems, getattr(exc, "warnings", [])
    except VillageScoreError as exc:
        return "file", [Problem(name, "", _in_each_language(exc))], []


#: The top-level keys of a framework or an overlay: a document with ``catalogue`` and none of them is a catalogue.
_FRAMEWORK_ONLY_KEYS = frozenset({"pillars", "extends", "framework"})


def _is_catalogue(doc: dict) -> bool:
    """A plugin's catalogue (``schemas/catalogue.schema.json``): its ``catalogue`` key, and no framework's keys."""
    return "catalogue" in doc and not (_FRAMEWORK_ONLY_KEYS & doc.keys())


def _catalogue_problems(doc: dict, name: str, digest: str) -> list[Problem]:
    """A catalogue against its schema, then built as its plugin builds it (every problem of each step).

    The compute functions an indicator names live in the plugin's code: each stands in for itself here.
    """
    from ..catalogue import build_catalogue, catalogue_problems
    from ..errors import CatalogueError

    problems = catalogue_problems(doc, name, digest)
    if problems:
        return problems
    computes = {spec["compute"]: _stand_in for spec in doc.get("indicators") or ()
                if isinstance(spec, dict) and isinstance(spec.get("compute"), str)}
    try:
        build_catalogue(doc, name, digest, computes=computes)
    except CatalogueError as exc:
        return exc.problems
    return []


def _catalogue_requires(app, doc: dict, name: str, framework_spec: str | None) -> tuple[str, list[Problem], list]:
    """A valid catalogue against the installed plugins: clashing ids, sectors that cannot join, unknown fields.

    An id an installed plugin registers makes the catalogue impossible to load with it, and so
    does a sector that cannot join the framework ``framework_spec`` (checked as loading it with
    ``--catalogue`` checks it, :mod:`villagescore.catalogue.joins`): problems. An indicator
    requiring a field nothing declares is said when its plugin loads (an error under strict
    mode) and never scored: a warning, a problem under strict mode. Its regulation links and
    improved indicators get the verdict loading gives (:func:`_catalogue_links`).
    """
    from ..catalogue.clashes import registry_clashes
    from ..catalogue.joins import join_problems
    from ..catalogue.requires import UnknownRequiredField, unknown_required_fields

    installed = _installed_as(app.registry, doc, name)
    clashes = registry_clashes(doc, name, app.registry, installed)
    if clashes:
        return "catalogue", clashes, []
    # its links first: a slip there stops loading it, which the join checks do (each placed in the file here)
    link_problems, link_warnings = _catalogue_links(app, doc, name)
    if link_problems:
        return "catalogue", link_problems, []
    joins = join_problems(doc, name, app.registry, framework=framework_spec,
                          installed=installed & set(app.registry.plugin_versions),
                          catalogues=getattr(app, "catalogues", ()))
    if joins:
        return "catalogue", joins, []
    unknown = unknown_required_fields(doc, name, app.registry.fields)
    if unknown and app.registry.strict:
        return "catalogue", list(unknown), []
    return "catalogue", [], [*map(UnknownRequiredField, unknown), *link_warnings, *_code_needed(doc)]


def _catalogue_links(app, doc: dict, name: str) -> tuple[list[Problem], list]:
    """``(problems, warnings)``: the catalogue's regulation links and improved indicators, checked by the loader.

    Loaded as a catalogue file (no compute functions) or in strict mode, each slip stops
    loading: a problem. A plugin package loading it outside strict mode warns: a warning.
    """
    from ..catalogue.links import LinkSlip, catalogue_link_problems

    fatal = app.registry.strict or not _code_needed(doc)
    computes = {spec["compute"]: _stand_in for spec in doc.get("indicators") or ()
                if isinstance(spec, dict) and isinstance(spec.get("compute"), str)}
    found = catalogue_link_problems(doc, name, app.registry, computes, fatal=fatal)
    return (found, []) if fatal else ([], [LinkSlip(p) for p in found])


def _installed_as(registry, doc: dict, name: str) -> set[str]:
    """The plugins that are this catalogue file installed: named by its id, or whose package holds the file."""
    import importlib.util
    from pathlib import Path

    from ..plugins import load_state

    here = Path(name).resolve()
    own = {doc.get("catalogue")} | {p for p, f in registry.catalogue_files.items() if Path(f).resolve() == here}
    for plugin, info in load_state(registry.pm).infos.items():
        try:
            spec = importlib.util.find_spec(info.module) if info.module else None
        except (ImportError, ValueError):
            continue
        if spec is not None and here.parent in {Path(d).resolve() for d in spec.submodule_search_locations or ()}:
            own.add(plugin)
    return own


class CodeNeeded:
    """A valid catalogue whose indicators name compute functions: only a plugin package can load it."""

    check = "compute"

    def __init__(self, indicators: list[str]) -> None:
        self.indicators = indicators

    def format(self, lang: str) -> str:
        """The note, in ``lang``."""
        from ..i18n import gettext

        return gettext(N_("note: indicators {indicators} name compute functions, so a plugin package must load this "
                          "catalogue: --catalogue (a file without code) cannot"), lang).format(
            indicators=", ".join(self.indicators))

    def to_dict(self, lang: str) -> dict[str, Any]:
        """The note as JSON: ``{"kind": "compute", "indicators": [...], "message": ...}``."""
        return {"kind": self.check, "indicators": self.indicators, "message": self.format(lang)}


def _code_needed(doc: dict) -> list[CodeNeeded]:
    named = [spec.get("id") for spec in doc.get("indicators") or () if isinstance(spec, dict) and "compute" in spec]
    return [CodeNeeded([str(i) for i in named])] if named else []


def _stand_in(frame):  # pragma: no cover - never called: validating builds a catalogue, it scores nothing
    raise NotImplementedError


def _in_each_language(exc: VillageScoreError) -> str:
    """The message of ``exc`` as a problem's message: said in the language the problem is shown in."""
    from ..errors import in_languages
    from ..i18n import LANGS

    return in_languages({lang: exc.text(lang) for lang in LANGS})


def _check_dataset(app, path: Path, framework=None, *, chosen: bool = True) -> list:
    """Read and validate one dataset with the command's read options; print how it was read.

    The dataset is validated as ``evaluate`` reads it for ``framework`` (the fields the framework
    declares itself are columns, the ``sectors`` column is optional when it scores no sector).
    Returns the dataset's plausibility warnings, after the values it gives that ``framework``
    cannot score because their limit is unknown.
    """
    from ..datasets import read_raw, validate
    from ..datasets.text import shared_factorization
    from .process_exit import free_at_exit
    from .read_notes import echo_notes
    from .stdin import STDIN_NAME, is_stdin, renamed, stdin_errors, stdin_file

    framework = framework() if callable(framework) else framework  # loaded once, when a dataset needs it
    free_at_exit("dataset", None)  # the previous file's data is freed before this one is read
    if is_stdin(path):
        with stdin_file(app) as tmp, stdin_errors(str(tmp)):
            raw = renamed(read_raw(tmp, app.registry, app.read_options), str(tmp))
            echo_notes(STDIN_NAME, raw.notes)
            dataset = validate(raw, app.registry, framework=framework, suggest_framework=not chosen)
        echo_notes(STDIN_NAME, [n for n in dataset.notes if n not in raw.notes])
        return _with_limit_warnings(app, framework, dataset, STDIN_NAME)
    with shared_factorization() as shared:  # the text columns factorised in tidying are not factorised again
        raw = read_raw(path, app.registry, app.read_options)
        echo_notes(path, raw.notes)
        dataset = validate(raw, app.registry, framework=framework, suggest_framework=not chosen)
    echo_notes(path, [n for n in dataset.notes if n not in raw.notes])
    _warn_unnamed_synthetic(path, dataset.metadata)
    warnings = _with_limit_warnings(app, framework, dataset, str(path))
    free_at_exit("dataset", (raw, dataset, shared))  # freed before the next file is read, or with the process
    return warnings


def _warn_unnamed_synthetic(path: Path, metadata: Any) -> None:
    """Warn when metadata marks the data synthetic but the file name does not say so (it might pass for real)."""
    from ..datasets.metadata import is_synthetic, names_synthetic, synthetic_name_for
    from .messages import warning

    if is_synthetic(metadata) and not names_synthetic(path):
        warning(message(N_("{file}: its metadata says the data is synthetic but its file name does not; rename it "
                           "with its metadata file, e.g. {suggested}, so that no one takes it for real data"),
                        file=str(path), suggested=synthetic_name_for(path)))


def _with_limit_warnings(app, framework, dataset, name: str) -> list:
    """The dataset's warnings, after those of the values ``framework`` cannot score (their limit is unknown)."""
    if framework is None:
        return dataset.warnings
    from ..datasets.model import with_reference_date
    from ..limit_gaps import limit_warnings

    frame = with_reference_date(dataset, getattr(app, "as_of", None)).frame
    found = limit_warnings(framework, frame, file=name, rows=dataset.rows,
                           fields=app.registry.with_fields(framework.local_fields).fields)
    return [*found, *dataset.warnings] if found else dataset.warnings


def default_framework(app, framework_spec: str | None):
    """The framework ``-f`` names; without ``-f`` the default one, or ``None`` when it is not installed."""
    from ..errors import UnknownIdError
    from ..framework import load_framework

    if framework_spec is not None:
        return load_framework(framework_spec, app.registry)
    try:
        return load_framework(None, app.registry)
    except UnknownIdError:
        return None


#: Top-level keys by which a JSON object is a framework, an overlay or a catalogue: any other
#: JSON file is read as a dataset, so that a malformed dataset gets the dataset reader's messages.
_FRAMEWORK_KEYS = frozenset({"id", "pillars", "extends", "framework", "catalogue"})
#: A framework's keys as they appear in JSON text the parser refused (a broken framework stays one).
_FRAMEWORK_TEXT = re.compile(r'"(?:pillars|extends)"\s*:')


def _is_json_dataset(path: Path) -> bool:
    """A ``.json`` file is a framework only when it looks like one; anything else is a dataset.

    A framework, overlay or catalogue is an object with ``id``, ``pillars``, ``extends``, ``framework``
    or ``catalogue`` (and without ``villages``); an array, a string, JSON Lines, ``{"villages": {...}}`` or an object
    of rows is a dataset, reported by the dataset reader. A file that does not parse is a framework
    only when its text names ``pillars`` or ``extends``.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return True  # the dataset reader names the problem (unreadable, not UTF-8)
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return _FRAMEWORK_TEXT.search(text) is None
    if not isinstance(doc, dict) or "villages" in doc:
        return True
    return not (_FRAMEWORK_KEYS & doc.keys())


def _kind(kind: str) -> str:
    """What ``check_file`` found a file to be, in the run's language."""
    from ..i18n import t

    text = t(f"validate.kind.{kind}")
    return kind if text.startswith("validate.kind.") else text


#: Warnings of one plausibility check printed per file in text; the rest are counted (JSON lists them all).
SHOWN_PER_CHECK = 20


def _echo_warnings(warnings: Sequence, lang: str) -> None:
    """The plausibility warnings of a file: the first :data:`SHOWN_PER_CHECK` of each check, then a count.

    A national dataset may break a check on most of its rows; tens of thousands of lines
    would hide the other checks (and take longer to format than validating the file). The
    warnings of a validated dataset (:class:`~villagescore.datasets.plausibility.PlausibilityWarnings`)
    are counted without being built; a plain list is counted as it is.
    """
    from ..i18n import format_integer

    if hasattr(warnings, "first"):
        shown, counts = warnings.first(SHOWN_PER_CHECK), warnings.counts()
    else:
        counts = {}
        shown = []
        for w in warnings:
            counts[w.check] = counts.get(w.check, 0) + 1
            if counts[w.check] <= SHOWN_PER_CHECK:
                shown.append(w)
    for w in shown:
        click.echo(f"  {w.format(lang)}")
    for check, n in counts.items():
        if n > SHOWN_PER_CHECK:
            click.echo("  " + message("… {n} more rows break {check}; --format json lists every warning",
                                      n=format_integer(n - SHOWN_PER_CHECK, lang), check=check))


@click.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: the problems for people to read; json: the same for programs.")
@framework_option
@read_options
@messages_lang_option
@click.pass_obj
def validate(app, files, fmt, framework_spec) -> None:
    """Check criteria frameworks, catalogues, datasets and metadata files; print every problem.

    Rows of a dataset that break a plausibility check of the catalogues are listed as
    warnings: they do not make the file invalid.

    Values a dataset gives that the framework (-f) cannot score, because the legal limit
    they are compared with is unknown for their row, are listed as warnings too, with the
    field to fill.

    Exits 1 if any file has a problem, 0 if all are valid.
    """
    from ..i18n import current_language, t
    from ..limit_gaps import LimitWarning

    ahead = read_ahead_first(files)
    lang = current_language()
    report = []
    total = 0
    framework = FrameworkOnce(lambda: default_framework(app, framework_spec))
    for path in files:
        framework.watch()
        with caught_framework_warnings(framework.shown) as found:  # a framework's load-time warnings: in the JSON too
            kind, problems, warnings = check_file(app, path, framework, chosen=framework_spec is not None,
                                                  framework_spec=framework_spec)
        found = framework.with_warnings(found)  # -f's, loaded for this file or one before
        if path == ahead:
            drop_read_ahead()  # bytes no reader took (a file refused before it was read, a plugin's reader)
        limits = [w for w in warnings if isinstance(w, LimitWarning)] if isinstance(warnings, list) else []
        if limits:
            warnings = warnings[len(limits):]
        total += len(problems)
        entry = {"file": str(path), "kind": kind, "valid": not problems,
                 "problems": [_problem_dict(p, lang) for p in problems]}
        if fmt == "json" and (kind in ("dataset", "catalogue") or warnings or found):
            entry["warnings"] = [w.to_dict(lang) for w in (*found, *limits, *warnings)]
        report.append(entry)
        if fmt == "text":
            what = _kind(kind)
            counted = f", {t('plausibility_count', lang, n=len(warnings))}" if warnings and kind == "dataset" else ""
            if limits:
                n = sum(len(w.villages) * len(w.columns) for w in limits)
                counted += ", " + message("values given but not scored: {n}", n=n)
            if problems:
                click.echo(message("INVALID {path} ({kind}): {n} problem(s)", path=path, kind=what, n=len(problems))
                           + counted)
                for p in problems:
                    click.echo(f"  {p.format(lang)}")
            else:
                click.echo(message("OK      {path} ({kind})", path=path, kind=what) + counted)
            for w in limits:
                click.echo(f"  {w.format(lang)}")
            _echo_warnings(warnings, lang)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    if total:
        _echo_environment_note(report, err=fmt == "json")
        raise click.exceptions.Exit(1)


def _echo_environment_note(report: list[dict], *, err: bool) -> None:
    """Under problems a missing plugin may explain, the environment variables that kept plugins out (as evaluate)."""
    from ..i18n import current_language
    from ..plugins import environment_note

    missing_plugin = any(not r["valid"] and (r["kind"] in ("framework", "catalogue") or any(
        p["rule"] in ("unknown_column", "unknown_sector") for p in r["problems"])) for r in report)
    note = environment_note(current_language()) if missing_plugin else ""
    if note:
        click.echo(message("note: {message}", message=note), err=err)


def _problem_dict(p: Problem, lang: str) -> dict[str, Any]:
    """A problem for ``--format json``: its message and what is allowed in ``lang``, as its warnings are.

    ``file`` (the file that says it: a base overlay's for a value it set), ``where`` (the place:
    ``row 3``, ``$.fields[0].type``), ``column``, ``value`` and ``rule`` stay as they are, for programs to read.
    """
    from ..errors import Said

    message, allowed = p.said(lang)
    value = None if p.value is None else p.value.text(lang) if isinstance(p.value, Said) else str(p.value)
    return {"file": p.file, "where": p.where, "column": p.column or None, "village_id": p.village_id or None,
            "value": value, "rule": p.rule or None, "message": message, "allowed": allowed or None}
