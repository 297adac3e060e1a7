"""The arithmetic kernel: a node (:mod:`.node`), its running sums (:mod:`.sums`), gates and ratings (:mod:`.outcomes`).

Everything that turns child scores into a parent score, and scores into gates and tiers,
lives here once; the engine, the sensitivity analysis and the improvement planner use it.
Aggregators are used through their capabilities (``mean``, ``reduce``, ``function``), never
by name.
"""

from __future__ import annotations

from .node import (
    LevelWeights,
    NodeWeights,
    aggregate_node,
    columnwise,
    general,
    guarded,
    normalised,
    relaxed_policy,
    score_level,
)
from .outcomes import GATE_STATUSES, OPS, gate_caps, gate_fires, gate_fires_on, gate_statuses, rate
from .sums import RowSums, pairwise_ok

__all__ = [
    "LevelWeights",
    "NodeWeights",
    "aggregate_node",
    "columnwise",
    "general",
    "guarded",
    "normalised",
    "relaxed_policy",
    "score_level",
    "OPS",
    "GATE_STATUSES",
    "gate_caps",
    "gate_fires_on",
    "gate_statuses",
    "gate_fires",
    "rate",
    "RowSums",
    "pairwise_ok",
]
