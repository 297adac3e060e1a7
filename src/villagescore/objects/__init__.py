"""The plain objects that plugins contribute through the hooks.

Every hook in :mod:`villagescore.hookspecs` returns a list of these. They are frozen
dataclasses: the core copies them into its registry (adding the name of the plugin that
gave each one) and never mutates them. This module imports neither pandas nor numpy, so a
plugin can be imported, listed and documented without paying for them.
"""

from __future__ import annotations

from .checks import CONFIDENCE_LEVELS, DIRECTIONS, FIELD_TYPES
from .data import Field, Indicator, Reference
from .formats import FrameworkSource, Reader, Reporter
from .methods import Aggregator, QuasiMean, Scorer
from .plausibility import CHECK_OPERATORS, CHECK_SEVERITIES, Check
from .regulations import Limit, Regulation
from .sectors import Measure, Sector, SectorCriterion

__all__ = [
    "Aggregator",
    "CHECK_OPERATORS",
    "CHECK_SEVERITIES",
    "CONFIDENCE_LEVELS",
    "Check",
    "DIRECTIONS",
    "FIELD_TYPES",
    "Field",
    "FrameworkSource",
    "Indicator",
    "Limit",
    "Measure",
    "QuasiMean",
    "Reader",
    "Reference",
    "Regulation",
    "Reporter",
    "Scorer",
    "Sector",
    "SectorCriterion",
]
