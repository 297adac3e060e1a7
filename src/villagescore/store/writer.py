"""Record a scored :class:`~villagescore.results.Result` in the store, in one transaction.

An evaluation is identified by what determines its numbers (:func:`~villagescore.store.keys.evaluation_key`):
adding a result whose inputs are already stored changes nothing. Otherwise :func:`add_result` writes every
table inside one ``BEGIN IMMEDIATE`` … ``COMMIT``: any error or interruption rolls it all back.
Rows are written column by column, many rows a statement (:mod:`.bulk`; no Python loop over cells);
*not applicable* nodes and indicators are skipped (their absence means "not applicable").
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from ..resultdoc.header import regulation_versions
from ..results import STATUS_MISSING, STATUS_SCORED
from .bulk import insert_rows
from .connection import write_transaction
from .keys import KEY_OPTIONS, evaluation_key, legacy_evaluation_key, plugins_used, stored_evaluation, stored_options
from .names import fold_each

__all__ = ["AddOutcome", "add_result", "evaluation_key", "legacy_evaluation_key", "KEY_OPTIONS"]

@dataclass
class AddOutcome:
    """What :func:`add_result` did."""

    evaluation: int
    created: bool
    village_years: int
    years: list[int] = field(default_factory=list)
    plans: int = 0
    #: Tiers whose pillar minimums (unknown in a store written before schema version 6) this add recorded.
    minimums_recorded: int = 0


#: Python types SQLite stores as they are (any other but float is stored as its text, NaN as NULL).
_AS_THEY_ARE = frozenset({str, int, bool, type(None)})


def _py(values: Any) -> list[Any]:
    """A numpy column as Python objects, NaN as ``None`` (SQLite ``NULL``)."""
    arr = np.asarray(values)
    if arr.dtype.kind == "f":
        out = arr.tolist()  # Python floats at once, then None where NaN (an object array cost 3x as much)
        for i in np.flatnonzero(np.isnan(arr)).tolist():
            out[i] = None
        return out
    if arr.dtype.kind in "iub":
        return arr.tolist()
    cells = arr.tolist()
    if set(map(type, cells)) <= _AS_THEY_ARE:  # texts of a category, say: nothing to change
        return cells
    out = []
    for x in cells:
        if x is None or (isinstance(x, float) and x != x):
            out.append(None)
        elif isinstance(x, (int, float, str)):
            out.append(x)
        else:
            out.append(str(x))
    return out


def _text(frame: Any, column: str, n: int) -> list[str | None]:
    if column not in frame.columns:
        return [None] * n
    return [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in frame[column].tolist()]


def _framework_row(con: sqlite3.Connection, fw: Any, provenance: Mapping[str, Any]) -> int:
    pfw = provenance.get("framework") or {}
    resolved = pfw.get("resolved_sha256") or fw.resolved_sha256 or fw.sha256
    row = con.execute("SELECT id FROM frameworks WHERE resolved_sha256 = ?", (resolved,)).fetchone()
    if row:
        _record_pillar_minimums(con, fw, int(row[0]))
        return int(row[0])
    cur = con.execute(
        "INSERT INTO frameworks (resolved_sha256, framework_id, version, sha256, status, title_vi, title_en, lineage) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (resolved, fw.id, str(fw.version), fw.sha256, fw.status or None, fw.title.get("vi"), fw.title.get("en"),
         json.dumps(pfw.get("lineage") or [dict(x) for x in fw.lineage], ensure_ascii=False)))
    fid = int(cur.lastrowid)
    nodes = [(fid, "pillar", p.id, k, p.id, None, p.label.get("vi"), p.label.get("en"), None, None, p.weight)
             for k, p in enumerate(fw.pillars)]
    nodes += [(fid, "criterion", c.id, k, c.pillar, c.id, c.label.get("vi"), c.label.get("en"), None, None, c.weight)
              for k, c in enumerate(fw.criteria)]
    nodes += [(fid, "indicator", x.id, k, x.pillar, x.criterion, x.indicator.label.get("vi"),
               x.indicator.label.get("en"), x.indicator.unit or None, json.dumps(list(x.indicator.requires)), x.weight)
              for k, x in enumerate(fw.indicators)]
    con.executemany("INSERT INTO nodes (framework, level, node_id, position, pillar, criterion, label_vi, label_en, "
                    "unit, fields, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", nodes)
    outcomes = list(fw.tiers) + ([fw.unrated] if fw.unrated else [])
    con.executemany("INSERT INTO tiers (framework, position, tier_id, label_vi, label_en, min_score, min_pillar_score, "
                    "min_pillar_scores) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(fid, k, t.id, t.label.get("vi"), t.label.get("en"), t.min_score if t in fw.tiers else None,
                      *(_pillar_minimums(t) if t in fw.tiers else (None, "{}"))) for k, t in enumerate(outcomes)])
    con.executemany("INSERT INTO gates (framework, gate_id, indicator, rule, cap, label_vi, label_en) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(fid, g.id, g.indicator, g.rule, g.cap, (g.label or {}).get("vi"), (g.label or {}).get("en"))
                     for g in fw.gates])
    return fid


def _record_pillar_minimums(con: sqlite3.Connection, fw: Any, fid: int) -> int:
    """Record the pillar minimums of the stored framework ``fid``'s tiers (``fw``'s) where unknown; how many tiers.

    A store written before schema version 6 kept no pillar minimum: the same framework added again gives them.
    """
    cur = con.executemany("UPDATE tiers SET min_pillar_score = ?, min_pillar_scores = ? WHERE framework = ? "
                          "AND tier_id = ? AND min_pillar_scores IS NULL",
                          [(*_pillar_minimums(t), fid, t.id) for t in fw.tiers])
    return max(cur.rowcount, 0)


def _minimums_of_stored(con: sqlite3.Connection, fw: Any, evaluation: int) -> int:
    """Record the unknown pillar minimums of the framework of the stored ``evaluation`` (one transaction if any)."""
    fid = int(con.execute("SELECT framework FROM evaluations WHERE id = ?", (evaluation,)).fetchone()[0])
    if not con.execute("SELECT EXISTS (SELECT 1 FROM tiers WHERE framework = ? AND min_pillar_scores IS NULL)",
                       (fid,)).fetchone()[0]:
        return 0
    with write_transaction(con):
        return _record_pillar_minimums(con, fw, fid)


def _pillar_minimums(tier: Any) -> tuple[float | None, str]:
    """A tier's ``min_pillar_score`` and its ``min_pillar_scores`` as the ``tiers`` table keeps them (JSON)."""
    return tier.min_pillar_score, json.dumps(dict(sorted(tier.min_pillar_scores.items())))


def _node_ids(con: sqlite3.Connection, fid: int) -> dict[tuple[str, str], int]:
    return {(level, nid): int(i) for i, level, nid in
            con.execute("SELECT id, level, node_id FROM nodes WHERE framework = ?", (fid,))}


def _regulation_id(con: sqlite3.Connection, reg: Any, cache: dict[Any, int]) -> int:
    key = (reg.id, reg.document, reg.valid_from or None, reg.valid_to or None)
    if key in cache:
        return cache[key]
    row = con.execute("SELECT id FROM regulations WHERE regulation_id = ? AND document IS ? AND valid_from IS ? "
                      "AND valid_to IS ?", key).fetchone()
    if row is None:
        row = (con.execute("INSERT INTO regulations (regulation_id, document, valid_from, valid_to) "
                           "VALUES (?, ?, ?, ?)", key).lastrowid,)
    cache[key] = int(row[0])
    return cache[key]


def _ratings(result: Any) -> list[str | None]:
    """The tier id of every row (``None`` when unrated), looked up once per tier."""
    fw = result.framework
    outcomes = [None if fw.outcome(k) is None else fw.outcome(k).id for k in range(len(fw.tiers) + 1)] + [None]
    return [outcomes[k] for k in np.asarray(result.rating, dtype=int).tolist()]  # -1 (no outcome) is the last


def _village_columns(result: Any, ids: np.ndarray, ratings: list[str | None], lang_labels: tuple[list, list],
                     current: list[str | None]) -> list[list[Any]]:
    """The columns of the evaluation's ``village_years`` rows, all but ``evaluation``."""
    fw = result.framework
    f = result.frame
    n = len(result)
    tree = result.tree
    gate_ids = np.array([g.id for g in fw.gates], dtype=object)
    patterns: dict[bytes, str] = {}  # one JSON text per distinct combination of gates
    fired = []
    for row in np.asarray(result.fired, dtype=bool).reshape(n, len(gate_ids)):
        key = row.tobytes()
        if key not in patterns:
            patterns[key] = json.dumps(gate_ids[row].tolist())
        fired.append(patterns[key])
    from ..compare.gates import gate_cells_from_result
    from ..datasets import split_sectors

    sectors = _json_cells(split_sectors(f["sectors"])) if "sectors" in f.columns else ["[]"] * n
    names = _text(f, "name", n)
    distinct = list(dict.fromkeys(names))
    folded = dict(zip(distinct, fold_each([x or "" for x in distinct]), strict=True))  # one fold per distinct name
    return [
        ids.tolist(), f["village_id"].astype(str).tolist(), names, [folded[x] for x in names],
        _text(f, "commune", n), _text(f, "province", n), current, _text(f, "former_district", n),
        _text(f, "former_province", n), sectors, f["year"].astype(int).tolist(),
        _py(tree.overall_score), _py(tree.overall_coverage), ratings, lang_labels[0], lang_labels[1], fired,
        [fw.id] * n, [str(fw.version)] * n, _py(result.estimated_share), gate_cells_from_result(result).tolist(),
        _text(f, "former_commune", n)]


def _json_cells(cells: Any) -> list[str]:
    """Each cell (a list of texts) as JSON, each distinct cell written once."""
    texts: dict[tuple, str] = {}
    out = []
    for cell in cells:
        key = tuple(cell)
        text = texts.get(key)
        if text is None:
            text = texts[key] = json.dumps(list(cell), ensure_ascii=False)
        out.append(text)
    return out


def _regulation_cells(version: np.ndarray, db_ids: np.ndarray) -> list[int | None]:
    """The store's regulation id of each version index (``-1``, none applied: ``None``); ``db_ids`` ends in a spare."""
    cells = db_ids[version].tolist()
    for i in np.flatnonzero(version < 0).tolist():
        cells[i] = None
    return cells


def _current_provinces(result: Any) -> tuple[list[str | None], list[int | None]]:
    """Each row's current province, and whether the 2025 mapping table knows it (1, 0; ``None``: no table).

    A name the table does not know is kept as recorded (``compare`` keeps it apart, ``province_mapped`` 0);
    a row that records no province has nothing to map (1).
    """
    from ..admin_mapping import load_mapping

    f = result.frame
    n = len(result)
    recorded = _text(f, "province", n)
    former = _text(f, "former_province", n)
    try:
        mapping = load_mapping()
    except Exception:  # pragma: no cover - the shipped table is tested elsewhere
        return recorded, [None] * n
    names = [rec or old for rec, old in zip(recorded, former, strict=True)]
    found = {name: mapping.current(name) for name in set(names)}  # one look-up per distinct name
    current = {name: hit or name for name, hit in found.items()}
    mapped = {name: int(hit is not None or not name) for name, hit in found.items()}
    return [current[name] for name in names], [mapped[name] for name in names]


#: The stages of :func:`add_result`, in order (the names ``on_stage`` is called with).
STAGES = ("framework", "village_years", "node_scores", "indicator_scores", "gates_fired", "field_values", "plans",
          "commit")


def add_result(con: sqlite3.Connection, result: Any, *, plans: Mapping[int, Mapping[str, Any]] | None = None,
               now: str | None = None, on_stage: Callable[[str], None] | None = None) -> AddOutcome:
    """Record ``result`` (and the improvement ``plans`` by row: ``{"vi": plan, "en": plan}``) in one transaction.

    Returns the existing evaluation, unchanged, when the same inputs were stored before.
    ``on_stage`` is called with the name of each stage (:data:`STAGES`) as it starts (progress display).
    """
    stage = on_stage or (lambda name: None)
    provenance = result.provenance or {}
    key = evaluation_key(provenance)
    row = stored_evaluation(con, provenance)
    if row is not None:
        recorded = _minimums_of_stored(con, result.framework, int(row[0]))
        return AddOutcome(int(row[0]), False, int(row[1]), json.loads(row[2] or "[]"), int(row[3]), recorded)
    fw = result.framework
    n = len(result)
    years = sorted({int(y) for y in result.frame["year"]}) if n else []
    current, mapped = _current_provinces(result)
    ratings = _ratings(result)
    tier_label = {r: fw.tier(r).label for r in set(ratings) if r is not None}
    labels = ([None if r is None else tier_label[r].get("vi") for r in ratings],
              [None if r is None else tier_label[r].get("en") for r in ratings])
    weights = result.overall_weights()
    with write_transaction(con):
        stage("framework")
        fid = _framework_row(con, fw, provenance)
        node_id = _node_ids(con, fid)
        reg_cache: dict[Any, int] = {}
        _threshold_versions(con, fw, node_id, reg_cache)
        pds = provenance.get("dataset") or {}
        cur = con.execute(
            "INSERT INTO evaluations (key, framework, framework_id, framework_version, dataset_sha256, dataset_file, "
            "dataset_kind, engine_version, plugins, options, provenance, village_years, years, added_at, "
            "regulations_recorded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (key, fid, fw.id, str(fw.version), pds.get("sha256"), pds.get("file"), pds.get("kind"),
             provenance.get("engine_version"), json.dumps(plugins_used(provenance)),
             json.dumps(stored_options(provenance, fw), ensure_ascii=False, sort_keys=True),
             json.dumps(provenance, ensure_ascii=False, sort_keys=True), n, json.dumps(years),
             now or datetime.now(UTC).replace(microsecond=0).isoformat()))
        eid = int(cur.lastrowid)
        base = int(con.execute("SELECT coalesce(max(id), 0) FROM village_years").fetchone()[0])
        ids = np.arange(base + 1, base + 1 + n, dtype=np.int64)
        stage("village_years")
        insert_rows(con, "INSERT INTO village_years (id, evaluation, village_id, name, name_folded, commune, "
                         "province, province_current, former_district, former_province, sectors, year, overall_score, "
                         "overall_coverage, rating, rating_label_vi, rating_label_en, gates_fired, framework_id, "
                         "framework_version, estimated_share, gates_status, former_commune, province_mapped)",
                    f"(?, {_row_id(eid)}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [*_village_columns(result, ids, ratings, labels, current), mapped])
        stage("node_scores")
        _node_scores(con, result, ids, node_id)
        stage("indicator_scores")
        used = _indicator_scores(con, result, ids, node_id, weights, reg_cache)
        stage("gates_fired")
        gate_db = {gid: int(i) for i, gid in con.execute("SELECT id, gate_id FROM gates WHERE framework = ?", (fid,))}
        for k, g in enumerate(fw.gates):
            rows = ids[result.fired[:, k]]
            insert_rows(con, "INSERT INTO gates_fired (gate, village_year)", f"({_row_id(gate_db[g.id])}, ?)",
                        [rows.tolist()])
        stage("field_values")
        _field_values(con, result, ids)
        stage("plans")
        stored_plans = _plans(con, ids, plans or {})
        con.execute("UPDATE evaluations SET regulations_used = ?, regulations = ?, plans = ? WHERE id = ?",
                    (json.dumps(used, ensure_ascii=False),
                     json.dumps(regulation_versions(fw), ensure_ascii=False), stored_plans, eid))
        stage("commit")
    return AddOutcome(eid, True, n, years, stored_plans)


#: A node's status by whether its score is missing (``False``, ``True``).
_NODE_STATUS = np.array(["scored", "missing"], dtype=object)
#: An applicable indicator's status by whether its value is missing (as :meth:`Result.indicator_status`).
_INDICATOR_STATUS = np.array([STATUS_SCORED, STATUS_MISSING], dtype=object)


def _row_id(value: Any) -> str:
    """An id of the store's own tables as the SQL literal of a statement (the rows' one shared value).

    Every row of a node is inserted by a statement with the node's id written in: SQLite then
    binds the other columns only, which made a national ``store add`` markedly faster (binding
    a parameter costs about as much as the rest of inserting the row). Only integers are written in.
    """
    return str(int(value))


def _node_scores(con: sqlite3.Connection, result: Any, ids: np.ndarray, node_id: Mapping) -> None:
    fw = result.framework
    t = result.tree
    blocks = [("pillar", fw.pillars, t.pillar_score, t.pillar_coverage, t.pillar_na),
              ("criterion", fw.criteria, t.criterion_score, t.criterion_coverage, t.criterion_na)]
    for level, nodes, score, coverage, na in blocks:
        for k, node in enumerate(nodes):
            keep = ~np.asarray(na[:, k], dtype=bool)
            s = score[keep, k]
            status = _NODE_STATUS[np.isnan(s).astype(np.intp)].tolist()
            insert_rows(con, "INSERT INTO node_scores (node, village_year, score, coverage, status)",
                        f"({_row_id(node_id[(level, node.id)])}, ?, ?, ?, ?)",
                        [ids[keep].tolist(), _py(s), _py(coverage[keep, k]), status])


def _threshold_versions(con: sqlite3.Connection, fw: Any, node_id: Mapping, reg_cache: dict[Any, int]) -> None:
    """The versions table of every regulated indicator (also for a framework stored before schema version 3)."""
    rows = [(node_id[("indicator", node.id)], k, _regulation_id(con, v.regulation, reg_cache))
            for node in fw.indicators if node.threshold is not None for k, v in enumerate(node.threshold.versions)]
    con.executemany("INSERT OR IGNORE INTO threshold_versions (node, position, regulation) VALUES (?, ?, ?)", rows)


def _indicator_scores(con: sqlite3.Connection, result: Any, ids: np.ndarray, node_id: Mapping,
                      weights: np.ndarray, reg_cache: dict[Any, int]) -> list[dict[str, Any]]:
    """Insert indicator rows (applicable ones); return the regulation versions used, with counts.

    An indicator left out of the score because its limit is unverified is not applicable, so it has
    no row; its version and limit applied go to ``unverified_left_out``, as result files keep them.
    """
    fw = result.framework
    frame = result.frame
    applicable = np.asarray(result.matrix.applicable, dtype=bool)
    present = np.asarray(result.matrix.present, dtype=bool)
    left_out_sql = "INSERT INTO unverified_left_out (node, village_year, regulation, threshold) VALUES (?, ?, ?, ?)"
    unverified = getattr(result.matrix, "limit_unverified", {})
    used: list[dict[str, Any]] = []
    for j, node in enumerate(fw.indicators):
        keep = applicable[:, j]
        m = int(keep.sum())
        left_out = unverified.get(j) if node.threshold is not None else None
        if not m and (left_out is None or not np.any(left_out)):
            continue
        nid = node_id[("indicator", node.id)]
        regulated: list[Any] = []  # the regulation and threshold columns of a regulated indicator
        if node.threshold is not None:
            th = node.threshold
            every = np.asarray(th.version_index(frame))
            version = every[keep]
            db_ids = np.array([_regulation_id(con, v.regulation, reg_cache) for v in th.versions] + [0])
            limit = np.broadcast_to(np.asarray(th.limit(frame), dtype=float), (len(frame),))
            regulated = [_regulation_cells(version, db_ids), _py(limit[keep])]
            if left_out is not None:
                out = np.asarray(left_out, dtype=bool) & ~keep
                con.executemany(left_out_sql, zip(
                    [nid] * int(out.sum()), ids[out].tolist(),
                    _regulation_cells(every[out], db_ids), _py(limit[out]), strict=True))
            if not m:
                continue
            for k, v in enumerate(th.versions):
                count = int((version == k).sum())
                if count:
                    used.append({"indicator": node.id, "regulation": v.regulation.id,
                                 "document": v.regulation.document, "village_years": count})
        status = _INDICATOR_STATUS[(~present[keep, j]).astype(np.intp)].tolist()
        insert_rows(con, "INSERT INTO indicator_scores (node, village_year, value, score, status, weight, regulation, "
                         "threshold)", f"({_row_id(nid)}, ?, ?, ?, ?, ?, {'?, ?' if regulated else 'NULL, NULL'})",
                    [ids[keep].tolist(), _py(result.matrix.values[j][keep]), _py(result.matrix.scores[keep, j]),
                     status, _py(weights[keep, j]), *regulated])
    return used


def _field_values(con: sqlite3.Connection, result: Any, ids: np.ndarray) -> None:
    """The raw fields of computed indicators (single-field indicators already hold their field as value)."""
    fields = sorted({f for node in result.framework.indicators if node.indicator.compute is not None
                     for f in node.indicator.requires})
    for name in fields:
        if name not in result.frame.columns:
            continue
        column = result.frame[name].to_numpy()
        values = _py(column)
        given = ~np.isnan(column) if column.dtype.kind == "f" else np.array([v is not None for v in values], dtype=bool)
        if not given.all():
            keep = np.flatnonzero(given)
            values = [values[i] for i in keep.tolist()]
        insert_rows(con, "INSERT INTO field_values (field, village_year, value)", "(?, ?, ?)",
                    [[name] * len(values), ids[given].tolist(), values])


def _plans(con: sqlite3.Connection, ids: np.ndarray, plans: Mapping[int, Mapping[str, Any]]) -> int:
    rows = []
    for i, by_lang in sorted(plans.items()):
        if not by_lang:
            continue
        en = by_lang.get("en") or {}
        rows.append((int(ids[i]), en.get("current_tier"), en.get("target_tier"),
                     None if en.get("reached") is None else int(bool(en.get("reached"))), len(en.get("steps") or []),
                     json.dumps(by_lang.get("vi"), ensure_ascii=False), json.dumps(en, ensure_ascii=False)))
    con.executemany("INSERT INTO plans (village_year, current_tier, target_tier, reached, steps, plan_vi, plan_en) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
