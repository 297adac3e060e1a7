"""What ``serve`` adds to every answer: safety headers, neutralised CSV cells, plain error pages.

* Every response carries ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` and
  ``Content-Security-Policy: frame-ancestors 'none'`` (no page of the store inside another site's frame).
* A CSV (a path ending in ``.csv``, served as ``text/csv`` or ``text/plain``) has the text cells a
  spreadsheet would read as a formula prefixed with ``'``, as every CSV villagescore writes
  (:func:`villagescore.outputs.neutralise`); a cell that is a plain number (``-5``, ``1.5e-3``) is left
  as it is. The stream is rewritten record by record as Datasette sends it, never held whole.
* A request Datasette answers with an error of the user's (a page or table not found, a bad
  parameter) gets a plain page in Vietnamese and English, the status and the reason, Datasette's
  said in both languages (:mod:`villagescore.serve.reasons`). So do
  the parameters Datasette answers with a server error (:func:`bad_parameter`: a sort it cannot
  follow, a value it reads unchecked): a 400, not a traceback in the server's terminal.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from markupsafe import escape

from ..outputs import FORMULA_PREFIXES

__all__ = ["SECURITY_HEADERS", "CsvCells", "guarded", "error_page", "refusal_reason", "bad_parameter"]

#: Headers every response of ``serve`` carries (a response's own header of the same name is kept).
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
)

_PREFIXES = tuple(p.encode() for p in FORMULA_PREFIXES)
#: A field as Python's csv module writes it (quoted when it holds a comma, quote or line break), and what ends it.
_FIELD = re.compile(rb'("(?:[^"]|"")*"|[^,"\r\n]*)(,|\r\n|\n|\Z)')
#: A record holding a field that may start like a formula: the others are passed on untouched.
_SUSPECT = re.compile(rb'(?:^|[,\n])"?[=+\-@\t\r]')
#: A number as Datasette writes one: a spreadsheet reads it as that number, not as a formula.
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _field(match: re.Match[bytes]) -> bytes:
    field, end = match.group(1), match.group(2)
    quoted = field.startswith(b'"')
    text = field[1:] if quoted else field
    if not text.startswith(_PREFIXES) or _NUMBER.fullmatch(field):
        return match.group(0)
    return (b"\"'" + text if quoted else b"'" + field) + end


class CsvCells:
    """A CSV byte stream rewritten with formula-like text cells neutralised, one complete record at a time."""

    def __init__(self) -> None:
        self._pending = b""

    def feed(self, chunk: bytes) -> bytes:
        """The complete records so far, neutralised; a record cut by the chunk waits for the next one."""
        data = self._pending + chunk
        cut = data.rfind(b"\n")
        while cut >= 0 and data.count(b'"', 0, cut) % 2:  # a line break inside a quoted field ends no record
            cut = data.rfind(b"\n", 0, cut)
        self._pending = data[cut + 1:]
        return self._neutralise(data[:cut + 1])

    def close(self) -> bytes:
        """What is left of the stream (its last record without a line break), neutralised."""
        rest, self._pending = self._pending, b""
        return self._neutralise(rest)

    @staticmethod
    def _neutralise(records: bytes) -> bytes:
        if not records or not _SUSPECT.search(records):
            return records
        return _FIELD.sub(_field, records)


def _is_csv(scope: dict[str, Any], headers: list[tuple[bytes, bytes]]) -> bool:
    kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    return scope.get("path", "").endswith(".csv") and kind.startswith((b"text/csv", b"text/plain"))


def guarded(app: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """The ASGI application ``app`` with :data:`SECURITY_HEADERS` on every response and CSV cells neutralised."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        cells: CsvCells | None = None

        async def guarded_send(event: dict[str, Any]) -> None:
            nonlocal cells
            if event["type"] == "http.response.start":
                headers = list(event.get("headers") or [])
                if _is_csv(scope, headers):
                    cells = CsvCells()  # the body changes length: no Content-Length
                    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                event = {**event, "headers": headers}
            elif event["type"] == "http.response.body" and cells is not None:
                body = cells.feed(event.get("body", b""))
                if not event.get("more_body", False):
                    body += cells.close()
                event = {**event, "body": body}
            await send(event)

        await app(scope, receive, guarded_send)

    return wrapped


_STATUS = {400: ("Yêu cầu không hợp lệ", "Bad request"), 403: ("Không được phép", "Forbidden"),
           404: ("Không tìm thấy", "Not found")}


def error_page(path: str, status: int, reason: str | Sequence[str], *,
               first_page: str | None = None) -> tuple[str, str]:
    """The body and content type of the answer to a user's error: JSON for a ``.json`` path, else a plain page.

    ``reason``: why, or every problem of the request (a list, each on its own line); ``first_page``:
    the address of the table's first page, linked (a page token that is not valid).
    """
    import json

    vi, en = _STATUS.get(status, ("Lỗi", "Error"))
    reasons = [reason] if isinstance(reason, str) else list(reason)
    if path.endswith(".json"):
        doc = {"ok": False, "error": "\n".join(reasons), "status": status}
        if len(reasons) > 1:
            doc["errors"] = reasons
        if first_page:
            doc["first_page"] = first_page
        return json.dumps(doc, ensure_ascii=False), "application/json"
    said = "".join(f"<p>{escape(r)}</p>" for r in reasons)
    back = f"<p><a href=\"{escape(first_page)}\">Trang đầu · First page</a></p>" if first_page else ""
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{status}</title></head><body>"
            f"<h1>{status} — {escape(vi)} · {escape(en)}</h1>{said}{back}"
            "<p><a href=\"/\">Trang chủ · Home</a></p></body></html>\n", "text/html; charset=utf-8")


#: Why SQL of a visitor's own is refused, for Datasette's terse reasons (``execute-sql``, ``_where= is not allowed``).
_SQL_OFF = ("Câu lệnh SQL tự viết không được bật trên máy chủ này (người quản trị bật bằng villagescore serve "
            "--allow-sql) · SQL of your own is off on this server (its administrator turns it on with "
            "villagescore serve --allow-sql)")


def refusal_reason(message: str) -> str:
    """The reason shown for a refused request: Datasette's, or in both languages when it is SQL of a visitor's own."""
    return _SQL_OFF if message == "execute-sql" or message.startswith("_where=") else message


#: Datasette's reasons for a sort it cannot follow, which it raises as a server error (500), said in both languages.
_SORT_REFUSED = (
    (re.compile(r"Cannot sort table by (.*)", re.S),
     "Không sắp xếp được bảng theo {0}: không phải cột có thể sắp xếp · Cannot sort table by {0}: not a "
     "column it can be sorted by"),
    (re.compile(r"Cannot use _sort and _sort_desc at the same time"),
     "Không dùng được _sort và _sort_desc cùng lúc · Cannot use _sort and _sort_desc at the same time"),
)
#: Parameters whose value Datasette reads without checking it (a number, JSON): one it cannot read fails as a 500.
_READ_UNCHECKED = re.compile(r"_timelimit|_through|.+__(?:not)?in")


def bad_parameter(exception: BaseException, names: Iterable[str]) -> str | None:
    """Why a request failed on a parameter of the visitor's that Datasette answers with a server error, else ``None``.

    ``names``: the request's parameter names. A sort Datasette cannot follow (``_sort=nope``,
    ``_sort`` with ``_sort_desc``); a ``ValueError``, ``KeyError`` or ``TypeError`` of a request
    holding a value Datasette reads unchecked (``_timelimit=abc``, ``_through=nope``,
    ``year__in=[``). Anything else is a fault of the server (``None``): it keeps its traceback.
    """
    message = str(getattr(exception, "message", "") or "")
    for pattern, reason in _SORT_REFUSED:
        if match := pattern.fullmatch(message):
            return reason.format(*match.groups())
    unread = sorted({name for name in names if _READ_UNCHECKED.fullmatch(name)})
    if unread and isinstance(exception, (ValueError, KeyError, TypeError)):
        return (f"Không đọc được giá trị của {', '.join(unread)} · The value of {', '.join(unread)} "
                "could not be read")
    return None
