"""Re-scoring for the ``thresholds`` and ``data`` groups: the only indicators a sample scores again.

The nominal indicator matrix is computed once; an indicator is re-scored, one vectorised
scorer call per chunk of samples, when its thresholds move or its values get noise (from
the quality of the fields it comes from). How thresholds move is the scorer's own
knowledge (``Scorer.perturb``); an indicator whose scorer has none keeps its thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import PluginError, said
from ..i18n import N_
from ..kernel.batch import Plan
from .quality import feasible_bounds, quality_sigma
from .sampling import Draws
from .settings import GROUPS, Settings

__all__ = ["Rescoring"]


@dataclass
class _Entry:
    """One re-scored indicator: its column, scorer parameters, values and what moves."""

    j: int
    node: Any
    params: dict[str, Any]
    values: np.ndarray
    threshold: int | None = None  # its column in the threshold factors, when its thresholds move
    sigma: np.ndarray | None = None  # per village, when its values get noise
    bounds: tuple[float, float] = (-np.inf, np.inf)


class Rescoring:
    """The indicators a sample re-scores, and how (``rescore`` gives their per-sample scores)."""

    def __init__(self, plan: Plan, values: list[np.ndarray], frame: Any, settings: Settings, registry: Any,
                 metadata: Mapping[str, Any] | None, draws: Draws) -> None:
        self.plan = plan
        self.draws = draws
        active = settings.active()
        sig = {}
        fw = plan.framework
        registry = registry.with_fields(fw.local_fields)  # a file-declared field is clipped as a plugin's is
        if "data" in active:
            fields = sorted({f for node in fw.indicators for f in node.indicator.requires if f in frame})
            sig = quality_sigma(frame, metadata, fields, settings)
        self.entries: list[_Entry] = []
        thresholds = 0
        for j, node in enumerate(fw.indicators):
            entry = _Entry(j, node, node.scoring_params(frame), np.asarray(values[j]))
            if "thresholds" in active and _moves_thresholds(node):
                entry.threshold = thresholds
                thresholds += 1
            if "data" in active and _numeric(node, entry.values):
                entry.sigma, entry.bounds = self._noise_scale(node, j, sig, registry)
            if entry.threshold is not None or entry.sigma is not None:
                entry.values = np.asarray(entry.values, dtype=float)
                self.entries.append(entry)
        draws.draw_thresholds(thresholds)
        self.noisy = sum(e.sigma is not None for e in self.entries)

    def _noise_scale(self, node: Any, j: int, sig: Mapping[str, np.ndarray], registry: Any
                     ) -> tuple[np.ndarray | None, tuple[float, float]]:
        """σ per village (the largest of the indicator's fields; 0 where absent) and the feasible range."""
        need = [f for f in node.indicator.requires if f in sig]
        if not need:
            return None, (-np.inf, np.inf)
        sigma = np.where(self.plan.present[:, j], np.max([sig[f] for f in need], axis=0), 0.0)
        if not sigma.any():
            return None, (-np.inf, np.inf)
        return sigma, feasible_bounds(node.indicator, registry)

    def rescore(self, ids: np.ndarray) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        """Per re-scored indicator: (E, n) scores (NaN where absent) and, for noisy ones, the (E, n) values."""
        if not self.entries:
            return {}, {}
        e, n = ids.shape[0], self.plan.n
        noise = None
        if self.noisy:
            noise = np.stack([self.draws.noise(d, self.noisy) for d in ids[:, GROUPS.index("data")]], axis=1)
        factors = None
        if self.draws.threshold_factor is not None:
            factors = self.draws.threshold_factor[ids[:, GROUPS.index("thresholds")]]
        scores, values = {}, {}
        d_idx = 0
        for entry in self.entries:
            x = np.broadcast_to(entry.values, (e, n))
            if entry.sigma is not None:
                x = np.clip(x * np.exp(entry.sigma * noise[d_idx]), *entry.bounds)
                values[entry.j] = x
                d_idx += 1
            params = _per_sample(entry.params, e, n)
            if entry.threshold is not None:
                factor = np.repeat(factors[:, entry.threshold], n)  # one factor per value
                params = _plugin_call(entry.node, _MOVING, entry.node.scorer.perturb, params, factor)
            scores[entry.j] = self._score(entry, x, params)
        return scores, values

    def _score(self, entry: _Entry, x: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
        """Score (E, n) values; a value the scorer cannot score keeps its nominal score."""
        e, n = x.shape
        flat = np.ascontiguousarray(x, dtype=float).reshape(-1)
        scored = np.asarray(_plugin_call(entry.node, _SCORING, entry.node.scorer.function, flat, params),
                            dtype=float).reshape(e, n)
        nominal = self.plan.scores[:, entry.j]
        scored = np.where(np.isnan(scored), nominal, np.clip(scored, 0.0, 100.0))
        return np.where(self.plan.present[:, entry.j], scored, np.nan)


def _numeric(node: Any, values: np.ndarray) -> bool:
    """Whether noise applies: numeric values of an indicator that is neither yes/no nor a category."""
    return values.dtype != object and node.indicator.direction not in ("boolean", "category")


def _per_sample(params: Mapping[str, Any], e: int, n: int) -> dict[str, Any]:
    """The parameters for ``E × n`` flattened values: a per-village array (a limit by village) repeats per sample."""
    out = dict(params)
    for key, value in params.items():
        if isinstance(value, np.ndarray) and value.ndim >= 1 and value.shape[0] == n:
            out[key] = np.broadcast_to(value, (e, *value.shape)).reshape(e * n, *value.shape[1:])
    return out


def _moves_thresholds(node: Any) -> bool:
    """Whether the indicator's thresholds move: its scorer says how (``Scorer.perturb``)."""
    return node.scorer.perturb is not None


#: What :func:`_plugin_call` says when a scorer's ``perturb`` or ``function`` fails.
_MOVING = N_("scorer {scorer!r} (plugin {plugin!r}) failed to move its thresholds on indicator {indicator!r}: {error}")
_SCORING = N_("scorer {scorer!r} (plugin {plugin!r}) failed to score on indicator {indicator!r}: {error}")


def _plugin_call(node: Any, failure: str, fn: Any, *args: Any) -> Any:
    """Call a scorer's ``function`` or ``perturb``; a failure is said by ``failure`` (scorer, plugin, indicator)."""
    try:
        return fn(*args)
    except Exception as exc:
        raise said(PluginError, failure, scorer=node.scorer.name, plugin=node.scorer.plugin, indicator=node.id,
                   error=f"{type(exc).__name__}: {exc}") from exc
