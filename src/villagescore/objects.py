"""The plain objects that plugins contribute through the hooks.

Every hook in :mod:`villagescore.hookspecs` returns a list of these. They are frozen
dataclasses: the core copies them into its registry (adding the name of the plugin that
gave each one) and never mutates them. This module imports neither pandas nor numpy, so a
plugin can be imported, listed and documented without paying for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
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
    "Limit",
    "Measure",
    "QuasiMean",
    "Reader",
    "Reference",
    "Regulation",
    "Reporter",
    "Scorer",
    "Sector",
    "SectorCriterion",
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

    A regulation is cited by its id (``regulation="lep-2020"``, declared once by a
    :class:`Regulation`); the document, its validity and its sources then come from that
    declaration. ``limit`` cites one of that regulation's limits: its parameter, value(s),
    unit and column then come from the declaration too, so a value is never written twice.
    Any other source is cited by ``document``. ``confidence`` says how the
    value or the provision was checked: ``verified`` (read in the primary text),
    ``secondary`` (read in a secondary source), ``unverified`` (from background knowledge;
    must be checked before a policy use) or ``estimate`` (a project judgement, not a fact).
    """

    document: str = ""
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
    regulation: str = ""
    limit: str = ""

    def __post_init__(self) -> None:
        if self.limit and not self.regulation:
            msg = f"reference {self.document!r}: 'limit' cites a limit of a regulation: give 'regulation' too"
            raise ValueError(msg)
        if not self.document and not self.regulation:
            msg = "a reference needs a 'document' or the id of a 'regulation'"
            raise ValueError(msg)
        if self.confidence not in CONFIDENCE_LEVELS:
            msg = f"reference {self.document or self.regulation!r}: confidence must be one of {CONFIDENCE_LEVELS}"
            raise ValueError(msg)

    def to_dict(self) -> dict[str, Any]:
        """Return the reference as a JSON-ready mapping, without empty entries."""
        out: dict[str, Any] = {"regulation": self.regulation} if self.regulation else {}
        if self.limit:
            out["limit"] = self.limit
        if self.document:
            out["document"] = self.document
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
    and ``threshold`` the default legal limit (``{"regulation": id, "limit": id}``, or
    ``{"versions": [...]}`` when successive regulation versions apply); a framework may
    override both. ``measures`` names cleaner-production measures (from :class:`Sector`)
    that improve the indicator. ``feasible`` bounds what an improvement plan may propose
    (defaults to the required field's range).

    Placement: a framework that lists the indicator places it itself. An indicator of a
    sector (non-empty ``sectors``) also joins, on its own, every framework whose pillar
    ``pillar`` accepts sector criteria: it is scored in the sector criterion
    ``criterion`` (declared by :class:`SectorCriterion` for its label) with ``weight``
    among that criterion's indicators (``rationale`` says why).
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
    weight: float = 1.0
    rationale: str = ""
    threshold: Mapping[str, Any] | None = None
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
        if isinstance(self.weight, bool) or not isinstance(self.weight, int | float) or not self.weight >= 0:
            msg = f"indicator {self.id!r}: weight must be a number ≥ 0, got {self.weight!r}"
            raise ValueError(msg)


@dataclass(frozen=True)
class Scorer:
    """A scoring method: maps indicator values onto 0–100.

    ``function(values, params)`` receives a float ``numpy`` array (NaN where missing) and
    the validated parameters, and returns an array of the same shape. ``params_schema``
    is a JSON Schema (draft 2020-12) for ``params``; framework loading checks every use.
    A parameter named ``limit`` is filled from the framework's ``threshold`` (a number
    or, for context-dependent thresholds, an array with one limit per village).

    Optional capabilities, used by the core for every scorer alike:

    ``check(params, field)``
        Problems the schema cannot express (band edges out of order …), as a list of
        ``(parameter path, message)``; ``field`` is the indicator's one field when it has
        no ``compute`` (else ``None``). Reported by ``validate`` with the JSON path.
    ``nan_preserving``
        ``True`` when a missing value (NaN) always scores NaN, so the engine need not mask
        missing values again.
    ``breakpoints(params)``
        Indicator values at which the score changes (band edges, goalposts, the limit times
        the ratio edges; ``limit`` is one number here). Improvement plans try them, besides a
        grid, to find the smallest change that reaches each higher score level.
    ``perturb(params, factor)``
        The parameters with the scorer's thresholds moved by ``factor``: a float array
        with one factor (around 1) per value that ``function`` is then called with. A
        legal limit, a band edge or a goalpost ``t`` becomes ``t · factor``, one threshold
        per value (band edges: an array with one row per value). ``function`` must accept
        what it returns. The sensitivity analysis moves thresholds this way (its
        ``thresholds`` group); a scorer without ``perturb`` keeps its thresholds there.
    """

    name: str
    function: Callable[[np.ndarray, Mapping[str, Any]], np.ndarray]
    params_schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})
    description: str = ""
    check: Callable[[Mapping[str, Any], Field | None], list[tuple[str, str]]] | None = None
    nan_preserving: bool = False
    breakpoints: Callable[[Mapping[str, Any]], Sequence[float]] | None = None
    perturb: Callable[[Mapping[str, Any], np.ndarray], dict[str, Any]] | None = None
    plugin: str = ""


@dataclass(frozen=True)
class QuasiMean:
    """Declares an aggregator a weighted quasi-arithmetic mean: ``f⁻¹(Σ wᵢ·f(sᵢ) / Σ wᵢ)``.

    ``forward`` is ``f`` (``None``: the identity, i.e. the weighted arithmetic mean) and
    ``inverse`` its inverse; both take and return float arrays. ``zero_absorbs`` says that a
    counted child at 0 makes the mean 0 (``f(0) = -∞``, as for the geometric mean with
    ``f = log``). The engine, the sensitivity analysis and the improvement planner then
    compute the rule child column by child column and fold it into matrix products, for any
    aggregator that declares it, first-party or not.
    """

    forward: Callable[[np.ndarray], np.ndarray] | None = None
    inverse: Callable[[np.ndarray], np.ndarray] | None = None
    zero_absorbs: bool = False

    @property
    def linear(self) -> bool:
        """True for the weighted arithmetic mean (``f`` is the identity)."""
        return self.forward is None


@dataclass(frozen=True)
class Aggregator:
    """An aggregation rule: combines weighted child scores into one parent score.

    ``function(scores, weights)`` receives two ``(villages, children)`` float arrays:
    scores in [0, 100] (NaN where a child is absent) and effective weights (0 where a
    child is absent; rows need not sum to 1). It returns one score per village; a row
    whose weights are all 0 must give NaN.

    Optional capabilities, used by the core for every aggregator alike:

    ``mean``
        A :class:`QuasiMean`: the rule is a weighted quasi-arithmetic mean, computed
        column by column and in batches without calling ``function``.
    ``reduce``
        A binary numpy ufunc (e.g. ``numpy.minimum``): the rule is that reduction over the
        children that count (present, with positive weight), whatever their weights.
    ``interchangeable``
        Names of rules that a sensitivity analysis may use in this one's place (e.g. the
        arithmetic and the geometric means for each other).
    """

    name: str
    function: Callable[[np.ndarray, np.ndarray], np.ndarray]
    description: str = ""
    mean: QuasiMean | None = None
    reduce: Any = None
    interchangeable: tuple[str, ...] = ()
    plugin: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "interchangeable", tuple(self.interchangeable))


@dataclass(frozen=True)
class Measure:
    """A cleaner-production measure that improves one or more indicators.

    ``sectors`` lists the craft sectors whose villages the measure applies to; an
    improvement plan proposes it only to villages of one of them. Empty means the sector
    that carries the measure (:attr:`Sector.measures`).
    """

    id: str
    label: Mapping[str, str]
    improves: tuple[str, ...]
    description: Mapping[str, str] | None = None
    references: tuple[Reference, ...] = ()
    sectors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_id("measure", self.id)
        _check_label("measure", self.id, self.label)
        object.__setattr__(self, "improves", tuple(self.improves))
        object.__setattr__(self, "references", tuple(self.references))
        object.__setattr__(self, "sectors", tuple(self.sectors))


@dataclass(frozen=True)
class SectorCriterion:
    """A criterion of a sector within one pillar (e.g. weaving's "dye-house effluent" under environment).

    The sector's indicators name it in :attr:`Indicator.criterion`. ``weight`` splits the
    sector's share of the pillar between its criteria in that pillar (see
    ``docs/scoring.md``, "Sector criteria").
    """

    id: str
    pillar: str
    label: Mapping[str, str]
    weight: float = 1.0
    rationale: str = ""

    def __post_init__(self) -> None:
        _check_id("criterion", self.id)
        _check_label("criterion", self.id, self.label)
        if isinstance(self.weight, bool) or not isinstance(self.weight, int | float) or not self.weight > 0:
            msg = f"criterion {self.id!r}: weight must be a number > 0, got {self.weight!r}"
            raise ValueError(msg)


@dataclass(frozen=True)
class Sector:
    """A craft sector (weaving, ceramics …) with its cleaner-production measures and criteria."""

    id: str
    label: Mapping[str, str]
    description: Mapping[str, str] | None = None
    measures: tuple[Measure, ...] = ()
    criteria: tuple[SectorCriterion, ...] = ()
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id("sector", self.id)
        _check_label("sector", self.id, self.label)
        object.__setattr__(self, "measures", tuple(self.measures))
        object.__setattr__(self, "criteria", tuple(self.criteria))


@dataclass(frozen=True)
class Limit:
    """One limit a regulation sets (e.g. COD of industrial effluent), cited as ``(regulation, id)``.

    Either one ``value``, or ``by_field`` with ``values``: the limit depends on a category
    field of the village (discharge column A/B, noise area type); each entry of
    ``values`` is ``{"value": number}`` with optional ``column``, ``provision``,
    ``confidence`` and ``note``.
    """

    id: str
    parameter: str
    unit: str
    confidence: str
    provision: str = ""
    column: str = ""
    value: float | None = None
    by_field: str | None = None
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        if (self.value is None) == (self.by_field is None):
            msg = f"limit {self.id!r}: give either 'value', or 'by_field' with 'values'"
            raise ValueError(msg)
        if self.confidence not in CONFIDENCE_LEVELS:
            msg = f"limit {self.id!r}: confidence must be one of {CONFIDENCE_LEVELS}"
            raise ValueError(msg)


@dataclass(frozen=True)
class Regulation:
    """A version of a regulation (a QCVN, a decree, a law), declared once and cited by ``id``.

    ``valid_from``/``valid_to`` (ISO dates, inclusive) bound when it is in force;
    ``limits`` are the values it sets that thresholds cite. ``transition`` states a
    transitional rule as data: ``{"until": date, "field": id, "provision": …, "confidence": …,
    "note": …}`` — after ``valid_to`` and up to ``until``, the version still applies to the
    village-years whose boolean ``field`` is yes (e.g. facilities operating or permitted before
    its successor took effect).
    """

    id: str
    document: str
    confidence: str
    title: Mapping[str, str] | None = None
    issuing_act: str = ""
    valid_from: str | None = None
    valid_to: str | None = None
    replaces: tuple[str, ...] = ()
    replaced_by: str | None = None
    sources: tuple[str, ...] = ()
    note: str = ""
    limits: tuple[Limit, ...] = ()
    transition: Mapping[str, Any] | None = None
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id("regulation", self.id.replace("-", "_"))
        if self.transition is not None and not {"until", "field"} <= set(self.transition):
            msg = f"regulation {self.id!r}: a transition needs 'until' (a date) and 'field' (a boolean field)"
            raise ValueError(msg)
        if self.confidence not in CONFIDENCE_LEVELS:
            msg = f"regulation {self.id!r}: confidence must be one of {CONFIDENCE_LEVELS}"
            raise ValueError(msg)
        for key in ("replaces", "sources", "limits"):
            object.__setattr__(self, key, tuple(getattr(self, key)))

    def limit(self, ident: str) -> Limit:
        """Return the limit ``ident`` (``KeyError`` when the regulation sets no such limit)."""
        for item in self.limits:
            if item.id == ident:
                return item
        raise KeyError(ident)


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
    """An output format: ``render(result, lang)`` returns ``bytes`` (the file's content).

    Optional capabilities: ``write(result, lang, handle)`` writes the same content to a
    binary handle as it is produced (commands use it for files and standard output, so a
    large output is never held whole); ``preflight(rows, framework)`` is called before any
    reading or scoring with an upper bound of the village-years to write and raises
    :class:`~villagescore.errors.OutputError` when the format cannot hold them.
    """

    name: str
    suffix: str
    render: Callable[[Any, str], bytes]
    description: str = ""
    binary: bool = False
    plugin: str = ""
    write: Callable[..., None] | None = None
    preflight: Callable[[int, Any], None] | None = None
