"""The random draws of every assumption group, made once per run and indexed by draw id.

Each group draws from its own stream (``SeedSequence([seed, group])``), and data noise from
one stream per draw (``[seed, group, draw]``), so switching a group off leaves the draws of
the others unchanged and the results do not depend on how samples are batched.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..kernel.batch import Plan, node_rule
from .settings import GROUPS, Settings

__all__ = ["Draws"]


class Draws:
    """Pre-drawn parameters (small): weights, rule, policy and threshold factors for each draw id.

    ``rule_choice``: per draw, the index in ``plan.alternatives`` of the rule that every node
    uses in place of its own where it may (``None``: the aggregation is not varied, or the
    framework declares no interchangeable rules); ``zero``: per draw, whether every node uses
    the ``zero`` missing-data policy (else ``exclude``).
    """

    def __init__(self, plan: Plan, settings: Settings, draws: int) -> None:
        self.plan = plan
        self.settings = settings
        self.count = draws
        active = settings.active()
        self.w_ind = self.w_crit = self.w_pill = None
        if "weights" in active:
            rng = self._rng("weights")
            self.w_ind = self._weights(rng, plan.ind_w, plan.crit_slices)
            self.w_crit = self._weights(rng, plan.crit_w, plan.pill_slices)
            self.w_pill = self._weights(rng, plan.pill_w, [slice(0, len(plan.pill_w))])
        self.rule_choice = None
        if "aggregation" in active:
            u = self._rng("aggregation").random(draws)
            k = len(plan.alternatives)
            if k:  # equal chances, the last alternative for the lowest draws (u < ½: the geometric mean)
                self.rule_choice = k - 1 - np.minimum((u * k).astype(int), k - 1)
        self.zero = self._rng("missing").random(draws) < 0.5 if "missing" in active else None
        self.threshold_factor: np.ndarray | None = None

    def _rng(self, group: str) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence([self.settings.seed, GROUPS.index(group)]))

    def _weights(self, rng: np.random.Generator, w0: np.ndarray, groups: list[slice]) -> np.ndarray:
        """Per draw, the weights of every node's children: Dirichlet around the nominal ones, or uniform factors."""
        d = self.count
        out = np.tile(w0, (d, 1))
        for sl in groups:
            w = w0[sl]
            pos = np.flatnonzero(w > 0)
            if len(pos) < 2:
                continue
            cols = pos + sl.start
            if self.settings.weights == "dirichlet":
                mean = w[pos] / w[pos].sum()
                out[:, cols] = rng.dirichlet(self.settings.concentration * mean, size=d)
            else:
                x = self.settings.weight_spread
                out[:, cols] = w[pos] * rng.uniform(1 - x, 1 + x, size=(d, len(pos)))
        return out

    def draw_thresholds(self, columns: int) -> None:
        """Draw a factor in ``1 ± threshold_spread`` per draw and for each of ``columns`` indicators."""
        if columns:
            x = self.settings.threshold_spread
            self.threshold_factor = self._rng("thresholds").uniform(1 - x, 1 + x, size=(self.count, columns))

    def noise(self, draw: int, rows: int) -> np.ndarray:
        """Standard normal noise for draw ``draw``: ``(rows, villages)``, one row per noisy indicator."""
        rng = np.random.default_rng(np.random.SeedSequence([self.settings.seed, GROUPS.index("data"), int(draw)]))
        return rng.standard_normal((rows, self.plan.n))

    def weights(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The (E, m), (E, c), (E, p) weights of the samples whose draw ids are the rows of ``ids``."""
        plan, e, col = self.plan, ids.shape[0], GROUPS.index("weights")
        return tuple(np.tile(w0, (e, 1)) if w is None else w[ids[:, col]]  # type: ignore[return-value]
                     for w, w0 in ((self.w_ind, plan.ind_w), (self.w_crit, plan.crit_w), (self.w_pill, plan.pill_w)))

    def batch_keys(self, ids: np.ndarray) -> np.ndarray:
        """Per sample, a key that is equal for samples aggregated alike (same rule, same policy)."""
        e = ids.shape[0]
        rule = self.rule_choice[ids[:, GROUPS.index("aggregation")]] if self.rule_choice is not None else 0
        zero = self.zero[ids[:, GROUPS.index("missing")]].astype(int) if self.zero is not None else 0
        return np.zeros(e, dtype=int) + np.asarray(rule) * 2 + zero

    def batch(self, key: int) -> tuple[Any | None, str | None]:
        """The (rule, policy) of the samples with batch key ``key``: ``None`` where nominal."""
        rule = None if self.rule_choice is None else self.plan.alternatives[key // 2]
        policy = None if self.zero is None else ("zero" if key % 2 else "exclude")
        return rule, policy

    def keeps_rule(self, ids: np.ndarray) -> np.ndarray:
        """Which samples keep the framework's rule at the overall node (their ratings count)."""
        if self.rule_choice is None:
            return np.ones(ids.shape[0], dtype=bool)
        nominal = self.plan.overall_rule
        keeps = np.array([node_rule(nominal, alt).name == nominal.name for alt in self.plan.alternatives])
        return keeps[self.rule_choice[ids[:, GROUPS.index("aggregation")]]]
