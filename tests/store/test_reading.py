"""Reading a store of an older schema that this process may not write (villagescore.store.reading)."""

from __future__ import annotations

import pytest

from tests.store.conftest import make_read_only
from tests.store.helpers import downgrade_to_version_2
from villagescore.store import Store, StoreError
from villagescore.store.schema import SCHEMA_VERSION, current_version

NOW = "2026-01-01T00:00:00+00:00"


@pytest.fixture
def old_store(tmp_path, bundled_results):
    """A schema-2 store of Phùng Xá, and the same evaluation migrated by a writer (what a reader must see)."""
    old, migrated = tmp_path / "old.sqlite", tmp_path / "migrated.sqlite"
    for path in (old, migrated):
        with Store(path, create=True) as store:
            store.add(bundled_results["phung-xa"], now=NOW)
        downgrade_to_version_2(path)
    with Store(migrated, write=True):
        pass
    return old, migrated


def _seen(store):
    rows = {t: store.con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()  # noqa: S608
            for t in ("evaluations", "village_years", "threshold_versions", "unverified_left_out", "tiers")}
    return store.evaluations(), rows


def test_a_read_only_older_store_reads_as_its_migrated_copy_and_is_left_as_it_was(old_store, monkeypatch):
    """Review r6: a schema-4 store that may not be written was refused as read-only (a migration needs the lock)."""
    old, migrated = old_store
    before = old.read_bytes()
    make_read_only(monkeypatch, old)
    with Store(old) as reader, Store(migrated) as writer:
        assert current_version(reader.con) == 2 and current_version(writer.con) == SCHEMA_VERSION
        assert _seen(reader) == _seen(writer)
        assert reader.history("Phùng Xá")["years"] == writer.history("Phùng Xá")["years"]
    assert old.read_bytes() == before


def test_a_read_only_store_lacking_a_migration_that_changes_meaning_is_refused(old_store, monkeypatch):
    import villagescore.store.reading

    old, _ = old_store
    monkeypatch.setattr(villagescore.store.reading, "READABLE_UNMIGRATED", frozenset({4, 5}))
    make_read_only(monkeypatch, old)
    with pytest.raises(StoreError) as exc:
        Store(old)
    assert exc.value.key == "old_schema_read_only"
    assert "written before schema version 3" in exc.value.text("en")
    assert "được ghi trước lược đồ phiên bản 3" in exc.value.text("vi")


def test_a_reader_never_upgrades_a_writable_store_and_its_first_write_does(old_store, bundled_results):
    """A reader does not take the write lock, nor lock colleagues on the older version out of a shared store."""
    old, migrated = old_store
    with Store(old) as reader, Store(migrated) as writer:
        assert _seen(reader) == _seen(writer)
        assert current_version(reader.con) == 2
    with Store(old) as store:
        store.add(bundled_results["villages"], now=NOW)
        assert current_version(store.con) == SCHEMA_VERSION
        assert store.con.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
        assert [e["id"] for e in store.evaluations()] == [1, 2]
        assert store.con.execute("SELECT regulations IS NULL FROM main.evaluations ORDER BY id").fetchall() == [
            (1,), (0,)]


def test_a_writable_store_lacking_a_migration_that_changes_meaning_is_upgraded_by_a_reader(old_store, monkeypatch):
    import villagescore.store.reading

    old, _ = old_store
    monkeypatch.setattr(villagescore.store.reading, "READABLE_UNMIGRATED", frozenset({4, 5}))
    with Store(old) as store:
        assert current_version(store.con) == SCHEMA_VERSION
