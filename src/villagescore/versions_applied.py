"""Where each version of a threshold applies, per village-year, and what its transitional rule reads.

Dozens of indicators follow one regulation and its successor (QCVN 40:2011, then 40:2025 …): their
thresholds have versions with the same dates and rules. While a frame is scored or checked
(:func:`villagescore.model.frame_memo`) each set of masks, each transition window and each
transition flag column is worked out once for the frame; outside that block, on every call.
The arrays given out are read-only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .memo import _memo
from .model import reference_dates


def versions_applied(versions: Sequence[Any], frame: Any) -> list[np.ndarray]:
    """Per version (:class:`~villagescore.model.ThresholdVersion`), where it applies in ``frame``.

    A version applies where it is in force on the reference date, or where its transitional
    rule keeps it; a version kept so wins over its successor for those village-years.
    """
    key = ("applies", tuple((v.regulation.valid_from, v.regulation.valid_to, _rule_key(v.regulation.transition))
                            for v in versions))
    return list(_memo(frame, key, lambda: _work_out(versions, frame)))


def transition_window(regulation: Any, frame: Any) -> np.ndarray:
    """Where the reference date is after the regulation's ``valid_to`` and up to its transition's ``until``."""
    rule = regulation.transition
    key = ("transition window", regulation.valid_to, rule["until"])

    def window() -> np.ndarray:
        dates = reference_dates(frame)
        return _read_only((dates > np.datetime64(regulation.valid_to, "D")) & (dates <= np.datetime64(rule["until"],
                                                                                                      "D")))
    return _memo(frame, key, window)


def in_force_unverified(regulation: Any, frame: Any) -> np.ndarray | None:
    """Where the reference date is after the regulation's ``in_force_verified_to`` (``None``: it has none).

    There whether the version is still in force was not verified: its limits count as ``unverified``.
    """
    last = regulation.in_force_verified_to
    if not last:
        return None
    return _memo(frame, ("in force unverified", last),
                 lambda: _read_only(reference_dates(frame) > np.datetime64(last, "D")))


def transition_flag(field: str, frame: Any) -> np.ndarray:
    """The transitional rule's flag column as numbers (NaN: empty or not a number; all NaN: no such column)."""
    def flag() -> np.ndarray:
        if field not in frame.columns:
            return _read_only(np.full(len(frame), np.nan))
        return _read_only(pd.to_numeric(frame[field], errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    return _memo(frame, ("transition flag", field), flag)


def kept_by_transition(result: Any, j: int) -> np.ndarray | None:
    """Village-years of ``result`` whose version applied of indicator ``j`` is kept by its transitional rule.

    The version applied is in force only by its rule there: the reference date is after its
    ``valid_to``. ``None`` when no version of ``j`` has a rule; worked out once per result and indicator.
    """
    node = result.framework.indicators[j]
    cache = result.__dict__.setdefault("_kept_by_transition", {})
    if j not in cache:
        ruled = [(k, v.regulation) for k, v in enumerate(node.threshold.versions if node.threshold else ())
                 if v.regulation.transition and v.regulation.valid_to]
        kept = None
        if ruled:
            if "dates" not in cache:
                cache["dates"] = reference_dates(result.frame)
            applied = np.asarray(result.applied_versions(j))
            kept = np.zeros(len(applied), dtype=bool)
            for k, reg in ruled:
                kept |= (applied == k) & (cache["dates"] > np.datetime64(reg.valid_to, "D"))
                if not node.threshold.by_date:  # a pinned version applies whatever the date: the rule keeps it
                    kept &= _transition(reg, result.frame)  # only where its flag is yes, within the window
        cache[j] = kept
    return cache[j]


def pinned_past_validity(result: Any, j: int) -> np.ndarray | None:
    """Village-years where indicator ``j``'s pinned version (the one a threshold cites) applied past its ``valid_to``.

    A pinned version applies whatever the date (docs/framework-format.md): past its ``valid_to`` the pin,
    not a transitional rule, keeps it there (where its rule also keeps it, :func:`kept_by_transition`
    says so instead). ``None`` for a threshold by date or a version without ``valid_to``.
    """
    node = result.framework.indicators[j]
    cache = result.__dict__.setdefault("_pinned_past_validity", {})
    if j not in cache:
        threshold = node.threshold
        reg = threshold.versions[0].regulation if threshold is not None and not threshold.by_date else None
        past = None
        if reg is not None and reg.valid_to:
            past = np.asarray(result.applied_versions(j)) == 0
            past &= reference_dates(result.frame) > np.datetime64(reg.valid_to, "D")
            kept = kept_by_transition(result, j)
            if kept is not None:
                past &= ~kept
        cache[j] = past
    return cache[j]


def _rule_key(rule: Any) -> Any:
    """What of a transitional rule decides where it keeps a regulation."""
    return (rule["until"], rule["field"]) if rule else None


def _work_out(versions: Sequence[Any], frame: Any) -> tuple[np.ndarray, ...]:
    dates = reference_dates(frame)
    masks = [_in_force(v.regulation, dates) for v in versions]
    for k, version in enumerate(versions):
        kept = _transition(version.regulation, frame)
        if kept is not None and kept.any():
            for j in range(len(masks)):
                if j != k:
                    masks[j] = masks[j] & ~kept
            masks[k] = masks[k] | kept
    return tuple(_read_only(mask) for mask in masks)


def _in_force(regulation: Any, dates: np.ndarray) -> np.ndarray:
    if dates.dtype == _DAYS:  # compared as day numbers: numpy compares dates several times slower than integers
        days = dates.view(np.int64)
        ok = days != _NAT
        if regulation.valid_from:
            ok &= days >= np.datetime64(regulation.valid_from, "D").astype(np.int64)
        if regulation.valid_to:
            ok &= days <= np.datetime64(regulation.valid_to, "D").astype(np.int64)  # NaT's number is left out above
        return ok
    ok = ~np.isnat(dates)
    if regulation.valid_from:
        ok &= dates >= np.datetime64(regulation.valid_from, "D")
    if regulation.valid_to:
        ok &= dates <= np.datetime64(regulation.valid_to, "D")
    return ok


#: The reference dates' dtype, and the number NaT is stored as (the least ``int64``).
_DAYS = np.dtype("datetime64[D]")
_NAT = np.datetime64("NaT", "D").astype(np.int64)


def _transition(regulation: Any, frame: Any) -> np.ndarray | None:
    """Village-years that a regulation's transitional rule keeps under it after its ``valid_to`` (or ``None``)."""
    rule = regulation.transition
    if not rule or not regulation.valid_to:
        return None
    if rule["field"] not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return transition_window(regulation, frame) & (transition_flag(rule["field"], frame) == 1)


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
