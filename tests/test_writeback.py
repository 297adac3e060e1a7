"""A file being written is sent to the disk beside the writing; nothing of the writing changes."""

from __future__ import annotations

import os
import threading
import time

import pytest

from villagescore import writeback as wb


@pytest.fixture
def eager(monkeypatch):
    """Look at the file every millisecond and send it to the disk after every byte; count the requests."""
    monkeypatch.setattr(wb, "STEP", 1)
    monkeypatch.setattr(wb, "INTERVAL", 0.001)
    synced = []
    real = getattr(os, "fdatasync", os.fsync)

    def counting(fd):
        synced.append(os.fstat(fd).st_size)
        real(fd)

    monkeypatch.setattr(os, "fdatasync" if hasattr(os, "fdatasync") else "fsync", counting)
    return synced


def _write_slowly(handle, parts=20):
    for k in range(parts):
        handle.write(b"%d\n" % k)
        handle.flush()
        time.sleep(0.005)


def test_what_is_written_is_sent_to_the_disk_as_it_grows(tmp_path, eager):
    path = tmp_path / "out.bin"
    with open(path, "wb") as handle, wb.writeback(handle.fileno()):
        _write_slowly(handle)
    assert path.read_bytes() == b"".join(b"%d\n" % k for k in range(20))
    assert eager and eager == sorted(eager)  # at growing sizes, while the file was written
    assert not any(t.name == "villagescore-writeback" for t in threading.enumerate())


def test_a_refusal_of_the_disk_stops_the_thread_not_the_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(wb, "STEP", 1)
    monkeypatch.setattr(wb, "INTERVAL", 0.001)
    calls = []

    def refused(fd):
        calls.append(fd)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fdatasync" if hasattr(os, "fdatasync") else "fsync", refused)
    path = tmp_path / "out.bin"
    with open(path, "wb") as handle, wb.writeback(handle.fileno()):
        _write_slowly(handle)
    assert path.read_bytes().endswith(b"19\n")
    assert len(calls) == 1  # the thread gave up at the first refusal


def test_an_error_of_the_block_stops_the_thread_and_passes_through(tmp_path):
    with pytest.raises(KeyboardInterrupt), open(tmp_path / "out.bin", "wb") as handle, \
            wb.writeback(handle.fileno()):
        handle.write(b"x")
        raise KeyboardInterrupt
    assert not any(t.name == "villagescore-writeback" for t in threading.enumerate())


def test_a_small_file_is_left_to_the_final_sync(tmp_path, monkeypatch):
    monkeypatch.setattr(wb, "INTERVAL", 0.001)
    calls = []
    monkeypatch.setattr(os, "fdatasync" if hasattr(os, "fdatasync") else "fsync", calls.append)
    with open(tmp_path / "out.bin", "wb") as handle, wb.writeback(handle.fileno()):
        _write_slowly(handle, parts=5)
    assert calls == []  # far below STEP
