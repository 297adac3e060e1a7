"""One batch of samples: weights, rules, policies and re-scored indicators → ranks and ratings."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine import IndicatorMatrix
from ..gating import gate_inputs, gate_rows
from ..kernel import gate_caps, gate_fires, rate
from ..kernel.batch import BatchScores, Plan, aggregate_batch
from ..kernel.patterns import pattern_order
from .ranks import rank_desc
from .rescoring import Rescoring
from .sampling import Draws
from .settings import Settings

__all__ = ["SampleBatches"]


class SampleBatches:
    """Everything a batch evaluation needs: the plan, the pre-drawn group parameters, the re-scoring.

    Villages are kept in pattern order (see :func:`~villagescore.kernel.patterns.pattern_order`):
    ``order`` maps those rows to the result's, ``inverse`` back.
    """

    def __init__(self, registry: Any, framework: Any, result: Any, dataset: Any, settings: Settings,
                 draws: int) -> None:
        self.fw = framework
        self.settings = settings
        m = result.matrix
        self.order = pattern_order(m)  # rows grouped by pattern: see aggregate_batch
        self.inverse = np.empty_like(self.order)
        self.inverse[self.order] = np.arange(len(self.order))
        o = self.order
        matrix = IndicatorMatrix([np.asarray(v)[o] for v in m.values], m.scores[o], m.applicable[o], m.present[o],
                                 {j: u[o] for j, u in m.limit_unknown.items()},
                                 {g: b[o] for g, b in m.gate_limits.items()},
                                 {j: u[o] for j, u in m.limit_unverified.items()})
        self.matrix = matrix
        self.plan = Plan.build(framework, matrix, registry.aggregators)
        self.n = self.plan.n
        frame = result.frame.iloc[o].reset_index(drop=True)
        self.fired = np.asarray(result.fired)[o]
        self.cap = gate_caps(framework, self.fired)[None, :]
        self.pillar_na = np.asarray(result.tree.pillar_na)[o].T  # (pillars, n)
        self.draws = Draws(self.plan, settings, draws)
        self.rescoring = Rescoring(self.plan, matrix.values, frame, settings, registry, dataset.metadata,
                                   self.draws)
        index = {node.id: j for j, node in enumerate(framework.indicators)}
        self.gate_cols = [index[gate.indicator] for gate in framework.gates]

    def evaluate(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Evaluate samples whose per-group draw ids are the rows of ``ids`` (E, groups).

        Samples are grouped by (rule, policy) so that each group is one contiguous batch.
        Returns ``(order, ranks (E, n) int32, ratings (E, n) int16)``: row ``r`` of ranks and
        ratings belongs to sample ``order[r]``.
        """
        return self.outcomes(self.scores(ids))

    def scores(self, ids: np.ndarray) -> tuple[Any, ...]:
        """The first half of :meth:`evaluate`: the scores of the samples, and what their ratings need.

        The second half, :meth:`outcomes`, runs only this package's code (no plugin's), so it
        may run in another thread while the next batch is scored.
        """
        e = ids.shape[0]
        key = self.draws.batch_keys(ids)
        order = np.argsort(key, kind="stable")
        ids, key = ids[order], key[order]
        ind_w, crit_w, pill_w = self.draws.weights(ids)
        perturbed, values = self.rescoring.rescore(ids)
        overall = np.empty((e, self.n))
        pillars = np.empty((len(self.fw.pillars), e, self.n))
        for k in np.unique(key):
            lo, hi = np.searchsorted(key, k, side="left"), np.searchsorted(key, k, side="right")
            rule, policy = self.draws.batch(int(k))
            sub = {j: x[lo:hi] for j, x in perturbed.items()}
            # the floor applies in samples that vary the rule, to the nodes whose rule a zero absorbs
            floor = self.settings.geometric_floor if rule is not None else 0.0
            aggregate_batch(self.plan, ind_w[lo:hi], crit_w[lo:hi], pill_w[lo:hi], rule=rule, policy=policy,
                            perturbed=sub, out=BatchScores(overall[lo:hi], pillars[:, lo:hi]), floor=floor)
        return order, overall, pillars, perturbed, values

    def outcomes(self, scored: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The second half of :meth:`evaluate`: ``(order, ranks, ratings)`` from what :meth:`scores` gave."""
        order, overall, pillars, perturbed, values = scored
        caps = self._caps(perturbed, values, overall.shape[0])
        ratings = rate(self.fw, overall, pillars, self.pillar_na, caps, dtype=np.int16)
        return order, rank_desc(overall), ratings

    def rated(self, ids: np.ndarray) -> np.ndarray:
        """Which samples (rows of ``ids``) keep the framework's aggregation rule: their ratings count."""
        return self.draws.keeps_rule(ids)

    def _caps(self, scores: dict[int, np.ndarray], values: dict[int, np.ndarray], e: int) -> np.ndarray:
        """The best tier index per sample and village: (E, n), or (1, n) when no gate input varies."""
        varied = [g for g, gate in enumerate(self.fw.gates) if self.gate_cols[g] in (scores if gate.on == "score"
                                                                                   else values)]
        if not varied:
            return self.cap
        fired = np.empty((e, self.n, len(self.fw.gates)), dtype=bool)
        fired[...] = self.fired[None, :, :]
        for g in varied:
            gate, j = self.fw.gates[g], self.gate_cols[g]
            on_value = gate.on != "score"
            x = (values if on_value else scores)[j]
            # as the engine: a value gate needs the value (a score gate the score), the same bound, the same unknowns
            present = ~np.isnan(x) if on_value else self.plan.present[:, j]
            present, applicable = gate_rows(gate, j, self.matrix, present, self.plan.applicable[:, j])
            bound, unknown = gate_inputs(gate, g, j, self.matrix)
            fired[:, :, g] = gate_fires(gate, x, present, applicable, unknown, bound)
        return gate_caps(self.fw, fired)
