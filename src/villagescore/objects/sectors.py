"""Craft sectors, their criteria and their cleaner-production measures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import N_
from ..reprs import shown_by
from .checks import RESERVED_NODE_IDS, _check_id, _keep_unshown, _set_prose, _set_text, _set_tuple, refused
from .data import Reference

if TYPE_CHECKING:  # pragma: no cover - annotations only
    pass


@shown_by("sectors", counts=(("improves", "indicator improved", "indicators improved"),))
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
        _set_text(self, "label", "measure", self.id)
        _keep_unshown(self, "description")  # no report shows it: never refused (the registry warns)
        for key in ("improves", "references", "sectors"):
            _set_tuple(self, key, "measure", self.id)


@shown_by("pillar", "weight")
@dataclass(frozen=True)
class SectorCriterion:
    """A criterion of a sector within one pillar (e.g. weaving's "dye-house effluent" under environment).

    The sector's indicators name it in :attr:`Indicator.criterion`. ``weight`` splits the
    sector's share of the pillar between its criteria in that pillar (see
    ``docs/scoring.md``, "Sector criteria"). ``rationale`` is a plain string or, to be read in
    the reader's language, ``{"vi": …, "en": …}``.
    """

    id: str
    pillar: str
    label: Mapping[str, str]
    weight: float = 1.0
    rationale: str | Mapping[str, str] = ""

    def __post_init__(self) -> None:
        _check_id("criterion", self.id)
        if self.id in RESERVED_NODE_IDS:
            raise refused(N_("{kind} id {id!r} is reserved for the overall score (columns overall_score and "
                             "overall_coverage): give the criterion another id"), "criterion", self.id)
        _set_text(self, "label", "criterion", self.id)
        _set_prose(self, "rationale", "criterion", self.id)
        if isinstance(self.weight, bool) or not isinstance(self.weight, int | float) or not self.weight > 0:
            raise refused(N_("{kind} {id!r}: weight must be a number > 0, got {weight!r}"), "criterion", self.id,
                          weight=self.weight)


@shown_by("plugin", counts=(("measures", "measure", "measures"), ("criteria", "criterion", "criteria")))
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
        _set_text(self, "label", "sector", self.id)
        _keep_unshown(self, "description")  # no report shows it: never refused (the registry warns)
        _set_tuple(self, "measures", "sector", self.id)
        _set_tuple(self, "criteria", "sector", self.id)
