"""The policy for legal limits of confidence ``unverified``: leave the indicator out there, or score against it.

A limit value nobody has checked (a candidate patterned on a sister regulation) must not
decide a score unchecked. A framework says what to do with one in
``defaults.unverified_limits`` (:attr:`~villagescore.model.Framework.unverified_limits`;
``score`` when absent); a run may override it (``--unverified-limits``, the ``unverified_limits``
keyword of :func:`villagescore.evaluate`). Under ``exclude`` the engine leaves out, like an
indicator that does not apply, every village-year whose limit applied is unverified
(:meth:`~villagescore.model.Threshold.unverified`): its weight is shared among the others, it
leaves both the present and the applicable weight (not counted as missing data), a ``zero``
missing-data policy does not make it 0, and a gate that compares with that limit cannot be
judged there (``unknown``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .errors import VillageScoreError, said
from .i18n import N_
from .model import UNVERIFIED_POLICIES

__all__ = ["UNVERIFIED_POLICIES", "with_unverified_limits", "excluded_rows", "gate_unverified",
           "with_unverified_policy", "left_out_in_row", "scored_unverified", "scored_unverified_masks",
           "scored_unverified_counts"]


def with_unverified_limits(framework: Any, policy: str | None) -> Any:
    """``framework`` under ``policy`` (``None``: its own); its resolved hash is that of the policy applied.

    Raises :class:`~villagescore.errors.VillageScoreError` for a policy other than ``exclude`` or ``score``.
    """
    if policy is None or policy == framework.unverified_limits:
        return framework
    if policy not in UNVERIFIED_POLICIES:
        raise said(VillageScoreError, N_("unverified_limits must be one of {allowed}, not {value!r}"),
                   allowed=", ".join(UNVERIFIED_POLICIES), value=policy)
    from .framework.export import resolved_sha256

    changed = dataclasses.replace(framework, unverified_limits=policy)
    return dataclasses.replace(changed, resolved_sha256=resolved_sha256(changed))


def excluded_rows(framework: Any, node: Any, frame: Any, applicable: np.ndarray | None) -> np.ndarray | None:
    """Where ``node`` is left out because its limit applied is unverified (``None``: nowhere, or policy ``score``).

    Only where it would otherwise apply (``applicable``; ``None``: everywhere), and only when
    the scorer's limit is the threshold's.
    """
    if framework.unverified_limits != "exclude" or not node.limit_from_threshold:
        return None
    mask = np.broadcast_to(np.asarray(node.threshold.unverified(frame), dtype=bool), (len(frame),))
    if applicable is not None:
        mask = mask & applicable
    return mask.copy() if mask.any() else None


def gate_unverified(framework: Any, frame: Any) -> dict[int, np.ndarray]:
    """Gate index → where the legal limit a gate compares with is unverified (policy ``exclude`` only)."""
    if framework.unverified_limits != "exclude":
        return {}
    out = {}
    for g, gate in enumerate(framework.gates):
        if gate.limit is not None:
            mask = np.broadcast_to(np.asarray(gate.limit.unverified(frame), dtype=bool), (len(frame),))
            if mask.any():
                out[g] = mask.copy()
    return out


def with_unverified_policy(provenance: dict[str, Any], framework: Any, matrix: Any) -> None:
    """Record in ``provenance`` the policy applied (``provenance.unverified_limits``) unless it changed nothing.

    Recorded as ``{"policy", "source", "left_out"}`` when the policy is ``exclude`` or a run chose
    it (``options.unverified_limits``): ``source`` is ``framework`` or ``option``; ``left_out``
    maps each indicator left out somewhere to the number of village-years it was left out.
    A framework's own ``score`` is not recorded: its results are those of a framework without
    the setting, byte for byte.
    """
    overridden = "unverified_limits" in (provenance.get("options") or {})
    if framework.unverified_limits == "score" and not overridden:
        return
    left_out = {framework.indicators[j].id: int(mask.sum()) for j, mask in matrix.limit_unverified.items()}
    provenance["unverified_limits"] = {"policy": framework.unverified_limits,
                                       "source": "option" if overridden else "framework",
                                       "left_out": dict(sorted(left_out.items()))}


def left_out_in_row(result: Any, i: int, rows: slice | None = None) -> list[tuple[Any, Any]]:
    """``(indicator node, regulation version)`` of each indicator row ``i`` left out for an unverified limit.

    In framework order; the version is the one applied there, whose limit is unverified. The
    reports, the workbook and explain's plans name the indicators and versions from this list.
    ``rows``: the village-years a report shows (a slice from the first row, holding ``i``), on
    which alone the version applied is decided (:meth:`~villagescore.results.Result.applied_versions`).
    """
    out = []
    for j, mask in sorted(getattr(result.matrix, "limit_unverified", {}).items()):
        if mask[i]:
            node = result.framework.indicators[j]
            applied = result.applied_versions(j, rows)[i if rows is None else i - (rows.start or 0)]
            out.append((node, node.threshold.versions[int(applied)]))
    return out


def scored_unverified(result: Any, rows: slice | None = None) -> dict[int, np.ndarray]:
    """Indicator index → where it has a score computed against a limit of confidence ``unverified``.

    Under policy ``score`` (``--unverified-limits score``) such a score stands beside the others:
    reports mark it so that it is checked before a policy use. ``rows``: only those village-years
    (a slice from the first row), the masks then as long as they are.
    """
    frame = result.frame if rows is None else result.frame.iloc[rows]
    scores = result.matrix.scores if rows is None else result.matrix.scores[rows]
    out = {}
    for j, node in enumerate(result.framework.indicators):
        if node.threshold is None or not node.limit_from_threshold:
            continue
        mask = np.broadcast_to(np.asarray(node.threshold.unverified(frame), dtype=bool), (len(frame),))
        if mask.any():
            mask = mask & ~np.isnan(scores[:, j])
            if mask.any():
                out[j] = mask.copy()
    return out


def scored_unverified_masks(result: Any) -> dict[int, np.ndarray]:
    """:func:`scored_unverified` over every village-year, worked out once per result (read-only masks).

    Empty unless the policy is ``score``: under ``exclude`` no score rests on an unverified limit.
    The result document's flags (``limit_unverified_scored``) and the tables' count read it by chunks.
    """
    cache = result.__dict__
    if "_scored_unverified" not in cache:
        masks = scored_unverified(result) if result.framework.unverified_limits == "score" else {}
        for mask in masks.values():
            mask.flags.writeable = False
        cache["_scored_unverified"] = masks
    return cache["_scored_unverified"]


def scored_unverified_counts(result: Any) -> np.ndarray:
    """Per village-year, how many indicators were scored against an unverified limit (0 under ``exclude``)."""
    counts = np.zeros(len(result.frame), dtype=np.int64)
    for mask in scored_unverified_masks(result).values():
        counts += mask
    return counts
