"""Which overlay file of a chain of ``extends`` wrote a value of the expanded document, and where in it.

Each overlay's places are ``{path in the document it makes: path in the overlay file}``
(:func:`~villagescore.framework.overlay.apply_overlay`). A base overlay's places name paths in
the document *it* makes; the overlay above it copies that document and may remove, add or move
nodes, so :func:`carried` follows each place to its node in the copy. :func:`placed` then says
a problem of the expanded document under the file that set the value, at its path there, and
:func:`file_that_set` names the file a value of a node came from (a framework warning's file).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from .overlay import in_overlay, matching_place

__all__ = ["Places", "carried", "placed", "all_places", "file_that_set"]

#: ``[(file name, {path in the expanded document: path in that file}), …]``, base first, the file asked for last;
#: the root of the chain (the file that extends nothing) first, with no places: what no overlay set is its.
Places = list[tuple[str, Mapping[str, str]]]


def carried(places: Places, base: Any, copied: Mapping[int, Any], full: Any) -> Places:
    """``places`` of the document ``base`` said at their paths in ``full``, made from a copy of ``base``.

    ``copied``: the copy's memo (``{id(node of base): its copy}``). A place whose node the overlay
    removed or replaced is left out: what it set is no longer in ``full``.
    """
    if not places:
        return []
    at = _containers(full)
    out: Places = []
    for file, paths in places:
        moved: dict[str, str] = {}
        for full_path, there in paths.items():
            anchor = _anchor(base, full_path)
            if anchor is None:
                continue
            node, step = anchor
            copy = copied.get(id(node))
            if copy is not None and id(copy) in at:
                moved[at[id(copy)] + step] = there  # ``there`` keeps its type (NodeOnly)
        out.append((file, moved))
    return out


def all_places(places: Places) -> dict[str, str]:
    """Every path of the expanded document some overlay of the chain set (for a membership test)."""
    return {full_path: there for _file, paths in places for full_path, there in paths.items()}


def placed(problems: list[Any], name: str, places: Places) -> list[Any]:
    """The problems of file ``name`` (the expanded document) said in the file that set their value, at its path.

    The place naming the value most closely is taken; between two as close, the later file's
    (an overlay above overrides its base).
    """
    if not places:
        return problems
    out = []
    for p in problems:
        if p.file != name:
            out.append(p)
            continue
        best = _setter(p.where, places)
        if best is None:
            out.append(p)
        else:
            out.append(dataclasses.replace(p, file=best[0], where=in_overlay(p.where, best[1])))
    return out


def file_that_set(full: Any, places: Places, *named: tuple[str, str]) -> str | None:
    """The file of the chain that wrote the first of ``named`` found in ``full``: ``(node id, key under it)``.

    A node is a mapping with that ``id`` or the entry of that id in a mapping (``indicators: {id: …}``);
    its key may go deeper (``condition.value``). The overlay that set the value names it, else the
    root file of the chain; ``None`` without places or when no node of ``named`` is in ``full``.
    """
    if not places:
        return None
    for ident, key in named:
        where = _node_path(full, ident, key.partition(".")[0])
        if where is not None:
            best = _setter(f"{where}{key[len(key.partition('.')[0]):]}", places)
            return places[0][0] if best is None else best[0]
    return None


def _setter(where: str, places: Places) -> tuple[str, Mapping[str, str]] | None:
    """The file and places of the overlay whose place names ``where`` most closely; between two, the later file's."""
    best: tuple[str, Mapping[str, str]] | None = None
    length = -1
    for file, paths in places:
        found = matching_place(where, paths)
        if found is not None and len(found) >= length:
            best, length = (file, paths), len(found)
    return best


def _node_path(doc: Any, ident: str, key: str) -> str | None:
    """The path of ``key`` in the first mapping of ``doc`` that is node ``ident`` and holds ``key``, or ``None``."""
    found: list[str] = []

    def visit(node: Any, path: str) -> None:
        if found:
            return
        if isinstance(node, dict):
            if node.get("id") == ident and key in node:
                found.append(f"{path}.{key}")
                return
            entry = node.get(ident)
            if isinstance(entry, dict) and key in entry:
                found.append(f"{path}.{ident}.{key}")
                return
            for name, value in node.items():
                visit(value, f"{path}.{name}")
        elif isinstance(node, list):
            for k, value in enumerate(node):
                visit(value, f"{path}[{k}]")

    visit(doc, "$")
    return found[0] if found else None


def _containers(doc: Any) -> dict[int, str]:
    """``{id(mapping or list): its path}`` of every container in ``doc``."""
    out: dict[int, str] = {}

    def visit(node: Any, path: str) -> None:
        if isinstance(node, dict):
            out[id(node)] = path
            for key, value in node.items():
                visit(value, f"{path}.{key}")
        elif isinstance(node, list):
            out[id(node)] = path
            for k, value in enumerate(node):
                visit(value, f"{path}[{k}]")

    visit(doc, "$")
    return out


def _anchor(doc: Any, path: str) -> tuple[Any, str] | None:
    """The node at ``path`` in ``doc`` (a mapping or list) with ``""``, or a plain value's holder with its last step.

    A key may itself hold dots (an id): the longest key that the path goes on with is taken.
    """
    node: Any = doc
    holder: tuple[Any, str] | None = None
    rest = path[1:]
    while rest:
        if isinstance(node, list):
            index = re.match(r"\[(\d+)\]", rest)
            if index is None or int(index[1]) >= len(node):
                return None
            holder, node, rest = (node, index[0]), node[int(index[1])], rest[index.end():]
        elif isinstance(node, dict):
            keys = [k for k in node if isinstance(k, str) and rest.startswith("." + k)
                    and rest[len(k) + 1:len(k) + 2] in ("", ".", "[")]
            if not keys:
                return None
            key = max(keys, key=len)
            holder, node, rest = (node, "." + key), node[key], rest[len(key) + 1:]
        else:
            return None
    if isinstance(node, (dict, list)):
        return node, ""
    return holder
