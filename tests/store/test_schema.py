"""Migrations the machine refuses: the cause said, never hidden by a ROLLBACK of nothing."""

import sqlite3

import pytest

from villagescore.store import StoreError
from villagescore.store.connection import connect
from villagescore.store.schema import MIGRATIONS, SCHEMA_VERSION, current_version, migrate


class _RolledBackByTheDisk(sqlite3.Connection):
    """SQLITE_FULL at a migration's statement, after which SQLite has rolled the transaction back itself."""

    def execute(self, sql, *args):
        if sql == "FULL DISK":
            super().execute("ROLLBACK")
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


def test_a_migration_on_a_full_disk_says_the_disk_is_full(tmp_path):
    connect(tmp_path / "s.sqlite", create=True).close()
    con = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None, factory=_RolledBackByTheDisk)
    try:
        with pytest.raises(StoreError) as exc:  # was "cannot rollback - no transaction is active"
            migrate(con, [*MIGRATIONS, (SCHEMA_VERSION + 1, "next", ["FULL DISK"])])
        assert exc.value.key == "cannot_write"
        assert "ổ đĩa đã hết chỗ trống" in exc.value.text("vi")
        assert current_version(con) == SCHEMA_VERSION
        assert not con.in_transaction
    finally:
        con.close()
