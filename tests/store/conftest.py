"""Fixtures of the store tests: results of the bundled datasets (scored once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SUPPORT = REPO / "tests" / "support"
FIXTURES = REPO / "tests" / "fixtures"
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


@pytest.fixture
def two_versions(tmp_path, toy_registry):
    """A store with the toy framework 1.0 (evaluation #1) and the same id as 2.0 (#2): an exported v2 kept its id."""
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.store import Store

    v1, v2 = tmp_path / "toy-v1.yaml", tmp_path / "toy-v2.yaml"
    text = (SUPPORT / "toy-framework.yaml").read_text(encoding="utf-8")
    v1.write_text(text, encoding="utf-8")
    v2.write_text(text.replace('version: "1.0"', 'version: "2.0"', 1), encoding="utf-8")
    store = Store(tmp_path / "two.sqlite", create=True)
    for path in (v1, v2):
        fw = load_framework(path, toy_registry)
        store.add(Engine(toy_registry).evaluate(fw, read_dataset(FIXTURES / "compare_toy_reform.csv", toy_registry,
                                                                 framework=fw)), now="2026-01-01T00:00:00+00:00")
    yield store, v1, v2
    store.close()


@pytest.fixture
def one_file_scored_twice(tmp_path, toy_registry):
    """The toy framework file evaluated as written (#1) and with ``--unverified-limits exclude`` (#2).

    One file, two rows of ``frameworks``: the policy changes the resolved hash.
    """
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.store import Store
    from villagescore.unverified import with_unverified_limits

    path = tmp_path / "toy.yaml"
    path.write_text((SUPPORT / "toy-framework.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    store = Store(tmp_path / "twice.sqlite", create=True)
    base = load_framework(path, toy_registry)
    excluding = with_unverified_limits(base, "exclude")
    for fw, dataset in ((base, "compare_toy_reform.csv"), (excluding, "compare_toy_2025.csv")):
        store.add(Engine(toy_registry).evaluate(fw, read_dataset(FIXTURES / dataset, toy_registry, framework=fw)),
                  now="2026-01-01T00:00:00+00:00")
    yield store, path
    store.close()
