"""The store as a source of ``villagescore compare``: each stored evaluation as a ScoreTable.

:func:`tables_from_store` gives, for every evaluation (optionally of one framework id),
the same :class:`~villagescore.compare.ScoreTable` (level matrices) that
:func:`~villagescore.compare.table_from_result` gives for a freshly scored Result: the
*not applicable* cells the store leaves out are put back (score NaN; for indicators weight
and contribution 0), scores are rounded as in result files. Give the pairs to
:func:`villagescore.compare.load_table` with the other sources.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["tables_from_store", "table_from_evaluation"]

_CODES = {"scored": 0, "missing": 1, "not_applicable": 2}
_ID_COLS = ("name", "commune", "province", "former_province", "former_district")


def _text(values: list[Any]) -> np.ndarray:
    return np.array(values, dtype=object)


def table_from_evaluation(con: sqlite3.Connection, evaluation: int, label: str | None = None,
                          lang: str = "en") -> Any:
    """The ScoreTable of one stored evaluation."""
    from ..compare import Level, Run, ScoreTable
    from ..compare.table import rounded
    from ..i18n import t

    ev = con.execute("SELECT framework, framework_id, framework_version, dataset_sha256, dataset_file, engine_version "
                     "FROM evaluations WHERE id = ?", (evaluation,)).fetchone()
    fid, fw_id, fw_version, ds_sha, ds_file, engine = ev
    rows = con.execute("SELECT id, village_id, year, name, commune, province, former_province, former_district, "
                       "sectors, overall_score, overall_coverage, rating, estimated_share FROM village_years "
                       "WHERE evaluation = ? "
                       "ORDER BY id", (evaluation,)).fetchall()
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in range(13)]
    vy_ids = np.asarray(cols[0], dtype=np.int64)
    villages = pd.DataFrame({
        "obs": np.arange(n), "run": 0, "village_id": _text(list(cols[1])).astype(str),
        "year": np.asarray(cols[2], dtype=int),
        **{c: _text(list(cols[3 + k])) for k, c in enumerate(_ID_COLS)},
        "sectors": _text([";".join(json.loads(s or "[]")) for s in cols[8]]),
        "overall_score": rounded([np.nan if x is None else x for x in cols[9]]),
        "overall_coverage": rounded([np.nan if x is None else x for x in cols[10]]),
        "rating": _text(list(cols[11])),
        "estimated_share": rounded([np.nan if x is None else x for x in cols[12]]),
    })
    nodes_meta = con.execute("SELECT id, level, node_id, pillar, criterion, label_vi, label_en, weight FROM nodes "
                             "WHERE framework = ? ORDER BY CASE level WHEN 'pillar' THEN 0 WHEN 'criterion' THEN 1 "
                             "ELSE 2 END, position", (fid,)).fetchall()
    lo, hi = (int(vy_ids.min()), int(vy_ids.max())) if n else (0, -1)
    # an evaluation's village-years have consecutive ids (written in one transaction): row = id - lo
    consecutive = n == 0 or hi - lo + 1 == n
    position = None if consecutive else pd.Series(np.arange(n), index=vy_ids)
    levels = {}
    for level in ("pillar", "criterion", "indicator"):
        meta = [m for m in nodes_meta if m[1] == level]
        k = len(meta)
        score = np.full((n, k), np.nan)
        status = np.full((n, k), 2, dtype=np.int8)
        weight = np.zeros((n, k)) if level == "indicator" else None
        column = {int(m[0]): j for j, m in enumerate(meta)}
        marks = ",".join("?" * k)
        table, extra = ("indicator_scores", "weight") if level == "indicator" else ("node_scores", "NULL")
        cur = con.execute(f"SELECT node, village_year, score, status, {extra} FROM {table} "  # noqa: S608
                          f"WHERE node IN ({marks}) AND village_year BETWEEN ? AND ?",
                          (*column, lo, hi))
        found = pd.DataFrame.from_records(cur.fetchall(), columns=["node", "vy", "score", "status", "weight"])
        if len(found):
            rows = (found["vy"].to_numpy() - lo) if consecutive else position.reindex(found["vy"]).to_numpy()
            keep = ~pd.isna(rows)
            rows = np.asarray(rows[keep], dtype=np.int64)
            cols = found["node"].map(column).to_numpy()[keep].astype(np.int64)
            score[rows, cols] = pd.to_numeric(found["score"], errors="coerce").to_numpy(dtype=float)[keep]
            status[rows, cols] = found["status"].map(_CODES).fillna(1).to_numpy(dtype=np.int8)[keep]
            if weight is not None:
                weight[rows, cols] = pd.to_numeric(found["weight"], errors="coerce").fillna(0.0).to_numpy()[keep]
        levels[level] = Level(
            tuple(m[2] for m in meta), tuple(m[3] for m in meta),
            tuple(m[4] if level != "pillar" else None for m in meta), rounded(score), status,
            None if weight is None else rounded(weight, 6),
            None if weight is None else rounded(np.nan_to_num(weight * score)))
    fw_row = con.execute("SELECT sha256 FROM frameworks WHERE id = ?", (fid,)).fetchone()
    tiers = tuple({"id": t, "label": {"vi": lv, "en": le}, "min_score": ms} for t, lv, le, ms in con.execute(
        "SELECT tier_id, label_vi, label_en, min_score FROM tiers WHERE framework = ? AND min_score IS NOT NULL "
        "ORDER BY position", (fid,)))
    run = Run(
        label=label or t("store.compare_label", lang).format(n=evaluation, file=ds_file or "—"),
        framework_id=fw_id,
        framework_version=str(fw_version), framework_sha256=fw_row[0] if fw_row else None, tiers=tiers,
        pillars=tuple({"id": m[2], "label": {"vi": m[5], "en": m[6]}, "weight": m[7]}
                      for m in nodes_meta if m[1] == "pillar"),
        criteria=tuple(m[2] for m in nodes_meta if m[1] == "criterion"),
        indicators=tuple(m[2] for m in nodes_meta if m[1] == "indicator"),
        dataset_sha256=ds_sha, engine_version=engine,
    )
    return ScoreTable([run], villages, [levels])


def tables_from_store(con: sqlite3.Connection, *, framework: str | None = None,
                      lang: str = "en") -> list[tuple[str, Any]]:
    """``(label, ScoreTable)`` for every stored evaluation, oldest first (of framework id ``framework`` if given)."""
    sql = "SELECT id FROM evaluations" + (" WHERE framework_id = ?" if framework else "") + " ORDER BY id"
    out = []
    for (eid,) in con.execute(sql, (framework,) if framework else ()).fetchall():
        table = table_from_evaluation(con, eid, lang=lang)
        out.append((table.runs[0].label, table))
    return out
