"""Reading a store of an older schema without migrating it (an archived copy, a shared or read-only one).

A reader never upgrades a store: that would take the write lock and lock colleagues on an older
villagescore out of a shared store. The tables and columns its missing migrations would add are
supplied in the connection's ``TEMP`` schema, which SQLite searches before the file's own: a table
the store lacks is an empty ``TEMP`` table, a table lacking columns is a ``TEMP`` view of it with
those columns ``NULL``. That is exactly what the migrations leave in the rows already stored, so the
readers' fallbacks for evaluations stored before a version apply unchanged and nothing is misread.
Only migrations listed in :data:`~villagescore.store.schema.READABLE_UNMIGRATED` are read this way;
a store lacking another one is upgraded, or refused when it cannot be written until it is opened once
with write access.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import StoreError
from .schema import MIGRATIONS, READABLE_UNMIGRATED, SCHEMA_VERSION, current_version, migrate

__all__ = ["read_as_current"]


def read_as_current(con: sqlite3.Connection, path: Path) -> None:
    """Let ``con`` read its store with the current schema's tables and columns, without writing to it.

    Raises :class:`StoreError` ``newer_schema`` for a store of a newer villagescore, and
    ``old_schema_read_only`` for one lacking a migration that changes what stored rows mean and that cannot
    be written (one that can is migrated).
    """
    found = current_version(con)
    if found > SCHEMA_VERSION:
        raise StoreError(key="newer_schema", path=path, found=found, known=SCHEMA_VERSION)
    missing = [version for version, _name, _statements in MIGRATIONS if version > found]
    refused = [version for version in missing if version not in READABLE_UNMIGRATED]
    if refused:
        try:
            migrate(con)
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc) and "read-only" not in str(exc):
                raise
            raise StoreError(key="old_schema_read_only", path=path, found=found, needed=refused[0]) from None
        return
    if not missing:
        return
    expected = _current_schema()
    for table, (sql, columns) in expected.items():
        present = [row[1] for row in con.execute("SELECT * FROM pragma_table_info(?, 'main')", (table,))]
        if not present:
            con.execute(sql.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
        elif len(present) < len(columns):
            chosen = ", ".join(f'"{c}"' if c in present else f'NULL AS "{c}"' for c in columns)
            con.execute(f'CREATE TEMP VIEW "{table}" AS SELECT {chosen} FROM main."{table}"')  # noqa: S608


def _current_schema() -> dict[str, tuple[str, list[str]]]:
    """Every table of the current schema: its ``CREATE TABLE`` statement and its columns in order."""
    mem = sqlite3.connect(":memory:")
    try:
        for _version, _name, statements in MIGRATIONS:
            for statement in statements:
                mem.execute(statement)
        tables = mem.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                             "AND name NOT LIKE 'sqlite_%'").fetchall()
        return {name: (sql, [row[1] for row in mem.execute("SELECT * FROM pragma_table_info(?)", (name,))])
                for name, sql in tables}
    finally:
        mem.close()
