"""The arithmetic kernel: a node (:mod:`.node`), its running sums (:mod:`.sums`), gates and ratings (:mod:`.outcomes`).

Everything that turns child scores into a parent score, and scores into gates and tiers,
lives here once; the engine, the sensitivity analysis and the improvement planner use it.
Its batched form (:mod:`.batch`: the whole tree for a batch of samples at once, with the
terms of quasi-arithmetic means in :mod:`.means` and pattern folding in :mod:`.patterns`)
serves the sensitivity analysis. Aggregators are used through their capabilities
(``mean``, ``reduce``, ``function``), never by name; a pillar's sector block is split per
village (:mod:`.sectors`) in every path. A result's normalised weights are built once per pattern of
their inputs (:mod:`.weight_rows`).
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
