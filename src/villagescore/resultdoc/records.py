"""The village records of a result document: one compact record per village-year, built chunk by chunk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..numbers import json_numbers
from ..unverified import scored_unverified_masks
from ..versions_applied import kept_by_transition, pinned_past_validity
from .codes import _CODES, _IDENTITY
from .header import header, weight_profiles

if TYPE_CHECKING:
    from ..results import Result

def _status_codes(code: np.ndarray) -> list[str]:
    """Rows of status codes (0 scored, 1 missing, 2 not applicable) as strings of one character per node."""
    if code.shape[1] == 0:
        return [""] * code.shape[0]
    letters = np.ascontiguousarray(_CODES[code])
    return letters.view(f"<U{code.shape[1]}").reshape(-1).tolist()


def _node_codes(score: np.ndarray, na: np.ndarray) -> np.ndarray:
    return np.where(na, 2, np.where(np.isnan(score), 1, 0))


def _text_column(frame: Any, column: str, rows: slice) -> list[Any]:
    if column not in frame.columns:
        return [None] * (rows.stop - rows.start)
    col = frame[column].iloc[rows]
    out = col.to_numpy(dtype=object, copy=True)
    out[col.isna().to_numpy()] = None
    return out.tolist()


def _values(result: Result, rows: slice, na: np.ndarray) -> list[list[Any]]:
    """Indicator values of ``rows`` (floats to 6 decimals; ``None`` where missing or not applicable)."""
    from ..results import _value

    m = len(result.matrix.values)
    out = np.empty((rows.stop - rows.start, m), dtype=object)
    for j, column in enumerate(result.matrix.values):
        col = np.asarray(column[rows])
        if col.dtype.kind == "f":
            out[:, j] = json_numbers(col, 6)
        elif col.dtype.kind in "iu":
            out[:, j] = col.astype(object)
        else:
            out[:, j] = [_value(x) for x in col]
    out[na] = None
    return out.tolist()


def _regulated(result: Result, rows: slice, na: np.ndarray
               ) -> Iterator[tuple[Any, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                   np.ndarray]]:
    """Per regulated indicator (framework order): its node, versions applied, rows flagged.

    The version applied per row is ``-1`` when none was in force and :data:`NOT_APPLICABLE`
    when the indicator is not applicable; the four masks (over ``rows``) are the rows flagged
    ``no_regulation``, ``limit_unknown``, ``limit_unverified`` (left out, not scored, because
    the limit applied is unverified: not applicable, yet with the version applied) and
    ``transitional`` (the version kept by its transitional rule; another flag of the row wins);
    the fifth, ``limit_unverified_scored``: scored against an unverified limit (policy ``score``),
    which wins over ``transitional``; the sixth, ``pinned_past_validity``: a pinned version applied past its
    ``valid_to`` where no transitional rule keeps it (another flag of the row wins).
    """
    n = rows.stop - rows.start
    scored_unverified = scored_unverified_masks(result)
    for j, node in enumerate(result.framework.indicators):
        versions = None if node.threshold is None else result.applied_versions(j)
        if versions is None:
            continue
        versions = np.asarray(versions)[rows].astype(np.int64)
        unknown = result.matrix.limit_unknown.get(j)
        unknown = np.zeros(n, dtype=bool) if unknown is None else np.asarray(unknown[rows], dtype=bool)
        left_out = getattr(result.matrix, "limit_unverified", {}).get(j)
        left_out = np.zeros(n, dtype=bool) if left_out is None else np.asarray(left_out[rows], dtype=bool)
        na_j = na[:, j] & ~left_out
        kept = kept_by_transition(result, j)
        kept = np.zeros(n, dtype=bool) if kept is None else kept[rows] & ~na_j
        pinned = pinned_past_validity(result, j)
        pinned = np.zeros(n, dtype=bool) if pinned is None else pinned[rows] & ~na_j
        marked = scored_unverified.get(j)
        marked = np.zeros(n, dtype=bool) if marked is None else np.asarray(marked[rows], dtype=bool)
        yield (node, np.where(na_j, NOT_APPLICABLE, versions), ~na[:, j] & (versions < 0),
               ~na[:, j] & (versions >= 0) & unknown, left_out, kept, marked, pinned)


#: The version applied of a regulated indicator that is not applicable (``None`` in the records).
NOT_APPLICABLE = np.iinfo(np.int64).min


def _regulations(result: Result, rows: slice, na: np.ndarray) -> tuple[list[list[Any]], list[dict]]:
    """Per row, the version applied of each regulated indicator and ``{indicator: flag code}``.

    Versions are indices into the indicator's ``versions`` table (framework order of the
    regulated indicators): ``-1`` when none was in force, ``None`` when not applicable.
    """
    n = rows.stop - rows.start
    flags: list[dict[str, str]] = [{} for _ in range(n)]
    columns = []
    for node, versions, none_in_force, unknown, left_out, kept, marked, pinned in _regulated(result, rows, na):
        cells = versions.astype(object)
        cells[versions == NOT_APPLICABLE] = None
        columns.append(cells)
        for mask, flag in ((pinned, "pinned_past_validity"), (kept, "transitional"),
                           (marked, "limit_unverified_scored"),
                           (none_in_force, "no_regulation"), (unknown, "limit_unknown"),
                           (left_out, "limit_unverified")):
            for i in np.flatnonzero(mask).tolist():
                flags[i][node.id] = flag
    applied = np.stack(columns, axis=1).tolist() if columns else [[] for _ in range(n)]
    return applied, flags


def village_records(result: Result, start: int = 0, stop: int | None = None,
                    weight_rows: np.ndarray | None = None) -> list[dict[str, Any]]:
    """The compact records of rows ``start:stop`` (arrays in the order of the framework tables).

    ``weight_rows``: each village-year's row of the document's weight profiles
    (:func:`weight_profiles`; computed when not given).
    """
    from ..kernel import GATE_STATUSES
    from ..quality import ESTIMATED_WARNING

    stop = len(result) if stop is None else min(stop, len(result))
    rows = slice(start, stop)
    n = stop - start
    if n <= 0:
        return []
    if weight_rows is None:
        weight_rows = weight_profiles(result)[0]
    fw, t, f = result.framework, result.tree, result.frame
    code = _indicator_codes(result, rows)
    na = code == 2
    weights = result.overall_weights(rows)
    scores = result.matrix.scores[rows]
    contrib = np.nan_to_num(weights * scores)
    ind = {"value": _values(result, rows, na), "score": json_numbers(scores, 4).tolist(), "status": _status_codes(code),
           "weights": weight_rows[rows].tolist(), "contribution": json_numbers(contrib, 4).tolist()}
    pil = {"score": json_numbers(t.pillar_score[rows], 4).tolist(),
           "coverage": json_numbers(t.pillar_coverage[rows], 4).tolist(),
           "status": _status_codes(_node_codes(t.pillar_score[rows], t.pillar_na[rows]))}
    cri = {"score": json_numbers(t.criterion_score[rows], 4).tolist(),
           "coverage": json_numbers(t.criterion_coverage[rows], 4).tolist(),
           "status": _status_codes(_node_codes(t.criterion_score[rows], t.criterion_na[rows]))}
    if result.gate_status is None:
        gstat = np.where(result.fired[rows], "failed", "passed").astype(object)
    else:
        gstat = np.asarray(GATE_STATUSES, dtype=object)[np.asarray(result.gate_status[rows], dtype=int)]
    gates = {"status": gstat.tolist(), "fired": result.fired[rows].tolist()}
    applied, flags = _regulations(result, rows, na)
    outcomes = {int(r): fw.outcome(int(r)) for r in np.unique(result.rating[rows])}
    ratings = [None if outcomes[r] is None else outcomes[r].id for r in result.rating[rows].tolist()]
    share = result.estimated_share[rows]
    if result.inputs is None or result.estimated is None:
        estimates = [{"inputs": None, "estimated": None, "share": None, "warning": False}] * n
    else:
        inputs, estimated = result.inputs[rows].tolist(), result.estimated[rows].tolist()
        shares = json_numbers(share, 4).tolist()
        warn = (np.nan_to_num(share, nan=-1.0) >= ESTIMATED_WARNING).tolist()
        estimates = [{"inputs": a, "estimated": b, "share": s, "warning": w}
                     for a, b, s, w in zip(inputs, estimated, shares, warn, strict=True)]
    ids = [str(x) for x in f["village_id"].iloc[rows].tolist()]
    years = [int(x) for x in f["year"].iloc[rows].tolist()]
    ident = {c: _text_column(f, c, rows) for c in _IDENTITY}
    sectors = [[s for s in str(x or "").split(";") if s] for x in _text_column(f, "sectors", rows)]
    overall = json_numbers(t.overall_score[rows], 4).tolist()
    coverage = json_numbers(t.overall_coverage[rows], 4).tolist()
    out = []
    for i in range(n):
        out.append({
            "village_id": ids[i], "name": ident["name"][i], "commune": ident["commune"][i],
            "province": ident["province"][i], "former_commune": ident["former_commune"][i],
            "former_district": ident["former_district"][i],
            "former_province": ident["former_province"][i], "sectors": sectors[i], "year": years[i],
            "overall": {"score": overall[i], "coverage": coverage[i], "rating": ratings[i]},
            "estimates": estimates[i],
            "pillars": {k: v[i] for k, v in pil.items()},
            "criteria": {k: v[i] for k, v in cri.items()},
            "indicators": {k: v[i] for k, v in ind.items()},
            "regulations": applied[i], "flags": flags[i],
            "gates": {k: v[i] for k, v in gates.items()},
        })
    return out


def _indicator_codes(result: Result, rows: slice) -> np.ndarray:
    m = result.matrix
    return np.where(~m.applicable[rows], 2, np.where(m.present[rows], 0, 1))


def to_document(result: Result) -> dict[str, Any]:
    """The whole document as one dict (for small results and tests; writers stream instead)."""
    weight_rows, profiles = weight_profiles(result)
    return {**header(result, profiles), "villages": village_records(result, weight_rows=weight_rows)}
