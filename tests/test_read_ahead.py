"""A data file's bytes read ahead in a thread: taken only while the file is unchanged, exactly its bytes."""

import os
from pathlib import Path

import pytest

from villagescore import read_ahead
from villagescore.datasets import files


@pytest.fixture(autouse=True)
def _nothing_pending():
    read_ahead.drop()
    yield
    read_ahead.drop()


def _settled(path: Path) -> Path:
    """``path`` as if last written a minute ago (a file written just now is not read ahead)."""
    minute_ago = os.stat(path).st_mtime_ns - 60_000_000_000
    os.utime(path, ns=(minute_ago, minute_ago))
    return path


def _csv(tmp_path: Path, text: bytes = b"\xef\xbb\xbfvillage_id,name\nv-1,L\xc3\xa0ng A\n") -> Path:
    path = tmp_path / "d.csv"
    path.write_bytes(text)
    return _settled(path)


def test_the_bytes_taken_are_the_files_own_and_taken_once(tmp_path):
    path = _csv(tmp_path)
    read_ahead.start(path, 1000)
    assert read_ahead.take(path, path.stat()) == path.read_bytes()
    assert read_ahead.take(path, path.stat()) is None


def test_the_reader_takes_the_bytes_read_ahead(tmp_path, monkeypatch):
    path = _csv(tmp_path)
    expected = path.read_bytes()
    read_ahead.start(path, 1000)
    read_ahead._pending[str(path)].join()
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read again"))
    assert files.read_bytes(path) == expected


def test_a_file_changed_since_is_read_again(tmp_path):
    path = _csv(tmp_path)
    read_ahead.start(path, 1000)
    read_ahead._pending[str(path)].join()
    path.write_bytes(b"village_id,name\nv-2,B\n")
    os.utime(path, ns=(1, 1))  # a different modification time even on a coarse clock
    assert files.read_bytes(path) == b"village_id,name\nv-2,B\n"


def test_a_rewrite_of_the_same_size_in_place_is_read_again(tmp_path):
    """Reviewed 2026-12-07: on a file system keeping whole seconds, a rewrite within the second kept the times."""
    path = _csv(tmp_path, b"a,b\n1308\n")
    read_ahead.start(path, 1000)
    read_ahead._pending[str(path)].join()
    with open(path, "r+b") as handle:  # in place, the clock as it is: the file's time moves to now
        handle.write(b"a,b\n-308\n")
    assert files.read_bytes(path) == b"a,b\n-308\n"


def test_a_file_written_just_now_is_not_read_ahead(tmp_path):
    path = tmp_path / "fresh.csv"
    path.write_bytes(b"a,b\n1,2\n")  # a rewrite within the clock's grain would keep its times
    read_ahead.start(path, 1000)
    assert read_ahead._pending == {}
    future = os.stat(path).st_mtime_ns + 3_600_000_000_000
    os.utime(path, ns=(future, future))
    read_ahead.start(path, 1000)
    assert read_ahead._pending == {}


def test_a_failure_of_any_kind_in_the_thread_is_silent_and_the_file_is_read_again(tmp_path, monkeypatch):
    import threading

    path = _csv(tmp_path)
    hooked = []
    monkeypatch.setattr(threading, "excepthook", lambda args: hooked.append(args))
    monkeypatch.setattr(read_ahead, "open", lambda *a, **k: (_ for _ in ()).throw(MemoryError()), raising=False)
    read_ahead.start(path, 1000)
    assert read_ahead.take(path, path.stat()) is None and hooked == []


def test_the_command_line_drops_bytes_a_command_read_ahead_and_never_read(tmp_path, capsys):
    from villagescore.cli import main

    path = _csv(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(["evaluate", str(path), "-f", "no-such-framework"])
    assert stop.value.code == 1
    assert read_ahead._pending == {}


def test_a_file_replaced_by_another_of_the_same_size_and_time_is_read_again(tmp_path):
    path = _csv(tmp_path, b"a,b\n1,2\n")
    read_ahead.start(path, 1000)
    read_ahead._pending[str(path)].join()
    stat = path.stat()
    other = tmp_path / "other.csv"
    other.write_bytes(b"a,b\n3,4\n")  # the same times as the file it replaces
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(other, path)  # another inode
    assert files.read_bytes(path) == b"a,b\n3,4\n"


@pytest.mark.parametrize("case", ["missing", "too large", "empty", "folder"])
def test_nothing_is_read_ahead_that_the_reader_would_not_read(tmp_path, case):
    path = {"missing": tmp_path / "gone.csv", "too large": _csv(tmp_path, b"x" * 101),
            "empty": _csv(tmp_path, b""), "folder": tmp_path}[case]
    read_ahead.start(path, 100)
    assert read_ahead._pending == {}


def test_bytes_not_taken_are_dropped(tmp_path):
    path = _csv(tmp_path)
    read_ahead.start(path, 1000)
    read_ahead.drop()
    assert read_ahead.take(path, path.stat()) is None


def test_a_second_file_read_ahead_replaces_the_first(tmp_path):
    first = _csv(tmp_path)
    second = tmp_path / "e.csv"
    second.write_bytes(b"a\n1\n")
    _settled(second)
    read_ahead.start(first, 1000)
    read_ahead.start(second, 1000)
    assert read_ahead.take(first, first.stat()) is None
    assert read_ahead.take(second, second.stat()) == b"a\n1\n"


def test_a_file_that_cannot_be_read_gives_nothing(tmp_path, monkeypatch):
    path = _csv(tmp_path)
    monkeypatch.setattr(read_ahead, "open", lambda *a, **k: (_ for _ in ()).throw(PermissionError("no")),
                        raising=False)
    read_ahead.start(path, 1000)
    assert read_ahead.take(path, path.stat()) is None
