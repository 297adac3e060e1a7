"""Helpers of the store tests: a store as an older villagescore wrote it."""

import sqlite3


def downgrade_to_version_2(path):
    """The store as villagescore wrote it before schema version 3 (every later table and column dropped)."""
    con = sqlite3.connect(path)
    try:
        for statement in ("DROP TABLE threshold_versions", "DROP TABLE unverified_left_out",
                          "ALTER TABLE evaluations DROP COLUMN regulations_recorded",
                          "ALTER TABLE village_years DROP COLUMN gates_status",
                          "ALTER TABLE evaluations DROP COLUMN regulations",
                          "ALTER TABLE tiers DROP COLUMN min_pillar_score",
                          "ALTER TABLE tiers DROP COLUMN min_pillar_scores",
                          "ALTER TABLE village_years DROP COLUMN province_mapped",
                          "ALTER TABLE village_years DROP COLUMN former_commune",
                          "DELETE FROM schema_migrations WHERE version >= 3"):
            con.execute(statement)
        con.commit()
    finally:
        con.close()
