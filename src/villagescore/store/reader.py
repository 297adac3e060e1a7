"""Read the store: evaluations, a village's history with provenance, row counts; remove an evaluation."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from ..i18n.legal import document_texts
from .connection import write_transaction
from .errors import StoreError
from .names import fold
from .text import regulation_titles

__all__ = ["TABLES", "list_evaluations", "find_village", "history", "remove_evaluation", "row_counts",
           "resolve_evaluation", "remove_evaluations", "require_evaluations"]

#: The store's tables (row counts are reported for these).
TABLES = ("frameworks", "nodes", "tiers", "gates", "regulations", "threshold_versions", "evaluations",
          "village_years", "node_scores", "indicator_scores", "unverified_left_out", "gates_fired", "field_values",
          "plans")


def row_counts(con: sqlite3.Connection) -> dict[str, int]:
    """Number of rows of every table."""
    return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}  # noqa: S608


def _evaluation_dict(row: sqlite3.Row) -> dict[str, Any]:
    from .keys import SHOWN_OPTIONS, key_options

    prov = json.loads(row["provenance"])
    options = json.loads(row["options"] or "{}")  # without an --unverified-limits that changed nothing
    pfw = prov.get("framework") or {}
    pds = prov.get("dataset") or {}  # the metadata and scored rows' hashes: null where not recorded (older stores)
    plugins = json.loads(row["plugins"] or "[]")
    titles = regulation_titles(row["regulations"] if "regulations" in row.keys() else None)
    return {
        "id": row["id"], "key": row["key"],
        "framework": {"id": row["framework_id"], "version": row["framework_version"], "sha256": pfw.get("sha256"),
                      "resolved_sha256": pfw.get("resolved_sha256"), "lineage": pfw.get("lineage") or []},
        "dataset": {"file": row["dataset_file"], "sha256": row["dataset_sha256"], "kind": row["dataset_kind"],
                    "metadata_sha256": pds.get("metadata_sha256"), "rows_sha256": pds.get("rows_sha256")},
        "engine_version": row["engine_version"],
        "plugins": plugins,
        "plugin_files": _plugin_files(prov, plugins),
        "options": prov.get("options") or options,
        "options_not_default": key_options(options, SHOWN_OPTIONS),
        "regulations_used": [{**used, "document": used.get("document") and document_texts(
            used["document"], titles.get(used.get("regulation") or ""))}
                             for used in json.loads(row["regulations_used"] or "[]")],
        "village_years": row["village_years"], "years": json.loads(row["years"] or "[]"),
        "plans": row["plans"], "added_at": row["added_at"],
    }


def _plugin_files(provenance: dict[str, Any], used: list[str]) -> dict[str, list[dict[str, str]]]:
    """Plugin name -> the ``{file, sha256}`` of the data files it loaded, for the plugins used (``name==version``).

    These hashes are part of the evaluation's identity (:func:`~villagescore.store.keys.evaluation_key`);
    a provenance recorded before plugins' files were gives ``{}``.
    """
    names = {entry.split("==", 1)[0] for entry in used}
    listed = provenance.get("plugins") if isinstance(provenance.get("plugins"), list) else []
    return {p["name"]: [{"file": f.get("file"), "sha256": f.get("sha256")} for f in p["files"]] for p in listed
            if isinstance(p, dict) and p.get("name") in names and isinstance(p.get("files"), list) and p["files"]}


def list_evaluations(con: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every evaluation, oldest first, with its provenance summary."""
    con.row_factory = sqlite3.Row
    try:
        return [_evaluation_dict(r) for r in con.execute("SELECT * FROM evaluations ORDER BY id")]
    finally:
        con.row_factory = None


def resolve_evaluation(con: sqlite3.Connection, ref: str | int) -> int:
    """The id of the evaluation ``ref``: its number (``3`` or ``#3``) or a prefix of its key (8+ hex digits)."""
    text = str(ref).strip().lstrip("#")
    row = None
    if text.isdigit():
        row = con.execute("SELECT id FROM evaluations WHERE id = ?", (int(text),)).fetchone()
    elif len(text) >= 8 and all(c in "0123456789abcdef" for c in text.lower()):
        rows = con.execute("SELECT id FROM evaluations WHERE key LIKE ?", (text.lower() + "%",)).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        known = [f"#{i}" for (i,) in con.execute("SELECT id FROM evaluations ORDER BY id")]
        raise StoreError(key="unknown_evaluation", ref=str(ref), known=", ".join(known) or "-")
    return int(row[0])


def require_evaluations(con: sqlite3.Connection, path: Any, nothing_to: str) -> None:
    """Raise ``StoreError`` ``nothing_to`` (``nothing_to_compare``, ``nothing_to_measure``) when the store is empty.

    An empty store (every evaluation removed, or none added yet) is said as such, not as a source or
    indicator missing.
    """
    if con.execute("SELECT NOT EXISTS (SELECT 1 FROM evaluations)").fetchone()[0]:
        raise StoreError(key=nothing_to, path=str(path))


def find_village(con: sqlite3.Connection, query: str) -> tuple[str, str | None]:
    """The ``(village_id, name)`` that ``query`` names: an id, else a name (diacritics-insensitive, whole or part).

    Raises ``StoreError`` when nothing matches or several villages do.
    """
    row = con.execute("SELECT village_id, name FROM village_years WHERE village_id = ? ORDER BY year DESC LIMIT 1",
                      (query.strip(),)).fetchone()
    if row:
        return row[0], row[1]
    key = fold(query)
    if not key:
        raise StoreError(key="unknown_village", query=query)
    found = con.execute("SELECT DISTINCT village_id, name FROM village_years WHERE name_folded = ?", (key,)).fetchall()
    if not found:
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found = con.execute("SELECT DISTINCT village_id, name FROM village_years WHERE name_folded LIKE ? ESCAPE '\\' "
                            "LIMIT 50", (pattern,)).fetchall()
    ids = sorted({r[0] for r in found})
    if not ids:
        raise StoreError(key="unknown_village", query=query)
    if len(ids) > 1:
        names = {r[0]: r[1] for r in found}
        shown = ", ".join(f"{i} ({names[i]})" for i in ids[:20]) + (" …" if len(ids) > 20 else "")
        raise StoreError(key="ambiguous_village", query=query, candidates=shown)
    return ids[0], next(r[1] for r in found if r[0] == ids[0])


def history(con: sqlite3.Connection, query: str, *, framework: str | None = None, registry: Any = None
            ) -> dict[str, Any]:
    """Every stored village-year of the village ``query`` names, oldest first, with scores and provenance.

    ``framework`` keeps only evaluations of the stored frameworks it names: an id (every version),
    ``ID@VERSION`` or a framework file (:func:`~.framework_choice.frameworks_named`; ``registry``
    reads a file whose bytes no stored framework has). Pillar scores, gates
    fired, whether a plan is stored and the regulation versions applied are given per
    village-year (the gates' labels under ``gate_labels``, by gate id; each regulation's document
    in both languages, ``{vi, en}``, as the labels); the provenance of each
    evaluation once, under ``evaluations``.
    """
    rows_of: tuple[int, ...] = ()
    if framework:
        from .framework_choice import frameworks_named

        rows_of = tuple(row for f in frameworks_named(con, framework, registry) for row in f.rows)
    village_id, name = find_village(con, query)
    con.row_factory = sqlite3.Row
    try:
        sql = ("SELECT vy.*, e.framework AS fw, e.regulations AS versions, p.village_year AS has_plan "
               "FROM village_years vy "
               "JOIN evaluations e ON e.id = vy.evaluation LEFT JOIN plans p ON p.village_year = vy.id "
               "WHERE vy.village_id = ?" + (f" AND e.framework IN ({','.join('?' * len(rows_of))})" if rows_of
                                            else "") + " ORDER BY vy.year, vy.evaluation")
        rows = con.execute(sql, (village_id, *rows_of)).fetchall()
        years = []
        evaluations: dict[int, dict[str, Any]] = {}
        for r in rows:
            pillars = {n: {"score": s, "label": {"vi": lv, "en": le}} for n, lv, le, s in con.execute(
                "SELECT n.node_id, n.label_vi, n.label_en, ns.score FROM nodes n "
                "LEFT JOIN node_scores ns ON ns.node = n.id AND ns.village_year = ? "
                "WHERE n.framework = ? AND n.level = 'pillar' ORDER BY n.position", (r["id"], r["fw"]))}
            titles = regulation_titles(r["versions"])
            regulations = [{"regulation": a, "document": b and document_texts(b, titles.get(a))}
                           for a, b in con.execute(
                "SELECT DISTINCT g.regulation_id, g.document FROM nodes n "
                "JOIN indicator_scores i ON i.node = n.id AND i.village_year = ? "
                "JOIN regulations g ON g.id = i.regulation "
                "WHERE n.framework = ? AND n.level = 'indicator' ORDER BY g.regulation_id", (r["id"], r["fw"]))]
            fired = json.loads(r["gates_fired"] or "[]")
            gate_labels = {g: {"vi": lv, "en": le} for g, lv, le in con.execute(
                f"SELECT gate_id, label_vi, label_en FROM gates WHERE framework = ? AND gate_id IN "  # noqa: S608
                f"({','.join('?' * len(fired))})", (r["fw"], *fired))} if fired else {}
            years.append({
                "year": r["year"], "evaluation": r["evaluation"], "village_year": r["id"], "name": r["name"],
                "province": r["province"], "province_current": r["province_current"],
                "sectors": json.loads(r["sectors"] or "[]"),
                "overall_score": r["overall_score"], "overall_coverage": r["overall_coverage"],
                "rating": r["rating"], "rating_label": {"vi": r["rating_label_vi"], "en": r["rating_label_en"]},
                "pillars": pillars, "gates_fired": fired, "gate_labels": gate_labels,
                "plan": r["has_plan"] is not None, "regulations": regulations,
            })
            if r["evaluation"] not in evaluations:
                e = con.execute("SELECT * FROM evaluations WHERE id = ?", (r["evaluation"],)).fetchone()
                evaluations[r["evaluation"]] = _evaluation_dict(e)
    finally:
        con.row_factory = None
    return {"village_id": village_id, "name": name, "years": years,
            "evaluations": [evaluations[k] for k in sorted(evaluations)]}


def remove_evaluation(con: sqlite3.Connection, ref: str | int) -> dict[str, Any]:
    """Delete the evaluation ``ref`` and everything recorded with it, in one transaction; return what it was.

    A framework that no evaluation uses any longer is deleted with its nodes, tiers and gates.
    """
    return remove_evaluations(con, [ref])[0]


def remove_evaluations(con: sqlite3.Connection, refs: Iterable[str | int]) -> list[dict[str, Any]]:
    """Delete the evaluations ``refs`` (each once) in one transaction, or none; return what they were.

    Every reference is resolved before anything is deleted: an unknown one is a
    ``StoreError`` that leaves the store as it was.
    """
    ids = list(dict.fromkeys(resolve_evaluation(con, ref) for ref in refs))
    with write_transaction(con):
        return [_delete_evaluation(con, eid) for eid in ids]


def _delete_evaluation(con: sqlite3.Connection, eid: int) -> dict[str, Any]:
    """Delete the evaluation ``eid`` and its rows inside the caller's transaction; return what it was."""
    con.row_factory = sqlite3.Row
    try:
        info = _evaluation_dict(con.execute("SELECT * FROM evaluations WHERE id = ?", (eid,)).fetchone())
    finally:
        con.row_factory = None
    fid = con.execute("SELECT framework FROM evaluations WHERE id = ?", (eid,)).fetchone()[0]
    lo, hi, n = con.execute("SELECT min(id), max(id), count(*) FROM village_years WHERE evaluation = ?",
                            (eid,)).fetchone()
    if n:
        # an evaluation's village-years have consecutive ids (written in one transaction), so each
        # node's rows are one key range; the evaluation check guards the assumption
        if hi - lo + 1 != n:  # pragma: no cover - ids are assigned consecutively by the writer
            msg = f"village-year ids of evaluation {eid} are not consecutive"
            raise AssertionError(msg)
        for table, key, sub in (("node_scores", "node", "SELECT id FROM nodes WHERE framework = ?"),
                                ("indicator_scores", "node", "SELECT id FROM nodes WHERE framework = ?"),
                                ("unverified_left_out", "node", "SELECT id FROM nodes WHERE framework = ?"),
                                ("gates_fired", "gate", "SELECT id FROM gates WHERE framework = ?")):
            con.execute(f"DELETE FROM {table} WHERE {key} IN ({sub}) "  # noqa: S608
                        "AND village_year BETWEEN ? AND ?", (fid, lo, hi))
        fields = [f for (f,) in con.execute("SELECT DISTINCT field FROM field_values")]
        con.executemany("DELETE FROM field_values WHERE field = ? AND village_year BETWEEN ? AND ?",
                        [(f, lo, hi) for f in fields])
        con.execute("DELETE FROM plans WHERE village_year BETWEEN ? AND ?", (lo, hi))
        con.execute("DELETE FROM village_years WHERE evaluation = ?", (eid,))
    con.execute("DELETE FROM evaluations WHERE id = ?", (eid,))
    if not con.execute("SELECT 1 FROM evaluations WHERE framework = ? LIMIT 1", (fid,)).fetchone():
        con.execute("DELETE FROM threshold_versions WHERE node IN (SELECT id FROM nodes WHERE framework = ?)",
                    (fid,))
        for table in ("nodes", "tiers", "gates"):
            con.execute(f"DELETE FROM {table} WHERE framework = ?", (fid,))  # noqa: S608
        con.execute("DELETE FROM frameworks WHERE id = ?", (fid,))
    return info
