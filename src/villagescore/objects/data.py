"""What a village is measured by: references (citations), fields (dataset columns) and indicators."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from ..i18n import N_, label
from ..reprs import shown_by
from .checks import (
    CONFIDENCE_LEVELS,
    DIRECTIONS,
    FIELD_TYPES,
    RESERVED_NODE_IDS,
    _check_id,
    _check_label,
    _keep_unshown,
    _set_prose,
    _set_text,
    _set_tuple,
    refused,
)

if TYPE_CHECKING:  # pragma: no cover - annotations only
    import pandas as pd


@shown_by("regulation", "limit", "document", "provision", "confidence")
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
    Left out (``""``), a cited regulation's or limit's own confidence applies, and a document
    is ``secondary``. ``document``, ``provision``, ``column``, ``parameter`` and ``note`` are one
    string or ``{vi, en}`` (words read in the reader's language: ``column={"vi": "theo loại khu vực",
    "en": "by area type"}``; a symbol such as ``"COD"`` stays one string); a reference is hashable either way.
    """

    document: str | Mapping[str, str] = ""
    provision: str | Mapping[str, str] = ""
    column: str | Mapping[str, str] = ""
    parameter: str | Mapping[str, str] = ""
    value: float | str | None = None
    unit: str = ""
    valid_from: str | None = None
    valid_to: str | None = None
    confidence: str = ""
    url: str = ""
    note: str | Mapping[str, str] = ""
    regulation: str = ""
    limit: str = ""

    def __post_init__(self) -> None:
        ident = label(self.document, "en")  # what an error names it by
        for key in ("document", "provision", "column", "parameter", "note"):
            _set_prose(self, key, "reference", ident or self.regulation)
        if self.limit and not self.regulation:
            raise refused(N_("{kind} {id!r}: 'limit' cites a limit of a regulation: give 'regulation' too"),
                          "reference", ident)
        if not self.document and not self.regulation:
            raise refused(N_("a reference needs a 'document' or the id of a 'regulation'"), "reference", "")
        if self.confidence and self.confidence not in CONFIDENCE_LEVELS:
            raise refused(N_("{kind} {id!r}: confidence must be one of {allowed}"), "reference",
                          ident or self.regulation, allowed=", ".join(CONFIDENCE_LEVELS))

    def __hash__(self) -> int:
        # the generated hash would hash a {vi, en} text as a dict: hash its items instead (equality is unchanged)
        return hash(tuple(tuple(sorted(v.items())) if isinstance(v, Mapping) else v
                          for v in (getattr(self, f.name) for f in fields(self))))

    def to_dict(self) -> dict[str, Any]:
        """Return the reference as a JSON-ready mapping, without empty entries.

        A document without a confidence is ``secondary``; a cited regulation without one gets
        its declaration's when the framework is resolved.
        """
        out: dict[str, Any] = {"regulation": self.regulation} if self.regulation else {}
        if self.limit:
            out["limit"] = self.limit
        if self.document:
            out["document"] = dict(self.document) if isinstance(self.document, Mapping) else self.document
        for key in ("provision", "column", "parameter", "value", "unit", "valid_from",
                    "valid_to", "confidence", "url", "note"):
            val = getattr(self, key)
            if key == "confidence" and not val and not self.regulation:
                val = "secondary"
            if val not in ("", None):
                out[key] = dict(val) if isinstance(val, Mapping) else val
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reference:
        """Build a reference from a mapping (framework files store them that way)."""
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@shown_by("type", "unit", "plugin")
@dataclass(frozen=True)
class Field:
    """A raw datum collected about a village, i.e. one column of a dataset.

    ``minimum``/``maximum`` bound valid values (inclusive); ``categories`` lists the
    allowed values of a ``category`` field; ``not_greater_than`` names another field that
    this one may not exceed (e.g. craft households ≤ households).

    Optional text for the people who collect the data: ``category_labels`` maps each
    category to the words a person reads (``{"special": {"vi": "đặc biệt", "en":
    "special"}}``: the survey's dropdowns show them and a reader accepts them as the
    code); ``guidance`` says how to collect the value — what to measure, where, how, the
    unit and an example — as ``{"vi": ..., "en": ..., "source": ...}``, where ``source``
    names the method's regulation or document, or is ``"[E]"`` for the project's advice.

    Rules a reader applies to a row: ``category_dates`` maps a category to the days it exists
    (``{"modern": {"from": "2026-02-15"}}``; a value outside them on the row's reference date
    is refused); ``not_applicable_when`` (``{"field": <a category field>, "values": ["ward"]}``)
    says where the field does not apply: a value there is refused, and the indicators that
    require the field are not applicable in that row.
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
    guidance: Mapping[str, str] | None = None
    category_labels: Mapping[str, Mapping[str, str]] | None = None
    category_dates: Mapping[str, Mapping[str, str]] | None = None
    not_applicable_when: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        _check_id("field", self.id)
        _set_text(self, "label", "field", self.id)
        _set_text(self, "description", "field", self.id, optional=True)
        if self.type not in FIELD_TYPES:
            raise refused(N_("{kind} {id!r}: type {type!r} is not one of {allowed}"), "field", self.id,
                          type=self.type, allowed=", ".join(FIELD_TYPES))
        if self.type == "category" and not self.categories:
            raise refused(N_("{kind} {id!r}: a category field needs its categories"), "field", self.id)
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise refused(N_("{kind} {id!r}: minimum {minimum} is greater than maximum {maximum}"), "field", self.id,
                          minimum=self.minimum, maximum=self.maximum)
        _set_tuple(self, "categories", "field", self.id)
        if self.guidance is not None:
            _set_text(self, "guidance", "field", self.id)
            if not str(self.guidance.get("source") or "").strip():
                raise refused(N_("{kind} {id!r}: guidance needs a 'source': the method's regulation or document, "
                                 "or '[E]' for the project's advice"), "field", self.id)
        if self.category_labels is not None:
            unknown = [k for k in self.category_labels if k not in self.categories]
            if unknown:
                raise refused(N_("{kind} {id!r}: category_labels name values that are not among its categories: "
                                 "{unknown} (categories: {categories})"), "field", self.id,
                              unknown=", ".join(map(repr, unknown)), categories=", ".join(self.categories) or "—")
            object.__setattr__(self, "category_labels", {code: _check_label("field", self.id, text,
                                                                           f"category_labels[{code!r}]")
                                                         for code, text in self.category_labels.items()})
        if self.category_dates is not None:
            _check_category_dates(self)
        if self.not_applicable_when is not None:
            rule = self.not_applicable_when
            object.__setattr__(self, "not_applicable_when", {"field": str(rule["field"]),
                                                             "values": tuple(rule["values"])})

    def categories_on(self, day: str) -> tuple[str, ...]:
        """The categories that exist on ``day`` (``YYYY-MM-DD``), in declared order (:attr:`category_dates`)."""
        spans = self.category_dates or {}
        return tuple(c for c in self.categories if c not in spans or
                     spans[c].get("from", "") <= day <= (spans[c].get("to") or "9999-12-31"))

    def category_label(self, code: str, lang: str) -> str:
        """The words a person reads for category ``code`` in ``lang`` (the code itself when it has none)."""
        text = (self.category_labels or {}).get(code)
        return (text.get(lang) or text.get("en") or code) if text else code


@shown_by("unit", "scorer", "criterion", "plugin")
@dataclass(frozen=True)
class Indicator:
    """A measurable quantity computed from fields.

    ``compute`` receives the whole validated dataset (a :class:`pandas.DataFrame`, one row
    per village-year) and returns a :class:`pandas.Series` aligned with it: it works on
    whole columns, never one village at a time. The Series is matched to the rows by its
    index (another order is put back; other labels are an error); a numpy array is taken by
    position. When ``compute`` is ``None`` the indicator is the single field named in
    ``requires``.

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
        _set_text(self, "label", "indicator", self.id)
        _keep_unshown(self, "description")  # no report shows it: never refused (the registry warns)
        _set_prose(self, "rationale", "indicator", self.id)
        if self.direction not in DIRECTIONS:
            raise refused(N_("{kind} {id!r}: direction {direction!r} is not one of {allowed}"), "indicator", self.id,
                          direction=self.direction, allowed=", ".join(DIRECTIONS))
        for key in ("requires", "sectors", "references", "measures"):
            _set_tuple(self, key, "indicator", self.id)
        if not self.requires:
            raise refused(N_("{kind} {id!r}: requires at least one field"), "indicator", self.id)
        if self.criterion in RESERVED_NODE_IDS:
            raise refused(N_("{kind} {id!r}: criterion {criterion!r} is reserved for the overall score (columns "
                             "overall_score and overall_coverage): name another criterion"), "indicator", self.id,
                          criterion=self.criterion)
        if self.compute is None and len(self.requires) != 1:
            raise refused(N_("{kind} {id!r}: without compute it must require exactly one field"), "indicator",
                          self.id)
        if isinstance(self.weight, bool) or not isinstance(self.weight, int | float) or not self.weight >= 0:
            raise refused(N_("{kind} {id!r}: weight must be a number ≥ 0, got {weight!r}"), "indicator", self.id,
                          weight=self.weight)


def _check_category_dates(fld: Field) -> None:
    """``category_dates`` of ``fld``: categories of its own, each with a first day not after its last."""
    unknown = [k for k in fld.category_dates or {} if k not in fld.categories]
    if unknown:
        raise refused(N_("{kind} {id!r}: category_dates name values that are not among its categories: "
                         "{unknown} (categories: {categories})"), "field", fld.id,
                      unknown=", ".join(map(repr, unknown)), categories=", ".join(fld.categories) or "—")
    for code, span in (fld.category_dates or {}).items():
        if span.get("from") and span.get("to") and str(span["from"]) > str(span["to"]):
            raise refused(N_("{kind} {id!r}: category {code!r} exists from {first} to {last}: the first day is "
                             "after the last"), "field", fld.id, code=code, first=span["from"], last=span["to"])
    object.__setattr__(fld, "category_dates", {code: {k: str(v) for k, v in span.items() if v}
                                               for code, span in (fld.category_dates or {}).items()})
