"""The sector block of a pillar: its weight split between each village's sectors."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["sector_scale"]


def sector_scale(pillar: Any, applicable: np.ndarray) -> np.ndarray | None:
    """Per village-year, the factor on each criterion's weight that splits the sector block (``None``: no block).

    A criterion of the framework keeps factor 1. A sector criterion gets its ``share`` of its
    sector divided by the number of the village's sectors that bring criteria to the pillar
    (``applicable`` tells which), so the block weighs the same for one sector or several.
    """
    keys = [c.sector for c in pillar.criteria]
    if pillar.sector_weight is None or not any(keys):
        return None
    n = applicable.shape[0]
    sectors = sorted({k for k in keys if k})
    present = np.zeros((n, len(sectors)), dtype=bool)
    for j, key in enumerate(keys):
        if key:
            present[:, sectors.index(key)] |= applicable[:, j]
    count = np.maximum(present.sum(axis=1), 1)
    scale = np.ones(applicable.shape)
    for j, crit in enumerate(pillar.criteria):
        if crit.sector:
            scale[:, j] = crit.share / count
    return scale
