"""A table page's paging, facet and number-filter parameters, checked before Datasette reads them.

Datasette reads some of a visitor's parameters without checking them: a page token
(``_next``) it cannot have written answers an empty page, which reads as "no villages" (so does
a number column compared with a word: ``year__gt=abc``); a facet
on a column the table does not have fails inside its facet queries, each printing its SQL and a
warning to the server's terminal; ``_facet_size=abc`` is ignored. :func:`checked` answers such a
request with a 400 in Vietnamese and English naming every parameter at fault, what it may be
and what to do (a page token: a link to the first page), before Datasette runs any query.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs, urlencode

from ..i18n import N_
from .reasons import both, size_reason

__all__ = ["checked", "parameter_problems", "first_page"]

#: A table page's address: ``/database/table`` with an optional format (``.json``, ``.csv``).
_TABLE_PATH = re.compile(r"/(?P<database>[^/.]+)/(?P<table>[^/.]+)(?:\.(?P<format>\w+))?")
_FACETS = ("_facet", "_facet_array", "_facet_date")
_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
#: Declared types SQLite gives numeric affinity: a sort value of such a column is a number.
_NUMERIC_TYPE = re.compile(r"INT|REAL|FLOA|DOUB|NUM|DEC", re.I)
#: A filter comparing a column with one value (``year=2021``, ``year__gte=2021``): the value of a number column is one.
_COMPARISON = re.compile(r"(?P<column>.+?)(?:__(?:exact|not|gt|gte|lt|lte))?")


def _next_problem(token: str, pks: Sequence[str], types: Mapping[str, str], sort: str | None,
                  is_view: bool) -> str | None:
    """Why ``token`` is not a page token Datasette writes for this table (``None``: it is one)."""
    from datasette.utils import tilde_decode

    if is_view:
        valid = token.isdigit()  # a view's pages are counted in rows
    else:
        parts = token.split(",")
        keys = list(pks) or ["rowid"]
        valid = len(parts) == len(keys) + (1 if sort else 0)
        if valid and sort:
            value, parts = parts[0], parts[1:]
            if value != "$null" and _NUMERIC_TYPE.search(types.get(sort, "")):
                valid = bool(_NUMBER.fullmatch(tilde_decode(value)))
        if valid:
            valid = all(_INTEGER.fullmatch(tilde_decode(part)) for key, part in zip(keys, parts, strict=True)
                        if key == "rowid" or _NUMERIC_TYPE.search(types.get(key, "")))
    if valid:
        return None
    return both(N_("_next={value} is not a page token of this table (the address may have been cut or edited): "
                   "open the first page and page on from there"), value=token)


def _size_problem(parameter: str, size: str, least: int, most: int) -> str | None:
    if size == "max" or (size.isdigit() and least <= int(size) <= most):
        return None
    return size_reason(parameter, size, least, most)


def _facet_problem(parameter: str, value: str, columns: Sequence[str]) -> str | None:
    """Why ``value`` is not a column to facet by: a column's name alone (Datasette 0.65 fails on a JSON one)."""
    if value in columns:
        return None
    return both(N_("{parameter}={value}: this table has no such column to facet by; the columns are: {columns}"),
                parameter=parameter, value=value, columns=", ".join(columns))


async def parameter_problems(datasette: Any, database: str, table: str, args: Mapping[str, list[str]],
                             fmt: str | None = None) -> list[str]:
    """Every paging and facet parameter of a request for ``table`` Datasette would misread, each said in both languages.

    ``args``: the request's parameters, name → values; ``fmt``: the page's format (``json``,
    ``csv``; ``None``: the HTML page). Checked: ``_next`` (a token Datasette writes for this
    table and its sort), ``_size`` and ``_facet_size`` (a whole number of rows up to the most a
    page shows, or ``max``; ``_size`` at least 1, except in JSON, where ``_size=0`` asks for the
    counts and facets alone), ``_facet``, ``_facet_array``, ``_facet_date`` (a column of the
    table; ``_facet_array`` one holding JSON lists) and a number column compared with one value
    (``year=202l``, ``overall_score__gt=abc``: a number, else Datasette answers no rows, as if
    none matched).
    """
    db = datasette.get_database(database)
    is_view = table in await db.view_names()
    details = await db.table_column_details(table)
    columns = [c.name for c in details]
    most = int(datasette.setting("max_returned_rows"))
    problems = []
    least = {"_size": 0 if fmt == "json" else 1, "_facet_size": 0}
    for parameter in ("_size", "_facet_size"):
        problems += [_size_problem(parameter, value, least[parameter], most) for value in args.get(parameter, [])]
    for parameter in _FACETS:
        problems += [_facet_problem(parameter, value, columns) for value in args.get(parameter, [])]
    for value in args.get("_facet_array", []):
        if value in columns and not await _holds_lists(datasette, db, table, value):
            problems.append(both(N_("_facet_array={value}: this column does not hold lists (JSON arrays): facet it "
                                    "with _facet={value} instead"), value=value))
    types = {c.name: c.type or "" for c in details}
    for parameter, values in args.items():
        match = _COMPARISON.fullmatch(parameter)
        if parameter.startswith("_") or not match or not _NUMERIC_TYPE.search(types.get(match["column"], "")):
            continue
        problems += [both(N_("{parameter}={value}: the column {column} holds numbers: give a number (such as 2021 "
                             "or 55.5)"), parameter=parameter, value=value, column=match["column"])
                     for value in values if value and not _NUMBER.fullmatch(value.strip())]
    token = (args.get("_next") or [""])[0]
    if token:
        metadata = datasette.table_metadata(database, table) or {}
        sort = (args.get("_sort") or args.get("_sort_desc") or [None])[0]
        if not args.get("_sort") and not args.get("_sort_desc"):
            sort = metadata.get("sort") or metadata.get("sort_desc")
        pks = [] if is_view else await db.primary_keys(table)
        problems.append(_next_problem(token, pks, types, sort, is_view))
    return [p for p in problems if p]


async def _holds_lists(datasette: Any, db: Any, table: str, column: str) -> bool:
    """Whether every value of ``column`` Datasette's list facet reads is JSON (else its query fails, printing its SQL).

    Given the facets' time limit; one that runs out is left to Datasette (which says the facet timed out).
    """
    from datasette.database import QueryInterrupted
    from datasette.utils import escape_sqlite

    sql = (f"select 1 from {escape_sqlite(table)} where {escape_sqlite(column)} is not null "  # noqa: S608
           f"and not json_valid({escape_sqlite(column)}) limit 1")
    try:
        found = await db.execute(sql, custom_time_limit=datasette.setting("facet_time_limit_ms"),
                                 log_sql_errors=False)
    except QueryInterrupted:
        return True
    return not found.rows


def first_page(path: str, args: Mapping[str, list[str]]) -> str:
    """The address of the first page of the same table, sorted and filtered as asked: ``path`` without ``_next``."""
    query = urlencode([(k, v) for k, values in args.items() if k != "_next" for v in values])
    return f"{path}?{query}" if query else path


def checked(app: Callable[..., Awaitable[None]], datasette: Any) -> Callable[..., Awaitable[None]]:
    """The ASGI application ``app`` answering a table page with parameters at fault with a 400, before Datasette."""
    from .guard import error_page

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        problems: list[str] = []
        if scope.get("type") == "http" and (match := _TABLE_PATH.fullmatch(scope.get("path", ""))):
            args = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            if args:
                problems = await _problems_of(datasette, match["database"], match["table"], args, match["format"])
        if not problems:
            await app(scope, receive, send)
            return
        back = first_page(scope["path"], args) if "_next" in args else None
        body, kind = error_page(scope["path"], 400, problems, first_page=back)
        data = body.encode()
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", kind.encode()), (b"content-length", str(len(data)).encode())]})
        await send({"type": "http.response.body", "body": data})

    return wrapped


async def _problems_of(datasette: Any, database: str, table: str, args: Mapping[str, list[str]],
                       fmt: str | None) -> list[str]:
    """:func:`parameter_problems` of a table or view the store has; none for any other page (Datasette answers it)."""
    from datasette.utils import tilde_decode

    database, table = tilde_decode(database), tilde_decode(table)
    if database not in datasette.databases:
        return []
    db = datasette.get_database(database)
    if await datasette.get_canned_query(database, table, None) is not None:
        return []  # a canned query's page (it takes the place of a table of its name)
    if not (await db.table_exists(table) or table in await db.view_names()):
        return []  # a page not found
    return await parameter_problems(datasette, database, table, args, fmt)
