"""The lines the command line writes on standard error, in the run's language.

Each kind has one prefix (``error:``, ``warning:``, ``note:``), translated with the message
template; the message itself is translated by the caller (:func:`villagescore.i18n.gettext`
with ``{fields}`` filled in after the lookup, so one catalogue entry serves every value).
"""

from __future__ import annotations

from typing import Any

import click

from ..i18n import gettext

__all__ = ["error", "warning", "note", "wrote", "message"]


def message(template: str, **fields: Any) -> str:
    """The English ``template`` in the run's language, with ``fields`` filled in."""
    text = gettext(template)
    return text.format(**fields) if fields else text


def error(text: str, *, file: Any = None) -> None:
    """``error: text`` on standard error."""
    click.echo(message("error: {message}", message=text), err=True, file=file)


def warning(text: str) -> None:
    """``warning: text`` on standard error."""
    click.echo(message("warning: {message}", message=text), err=True)


def note(text: str) -> None:
    """``note: text`` on standard error."""
    click.echo(message("note: {message}", message=text), err=True)


def wrote(path: Any) -> None:
    """``wrote PATH``: an output file is complete."""
    click.echo(message("wrote {path}", path=path), err=True)
