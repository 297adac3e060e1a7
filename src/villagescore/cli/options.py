"""Options and output handling shared by the commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

__all__ = ["lang_option", "output_option", "framework_option", "format_option", "check_format", "emit_bytes",
           "emit_renderables", "default_lang", "read_options", "load_dataset", "echo_notes"]


def default_lang() -> str:
    """The report language: ``VILLAGESCORE_LANG`` or Vietnamese."""
    lang = os.environ.get("VILLAGESCORE_LANG", "vi")
    return lang if lang in ("vi", "en") else "vi"


lang_option = click.option("--lang", type=click.Choice(["vi", "en"]), default=default_lang,
                           show_default="vi, or VILLAGESCORE_LANG", help="Language of labels and reports.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                             help="Write to this file (atomically) instead of standard output.")
framework_option = click.option("-f", "--framework", "framework_spec", metavar="PATH|ID",
                                help="Framework file or id of an installed framework "
                                     "[default: vn-ttcn-sustainable].")


def _store_read_option(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    settings = getattr(ctx.obj, "read_settings", None)
    if settings is not None:
        settings[param.name] = value
    return value


def read_options(command: Any) -> Any:
    """``--csv-locale`` and ``--percent-scale``: how to read what a dataset leaves implicit."""
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


def load_dataset(app: Any, path: Path, *, keep_going: bool = False) -> Any:
    """Read and validate a dataset with the command's read options; print how it was read."""
    from ..datasets import read_dataset

    dataset = read_dataset(path, app.registry, keep_going=keep_going, options=app.read_options)
    echo_notes(path, dataset.notes)
    return dataset


def echo_notes(path: Path | str, notes: list[str]) -> None:
    """Print the reader's notes (which sheet was read …) on standard error."""
    for note in notes:
        click.echo(f"note: {path}: {note}", err=True)


def format_option(builtins: list[str]) -> Any:
    """``--format NAME``: a built-in format or any format a plugin registers (checked by :func:`check_format`).

    The registered formats are known only once the plugins are loaded, so the value is
    checked in the command, not by click's parser.
    """
    return click.option("--format", "fmt", default=builtins[0], show_default=True, metavar="FORMAT",
                        help=f"Output format: {', '.join(builtins)}, or a format a plugin registers "
                             "(register_reporters).")


def check_format(app: Any, fmt: str, builtins: list[str]) -> str:
    """Return ``fmt`` if it is a built-in or registered format; else a usage error (exit 2) listing them."""
    registered = set(app.registry.reporters)
    known = [f for f in builtins if f in registered or f == "table"]
    known += sorted(registered - set(known))
    if fmt not in known:
        msg = f"{fmt!r} is not an output format; available: {', '.join(known)}"
        raise click.BadParameter(msg, param_hint="'--format'")
    return fmt


def emit_bytes(data: bytes, output: Path | None, *, binary: bool = False) -> None:
    """Write ``data`` to ``output`` atomically, or to standard output."""
    from ..outputs import atomic_write

    if output is not None:
        atomic_write(output, data)
        click.echo(f"wrote {output}", err=True)
        return
    if binary:
        msg = "this format is binary: give -o FILE"
        raise click.UsageError(msg)
    stream = sys.stdout.buffer
    text = data
    if text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]
    stream.write(text)
    stream.flush()


def emit_renderables(renderables: list[Any], output: Path | None) -> None:
    """Print rich renderables to the terminal, or as plain text to ``output``."""
    from ..reports.terminal import render_text

    if output is not None:
        emit_bytes(render_text(renderables).encode("utf-8"), output)
        return
    from rich.console import Console

    # On a terminal rich fits the window; in a pipe or a file, use a width that keeps tables readable.
    console = Console() if sys.stdout.isatty() else Console(width=160)
    for item in renderables:
        console.print(item)
