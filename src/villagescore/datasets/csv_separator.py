"""Where a CSV's first record ends and which separator it uses (quote-aware: Excel quotes a label holding a line break).

The header is read as its first logical record, so that a quoted cell such as
``"Mã làng nghề<line break>village_id"`` (as Excel saves the survey) is one cell of row 1,
and the separator is chosen from what is written outside quoted cells (a label may hold ',' or ';').
"""

from __future__ import annotations

import re

from ..i18n import N_
from .files import fail

__all__ = ["first_record", "separator", "refuse_commas_without_vietnamese_numbers", "HEADER_CHUNKS"]

#: What ``str.splitlines`` breaks lines at.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

#: Chunks decoded at most while a quoted header cell is open (past them, the first line is the header).
HEADER_CHUNKS = 4
#: A quoted cell (``""`` is a quote inside it).
_QUOTED_CELL = re.compile(r'"[^"]*(?:""[^"]*)*"')


def first_record(text: str, complete: bool) -> str | None:
    """The first record of ``text``: up to the first line break outside a quoted cell.

    A quote opens a cell only at the start of the text or after ',', ';' or a tab (the separator
    is not known yet); elsewhere it is a character of the cell, as pandas reads it. ``None``
    when ``text`` may not hold the whole record yet (``complete`` false); when it is the whole
    text available and a quoted cell never closes, its first line.
    """
    pos = 0
    while True:
        brk = _LINE_BREAK.search(text, pos)
        end = len(text) if brk is None else brk.start()
        quote = text.find('"', pos, end)
        if quote < 0:
            return text[:end] if brk is not None or complete else None
        if quote > 0 and text[quote - 1] not in ",;\t":
            pos = quote + 1
            continue
        cell = _QUOTED_CELL.match(text, quote)
        if cell is None:  # the quoted cell does not close in this text
            if not complete:
                return None
            first = _LINE_BREAK.search(text)
            return text if first is None else text[: first.start()]
        pos = cell.end()


def separator(header: str, name: str, locale: str) -> str:
    """The column separator for ``locale``; refuse a header that is clearly separated otherwise.

    Only what is written outside quoted cells counts: a quoted label may hold a comma or a ';'.
    """
    header = _outside_quotes(header)
    if locale == "vi":
        if ";" not in header and "," not in header and "\t" in header:
            raise fail(name, _TABS_VI, "row 1")
        # Google Sheets and LibreOffice with Vietnamese settings: ',' between columns, a decimal comma quoted ("4,5")
        return "," if ";" not in header and "," in header else ";"
    if "," not in header:
        if ";" in header:
            raise fail(name, N_("the header is separated by semicolons; villagescore reads comma-separated files "
                                "(for a CSV saved with Vietnamese regional settings — ';' between columns, ',' for "
                                "decimals — use --csv-locale vi)"), "row 1")
        if "\t" in header:
            raise fail(name, _TABS, "row 1")
    return ","


def refuse_commas_without_vietnamese_numbers(data: bytes, start: int, name: str) -> None:
    """Refuse a comma-separated file read with ``--csv-locale vi`` that holds no quoted decimal comma.

    Such a file is read the Vietnamese way (``1.250`` is 1250) only when it shows Vietnamese
    numbers: a quoted cell holding a decimal comma (``"4,5"``), as Google Sheets and LibreOffice
    write it. An ordinary comma/dot file has none, and reading its ``1.250`` as 1250 would
    silently change the number: it is refused once, with the advice to leave the option out.
    One regular-expression search over the bytes (no per-row loop).
    """
    if _QUOTED_DECIMAL_COMMA.search(data, start) is None:
        raise fail(name, N_("--csv-locale vi reads files with ';' between columns, but this header is separated by "
                            "commas; leave the option out for comma-separated files"), "row 1")


#: A quoted cell (at the start of a cell) holding a number with a decimal comma: ``"4,5"``, ``"1.234,5"``, ``"62,4%"``.
_QUOTED_DECIMAL_COMMA = re.compile(rb'(?:^|[,\r\n])" *[-+]?[0-9][0-9.]*,[0-9]+ *%? *"(?=[,\r\n]|$)')


def _outside_quotes(header: str) -> str:
    """The header without its quoted cells (those opening at the start or after ',', ';' or a tab)."""
    return _OPENING_QUOTED_CELL.sub(r"\1", header)


#: A quoted cell where a cell starts (group 1: what is before it).
_OPENING_QUOTED_CELL = re.compile(r'(^|[,;\t])"[^"]*(?:""[^"]*)*"')


_TABS = N_("the header is separated by tabs (Excel's 'Text (Tab delimited)' or 'Unicode Text'); villagescore reads "
           "comma-separated files: in Excel, save it as 'CSV UTF-8 (Comma delimited)'")
_TABS_VI = N_("the header is separated by tabs (Excel's 'Text (Tab delimited)' or 'Unicode Text'); with --csv-locale "
              "vi villagescore reads files with ';' between columns and ',' for decimals: in Excel with Vietnamese "
              "regional settings, save it as 'CSV UTF-8 (Comma delimited)', which then puts ';' between columns")
