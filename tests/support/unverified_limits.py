"""A threshold whose limits are partly unverified: by date (two versions) and by category (a value's own confidence)."""

from __future__ import annotations

from typing import Any


def threshold() -> Any:
    """Two versions by date: the old sets COD by zone (A verified, B's value unverified), the new one value."""
    from villagescore.model import Threshold, ThresholdVersion
    from villagescore.objects import Limit, Regulation

    old = Regulation("old", "Old rule", "secondary", valid_to="2024-12-31",
                     limits=(Limit("cod", "COD", "mg/L", "verified", by_field="zone",
                                   values={"A": {"value": 75}, "B": {"value": 150, "confidence": "unverified"}}),))
    new = Regulation("new", "New rule", "secondary", valid_from="2025-01-01",
                     limits=(Limit("cod", "COD", "mg/L", "unverified", value=60),))
    return Threshold((ThresholdVersion(old, old.limits[0]), ThresholdVersion(new, new.limits[0])), by_date=True)

