"""An embedded store of evaluations over the years (SQLite, standard library ``sqlite3``).

>>> from villagescore.store import Store
>>> import villagescore as vs
>>> with Store("results.sqlite", create=True) as store:          # doctest: +SKIP
...     store.add(vs.evaluate("datasets/phung-xa/phung-xa.csv"))
...     store.history("Phùng Xá")["years"]

Every village-year is recorded with its scores at every level (overall, pillars,
criteria, indicators with raw value, score and status), its rating, the gates that
fired, an improvement plan when one was computed, and the provenance of its evaluation
(framework id, version, file hash, resolved hash and lineage; dataset hash; plugin
versions; the regulation version applied to each indicator). Adding the same inputs twice
changes nothing; every add and remove is one transaction; readers and one writer may work
at the same time (WAL). The layout of the tables is described in
:mod:`villagescore.store.schema` and ``docs/store.md``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .errors import StoreError
from .paths import ENV_VAR, default_path, resolve_path

__all__ = ["Store", "StoreError", "default_path", "resolve_path", "ENV_VAR"]


class Store:
    """An open store (a SQLite file).

    Parameters
    ----------
    path : path, optional
        The store file; by default :func:`default_path` (``VILLAGESCORE_STORE`` or the
        per-user data folder).
    create : bool
        Create the file (and its folder) when it does not exist; otherwise a missing store
        is a :class:`StoreError`.
    timeout : float
        Seconds a writer waits for another writer.
    write : bool
        Refuse a store that cannot be written to (read-only) when it is opened (implied by
        ``create``); otherwise that is found at the first write. Either way a
        :class:`StoreError`. A store of an older schema is upgraded when opened with ``write``
        or ``create``, else at its first write; reading never upgrades it.
    """

    def __init__(self, path: str | Path | None = None, *, create: bool = False, timeout: float | None = None,
                 write: bool = False) -> None:
        from .connection import DEFAULT_TIMEOUT, connect

        self.path = resolve_path(path)
        #: Whether this object created the store file and nothing was recorded in it yet: a failed first add
        #: (a full disk) then removes the file rather than leave an empty store and a -wal file filling the disk.
        self._created_empty = create and not self.path.exists()
        self.con: sqlite3.Connection = connect(self.path, create=create,
                                               timeout=DEFAULT_TIMEOUT if timeout is None else timeout, write=write)

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, result: Any, *, plans: Mapping[int, Mapping[str, Any]] | None = None, now: str | None = None,
            on_stage: Callable[[str], None] | None = None) -> Any:
        """Record a :class:`~villagescore.results.Result`; see :func:`villagescore.store.writer.add_result`."""
        from .connection import upgrade
        from .writer import add_result

        upgrade(self.con)
        try:
            outcome = add_result(self.con, result, plans=plans, now=now, on_stage=on_stage)
        except BaseException:
            if self._created_empty and not self._holds_evaluations():
                from .connection import remove_store_files

                self.con.close()
                remove_store_files(self.path)
            raise
        self._created_empty = False
        return outcome

    def _holds_evaluations(self) -> bool:
        """Whether the store holds an evaluation (another writer may have added one); ``True`` if unreadable."""
        try:
            return bool(self.con.execute("SELECT EXISTS (SELECT 1 FROM evaluations)").fetchone()[0])
        except sqlite3.Error:
            return True

    def evaluations(self) -> list[dict[str, Any]]:
        """Every stored evaluation with its provenance summary, oldest first."""
        from .reader import list_evaluations

        return list_evaluations(self.con)

    def history(self, village: str, *, framework: str | None = None, registry: Any = None) -> dict[str, Any]:
        """The stored years of one village (id or name, diacritics-insensitive), with provenance.

        ``framework``: only evaluations of this id, ``ID@VERSION`` or framework file (``registry`` reads it).
        """
        from .reader import history

        return history(self.con, village, framework=framework, registry=registry)

    def remove(self, evaluation: str | int) -> dict[str, Any]:
        """Delete one evaluation (number or key prefix) and all its rows; return its summary."""
        from .connection import upgrade
        from .reader import remove_evaluation

        upgrade(self.con)
        return remove_evaluation(self.con, evaluation)

    def remove_all(self, evaluations: Iterable[str | int]) -> list[dict[str, Any]]:
        """Delete several evaluations in one transaction, each reference resolved first (all or none)."""
        from .connection import upgrade
        from .reader import remove_evaluations

        upgrade(self.con)
        return remove_evaluations(self.con, evaluations)

    def counts(self) -> dict[str, int]:
        """Row count of every table."""
        from .reader import row_counts

        return row_counts(self.con)
