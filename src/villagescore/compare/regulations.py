"""The regulation version each indicator of each observation was scored against (for the side-by-side view).

A legal limit changes with its regulation (a poverty line raised by a new decree, say): two
village-years scored against different versions differ in part because of the
regulation, not only because of the villages. Result documents record, per village-year, the
version applied of every regulated indicator (``regulations``, positions in the indicator's
``versions`` table); a fresh result knows them from its framework. These helpers turn either into
a matrix of regulation ids (:attr:`~villagescore.compare.table.Level.regulation`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "coded_regulations_from_result", "regulations_from_records", "regulations_from_v1", "regulations_from_result",
]


def regulations_from_records(indicators: Sequence[Mapping[str, Any]], applied: Sequence[Any],
                             documents: Mapping[str, Any] | None) -> tuple[np.ndarray | None, dict[str, str]]:
    """The ``(records, indicators)`` matrix of regulation ids of version-2 records, and each id's document.

    ``indicators``: the header's ``framework.indicators``; ``applied``: each record's
    ``regulations`` (``None`` for a record without them). ``None`` when no record has them.
    """
    regulated = [(j, [v.get("regulation") for v in x.get("versions") or []]) for j, x in enumerate(indicators)
                 if "versions" in x]
    if not regulated or not any(a is not None for a in applied):
        return None, {}
    out = np.full((len(applied), len(indicators)), None, dtype=object)
    # one float matrix of the positions (NaN: none recorded), then each column's ids taken at once
    width = len(regulated)
    rows = [i for i, a in enumerate(applied) if isinstance(a, list) and len(a) == width]
    try:
        codes = np.array([applied[i] for i in rows], dtype=float).reshape(len(rows), width)
    except (TypeError, ValueError):  # not all numbers: read one by one below
        rows, codes = [], np.empty((0, width))
    fast = np.zeros(len(applied), dtype=bool)
    fast[rows] = True
    for c, (j, versions) in enumerate(regulated):
        names = np.asarray([*versions, "", None], dtype=object)  # then: out of range, not recorded
        k = codes[:, c]
        at = np.where(np.isnan(k), len(names) - 1,
                      np.where((k >= 0) & (k < len(versions)), np.nan_to_num(k), len(versions))).astype(np.int64)
        out[rows, j] = names[at]
    for i in np.flatnonzero(~fast).tolist():  # a record of another length (written by hand): one by one
        if applied[i]:
            for (j, versions), k in zip(regulated, applied[i], strict=False):
                if k is not None:
                    out[i, j] = versions[k] if 0 <= k < len(versions) else ""
    return out, {rid: str((doc or {}).get("document") or rid) for rid, doc in (documents or {}).items()}


def regulations_from_v1(blocks: Sequence[Mapping[str, Any]], ids: Sequence[str]
                        ) -> tuple[np.ndarray | None, dict[str, str]]:
    """The same matrix for version-1 villages (``blocks``: each village's ``{indicator id: indicator}``).

    A regulated indicator there holds ``regulation``: ``{id, document, limit}``, or ``null`` when
    no version was in force; an indicator without the key is not regulated or not applicable.
    """
    out = np.full((len(blocks), len(ids)), None, dtype=object)
    documents: dict[str, str] = {}
    found = False
    for i, block in enumerate(blocks):
        for j, x in enumerate(ids):
            node = block.get(x)
            if node is None or "regulation" not in node:
                continue
            found = True
            reg = node["regulation"] or {}
            out[i, j] = str(reg.get("id") or "")
            if reg.get("id"):
                documents[str(reg["id"])] = str(reg.get("document") or reg["id"])
    return (out if found else None), documents


def regulations_from_result(result: Any, *, regulated_only: bool = False) -> tuple[np.ndarray | None, dict[str, str]]:
    """The same matrix for a fresh :class:`~villagescore.results.Result` (not applicable: ``None``).

    ``regulated_only``: a column for each indicator with a threshold only (framework order), as
    :func:`~villagescore.compare.table.regulation_level` keeps: a national result's other
    columns would be millions of ``None`` cells made to be dropped.
    """
    inds = result.framework.indicators
    columns = [j for j, node in enumerate(inds) if node.threshold is not None] if regulated_only else range(len(inds))
    # every cell None (np.empty of objects; np.full fills one by one), a column a contiguous row, given transposed
    out = np.empty((len(columns), len(result)), dtype=object)
    documents: dict[str, str] = {}
    applicable = result.matrix.applicable
    found = False
    for c, j in enumerate(columns):
        node = inds[j]
        versions = result.applied_versions(j) if node.threshold is not None else None
        if versions is None:
            continue
        found = True
        ids = np.asarray([v.regulation.id for v in node.threshold.versions] + [""], dtype=object)
        documents.update({v.regulation.id: v.regulation.document for v in node.threshold.versions})
        k = np.asarray(versions, dtype=np.int64)
        column = ids[np.where(k < 0, len(ids) - 1, k)]
        # not applicable: none; left out for an unverified limit: the version applied, as result files keep it
        left_out = getattr(result.matrix, "limit_unverified", {}).get(j)
        absent = ~np.asarray(applicable[:, j], dtype=bool)
        column[absent if left_out is None else absent & ~np.asarray(left_out, dtype=bool)] = None
        out[c] = column
    return (out.T if found else None), documents


def coded_regulations_from_result(result: Any) -> Callable[[], tuple[np.ndarray | None, dict[str, str]]]:
    """:func:`regulations_from_result` (``regulated_only``) taken now as small codes, made into ids when called.

    A comparison of one year never asks for the versions applied (they serve changes over time);
    a national result's matrix of ids is tens of megabytes of object cells. The codes (the
    version's index, the last for none in force, ``-1`` where ``None``) keep no reference to
    ``result``, so its dataset and matrices are freed as before.
    """
    inds = result.framework.indicators
    columns = [j for j, node in enumerate(inds) if node.threshold is not None]
    widest = max((len(inds[j].threshold.versions) for j in columns), default=0)
    kind = np.int8 if widest < 127 else np.int16  # a version's index, one for none in force, -1: a byte each
    codes = np.full((len(result), len(columns)), -1, dtype=kind)
    tables: list[np.ndarray] = []
    documents: dict[str, str] = {}
    applicable = result.matrix.applicable
    found = False
    known = result.__dict__.get("_versions", {})  # Result.applied_versions's cache: not filled from here
    for c, j in enumerate(columns):
        node = inds[j]
        # a column at a time, not kept: cached in the result, every regulated indicator's would stay beside it
        versions = known[j] if j in known else node.threshold.version_index(result.frame)
        ids = [v.regulation.id for v in node.threshold.versions]
        tables.append(np.asarray([*ids, "", None], dtype=object))  # code len(ids): none in force; -1: None
        if versions is None:
            continue
        found = True
        documents.update({v.regulation.id: v.regulation.document for v in node.threshold.versions})
        k = np.asarray(versions, dtype=np.int64)
        column = np.where(k < 0, len(ids), k).astype(kind)
        left_out = getattr(result.matrix, "limit_unverified", {}).get(j)  # as regulations_from_result
        absent = ~np.asarray(applicable[:, j], dtype=bool)
        column[absent if left_out is None else absent & ~np.asarray(left_out, dtype=bool)] = -1
        codes[:, c] = column

    def decoded() -> tuple[np.ndarray | None, dict[str, str]]:
        if not found:
            return None, documents
        out = np.empty((len(columns), len(codes)), dtype=object)
        for c, table in enumerate(tables):
            out[c] = table[codes[:, c]]  # -1 takes the last cell: None
        return out.T, documents

    return decoded
