import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from tests.support.read_only_mount import require_mounting, run_with_read_only_mount
from villagescore.store import Store, StoreError
from villagescore.store.connection import connect, write_transaction
from villagescore.store.schema import APPLICATION_ID, SCHEMA_VERSION, current_version, migrate

#: Whether another user finds this installation (not imported: an import that crashes is what is tested).
FINDS_VILLAGESCORE = "import importlib.util, sys; sys.exit(importlib.util.find_spec('villagescore') is None)"


def test_a_new_store_is_in_wal_mode_at_the_current_schema(tmp_path):
    with Store(tmp_path / "deep" / "folder" / "s.sqlite", create=True) as store:
        assert store.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert current_version(store.con) == SCHEMA_VERSION
        assert store.con.execute("SELECT version, name FROM schema_migrations").fetchall() == [
            (1, "initial schema"), (2, "share of each village-year's scoring inputs that are estimates"),
            (3, "regulation versions of each regulated indicator, and of indicators left out for an unverified limit"),
            (4, "status of each village-year's gates not passed"), (5, "regulation versions of each evaluation"),
            (6, "pillar minimums of each tier"),
            (7, "whether each village-year's province is in the 2025 mapping table"),
            (8, "former commune of each village-year")]


def test_a_missing_store_is_not_created_by_readers(tmp_path):
    with pytest.raises(StoreError) as exc:
        Store(tmp_path / "none.sqlite")
    assert exc.value.key == "no_store"
    assert not (tmp_path / "none.sqlite").exists()


def test_a_foreign_file_is_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    text = tmp_path / "data.csv"
    text.write_text("village_id,name\n" * 200, encoding="utf-8")
    for path in (other, text):
        with pytest.raises(StoreError) as exc:
            Store(path, create=True)
        assert exc.value.key == "not_a_store"


def test_migrations_apply_once_in_order(tmp_path):
    from villagescore.store.schema import MIGRATIONS

    nxt = SCHEMA_VERSION + 1
    added = [(nxt, "add a note column", ["CREATE TABLE notes (x TEXT)"])]
    con = connect(tmp_path / "s.sqlite", create=True)
    try:
        assert migrate(con, MIGRATIONS + added) == [nxt]  # connect brought it to SCHEMA_VERSION
        assert migrate(con, MIGRATIONS + added) == []
        assert current_version(con) == nxt
        assert con.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    finally:
        con.close()
    with pytest.raises(StoreError) as exc:  # this code knows up to SCHEMA_VERSION only
        Store(tmp_path / "s.sqlite")
    assert exc.value.key == "newer_schema" and str(nxt) in str(exc.value)


def test_a_version_1_store_gains_the_estimated_share_column(tmp_path, monkeypatch):
    from villagescore.store import schema

    with monkeypatch.context() as m:  # a store written by a villagescore that knew version 1 only
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        con = connect(tmp_path / "s.sqlite", create=True)
        try:
            assert current_version(con) == 1
            assert "estimated_share" not in [r[1] for r in con.execute("PRAGMA table_info(village_years)")]
        finally:
            con.close()
    with Store(tmp_path / "s.sqlite", create=True) as store:  # opening a store brings it to the current schema
        assert current_version(store.con) == SCHEMA_VERSION
        assert "estimated_share" in [r[1] for r in store.con.execute("PRAGMA table_info(village_years)")]


def test_a_failed_migration_rolls_back(tmp_path):
    con = connect(tmp_path / "s.sqlite", create=True)
    try:
        from villagescore.store.schema import MIGRATIONS

        broken = MIGRATIONS + [(SCHEMA_VERSION + 1, "broken", ["CREATE TABLE ok_table (x)", "NOT SQL"])]
        with pytest.raises(sqlite3.OperationalError):
            migrate(con, broken)
        assert current_version(con) == SCHEMA_VERSION
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ok_table'").fetchone()[0] == 0
    finally:
        con.close()


def test_readers_see_the_last_commit_while_a_writer_writes(store_of_bundled):
    path = store_of_bundled.path
    reader = Store(path)
    try:
        before = reader.counts()["village_years"]
        with write_transaction(store_of_bundled.con):
            store_of_bundled.con.execute("DELETE FROM village_years WHERE evaluation = 3")
            # a reader in another connection (and thread) is not blocked and sees the committed state
            seen = []
            t = threading.Thread(target=lambda: seen.append(
                Store(path).con.execute("SELECT count(*) FROM village_years").fetchone()[0]))
            t.start()
            t.join(10)
            assert seen == [before]
            store_of_bundled.con.execute("ROLLBACK")
            store_of_bundled.con.execute("BEGIN")  # keep the context manager's COMMIT valid
        assert reader.counts()["village_years"] == before
    finally:
        reader.close()


def test_a_second_writer_waits_then_reports_busy(store_of_bundled):
    other = Store(store_of_bundled.path, timeout=0.2)
    try:
        with write_transaction(store_of_bundled.con):
            with pytest.raises(StoreError) as exc:
                with write_transaction(other.con):
                    pass  # pragma: no cover - never reached
        assert exc.value.key == "busy"
        assert "đang bận" in exc.value.text("vi")
        with write_transaction(other.con):  # once the first writer is done, the second one proceeds
            pass
    finally:
        other.close()


def test_one_writer_and_many_readers_in_threads(store_of_bundled, bundled_results):
    """Readers loop while a writer adds: every read sees a whole evaluation or none of it."""
    import villagescore as vs

    from .conftest import BUNDLED

    variant = vs.evaluate(BUNDLED["national"], framework=str(BUNDLED["phung-xa"].parents[2] / "docs" / "examples"
                                                             / "frameworks" / "hanoi-variant.yaml"))
    path = store_of_bundled.path
    stop = threading.Event()
    seen: set[int] = set()
    errors: list[BaseException] = []

    def read() -> None:
        with Store(path) as r:
            while not stop.is_set():
                try:
                    r.con.execute("BEGIN")
                    n = r.con.execute("SELECT count(*) FROM village_years").fetchone()[0]
                    m = r.con.execute("SELECT coalesce(sum(village_years), 0) FROM evaluations").fetchone()[0]
                    r.con.execute("COMMIT")
                    assert n == m
                    seen.add(n)
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)
                    return

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        with Store(path) as writer:
            assert writer.add(variant).created
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert not errors, errors
    assert seen <= {510, 1010}


def test_a_read_only_store_is_refused_for_writing_in_both_languages(tmp_path, monkeypatch, bundled_results):
    from tests.store.conftest import make_read_only

    path = tmp_path / "s.sqlite"
    with Store(path, create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
    before = path.read_bytes()
    make_read_only(monkeypatch, path)
    with Store(path) as reader:  # reading is fine
        assert len(reader.evaluations()) == 1
        with pytest.raises(StoreError) as exc:  # a write found read-only is the store's error, not sqlite3's
            reader.remove(1)
        assert exc.value.key == "read_only"
    with pytest.raises(StoreError) as exc:
        Store(path, write=True)
    assert exc.value.key == "read_only"
    assert f"the store {path} is read-only: " in exc.value.text("en")
    assert f"kho kết quả {path} chỉ đọc được: " in exc.value.text("vi")
    assert path.read_bytes() == before


def test_an_empty_file_is_not_a_store_for_readers_and_is_left_as_it_was(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"")
    for write in (False, True):
        with pytest.raises(StoreError) as exc:
            Store(notes, write=write)
        assert exc.value.key == "not_a_store"
        assert "the file is empty" in exc.value.text("en") and "tệp rỗng" in exc.value.text("vi")
    assert notes.read_bytes() == b"" and not (tmp_path / "notes.txt-wal").exists()
    with Store(notes, create=True) as store:  # store add makes a store of it
        assert store.evaluations() == []


def test_a_folder_is_not_a_store_file(tmp_path):
    for create in (False, True):
        with pytest.raises(StoreError) as exc:
            Store(tmp_path, create=create)
        assert exc.value.key == "is_directory"
        assert exc.value.text("en") == (f"{tmp_path} is a folder, not a store file: give the path of a file, e.g. "
                                        f"--store {tmp_path / 'store.sqlite'}")
        assert "là một thư mục, không phải tệp kho kết quả" in exc.value.text("vi")


def test_a_store_under_a_file_says_the_file_is_not_a_folder(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    for path, create, key in ((blocker / "s.sqlite", True, "cannot_create"), (blocker / "a" / "s.sqlite", True,
                              "cannot_create"), (blocker / "s.sqlite", False, "cannot_open")):
        with pytest.raises(StoreError) as exc:
            Store(path, create=create)
        assert exc.value.key == key
        assert exc.value.text("en").endswith(f": {blocker} is a file, not a folder")
        assert exc.value.text("vi").endswith(f": {blocker} là một tệp, không phải thư mục")
    assert blocker.read_text(encoding="utf-8") == "x"


def test_a_folder_that_refuses_new_files_is_said_in_words(tmp_path, monkeypatch):
    import errno
    import os

    path = tmp_path / "s.sqlite"
    real = os.open

    def refuse(file, *args, **kwargs):
        if str(file) == str(path):
            raise OSError(errno.ENOENT, "No such file or directory")  # as /proc answers
        return real(file, *args, **kwargs)

    def unable(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr(sqlite3, "connect", unable)
    with pytest.raises(StoreError) as exc:
        Store(path, create=True)
    assert exc.value.key == "cannot_create"
    assert exc.value.text("en") == (f"cannot create the store {path}: the file system of the folder {tmp_path} "
                                    "does not allow new files there")
    assert "unable to open" not in exc.value.text("vi") and "không tạo được kho kết quả" in exc.value.text("vi")
    monkeypatch.setattr(os, "open", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EACCES, "Permission denied")))
    with pytest.raises(StoreError) as exc:
        Store(path, create=True)
    assert exc.value.text("vi").endswith(f"bạn không có quyền tạo tệp trong thư mục {tmp_path}")


def _on_a_read_only_mount(monkeypatch, path):
    """Simulate a read-only mount of the store's folder: ``statvfs`` says so and the ``-shm`` file cannot be created
    (a folder of that name takes its place, so SQLite fails as it does on the mount: "unable to open database file")."""
    import os
    from types import SimpleNamespace

    (path.parent / (path.name + "-shm")).mkdir()
    real = os.statvfs
    monkeypatch.setattr(os, "statvfs", lambda folder: SimpleNamespace(f_flag=real(folder).f_flag | os.ST_RDONLY))


def test_a_store_on_a_read_only_mount_is_read_and_refused_for_writing(tmp_path, monkeypatch, bundled_results):
    """Audit 2026-12-07: every reading command said "unable to open database file"; docs/store.md says they read it."""
    path = tmp_path / "store.sqlite"
    with Store(path, create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
    before = path.read_bytes()
    _on_a_read_only_mount(monkeypatch, path)
    with Store(path) as reader:
        assert len(reader.evaluations()) == 1
        with pytest.raises(StoreError) as exc:
            reader.remove(1)
        assert exc.value.key == "read_only"
    with pytest.raises(StoreError) as exc:
        Store(path, write=True)
    assert exc.value.key == "read_only"
    assert "is on a read-only file system" in exc.value.text("en")
    assert "chỉ đọc được" in exc.value.text("vi") and "unable to open" not in exc.value.text("vi")
    assert path.read_bytes() == before


def test_a_store_on_a_real_read_only_mount_is_read(tmp_path, bundled_results):
    """The audit's case itself, where this process may mount (root, ``unshare``): a bind mount remounted read-only."""

    require_mounting()
    folder = tmp_path / "mounted"
    folder.mkdir()
    path = folder / "store.sqlite"
    with Store(path, create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
    code = ("import sys\nfrom villagescore.store import Store, StoreError\n"
            "with Store(sys.argv[1]) as s: print(len(s.evaluations()))\n"
            "try: Store(sys.argv[1], write=True)\nexcept StoreError as e: print(e.key)\n")
    done = run_with_read_only_mount(folder, folder, code, path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "read_only"]


def _store_with_unwritten_changes(folder, bundled_results):
    """``folder/store.sqlite`` with two evaluations, the second only in its ``-wal`` file (no ``-shm``).

    The files are copied while a writer still holds the store open, as a read-only mount shows a
    store another process is writing through a writable path.
    """
    import shutil

    source = folder.parent / "source"
    source.mkdir()
    with Store(source / "store.sqlite", create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
        store.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.con.execute("PRAGMA wal_autocheckpoint = 0")  # the second evaluation stays in the -wal file
        store.add(bundled_results["villages"], now="2026-01-02T00:00:00+00:00")
        for name in ("store.sqlite", "store.sqlite-wal"):
            shutil.copyfile(source / name, folder / name)
    assert (folder / "store.sqlite-wal").stat().st_size > 0
    return folder / "store.sqlite"


def _mode_ro_cannot_open(monkeypatch):
    """Only an ``immutable`` connection reads the store, as on a read-only mount where SQLite cannot create the
    -shm file both a WAL reader and ``mode=ro`` need (here, where it can, they would read the store)."""
    from villagescore.store import connection

    real_set_up = connection._set_up

    def no_shared_memory(con, *args, **kwargs):
        if not isinstance(con, connection._ImmutableConnection):
            raise sqlite3.OperationalError("unable to open database file")
        return real_set_up(con, *args, **kwargs)

    monkeypatch.setattr(connection, "_set_up", no_shared_memory)


def test_a_store_with_a_wal_file_on_a_read_only_mount_is_refused_not_read_without_it(tmp_path, monkeypatch,
                                                                                      bundled_results):
    """Walk 15 review: read as immutable, the -wal file was ignored: 1 of 2 evaluations listed without a word."""
    folder = tmp_path / "mounted"
    folder.mkdir()
    path = _store_with_unwritten_changes(folder, bundled_results)
    _on_a_read_only_mount(monkeypatch, path)
    _mode_ro_cannot_open(monkeypatch)
    with pytest.raises(StoreError) as exc:
        Store(path)
    assert exc.value.key == "cannot_open"
    assert "changes not yet written into its file" in exc.value.text("en")
    assert "copy the store with its -wal file to a writable folder" in exc.value.text("en")
    assert "thay đổi chưa được ghi vào tệp" in exc.value.text("vi")


def test_an_immutable_store_written_while_open_says_so_instead_of_malformed(tmp_path, monkeypatch, bundled_results):
    """Walk 15 review: a Store held open on a read-only mount, written through the host's path: "malformed"."""
    import os

    path = tmp_path / "store.sqlite"
    with Store(path, create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
    _on_a_read_only_mount(monkeypatch, path)
    _mode_ro_cannot_open(monkeypatch)
    with Store(path) as reader:
        assert type(reader.con).__name__ == "_ImmutableConnection"
        assert len(reader.evaluations()) == 1
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # written through another path
        with pytest.raises(StoreError) as exc:
            reader.evaluations()
    assert "the store changed while it was read" in exc.value.text("en") and "run the command again" in str(exc.value)
    assert "hãy chạy lại lệnh" in exc.value.text("vi")


def _in_mount_namespace(tmp_path, code, *args):
    """Run ``code`` with ``tmp_path/rw`` bind-mounted read-only at ``tmp_path/ro``; skip where one cannot mount."""

    rw, ro = tmp_path / "rw", tmp_path / "ro"
    ro.mkdir(exist_ok=True)
    done = run_with_read_only_mount(rw, ro, code, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def test_a_real_read_only_mount_with_a_wal_file_is_refused(tmp_path, bundled_results):
    """The reviewer's case: -wal present but no -shm on a read-only bind mount; immutable listed 1 of 2."""
    (tmp_path / "rw").mkdir()
    _store_with_unwritten_changes(tmp_path / "rw", bundled_results)
    code = ("import sys\nfrom villagescore.store import Store, StoreError\n"
            "try: print(len(Store(sys.argv[1]).evaluations()))\nexcept StoreError as e: print(e.key, e)\n")
    (out, *_rest) = _in_mount_namespace(tmp_path, code, tmp_path / "ro" / "store.sqlite")
    assert out.startswith("cannot_open") and "changes not yet written into its file" in out


def test_a_store_held_open_on_a_real_read_only_mount_written_through_the_host_path(tmp_path, bundled_results):
    """The reviewer's notebook: a Store open on the mount saw stale data, then "database disk image is malformed"."""
    (tmp_path / "rw").mkdir()
    with Store(tmp_path / "rw" / "store.sqlite", create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
        store.add(bundled_results["villages"], now="2026-01-02T00:00:00+00:00")
    code = ("import sys\nfrom villagescore.store import Store, StoreError\n"
            "reader = Store(sys.argv[1])\nprint(len(reader.evaluations()))\n"
            "with Store(sys.argv[2], write=True) as writer: writer.remove(1)\n"
            "try: print(len(reader.evaluations()))\nexcept StoreError as e: print(e)\n")
    lines = _in_mount_namespace(tmp_path, code, tmp_path / "ro" / "store.sqlite", tmp_path / "rw" / "store.sqlite")
    assert lines[0] == "2" and "the store changed while it was read" in lines[1], lines


def test_a_wal_store_in_a_folder_this_user_cannot_write_says_so_in_words(tmp_path, monkeypatch, bundled_results):
    """Walk 15: a colleague's shared folder (writable file system) gave SQLite's "unable to open database file"."""
    import os

    path = tmp_path / "store.sqlite"
    with Store(path, create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
    from villagescore.store import connection

    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if os.fspath(p) == str(tmp_path)
                        else real_access(p, mode))
    # what SQLite says to a user who cannot create the -shm file: with a -wal file beside the store, and without
    for said_by_sqlite in ("unable to open database file", "attempt to write a readonly database"):
        def no_shared_memory(*args, said_by_sqlite=said_by_sqlite, **kwargs):
            raise sqlite3.OperationalError(said_by_sqlite)

        monkeypatch.setattr(connection, "_set_up", no_shared_memory)
        with pytest.raises(StoreError) as exc:
            Store(path)
        assert exc.value.key == "cannot_open"
        en, vi = exc.value.text("en"), exc.value.text("vi")
        assert f"this user cannot write the store's folder {tmp_path}" in en
        assert "copy the store (with its -wal file if any) to a folder you can write" in en
        assert "người dùng này không ghi được vào thư mục" in vi
        assert "unable to open" not in en + vi and "readonly" not in en + vi


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="runs a command as another user: needs root and setpriv")
def test_a_wal_store_in_a_folder_another_user_cannot_write_is_said_to_them(bundled_results):
    """The audit's case itself: `store list` run by a user who can read the store's folder but not write it."""
    import subprocess
    import sys
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="villagescore-shared-"))
    try:
        folder.chmod(0o755)
        path = folder / "store.sqlite"
        with Store(path, create=True) as store:
            store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
        path.chmod(0o644)
        assert not (folder / "store.sqlite-shm").exists()
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
        user = ["setpriv", "--reuid=12345", "--regid=12345", "--clear-groups", sys.executable, "-m", "villagescore"]
        if subprocess.run([*user[:-2], "-c", FINDS_VILLAGESCORE], capture_output=True, env=env, cwd="/").returncode:
            pytest.skip("another user cannot import this installation of villagescore (tox's are root's alone)")
        listed = subprocess.run([*user, "store", "list", "--store", str(path), "--lang", "en"], capture_output=True,
                                text=True, env=env, cwd="/")
        assert listed.returncode == 1, listed.stdout + listed.stderr
        assert "Traceback" not in listed.stderr and "unable to open" not in listed.stderr
        assert "this user cannot write the store's folder" in listed.stderr
    finally:
        shutil.rmtree(folder)


def _fill_the_disk(con):
    """SQLite's own SQLITE_FULL: no page may be added to the store (as on a disk with no space left)."""
    con.execute(f"PRAGMA max_page_count = {con.execute('PRAGMA page_count').fetchone()[0]}")


def test_a_full_disk_while_adding_is_a_store_error_and_the_store_is_unchanged(tmp_path, bundled_results):
    path = tmp_path / "s.sqlite"
    with Store(path, create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
    with Store(path, write=True) as store:
        _fill_the_disk(store.con)
        with pytest.raises(StoreError) as exc:  # was sqlite3.OperationalError: a traceback, "internal error", exit 3
            store.add(bundled_results["villages"], now="2026-01-02T00:00:00+00:00")
    assert exc.value.key == "cannot_write"
    assert exc.value.text("en") == (f"cannot write the store {path}: no space left on the disk; nothing of this "
                                    "command was stored")
    assert exc.value.text("vi") == (f"không ghi được vào kho kết quả {path}: ổ đĩa đã hết chỗ trống; lệnh này chưa "
                                    "lưu gì vào kho")
    with Store(path) as store:
        assert len(store.evaluations()) == 1


class _FailingDisk(sqlite3.Connection):
    """A connection whose disk fails at the first statement matching ``failing``, as SQLite says it (and, after
    SQLITE_FULL or SQLITE_IOERR, having rolled the transaction back itself)."""

    failing = ""
    said_by_sqlite = ""

    def execute(self, sql, *args):
        if self.failing and sql.startswith(self.failing):
            if self.in_transaction:
                super().execute("ROLLBACK")
            raise sqlite3.OperationalError(self.said_by_sqlite)
        return super().execute(sql, *args)


def _disk_failing_at(monkeypatch, statement, said_by_sqlite):
    real = sqlite3.connect
    monkeypatch.setattr(_FailingDisk, "failing", statement)
    monkeypatch.setattr(_FailingDisk, "said_by_sqlite", said_by_sqlite)
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: real(*args, factory=_FailingDisk, **kwargs))


def test_a_disk_failing_at_commit_is_a_store_error_in_both_languages(tmp_path, bundled_results, monkeypatch):
    path = tmp_path / "s.sqlite"
    with Store(path, create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
    _disk_failing_at(monkeypatch, "COMMIT", "disk I/O error")
    with Store(path, write=True) as store, pytest.raises(StoreError) as exc:
        store.add(bundled_results["villages"], now="2026-01-02T00:00:00+00:00")
    assert exc.value.key == "cannot_write"
    assert "the disk could not be read or written (an input/output error" in exc.value.text("en")
    assert "không đọc hoặc ghi được ổ đĩa (lỗi vào/ra" in exc.value.text("vi")
    monkeypatch.undo()
    with Store(path) as store:
        assert len(store.evaluations()) == 1


def test_a_store_whose_creation_fails_on_a_full_disk_leaves_no_file(tmp_path, monkeypatch):
    # SQLite rolled back after SQLITE_FULL: the unconditional ROLLBACK said "cannot rollback - no transaction is
    # active", hid the cause, and the bare 4 KB file left (with its -wal and -shm) was refused by every command after
    _disk_failing_at(monkeypatch, "INSERT INTO schema_migrations", "database or disk is full")
    path = tmp_path / "st.sqlite"
    with pytest.raises(StoreError) as exc:
        connect(path, create=True)
    assert "no space left on the disk" in exc.value.text("en")
    assert sorted(tmp_path.iterdir()) == []


def test_a_store_left_empty_by_a_failed_creation_opens(tmp_path):
    path = tmp_path / "st.sqlite"  # what a creation interrupted by a full disk left before: SQLite's header only
    sqlite3.connect(path).execute("PRAGMA journal_mode = WAL").close()
    with Store(path) as store:
        assert store.evaluations() == []


@pytest.mark.parametrize("how", ["full_disk", "interrupted"])
def test_a_store_whose_first_add_fails_is_removed_with_its_wal_and_shm(tmp_path, bundled_results, monkeypatch, how):
    # the store was created, then its first add filled the disk: an empty store and a -wal file filling the disk
    # were left (store list then showed an empty store)
    import villagescore.store.writer as writer

    path = tmp_path / "new.db"
    store = Store(path, create=True)
    if how == "full_disk":
        _fill_the_disk(store.con)
        expected = StoreError
    else:
        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt
        monkeypatch.setattr(writer, "_framework_row", interrupted)
        expected = KeyboardInterrupt
    with store, pytest.raises(expected):
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
    assert sorted(tmp_path.iterdir()) == []


def test_a_store_that_holds_an_evaluation_is_kept_when_a_later_add_fails(tmp_path, bundled_results):
    path = tmp_path / "new.db"
    with Store(path, create=True) as store:
        store.add(bundled_results["phung-xa"], now="2026-01-01T00:00:00+00:00")
        _fill_the_disk(store.con)
        with pytest.raises(StoreError):
            store.add(bundled_results["villages"], now="2026-01-02T00:00:00+00:00")
    with Store(path) as store:
        assert len(store.evaluations()) == 1
