"""Overlays: a framework file that ``extends`` another and changes it without copying it.

An overlay names its base (``extends: {framework: ID or relative path, version: ">=1.1,<2"}``)
and says what differs: ``change`` (pillars, criteria, indicators, gates and tiers by id,
``defaults`` and ``rating``; mappings merge key by key, anything else is replaced),
``add`` (criteria into a pillar, indicators into a criterion, gates, tiers) and ``remove``
(criteria, indicators, gates, tiers by id). The result is an ordinary framework document,
checked like any other; its lineage lists every file it came from, base first.

The criteria and indicators that installed sectors bring through ``sector_criteria`` are not
in the base document (they join when it is resolved): an overlay that names one by id is told
so, with how to change it instead.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..errors import FrameworkError, SaidText, problem, said
from ..i18n import N_
from .checks import SHOWN_KNOWN, did_you_mean, known_list
from .overlay_kinds import kind_slip

__all__ = ["apply_overlay", "MAX_DEPTH", "in_overlay", "matching_place", "NodeOnly"]

#: Overlays of overlays are allowed up to this depth (a cycle is reported, not followed).
MAX_DEPTH = 8

#: What an overlay naming a node the base does not have says, by kind of node.
_NO_NODE = {"pillars": N_("the base has no pillar {id!r}"), "criteria": N_("the base has no criterion {id!r}"),
            "indicators": N_("the base has no indicator {id!r}"), "gates": N_("the base has no gate {id!r}"),
            "tiers": N_("the base has no tier {id!r}")}

#: An ``extends.version`` that is not a constraint: said with one to copy (packaging's English is not shown).
_NOT_A_CONSTRAINT = N_("{constraint!r} is not a version constraint: write the versions the overlay accepts with "
                       "comparisons joined by commas, such as \">=1.4,<2\" (from 1.4, below 2) or \"==1.4.*\" "
                       "(any 1.4)")
_BASE_NOT_A_VERSION = N_("the base {id!r} has version {version!r}, which is not a version number (such as 1.4.0), "
                         "so extends.version cannot be checked against it: correct the base's version, or leave "
                         "extends.version out")

Lookup = Callable[[str, str], tuple[dict[str, Any], str, str, tuple[dict[str, Any], ...]]]


def apply_overlay(doc: Mapping[str, Any], name: str, lookup: Lookup, registry: Any = None,
                  copied: dict[int, Any] | None = None,
                  ) -> tuple[dict[str, Any], tuple[dict[str, Any], ...], dict[str, str], list[Any]]:
    """Return ``(full document, lineage of the base, added, problems)`` for an overlay document.

    ``lookup(spec, name)`` returns the base's ``(expanded document, sha256, name, lineage)``;
    with ``registry``, naming a criterion or indicator that a sector brings is explained.
    ``added`` maps the path in the full document of each node the overlay adds to its path in
    the overlay file, so that a problem found there is said where the overlay says it
    (:func:`in_overlay`). ``problems``: the nodes the overlay names that the base does not have;
    the full document is made without those changes, so that its own problems are said with them.
    ``copied``: filled with ``{id(node of the base): its copy in the full document}`` (the memo of
    the copy), so that what a base overlay set can be found in the full document.
    """
    ext = doc["extends"]
    base, _digest, base_name, lineage = lookup(ext["framework"], name)
    _check_version(base, ext.get("version"), name)
    out = copy.deepcopy(base, {} if copied is None else copied)
    out.pop("extends", None)
    problems = _Problems(name, out, registry)
    for key in ("id", "version", "title", "description", "status", "notes"):
        if key in doc:
            out[key] = copy.deepcopy(doc[key])
    for key in ("regulations", "fields", "indicators"):
        if key in doc:
            out[key] = [*out.get(key, []), *copy.deepcopy(doc[key])]
    _remove(out, doc.get("remove", {}), doc.get("change", {}), problems)
    changed = _change(out, doc.get("change", {}), name, problems)
    added = _add(out, doc.get("add", {}), name, problems)
    for key in ("regulations", "fields", "indicators"):
        first = len(out.get(key, [])) - len(doc.get(key, []))
        added += [(item, f"$.{key}[{k}]") for k, item in enumerate(out.get(key, [])[first:])]
    return out, lineage, _paths(out, added, changed), list(problems)


#: The values ``change`` set: ``{id(node of the full document): {key: path in the overlay}}``.
Changed = dict[int, dict[str, str]]


def _paths(full: Mapping[str, Any], added: list[tuple[dict[str, Any], str]],
           changed: Changed | None = None) -> dict[str, str]:
    """``{path in the full document: path in the overlay file}`` of the ``added`` nodes and the ``changed`` values."""
    changed = changed or {}
    if not added and not changed:
        return {}
    where = {id(item): path for item, path in added}
    out: dict[str, str] = {}

    def visit(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if id(node) in where:
                out[path] = where[id(node)]
            for key, at in changed.get(id(node), {}).items():
                if key:
                    out[f"{path}.{key}"] = at
                else:  # the node a change entry names: a problem of the node itself (a key it may not have)
                    out[path] = NodeOnly(at)
            for key, value in node.items():
                visit(value, f"{path}.{key}")
        elif isinstance(node, list):
            for k, value in enumerate(node):
                visit(value, f"{path}[{k}]")

    visit(full, "$")
    return out


def in_overlay(where: str, paths: Mapping[str, str]) -> str:
    """``where`` (a path in the full document) at its place in the overlay, the full path beside it in brackets."""
    full_path = matching_place(where, paths)
    if full_path is None:
        return where
    at = f"{paths[full_path]}{where[len(full_path):]}"
    return where if at == where else f"{at} ({where})"  # a regulation of the overlay: one place


def matching_place(where: str, paths: Mapping[str, str]) -> str | None:
    """The path of ``paths`` (full document → overlay) that holds ``where`` most closely, or ``None``."""
    for full_path in sorted(paths, key=len, reverse=True):
        if where == full_path or (not isinstance(paths[full_path], NodeOnly)
                                  and where.startswith((full_path + ".", full_path + "[", full_path + " "))):
            return full_path
    return None


class NodeOnly(str):
    """The place in the overlay of a node a change entry names: said for a problem of the node itself only.

    What lies under the node is the base's, but for the values the entry sets (each mapped on its own).
    """


def _check_version(base: Mapping[str, Any], constraint: str | None, name: str) -> None:
    if not constraint:
        return
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    try:
        wanted = SpecifierSet(constraint)
    except InvalidSpecifier:
        raise FrameworkError([problem(name, "$.extends.version", _NOT_A_CONSTRAINT,
                                      params={"constraint": constraint})]) from None
    try:
        ok = Version(str(base["version"])) in wanted
    except InvalidVersion:
        raise FrameworkError([problem(name, "$.extends.version", _BASE_NOT_A_VERSION, params={
            "id": base["id"], "version": str(base["version"])})]) from None
    if not ok:
        raise FrameworkError([problem(name, "$.extends.version", N_(
            "extends {id!r} {constraint}, but the installed {id!r} is version {version}: update the overlay or "
            "install a matching version"), params={"id": base["id"], "constraint": constraint,
                                                   "version": base["version"]})])


def _index(doc: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Every node of the base by kind and id (the same dict objects, so edits land in the document)."""
    out: dict[str, dict[str, dict[str, Any]]] = {"pillars": {}, "criteria": {}, "indicators": {}, "gates": {},
                                                  "tiers": {}}
    for p in _nodes(doc, "pillars"):
        out["pillars"][p["id"]] = p
        sector = p.get("sector_criteria")
        for c in (*_nodes(p, "criteria"), *_nodes(sector if isinstance(sector, dict) else {}, "criteria")):
            out["criteria"][c["id"]] = c
            for i in _nodes(c, "indicators"):
                out["indicators"][i["id"]] = i
    out["gates"] = {g["id"]: g for g in _nodes(doc, "gates")}
    rating = doc.get("rating")
    out["tiers"] = {t["id"]: t for t in _nodes(rating if isinstance(rating, dict) else {}, "tiers")}
    return out


def _list(holder: Any, key: str) -> list[Any]:
    """``holder[key]`` when it is a list, else an empty list standing for it."""
    items = holder.get(key) if isinstance(holder, dict) else None
    return items if isinstance(items, list) else []


def _nodes(holder: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """The nodes with an id in the list ``holder[key]``; what is not one is left to the schema, which says it."""
    items = holder.get(key)
    return [n for n in items if isinstance(n, dict) and isinstance(n.get("id"), str)] if isinstance(items, list) else []


def _merge(target: dict[str, Any], changes: Mapping[str, Any], path: str, changed: Changed,
           problems: _Problems) -> None:
    """Merge ``changes`` (at ``path`` in the overlay) into ``target``, noting where each value set comes from.

    A value of another kind than the base's (a list for a number, a number for a list …) is said
    and not set: the base keeps its value.
    """
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge(target[key], value, f"{path}.{key}", changed, problems)
            continue
        slip = kind_slip(problems.name, f"{path}.{key}", target[key], value) if key in target else None
        if slip is not None:
            problems.append(slip)
            continue
        target[key] = copy.deepcopy(value)
        changed.setdefault(id(target), {})[key] = f"{path}.{key}"


def _change(out: dict[str, Any], changes: Mapping[str, Any], name: str, problems: _Problems) -> Changed:
    """Apply ``change``; returns where in the overlay each value it set is said (a problem there is said there)."""
    index = _index(out)
    changed: Changed = {}
    for kind in ("pillars", "criteria", "indicators", "gates", "tiers"):
        for ident, spec in changes.get(kind, {}).items():
            node = index[kind].get(ident)
            if node is None:
                problems.no_node(f"$.change.{kind}.{ident}", kind, ident, index[kind])
                continue
            changed.setdefault(id(node), {})[""] = f"$.change.{kind}.{ident}"
            spec = problems.without_split_number(spec, f"$.change.{kind}.{ident}")
            _merge(node, problems.kept_by_declaration(kind, ident, spec), f"$.change.{kind}.{ident}", changed,
                   problems)
    for key in ("defaults", "rating"):
        if key in changes:
            out.setdefault(key, {})
            _merge(out[key], changes[key], f"$.change.{key}", changed, problems)
    return changed


def _remove(out: dict[str, Any], removals: Mapping[str, Any], changes: Mapping[str, Any], problems: _Problems,
            ) -> None:
    """Apply ``remove``; an indicator (or criterion) a kept gate of the base tests stays, said with how to go on."""
    def drop(items: list[dict[str, Any]], ident: str) -> bool:
        for k, item in enumerate(items):
            if item["id"] == ident:
                del items[k]
                return True
        return False

    index = _index(out)  # the nodes of the base, before any removal: a slip is named with the likely id
    gated = _gated(out, removals, changes)
    # a list a base overlay left of another kind is not one to remove from (its problem is said in that file)
    for kind, containers in (("criteria", lambda: [_list(p, "criteria") for p in _nodes(out, "pillars")]),
                             ("indicators", lambda: [_list(c, "indicators") for p in _nodes(out, "pillars")
                                                     for c in _nodes(p, "criteria")]),
                             ("gates", lambda: [out.setdefault("gates", [])]),
                             ("tiers", lambda: [_list(out.get("rating"), "tiers")])):
        for i, ident in enumerate(removals.get(kind, ())):
            if not isinstance(ident, str):  # set aside: its problem is said (overlay_usable)
                continue
            if _still_gated(kind, ident, index, gated, f"$.remove.{kind}[{i}]", problems):
                continue
            if not any(drop(items, ident) for items in containers()):
                problems.no_node(f"$.remove.{kind}[{i}]", kind, ident, index[kind])


def _gated(out: Mapping[str, Any], removals: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, list[str]]:
    """``{indicator id: [gate id …]}`` of the base's gates that stay on their indicator after the overlay."""
    removed = set(removals.get("gates", ()))
    gates = changes.get("gates") if isinstance(changes.get("gates"), Mapping) else {}
    moved = {ident for ident, spec in gates.items() if isinstance(spec, Mapping) and "indicator" in spec}
    found: dict[str, list[str]] = {}
    for gate in out.get("gates", ()):
        if gate["id"] not in removed and gate["id"] not in moved:
            found.setdefault(gate.get("indicator"), []).append(gate["id"])
    return found


def _still_gated(kind: str, ident: str, index: Mapping[str, Any], gated: Mapping[str, list[str]], path: str,
                 problems: _Problems) -> bool:
    """Whether removing ``ident`` would leave a gate without its indicator: then said at ``path``, and not removed."""
    if kind == "indicators":
        inside = [ident]
    elif kind == "criteria" and ident in index["criteria"]:
        inside = [i["id"] for i in _nodes(index["criteria"][ident], "indicators")]
    else:
        return False
    gates = [g for i in inside for g in gated.get(i, ())]
    if not gates:
        return False
    params = {"id": ident, "gates": ", ".join(gates),
              "indicators": ", ".join(repr(i) for i in inside if i in gated)}
    problems.append(problem(problems.name, path, _GATED[kind], params=params))
    return True


#: Removing an indicator (or a criterion holding one) that a gate the overlay keeps tests.
_GATED = {
    "indicators": N_("gate(s) {gates} of the base test indicator {id!r}, which would be left without it: remove the "
                     "gate(s) too (remove: {{gates: [{gates}]}}), or give them another indicator "
                     "(change: {{gates: {{<gate id>: {{indicator: <indicator id>}}}}}})"),
    "criteria": N_("gate(s) {gates} of the base test indicator(s) {indicators} of criterion {id!r}, which would be "
                   "left without them: remove the gate(s) too (remove: {{gates: [{gates}]}}), or give them another "
                   "indicator (change: {{gates: {{<gate id>: {{indicator: <indicator id>}}}}}})"),
}


def _add(out: dict[str, Any], additions: Mapping[str, Any], name: str, problems: _Problems,
         ) -> list[tuple[dict[str, Any], str]]:
    """Add the overlay's nodes; returns each added node with its path in the overlay."""
    index = _index(out)
    added: list[tuple[dict[str, Any], str]] = []
    for i, spec in enumerate(additions.get("criteria", ())):
        if not isinstance(spec, dict):  # set aside: its problem is said (overlay_usable)
            continue
        pillar = index["pillars"].get(spec["pillar"])
        if pillar is None:
            problems.no_node(f"$.add.criteria[{i}].pillar", "pillars", spec["pillar"], index["pillars"])
        elif isinstance(pillar.get("criteria"), list):  # else a base overlay's slip, said in that file
            pillar["criteria"].append({k: copy.deepcopy(v) for k, v in spec.items() if k != "pillar"})
            added.append((pillar["criteria"][-1], f"$.add.criteria[{i}]"))
    for i, spec in enumerate(additions.get("indicators", ())):
        if not isinstance(spec, dict):
            continue
        crit = index["criteria"].get(spec["criterion"])
        if crit is None:
            problems.no_node(f"$.add.indicators[{i}].criterion", "criteria", spec["criterion"], index["criteria"])
        elif isinstance(crit.get("indicators"), list):  # else a base overlay's slip, said in that file
            crit["indicators"].append({k: copy.deepcopy(v) for k, v in spec.items() if k != "criterion"})
            added.append((crit["indicators"][-1], f"$.add.indicators[{i}]"))
    gates = [(k, copy.deepcopy(g)) for k, g in enumerate(additions.get("gates", ())) if isinstance(g, dict)]
    if gates:
        out.setdefault("gates", []).extend(g for _k, g in gates)
        added += [(g, f"$.add.gates[{k}]") for k, g in gates]
    tiers = [(k, copy.deepcopy(t)) for k, t in enumerate(additions.get("tiers", ())) if isinstance(t, dict)]
    if tiers and isinstance(_list(out.get("rating"), "tiers"), list):
        added += [(t, f"$.add.tiers[{k}]") for k, t in tiers]
        out["rating"]["tiers"] = sorted(out["rating"]["tiers"] + [t for _k, t in tiers], key=_highest_first)
    return added


def _highest_first(tier: Mapping[str, Any]) -> float:
    """The order of tiers, highest ``min_score`` first; one that is not a number last (its problem is said)."""
    try:
        return -float(tier["min_score"])
    except (KeyError, TypeError, ValueError):
        return float("inf")


class _Problems(list):
    """The problems of one overlay; :meth:`no_node` explains a node that a sector brings."""

    def __init__(self, name: str, out: dict[str, Any], registry: Any) -> None:
        super().__init__()
        self.name, self.out, self.registry = name, out, registry
        self._joined: dict[str, dict[str, dict[str, Any]]] | None = None

    def no_node(self, path: str, kind: str, ident: str, known: Iterable[str] | None = None) -> None:
        """The base has no node ``ident`` of ``kind``: said with what joins through ``sector_criteria``."""
        joined = self.joined().get(kind, {}).get(ident)
        if joined is not None:
            self.append(problem(self.name, path, _JOINED[kind], params={"id": ident, **joined}))
        elif known is None:
            self.append(problem(self.name, path, _NO_NODE[kind], params={"id": ident}))
        else:
            known = list(known)
            template, params = did_you_mean(_NO_NODE[kind], {"id": ident, "known": known_list(known, SHOWN_KNOWN)},
                                            ident, known)
            self.append(problem(self.name, path, template, allowed="{known}", params=params))

    def without_split_number(self, spec: Any, path: str) -> Any:
        """``spec`` without a number YAML split at its decimal comma (``{weight: 0,35}``), said at ``path``.

        Merged into the base's node, the stray key would be said far from the key before it; the
        base keeps its value for that key (0, the part before the comma, is not what was meant).
        """
        if not isinstance(spec, Mapping):
            return spec
        from ..schema_messages import SPLIT_NUMBER, split_number

        stray = [key for key in spec if isinstance(key, int) and not isinstance(key, bool)]
        split = split_number(spec, stray[:1]) if len(stray) == 1 else None
        if split is None:
            return spec
        keys = list(spec)
        before = keys[keys.index(stray[0]) - 1]
        self.append(problem(self.name, path, SPLIT_NUMBER, params={"keys": split["after"], **split}))
        return {k: v for k, v in spec.items() if k not in (before, stray[0])}

    def kept_by_declaration(self, kind: str, ident: str, spec: Any) -> Any:
        """``spec`` without the keys an indicator's declaration gives (its label, unit …), each said with where to go.

        A framework places an indicator and weighs it; what it is (label, unit, direction …) is said
        once, where it is declared, so that it reads the same in every framework that scores it.
        """
        if kind != "indicators" or not isinstance(spec, Mapping):
            return spec
        declared = [key for key in spec if key in _DECLARATION_KEYS]
        if not declared:
            return spec
        indicator = getattr(self.registry, "indicators", {}).get(ident) if self.registry is not None else None
        where = (said(SaidText, N_("plugin {plugin!r}"), plugin=indicator.plugin) if indicator is not None else
                 said(SaidText, N_("the 'indicators' list of the framework file that declares it")))
        for key in declared:
            self.append(problem(self.name, f"$.change.indicators.{ident}.{key}", _DECLARED, params={
                "key": key, "id": ident, "where": where}))
        return {k: v for k, v in spec.items() if k not in declared}

    def joined(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``{"criteria": {id: fields}, "indicators": {id: fields}}`` of what sectors bring to the document."""
        if self._joined is None:
            self._joined = {"criteria": {}, "indicators": {}}
            if self.registry is not None:
                self._find(self._joined)
        return self._joined

    def _find(self, out: dict[str, dict[str, dict[str, Any]]]) -> None:
        from .sectors import joined_criteria

        pillars = [p for p in self.out.get("pillars", ()) if isinstance(p, dict)]
        placed = {i.get("id") for p in pillars
                  for c in (*p.get("criteria", ()), *p.get("sector_criteria", {}).get("criteria", ()))
                  for i in c.get("indicators", ())}
        for p in pillars:
            if "sector_criteria" not in p:
                continue
            for joined in joined_criteria(p["id"], p["label"], self.registry.indicators.values(),
                                          self.registry.sectors, placed):
                plugins = ", ".join(sorted({repr(i.plugin) for i in joined.indicators}))
                out["criteria"].setdefault(joined.id, {"pillar": p["id"], "sector": joined.sector,
                                                       "plugin": plugins})
                for ind in joined.indicators:
                    out["indicators"][ind.id] = {"pillar": p["id"], "sector": joined.sector,
                                                 "plugin": repr(ind.plugin), "criterion": joined.id}


#: The keys of an indicator's declaration that a framework's placing of it does not have.
_DECLARATION_KEYS = ("code", "compute", "description", "direction", "feasible", "label", "measures", "requires",
                     "unit")
#: An overlay's change of one of them.
_DECLARED = N_("the {key} of indicator {id!r} is said where the indicator is declared ({where}), not in a framework, "
               "so that it reads the same in every framework that scores it: an overlay cannot change it. Change it "
               "in that declaration; or, for another indicator, declare one under a new id (the 'indicators' list of "
               "this file) and put it in place of this one (remove.indicators, add.indicators)")

#: What an overlay naming a criterion or indicator that a sector brings says.
_JOINED = {
    "criteria": N_("the base has no criterion {id!r} of its own: sector {sector!r} (plugin {plugin}) brings it to "
                   "pillar {pillar!r} through sector_criteria, so an overlay cannot name it; its weight within the "
                   "sector's share is the plugin's (SectorCriterion weight), and the weight of the whole block is "
                   "change.pillars.{pillar}.sector_criteria.weight"),
    "indicators": N_("the base has no indicator {id!r} of its own: plugin {plugin} places it in criterion "
                     "{criterion!r} of pillar {pillar!r} through sector_criteria, so an overlay cannot name it; to "
                     "score it otherwise, place it yourself with add.indicators (with its weight, scorer or "
                     "threshold): it then no longer joins on its own"),
}

