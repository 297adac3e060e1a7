"""The rows ``--keep-going`` leaves out, as a result records them (``provenance.rows_left_out``).

Nothing is lost: a result scored with invalid rows dropped says which rows it left out
(spreadsheet row, village, year when it can be read) and why (each problem's rule, column
and English message), so a reader of the result file alone knows it is incomplete.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Problem
from .collector import index_label_text, row_where


def left_out(frame: pd.DataFrame, rows: np.ndarray, ids: np.ndarray, bad: Sequence[int],
             problems: Sequence[Problem], where: Callable[[int], str] | None = None,
             labels: Sequence[Any] | None = None) -> list[dict[str, Any]]:
    """One entry per dropped row (positions ``bad`` of the raw ``frame``), in row order, with its problems.

    ``rows`` and ``ids``: the spreadsheet row number and village id of each position (the
    collector's); ``where`` names a row as its problems do (the collector's ``where_of``). The
    year is the cell read as a whole number, ``None`` when it is not one. ``labels``: the index
    labels of a DataFrame given in Python, by position; each entry then has its row's label as
    ``index`` (as a user types it: ``12``, ``'a'``), the label the user looks the row up by, and
    the label itself as ``index_label`` (``frame.loc[entry["index_label"]]``; a MultiIndex's as a list:
    ``frame.loc[tuple(entry["index_label"])]``; JSON-safe: :func:`json_label`).
    """
    positions = np.asarray(sorted(bad), dtype=np.int64)
    if positions.size == 0:
        return []
    if "year" in frame.columns:
        years = pd.to_numeric(frame["year"].iloc[positions], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    else:
        years = np.full(positions.size, np.nan)
    by_row: dict[str, list[dict[str, str]]] = {}
    for p in problems:
        by_row.setdefault(p.where, []).append({"rule": p.rule, "column": p.column, "message": p.message})
    out = []
    for pos, year in zip(positions.tolist(), years.tolist(), strict=True):
        whole = np.isfinite(year) and float(year).is_integer()
        found = by_row.get((where or row_where())(int(rows[pos])), [])
        entry: dict[str, Any] = {"row": int(rows[pos])}
        if labels is not None:  # the row's own label (positions after empty rows were dropped are not the frame's)
            label = labels[int(rows[pos]) - 2]
            entry["index"] = index_label_text(label)
            entry["index_label"] = json_label(label)
        out.append({**entry, "village_id": str(ids[pos]), "year": int(year) if whole else None, "problems": found})
    return out


def json_label(label: Any) -> Any:
    """An index label as JSON holds it: a number, text or ``true``/``false`` as it is, a date as its text.

    A MultiIndex's label (a tuple) is a list of its parts, each so: ``frame.loc[tuple(label)]`` finds the row.
    """
    if isinstance(label, np.generic):
        label = label.item()
    if isinstance(label, tuple):
        return [json_label(part) for part in label]
    if label is None or isinstance(label, bool | int | str):
        return label
    if isinstance(label, float):
        return label if np.isfinite(label) else None
    return str(label)  # a date, a period …


def record_left_out(result: Any, dataset: Any) -> Any:
    """Write ``dataset.left_out`` into ``result.provenance`` (``rows_left_out``) when rows were dropped; ``result``."""
    rows = getattr(dataset, "left_out", None)
    if rows:
        result.provenance["rows_left_out"] = {"count": len(rows),
                                              "problems": sum(len(r["problems"]) for r in rows), "rows": rows}
    return result
