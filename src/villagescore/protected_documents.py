"""The documents a user writes and villagescore reads, recognised by their first bytes (never parsed whole).

Part of :func:`villagescore.protected.input_kind`: an output never replaces

- a framework: a JSON or YAML document whose top level names ``id``, ``version`` and
  ``pillars`` (a framework of its own) or ``extends`` (an overlay), and no ``kind`` (or a null one);
  YAML directives (``%YAML 1.2``) and comments before its ``---`` are skipped;
- a programme targets file: ``kind: villagescore-targets`` at its top level;
- a catalogue (a sector without code): ``catalogue`` and ``version`` at its top level;
- a province mapping table: a CSV whose header names ``former_province`` and ``province``
  (and not ``village_id``: a dataset or a report with a province column is judged as one).

The documents villagescore writes carry another ``kind`` (``villagescore-comparison``,
``villagescore-explanation``, ``villagescore-targets-report`` …) and are replaced as before.
Only the top level counts: a result's nested ``framework`` is not a framework document.
"""

from __future__ import annotations

import csv
import io
import json
import re

from .errors import Term
from .i18n import N_

__all__ = ["document_kind", "top_level_keys"]

_FRAMEWORK = Term(N_("a framework (its id, version and pillars, or the framework it extends)"))
_TARGETS = Term(N_("a programme targets file (kind: villagescore-targets)"))
_CATALOGUE = Term(N_("a catalogue of fields and indicators"))
_MAPPING = Term(N_("a province mapping table (former_province, province)"))

#: The ``kind`` of a targets file (``schemas/targets.schema.json``).
TARGETS_KIND = "villagescore-targets"


def document_kind(text: str, *, whole: bool = True) -> Term | None:
    """What the first bytes ``text`` of a file say it is among the documents above, or ``None``.

    ``whole``: ``text`` is the whole file (else its last line may be cut and is not read).
    """
    keys = top_level_keys(text, whole=whole)
    if keys.get("kind") == TARGETS_KIND:
        return _TARGETS
    if keys.get("kind") is None:  # absent or null; with a kind: a document villagescore writes (a comparison …)
        if {"id", "version"} <= keys.keys() and keys.keys() & {"pillars", "extends"}:
            return _FRAMEWORK
        if {"catalogue", "version"} <= keys.keys():
            return _CATALOGUE
    return _MAPPING if _mapping_header(text) else None


def top_level_keys(text: str, *, whole: bool = True) -> dict[str, str | None]:
    """The keys at the top level of a JSON object or a YAML mapping, each with its text value (``None``: not a text).

    Read from the first bytes of the file: a key written after them is not seen.
    """
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("{"):
        return _json_top_level(stripped)
    if stripped.startswith("["):
        return {}
    return _yaml_top_level(stripped, whole=whole)


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"\s*")


def _json_top_level(text: str) -> dict[str, str | None]:
    """The keys of a JSON object, each value skipped by the C decoder; a value cut by the first bytes ends the list."""
    found: dict[str, str | None] = {}
    pos = _SPACE.match(text, 1).end()  # after the "{"
    while text.startswith('"', pos):
        try:
            key, pos = _DECODER.raw_decode(text, pos)
            pos = _SPACE.match(text, pos).end()
            if not text.startswith(":", pos):
                break
            found[key] = None
            value, pos = _DECODER.raw_decode(text, _SPACE.match(text, pos + 1).end())
        except ValueError:  # cut by the first bytes (the key is kept), or not JSON
            break
        if isinstance(value, str):
            found[key] = value
        pos = _SPACE.match(text, pos).end()
        if not text.startswith(",", pos):
            break
        pos = _SPACE.match(text, pos + 1).end()
    return found


#: A key at the start of a line (a top-level key of a block mapping), plain or quoted, and what follows it.
_YAML_KEY = re.compile(r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{}\[\]\-?:|>!&*%@`][^:#]*?))[ \t]*:"""
                       r"""(?:[ \t]+(.*))?""")


def _yaml_top_level(text: str, *, whole: bool) -> dict[str, str | None]:
    """The top-level keys of the first YAML document; none when a line at the top is not a key (Markdown, prose)."""
    lines = text.split("\n")
    if not whole:
        lines.pop()  # cut by the first bytes: what it would have been is not known
    found: dict[str, str | None] = {}
    started = False  # a "---" seen: directives (%YAML 1.2, %TAG …) come only before it
    for line in lines:
        line = line.rstrip("\r")
        if line.startswith(("---", "...")):
            if found:
                break  # the next document is not read
            started = True
            continue  # the start of the first one
        if line.startswith("%") and not started and not found:
            continue  # a directive
        if not line.strip() or line[0] in " \t#-":
            continue  # a value further in (a list may start at the margin), a blank, a comment
        match = _YAML_KEY.fullmatch(line)
        if match is None:
            return {}
        double, single, plain, value = match.groups()
        key = double if double is not None else single.replace("''", "'") if single is not None else plain
        found[key] = _yaml_scalar(value)
    return found


_YAML_NULLS = {"", "~", "null", "Null", "NULL"}


def _yaml_scalar(value: str | None) -> str | None:
    """A plain or quoted one-line value without its comment; ``None`` for nothing (a nested block) or a null."""
    if value is None:
        return None
    value = value.strip()
    if value[:1] in ("'", '"'):
        quote = value[0]
        end = value.find(quote, 1)
        return value[1:end] if end > 0 else None
    value = re.split(r"\s#", value, maxsplit=1)[0].strip()
    return None if value in _YAML_NULLS else value


def _mapping_header(text: str) -> bool:
    """A CSV whose header names ``former_province`` and ``province`` (as the mapping reader does), no ``village_id``."""
    import unicodedata

    try:
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    except csv.Error:
        return False
    names = {unicodedata.normalize("NFC", cell).strip() for cell in header}
    return {"former_province", "province"} <= names and "village_id" not in names
