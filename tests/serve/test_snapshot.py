import sqlite3
import subprocess
import sys

from villagescore.serve.snapshot import snapshot


def test_a_snapshot_is_a_single_file_copy_named_as_the_store_and_removed_at_exit(tmp_path):
    store = tmp_path / "store.sqlite"
    con = sqlite3.connect(store)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    copy = snapshot(con, store.name)
    con.execute("INSERT INTO t VALUES (2)")  # later writes change nothing in the copy
    con.commit()
    assert copy.name == "store.sqlite" and copy.parent != tmp_path
    with sqlite3.connect(f"{copy.as_uri()}?immutable=1", uri=True) as read:
        assert read.execute("SELECT x FROM t").fetchall() == [(1,)]
        assert read.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    code = ("import sqlite3, sys\nfrom villagescore.serve.snapshot import snapshot\n"
            "print(snapshot(sqlite3.connect(sys.argv[1]), 'store.sqlite').parent)\n")
    done = subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True, check=True)
    folder = done.stdout.strip()
    assert folder and not __import__("os").path.exists(folder)
