"""The lines the command line writes on standard error, in the run's language.

Each kind has one prefix (``error:``, ``warning:``, ``note:``), translated with the message
template; the message itself is translated by the caller (:func:`villagescore.i18n.gettext`
with ``{fields}`` filled in after the lookup, so one catalogue entry serves every value).
"""

from __future__ import annotations

from typing import Any

import click

from ..i18n import gettext

__all__ = ["error", "warning", "note", "wrote", "message", "fitted"]


def message(template: str, **fields: Any) -> str:
    """The English ``template`` in the run's language, with ``fields`` filled in."""
    text = gettext(template)
    return text.format(**fields) if fields else text


def error(text: str, *, file: Any = None) -> None:
    """``error: text`` on standard error."""
    click.echo(fitted(message("error: {message}", message=text)), err=True, file=file)


def warning(text: str) -> None:
    """``warning: text`` on standard error."""
    click.echo(fitted(message("warning: {message}", message=text)), err=True)


def note(text: str) -> None:
    """``note: text`` on standard error."""
    click.echo(fitted(message("note: {message}", message=text)), err=True)


def fitted(text: str) -> str:
    """``text`` wrapped at spaces to the terminal's width when it is known (``COLUMNS`` or a terminal).

    Continuation lines are indented by two spaces; a word (a path, a number) is never split,
    and a line already short enough is left as it is. In a pipe without ``COLUMNS`` nothing
    is wrapped, so logs keep one message per line.
    """
    import shutil
    import sys
    import textwrap

    from .options import columns_from_environment

    width = columns_from_environment()
    if width is None and sys.stderr is not None and sys.stderr.isatty():  # None: closed (2>&-)
        width = shutil.get_terminal_size().columns
    if width is None:
        return text
    lines = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip(" "))) + "  "
        lines += textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False,
                               break_on_hyphens=False)
    return "\n".join(lines)


def wrote(path: Any) -> None:
    """``wrote PATH``: an output file is complete (said once it is in place, with its provenance file)."""
    from ..replaced_together import after

    said = message("wrote {path}", path=path)
    after(lambda: click.echo(said, err=True))
