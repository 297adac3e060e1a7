"""A third-party villagescore plugin, installed by the tests as a user would install one from PyPI.

It adds a sector, a field (hours of visible kiln smoke per day), an indicator on it, a new
scoring method ``half_life`` with its own parameter schema, and a framework
(``external-demo``) that scores the indicator with that method.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import Field, FrameworkSource, Indicator, Scorer, Sector, hookimpl

__version__ = "0.3.0"

HALF_LIFE_PARAMS = {
    "type": "object",
    "required": ["half_life"],
    "additionalProperties": False,
    "properties": {"half_life": {"type": "number", "exclusiveMinimum": 0}},
}


def half_life(values, params):
    """100 at 0, halving every ``half_life`` units: ``100 * 0.5 ** (x / half_life)``; NaN stays NaN."""
    import numpy as np

    x = np.asarray(values, dtype=float)
    return 100.0 * np.power(0.5, x / float(params["half_life"]))


@hookimpl
def register_sectors():
    """A sector of its own, so that datasets for this plugin do not depend on other plugins."""
    return [Sector("external_demo", {"vi": "Nghề thử nghiệm", "en": "Demo craft"})]


@hookimpl
def register_fields():
    """One dataset column."""
    return [Field("external_demo_smoke_hours", {"vi": "Số giờ có khói lò mỗi ngày", "en": "Hours of kiln smoke a day"},
                  unit="h/day", minimum=0, maximum=24)]


@hookimpl
def register_indicators():
    """The field as an indicator (lower is better), scored by the new method."""
    return [Indicator("external_demo.kiln_smoke", {"vi": "Khói lò", "en": "Kiln smoke"}, "h/day", "lower",
                      ("external_demo_smoke_hours",), sectors=("external_demo",),
                      scorer={"method": "half_life", "params": {"half_life": 4}})]


@hookimpl
def register_scorers():
    """The new scoring method."""
    return [Scorer("half_life", half_life, HALF_LIFE_PARAMS, "Halves every half_life units above 0.")]


@hookimpl
def register_frameworks():
    """The framework that uses the indicator and the scorer."""
    return [FrameworkSource(files(__name__) / "frameworks" / "external-demo.yaml")]
