"""Why ``serve`` refuses a request, said in Vietnamese and English: its own checks' reasons and Datasette's.

Datasette words its refusals in English (``_size must be a positive integer``, ``no such column:
x``). :func:`datasette_reason` says each of the ones it is known to give in both languages, with
the parameter and the value the visitor gave and what to do; any other is a sentence in both
languages followed by Datasette's own words, marked as Datasette's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ..errors import SaidText, said
from ..i18n import N_

__all__ = ["both", "datasette_reason", "size_reason"]


def both(template: str, /, **params: str) -> str:
    """The English sentence ``template`` (marked with ``N_``), filled in, in Vietnamese then English: ``vi · en``."""
    text = said(SaidText, template, **params)
    return f"{text.text('vi')} · {text.text('en')}"


def size_reason(parameter: str, value: str, least: int, most: int) -> str:
    """Why ``value`` of ``parameter`` (``_size``, ``_facet_size``) is not a number of rows, in both languages."""
    return both(N_("{parameter}={value} is not a number of rows: give a whole number from {least} to {most}, or max"),
                parameter=parameter, value=value, least=str(least), most=str(most))


def _columns(parameter: str) -> Callable[[re.Match[str]], str]:
    def reason(match: re.Match[str]) -> str:
        return both(N_("{parameter}={value}: this table has no such column; use the names in the table's headings"),
                    parameter=parameter, value=match.group(1))

    return reason


def _search(args: Mapping[str, str]) -> str:
    given = ", ".join(sorted(k for k in args if k.startswith("_search_"))) or "_search_"
    return both(N_("{parameter}: this table cannot be searched by that column; remove it, or search every "
                   "searchable column with _search"), parameter=given)


#: Datasette's reasons for refusing a visitor's request: its words → the reason in both languages
#: (of the match, the request's parameters and the most rows a page may show).
_KNOWN: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], Mapping[str, str], int], str]], ...] = (
    (re.compile(r"_size must be (?:a positive integer|<= \d+)"),
     lambda m, a, most: size_reason("_size", a.get("_size", ""), 1, most)),
    (re.compile(r"_facet= is not allowed"),
     lambda m, a, most: both(N_("Facets (_facet) are turned off on this server: remove the _facet parameters"))),
    (re.compile(r"Cannot search by that column"), lambda m, a, most: _search(a)),
    (re.compile(r"_col=(.*) - invalid columns", re.S), lambda m, a, most: _columns("_col")(m)),
    (re.compile(r"_nocol=(.*) - invalid columns", re.S), lambda m, a, most: _columns("_nocol")(m)),
    (re.compile(r"no such column: (?:inner\.)?(.*)", re.S), lambda m, a, most: both(
        N_("There is no column {column} here: check the column's name in the address (the names are the table's "
           "headings)"), column=m.group(1))),
    (re.compile(r"malformed JSON"), lambda m, a, most: both(
        N_("A column asked for as a list (_facet_array) does not hold lists: facet it with _facet instead"))),
    (re.compile(r"Invalid _through - could not find corresponding foreign key"), lambda m, a, most: both(
        N_("_through={value} does not name a table linked to this one: remove it"), value=a.get("_through", ""))),
    (re.compile(r"CSV streaming is disabled"), lambda m, a, most: both(
        N_("Downloading every row at once (_stream) is turned off on this server: download page by page"))),
    (re.compile(r"_next not allowed for CSV streaming"), lambda m, a, most: both(
        N_("A download of every row (_stream) starts at the first row: remove _next"))),
    (re.compile(r"Statement must be a SELECT"), lambda m, a, most: both(
        N_("Only a SELECT query can be run here (the store is read-only): change the query in sql="))),
    (re.compile(r"Statement contained a disallowed PRAGMA.*", re.S), lambda m, a, most: both(
        N_("This PRAGMA cannot be run here: only the pragma_…() functions Datasette allows can be read"))),
    (re.compile(r"Table not found"), lambda m, a, most: both(
        N_("This store has no table or query of that name: the store's page lists them"))),
    (re.compile(r"Database not found|Invalid database"), lambda m, a, most: both(
        N_("No database of that name is served here: the home page lists them"))),
    (re.compile(r"Record not found"), lambda m, a, most: both(
        N_("This table has no row with that key: open the table to find the row"))),
)


def datasette_reason(reason: str, args: Mapping[str, str], most: int) -> str:
    """Datasette's ``reason`` for refusing a request, in both languages.

    ``args``: the request's parameters (the value the visitor gave is shown); ``most``: the most
    rows a page may show (Datasette's ``max_returned_rows``). A reason it is not known to give:
    a sentence in both languages, then Datasette's words, marked as its own.
    """
    for pattern, say in _KNOWN:
        if match := pattern.fullmatch(reason):
            return say(match, args, most)
    return both(N_("Datasette could not answer this request: check the parameters in the address (those starting "
                   "with _), or open the table again from its first page")) + f" — Datasette: {reason}"
