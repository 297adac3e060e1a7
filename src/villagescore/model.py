"""The resolved criteria framework: pillars → criteria → indicators, gates, tiers.

These frozen dataclasses are built by :func:`villagescore.framework.load_framework` from
a framework file checked against the schema and resolved against the registry. The raw
document stays available as ``Framework.document`` for export.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .citations import limit_references
from .gate import Gate, GateLimit
from .memo import _memo, _taken, column_codes, forget_frame, frame_memo, in_memo
from .objects import Aggregator, Indicator, Limit, Regulation, Scorer
from .reprs import node_repr

#: The confidence of a candidate limit value nobody has checked (see ``Framework.unverified_limits``).
UNVERIFIED = "unverified"
#: What a framework does with limits of confidence ``unverified``: leave them out, or score against them.
UNVERIFIED_POLICIES = ("exclude", "score")

__all__ = [
    "MissingDataPolicy",
    "UNVERIFIED",
    "UNVERIFIED_POLICIES",
    "Regulation",
    "Threshold",
    "ThresholdVersion",
    "reference_dates",
    "frame_memo",
    "forget_frame",
    "column_codes",
    "limit_references",
    "IndicatorNode",
    "CriterionNode",
    "PillarNode",
    "Gate",
    "GateLimit",
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
class ThresholdVersion:
    """One regulation version's limit that a threshold may apply."""

    regulation: Regulation
    limit: Limit
    note: str | Mapping[str, str] = ""


@dataclass(frozen=True)
class Threshold:
    """The legal limit an indicator is scored against, with its citation.

    ``versions`` holds one limit (a framework pinning one regulation version: it applies
    whatever the date) or, when ``by_date``, successive regulation versions: each
    village-year is scored against the version in force on its reference date (see
    :func:`reference_dates`); where none is in force the limit is unknown (NaN).
    """

    versions: tuple[ThresholdVersion, ...]
    by_date: bool = False

    @property
    def regulation(self) -> Regulation:
        """The (first) regulation version cited."""
        return self.versions[0].regulation

    @property
    def per_village(self) -> bool:
        """True when the limit can differ between village-years (a category field, or the date)."""
        return self.by_date or any(v.limit.by_field is not None for v in self.versions)

    @property
    def context_fields(self) -> tuple[str, ...]:
        """The fields the limit depends on: category fields and the flags of transitional rules."""
        fields = [v.limit.by_field for v in self.versions if v.limit.by_field]
        if self.by_date:
            fields += [v.regulation.transition["field"] for v in self.versions if v.regulation.transition]
        return tuple(dict.fromkeys(fields))

    @property
    def value(self) -> float | None:
        """The single limit, when it is one number for every village-year."""
        if self.per_village:
            return None
        return self.versions[0].limit.value

    def limit(self, frame: Any) -> Any:
        """Return the limit: a float, or one float per village-year (NaN where unknown).

        Within a :func:`frame_memo` worked out once per frame (the warnings before scoring and the
        scoring read the same limits) and read-only, until :meth:`scoring_limit` takes it.
        """
        if not self.per_village:
            return float(self.value)  # type: ignore[arg-type]
        if not in_memo():
            return self._limit(frame)
        # the threshold is kept with its limit: its id stays its own while the memo lasts
        return _memo(frame, ("limit", id(self)), lambda: (self, _read_only(self._limit(frame))))[1]

    def scoring_limit(self, frame: Any) -> Any:
        """:meth:`limit`, the caller's own (writable): one the memo holds is copied and forgotten by it.

        The scorer's limits are then not held until the memo's block ends (29 columns of the
        national data); a threshold scored again works its limit out again.
        """
        taken = _taken(frame, ("limit", id(self))) if self.per_village else None
        if taken is None:
            return self._limit(frame) if self.per_village else self.limit(frame)
        return taken[1].copy()  # whoever :meth:`limit` gave it to may still hold it: the scorer's may be written

    def _limit(self, frame: Any) -> Any:
        import numpy as np

        n = len(frame)
        if not self.by_date:
            return _limit_values(self.versions[0].limit, frame)
        out = np.full(n, np.nan)
        for version, applies in zip(self.versions, self._applies(frame), strict=True):
            if applies.any():
                np.copyto(out, _limit_values(version.limit, frame), where=applies)
        return out

    def unverified(self, frame: Any) -> Any:
        """Where the limit applied has confidence ``unverified``: a bool, or one bool per village-year.

        The limit value applied is resolved as in :meth:`limit` (the version applied on the
        reference date, the category the context field chooses); a category's own
        ``confidence`` overrides its limit's. A version applied after its regulation's
        ``in_force_verified_to`` is unverified there, whatever its limit's confidence (whether it
        is still in force was not verified) — a pinned version too: it is applied whatever the
        date, but whether it is in force on the reference date is the same fact. Where the limit
        is unknown the answer is ``False``.
        """
        import numpy as np

        from .versions_applied import in_force_unverified

        if not any(may_be_unverified(v.limit) or v.regulation.in_force_verified_to
                   for v in self.versions):  # none of its values is: False everywhere
            return np.zeros(len(frame), dtype=bool) if self.per_village else False
        if not self.by_date:
            pinned = self.versions[0]
            values = unverified_values(pinned.limit, frame)
            unsure = in_force_unverified(pinned.regulation, frame)  # still in force? not verified there
            if unsure is None:
                return np.broadcast_to(values, (len(frame),)).copy() if self.per_village else values
            return unsure | values  # a new array: the memo's mask stays read-only and unchanged
        out = np.zeros(len(frame), dtype=bool)
        for version, applies in zip(self.versions, self._applies(frame), strict=True):
            if applies.any():
                np.copyto(out, unverified_values(version.limit, frame), where=applies)
                unsure = in_force_unverified(version.regulation, frame)  # still in force? not verified there
                if unsure is not None:
                    out |= unsure & applies
        return out

    def version_index(self, frame: Any) -> Any:
        """Per village-year, the index in ``versions`` of the version applied (-1: none in force)."""
        import numpy as np

        n = len(frame)
        if not self.by_date:
            return np.zeros(n, dtype=int)
        out = np.full(n, -1)
        for k, applies in enumerate(self._applies(frame)):
            out[applies] = k
        return out

    def _applies(self, frame: Any) -> list[Any]:
        """Per version, where it applies: in force on the reference date, or kept by its transitional rule.

        A version kept by a transitional rule wins over its successor for those village-years
        (:func:`villagescore.versions_applied.versions_applied`; read-only masks).
        """
        from .versions_applied import versions_applied

        return versions_applied(self.versions, frame)

    def references(self) -> list[dict[str, Any]]:
        """Return the citation(s) of this threshold as JSON-ready mappings, one per limit value."""
        return [ref for version in self.versions for ref in limit_references(version)]


def reference_dates(frame: Any) -> Any:
    """The date each village-year is judged on: ``survey_date`` when given, else 31 December of ``year``."""
    return _memo(frame, "reference_dates", lambda: _reference_dates(frame))


def _reference_dates(frame: Any) -> Any:
    import numpy as np
    import pandas as pd

    years = pd.to_numeric(frame["year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(years)
    # the first day of the next year, minus one day
    next_year = np.where(known, years - 1969, 0).astype("int64").astype("datetime64[Y]").astype("datetime64[D]")
    dates = np.where(known, next_year - np.timedelta64(1, "D"), np.datetime64("NaT", "D"))
    if "survey_date" in frame.columns:
        given = pd.to_datetime(frame["survey_date"], errors="coerce").to_numpy(dtype="datetime64[D]")
        dates = np.where(np.isnat(given), dates, given)
    return dates


def _read_only(values: Any) -> Any:
    """``values`` made read-only when an array (a limit handed out by the memo)."""
    if hasattr(values, "setflags"):
        values.setflags(write=False)
    return values


def _limit_values(limit: Limit, frame: Any) -> Any:
    if limit.by_field is None:
        return float(limit.value)  # type: ignore[arg-type]
    if limit.by_field not in frame.columns:  # a dataset without the context column: every limit is unknown
        import numpy as np

        return np.full(len(frame), np.nan)
    import numpy as np

    codes, uniques = column_codes(frame, limit.by_field)
    mapping = {k: float(v["value"]) for k, v in limit.values.items()}
    table = np.array([mapping.get(u, np.nan) for u in uniques] + [np.nan])
    return table[codes]  # code -1 (an empty cell) reads the trailing NaN


def may_be_unverified(limit: Limit) -> bool:
    """Whether some value of ``limit`` has confidence ``unverified`` (its own, or the limit's it inherits)."""
    if limit.by_field is None:
        return limit.confidence == UNVERIFIED
    return any(spec.get("confidence", limit.confidence) == UNVERIFIED for spec in limit.values.values())


def unverified_values(limit: Limit, frame: Any) -> Any:
    """``confidence == "unverified"`` of a limit's value: a bool, or per village-year for a limit by category."""
    if limit.by_field is None:
        return limit.confidence == UNVERIFIED
    import numpy as np

    if limit.by_field not in frame.columns:  # every limit is unknown there: none is unverified
        return np.zeros(len(frame), dtype=bool)
    codes, uniques = column_codes(frame, limit.by_field)
    spec = limit.values
    table = np.array([u in spec and spec[u].get("confidence", limit.confidence) == UNVERIFIED for u in uniques]
                     + [False])
    return table[codes]




@node_repr  # one line in a notebook, not the tree under it
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
    rationale: str | Mapping[str, str] = ""

    @property
    def limit_from_threshold(self) -> bool:
        """True when the scorer's ``limit`` is the threshold's (not a number written in its parameters)."""
        if self.threshold is None:
            return False
        if self.threshold.per_village:
            return "limit" not in self.params
        return "limit" in self.params and self.params["limit"] == self.threshold.value

    def scoring_params(self, frame: Any) -> dict[str, Any]:
        """The scorer's parameters for ``frame``, with a per-village ``limit`` filled from the threshold."""
        params = dict(self.params)
        if self.threshold is not None and self.threshold.per_village and "limit" not in params:
            params["limit"] = self.threshold.scoring_limit(frame)
        return params


@node_repr  # one line in a notebook, not the tree under it
@dataclass(frozen=True)
class CriterionNode:
    """A group of indicators under a pillar.

    ``sector`` is set on the criteria a sector brought into a pillar that accepts sector
    criteria: the id of the sector (or sectors, ``a+b``) whose share of the pillar they
    split (see :attr:`PillarNode.sector_weight`); ``share`` is this criterion's part of
    that sector's share.
    """

    id: str
    label: Mapping[str, str]
    weight: float
    pillar: str
    aggregator: Aggregator
    missing: MissingDataPolicy
    indicators: tuple[IndicatorNode, ...]
    rationale: str | Mapping[str, str] = ""
    sector: str = ""
    share: float = 1.0


@node_repr  # one line in a notebook, not the tree under it
@dataclass(frozen=True)
class PillarNode:
    """A pillar (environment, economy, society, governance …).

    ``sector_weight`` is the weight, beside the pillar's own criteria, of the block of
    sector criteria (``None``: the pillar accepts none). A village-year with sectors that
    bring criteria here gives the whole block to them in equal parts, however many they
    are; one with none leaves the block out.
    """

    id: str
    label: Mapping[str, str]
    weight: float
    aggregator: Aggregator
    missing: MissingDataPolicy
    criteria: tuple[CriterionNode, ...]
    rationale: str | Mapping[str, str] = ""
    sector_weight: float | None = None


@dataclass(frozen=True)
class Tier:
    """A rating tier.

    ``min_pillar_score`` is a minimum every applicable pillar must reach;
    ``min_pillar_scores`` gives minimums for named pillars (both may apply). A missing
    pillar fails its minimum.
    """

    id: str
    label: Mapping[str, str]
    min_score: float
    min_pillar_score: float | None = None
    min_pillar_scores: Mapping[str, float] = field(default_factory=dict)

    @property
    def unconditional(self) -> bool:
        """True when every scored village-year qualifies (no score or pillar minimum)."""
        return self.min_score <= 0 and self.min_pillar_score is None and not self.min_pillar_scores


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
    unrated: Tier | None = None
    lineage: tuple[Mapping[str, Any], ...] = ()
    resolved_sha256: str = ""
    local_fields: Mapping[str, Any] = field(default_factory=dict)
    #: ``exclude``: an indicator is not scored where its limit is unverified (left out like one that does
    #: not apply); ``score``: it is scored against it (``defaults.unverified_limits``)
    unverified_limits: str = "score"

    def __repr__(self) -> str:  # a notebook shows this, not the whole tree
        return (f"Framework({self.id!r}, version={self.version!r}, {len(self.pillars)} pillars, "
                f"{len(self.criteria)} criteria, {len(self.indicators)} indicators, {len(self.gates)} gates)")

    @property
    def uses_sectors(self) -> bool:
        """True when some indicator applies to certain sectors only (the dataset then needs ``sectors``)."""
        return any(node.sectors for node in self.indicators)

    def outcome(self, index: int) -> Tier | None:
        """The tier at ``index`` of :attr:`tiers`; ``len(tiers)`` is the :attr:`unrated` outcome; -1 is none."""
        if index < 0:
            return None
        return self.tiers[index] if index < len(self.tiers) else self.unrated

    @functools.cached_property
    def criteria(self) -> tuple[CriterionNode, ...]:
        """Every criterion, pillar by pillar (made once: the framework does not change)."""
        return tuple(c for p in self.pillars for c in p.criteria)

    @functools.cached_property
    def indicators(self) -> tuple[IndicatorNode, ...]:
        """Every indicator node, in tree order (made once: the framework does not change)."""
        return tuple(i for c in self.criteria for i in c.indicators)

    def indicator_node(self, ident: str) -> IndicatorNode:
        """Return the indicator node ``ident``."""
        for node in self.indicators:
            if node.id == ident:
                return node
        raise KeyError(ident)

    def tier(self, ident: str) -> Tier:
        """Return the tier (or the unrated outcome) ``ident``."""
        for tier in (*self.tiers, *([self.unrated] if self.unrated else [])):
            if tier.id == ident:
                return tier
        raise KeyError(ident)
