"""The sector block of a pillar: its weight split between each village's sectors."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["sector_scale"]


def sector_scale(pillar: Any, applicable: np.ndarray, *, order: str = "C") -> np.ndarray | None:
    """Per village-year, the factor on each criterion's weight that splits the sector block (``None``: no block).

    A criterion of the framework keeps factor 1. A sector criterion gets its ``share`` of its
    sector divided by the number of the village's sectors that bring criteria to the pillar
    (``applicable`` tells which), so the block weighs the same for one sector or several.
    ``order``: the memory layout of the ``(villages, criteria)`` result ("F": each criterion's
    factors contiguous, as the engine reads them).
    """
    keys = [c.sector for c in pillar.criteria]
    if pillar.sector_weight is None or not any(keys):
        return None
    n = applicable.shape[0]
    count = np.zeros(n, dtype=np.int64)
    for sector in sorted({k for k in keys if k}):
        brings = np.zeros(n, dtype=bool)
        for j, key in enumerate(keys):
            if key == sector:
                brings |= applicable[:, j]
        count += brings
    np.maximum(count, 1, out=count)
    scale = np.ones(applicable.shape, order=order)
    quotients: dict[float, np.ndarray] = {}  # one division per distinct share (the same quotients)
    for j, crit in enumerate(pillar.criteria):
        if crit.sector:
            share = crit.share
            if share not in quotients:
                quotients[share] = share / count
            scale[:, j] = quotients[share]
    return scale
