"""Find a framework (a path, or the id of one a plugin ships), expand its overlays and resolve it."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..cache import one_look
from ..errors import FrameworkError, PluginError, Term, UnknownIdError, problem, said
from ..file_names import file_name
from ..i18n import N_
from ..model import Framework
from ..unsafe_text import UNSAFE_TEXT
from .base_file import base_file
from .checks import document_problems
from .documents import load_framework_document
from .export import resolved_sha256
from .overlay import MAX_DEPTH, apply_overlay
from .overlay_places import Places, all_places, carried, file_that_set, placed
from .overlay_usable import usable_overlay
from .percent import warn_fractions
from .replaced_limits import warn_replaced_limits
from .resolve import Resolver
from .thresholds import OVERLAP

__all__ = ["load_framework", "resolve_framework", "available_frameworks", "join_shipped_frameworks",
           "DEFAULT_FRAMEWORK_ID"]

DEFAULT_FRAMEWORK_ID = "vn-ttcn-sustainable"


def resolve_framework(doc: Mapping[str, Any], registry: Any, *, name: str = "<framework>", sha256: str = "",
                      _depth: int = 0) -> Framework:
    """Check ``doc`` (expanding ``extends``) and resolve it; raise :class:`FrameworkError` listing all problems."""
    with one_look():  # some 200 questions to the per-user cache (a scorer's parameters each): its folder looked up once
        return _resolve_framework(doc, registry, name=name, sha256=sha256, _depth=_depth)


def _resolve_framework(doc: Mapping[str, Any], registry: Any, *, name: str, sha256: str, _depth: int) -> Framework:
    # a problem in what an overlay adds is said where the overlay says it; the nodes an overlay names
    # that its base lacks (overlaid) are said with every other problem of the document it makes
    full, lineage, places, overlaid = expand(doc, name, sha256, registry, _depth)
    added = all_places(places)
    # a file's own bytes may have been found valid before; an overlay's expansion is checked every time
    problems = document_problems(full, name, "framework", sha256 if "extends" not in doc else None)
    if problems:
        problems += _also_found(full, name, registry, problems, added)
        raise FrameworkError(overlaid + placed(problems, name, places))
    if not sha256:
        sha256 = hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    try:
        fw = _resolver(full, name, registry, added).build(sha256)
    except FrameworkError as exc:
        raise FrameworkError(overlaid + placed(exc.problems, name, places)) from None
    if overlaid:
        raise FrameworkError(overlaid)
    fw = dataclasses.replace(fw, lineage=lineage)
    file_of = functools.partial(file_that_set, full, places)  # a warning's file: the one that wrote the value
    warn_fractions(fw, file_of)
    warn_replaced_limits(fw, file_of)
    return dataclasses.replace(fw, resolved_sha256=resolved_sha256(fw))


def _resolver(full: Mapping[str, Any], name: str, registry: Any, added: Mapping[str, str]) -> Resolver:
    """A :class:`Resolver` of ``full`` knowing what an overlay set.

    ``overlaid``: a slip between two values (tiers out of order) is said at the one an overlay wrote.
    """
    resolver = Resolver(full, name, registry)
    resolver.overlaid = added
    return resolver


def _also_found(full: Mapping[str, Any], name: str, registry: Any, found: list[Any],
                added: Mapping[str, str] | None = None) -> list[Any]:
    """What resolving finds beside the schema's problems, away from the places they name.

    So that one slip of shape does not hide the others (a weight of 0, an unknown id …): the
    document is resolved with a neutral stand-in for a refused weight (:data:`_STAND_INS`) or a
    tier's min_score (between its neighbours'), an empty list kept as it is, and without the other
    keys the schema refused. A problem in the object that held a removed key is left out (it is
    most likely the same slip seen again), and so is one at or inside the nearest object with an
    id around it, or a versions overlap naming that id (a regulation without its refused
    valid_from seems in force on every date), and one at or under a stood-in value. Other
    problems quoting that id stay (a threshold citing a limit the regulation lacks). A problem
    that is not a key of an object (a list's item, the whole document) or a document too broken
    to resolve gives nothing more.
    """
    # a text refused for its characters has the right shape: resolving keeps it (its field stays known)
    pruned = _without(full, [p.where for p in found if p.template != UNSAFE_TEXT])
    if pruned is None:
        return []
    doc, stood, held = pruned
    try:
        _resolver(doc, name, registry, added or {}).build("")
    except FrameworkError as exc:
        return [p for p in exc.problems if not any(_under(p.where, q.where) if q.where in stood else
                                                   _same_place(p.where, q.where) for q in found)
                and not _knock_on(p, held)]
    except Exception:  # the shape the schema refused breaks resolving: its problems are what there is to say
        return []
    return []


#: A refused value that resolving can do without, by key: a neutral stand-in, so that a weight written
#: '40%' or '0,25' does not hide the problems of the pillar or criterion around it.
_STAND_INS = {"weight": 1.0, "share": 1.0}


def _knock_on(found: Any, held: Mapping[str, str]) -> bool:
    """Whether ``found`` follows from a key removed from an object (``held``: ``{its path: its id}``).

    At or inside that object, or two threshold versions overlapping that name its id.
    """
    if any(_under(found.where, path) for path in held):
        return True
    params = dict(found.params)
    return found.template == OVERLAP and bool({params.get("first"), params.get("second")} & set(held.values()))


def _under(path: str, named: str) -> bool:
    """Whether JSON path ``path`` is ``named`` or inside it."""
    return path == named or path.startswith((named + ".", named + "[", named + " "))


def _without(doc: Mapping[str, Any], paths: list[str]) -> tuple[dict[str, Any], set[str], dict[str, str]] | None:
    """A copy of ``doc`` without the object keys at ``paths``, the paths stood in for instead, the holders of the rest.

    A weight is stood in for (:data:`_STAND_INS`), an empty list kept; the holders: ``{path: id}``
    of the nearest object with an id around each key removed. ``None`` when a path is not such a key.
    """
    import copy

    out = copy.deepcopy(dict(doc))
    stood: set[str] = set()
    held: dict[str, str] = {}
    for path in paths:
        steps = re.findall(r"\.([^.\[]+)|\[(\d+)\]", path)
        if not steps or "".join(f".{k}" if k else f"[{i}]" for k, i in steps) != path[1:] or not steps[-1][0]:
            return None
        node: Any = out
        parent: Any = None
        owner = None  # (path, id) of the nearest object on the way that has an id (a regulation, an indicator …)
        at = "$"
        for key, index in steps[:-1]:
            try:
                parent, node = node, (node[key] if key else node[int(index)])
            except (KeyError, IndexError, TypeError):
                return None
            at += f".{key}" if key else f"[{index}]"
            owner = (at, node["id"]) if isinstance(node, dict) and isinstance(node.get("id"), str) else owner
        if not isinstance(node, dict):
            return None
        key = steps[-1][0]
        if key in _STAND_INS:
            node[key] = _STAND_INS[key]
            stood.add(path)
        elif key == "min_score" and isinstance(parent, list):
            node[key] = _between(parent, node)
            stood.add(path)
        elif node.get(key) == []:
            stood.add(path)
        else:
            node.pop(key, None)
            if owner is not None:
                held[owner[0]] = owner[1]
    return out, stood, held


def _between(tiers: list[Any], tier: dict[str, Any]) -> float:
    """A stand-in for a refused ``min_score``: between its neighbours', so that the tiers' order holds."""
    def number(t: Any) -> float | None:
        value = t.get("min_score") if isinstance(t, dict) else None
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    at = next(k for k, t in enumerate(tiers) if t is tier)
    above = next((n for t in reversed(tiers[:at]) if (n := number(t)) is not None), None)
    below = next((n for t in tiers[at + 1:] if (n := number(t)) is not None), None)
    if above is not None and below is not None:
        return (above + below) / 2
    if below is not None:
        return below + 1
    return 0.0 if at == len(tiers) - 1 or above is None else above / 2


def _same_place(path: str, named: str) -> bool:
    """Whether JSON path ``path`` is in the node that holds ``named`` (the object whose key the schema refused)."""
    holder = re.sub(r"\.[^.\[]+$", "", named)
    return path == holder or path.startswith((holder + ".", holder + "[", holder + " "))


def expand(doc: Mapping[str, Any], name: str, sha256: str, registry: Any, depth: int = 0,
           chain: tuple[tuple[Any, str], ...] = (),
           ) -> tuple[dict[str, Any], tuple[dict[str, Any], ...], Places, list[Any]]:
    """The document with every ``extends`` applied, its lineage (base first, this file last), its places, problems.

    Places: for each file of the chain, base first, its name and ``{path in the full document: path
    in that file}`` of the values it set (none for the file that extends nothing: what no overlay
    set is its; a value set again by an overlay above is said there). Problems: the nodes this file's overlay
    names that its base does not have and the slips of shape it sets aside (the document is made
    without those changes), a base overlay's before its own, each under its file's name. ``chain``:
    ``(id, resolved path)`` of the overlays that led here, so that a cycle of ``extends`` is named.
    """
    own = {"id": doc.get("id"), "version": doc.get("version"), "sha256": sha256, "source": file_name(name)}
    if "extends" not in doc:
        return dict(doc), (own,), [(name, {})], []
    chain = (*chain, (doc.get("id"), _resolved(name)))
    said_now: list[Any] = []
    of_base: list[Any] = []  # what a base overlay set aside: said with this file's problems
    base_places: list[tuple[dict[str, Any], Places]] = []  # the base's document and where its overlays set values
    copied: dict[int, Any] = {}  # the base's nodes and their copies in this file's document
    problems = document_problems(doc, name, "framework")
    if problems:  # each overlay's slips are said with the problems of the files that extend it, and theirs
        usable = usable_overlay(doc, problems)
        if usable is None:
            raise FrameworkError(problems)
        doc, said_now = usable
    if depth >= MAX_DEPTH:
        raise FrameworkError([problem(name, "$.extends", N_("overlays nest deeper than {most} (a cycle?)"),
                                      params={"most": MAX_DEPTH})])

    def lookup(spec: str, overlay_name: str) -> tuple[dict[str, Any], str, str, tuple[dict[str, Any], ...]]:
        path = base_file(spec, overlay_name)
        if path is not None:
            base_doc, digest, base_name = load_framework_document(path)
        else:
            known = _shipped_documents(registry)
            if spec not in known:
                raise FrameworkError([problem(overlay_name, "$.extends.framework", N_(
                    "no framework {spec!r}: neither a file beside this one nor a framework an installed plugin ships"),
                    params={"spec": spec, "known": ", ".join(known) or Term("none")}, allowed="{known}")])
            path, base_doc, digest, base_name = known[spec]
        if "extends" not in base_doc:  # what the overlay reads of its base (id, version, each node's id) is there
            _check_base(base_doc, base_name, digest)
        if base_doc.get("id") == doc.get("id"):
            raise FrameworkError([problem(overlay_name, "$.extends", N_("a framework cannot extend itself ({id!r}); "
                                                                        "give the overlay its own id"),
                                          params={"id": doc.get("id")})])
        _no_cycle(chain, base_doc.get("id"), _resolved(path), overlay_name)
        full, lineage, places, base_problems = expand(base_doc, base_name, digest, registry, depth + 1, chain)
        of_base.extend(base_problems)
        base_places.append((full, places))
        return full, digest, base_name, lineage

    try:
        full, lineage, added, problems = apply_overlay(doc, name, lookup, registry, copied)
    except FrameworkError as exc:
        raise FrameworkError(of_base + said_now + exc.problems) from None
    base_doc, places = base_places[0]
    places = [*carried(places, base_doc, copied, full), (name, added)]
    return full, (*lineage, own), places, of_base + said_now + problems


def _check_base(doc: Mapping[str, Any], name: str, digest: str) -> None:
    """Raise the problems of a base that extends nothing, under its own name, before an overlay is applied to it.

    An overlay reads its base's id, version and the ids of its nodes, and replaces its id, version
    and title: a base that lacks one is said as it is, in the base file, with its other problems.
    """
    problems = document_problems(doc, name, "framework", digest)
    if problems:
        raise FrameworkError(problems)


def _resolved(path: str | Path) -> str:
    """``path`` made absolute, so that one file reached by two spellings is one link of a chain of ``extends``."""
    return str(Path(path).resolve())


def _no_cycle(chain: tuple[tuple[Any, str], ...], base_id: Any, base_path: str, overlay_name: str) -> None:
    """Raise when the base ``overlay_name`` extends is already in ``chain``: the cycle named, file by file."""
    paths = [path for _id, path in chain]
    if base_path not in paths:
        return
    links = [*chain[paths.index(base_path):], (base_id, base_path)]
    cycle = " → ".join(f"{Path(path).name} ({ident})" if ident else Path(path).name for ident, path in links)
    raise FrameworkError([problem(overlay_name, "$.extends.framework", N_(
        "extends forms a cycle: {cycle}; remove the extends of one of these files (a framework that extends "
        "nothing is where a chain of overlays starts)"), params={"cycle": cycle})])


def available_frameworks(registry: Any) -> dict[str, Any]:
    """Return ``{framework id: path}`` for every framework file the plugins ship."""
    return {ident: entry[0] for ident, entry in _shipped_documents(registry).items()}


def join_shipped_frameworks(registry: Any) -> None:
    """Resolve every shipped framework that accepts sector criteria, so that a sector plugin's slip is said.

    A sector that cannot join one of them is a warning naming its plugin, or a
    :class:`~villagescore.errors.PluginError` when ``registry`` is strict (see
    :class:`~villagescore.framework.sectors.SectorJoin`); ``villagescore --strict-plugins plugins``
    runs it. A framework's own problems are left to when it is used or validated.
    """
    for _path, doc, digest, name in _shipped_documents(registry).values():
        pillars = doc.get("pillars")
        if isinstance(pillars, list) and any(isinstance(p, dict) and "sector_criteria" in p for p in pillars):
            with contextlib.suppress(FrameworkError):
                resolve_framework(doc, registry, name=name, sha256=digest)


def _shipped_documents(registry: Any) -> dict[str, tuple[Any, dict[str, Any], str, str]]:
    """``{framework id: (path, document, sha256, name)}`` of the shipped framework files."""
    out: dict[str, tuple[Any, dict[str, Any], str, str]] = {}
    owner: dict[str, str] = {}
    for source in registry.frameworks:
        try:
            doc, digest, name = load_framework_document(source.path)
        except FrameworkError:
            continue  # reported when that file is used or validated
        ident = doc.get("id")
        if not isinstance(ident, str):
            continue
        if ident in out and out[ident][2] != digest:
            raise said(PluginError, N_("two different frameworks have the id {id!r}: {first} (plugin {first_plugin!r}) "
                                       "and {second} (plugin {second_plugin!r}); uninstall or rename one"),
                       id=ident, first=out[ident][3], first_plugin=owner[ident], second=name,
                       second_plugin=source.plugin)
        out.setdefault(ident, (source.path, doc, digest, name))
        owner.setdefault(ident, source.plugin)
    return dict(sorted(out.items()))


def load_framework(spec: str | Path | None, registry: Any) -> Framework:
    """Load a framework by path, or by the id of a framework a plugin ships.

    ``None`` means the default framework (``vn-ttcn-sustainable``).

    Raises
    ------
    FrameworkError
        The file is invalid; every problem is listed.
    UnknownIdError
        ``spec`` is neither an existing file nor a known framework id.
    """
    ident = DEFAULT_FRAMEWORK_ID if spec is None else str(spec)
    path = Path(ident)
    if not path.is_file():
        known = _shipped_documents(registry)
        if ident not in known:
            raise said(UnknownIdError, N_("framework {ident!r} is neither a file nor a known framework id; known: "
                                          "{names}{hint}"), ident=ident, names=", ".join(known) or Term("none"),
                       hint=registry.failure_hint())
        path, doc, digest, name = known[ident]  # parsed once, while looking for the id
    else:
        doc, digest, name = load_framework_document(path)
    return resolve_framework(doc, registry, name=name, sha256=digest)
