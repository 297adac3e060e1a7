"""The value specs of the synthetic generator: the bundled field-specs file and the files merged over it.

The bundled ``datasets/synthetic/field-specs.yaml`` (:data:`FIELD_SPECS_FILE`) gives the
first-party fields their plausible ranges (all [E]); its header lists the spec forms. A
third-party plugin's fields get theirs the same way: a file of the same format given as
``generate.py --specs FILE`` (``generate(extra_specs=…)``) is merged over it, each field's spec,
sector weight and rule replacing the bundled one. Such a file is checked as it is read: every
malformed spec is said at once (:class:`~villagescore.errors.DocumentError`), none is guessed.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .errors import DocumentError, Problem, problem
from .i18n import N_

__all__ = ["FIELD_SPECS_FILE", "load_field_specs", "load_generator_rules", "merged_specs", "spec_problems"]

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
    """The field-specs file as parsed, once per process (default: the bundled :data:`FIELD_SPECS_FILE`)."""
    import yaml

    if path is None:
        from . import bundled

        path = str(bundled.path(FIELD_SPECS_FILE))
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


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


def merged_specs(specs: str | Path | None = None, extra: Iterable[str | Path] = ()
                 ) -> tuple[dict[str, list], dict[str, float], dict[str, dict]]:
    """``(specs, sector weights, rules)`` of ``specs`` (default: the bundled file) with each ``extra`` file over it.

    A field, sector or rule an extra file names replaces the one before it; the others stay. An
    extra file with a malformed spec raises :class:`~villagescore.errors.DocumentError` listing
    every problem.
    """
    base, weights = load_field_specs(specs)
    out_specs, out_weights = dict(base), dict(weights)
    rules = {key: dict(table) for key, table in load_generator_rules(specs).items()}
    for path in extra:
        from .parsing import load_document

        doc = load_document(Path(path)) or {}
        found = spec_problems(doc, str(path))
        if found:
            raise DocumentError(found)
        out_specs.update({str(k): list(v) for k, v in (doc.get("specs") or {}).items()})
        out_weights.update({str(k): float(v) for k, v in (doc.get("sector_weights") or {}).items()})
        for key in ("by_province", "not_applicable"):
            rules[key].update({str(k): dict(v) for k, v in (doc.get(key) or {}).items()})
    return out_specs, out_weights, rules


def spec_problems(doc: Any, name: str) -> list[Problem]:
    """Every problem of a field-specs document (its keys, each spec's form, the sector weights)."""
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
                               params={"spec": repr(spec)}, allowed=_FORMS))
    weights = doc.get("sector_weights") if isinstance(doc.get("sector_weights"), Mapping) else {}
    for sector, weight in weights.items():
        if not _number(weight) or weight < 0:
            out.append(problem(name, f"$.sector_weights.{sector}", N_("{value!r} is not a number ≥ 0"),
                               params={"value": weight}))
    return out


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
