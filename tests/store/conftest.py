"""Fixtures of the store tests: results of the bundled datasets (scored once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUNDLED = {
    "phung-xa": REPO / "datasets" / "phung-xa" / "phung-xa.csv",
    "villages": REPO / "datasets" / "villages" / "villages.csv",
    "national": REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv",
}


@pytest.fixture(scope="session")
def bundled_results():
    import villagescore as vs

    return {name: vs.evaluate(path) for name, path in BUNDLED.items()}


@pytest.fixture
def store_of_bundled(tmp_path, bundled_results):
    """A store holding the three bundled datasets (no plans)."""
    from villagescore.store import Store

    store = Store(tmp_path / "store.sqlite", create=True)
    for name in BUNDLED:
        store.add(bundled_results[name], now="2026-01-01T00:00:00+00:00")
    yield store
    store.close()


def make_read_only(monkeypatch, path):
    """Make the store file ``path`` read-only: mode 0o444, and (as root, whom mode bits do not stop) every
    SQLite connection to it opened read-only (``mode=ro``), as SQLite opens a file it may not write."""
    import os
    import sqlite3

    path.chmod(0o444)
    if os.geteuid() != 0:
        return
    real = sqlite3.connect

    def read_only(database, *args, **kwargs):
        if str(database) == str(path):
            return real(f"file:{database}?mode=ro", *args, uri=True, **kwargs)
        return real(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
