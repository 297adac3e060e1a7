"""villagescore: score Vietnamese craft villages against a sustainable-craft-village criteria set.

The public API for plugin authors is what this module exports: the ``hookimpl`` marker,
the plain objects a plugin returns from its hooks and the helpers of
:mod:`villagescore.authoring` that build them (``text``, ``percent_field``,
``COVERAGE_BANDS`` …). Heavier parts (the engine, the
dataset readers) are imported on first use so that ``import villagescore`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .authoring import (
    COVERAGE_BANDS,
    ESTIMATE_DOCUMENT,
    NOISE_RATIO_TO_LIMIT,
    bands,
    category_field,
    count_field,
    estimate,
    linear,
    number_field,
    percent_field,
    ratio_to_limit,
    text,
    yes_is_bad,
    yes_is_good,
    yes_no_field,
)
from .hookspecs import hookimpl
from .objects import (
    Aggregator,
    Check,
    Field,
    FrameworkSource,
    Indicator,
    Limit,
    Measure,
    QuasiMean,
    Reader,
    Reference,
    Regulation,
    Reporter,
    Scorer,
    Sector,
    SectorCriterion,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "hookimpl",
    "Aggregator",
    "Check",
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
    "Catalogue",
    "load_catalogue",
    "catalogue_loader",
    "text",
    "number_field",
    "percent_field",
    "count_field",
    "yes_no_field",
    "category_field",
    "bands",
    "linear",
    "ratio_to_limit",
    "yes_is_good",
    "yes_is_bad",
    "COVERAGE_BANDS",
    "NOISE_RATIO_TO_LIMIT",
    "estimate",
    "ESTIMATE_DOCUMENT",
    "evaluate",
    "Engine",
    "Result",
    "load_framework",
    "read_dataset",
    "get_plugin_manager",
    "Registry",
    "DataWarning",
    "SaidWarning",
    "PluginLoadWarning",
    "FrameworkWarning",
]

_LAZY = {
    "evaluate": "villagescore.api",
    "Catalogue": "villagescore.catalogue",
    "load_catalogue": "villagescore.catalogue",
    "catalogue_loader": "villagescore.catalogue",
    "Engine": "villagescore.engine",
    "Result": "villagescore.results",
    "load_framework": "villagescore.framework",
    "read_dataset": "villagescore.datasets",
    "get_plugin_manager": "villagescore.plugins",
    "Registry": "villagescore.registry",
    "DataWarning": "villagescore.errors",
    "SaidWarning": "villagescore.errors",
    "PluginLoadWarning": "villagescore.errors",
    "FrameworkWarning": "villagescore.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'villagescore' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(import_module(module), name)
