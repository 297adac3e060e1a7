"""Options and output handling shared by the commands."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from .document_options import document_options, document_settings
from .messages import message
from .read_notes import echo_notes, echo_plausibility

__all__ = ["lang_option", "messages_lang_option", "output_option", "framework_option", "format_option", "check_format",
           "emit_bytes", "emit_renderables", "emit_stream", "default_lang", "read_options", "load_dataset",
           "echo_notes", "echo_plausibility", "pick_format", "check_output", "input_paths", "SUFFIX_FORMATS",
           "no_bom_option", "BOM", "document_options", "document_settings", "FORMAT_HELP", "refuse_inputs"]

#: The help of a command's ``--format`` choice (the choices are listed beside it).
FORMAT_HELP = ("The output format, one of those listed; without it, the suffix of the -o file chooses it "
               "(report.md: md).")

#: The UTF-8 byte order mark that starts every CSV output (Excel then reads Vietnamese correctly).
BOM = b"\xef\xbb\xbf"


def default_lang() -> str:
    """The language of the run: ``VILLAGESCORE_LANG`` (``vi`` or ``en``, else refused), the locale, or vi."""
    from ..i18n import language_from_environment

    return language_from_environment()


def _lang_callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    from .language import lang_callback

    return lang_callback(ctx, param, value)


lang_option = click.option("--lang", type=click.Choice(["vi", "en"]), default=default_lang, is_eager=True,
                           callback=_lang_callback, show_default="VILLAGESCORE_LANG, the locale, or vi",
                           help="Language of messages, labels and reports.")
#: ``--lang`` for a command that only needs the run's language made current (its value is not passed on).
messages_lang_option = click.option("--lang", type=click.Choice(["vi", "en"]), default=default_lang, is_eager=True,
                                    callback=_lang_callback, expose_value=False,
                                    show_default="VILLAGESCORE_LANG, the locale, or vi",
                                    help="Language of messages, labels and reports.")
output_option = click.option("-o", "--output", type=click.Path(allow_dash=True, path_type=Path),  # a folder: exit 1
                             help="Write to this file (atomically; never one of the inputs) instead of standard "
                                  "output; '-' is standard output. Without --format, the suffix chooses the format.")
framework_option = click.option("-f", "--framework", "framework_spec", metavar="PATH|ID",
                                help="Framework file or id of an installed framework [default: vn-ttcn-sustainable].")


def _store_no_bom(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value and ctx.obj is not None:
        ctx.obj.no_bom = True
    return value


#: ``--no-bom``: CSV output without the UTF-8 byte order mark (it is written by default, to files and pipes alike).
no_bom_option = click.option(
    "--no-bom", is_flag=True, default=False, expose_value=False, callback=_store_no_bom,
    help="Write CSV without the UTF-8 byte order mark. By default CSV starts with it, also on standard output, "
         "so that Excel shows Vietnamese correctly; drop it for tools that do not expect it.")


def _drop_bom() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(getattr(getattr(ctx, "obj", None), "no_bom", False))


def _store_read_option(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    settings = getattr(ctx.obj, "read_settings", None)
    if settings is not None:
        settings[param.name] = value
    return value


def read_options(command: Any) -> Any:
    """``--csv-locale``, ``--percent-scale`` and ``--input-format``: how to read what a dataset leaves implicit."""
    from .stdin import input_format_option

    command = input_format_option(command)
    command = click.option(
        "--percent-scale", type=click.Choice(["auto", "percent", "fraction"]), default="auto", show_default=True,
        expose_value=False, callback=_store_read_option,
        help="Percentage columns (unit %): auto refuses a column whose values all lie between 0 and 1 (0.45 for "
             "45 %), percent takes the values as they are, fraction multiplies them by 100. A column's 'scale' in "
             "the metadata takes precedence.")(command)
    return click.option(
        "--csv-locale", type=click.Choice(["default", "vi"]), default="default", show_default=True,
        expose_value=False, callback=_store_read_option,
        help="Number format of CSV files: default (',' between columns, '.' decimals) or vi, a CSV saved with "
             "Vietnamese regional settings (';' between columns, ',' decimals, '.' thousands: 1.234,5).")(command)


def _store_as_of(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    from ..api import iso_date
    from ..errors import OptionError

    try:
        day = value and iso_date(value, "--as-of")
    except OptionError:  # said here: the option's own words, as click says a bad value
        msg = message("{value!r} is not a date: write YYYY-MM-DD (e.g. 2025-06-30)", value=value)
        raise click.BadParameter(msg) from None
    if day and ctx.obj is not None:
        ctx.obj.as_of = day
    return value


#: ``--as-of DATE``: score every village-year under the regulations in force on DATE.
as_of_option = click.option(
    "--as-of", default=None, expose_value=False, callback=_store_as_of, metavar="YYYY-MM-DD",
    help="Score under the regulation versions in force on this date instead of each village-year's own "
         "reference date (its survey_date, else 31 December of its year).")


def read_ahead_first(paths: Sequence[Path]) -> Path | None:
    """Start reading the first file named, when it is a CSV file, while the plugins and the framework load.

    Return its path (``None``: nothing read ahead). Only the first: a CSV file named after another
    would be held while the other is read, or dropped by its reader and read twice.
    (:mod:`villagescore.read_ahead`: the dataset reader takes the bytes when the file is unchanged.)
    """
    from ..datasets.model import MAX_DATASET_BYTES
    from ..read_ahead import start
    from .stdin import is_stdin

    first = paths[0] if paths else None
    if first is None or is_stdin(first) or Path(first).suffix.lower() != ".csv":
        return None
    start(first, MAX_DATASET_BYTES)
    return first


def load_dataset(app: Any, path: Path, *, keep_going: bool = False, framework: Any = None) -> Any:
    """Read and validate a dataset with the command's read options; print how it was read.

    ``framework``: the framework the data will be scored with (its own fields are known, and
    the ``sectors`` column is optional when it scores no sector).
    """
    from ..allocator import hand_back_freed_memory
    from ..datasets import read_dataset
    from ..datasets.model import with_reference_date
    from ..read_ahead import drop as drop_read_ahead
    from ..sidecars import metadata_path_for
    from .stdin import STDIN_NAME, is_stdin, renamed, stdin_errors, stdin_file

    if is_stdin(path):  # '-': standard input, in the format --input-format names
        with stdin_file(app) as tmp, stdin_errors(str(tmp)):
            dataset = renamed(read_dataset(tmp, app.registry, keep_going=keep_going, options=app.read_options,
                                           framework=framework), str(tmp))
        name: Any = STDIN_NAME
    else:
        app.inputs += [Path(path), Path(path).with_name(Path(path).stem + ".meta.json"), metadata_path_for(Path(path))]
        try:
            dataset = read_dataset(path, app.registry, keep_going=keep_going, options=app.read_options,
                                   framework=framework)
        finally:
            drop_read_ahead()  # bytes read ahead that no reader took (a plugin's reader, a file refused first)
        name = path
    hand_back_freed_memory()  # the raw cells' memory, before scoring maps its matrices (villagescore.allocator)
    echo_notes(name, dataset.notes)
    echo_plausibility(name, dataset, framework, getattr(app, "catalogues", ()))
    return with_reference_date(dataset, getattr(app, "as_of", None))


def format_option(builtins: list[str]) -> Any:
    """``--format NAME``: a built-in format or any format a plugin registers (checked by :func:`check_format`).

    The registered formats are known only once the plugins are loaded, so the value is
    checked in the command, not by click's parser.
    """
    return click.option("--format", "fmt", default=None, show_default=f"{builtins[0]}, or from the -o suffix",
                        metavar="FORMAT",
                        help=f"Output format: {', '.join(builtins)}, or a format a plugin registers "
                             "(register_reporters).")


def check_format(app: Any, fmt: str, builtins: list[str]) -> str:
    """Return ``fmt`` if it is a built-in or registered format; else a usage error (exit 2) listing them."""
    registered = set(app.registry.reporters)
    known = [f for f in builtins if f in registered or f == "table"]
    known += sorted(registered - set(known))
    if fmt not in known:
        from .messages import message

        msg = message("{format!r} is not an output format; available: {formats}", format=fmt,
                      formats=", ".join(known))
        raise click.BadParameter(msg, param_hint="'--format'")
    return fmt


def emit_bytes(data: bytes, output: Path | None, *, binary: bool = False, keep_inputs: bool = True) -> None:
    """Write ``data`` to ``output`` atomically, or to standard output (also for ``-o -``).

    Text that starts with the UTF-8 BOM (CSV) keeps it wherever it goes, unless the command
    was given ``--no-bom``.

    An ``output`` that is one of the run's inputs (a dataset, its metadata, a framework …) is
    refused before anything is written; so is a file villagescore reads, unless ``keep_inputs``
    is false (the command has proven itself that the file may go: ``template`` over its own
    unfilled template).
    """
    from ..outputs import atomic_write
    from .messages import wrote

    if not binary and data.startswith(BOM) and _drop_bom():
        data = data[len(BOM):]
    if output is not None and str(output) != "-":
        refuse_inputs(output)
        atomic_write(output, data, keep_inputs=keep_inputs)
        wrote(output)
        return
    if binary and output is None:
        msg = message("this format is binary: give -o FILE (or -o - to write it to standard output)")
        raise click.UsageError(msg)
    stream = sys.stdout.buffer
    stream.write(data)  # a CSV keeps its BOM on standard output too (a redirect is opened by Excel)
    stream.flush()


def check_output(output: Path | None, *, keep_inputs: bool = True) -> None:
    """Refuse a ``-o`` that will not be written as soon as the options are read, not after the computation.

    An input of this run, a file villagescore reads (unless ``keep_inputs`` is false: the
    command proves at write time that the file may go), a read-only file, a folder, a folder
    that does not exist or cannot be written in: :class:`~villagescore.errors.OutputError`
    (exit 1). The write checks again (the file may appear meanwhile).
    """
    if output is None or str(output) == "-":
        return
    from ..outputs import check_output_path

    refuse_inputs(output)
    check_output_path(output, keep_inputs=keep_inputs)


def refuse_inputs(output: Path) -> None:
    """Raise :class:`~villagescore.errors.OutputError` when ``output`` is a file this run reads."""
    from ..errors import OutputError, said
    from ..i18n import N_

    if not os.path.exists(output):
        return
    for source in input_paths():
        try:
            same = os.path.samefile(output, source)
        except OSError:
            continue
        if same:
            raise said(OutputError, N_("refusing to write {output}: it is an input of this command ({source}) and "
                       "would be overwritten; choose another file name for -o"), output=output, source=source)


def input_paths() -> list[Path]:
    """Every file the current command reads (never a target of ``-o``).

    Paths among its arguments and options (with their ``NAME.meta.json`` sidecars), the
    datasets it loaded, and the installed framework files.
    """
    from ..sidecars import metadata_path_for

    ctx = click.get_current_context(silent=True)
    found: list[Path] = []
    node = ctx
    while node is not None:
        for key, value in node.params.items():
            if key == "output":
                continue
            for item in value if isinstance(value, (tuple, list)) else (value,):
                if isinstance(item, (str, Path)) and str(item) not in ("", "-") and os.path.isfile(item):
                    path = Path(item)
                    found += [path, path.with_name(path.stem + ".meta.json"), metadata_path_for(path)]
        node = node.parent
    app = getattr(ctx, "obj", None) if ctx is not None else None
    found += list(getattr(app, "inputs", []))
    registry = getattr(app, "_registry", None)
    for source in getattr(registry, "frameworks", None) or []:
        found.append(Path(str(source.path)))
    return found


#: File suffixes and the output format they mean (``-o report.xlsx`` writes XLSX).
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".md": "md",
                  ".markdown": "md", ".html": "html", ".htm": "html", ".xlsx": "xlsx",
                  ".txt": "table", ".yaml": "yaml", ".yml": "yaml", ".pdf": "pdf"}
#: Workbooks of other programs (and Excel's macro and binary ones): ``-o`` refuses them, saying ``.xlsx``.
OTHER_WORKBOOKS = (".xls", ".xlsm", ".xlsb", ".ods", ".et")


def pick_format(fmt: str | None, output: Path | None, formats: list[str],
                extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """The output format: ``--format``, else the one ``-o``'s suffix names, else ``formats[0]``.

    A ``--format`` that contradicts the suffix (``--format csv -o report.xlsx``), a suffix
    this command cannot write and another program's workbook (``.xls``, ``.ods``:
    :data:`OTHER_WORKBOOKS`) are usage errors (exit 2): a file must hold what its name says.
    ``extra`` maps suffixes to the formats of reporters that declare them (a plugin's
    ``lines`` reporter writing ``.txt``): ``--format lines -o out.txt`` is then accepted, and
    without ``--format`` the suffix means the format of :data:`SUFFIX_FORMATS`, or the
    first reporter declaring it.
    """
    suffix = Path(output).suffix.lower() if output is not None and str(output) != "-" else ""
    if suffix in OTHER_WORKBOOKS:  # another program's workbook: never a table or an XLSX under its name
        raise click.UsageError(message("-o {output}: villagescore does not write {suffix} files; name the file .xlsx "
                                       "(Excel Workbook, which Excel, LibreOffice and WPS Office open), or choose "
                                       "another of this command's formats: {formats}", output=output, suffix=suffix,
                                       formats=", ".join(formats)))
    claims = [f for f in (SUFFIX_FORMATS.get(suffix), *((extra or {}).get(suffix, ()))) if f]
    inferred = claims[0] if claims else None
    if fmt is None:
        if inferred is None:
            return formats[0]
        if inferred not in formats:
            msg = message("-o {output}: a {suffix} file would hold {inferred}, which this command does not write; its "
                          "formats are {formats}: choose a file name that matches one", output=output, suffix=suffix,
                          inferred=inferred, formats=", ".join(formats))
            raise click.UsageError(msg)
        return inferred
    if inferred is not None and fmt not in claims:
        msg = message("--format {format} does not match -o {output} (a {suffix} file holds {inferred}); change the "
                      "format or the file name", format=fmt, output=output, suffix=suffix, inferred=inferred)
        raise click.BadParameter(msg, param_hint="'--format'")
    return fmt


def columns_from_environment() -> int | None:
    """The width ``COLUMNS`` asks for (at least 40 columns), or ``None`` when it is unset or unusable."""
    raw = os.environ.get("COLUMNS", "").strip()
    return int(raw) if raw.isdigit() and int(raw) >= 40 else None


def terminal_width() -> int | None:
    """``COLUMNS`` when set; else the window's width on a terminal (``None``: rich measures it), 120 in a pipe."""
    width = columns_from_environment()
    if width is not None:
        return width
    return None if sys.stdout.isatty() else 120


def emit_stream(write: Any, output: Path | None, *, binary: bool = False) -> None:
    """Like :func:`emit_bytes`, for an output written piece by piece: ``write(handle)`` gets a binary handle.

    A file is written through a temporary file renamed at the end (never half-written);
    standard output is written as the pieces come. Text that starts with the UTF-8 BOM keeps
    it wherever it goes, unless the command was given ``--no-bom``. Writing is a progress
    phase (shown on a terminal when it takes a while), except to standard output on a terminal.
    """
    from ..i18n import N_
    from ..outputs import atomic_stream
    from ..progress import phase
    from .messages import wrote
    from .progress import is_terminal

    if output is not None and str(output) != "-":
        refuse_inputs(output)
        with atomic_stream(output) as handle, phase(N_("writing {file}"), file=output.name):
            write(_without_bom(handle, binary))
        wrote(output)
        return
    if binary and output is None:
        msg = message("this format is binary: give -o FILE (or -o - to write it to standard output)")
        raise click.UsageError(msg)
    # progress on standard error would be drawn between the lines of an output shown on the same terminal
    with contextlib.nullcontext() if is_terminal(sys.stdout) else phase(N_("writing to standard output")):
        write(_without_bom(sys.stdout.buffer, binary))
    sys.stdout.buffer.flush()


def _without_bom(handle: Any, binary: bool) -> Any:
    """``handle``, or a handle that drops a leading UTF-8 BOM when the command was given ``--no-bom``."""
    return _BomFilter(handle) if not binary and _drop_bom() else handle


class _BomFilter(io.RawIOBase):
    """A binary handle that drops the UTF-8 BOM its first write starts with."""

    def __init__(self, handle: Any) -> None:
        super().__init__()
        self._handle = handle
        self._first = True

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        size = len(data)
        if self._first and data:
            self._first = False
            if data.startswith(BOM):
                data = data[len(BOM):]
        self._handle.write(data)
        return size

    def flush(self) -> None:
        self._handle.flush()


def emit_renderables(renderables: list[Any], output: Path | None) -> None:
    """Print rich renderables to the terminal, or as plain text to ``output``."""
    from ..reports.terminal import render_text

    if output is not None and str(output) != "-":
        emit_bytes(render_text(renderables).encode("utf-8"), output)
        return
    from rich.console import Console

    from ..reports.terminal import print_all

    print_all(Console(width=terminal_width()), renderables)
