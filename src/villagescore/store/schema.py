"""The store's tables, and the migrations that create and upgrade them.

Each migration is a numbered list of SQL statements, applied once, in order, each in its
own transaction together with its row in ``schema_migrations``; a store written by a
newer villagescore (a higher version than :data:`MIGRATIONS` knows) is refused rather than
misread. ``PRAGMA application_id`` marks the file as a villagescore store.

Tables (documented for users in ``docs/store.md``):

* ``frameworks``, ``nodes``, ``tiers``, ``gates``: each resolved framework once (by its
  resolved hash), with its pillars, criteria and indicators (labels in both languages);
* ``regulations``: each regulation version cited by a threshold;
* ``evaluations``: one row per ``store add`` (numbers never reused), with its provenance; ``key`` identifies the
  inputs (resolved framework hash, dataset and metadata hashes, versions of the plugins used, options; see
  :mod:`villagescore.store.keys`);
* ``village_years``: one row per village and year of an evaluation: identity, overall
  score, coverage, rating, gates fired;
* ``node_scores`` (pillars and criteria), ``indicator_scores`` (value, score, status,
  weight, the regulation version and limit applied), ``gates_fired``, ``field_values``
  (the raw fields of computed indicators, e.g. a workers count), ``plans`` (improvement
  plans in both languages). Rows that are *not applicable* to a village are not stored;
* ``threshold_versions`` (version 3): the regulation versions of every regulated indicator, in
  the order of its ``versions`` table; ``unverified_left_out`` (version 3): the indicators left
  out of the score because their limit is unverified, with the version and limit applied;
  ``evaluations.regulations_recorded`` is 1 for evaluations that record both (``NULL``: stored
  before version 3, where a regulated row without a version and left-out indicators are unknown);
  ``evaluations.regulations`` (version 5): the regulation versions cited as the evaluation was scored;
  ``tiers.min_pillar_score`` and ``tiers.min_pillar_scores`` (version 6): each tier's pillar minimums;
  ``village_years.province_mapped`` (version 7): whether the province is one of the 2025 mapping table;
  ``village_years.former_commune`` (version 8): the pre-2025 commune the dataset names.

The large tables are ``WITHOUT ROWID`` with the key ``(node, village_year)``: one
indicator over a whole evaluation, and every indicator of one village-year, are both
read with index range scans. Foreign keys are declared (Datasette shows them as links)
but not enforced at insert time, for speed; the writer keeps them consistent and the
tests check ``PRAGMA foreign_key_check``.
"""

from __future__ import annotations

import sqlite3

__all__ = ["MIGRATIONS", "APPLICATION_ID", "SCHEMA_VERSION", "READABLE_UNMIGRATED", "current_version", "migrate"]

#: ``PRAGMA application_id`` of a villagescore store ("VSST").
APPLICATION_ID = 0x56535354

_V1 = [
    """CREATE TABLE frameworks (
        id INTEGER PRIMARY KEY,
        resolved_sha256 TEXT NOT NULL UNIQUE,
        framework_id TEXT NOT NULL,
        version TEXT NOT NULL,
        sha256 TEXT,
        status TEXT,
        title_vi TEXT,
        title_en TEXT,
        lineage TEXT
    )""",
    """CREATE TABLE nodes (
        id INTEGER PRIMARY KEY,
        framework INTEGER NOT NULL REFERENCES frameworks(id),
        level TEXT NOT NULL CHECK (level IN ('pillar', 'criterion', 'indicator')),
        node_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        pillar TEXT,
        criterion TEXT,
        label_vi TEXT,
        label_en TEXT,
        unit TEXT,
        fields TEXT,
        weight REAL,
        UNIQUE (framework, level, node_id)
    )""",
    """CREATE TABLE tiers (
        framework INTEGER NOT NULL REFERENCES frameworks(id),
        position INTEGER NOT NULL,
        tier_id TEXT NOT NULL,
        label_vi TEXT,
        label_en TEXT,
        min_score REAL,
        PRIMARY KEY (framework, tier_id)
    )""",
    """CREATE TABLE gates (
        id INTEGER PRIMARY KEY,
        framework INTEGER NOT NULL REFERENCES frameworks(id),
        gate_id TEXT NOT NULL,
        indicator TEXT NOT NULL,
        rule TEXT NOT NULL,
        cap TEXT NOT NULL,
        label_vi TEXT,
        label_en TEXT,
        UNIQUE (framework, gate_id)
    )""",
    """CREATE TABLE regulations (
        id INTEGER PRIMARY KEY,
        regulation_id TEXT NOT NULL,
        document TEXT,
        valid_from TEXT,
        valid_to TEXT,
        UNIQUE (regulation_id, document, valid_from, valid_to)
    )""",
    """CREATE TABLE evaluations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        framework INTEGER NOT NULL REFERENCES frameworks(id),
        framework_id TEXT NOT NULL,
        framework_version TEXT NOT NULL,
        dataset_sha256 TEXT,
        dataset_file TEXT,
        dataset_kind TEXT,
        engine_version TEXT,
        plugins TEXT,
        options TEXT,
        regulations_used TEXT,
        provenance TEXT NOT NULL,
        village_years INTEGER NOT NULL,
        years TEXT,
        plans INTEGER NOT NULL DEFAULT 0,
        added_at TEXT
    )""",
    """CREATE TABLE village_years (
        id INTEGER PRIMARY KEY,
        evaluation INTEGER NOT NULL REFERENCES evaluations(id),
        village_id TEXT NOT NULL,
        name TEXT,
        name_folded TEXT,
        commune TEXT,
        province TEXT,
        province_current TEXT,
        former_district TEXT,
        former_province TEXT,
        sectors TEXT,
        year INTEGER NOT NULL,
        overall_score REAL,
        overall_coverage REAL,
        rating TEXT,
        rating_label_vi TEXT,
        rating_label_en TEXT,
        gates_fired TEXT,
        framework_id TEXT NOT NULL,
        framework_version TEXT NOT NULL,
        UNIQUE (evaluation, village_id, year)
    )""",
    "CREATE INDEX village_years_village ON village_years (village_id, year)",
    "CREATE INDEX village_years_name ON village_years (name_folded)",
    "CREATE INDEX village_years_province ON village_years (province_current, year)",
    "CREATE INDEX village_years_year ON village_years (year, rating)",
    """CREATE TABLE node_scores (
        node INTEGER NOT NULL REFERENCES nodes(id),
        village_year INTEGER NOT NULL REFERENCES village_years(id),
        score REAL,
        coverage REAL,
        status TEXT NOT NULL,
        PRIMARY KEY (node, village_year)
    ) WITHOUT ROWID""",
    """CREATE TABLE indicator_scores (
        node INTEGER NOT NULL REFERENCES nodes(id),
        village_year INTEGER NOT NULL REFERENCES village_years(id),
        value,
        score REAL,
        status TEXT NOT NULL,
        weight REAL,
        regulation INTEGER REFERENCES regulations(id),
        threshold REAL,
        PRIMARY KEY (node, village_year)
    ) WITHOUT ROWID""",
    """CREATE TABLE gates_fired (
        gate INTEGER NOT NULL REFERENCES gates(id),
        village_year INTEGER NOT NULL REFERENCES village_years(id),
        PRIMARY KEY (gate, village_year)
    ) WITHOUT ROWID""",
    """CREATE TABLE field_values (
        field TEXT NOT NULL,
        village_year INTEGER NOT NULL REFERENCES village_years(id),
        value,
        PRIMARY KEY (field, village_year)
    ) WITHOUT ROWID""",
    """CREATE TABLE plans (
        village_year INTEGER PRIMARY KEY REFERENCES village_years(id),
        current_tier TEXT,
        target_tier TEXT,
        reached INTEGER,
        steps INTEGER,
        plan_vi TEXT,
        plan_en TEXT
    )""",
    # one row per village: its latest village-year (highest year; in a year, the latest evaluation)
    """CREATE VIEW villages AS
        SELECT vy.village_id, vy.name, vy.commune, vy.province, vy.province_current, vy.sectors,
               vy.year AS latest_year, vy.overall_score, vy.rating, vy.framework_version,
               (SELECT count(*) FROM village_years h WHERE h.village_id = vy.village_id) AS village_years
        FROM village_years vy
        WHERE vy.id = (SELECT v2.id FROM village_years v2 WHERE v2.village_id = vy.village_id
                       ORDER BY v2.year DESC, v2.evaluation DESC LIMIT 1)""",
]

# version 3: what a comparison needs to flag a change of regulation exactly as a result file does
_V3 = [
    # the ``versions`` table of every regulated indicator of a framework (its position -> the regulation)
    """CREATE TABLE threshold_versions (
        node INTEGER NOT NULL REFERENCES nodes(id),
        position INTEGER NOT NULL,
        regulation INTEGER NOT NULL REFERENCES regulations(id),
        PRIMARY KEY (node, position)
    ) WITHOUT ROWID""",
    # indicators left out of the score because their limit is unverified (not applicable, so not in
    # indicator_scores), with the regulation version and limit they would have been scored against
    """CREATE TABLE unverified_left_out (
        node INTEGER NOT NULL REFERENCES nodes(id),
        village_year INTEGER NOT NULL REFERENCES village_years(id),
        regulation INTEGER REFERENCES regulations(id),
        threshold REAL,
        PRIMARY KEY (node, village_year)
    ) WITHOUT ROWID""",
    # 1: the evaluation records every version applied; NULL: stored before version 3 (only those of scored rows)
    "ALTER TABLE evaluations ADD COLUMN regulations_recorded INTEGER",
]

#: ``(version, name, statements)``, in order. Append a new entry to change the schema; never edit one.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "initial schema", _V1),
    (2, "share of each village-year's scoring inputs that are estimates",
     ["ALTER TABLE village_years ADD COLUMN estimated_share REAL"]),
    (3, "regulation versions of each regulated indicator, and of indicators left out for an unverified limit", _V3),
    # "id=status;…" of the gates not passed or not applicable (villagescore.compare.gates); NULL: stored
    # before version 4, when only the gates fired were (a comparison then cannot tell a gate failed from one unknown)
    (4, "status of each village-year's gates not passed", ["ALTER TABLE village_years ADD COLUMN gates_status TEXT"]),
    # the regulation versions the evaluation's framework cited as it was scored (a result header's ``regulations``,
    # JSON): plugin regulation files are not in the resolved hash, so the framework's threshold_versions keep those
    # of its first evaluation; NULL: stored before version 5 (compare then reads threshold_versions)
    (5, "regulation versions of each evaluation", ["ALTER TABLE evaluations ADD COLUMN regulations TEXT"]),
    # each tier's pillar minimums: what compare prints a pillar score against, on its side of each (as with
    # --framework); min_pillar_scores is JSON ({pillar: minimum}, '{}' for none); NULL: stored before version 6
    # (unknown: compare then prints pillars with 2 decimals), until an evaluation of that framework is added again
    (6, "pillar minimums of each tier", ["ALTER TABLE tiers ADD COLUMN min_pillar_score REAL",
                                         "ALTER TABLE tiers ADD COLUMN min_pillar_scores TEXT"]),
    # 1: province_current is a province of the 2025 mapping table (or no province is recorded); 0: the name recorded,
    # which the table does not know; NULL: stored before version 7 (or without a readable table)
    (7, "whether each village-year's province is in the 2025 mapping table",
     ["ALTER TABLE village_years ADD COLUMN province_mapped INTEGER"]),
    # the pre-2025 commune as the dataset names it (former_commune); NULL: stored before version 8, or not given
    (8, "former commune of each village-year", ["ALTER TABLE village_years ADD COLUMN former_commune TEXT"]),
]
#: The schema version this villagescore writes.
SCHEMA_VERSION = MIGRATIONS[-1][0]

#: Migrations a store that cannot be written may be read without (:mod:`villagescore.store.reading`): they only
#: add tables and columns and fill none for the rows already stored, so reading those as empty or ``NULL`` is
#: reading what the migration would leave. A migration that rewrites stored rows or changes what a value means
#: must not be listed: a read-only store lacking it is refused until opened once with write access.
READABLE_UNMIGRATED = frozenset({2, 3, 4, 5, 6, 7, 8})


def current_version(con: sqlite3.Connection) -> int:
    """The schema version of the open store (0 for an empty database)."""
    exists = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
    if not exists:
        return 0
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(con: sqlite3.Connection, migrations: list[tuple[int, str, list[str]]] | None = None) -> list[int]:
    """Apply the migrations the store lacks (each in one transaction); return the versions applied.

    The caller holds no transaction. Raises :class:`~villagescore.store.errors.StoreError`
    (``newer_schema``) when the store is newer than this code.
    """
    from .errors import StoreError, machine_error

    steps = MIGRATIONS if migrations is None else migrations
    applied: list[int] = []
    for version, name, statements in steps:
        if version <= current_version(con):  # up to date: readers never take the write lock
            continue
        con.execute("BEGIN IMMEDIATE")
        try:
            if version <= current_version(con):  # re-read under the write lock: another process may have migrated
                con.execute("ROLLBACK")
                continue
            if version == steps[0][0]:
                con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for statement in statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, name))
            con.execute("COMMIT")
        except BaseException as exc:
            if con.in_transaction:  # after a full disk SQLite has rolled back already: ROLLBACK would hide why
                con.execute("ROLLBACK")
            refused = machine_error(exc, _path(con)) if isinstance(exc, sqlite3.OperationalError) else None
            if refused is not None:
                raise refused from None
            raise
        applied.append(version)
    found = current_version(con)
    known = steps[-1][0]
    if found > known:
        raise StoreError(key="newer_schema", path=_path(con), found=found, known=known)
    return applied


def _path(con: sqlite3.Connection) -> str:
    row = con.execute("PRAGMA database_list").fetchone()
    return row[2] if row else "?"
