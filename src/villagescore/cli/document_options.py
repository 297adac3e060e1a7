"""The options of a printed report (``--layout``, ``--date``, ``--issuer``, ``--place``, ``--signature``)."""

from __future__ import annotations

from typing import Any

import click

from .messages import message

__all__ = ["document_options", "document_settings"]


def _store_document(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if ctx.obj is not None:
        if not hasattr(ctx.obj, "document"):
            ctx.obj.document = {}
        if value not in (None, ()):
            ctx.obj.document[param.name] = value
    return value


def _check_date(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is None:
        return None
    import datetime as dt

    text = str(value).strip()
    if text.casefold() == "today":
        text = dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        msg = message("{value!r} is not a date: write YYYY-MM-DD (e.g. 2026-12-04) or 'today'", value=value)
        raise click.BadParameter(msg) from None
    return _store_document(ctx, param, text)


def document_options(command: Any) -> Any:
    """``--layout``, ``--date``, ``--issuer``, ``--place``, ``--signature``: what a printed report says.

    They apply to the HTML and PDF documents (the date, issuer and signature block also to
    nothing else); without them a report carries no date, so the same inputs give the same bytes.
    """
    options = [
        click.option("--signature", multiple=True, metavar="LINE", expose_value=False, callback=_store_document,
                     help="A line of the signature block at the end (repeatable): title lines, then the "
                          "signer's name, printed under the space to sign."),
        click.option("--place", metavar="TEXT", expose_value=False, callback=_store_document,
                     help="Place of the date line above the signature ('Hà Nội, ngày 04 tháng 12 năm 2026')."),
        click.option("--issuer", multiple=True, metavar="LINE", expose_value=False, callback=_store_document,
                     help="The issuing unit, printed top left (repeatable: one line each, e.g. the "
                          "department, then the office)."),
        click.option("--date", metavar="YYYY-MM-DD", expose_value=False, callback=_check_date,
                     help="Print this issue date ('today' for today's). Without it a report has no date, so "
                          "the same inputs always give the same bytes."),
        click.option("--layout", type=click.Choice(["report", "factsheet"]), expose_value=False,
                     callback=_store_document, show_default="report for html, factsheet for pdf",
                     help="html and pdf: the full report, or one A4 fact sheet per village-year."),
    ]
    for option in options:
        command = option(command)
    return command


def document_settings(app: Any) -> Any:
    """The :class:`~villagescore.reports.document.DocumentSettings` the command's options give."""
    from ..reports.document import DocumentSettings

    given = dict(getattr(app, "document", None) or {})
    return DocumentSettings(layout=given.get("layout"), date=given.get("date"), issuer=tuple(given.get("issuer", ())),
                            place=given.get("place") or "", signature=tuple(given.get("signature", ())))
