"""The regulation version an indicator of one village-year was scored against, and its flag, for the views.

:meth:`~villagescore.results.Result.village_dict` (the reports, explain) says per indicator what the
result document's records say (:mod:`villagescore.resultdoc.records`): the version applied and one
flag of :data:`~villagescore.resultdoc.codes.FLAGS`, chosen as there: ``transitional`` (kept by its
transitional rule) or ``pinned_past_validity`` (a pinned version past its ``valid_to``), over them
``limit_unverified_scored`` (scored against an unverified limit), over
both ``limit_unknown`` and ``limit_unverified`` (left out, not scored); ``no_regulation`` alone.
"""

from __future__ import annotations

from typing import Any

from .resultdoc.codes import FLAGS

__all__ = ["applied_regulation"]


def applied_regulation(result: Any, i: int, j: int, status: str, rows: slice | None = None) -> dict[str, Any]:
    """``{"regulation": {id, document, limit}, "flag": …}`` of indicator ``j`` at row ``i`` (``{}``: no threshold).

    The flag, when any, is the English sentence of :data:`~villagescore.resultdoc.codes.FLAGS`
    (a view says it in its language by its code). ``status``: the indicator's status there;
    ``rows``: the village-years of the caller's cache (row ``i`` is one of them, counted from
    their first), as for :meth:`~villagescore.results.Result.applied_versions`.
    """
    from .unverified import scored_unverified_masks
    from .versions_applied import kept_by_transition, pinned_past_validity

    node = result.framework.indicators[j]
    versions = result.applied_versions(j, rows)
    left_out = getattr(result.matrix, "limit_unverified", {}).get(j)
    unverified = left_out is not None and bool(left_out[i])
    if versions is None or (status == "not_applicable" and not unverified):
        return {}
    k = int(versions[i if rows is None else i - (rows.start or 0)])
    if k < 0:
        return {"regulation": None, "flag": FLAGS["no_regulation"]}
    version = node.threshold.versions[k]
    out: dict[str, Any] = {"regulation": {"id": version.regulation.id, "document": version.regulation.document,
                                          "limit": version.limit.id}}
    kept = kept_by_transition(result, j) if status != "not_applicable" else None
    pinned = pinned_past_validity(result, j) if status != "not_applicable" else None
    scored = scored_unverified_masks(result).get(j)
    unknown = result.matrix.limit_unknown.get(j)
    for mask, code in ((pinned, "pinned_past_validity"), (kept, "transitional"), (scored, "limit_unverified_scored"),
                       (unknown, "limit_unknown"),
                       (left_out, "limit_unverified")):
        if mask is not None and bool(mask[i]):
            out["flag"] = FLAGS[code]
    return out
