"""Strict parsing of YAML and JSON documents: one parser for every file villagescore reads.

Framework files, catalogues, dataset metadata (``NAME.meta.json``) and JSON datasets all go
through :func:`load_document`, so they obey the same rules:

- **Duplicate keys are refused**, in YAML and in JSON, with the line of both occurrences
  (a pillar weight given twice must not silently keep the last one).
- **YAML 1.2 core schema**: ``true``/``false`` are the only booleans (``on``, ``yes``, ``no``
  stay text); integers are decimal (``0150`` is 150), ``0o17`` octal and ``0x1F`` hexadecimal;
  ``1e3`` is a number; YAML 1.1 forms are text: ``1:30`` (sexagesimal), ``0b101``,
  ``1_000``. Where a number is expected, the schema then refuses such text. Dates
  (``2025-07-01``) are read as dates, as before; an impossible one (``2025-02-30``) stays
  text, which the schemas' date check refuses with its path.
- **No aliases** (``*name``): a "billion laughs" file is refused with its line, and no YAML
  tag builds a Python object (safe loader).
- **No bare NaN or Infinity in JSON** (``NaN``, ``Infinity``, ``-Infinity`` are not JSON):
  refused with line, column and JSON path. An integer too long for Python (over 4,000 digits)
  or a number too large for a float (``1e400``) is read as an infinite float that keeps its
  text (:mod:`villagescore.written_numbers`): every caller refuses it, quoting it as written.
- **Limits**: a size limit (``max_bytes``, checked before reading) and a nesting limit
  (:data:`MAX_DEPTH`), so a hostile file cannot exhaust memory or the stack.
- **UTF-8** (a BOM is allowed); an empty file is reported as such.

Problems are raised as :class:`~villagescore.errors.DocumentError` (a
:class:`~villagescore.errors.VillageScoreError`), each naming the file and the line; callers
may re-raise the problems under their own error type.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .errors import Count, DocumentError, Term, os_reason, problem
from .i18n import N_
from .written_numbers import construct_yaml_float, json_float_reader, overflowed
from .yaml_dates import construct_timestamp

__all__ = ["load_document", "parse_text", "read_limited", "check_depth", "yaml_loader", "MAX_DOCUMENT_BYTES",
           "MAX_DEPTH", "RULES"]

#: Raise it when the same text parses otherwise (2: targets files read here): the cache's older keys then miss.
RULES = "2"
#: Documents larger than this are refused unless the caller gives another limit.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
#: Deepest nesting of mappings and lists accepted (a framework tree is about 12 levels deep).
MAX_DEPTH = 64
_MAX_INT_DIGITS = 4000  # Python refuses to read integers of more than 4,300 digits
_AT = "line {}, column {}"  # where a problem is, as villagescore.errors.where_text translates it


def load_document(source: str | Path | bytes | Any, *, name: str | None = None, kind: str | None = None,
                  max_bytes: int = MAX_DOCUMENT_BYTES, max_depth: int | None = MAX_DEPTH,
                  label: str = N_("documents")) -> Any:
    """Read and parse one YAML or JSON document strictly; return the parsed value.

    Parameters
    ----------
    source : path, bytes or ``importlib.resources`` traversable
        The file to read, or its bytes.
    name : str, optional
        How problems name the file (default: the path, or ``<document>`` for bytes).
    kind : ``"yaml"`` or ``"json"``, optional
        The syntax; default from the name's suffix (``.json`` is JSON, anything else YAML).
    max_bytes : int
        Refuse larger files (checked before the file is read when ``source`` is a path).
    max_depth : int or None
        Refuse documents nested deeper than this; ``None`` skips the check (for callers
        that check the shape of a large document themselves).
    label : str
        What the documents are, marked with ``N_`` ("framework files are limited to 5,242,880").

    Returns
    -------
    Any
        The document: dicts, lists, str, int, float, bool, None (and ``datetime.date`` for
        YAML dates). Text is not normalised; callers apply NFC where they need it.

    Raises
    ------
    DocumentError
        The file cannot be read, is too large, is not UTF-8, is empty, is not valid YAML or
        JSON, has a duplicate key, an alias, a bare NaN/Infinity, or is nested too deeply.
    """
    name = name or (str(source) if not isinstance(source, (bytes, bytearray)) else "<document>")
    data = read_limited(source, name=name, max_bytes=max_bytes, label=label)
    if kind is None:
        kind = "json" if name.lower().endswith(".json") else "yaml"
    return parse_text(_decode(data, name), name=name, kind=kind, max_depth=max_depth)


def parse_text(text: str, *, name: str, kind: str, max_depth: int | None = MAX_DEPTH) -> Any:
    """Parse ``text`` (already decoded) as :func:`load_document` does; ``kind`` is ``yaml`` or ``json``."""
    if not text.strip():
        raise _error(name, "", N_("the file is empty"))
    try:
        doc = _parse_json(text, name) if kind == "json" else _parse_yaml(text, name)
    except RecursionError:
        raise _error(name, "", N_("the document is nested too deeply (limit: {limit} levels)"),
                     limit=max_depth or MAX_DEPTH) from None
    if max_depth is not None:
        check_depth(doc, name=name, max_depth=max_depth)
    return doc


def check_depth(value: Any, *, name: str, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`DocumentError` when ``value`` nests mappings and lists more than ``max_depth`` deep."""
    if _too_deep(value, max_depth):
        raise _error(name, "", N_("the document is nested more than {limit} levels deep; refusing to read it"),
                     limit=max_depth)


def _error(name: str, where: str, template: str, **params: Any) -> DocumentError:
    return DocumentError([problem(name, where, template, params=params)])


def read_limited(source: str | Path | bytes | Any, *, name: str, max_bytes: int, label: str = N_("documents")) -> bytes:
    """Return the bytes of ``source`` (a path, bytes or a traversable), refusing more than ``max_bytes``.

    A path's size is checked before it is read. Raises :class:`DocumentError` naming ``name``.
    """
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        if isinstance(source, str):
            source = Path(source)
        try:
            size = source.stat().st_size if isinstance(source, Path) else None
            if size is not None and size > max_bytes:
                raise _too_big(name, size, max_bytes, label)
            data = source.read_bytes()
        except OSError as exc:
            raise _error(name, "", N_("cannot read the file ({reason})"), reason=os_reason(exc)) from None
    if len(data) > max_bytes:
        raise _too_big(name, len(data), max_bytes, label)
    return data


def _too_big(name: str, size: int, limit: int, label: str) -> DocumentError:
    return _error(name, "", N_("the file is {size} bytes; {label} are limited to {limit}"), size=Count(size),
                  label=Term(label), limit=Count(limit))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(name, "", N_("the file is not UTF-8 (byte 0x{byte} on line {line}); save it as UTF-8"),
                     byte=f"{data[exc.start]:02x}", line=data[: exc.start].count(b"\n") + 1) from None


def _too_deep(doc: Any, limit: int) -> bool:
    """True when containers nest more than ``limit`` levels (iterative: no recursion)."""
    stack = [(doc, 1)] if isinstance(doc, (dict, list)) else []
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


# ---- JSON ----


class _Refused(ValueError):
    """A strict-JSON rule broke; the slow pass finds where."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Refused
    return out


def _no_constant(word: str) -> Any:
    raise _Refused(word)


def _int(text: str) -> int | float:
    if len(text) > _MAX_INT_DIGITS:
        return overflowed(text)
    return int(text)


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs, parse_constant=_no_constant, parse_int=_int,
                          parse_float=json_float_reader(text))
    except _Refused:
        where, template, params = _locate_json_problem(text)
        raise _error(name, where, template, **params) from None
    except json.JSONDecodeError as exc:
        raise _error(name, "", N_("not valid JSON (line {line}, column {column}; technical detail: {detail})"),
                     line=exc.lineno, column=exc.colno, detail=exc.msg) from None


_JSON_TOKEN = re.compile(r'\s*(?:(?P<str>")|(?P<open>[{\[])|(?P<close>[}\]])|(?P<comma>,)|(?P<colon>:)'
                         r'|(?P<const>-?Infinity|NaN)|(?P<other>[^\s,:\[\]{}"]+))')


class _Frame:
    """One open object or array while walking JSON text."""

    def __init__(self, is_object: bool) -> None:
        self.is_object = is_object
        self.seen: dict[str, int] = {}
        self.key: str | None = None
        self.index = 0
        self.expect_key = is_object


def _json_path(stack: list[_Frame]) -> str:
    out = "$"
    for frame in stack:
        if frame.is_object:
            out += "" if frame.key is None else f".{frame.key}"
        else:
            out += f"[{frame.index}]"
    return out


def _locate_json_problem(text: str) -> tuple[str, str, dict[str, Any]]:
    """Where the first duplicate key or bare NaN/Infinity is: ``(where, template, params)`` (errors only)."""
    from json.decoder import scanstring

    stack: list[_Frame] = []
    pos = 0
    while pos < len(text):
        m = _JSON_TOKEN.match(text, pos)
        if m is None:
            break
        pos = m.end()
        top = stack[-1] if stack else None
        if m["str"]:
            value, pos = scanstring(text, pos)
            if top is not None and top.is_object and top.expect_key:
                line, col = _line_col(text, m.start("str"))
                if value in top.seen:
                    top.key = None
                    return _AT.format(line, col), N_("key {key!r} appears twice in the object at {path} (first on "
                                                     "line {first}); keep only one"), {
                        "key": value, "path": _json_path(stack), "first": top.seen[value]}
                top.seen[value] = line
                top.key = value
                top.expect_key = False
        elif m["open"]:
            stack.append(_Frame(m["open"] == "{"))
        elif m["close"]:
            stack.pop() if stack else None
        elif m["comma"] and top is not None:
            if top.is_object:
                top.expect_key = True
            else:
                top.index += 1
        elif m["const"]:
            return _AT.format(*_line_col(text, m.start("const"))), N_(
                "{path} is {word}, which is not a number in JSON: write the number, or null for a missing value"), {
                "path": _json_path(stack), "word": m["const"]}
    return "", N_("a duplicate key or a NaN/Infinity value"), {}  # pragma: no cover - the fast pass found one


# ---- YAML ----

_YAML_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_YAML_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_YAML_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_YAML_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_LOADERS: dict[str, type] = {}


class _YamlRefused(Exception):
    """A strict-YAML rule broke (a duplicate key, an alias): ``(where, template, params)`` of the problem."""


def _construct_int(loader: Any, node: Any) -> int | float:
    """YAML 1.2 integers: decimal (a leading 0 is still decimal), ``0o`` octal, ``0x`` hexadecimal."""
    text = str(loader.construct_scalar(node))
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body.startswith("0o"):
        return sign * int(body[2:], 8)
    if body.startswith("0x"):
        return sign * int(body[2:], 16)
    if len(body) > _MAX_INT_DIGITS:
        return overflowed(text)
    return sign * int(body, 10)


def _resolvers(base: type) -> dict[Any, list[tuple[str, Any]]]:
    """The implicit resolvers of the YAML 1.2 core schema (plus dates and merge keys, as PyYAML)."""
    keep = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge")
    table: dict[Any, list[tuple[str, Any]]] = {}
    core = [("tag:yaml.org,2002:bool", _YAML_BOOL, "tTfF"),
            ("tag:yaml.org,2002:int", _YAML_INT, "-+0123456789"),
            ("tag:yaml.org,2002:float", _YAML_FLOAT, "-+.0123456789"),
            ("tag:yaml.org,2002:null", _YAML_NULL, ["~", "n", "N", ""])]
    for tag, rx, firsts in core:
        for first in firsts:
            table.setdefault(first, []).append((tag, rx))
    for first, resolvers in base.yaml_implicit_resolvers.items():
        for tag, rx in resolvers:
            if tag in keep:
                table.setdefault(first, []).append((tag, rx))
    return table


class _StrictMixin:
    """Refuses duplicate mapping keys (explicit keys only: merge keys are YAML's own overrides)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:  # noqa: D102
        import yaml

        seen: dict[Any, Any] = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, _value in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                try:
                    key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
                    hash(key)
                except (TypeError, yaml.YAMLError):
                    continue  # the base class reports unhashable or broken keys
                if key in seen:
                    mark = key_node.start_mark
                    raise _YamlRefused(_AT.format(mark.line + 1, mark.column + 1), N_(
                        "key {key!r} appears twice in one mapping (first on line {first}); keep only one"),
                        {"key": key, "first": seen[key].start_mark.line + 1})
                seen[key] = key_node
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


def yaml_loader(*, fast: bool = False) -> type:
    """The strict YAML loader class (safe, YAML 1.2 core schema, no duplicate keys).

    With ``fast=True`` the class is built on libyaml's ``CSafeLoader`` (``None`` when libyaml
    is missing); it does not refuse aliases itself: :func:`_parse_yaml` detects them.
    """
    key = "fast" if fast else "pure"
    if key in _LOADERS:
        return _LOADERS[key]
    import yaml

    base = getattr(yaml, "CSafeLoader", None) if fast else yaml.SafeLoader
    if base is None:
        return None  # type: ignore[return-value]

    def compose_node(self: Any, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            mark = event.start_mark
            raise _YamlRefused(_AT.format(mark.line + 1, mark.column + 1), N_(
                "YAML aliases (*{anchor}) are not allowed in villagescore files; write the value out"),
                {"anchor": event.anchor})
        return yaml.SafeLoader.compose_node(self, parent, index)

    attrs: dict[str, Any] = {"yaml_implicit_resolvers": _resolvers(yaml.SafeLoader)}
    if not fast:
        attrs["compose_node"] = compose_node
    cls = type("StrictFastLoader" if fast else "StrictLoader", (_StrictMixin, base), attrs)
    cls.add_constructor("tag:yaml.org,2002:int", _construct_int)
    cls.add_constructor("tag:yaml.org,2002:float", construct_yaml_float)
    cls.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    _LOADERS[key] = cls
    return cls


def _parse_yaml(text: str, name: str) -> Any:
    """Parse YAML ``text``; a text parsed before comes from the per-user cache (:mod:`villagescore.cache`)."""
    from . import cache

    doc = cache.parsed_yaml(text)
    if doc is cache.MISSING:
        doc = _parse_yaml_text(text, name)
        cache.remember_parsed_yaml(text, doc)
    return doc


def _parse_yaml_text(text: str, name: str) -> Any:
    import yaml

    try:
        doc = _fast_yaml(text)
        return yaml.load(text, Loader=yaml_loader()) if doc is _SLOW else doc  # noqa: S506 - a SafeLoader subclass
    except _YamlRefused as exc:
        raise _error(name, exc.args[0], exc.args[1], **exc.args[2]) from None
    except yaml.YAMLError as exc:
        from .yaml_errors import yaml_error

        raise yaml_error(name, exc, text) from None


_SLOW = object()


def _fast_yaml(text: str) -> Any:
    """Parse with libyaml; :data:`_SLOW` means "use the pure-Python loader" (aliases, errors, no libyaml).

    libyaml composes aliases as shared nodes without expanding them, so an alias is found by
    a walk over the node graph; a file with an alias or any error is parsed again by the
    pure-Python loader, which gives the documented message.
    """
    import yaml

    cls = yaml_loader(fast=True)
    if cls is None:
        return _SLOW
    loader = cls(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _shares_nodes(node):
            return _SLOW
        return loader.construct_document(node)
    except yaml.YAMLError:
        return _SLOW
    finally:
        loader.dispose()


def _shares_nodes(root: Any) -> bool:
    """True when a YAML node is reachable twice (the mark of an alias)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        value = node.value
        if isinstance(value, list):
            for item in value:
                if isinstance(item, tuple):
                    stack.extend(item)
                else:
                    stack.append(item)
    return False
