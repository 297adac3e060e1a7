"""Data quality: the noise each value gets, from the quality flags of the dataset metadata."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .settings import QUALITIES, Settings

__all__ = ["quality_sigma", "feasible_bounds"]


def quality_sigma(frame: Any, metadata: Mapping[str, Any] | None, field_ids: Sequence[str],
                  settings: Settings) -> dict[str, np.ndarray]:
    """σ of the log-normal noise per field and row, from the quality flags of the metadata.

    The column's ``quality`` applies to every row; a ``values`` entry (``village_id``,
    optional ``year``, ``column``, ``quality``) overrides it for that village (and year).
    A column without a quality flag counts as ``settings.default_quality``.
    """
    meta = metadata or {}
    cols = meta.get("columns") or {}
    n = len(frame)
    sigma = {q: float(settings.sigma[q]) for q in QUALITIES}
    out = {}
    for f in field_ids:
        quality = (cols.get(f) or {}).get("quality") or settings.default_quality
        out[f] = np.full(n, sigma[quality])
    rows: dict[str, list[tuple[int, int]]] = {}
    ids = frame["village_id"].to_numpy()
    years = frame["year"].to_numpy()
    for r in range(n) if meta.get("values") else ():
        rows.setdefault(str(ids[r]), []).append((r, int(years[r])))
    for entry in meta.get("values") or ():
        col, quality = entry.get("column"), entry.get("quality")
        if col not in out or quality not in sigma:
            continue
        for r, year in rows.get(str(entry.get("village_id")), ()):
            if entry.get("year") is None or int(entry["year"]) == year:
                out[col][r] = sigma[quality]
    return out


def feasible_bounds(indicator: Any, registry: Any) -> tuple[float, float]:
    """The range a perturbed value is clipped to: ``Indicator.feasible``, else its one field's range."""
    if indicator.feasible is not None:
        return float(indicator.feasible[0]), float(indicator.feasible[1])
    if indicator.compute is None:
        fld = registry.fields.get(indicator.requires[0])
        if fld is not None:
            lo = -np.inf if fld.minimum is None else float(fld.minimum)
            hi = np.inf if fld.maximum is None else float(fld.maximum)
            return lo, hi
    return -np.inf, np.inf
