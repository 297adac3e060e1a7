"""Targets files: load, validate (``schemas/targets.schema.json``) and model them.

A file is YAML or JSON (``kind: villagescore-targets``), read as framework files are
(:mod:`villagescore.parsing`: YAML 1.2, no aliases or duplicate keys, at most 64 levels deep).
Every schema problem is collected and reported at once, with the JSON path of the offending
value, as for frameworks.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import Count, TargetsError, os_reason, problem
from ..i18n import N_
from ..reprs import counted, short_repr
from ..schema_messages import schema_problem
from ..unsafe_text import unsafe_text_problems

__all__ = ["Target", "TargetSet", "TargetsError", "load_targets", "shipped", "DEFAULT", "provision_text",
           "quantity_unit_text", "path_text", "ORDERING_OPS"]

#: The targets used when ``--targets`` is not given.
DEFAULT = "decision-801"
#: Largest targets file read (bytes).
MAX_BYTES = 2_000_000


def provision_text(source: Mapping[str, Any], lang: str) -> str:
    """A target's provision in ``lang``: ``{vi, en}``, or one text (the older form) as written."""
    from ..i18n import label

    value = source.get("provision") or ""
    return label(value, lang) if isinstance(value, Mapping) else str(value)


def decision_text(source: Mapping[str, Any], lang: str) -> str:
    """A target's decision (the act or programme that sets it) in ``lang``: ``{vi, en}``, or one text as written."""
    from ..i18n import label

    value = source.get("decision") or ""
    return label(value, lang) if isinstance(value, Mapping) else str(value)


def quantity_unit_text(unit: str | Mapping[str, str] | None, lang: str) -> str:
    """A target's quantity unit in ``lang``: ``{vi, en}``, or a unit translated like the frameworks' (``%/yr``)."""
    from ..i18n import label, unit_label

    if not unit:
        return ""
    return label(unit, lang) if isinstance(unit, Mapping) else unit_label(unit, lang)


@dataclass(frozen=True)
class Target:
    """One programme target (see ``schemas/targets.schema.json``)."""

    id: str
    label: Mapping[str, str]
    source: Mapping[str, Any]
    confidence: str
    year: int
    unit: str
    op: str
    value: float
    measure: Mapping[str, Any] | None
    scope: str = "province"
    base_year: int | None = None
    quantity_unit: str | Mapping[str, str] = ""
    measure_confidence: str | None = None
    missing: Mapping[str, str] | None = None
    note: Mapping[str, str] | None = None

    @property
    def is_share(self) -> bool:
        """True for percentages (0–100)."""
        return self.unit.startswith("share_of_")

    def __repr__(self) -> str:  # a notebook shows this, not the source and the measure
        return short_repr("Target", self.id, self.label, f"{self.year}: {self.op} {self.value:g} {self.unit}",
                          scope=self.scope)

    def reached(self, measured: float) -> bool:
        """Whether ``measured`` meets the target."""
        return {">=": measured >= self.value, ">": measured > self.value,
                "<=": measured <= self.value, "<": measured < self.value}[self.op]

    def gap(self, measured: float) -> float:
        """How far ``measured`` is from the target, in the target's unit (0 when reached).

        For ``>`` and ``<`` a value exactly at the target is not reached, with a gap of 0: the shortfall
        is more than the gap (the reading tables write it ``> 0.0``).
        """
        if self.reached(measured):
            return 0.0
        return abs(self.value - measured)

    def to_dict(self) -> dict[str, Any]:
        """The target as written in a report."""
        return {"id": self.id, "label": dict(self.label), "source": json.loads(json.dumps(self.source)),
                "confidence": self.confidence, "year": self.year, "unit": self.unit, "op": self.op,
                "quantity_unit": (dict(self.quantity_unit) if isinstance(self.quantity_unit, Mapping)
                                  else self.quantity_unit or None),
                "value": self.value, "base_year": self.base_year, "scope": self.scope,
                "measure": None if self.measure is None else json.loads(json.dumps(self.measure)),
                "measure_confidence": self.measure_confidence,
                "missing": None if self.missing is None else dict(self.missing),
                "note": None if self.note is None else dict(self.note)}


@dataclass(frozen=True)
class TargetSet:
    """The targets of one file."""

    id: str
    title: Mapping[str, str]
    source: Mapping[str, Any]
    targets: tuple[Target, ...]
    path: str
    version: str = ""
    note: Mapping[str, str] | None = None
    #: sha256 of the targets file's bytes (the report's provenance of its targets)
    sha256: str = ""

    def __repr__(self) -> str:  # a notebook shows this, not every target
        return short_repr("TargetSet", self.id, self.title, counted(len(self.targets), "target"),
                          version=self.version, path=self.path)


def shipped() -> dict[str, Path]:
    """The targets files shipped with villagescore, by id."""
    folder = files("villagescore.targets.programmes")
    return {p.name.removesuffix(".yaml"): Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml")}


def _read(path: Path) -> tuple[Any, bytes]:
    """The document of a targets file and the bytes it was read from (read once: the hash must be of what was read)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TargetsError([problem(str(path), "", N_("file too large ({size} bytes; at most {most})"),
                                        params={"size": Count(size), "most": Count(MAX_BYTES)})])
        data = path.read_bytes()
        # as read_text reads it: the BOM dropped, every line break a "\n"
        text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except OSError as exc:
        raise TargetsError([problem(str(path), "", N_("cannot read: {reason}"),
                                    params={"reason": os_reason(exc)})]) from None
    except UnicodeDecodeError as exc:
        raise TargetsError([problem(str(path), "", N_("not UTF-8 text ({reason})"),
                                    params={"reason": exc.reason})]) from None
    from ..errors import DocumentError
    from ..parsing import parse_text

    try:  # as frameworks are read: strict YAML 1.2 or JSON, nested at most 64 levels, no aliases, no duplicate key
        return parse_text(text, name=str(path), kind=_kind(path)), data
    except DocumentError as exc:
        raise TargetsError(exc.problems) from None


def _kind(path: Path) -> str:
    """How a targets file is read: ``json`` by its suffix, else ``yaml`` (the same bytes may read otherwise)."""
    return "json" if path.suffix.lower() == ".json" else "yaml"


def path_text(path: Any) -> str:
    """A JSON path as problems write it: ``$.targets[0].measure``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


#: The ops that compare with a number (the schema refuses any other value with them).
ORDERING_OPS = (">=", ">", "<=", "<")


def _where(doc: Any, path: Any) -> str:
    """The JSON path of a value, with the id of the target it is in (``$.targets[0].op (target t1)``)."""
    parts = list(path)
    where = path_text(parts)
    if len(parts) >= 2 and parts[0] == "targets" and isinstance(parts[1], int):  # noqa: PLR2004 - targets, index
        target = doc["targets"][parts[1]]
        if isinstance(target, Mapping) and isinstance(target.get("id"), str) and target["id"]:
            where += f" (target {target['id']})"
    return where


def _schema_problem(file: str, doc: Any, err: Any) -> Any:
    """The problem of schema error ``err``; a condition's value with ``>=``, ``>``, ``<=``, ``<`` says why a number."""
    from ..schema_messages import shown

    where = _where(doc, err.absolute_path)
    path = list(err.absolute_path)
    if path and path[-1] == "value" and err.validator == "type" and err.validator_value == "number":
        condition = _at(doc, path[:-1])
        if isinstance(condition, Mapping) and condition.get("op") in ORDERING_OPS:
            return problem(file, where, N_("{value} is not a number: {op} compares with a number"),
                           params={"value": shown(err.instance), "op": condition["op"]},
                           allowed=N_("a number; ==, != or in to compare with a text or a yes/no"))
    return schema_problem(file, where, err)


def _non_finite(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], float]]:
    """The path and value of each number that is not finite (YAML's ``.nan``, ``.inf``)."""
    if isinstance(doc, float) and not math.isfinite(doc):
        return [(path, doc)]
    if isinstance(doc, Mapping):
        return [found for k, v in doc.items() for found in _non_finite(v, (*path, k))]
    if isinstance(doc, list):
        return [found for k, v in enumerate(doc) for found in _non_finite(v, (*path, k))]
    return []


def _non_finite_problems(file: str, doc: Any) -> list[Any]:
    """A problem for each number that is not finite: no target, threshold or year is one."""
    return [problem(file, _where(doc, path), N_("{value} is not a number a target can use: write a finite number"),
                    params={"value": ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")})
            for path, value in _non_finite(doc)]


def _at(doc: Any, path: list[Any]) -> Any:
    for part in path:
        try:
            doc = doc[part]
        except (KeyError, IndexError, TypeError):
            return None
    return doc


def load_targets(spec: str | Path | None, *, registry: Any = None, framework: Any = None) -> TargetSet:
    """Load a targets file: a path, or the id of a shipped file (default :data:`DEFAULT`).

    Each condition's value is read against its field as a dataset's cell is (a category's label
    as its code, ``yes``/``có``/``true`` as 1: :mod:`villagescore.targets.conditions`), with the
    fields of ``registry`` (by default :func:`villagescore.api.default_registry`, the installed
    plugins) and, with ``framework``, those the framework file declares itself; a value that is no
    value of its field is a problem. Raises :class:`TargetsError` listing every problem of an
    invalid file, the schema's and the conditions' at once.
    """
    import hashlib

    from .. import cache
    from ..schemas import schema_text, validator

    known = shipped()
    if spec is None or str(spec) in known:
        path = known[DEFAULT if spec is None else str(spec)]
    else:
        path = Path(spec)
        if not path.is_file():
            raise TargetsError([problem(str(path), "", N_("{path}: no such targets file, and not the id of a shipped "
                                                          "one (shipped: {known})"),
                                        params={"path": path, "known": ", ".join(sorted(known))})])
    doc, data = _read(path)
    if not isinstance(doc, dict):  # e.g. a dataset given as targets: never echo its content
        raise TargetsError([problem(str(path), "$", N_("a targets file must be a YAML or JSON mapping (kind, id, "
                                                       "targets …); this file is not one"))])
    digest = hashlib.sha256(data).hexdigest()
    schema, checked = schema_text("targets"), f"targets-{_kind(path)}"
    registry = _default_registry() if registry is None else registry
    if framework is not None:
        from .conditions import with_framework_fields

        registry = with_framework_fields(registry, framework)
    # the same bytes read the same way were found valid before (its numbers still looked at: never float("2:30"))
    if not (cache.known_valid(checked, schema, digest) and _numbers_are_numbers(doc)):
        errors = list(validator("targets").iter_errors(doc))
        unsafe = unsafe_text_problems(doc, str(path))
        places = {p.where for p in unsafe}  # a text refused for its characters is not said again by the schema
        problems = unsafe + [p for p in [_schema_problem(str(path), doc, e) for e in errors] if p.where not in places]
        problems += _non_finite_problems(str(path), doc)
        if problems:
            raise TargetsError(sorted(problems + _problems_of_the_valid_targets(str(path), doc, errors, registry),
                                      key=_natural))
        cache.remember_valid(checked, schema, digest)
    ids = [t["id"] for t in doc["targets"]]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise TargetsError([problem(str(path), "$.targets", N_("duplicate target id(s): {ids}"),
                                    params={"ids": ", ".join(dupes)})])
    loaded = TargetSet(doc["id"], doc["title"], doc["source"], tuple(_target(t) for t in doc["targets"]), str(path),
                       str(doc.get("version", "")), doc.get("note"), digest)
    from .conditions import resolve_conditions

    return resolve_conditions(loaded, registry)


def _numbers_are_numbers(doc: Mapping[str, Any]) -> bool:
    """Whether each target's ``value``, ``year`` and ``base_year`` were read as numbers (else the schema says where)."""
    entries = doc.get("targets")
    return isinstance(entries, list) and all(
        isinstance(t, dict) and all(type(t.get(key)) in (int, float) for key in ("value", "year"))
        and type(t.get("base_year", 0)) in (int, float) for t in entries)


def _default_registry() -> Any:
    from ..api import default_registry

    return default_registry()


def _target(t: Mapping[str, Any]) -> Target:
    """The target of an entry of a file's ``targets`` that its schema accepts."""
    return Target(
        id=t["id"], label=t["label"], source=t["source"], confidence=t["confidence"], year=int(t["year"]),
        unit=t["unit"], op=t["op"], value=float(t["value"]), measure=t["measure"], scope=t.get("scope", "province"),
        base_year=t.get("base_year"), quantity_unit=t.get("quantity_unit", ""),
        measure_confidence=t.get("measure_confidence"), missing=t.get("missing"), note=t.get("note"),
    )


def _problems_of_the_valid_targets(file: str, doc: Any, errors: list[Any], registry: Any) -> list[Any]:
    """The condition problems of the targets the schema accepted, said with the schema's problems (one round)."""
    from .conditions import resolved_targets

    entries = doc.get("targets")
    if not isinstance(entries, list):
        return []
    paths = [list(e.absolute_path) for e in errors] + [list(p) for p, _ in _non_finite(doc)]
    refused = {p[1] for p in paths if len(p) >= 2 and p[0] == "targets"}  # noqa: PLR2004 - targets, index
    valid = ((k, _target(t)) for k, t in enumerate(entries) if k not in refused)
    return resolved_targets(valid, registry, file)[1]


def _natural(found: Any) -> list[Any]:
    """A problem's place sorted as people count: ``targets[2]`` before ``targets[10]``."""
    parts = re.split(r"([0-9]+)", found.where)  # text, digits, text …: the digits at the odd places
    return [int(part) if k % 2 else part for k, part in enumerate(parts)]
