"""Reading a result file back: the header and the village records, streamed where the layout allows."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from ..errors import ResultReadError, said
from ..i18n import N_
from .codes import SCHEMA_VERSION


def _check_header(head: Any, label: str) -> dict[str, Any]:
    if not isinstance(head, dict) or not isinstance(head.get("provenance"), dict):
        raise said(ResultReadError, N_("{file}: not a villagescore result (expected a JSON object with 'provenance' "
                                       "and 'villages', as written by `villagescore evaluate --format json` or "
                                       "`--format jsonl`)"), file=label)
    version = head.get("schema_version", 1)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise said(ResultReadError, N_("{file}: result schema version {version!r} is newer than this villagescore "
                                       "reads (up to {newest}); upgrade villagescore"),
                   file=label, version=version, newest=SCHEMA_VERSION)
    return head


#: Bytes read at a time when a result is streamed.
_BLOCK = 1 << 24


def _lines(path: Path) -> Iterator[bytes]:
    """The file's lines as bytes, without the UTF-8 BOM of the first or the line ends (decoded by :func:`_loads`)."""
    with open(path, "rb") as handle:
        yield from _split(handle, handle.read(len(codecs.BOM_UTF8)).removeprefix(codecs.BOM_UTF8))


def _split(handle: BinaryIO, rest: bytes = b"") -> Iterator[bytes]:
    """The lines of ``handle`` from where it stands (after ``rest``, read already), without their line ends.

    Read 16 MiB at a time and split there: a national result has 100,000 lines of a few KB.
    """
    while block := handle.read(_BLOCK):
        lines = (rest + block).split(b"\n")
        rest = lines.pop()
        for line in lines:
            yield line.rstrip(b"\r\n")
    if rest:
        yield rest.rstrip(b"\r\n")


def _after_first(path: Path) -> Iterator[bytes]:
    """The file's lines after its first (the header line, read already)."""
    lines = _lines(path)
    next(lines, None)
    yield from lines


def _loads(text: bytes | str) -> Any:
    """``json.loads(text)``, parsed by orjson where it can (4-5 times faster on a record).

    What orjson refuses (``NaN``, a lone surrogate, a mistake) is parsed by ``json.loads``,
    which then gives the standard library's value or error. The one value read otherwise is
    an integer beyond 64 bits, which orjson reads as the nearest float: a result holds no
    such number (its integers are years, counts of indicators and profile numbers).
    """
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if _DEPTH_EXCEEDED in str(exc):  # json.loads would recurse until Python's stack gives out
            raise NestedTooDeep(text) from None
        return strict_loads(text.decode("utf-8") if isinstance(text, bytes) else text)


#: How deep a result may nest: orjson's own limit (a result nests about 8 levels).
MAX_RESULT_DEPTH = 1024
#: What orjson says of a value nested deeper than :data:`MAX_RESULT_DEPTH`.
_DEPTH_EXCEEDED = "depth limit exceeded"


class NestedTooDeep(json.JSONDecodeError):
    """A JSON text nested deeper than :data:`MAX_RESULT_DEPTH`: refused before it exhausts the stack."""

    def __init__(self, text: bytes | str) -> None:
        doc = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        super().__init__(f"nested more than {MAX_RESULT_DEPTH} levels deep", doc[:64], 0)


#: A JSON escape of half a character: a high surrogate not followed by a low one, or a low one alone.
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                             r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def strict_loads(text: str) -> Any:
    r"""``json.loads(text)``, refusing a lone surrogate (``"\ud800"``, which nothing can write) as a JSON error.

    A text nested deeper than :data:`MAX_RESULT_DEPTH` is :class:`NestedTooDeep` (orjson finds it
    without recursing; the standard library would exhaust the stack).
    """
    found = _LONE_SURROGATE.search(text)
    if found:
        msg = f"{found[0]} is half a character (a lone surrogate)"
        raise json.JSONDecodeError(msg, text, found.start())
    try:
        return json.loads(text)
    except RecursionError:
        raise NestedTooDeep(text) from None


#: Where the indicator-level part of a compact record starts (the keys after it: see :func:`village_records`).
_DETAIL = b',"indicators":'
#: The keys the writer puts before ``indicators``: a brief record without one of them was written in another order.
_SUMMARY_KEYS = frozenset({"village_id", "year", "overall", "pillars", "criteria"})


def _brief(line: bytes) -> Any:
    """A compact record parsed without its indicator-level part (indicators, flags, gates), its versions applied kept.

    The writer puts ``indicators`` after the summary's keys; a quote inside a text is escaped,
    so the marker cannot occur before it, and only the part before it is parsed. A line written
    in another key order (``sort_keys``, ``jq -S``: ``criteria`` first, ``village_id`` last) has
    the summary's keys after the marker, or the marker nested: it is parsed whole.
    """
    cut = line.find(_DETAIL)
    if cut >= 0:
        try:
            kept = _loads(line[:cut] + b"}")
        except json.JSONDecodeError:
            kept = None
        if isinstance(kept, dict) and _SUMMARY_KEYS <= kept.keys():
            kept["regulations"] = _versions(line, cut)
            return kept
    return _loads(line)


#: Where a compact record's versions applied start (a flat list of integers and nulls).
_VERSIONS = b',"regulations":'


def _versions(line: bytes, after: int) -> Any:
    """The ``regulations`` list of a compact record, parsed alone (changes over time compare the versions applied).

    ``None`` when the record has none, or when it is not a flat list (then nothing is guessed).
    """
    at = line.rfind(_VERSIONS, after)  # near the end: only flags and gates follow
    if at < 0:
        return None
    start = at + len(_VERSIONS)
    end = line.find(b"]", start) if line[start:start + 1] == b"[" else -1
    try:
        got = _loads(line[start:end + 1]) if end >= 0 else None
    except json.JSONDecodeError:
        return None
    return got if isinstance(got, list) else None


def _record(parsed: Any) -> Any:
    """The ``record`` of a parsed line (``"header"``, ``"end"``), ``None`` for a village record or any other value."""
    return parsed.get("record") if isinstance(parsed, dict) else None


def _jsonl(lines: Iterator[bytes], label: str, parse: Any) -> Iterator[dict[str, Any]]:
    """The village records of a JSON Lines result; its end record must close it and count them.

    A file without the end record was cut short (or written before villagescore wrote one: it
    is refused the same way, as no published version wrote such files).
    """
    count = 0
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        record = parse(line)  # the end record is known parsed, whatever its spacing
        if _record(record) == "end":
            said_count = record.get("village_years")
            if said_count != count:
                raise said(ResultReadError, N_("{file}: line {line}: the end record counts {said} village-years, "
                                               "the file holds {count}: records were added or removed"),
                           file=label, line=number, said=said_count, count=count)
            if any(rest.strip() for rest in lines):
                raise said(ResultReadError, N_("{file}: line {line}: lines after the end record"), file=label,
                           line=number + 1)
            return
        count += 1
        yield record
    raise said(ResultReadError, N_("{file}: truncated: no end record after {count} village-years (a JSON Lines "
                                   "result ends with a record \"end\" that counts them; the file was cut short or "
                                   "written by an older villagescore: write it again)"),
               file=label, count=count)


def _compact(lines: Iterator[bytes], label: str, parse: Any) -> Iterator[dict[str, Any]]:
    """The village records of a compact JSON result (one a line, after the header line, until ``]}``)."""
    for line in lines:
        if line == b"]}":
            return
        yield parse(line[:-1] if line.endswith(b",") else line)
    raise said(ResultReadError, N_("{file}: truncated: the JSON result ends before its closing ']}}' (the "
                                   "file was cut short; write it again)"), file=label)


#: How a result file starts, however it is spaced: its header line or document opens with one of these keys.
_RESULT_START = re.compile(r'\s*\{\s*"(?:record|schema_version)"\s*:')


def starts_like_result(start: str) -> bool:
    """Whether a JSON file that starts with ``start`` (its first few dozen characters) is laid out as a result."""
    return _RESULT_START.match(start) is not None


def starts_with_header_line(path: str | Path) -> bool:
    """Whether the file's first line alone is a JSON Lines header record, however spaced, its keys in any order.

    Only the first line is read (as :func:`read_result` reads it): a JSON Lines result saved as
    ``.json`` is known before the whole file is read.
    """
    with open(path, encoding="utf-8-sig") as handle:
        return is_header_line(handle.readline().rstrip("\r\n"))


def is_header_line(line: str) -> bool:
    """Whether ``line`` (a first line, without its line end) alone is a JSON Lines header record, however spaced."""
    return '"header"' in line and _record(_first_line(line)) == "header"


def _first_line(line: str) -> Any:
    """A file's first line parsed as JSON, ``None`` when it is not JSON on its own (an indented document's ``{``)."""
    if not line.lstrip().startswith("{"):
        return None
    try:
        return strict_loads(line)
    except json.JSONDecodeError:
        return None


def read_result(path: str | Path, *, brief: bool = False) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """Read a result file: ``(header, village records)``; the records are read as they are consumed.

    JSON Lines and compact JSON (one village-year per line) are streamed; any other JSON
    (indented, or a version-1 document) is read whole. ``brief``: streamed records leave out
    their indicator-level part (indicators, regulations, flags, gates), which is not even
    parsed. Raises :class:`ResultReadError` for a file that is not a result,
    ``json.JSONDecodeError`` for one that is not JSON.
    """
    parse = _brief if brief else _loads
    path = Path(path)
    label = str(path)
    with open(path, encoding="utf-8-sig") as handle:
        stripped = handle.readline().rstrip("\r\n")
        head, records, parsed = _streamed(stripped, lambda: _after_first(path), label, parse)
        if records is not None:
            return head, records
        # a document on one line is parsed already (the rest of the file is read only then)
        whole = parsed if parsed is not None and not handle.read().strip() else None
    return _document(strict_loads(path.read_text(encoding="utf-8-sig")) if whole is None else whole, label)


def read_result_stream(first: bytes, rest: BinaryIO, label: str, *,
                       brief: bool = False) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """:func:`read_result` of a stream (standard input) whose first line ``first`` was read already.

    The layouts :func:`read_result` streams are streamed from ``rest`` the same way, whatever
    the spacing and key order of the header line; any other JSON is read whole.
    """
    parse = _brief if brief else _loads
    stripped = first.decode("utf-8-sig").rstrip("\r\n")
    head, records, parsed = _streamed(stripped, lambda: _split(rest), label, parse)
    if records is not None:
        return head, records
    remaining = rest.read()
    whole = parsed if parsed is not None and not remaining.strip() else None
    return _document(strict_loads((first + remaining).decode("utf-8-sig")) if whole is None else whole, label)


def _streamed(stripped: str, rest: Callable[[], Iterator[bytes]], label: str,
              parse: Any) -> tuple[Any, Iterator[dict[str, Any]] | None, Any]:
    """``(header, records, None)`` when the first line opens a streamed layout, else ``(None, None, parsed)``.

    ``parsed`` is the first line parsed alone (``None``: not JSON on its own). ``rest`` gives the
    lines after the first (read only as the records are consumed).
    """
    if stripped.startswith('{"schema_version":') and stripped.endswith('"villages":['):
        return _check_header(strict_loads(stripped + "]}"), label), _compact(rest(), label, parse), None
    parsed = _first_line(stripped)
    if _record(parsed) == "header":  # JSON Lines, however its writer spaced it
        return _check_header(parsed, label), _jsonl(rest(), label, parse), None
    return None, None, parsed


def _document(doc: Any, label: str) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """A result document read whole: its header and its village records."""
    if not isinstance(doc, dict) or not isinstance(doc.get("villages"), list):
        _check_header(None, label)
    villages = doc.pop("villages")
    return _check_header(doc, label), iter(villages)
