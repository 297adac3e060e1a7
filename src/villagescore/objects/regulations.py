"""Regulation versions and the limits they set, declared once and cited by id."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import N_
from ..reprs import shown_by
from .checks import CONFIDENCE_LEVELS, _check_id, _set_prose, _set_text, _set_tuple, refused

if TYPE_CHECKING:  # pragma: no cover - annotations only
    pass

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _is_date(value: Any) -> bool:
    """True for a ``YYYY-MM-DD`` text naming a day of the calendar (``2025-02-30`` is not one)."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _refused_at(template: str, at: str, ident: str, /, **params: Any) -> Exception:
    """Regulation ``ident`` refused about its key ``at``, which a loader adds to the path (``$.x[1].valid_to``)."""
    error = refused(template, "regulation", ident, **params)
    error.key = at  # type: ignore[attr-defined]
    return error


@shown_by("parameter", "value", "by_field", "unit", "confidence")
@dataclass(frozen=True)
class Limit:
    """One limit a regulation sets (e.g. COD of industrial effluent), cited as ``(regulation, id)``.

    Either one ``value``, or ``by_field`` with ``values``: the limit depends on a category
    field of the village (discharge column A/B, noise area type); each entry of
    ``values`` is ``{"value": number}`` with optional ``column``, ``provision``,
    ``confidence`` and ``note``. ``parameter``, ``column`` and ``provision`` are a plain string
    (a symbol: ``COD``; a citation worded by rule: ``Table 1``) or ``{"vi": ..., "en": ...}``;
    ``note`` (and each value's) is a plain string or ``{"vi": ..., "en": ...}`` (shown in the
    reader's language by :func:`villagescore.i18n.label`, cited in English by JSON citations).
    """

    id: str
    parameter: str | Mapping[str, str]
    unit: str
    confidence: str
    provision: str | Mapping[str, str] = ""
    column: str | Mapping[str, str] = ""
    value: float | None = None
    by_field: str | None = None
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    note: str | Mapping[str, str] = ""

    def __post_init__(self) -> None:
        for key in ("parameter", "provision", "column", "note"):
            _set_prose(self, key, "limit", self.id)
        if (self.value is None) == (self.by_field is None):
            raise refused(N_("{kind} {id!r}: give either 'value', or 'by_field' with 'values'"), "limit", self.id)
        if self.confidence not in CONFIDENCE_LEVELS:
            raise refused(N_("{kind} {id!r}: confidence must be one of {allowed}"), "limit", self.id,
                          allowed=", ".join(CONFIDENCE_LEVELS))


@shown_by("document", "confidence", "valid_from", "plugin")
@dataclass(frozen=True)
class Regulation:
    """A version of a regulation (a QCVN, a decree, a law), declared once and cited by ``id``.

    ``valid_from``/``valid_to`` (ISO dates, inclusive) bound when it is in force;
    ``limits`` are the values it sets that thresholds cite. ``transition`` states a
    transitional rule as data: ``{"until": date, "field": id, "provision": …, "confidence": …,
    "note": …}`` — after ``valid_to`` and up to ``until``, the version still applies to the
    village-years whose boolean ``field`` is yes (e.g. facilities operating or permitted before
    its successor took effect). ``in_force_verified_to`` (ISO date): the last day it is known to be
    in force; on a later reference date (up to ``valid_to``, if any) whether it still is was not
    verified (a successor was issued, its effective date unknown), so a threshold's version by
    date counts its limits as ``unverified`` there, whatever their own confidence. ``note`` (what
    was and was not checked) is a plain string or ``{"vi": ..., "en": ...}``, shown in the reader's
    language as a rationale is.
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
    note: str | Mapping[str, str] = ""
    limits: tuple[Limit, ...] = ()
    transition: Mapping[str, Any] | None = None
    in_force_verified_to: str | None = None
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id("regulation", self.id.replace("-", "_"))
        _set_text(self, "title", "regulation", self.id, optional=True)
        _set_prose(self, "note", "regulation", self.id)
        if self.transition is not None and not {"until", "field"} <= set(self.transition):
            raise _refused_at(N_("{kind} {id!r}: a transition needs 'until' (a date) and 'field' (a boolean field)"),
                              "transition", self.id)
        if self.confidence not in CONFIDENCE_LEVELS:
            raise refused(N_("{kind} {id!r}: confidence must be one of {allowed}"), "regulation", self.id,
                          allowed=", ".join(CONFIDENCE_LEVELS))
        for key in ("replaces", "sources", "limits"):
            _set_tuple(self, key, "regulation", self.id)
        self._check_dates()

    def _check_dates(self) -> None:
        """Each date a day of the calendar; ``valid_from`` ≤ ``valid_to`` ≤ ``transition.until``.

        A version that ended before it began is in force on no date: the thresholds citing it
        would leave their indicator unscored, with no word of why.
        """
        until = self.transition["until"] if self.transition is not None else None
        for key, value in (("valid_from", self.valid_from), ("valid_to", self.valid_to), ("transition.until", until),
                           ("in_force_verified_to", self.in_force_verified_to)):
            if value is not None and not _is_date(value):
                raise _refused_at(N_("{kind} {id!r}: {key} {value!r} is not a date: write a day of the calendar as "
                                     "YYYY-MM-DD (e.g. 2025-02-28)"), key, self.id, key=key, value=value)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise _refused_at(N_("{kind} {id!r}: valid_to {end} is before valid_from {start}: a version ends on or "
                                 "after the day it takes effect"), "valid_to", self.id, end=self.valid_to,
                              start=self.valid_from)
        verified_to = self.in_force_verified_to
        if verified_to and ((self.valid_from and verified_to < self.valid_from)
                            or (self.valid_to and verified_to >= self.valid_to)):
            raise _refused_at(N_("{kind} {id!r}: in_force_verified_to {date} must fall on or after valid_from and "
                                 "before valid_to: it is the last day the version is known to be in force"),
                              "in_force_verified_to", self.id, date=verified_to)
        if until and self.valid_to and until < self.valid_to:
            raise _refused_at(N_("{kind} {id!r}: transition.until {until} is before valid_to {end}: the transitional "
                                 "rule runs after the version ends, up to 'until'"), "transition.until", self.id,
                              until=until, end=self.valid_to)

    def limit(self, ident: str) -> Limit:
        """Return the limit ``ident`` (``KeyError`` when the regulation sets no such limit)."""
        for item in self.limits:
            if item.id == ident:
                return item
        raise KeyError(ident)
