"""Data quality of scoring inputs: which values are estimates, from a dataset's metadata.

The metadata (``NAME.meta.json``, ``docs/datasets.md``) flags each column ``measured``,
``reported`` or ``estimated``; a ``values`` entry overrides the flag for one village (and
year). A column without a flag is not counted as an estimate (its quality is unknown).
Results state how many of each village-year's scoring inputs are estimates, and warn when
at least :data:`ESTIMATED_WARNING` of them are: such scores must not be cited as measured.
A dataset that flags nothing at all (no metadata) says nothing of its quality: its results
say the share is unknown, not 0 (:func:`has_quality_flags`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["QUALITIES", "ESTIMATED_WARNING", "field_quality", "estimated_inputs", "has_quality_flags"]

QUALITIES = ("measured", "reported", "estimated")
#: From this share of estimated scoring inputs, outputs warn that the scores must not be cited as measured.
ESTIMATED_WARNING = 0.5


def has_quality_flags(metadata: Mapping[str, Any] | None) -> bool:
    """Whether ``metadata`` flags the quality of any column or value (else the share of estimates is unknown)."""
    meta = metadata or {}
    columns = meta.get("columns") or {}
    return (any(isinstance(c, Mapping) and c.get("quality") in QUALITIES for c in columns.values())
            or any(isinstance(e, Mapping) and e.get("quality") in QUALITIES for e in meta.get("values") or ()))


def field_quality(frame: Any, metadata: Mapping[str, Any] | None, field_ids: Sequence[str]) -> dict[str, np.ndarray]:
    """Per field, the quality flag of each row (``""`` when unknown)."""
    meta = metadata or {}
    columns = meta.get("columns") or {}
    n = len(frame)
    out = {f: np.full(n, (columns.get(f) or {}).get("quality") or "", dtype=object) for f in field_ids}
    entries = [e for e in meta.get("values") or () if e.get("column") in out and e.get("quality") in QUALITIES]
    if entries and n:
        ids = frame["village_id"].astype(str).to_numpy()
        years = frame["year"].to_numpy()
        for entry in entries:
            rows = ids == str(entry.get("village_id"))
            if entry.get("year") is not None:
                rows &= years == int(entry["year"])
            out[entry["column"]][rows] = entry["quality"]
    return out


def estimated_inputs(framework: Any, frame: Any, present: np.ndarray, metadata: Mapping[str, Any] | None
                     ) -> tuple[np.ndarray, np.ndarray] | tuple[None, None]:
    """Per village-year, ``(scoring inputs, of which estimated)``; ``(None, None)`` when unknown.

    A scoring input is a field that feeds an indicator scored for that village-year (each
    field counted once, however many indicators read it). Metadata that flags the quality
    of nothing (:func:`has_quality_flags`) says nothing of the share: unknown, not 0 %.
    """
    if not has_quality_flags(metadata):
        return None, None
    n = len(frame)
    readers: dict[str, list[int]] = {}
    for j, node in enumerate(framework.indicators):
        for fid in node.indicator.requires:
            readers.setdefault(fid, []).append(j)
    flagged = _estimated(frame, metadata, [f for f in readers if f in frame.columns])
    # counted in bytes when the counts fit (a quarter of the memory traffic), handed out as int32
    counts = np.uint8 if len(readers) < 256 else np.int32
    inputs = np.zeros(n, dtype=counts)
    estimated = np.zeros(n, dtype=counts)
    for fid, js in readers.items():
        if fid not in flagged:
            continue
        used = present[:, js[0]] if len(js) == 1 else present[:, js].any(axis=1)
        inputs += used
        mask = flagged[fid]
        if mask is True:
            estimated += used
        elif mask is not False:
            estimated += used & mask
    return inputs.astype(np.int32, copy=False), estimated.astype(np.int32, copy=False)


def _estimated(frame: Any, metadata: Mapping[str, Any] | None, field_ids: Sequence[str]) -> dict[str, Any]:
    """Per field, whether each row's value is an estimate: ``True``/``False`` for the whole column, or a mask.

    The same answer as ``field_quality(...)[f] == "estimated"``, without a text array per field.
    """
    meta = metadata or {}
    columns = meta.get("columns") or {}
    out: dict[str, Any] = {f: (columns.get(f) or {}).get("quality") == "estimated" for f in field_ids}
    entries = [e for e in meta.get("values") or () if e.get("column") in out and e.get("quality") in QUALITIES]
    if entries and len(frame):
        ids = frame["village_id"].astype(str).to_numpy()
        years = frame["year"].to_numpy()
        for entry in entries:
            rows = ids == str(entry.get("village_id"))
            if entry.get("year") is not None:
                rows &= years == int(entry["year"])
            column = entry["column"]
            if not isinstance(out[column], np.ndarray):
                out[column] = np.full(len(frame), out[column], dtype=bool)
            out[column][rows] = entry["quality"] == "estimated"
    return out
