"""What of an overlay can still be applied when its own schema refuses parts of it.

An overlay's slips of shape (a date written 31/12/2025, an entry of ``change`` that is not a
mapping) are said with the problems of the document it makes, not instead of them: the parts
holding a slip are set aside and the rest of the overlay is applied and checked
(:func:`usable_overlay`), so that one ``validate`` says every problem of the file.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["usable_overlay", "APPENDED"]

#: The top-level lists an overlay appends to its base's as they are.
APPENDED = ("regulations", "fields", "indicators")
#: What ``add`` adds: its items are copied into the document the overlay makes, but for the key naming where.
_ADDED = {"criteria": "pillar", "indicators": "criterion", "gates": None, "tiers": None}
#: The kinds of node ``change`` and ``remove`` name by id.
_KINDS = ("pillars", "criteria", "indicators", "gates", "tiers", "defaults", "rating")

#: A problem that the document the overlay makes says again, at its place in the overlay: the value stays.
_KEPT = "kept"


def usable_overlay(doc: Mapping[str, Any], problems: list[Any]) -> tuple[dict[str, Any], list[Any]] | None:
    """``(the overlay without the parts its schema problems are in, the problems to say now)``, or ``None``.

    ``None`` when a problem is in ``extends`` (which base to apply to is not known). A problem
    inside an item of ``regulations``, ``fields`` or ``indicators``, or inside an item ``add``
    adds, leaves the item in place and is not returned: the document the overlay makes has the
    same item and says the problem there, at its place in the overlay (and a regulation set aside
    would make every threshold citing it a problem of its own). Any other part holding a problem
    (an entry of ``change``, an id of ``remove``, an added item without its pillar or criterion,
    a key of the top level) is set aside and its problem returned. A list item set aside becomes
    ``None``, so that the items after it keep their place (and the paths that say them).
    """
    out = copy.deepcopy(dict(doc))
    now = []
    for found in problems:
        if found.where == "$.extends" or found.where.startswith(("$.extends.", "$.extends[")):
            return None
        part = _part(found.where, doc)
        if part == _KEPT:
            continue
        now.append(found)
        _set_aside(out, part)
    return out, now


def _part(where: str, doc: Mapping[str, Any]) -> tuple[Any, ...] | str:
    """The keys leading to the part of ``doc`` that holds the problem at JSON path ``where``, or :data:`_KEPT`."""
    top = re.match(r"\$\.([^.\[]+)(.*)$", where)
    if top is None:
        return ()  # the whole file (a key it lacks, one it should not have): nothing to set aside
    key, rest = top.groups()
    item = re.match(r"\[(\d+)\](.*)$", rest)
    if key in APPENDED:
        return _KEPT if item else (key,)
    if key == "add":
        return _added_part(rest)
    if key in ("change", "remove"):
        return _named_part(key, rest, doc.get(key))
    return (key,)


def _added_part(rest: str) -> tuple[Any, ...] | str:
    kind = re.match(r"\.([^.\[]+)(?:\[(\d+)\](.*))?$", rest)
    if kind is None or kind[1] not in _ADDED:
        return ("add",)
    if kind[2] is None:
        return ("add", kind[1])
    tail, placed_by = kind[3], _ADDED[kind[1]]
    if not tail or (placed_by and re.match(rf"\.{placed_by}(\W|$)", tail)):
        return ("add", kind[1], int(kind[2]))
    return _KEPT


def _named_part(section: str, rest: str, spec: Any) -> tuple[Any, ...]:
    kind = re.match(r"\.([^.\[]+)(.*)$", rest)
    if kind is None or kind[1] not in _KINDS:
        return (section,)
    tail = kind[2]
    if not tail:
        return (section, kind[1])
    index = re.match(r"\[(\d+)\]", tail)
    if index:
        return (section, kind[1], int(index[1]))
    entries = spec.get(kind[1]) if isinstance(spec, Mapping) else None
    for ident in entries if isinstance(entries, Mapping) else ():  # an id may hold dots: match it whole
        if tail == f".{ident}" or tail.startswith((f".{ident}.", f".{ident}[")):
            return (section, kind[1], ident)
    return (section, kind[1])


def _set_aside(doc: dict[str, Any], part: tuple[Any, ...]) -> None:
    """Remove the key at ``part`` (a list's item becomes ``None``); nothing when it is already gone."""
    node: Any = doc
    for step in part[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return
    if not part:
        return
    last = part[-1]
    if isinstance(node, dict):
        node.pop(last, None)
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = None
