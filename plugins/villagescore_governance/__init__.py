"""Governance pillar: the generic governance indicators of a craft village (GOV-01 … GOV-09).

Anchors: recognition under Decree 52/2018/NĐ-CP, the craft association, the village
convention (hương ước / quy ước) with environmental clauses, the waste-collection service
price, periodic environmental monitoring and disclosure (Circular 31/2016/TT-BTNMT art. 13),
certification, cleaner-production participation (Decision 889/QĐ-TTg) and the commune's
new-rural-development status.

The new-rural status (GOV-09) is graded by the national criteria in force on the village-year's
reference date: Decision 1980/QĐ-TTg (2016–2020), Decision 318/QĐ-TTg (2021–2025) and, from
15/02/2026, Decision 51/2025/QĐ-TTg, which has no "advanced" or "model" grade but a pilot
"modern" one. The indicator's threshold cites the three as versions; their limit
``criteria_period`` (the first year of the programme period) tells the scorer
``categorical_in_force`` which grade scale applies, and a status the scale in force does not
have (e.g. "advanced" in 2026) is missing, not silently scored.

The fields and indicators are data: ``catalogue.yaml`` beside this module (regulations are
cited there by id). This module holds only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from villagescore import Scorer, catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_scorers", "categorical_in_force"]


CATALOGUE = catalogue_loader(files(__name__) / "catalogue.yaml")


def categorical_in_force(values: Any, params: Mapping[str, Any]) -> Any:
    """A score per category under the grade scale of the regulation version in force.

    ``limit`` (filled from the indicator's threshold: one number, or one per village-year) is the
    key of the version in force, here the first year of its programme period; ``scores`` maps
    each key (as text, e.g. ``"2021"``) to ``{category: score}``. A category the scale in force
    does not list, a key with no scale, or no version in force (NaN) gives NaN: missing.
    """
    import numpy as np
    import pandas as pd

    cats = np.asarray(values, dtype=object)
    keys = np.broadcast_to(np.asarray(params["limit"], dtype=float), cats.shape)
    scales = {str(k): {str(c): float(v) for c, v in scale.items()} for k, scale in params["scores"].items()}
    out = np.full(cats.shape, np.nan)
    for key in np.unique(keys[~np.isnan(keys)]):
        scale = scales.get(f"{key:g}")
        if scale is None:
            continue
        rows = keys == key
        out[rows] = [scale.get(str(c), np.nan) if not pd.isna(c) else np.nan for c in cats[rows]]
    return out


def _check_in_force(params: Mapping[str, Any], field: Any = None) -> list[tuple[str, str]]:
    """Every category a scale scores is a category of the field (a misspelt one would go unscored)."""
    scores = params.get("scores")
    if field is None or field.type != "category" or not isinstance(scores, Mapping):
        return []
    return [(f"scores.{key}.{cat}", f"categorical_in_force: {cat!r} is not a category of field {field.id!r} "
             f"(allowed: {', '.join(field.categories)})")
            for key, scale in scores.items() if isinstance(scale, Mapping) for cat in scale
            if cat not in field.categories]


_SCORE = {"type": "number", "minimum": 0, "maximum": 100}
IN_FORCE_PARAMS = {
    "type": "object",
    "required": ["limit", "scores"],
    "additionalProperties": False,
    "properties": {
        # filled by the engine from the threshold: the key of the version in force (one per village-year)
        "limit": {"type": ["number", "array"]},
        "scores": {"type": "object", "minProperties": 1,
                   "additionalProperties": {"type": "object", "minProperties": 1, "additionalProperties": _SCORE}},
    },
}


@hookimpl
def register_scorers():
    """The scorer of graded schemes whose grades change with the regulation version in force."""
    return [Scorer("categorical_in_force", categorical_in_force, IN_FORCE_PARAMS,
                   "A score per category under the grade scale of the regulation version in force "
                   "(the threshold's limit names the scale); a category that scale lacks is missing.",
                   check=_check_in_force, nan_preserving=True)]


@hookimpl
def register_fields():
    """Return the fields of ``catalogue.yaml``."""
    return list(CATALOGUE().fields)


@hookimpl
def register_indicators():
    """Return the indicators of ``catalogue.yaml``."""
    return list(CATALOGUE().indicators)
