"""An example plugin adding a scoring method and an aggregation rule (quoted by docs/plugins/hooks.md).

numpy is imported inside the functions, never at module level: ``villagescore plugins`` and
``villagescore --help`` import every plugin and stay quick.
"""

from __future__ import annotations

from villagescore import Aggregator, Scorer, hookimpl


# [start scorers]
def logistic(values, params):
    """S-shaped score: 50 at ``midpoint``, rising (or falling, if steepness < 0) around it."""
    import numpy as np

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


def logistic_breakpoints(params):
    """Values worth trying in an improvement plan: where the score is 10, 50 and 90."""
    import math

    spread = math.log(9) / abs(params["steepness"])
    return [params["midpoint"] - spread, params["midpoint"], params["midpoint"] + spread]


@hookimpl
def register_scorers():
    """A scoring method: a function on whole arrays plus a JSON Schema for its parameters."""
    return [Scorer("logistic", logistic, LOGISTIC_PARAMS, "S-shaped curve: 50 at the midpoint.",
                   perturb=move_midpoint, breakpoints=logistic_breakpoints,
                   label={"vi": "đường cong chữ S", "en": "S-shaped curve"})]
# [end scorers]


# [start aggregators]
def maximum(scores, weights):
    """The best child score among the children present (weight > 0); NaN if none is."""
    import numpy as np

    present = weights > 0
    best = np.where(present, scores, -np.inf).max(axis=1)
    return np.where(present.any(axis=1), best, np.nan)


@hookimpl
def register_aggregators():
    """An aggregation rule: ``(villages, children)`` scores and weights in, one score per village out."""
    import numpy as np  # inside the hook: importing the plugin stays cheap

    return [Aggregator("maximum", maximum, "The best child score.", reduce=np.maximum,
                       label={"vi": "giá trị lớn nhất", "en": "maximum"})]
# [end aggregators]
