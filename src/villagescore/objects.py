"""The plain objects that plugins contribute through the hooks.

Every hook in :mod:`villagescore.hookspecs` returns a list of these. They are frozen
dataclasses: the core copies them into its registry (adding the name of the plugin that
gave each one) and never mutates them. This module imports neither pandas nor numpy, so a
plugin can be imported, listed and documented without paying for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - annotations only
    import numpy as np
    import pandas as pd

__all__ = [
    "Aggregator",
    "Field",
    "FrameworkSource",
    "Indicator",
    "Measure",
    "Reader",
    "Reference",
    "Reporter",
    "Scorer",
    "Sector",
    "FIELD_TYPES",
    "DIRECTIONS",
    "CONFIDENCE_LEVELS",
]

#: Types a raw field may have. ``boolean`` accepts 1/0, true/false, yes/no, có/không.
FIELD_TYPES = ("number", "integer", "boolean", "category", "text")
#: Direction of an indicator: which values are better.
DIRECTIONS = ("higher", "lower", "range", "boolean", "category")
#: How sure we are of a legal value or a citation (see ``docs/framework-format.md``).
CONFIDENCE_LEVELS = ("verified", "secondary", "unverified", "estimate")

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


def _check_id(kind: str, value: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        msg = (
            f"{kind} id {value!r} is not a valid id: use lower-case ASCII letters, digits, "
            "'_' and '.' (e.g. 'environment.wastewater_treated')"
        )
        raise ValueError(msg)


def _check_label(kind: str, ident: str, label: Any, name: str = "label") -> None:
    if not isinstance(label, Mapping) or not label.get("vi") or not label.get("en"):
        msg = f"{kind} {ident!r}: {name} must be a mapping with non-empty 'vi' and 'en' texts"
        raise ValueError(msg)


@dataclass(frozen=True)
class Reference:
    """A citation: a legal provision, a programme document or a published source.

    ``confidence`` says how the value or the provision was checked: ``verified`` (read in
    the primary text), ``secondary`` (read in a secondary source), ``unverified`` (from
    background knowledge; must be checked before a policy use) or ``estimate`` (a
    project judgement, not a fact).
    """

    document: str
    provision: str = ""
    column: str = ""
    parameter: str = ""
    value: float | str | None = None
    unit: str = ""
    valid_from: str | None = None
    valid_to: str | None = None
    confidence: str = "secondary"
    url: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.confidence not in CONFIDENCE_LEVELS:
            msg = f"reference {self.document!r}: confidence must be one of {CONFIDENCE_LEVELS}"
            raise ValueError(msg)

    def to_dict(self) -> dict[str, Any]:
        """Return the reference as a JSON-ready mapping, without empty entries."""
        out: dict[str, Any] = {"document": self.document}
        for key in ("provision", "column", "parameter", "value", "unit", "valid_from",
                    "valid_to", "confidence", "url", "note"):
            val = getattr(self, key)
            if val not in ("", None):
                out[key] = val
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reference:
        """Build a reference from a mapping (framework files store them that way)."""
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Field:
    """A raw datum collected about a village, i.e. one column of a dataset.

    ``minimum``/``maximum`` bound valid values (inclusive); ``categories`` lists the
    allowed values of a ``category`` field; ``not_greater_than`` names another field that
    this one may not exceed (e.g. craft households ≤ households).
    """

    id: str
    label: Mapping[str, str]
    type: str = "number"
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    categories: tuple[str, ...] = ()
    not_greater_than: str | None = None
    description: Mapping[str, str] | None = None
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id("field", self.id)
        _check_label("field", self.id, self.label)
        if self.type not in FIELD_TYPES:
            msg = f"field {self.id!r}: type {self.type!r} is not one of {FIELD_TYPES}"
            raise ValueError(msg)
        if self.type == "category" and not self.categories:
            msg = f"field {self.id!r}: a category field needs its categories"
            raise ValueError(msg)
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            msg = f"field {self.id!r}: minimum {self.minimum} is greater than maximum {self.maximum}"
            raise ValueError(msg)
        object.__setattr__(self, "categories", tuple(self.categories))


@dataclass(frozen=True)
class Indicator:
    """A measurable quantity computed from fields.

    ``compute`` receives the whole validated dataset (a :class:`pandas.DataFrame`, one row
    per village-year) and returns a :class:`pandas.Series` aligned with it: it works on
    whole columns, never one village at a time. When ``compute`` is ``None`` the
    indicator is the single field named in ``requires``.

    ``sectors`` lists the craft sectors the indicator applies to; empty means every
    village. ``scorer`` is the default scoring spec (``{"method": ..., "params": {...}}``)
    that a framework may override. ``pillar``/``criterion`` suggest a placement; the
    framework file decides. ``measures`` names cleaner-production measures (from
    :class:`Sector`) that improve the indicator. ``feasible`` bounds what an improvement
    plan may propose (defaults to the required field's range).
    """

    id: str
    label: Mapping[str, str]
    unit: str
    direction: str
    requires: tuple[str, ...]
    compute: Callable[[pd.DataFrame], pd.Series] | None = None
    sectors: tuple[str, ...] = ()
    scorer: Mapping[str, Any] | None = None
    pillar: str = ""
    criterion: str = ""
    code: str = ""
    references: tuple[Reference, ...] = ()
    measures: tuple[str, ...] = ()
    feasible: tuple[float, float] | None = None
    description: Mapping[str, str] | None = None
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id("indicator", self.id)
        _check_label("indicator", self.id, self.label)
        if self.direction not in DIRECTIONS:
            msg = f"indicator {self.id!r}: direction {self.direction!r} is not one of {DIRECTIONS}"
            raise ValueError(msg)
        object.__setattr__(self, "requires", tuple(self.requires))
        object.__setattr__(self, "sectors", tuple(self.sectors))
        object.__setattr__(self, "references", tuple(self.references))
        object.__setattr__(self, "measures", tuple(self.measures))
        if not self.requires:
            msg = f"indicator {self.id!r}: requires at least one field"
            raise ValueError(msg)
        if self.compute is None and len(self.requires) != 1:
            msg = f"indicator {self.id!r}: without compute it must require exactly one field"
            raise ValueError(msg)


@dataclass(frozen=True)
class Scorer:
    """A scoring method: maps indicator values onto 0–100.

    ``function(values, params)`` receives a float ``numpy`` array (NaN where missing) and
    the validated parameters, and returns an array of the same shape. ``params_schema``
    is a JSON Schema (draft 2020-12) for ``params``; framework loading checks every use.
    A parameter named ``limit`` is filled from the framework's ``threshold`` (a number
    or, for context-dependent thresholds, an array with one limit per village).
    """

    name: str
    function: Callable[[np.ndarray, Mapping[str, Any]], np.ndarray]
    params_schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})
    description: str = ""
    plugin: str = ""


@dataclass(frozen=True)
class Aggregator:
    """An aggregation rule: combines weighted child scores into one parent score.

    ``function(scores, weights)`` receives two ``(villages, children)`` float arrays:
    scores in [0, 100] (NaN where a child is absent) and effective weights (0 where a
    child is absent; rows need not sum to 1). It returns one score per village; a row
    whose weights are all 0 must give NaN.
    """

    name: str
    function: Callable[[np.ndarray, np.ndarray], np.ndarray]
    description: str = ""
    plugin: str = ""


@dataclass(frozen=True)
class Measure:
    """A cleaner-production measure that improves one or more indicators."""

    id: str
    label: Mapping[str, str]
    improves: tuple[str, ...]
    description: Mapping[str, str] | None = None
    references: tuple[Reference, ...] = ()

    def __post_init__(self) -> None:
        _check_id("measure", self.id)
        _check_label("measure", self.id, self.label)
        object.__setattr__(self, "improves", tuple(self.improves))
        object.__setattr__(self, "references", tuple(self.references))


@dataclass(frozen=True)
class Sector:
    """A craft sector (weaving, ceramics …) with the cleaner-production measures it knows."""

    id: str
    label: Mapping[str, str]
    description: Mapping[str, str] | None = None
    measures: tuple[Measure, ...] = ()
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id("sector", self.id)
        _check_label("sector", self.id, self.label)
        object.__setattr__(self, "measures", tuple(self.measures))


@dataclass(frozen=True)
class FrameworkSource:
    """A criteria-framework file shipped by a plugin (YAML or JSON)."""

    path: Any  # pathlib.Path or importlib.resources Traversable
    plugin: str = ""


@dataclass(frozen=True)
class Reader:
    """A dataset format: ``read(path)`` returns a :class:`villagescore.datasets.RawDataset`."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Any], Any]
    description: str = ""
    plugin: str = ""


@dataclass(frozen=True)
class Reporter:
    """An output format: ``render(result, lang)`` returns ``bytes`` (the file's content)."""

    name: str
    suffix: str
    render: Callable[[Any, str], bytes]
    description: str = ""
    binary: bool = False
    plugin: str = ""
