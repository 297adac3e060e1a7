"""Cleaner-production measures for a plan step, from the village's own sectors; applying a plan to data."""

from __future__ import annotations

from typing import Any

from .model import PlanStep


def _measures_by_indicator(registry: Any, fw: Any, sectors: tuple[str, ...]) -> dict[str, list[str]]:
    """``{indicator id: measure ids}``, among the measures of the village's ``sectors`` only.

    A sector's measure that claims a generic indicator (e.g. weaving's centralised dyeing
    improving wastewater treatment) is never offered to a ceramics village.
    """
    owned = {m.id: s.id for s in registry.sectors.values() for m in s.measures}
    allowed = {mid for mid, sector in owned.items() if sector in sectors}
    out: dict[str, set[str]] = {}
    for mid, measure in registry.measures().items():
        if mid in allowed:
            for ind in measure.improves:
                out.setdefault(ind, set()).add(mid)
    for node in fw.indicators:
        for mid in node.indicator.measures:
            if mid in allowed:
                out.setdefault(node.id, set()).add(mid)
    return {k: sorted(v) for k, v in out.items()}


def apply_plan(frame: Any, village_id: str, year: int, steps: list[PlanStep]) -> Any:
    """Return a copy of ``frame`` with the plan's new values set for that village-year."""
    import pandas as pd

    out = frame.copy()
    mask = (out["village_id"] == village_id) & (out["year"] == year)
    for s in steps:
        col = out[s.field].astype(object)
        col[mask] = s.new
        out[s.field] = col.infer_objects() if frame[s.field].dtype == object else pd.to_numeric(col)
    return out
