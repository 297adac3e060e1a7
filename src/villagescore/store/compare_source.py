"""The store as a source of ``villagescore compare``: each stored evaluation as a ScoreTable.

:func:`tables_from_store` gives, for every evaluation (optionally of one stored framework: an id,
``ID@VERSION`` or a framework file, as ``targets`` and ``store history`` choose),
the same :class:`~villagescore.compare.ScoreTable` (level matrices) that
:func:`~villagescore.compare.table_from_result` gives for a freshly scored Result: the
*not applicable* cells the store leaves out are put back (score NaN; for indicators weight
and contribution 0), scores are rounded as in result files, and the regulation version applied
to each regulated indicator is read back as a result file gives it (:mod:`.applied`; partly for
evaluations stored before schema version 3). Give the pairs to
:func:`villagescore.compare.load_table` with the other sources.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["tables_from_store", "table_from_evaluation"]

_ID_COLS = ("name", "commune", "province", "former_province", "former_district", "former_commune")
#: Score rows read from the store at a time.
CHUNK = 100_000


def _text(values: list[Any]) -> np.ndarray:
    return np.array(values, dtype=object)


def _joined_sectors(cells: Any) -> list[str]:
    """Each village-year's sectors (a JSON list in the store) as ``a;b``, each distinct cell read once."""
    joined = {s: ";".join(json.loads(s or "[]")) for s in set(cells)}
    return [joined[s] for s in cells]


def _village_years(con: sqlite3.Connection, evaluation: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The observations of one evaluation (one row per village-year, in id order) and their store ids."""
    from ..compare.gates import store_cells
    from ..compare.table import rounded

    rows = con.execute("SELECT id, village_id, year, name, commune, province, former_province, former_district, "
                       "former_commune, sectors, overall_score, overall_coverage, rating, estimated_share, "
                       "gates_status, gates_fired FROM village_years "
                       "WHERE evaluation = ? ORDER BY id", (evaluation,)).fetchall()
    n = len(rows)
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in range(16)]
    del rows
    villages = pd.DataFrame({
        "obs": np.arange(n), "run": 0, "village_id": _text(list(cols[1])).astype(str),
        "year": np.asarray(cols[2], dtype=int),
        **{c: _text(list(cols[3 + k])) for k, c in enumerate(_ID_COLS)},
        "sectors": _text(_joined_sectors(cols[9])),
        "overall_score": rounded(np.array(cols[10], dtype=float)),
        "overall_coverage": rounded(np.array(cols[11], dtype=float)),
        "rating": _text(list(cols[12])),
        "estimated_share": rounded(np.array(cols[13], dtype=float)),
        "gates": store_cells(cols[14], cols[15]),  # NULL: stored before the gates' status was (then derived)
    })
    return villages, np.asarray(cols[0], dtype=np.int64)


def _regulations_alone(applied: Any, lo: int, hi: int, rows_of: Any) -> Any:
    """The versions applied without the indicator scores (:func:`~villagescore.compare.table.regulation_level`).

    Over-time changes flag a change of regulation between two years (all villages): only the
    regulated indicators' version column is read, never their scores, each row packed into one
    integer by SQLite (node, village-year, version: a third of the time of reading them as
    tuples). ``None`` when no indicator is regulated.
    """
    from ..compare import Level

    if not applied:
        return None
    first = min(applied.nodes)
    position = np.full(max(applied.nodes) - first + 1, -1, dtype=np.int64)
    position[np.asarray(applied.nodes) - first] = np.flatnonzero(applied.column >= 0)  # store node -> level column
    top = applied.con.execute("SELECT max(id) FROM regulations").fetchone()[0] or 0
    if len(position) >= 1 << 21 or hi - lo >= 1 << _ROW_BITS or top >= 1 << _VERSION_BITS:  # pragma: no cover
        msg = "store ids beyond the packed versions' range"
        raise AssertionError(msg)
    cur = applied.con.execute(
        f"SELECT ((node - ?) << {_ROW_BITS + _VERSION_BITS}) | ((village_year - ?) << {_VERSION_BITS}) "  # noqa: S608
        f"| ifnull(regulation, 0) FROM indicator_scores WHERE node IN ({','.join('?' * len(applied.nodes))}) "
        f"AND village_year BETWEEN ? AND ?", (first, lo, *applied.nodes, lo, hi))
    while batch := cur.fetchmany(CHUNK):
        packed = np.fromiter(itertools.chain.from_iterable(batch), dtype=np.int64, count=len(batch))
        rows, keep = rows_of((packed >> _VERSION_BITS & ((1 << _ROW_BITS) - 1)) + lo)
        applied.take(rows, position[packed[keep] >> (_ROW_BITS + _VERSION_BITS)],
                     (packed[keep] & ((1 << _VERSION_BITS) - 1)).astype(float))
    applied.add_left_out(lo, hi, rows_of)
    regulation, documents = applied.regulated_matrix()
    ids = tuple(applied.ids[k] for k in np.flatnonzero(applied.column >= 0))
    none = (None,) * len(ids)
    return Level(ids, none, none, np.empty((0, len(ids))), np.empty((0, len(ids)), dtype=np.int8),
                 regulation=regulation, documents=documents)


#: Bits of a packed version row (:func:`_regulations_alone`): the village-year's offset, the version's store id.
_ROW_BITS, _VERSION_BITS = 22, 20


def table_from_evaluation(con: sqlite3.Connection, evaluation: int, label: str | None = None,
                          lang: str = "en", *, indicators: bool = True) -> Any:
    """The ScoreTable of one stored evaluation.

    ``indicators=False`` leaves the indicator level out (``None``), as
    :func:`~villagescore.compare.table_from_result` does: only the side-by-side view needs it, and
    a national evaluation has millions of indicator scores. The scores are read
    :data:`CHUNK` rows at a time into the level matrices, never all at once as Python objects.
    """
    from ..compare import Level, Run, ScoreTable
    from ..compare.table import left_out_count, plugin_versions_used, rounded, scoring_options
    from ..i18n import t
    from .applied import Applied

    ev = con.execute("SELECT framework, framework_id, framework_version, dataset_sha256, dataset_file, engine_version, "
                     "regulations_recorded, regulations_used, provenance, regulations FROM evaluations WHERE id = ?",
                     (evaluation,)).fetchone()
    fid, fw_id, fw_version, ds_sha, ds_file, engine, recorded, used, provenance, cited = ev
    villages, vy_ids = _village_years(con, evaluation)
    n = len(villages)
    nodes_meta = con.execute("SELECT id, level, node_id, pillar, criterion, label_vi, label_en, weight FROM nodes "
                             "WHERE framework = ? ORDER BY CASE level WHEN 'pillar' THEN 0 WHEN 'criterion' THEN 1 "
                             "ELSE 2 END, position", (fid,)).fetchall()
    lo, hi = (int(vy_ids.min()), int(vy_ids.max())) if n else (0, -1)
    # an evaluation's village-years have consecutive ids (written in one transaction): row = id - lo
    consecutive = n == 0 or hi - lo + 1 == n
    position = None if consecutive else pd.Series(np.arange(n), index=vy_ids)

    def rows_of(vy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows of store village-year ids, and which of them belong to the evaluation."""
        if consecutive:
            return vy - lo, np.ones(len(vy), dtype=bool)
        rows = position.reindex(vy).to_numpy(dtype=float)
        keep = ~np.isnan(rows)
        return rows[keep].astype(np.int64), keep

    levels: dict[str, Any] = {}
    for level in ("pillar", "criterion", "indicator"):
        if level == "indicator" and not indicators:
            levels[level] = None
            levels["regulation"] = _regulations_alone(
                Applied(con, fid, [(int(m[0]), m[2]) for m in nodes_meta if m[1] == level], n, bool(recorded), used),
                lo, hi, rows_of)
            continue
        meta = [m for m in nodes_meta if m[1] == level]
        k = len(meta)
        score = np.full((n, k), np.nan)
        status = np.full((n, k), 2, dtype=np.int8)
        weight = np.zeros((n, k)) if level == "indicator" else None
        column = np.full(max((int(m[0]) for m in meta), default=0) + 1, -1, dtype=np.int64)
        column[[int(m[0]) for m in meta]] = np.arange(k)
        marks = ",".join("?" * k)
        table, extra = ("indicator_scores", ", weight, regulation") if level == "indicator" else ("node_scores", "")
        applied = Applied(con, fid, [(int(m[0]), m[2]) for m in meta], n, bool(recorded), used) \
            if level == "indicator" else None
        # the status as its code, in SQL: no Python string per cell
        cur = con.execute(f"SELECT node, village_year, score, CASE status WHEN 'scored' THEN 0 WHEN 'missing' "  # noqa: S608
                          f"THEN 1 WHEN 'not_applicable' THEN 2 ELSE 1 END{extra} FROM {table} "
                          f"WHERE node IN ({marks}) AND village_year BETWEEN ? AND ?",
                          (*(int(m[0]) for m in meta), lo, hi))
        while batch := cur.fetchmany(CHUNK):
            found = np.array(batch, dtype=float)  # node, village-year, score (None: NaN), status[, weight, regulation]
            rows, keep = rows_of(found[:, 1].astype(np.int64))
            cols = column[found[keep, 0].astype(np.int64)]
            score[rows, cols] = found[keep, 2]
            status[rows, cols] = found[keep, 3].astype(np.int8)
            if weight is not None:
                weight[rows, cols] = np.nan_to_num(found[keep, 4], nan=0.0)
            if applied:
                applied.take(rows, cols, found[keep, 5])
        regulation, documents = (None, {})
        if applied:
            applied.add_left_out(lo, hi, rows_of)
            regulation, documents = applied.matrix(k)
        levels[level] = Level(
            tuple(m[2] for m in meta), tuple(m[3] for m in meta),
            tuple(m[4] if level != "pillar" else None for m in meta), rounded(score), status,
            None if weight is None else rounded(weight, 6),
            None if weight is None else rounded(np.nan_to_num(weight * score)), regulation, documents,
            regulations_partial=level == "indicator" and not recorded)
    fw_row = con.execute("SELECT sha256 FROM frameworks WHERE id = ?", (fid,)).fetchone()
    stored_tiers = con.execute("SELECT tier_id, label_vi, label_en, min_score, min_pillar_score, min_pillar_scores "
                               "FROM tiers WHERE framework = ? AND min_score IS NOT NULL ORDER BY position",
                               (fid,)).fetchall()
    tiers = tuple({"id": t, "label": {"vi": lv, "en": le}, "min_score": ms} for t, lv, le, ms, *_ in stored_tiers)
    recorded_provenance = json.loads(provenance or "{}")
    run = Run(
        label=label or t("store.compare_label", lang).format(n=evaluation, file=ds_file or "—"),
        order_label=None if label else f"store #{evaluation}",
        framework_id=fw_id,
        framework_version=str(fw_version), framework_sha256=fw_row[0] if fw_row else None, tiers=tiers,
        pillars=tuple({"id": m[2], "label": {"vi": m[5], "en": m[6]}, "weight": m[7]}
                      for m in nodes_meta if m[1] == "pillar"),
        criteria=tuple(m[2] for m in nodes_meta if m[1] == "criterion"),
        indicators=tuple(m[2] for m in nodes_meta if m[1] == "indicator"),
        dataset_sha256=ds_sha, engine_version=engine, rows_left_out=left_out_count(recorded_provenance),
        scoring=scoring_options(recorded_provenance),
        resolved_sha256=(recorded_provenance.get("framework") or {}).get("resolved_sha256"),
        plugins_used=plugin_versions_used(recorded_provenance, unrecorded_as_all=False),
        gate_caps=tuple(con.execute("SELECT gate_id, cap FROM gates WHERE framework = ? ORDER BY id", (fid,))),
        tier_rules=_tier_rules(tiers, stored_tiers),
        provenance=recorded_provenance,
        regulations=json.loads(cited) if cited is not None else _regulation_versions(con, fid, used),
    )
    return ScoreTable([run], villages, [levels])


def _tier_rules(tiers: tuple[dict[str, Any], ...], stored: list[tuple[Any, ...]]) -> tuple[dict[str, Any], ...]:
    """The tiers with their pillar minimums, as ``compare --framework`` gives them; ``()`` when not recorded.

    A framework stored before schema version 6 has no ``min_pillar_scores`` (``NULL``): its minimums are unknown.
    """
    if any(row[5] is None for row in stored):
        return ()
    return tuple({**tier, "min_pillar_score": row[4], "min_pillar_scores": json.loads(row[5])}
                 for tier, row in zip(tiers, stored, strict=True))


def _regulation_versions(con: sqlite3.Connection, fid: int, used: str | None = None) -> dict[str, Any]:
    """The regulation versions the stored framework's thresholds cite, by id, as a result file's header has them.

    For an evaluation stored before schema version 5, which does not record its own. The
    framework's ``threshold_versions`` are those of its first evaluation: its dates are in the
    resolved hash, its document is not (a plugin's regulation file edited later), so the document
    of each version the evaluation applied is taken from its ``regulations_used``. The store keeps
    each version's document and dates, not its confidence: those three are given.
    """
    rows = con.execute("SELECT DISTINCT r.regulation_id, r.document, r.valid_from, r.valid_to "
                       "FROM threshold_versions t JOIN regulations r ON r.id = t.regulation "
                       "JOIN nodes n ON n.id = t.node WHERE n.framework = ? ORDER BY r.regulation_id", (fid,))
    applied = {e["regulation"]: e["document"] for e in json.loads(used or "[]") if e.get("document")}
    return {rid: {"document": applied.get(rid, doc), "valid_from": start, "valid_to": end}
            for rid, doc, start, end in rows}


def tables_from_store(con: sqlite3.Connection, *, framework: str | None = None, lang: str = "en",
                      indicators: bool = True, registry: Any = None) -> list[tuple[str, Any]]:
    """``(label, ScoreTable)`` for every stored evaluation, oldest first (of ``framework`` if given).

    ``framework``: an id (every version), ``ID@VERSION`` or a framework file, each file with every
    evaluation of it however it was scored (:func:`~.framework_choice.frameworks_named`; ``registry``
    reads a file whose bytes no stored framework has); one naming nothing stored is a
    :class:`~villagescore.store.StoreError` listing what is. ``indicators=False``: without the
    indicator level (see :func:`table_from_evaluation`).
    """
    if framework:
        from .framework_choice import frameworks_named

        evaluations = sorted(e for f in frameworks_named(con, framework, registry) for e in f.evaluations)
    else:
        evaluations = [eid for (eid,) in con.execute("SELECT id FROM evaluations ORDER BY id")]
    out = []
    for eid in evaluations:
        table = table_from_evaluation(con, eid, lang=lang, indicators=indicators)
        out.append((table.runs[0].label, table))
    return out
