"""Sector criteria: how the indicators of installed sectors join a framework.

A pillar that declares ``sector_criteria: {weight: W}`` accepts them. Every indicator of a
sector (non-empty ``sectors``) whose ``pillar`` is that pillar, and that the framework does
not place itself, is scored there in the criterion its ``criterion`` names. The criteria of
one sector share the block's weight ``W`` among them (by their :class:`SectorCriterion`
weight); for each village-year the engine splits ``W`` equally between the village's
sectors that bring criteria to the pillar (see ``docs/scoring.md``, "Sector criteria").
So a village with two sectors gives sector-specific matters the same part of its pillar
as a village with one, and any installed sector, first- or third-party, is scored for its
villages without editing a framework file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..objects import Indicator, Sector, SectorCriterion

__all__ = ["JoinedCriterion", "joined_criteria", "sector_key", "idle_sectors"]


@dataclass(frozen=True)
class JoinedCriterion:
    """A sector criterion of one pillar, before its indicators are resolved."""

    id: str
    sector: str
    label: Mapping[str, str]
    share: float
    indicators: tuple[Indicator, ...]
    rationale: str = ""


def sector_key(sectors: Iterable[str]) -> str:
    """The id of the sector (or sectors, joined with ``+``) a criterion belongs to."""
    return "+".join(sorted(set(sectors)))


def joined_criteria(pillar_id: str, pillar_label: Mapping[str, str], indicators: Iterable[Indicator],
                    sectors: Mapping[str, Sector], placed: set[str]) -> list[JoinedCriterion]:
    """The sector criteria that join pillar ``pillar_id``, ordered by sector then criterion id.

    ``placed`` holds the indicator ids the framework places itself (they do not join again).
    """
    groups: dict[str, list[Indicator]] = {}
    for ind in indicators:
        if ind.sectors and ind.pillar == pillar_id and ind.id not in placed:
            groups.setdefault(ind.criterion or f"{sector_key(ind.sectors)}_{pillar_id}", []).append(ind)
    declared = {(c.id, c.pillar): c for s in sectors.values() for c in s.criteria}
    built = []
    for crit_id, members in groups.items():
        key = sector_key(s for ind in members for s in ind.sectors)
        decl: SectorCriterion | None = declared.get((crit_id, pillar_id))
        label = dict(decl.label) if decl else _default_label(key, pillar_label, sectors)
        weight = decl.weight if decl else 1.0
        built.append((key, crit_id, label, weight, tuple(members), decl.rationale if decl else ""))
    totals: dict[str, float] = {}
    for key, _, _, weight, _, _ in built:
        totals[key] = totals.get(key, 0.0) + weight
    return [JoinedCriterion(crit_id, key, label, weight / totals[key], members, rationale)
            for key, crit_id, label, weight, members, rationale in sorted(built, key=lambda b: (b[0], b[1]))]


def _default_label(key: str, pillar_label: Mapping[str, str], sectors: Mapping[str, Any]) -> dict[str, str]:
    names = [sectors[s].label if s in sectors else {"vi": s, "en": s} for s in key.split("+")]
    return {lang: f"{' + '.join(n[lang] for n in names)}: {pillar_label[lang]}" for lang in ("vi", "en")}


def idle_sectors(framework: Any, named: Iterable[str]) -> list[str]:
    """The sectors among ``named`` that bring no indicator to ``framework`` (their villages get no sector score)."""
    used = {s for node in framework.indicators for s in node.sectors}
    return sorted(set(named) - used)
