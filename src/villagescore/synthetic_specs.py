"""The value specs of the synthetic generator: the bundled field-specs file and the files merged over it.

The bundled ``datasets/synthetic/field-specs.yaml`` (:data:`FIELD_SPECS_FILE`) gives the
first-party fields their plausible ranges (all [E]); its header lists the spec forms. A
third-party plugin's fields get theirs the same way: a file of the same format given as
``generate.py --specs FILE`` (``generate(extra_specs=…)``) is merged over it, each field's spec,
sector weight and rule replacing the bundled one. Such a file is checked as it is read: every
malformed spec is said at once (:class:`~villagescore.errors.DocumentError`), none is guessed.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from .errors import DocumentError, Problem, problem
from .i18n import N_
from .suggest import closest

__all__ = ["FIELD_SPECS_FILE", "fit_problems", "load_field_specs", "load_generator_rules", "merged_specs",
           "spec_problems"]

#: The value specs and sector weights of the generator (all [E]): a data file shipped with the
#: bundled datasets, ``datasets/synthetic/field-specs.yaml`` (its header lists the spec forms). A
#: field it does not list gets a spec from its type and range (:func:`villagescore.synthetic.default_spec`).
FIELD_SPECS_FILE = "synthetic/field-specs.yaml"

#: The keys of a field-specs file.
_KEYS = ("sector_weights", "specs", "by_province", "not_applicable")
#: The spec forms, as a problem's "allowed" says them.
_FORMS = N_("[u|log|int|intlog, low, high] (log: low > 0), [share|per, other field, low, high(, plus field)], "
            "[bool, p] (p from 0 to 1), [cat|choice, {{value: p, …}}]")


@functools.cache
def _field_specs_doc(path: str | None) -> dict[str, Any]:
    """The field-specs file as parsed, once per process (default: the bundled :data:`FIELD_SPECS_FILE`).

    Read as every villagescore file is (:func:`~villagescore.parsing.load_document`: an impossible
    date is text, not a ``ValueError``); a file given is checked as an extra one is: a malformed spec
    raises :class:`~villagescore.errors.DocumentError` listing every problem.
    """
    from .parsing import load_document

    if path is None:
        from . import bundled

        return load_document(bundled.path(FIELD_SPECS_FILE)) or {}
    doc = load_document(Path(path)) or {}
    found = spec_problems(doc, path)
    if found:
        raise DocumentError(found)
    return doc


@functools.cache
def load_field_specs(path: str | Path | None = None) -> tuple[dict[str, list], dict[str, float]]:
    """Return ``(specs by field id, sector weights)`` from the field-specs file.

    ``path`` defaults to the bundled ``datasets/synthetic/field-specs.yaml``
    (:data:`FIELD_SPECS_FILE`). Each spec is a list such as ``["u", 30, 100]`` or
    ``["cat", {"A": 0.2, "B": 0.8}]``; mappings keep the file's order.
    """
    doc = _field_specs_doc(None if path is None else str(path))
    specs = {str(k): list(v) for k, v in (doc.get("specs") or {}).items()}
    weights = {str(k): float(v) for k, v in (doc.get("sector_weights") or {}).items()}
    return specs, weights


@functools.cache
def load_generator_rules(path: str | Path | None = None) -> dict[str, dict]:
    """The rules between fields of the field-specs file: ``by_province`` and ``not_applicable``.

    ``by_province``: field id → {province: {category: probability}}, the field's categories drawn
    with its province's probabilities (the wage region). ``not_applicable``: field id →
    {other field: value}, the field left empty where the other field has that value (no new-rural
    status in a ward). Both empty when the file has none.
    """
    doc = _field_specs_doc(None if path is None else str(path))
    return {key: {str(k): dict(v) for k, v in (doc.get(key) or {}).items()}
            for key in ("by_province", "not_applicable")}


def merged_specs(specs: str | Path | None = None, extra: Iterable[str | Path] = (), *,
                 fields: Mapping[str, Any] | None = None, sectors: Collection[str] | None = None
                 ) -> tuple[dict[str, list], dict[str, float], dict[str, dict]]:
    """``(specs, sector weights, rules)`` of ``specs`` (default: the bundled file) with each ``extra`` file over it.

    A field, sector or rule an extra file names replaces the one before it; the others stay. An
    extra file with a malformed spec raises :class:`~villagescore.errors.DocumentError` listing
    every problem; with ``fields`` (id → :class:`~villagescore.Field`) and ``sectors``, so does one
    whose specs do not fit the fields generated (:func:`fit_problems`).
    """
    base, weights = load_field_specs(specs)
    out_specs, out_weights = dict(base), dict(weights)
    rules = {key: dict(table) for key, table in load_generator_rules(specs).items()}
    for path in extra:
        from .parsing import load_document

        doc = load_document(Path(path)) or {}
        found = spec_problems(doc, str(path))
        if not found and fields is not None:
            found = fit_problems(doc, str(path), fields, sectors if sectors is not None else ())
        if found:
            raise DocumentError(found)
        out_specs.update({str(k): list(v) for k, v in (doc.get("specs") or {}).items()})
        out_weights.update({str(k): float(v) for k, v in (doc.get("sector_weights") or {}).items()})
        for key in ("by_province", "not_applicable"):
            rules[key].update({str(k): dict(v) for k, v in (doc.get(key) or {}).items()})
    return out_specs, out_weights, rules


def spec_problems(doc: Any, name: str) -> list[Problem]:
    """Every problem of a field-specs document (its keys, each spec's form, the sector weights, the rule tables)."""
    if not isinstance(doc, Mapping):
        return [problem(name, "$", N_("a field-specs file is a mapping with the keys {keys}"),
                        params={"keys": ", ".join(_KEYS)})]
    out = [problem(name, f"$.{key}", N_("unknown key {key!r} of a field-specs file"), params={"key": key},
                   allowed=", ".join(_KEYS)) for key in doc if key not in _KEYS]
    for key in _KEYS:
        if doc.get(key) is not None and not isinstance(doc[key], Mapping):
            out.append(problem(name, f"$.{key}", N_("{key} is a mapping by id"), params={"key": key}))
    specs = doc.get("specs") if isinstance(doc.get("specs"), Mapping) else {}
    for field_id, spec in specs.items():
        if not _well_formed(spec):
            out.append(problem(name, f"$.specs.{field_id}", N_("{spec} is not a value spec"),
                               params={"spec": _written(spec)}, allowed=_FORMS))
    weights = doc.get("sector_weights") if isinstance(doc.get("sector_weights"), Mapping) else {}
    for sector, weight in weights.items():
        if not _number(weight) or weight < 0:
            out.append(problem(name, f"$.sector_weights.{sector}", N_("{value!r} is not a number ≥ 0"),
                               params={"value": weight}))
    for key, well_formed, template, allowed in _RULES:
        table = doc.get(key) if isinstance(doc.get(key), Mapping) else {}
        out += [problem(name, f"$.{key}.{field_id}", template, params={"rule": _written(rule)}, allowed=allowed)
                for field_id, rule in table.items() if not well_formed(rule)]
    return out


def _by_province_rule(rule: Any) -> bool:
    """``{province: {category: p, …}, …}``: each province's probabilities ≥ 0, some above 0."""
    return isinstance(rule, Mapping) and bool(rule) and all(
        isinstance(table, Mapping) and bool(table) and all(_number(p) and p >= 0 for p in table.values())
        and sum(table.values()) > 0 for table in rule.values())


def _not_applicable_rule(rule: Any) -> bool:
    """``{other field: value, …}``: the field is left empty where the other field has that value."""
    return isinstance(rule, Mapping) and bool(rule) and all(
        isinstance(other, str) and isinstance(value, (str, int, float)) for other, value in rule.items())


#: The rule tables: key, the form check, the problem and the form allowed.
_RULES = (
    ("by_province", _by_province_rule, N_("{rule} is not a by_province rule"),
     N_("{{province: {{category: p, …}}, …}} (p ≥ 0)")),
    ("not_applicable", _not_applicable_rule, N_("{rule} is not a not_applicable rule"),
     N_("{{other field: value, …}}")),
)

#: The field types each spec kind draws.
_KIND_TYPES = {"u": ("number", "integer"), "log": ("number", "integer"), "int": ("number", "integer"),
               "intlog": ("number", "integer"), "share": ("number", "integer"), "per": ("number", "integer"),
               "choice": ("number", "integer"), "bool": ("boolean",), "cat": ("category",)}


def fit_problems(doc: Mapping[str, Any], name: str, fields: Mapping[str, Any], sectors: Collection[str]
                 ) -> list[Problem]:
    """Every way a well-formed field-specs document does not fit the fields and sectors generated.

    A spec or rule of an unknown field, a kind that cannot draw the field's type, a category the
    field does not allow, another field named that is unknown, a sector weight of an unknown
    sector: each would be drawn wrong or silently ignored.
    """
    out: list[Problem] = []

    def field(ident: Any, where: str) -> Any:
        if ident in fields:
            return fields[ident]
        near = closest(str(ident), fields)
        out.append(problem(name, where, N_("unknown field {field!r}{hint}: no plugin generated declares it"),
                           params={"field": ident, "hint": _meant(near)}))
        return None

    def categories(fld: Any, values: Iterable[Any], where: str) -> None:
        unknown = [v for v in values if fld.categories and v not in fld.categories]
        out.extend(problem(name, where, N_("unknown category {value!r} of field {field!r}"),
                           params={"value": v, "field": fld.id}, allowed=", ".join(fld.categories)) for v in unknown)

    for field_id, spec in (doc.get("specs") or {}).items():
        where = f"$.specs.{field_id}"
        fld = field(field_id, where)
        if fld is None:
            continue
        kind = spec[0]
        if fld.type not in _KIND_TYPES[kind]:
            fitting = sorted(k for k, types in _KIND_TYPES.items() if fld.type in types)
            out.append(problem(name, where, N_("a {kind!r} spec cannot draw field {field!r} of type {type!r}"),
                               params={"kind": kind, "field": field_id, "type": fld.type},
                               allowed=", ".join(fitting) or "-"))
        elif kind == "cat":
            categories(fld, spec[1], where)
        for other in spec[1:2] + spec[4:5] if kind in ("share", "per") else ():
            field(other, where)
    for field_id, rule in (doc.get("by_province") or {}).items():
        where = f"$.by_province.{field_id}"
        fld = field(field_id, where)
        if fld is not None and fld.type != "category":
            out.append(problem(name, where, N_("a {kind!r} spec cannot draw field {field!r} of type {type!r}"),
                               params={"kind": "by_province", "field": field_id, "type": fld.type},
                               allowed="category"))
        elif fld is not None:
            categories(fld, sorted({c for table in rule.values() for c in table}), where)
    for field_id, rule in (doc.get("not_applicable") or {}).items():
        where = f"$.not_applicable.{field_id}"
        field(field_id, where)
        for other in rule:
            field(other, where)
    for sector in (doc.get("sector_weights") or {}):
        if sector not in sectors:
            out.append(problem(name, f"$.sector_weights.{sector}", N_("unknown sector {sector!r}{hint}"),
                               params={"sector": sector, "hint": _meant(closest(str(sector), sectors))},
                               allowed=", ".join(sorted(sectors))))
    return out


def _meant(near: str | None) -> Any:
    from .errors import SaidText, said

    return said(SaidText, N_(" (did you mean {name!r}?)"), name=near) if near else ""


def _written(value: Any) -> str:
    """``value`` as a YAML file writes it in flow style: ``[u, 0, 2025-02-28]``, not Python's ``repr``."""
    if isinstance(value, list):
        return "[" + ", ".join(map(_written, value)) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_written(k)}: {_written(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _well_formed(spec: Any) -> bool:
    """Whether ``spec`` is one of the forms the generator draws (``_FORMS``), its bounds in order."""
    if not isinstance(spec, list) or not spec:
        return False
    kind, rest = spec[0], spec[1:]
    if kind in ("u", "log", "int", "intlog"):
        return len(rest) == 2 and all(map(_number, rest)) and rest[0] <= rest[1] and (
            kind not in ("log", "intlog") or rest[0] > 0)
    if kind in ("share", "per"):
        return (len(rest) in (3, 4) and isinstance(rest[0], str) and all(map(_number, rest[1:3]))
                and rest[1] <= rest[2] and (len(rest) == 3 or isinstance(rest[3], str)))
    if kind == "bool":
        return len(rest) == 1 and _number(rest[0]) and 0 <= rest[0] <= 1
    if kind in ("cat", "choice"):
        table = rest[0] if len(rest) == 1 else None
        return (isinstance(table, Mapping) and bool(table) and all(_number(p) and p >= 0 for p in table.values())
                and sum(table.values()) > 0 and (kind == "cat" or all(_number(v) for v in table)))
    return False
