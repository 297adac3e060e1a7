"""The resolved criteria framework: pillars → criteria → indicators, gates, tiers.

These frozen dataclasses are built by :func:`villagescore.framework.load_framework` from
a framework file checked against the schema and resolved against the registry. The raw
document stays available as ``Framework.document`` for export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .objects import Aggregator, Indicator, Scorer

__all__ = [
    "MissingDataPolicy",
    "Regulation",
    "Threshold",
    "IndicatorNode",
    "CriterionNode",
    "PillarNode",
    "Gate",
    "Tier",
    "Framework",
]


@dataclass(frozen=True)
class MissingDataPolicy:
    """How a node treats children whose value is missing.

    ``exclude``: renormalise over present children; if their share of the applicable
    weight is below ``min_coverage`` the node itself is missing. ``zero``: a missing child
    scores 0. ``fail``: a missing applicable value is an error.
    """

    policy: str = "exclude"
    min_coverage: float = 2 / 3


@dataclass(frozen=True)
class Regulation:
    """A regulation a framework cites (a QCVN, a decree, a law), pinned to a version."""

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


@dataclass(frozen=True)
class Threshold:
    """A legal limit with its citation; may depend on a categorical field of the village."""

    regulation: Regulation
    parameter: str
    unit: str
    confidence: str
    provision: str = ""
    column: str = ""
    value: float | None = None
    by_field: str | None = None
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    note: str = ""

    def limit(self, frame: Any) -> Any:
        """Return the limit: a float, or one float per village (NaN where unknown)."""
        if self.by_field is None:
            return float(self.value)  # type: ignore[arg-type]
        mapping = {k: float(v["value"]) for k, v in self.values.items()}
        return frame[self.by_field].map(mapping).astype(float).to_numpy()

    def references(self) -> list[dict[str, Any]]:
        """Return the citation(s) of this threshold as JSON-ready mappings."""
        base: dict[str, Any] = {"document": self.regulation.document}
        if self.provision:
            base["provision"] = self.provision
        if self.parameter:
            base["parameter"] = self.parameter
        if self.unit:
            base["unit"] = self.unit
        for key in ("valid_from", "valid_to"):
            val = getattr(self.regulation, key)
            if val:
                base[key] = val
        if self.regulation.sources:
            base["url"] = self.regulation.sources[0]
        if self.by_field is None:
            out = dict(base, value=self.value, confidence=self.confidence)
            if self.column:
                out["column"] = self.column
            if self.note:
                out["note"] = self.note
            return [out]
        refs = []
        for key, spec in self.values.items():
            ref = dict(base, value=spec["value"], confidence=spec.get("confidence", self.confidence))
            ref["column"] = spec.get("column") or f"{self.by_field}={key}"
            if spec.get("provision"):
                ref["provision"] = spec["provision"]
            note = spec.get("note") or self.note
            if note:
                ref["note"] = note
            refs.append(ref)
        return refs


@dataclass(frozen=True)
class IndicatorNode:
    """An indicator placed in the tree with its weight, scorer and threshold."""

    id: str
    weight: float
    indicator: Indicator
    scorer: Scorer
    params: Mapping[str, Any]
    sectors: tuple[str, ...]
    pillar: str
    criterion: str
    threshold: Threshold | None = None
    references: tuple[Mapping[str, Any], ...] = ()
    rationale: str = ""


@dataclass(frozen=True)
class CriterionNode:
    """A group of indicators under a pillar."""

    id: str
    label: Mapping[str, str]
    weight: float
    pillar: str
    aggregator: Aggregator
    missing: MissingDataPolicy
    indicators: tuple[IndicatorNode, ...]
    rationale: str = ""


@dataclass(frozen=True)
class PillarNode:
    """A pillar (environment, economy, society, governance …)."""

    id: str
    label: Mapping[str, str]
    weight: float
    aggregator: Aggregator
    missing: MissingDataPolicy
    criteria: tuple[CriterionNode, ...]
    rationale: str = ""


@dataclass(frozen=True)
class Gate:
    """A mandatory rule: when the indicator fails it (or is missing), the rating is capped."""

    id: str
    indicator: str
    on: str
    op: str
    value: float
    cap: str
    on_missing: str = "fire"
    label: Mapping[str, str] | None = None
    references: tuple[Mapping[str, Any], ...] = ()

    @property
    def rule(self) -> str:
        """The rule as text, e.g. ``value >= 1``."""
        value = int(self.value) if float(self.value).is_integer() else self.value
        return f"{self.on} {self.op} {value}"


@dataclass(frozen=True)
class Tier:
    """A rating tier; ``min_pillar_score`` is the per-pillar minimum it requires."""

    id: str
    label: Mapping[str, str]
    min_score: float
    min_pillar_score: float | None = None


@dataclass(frozen=True)
class Framework:
    """A criteria framework resolved against the registered plugins."""

    id: str
    version: str
    title: Mapping[str, str]
    sha256: str
    source: str
    document: Mapping[str, Any]
    aggregator: Aggregator
    missing: MissingDataPolicy
    regulations: Mapping[str, Regulation]
    pillars: tuple[PillarNode, ...]
    gates: tuple[Gate, ...]
    tiers: tuple[Tier, ...]
    status: str = ""

    @property
    def criteria(self) -> tuple[CriterionNode, ...]:
        """Every criterion, pillar by pillar."""
        return tuple(c for p in self.pillars for c in p.criteria)

    @property
    def indicators(self) -> tuple[IndicatorNode, ...]:
        """Every indicator node, in tree order."""
        return tuple(i for c in self.criteria for i in c.indicators)

    def indicator_node(self, ident: str) -> IndicatorNode:
        """Return the indicator node ``ident``."""
        for node in self.indicators:
            if node.id == ident:
                return node
        raise KeyError(ident)

    def tier(self, ident: str) -> Tier:
        """Return the tier ``ident``."""
        for tier in self.tiers:
            if tier.id == ident:
                return tier
        raise KeyError(ident)
