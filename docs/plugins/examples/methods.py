"""An example plugin adding a scoring method and an aggregation rule (quoted by docs/plugins/hooks.md)."""

from __future__ import annotations

import numpy as np

from villagescore import Aggregator, Scorer, hookimpl


# [start scorers]
def logistic(values, params):
    """S-shaped score: 50 at ``midpoint``, rising (or falling, if steepness < 0) around it."""
    x = np.asarray(values, dtype=float)
    return 100.0 / (1.0 + np.exp(-params["steepness"] * (x - params["midpoint"])))


LOGISTIC_PARAMS = {
    "type": "object",
    "required": ["midpoint", "steepness"],
    "additionalProperties": False,
    "properties": {"midpoint": {"type": "number"}, "steepness": {"type": "number", "not": {"const": 0}}},
}


def move_midpoint(params, factor):
    """The threshold moved by ``factor`` (one factor per value), for the sensitivity analysis."""
    return dict(params, midpoint=params["midpoint"] * factor)


@hookimpl
def register_scorers():
    """A scoring method: a function on whole arrays plus a JSON Schema for its parameters."""
    return [Scorer("logistic", logistic, LOGISTIC_PARAMS, "S-shaped curve: 50 at the midpoint.",
                   perturb=move_midpoint, label={"vi": "đường cong chữ S", "en": "S-shaped curve"})]
# [end scorers]


# [start aggregators]
def maximum(scores, weights):
    """The best child score among the children present (weight > 0); NaN if none is."""
    present = weights > 0
    best = np.where(present, scores, -np.inf).max(axis=1)
    return np.where(present.any(axis=1), best, np.nan)


@hookimpl
def register_aggregators():
    """An aggregation rule: ``(villages, children)`` scores and weights in, one score per village out."""
    return [Aggregator("maximum", maximum, "The best child score.",
                       label={"vi": "giá trị lớn nhất", "en": "maximum"})]
# [end aggregators]
