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

__all__ = ["QUALITIES", "ESTIMATED_WARNING", "field_quality", "estimated_inputs", "has_quality_flags",
           "limit_selectors"]

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
    field counted once, however many indicators read it): a field it requires, and a field
    that chose its limit there (:func:`limit_selectors`) — so also an input of the gates
    that compare with that limit. Metadata that flags the quality of nothing
    (:func:`has_quality_flags`) says nothing of the share: unknown, not 0 %.
    """
    if not has_quality_flags(metadata):
        return None, None
    from .model import frame_memo

    n = len(frame)
    with frame_memo():  # the thresholds of one regulation share their version masks
        readers, selected = _readers(framework, frame)
        flagged = _estimated(frame, metadata, [f for f in {**readers, **selected} if f in frame.columns])
        # counted in bytes when the counts fit (a quarter of the memory traffic), handed out as int32
        counts = np.uint8 if len(flagged) < 256 else np.int32
        inputs = np.zeros(n, dtype=counts)
        estimated = np.zeros(n, dtype=counts)
        for fid, mask in flagged.items():
            used = _used(present, readers.get(fid, []), selected.get(fid, []))
            inputs += used
            if mask is True:
                estimated += used
            elif mask is not False:
                estimated += used & mask
    return inputs.astype(np.int32, copy=False), estimated.astype(np.int32, copy=False)


def limit_selectors(threshold: Any, frame: Any) -> list[tuple[str, np.ndarray | None]]:
    """The fields that choose a threshold's limit, each with the rows where it chose it (``None``: every row).

    A limit by category reads its ``by_field`` wherever its version applies; a transitional
    rule's flag decides the version wherever the reference date falls in its window (after
    the regulation's ``valid_to``, up to the rule's ``until``), whether the flag keeps the old
    version or not.
    """
    from .versions_applied import transition_window, versions_applied

    out: list[tuple[str, np.ndarray | None]] = []
    applies = versions_applied(threshold.versions, frame) if threshold.by_date else None
    for k, version in enumerate(threshold.versions):
        if version.limit.by_field:
            out.append((version.limit.by_field, None if applies is None else applies[k]))
        rule = version.regulation.transition
        if threshold.by_date and rule and version.regulation.valid_to:
            out.append((rule["field"], transition_window(version.regulation, frame)))
    return out


def _readers(framework: Any, frame: Any) -> tuple[dict[str, list[int]], dict[str, list[tuple[int, np.ndarray]]]]:
    """Per field, the indicators reading it on every row, and ``(indicator, rows)`` where it chose the limit."""
    readers: dict[str, list[int]] = {}
    selected: dict[str, list[tuple[int, np.ndarray]]] = {}
    for j, node in enumerate(framework.indicators):
        for fid in node.indicator.requires:
            readers.setdefault(fid, []).append(j)
        threshold = getattr(node, "threshold", None)
        for fid, rows in limit_selectors(threshold, frame) if threshold is not None else ():
            if rows is None:
                readers.setdefault(fid, []).append(j)
            else:
                selected.setdefault(fid, []).append((j, rows))
    return readers, selected


def _used(present: np.ndarray, js: list[int], selected: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """Rows where a field feeds a scored indicator: one of ``js``, or one it chose the limit of on those rows."""
    used = (present[:, js[0]] if len(js) == 1 else present[:, sorted(set(js))].any(axis=1)) if js else None
    for j, rows in selected:
        chose = present[:, j] & rows
        used = chose if used is None else used | chose
    return used if used is not None else np.zeros(present.shape[0], dtype=bool)


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
