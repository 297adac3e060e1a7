"""The regulation version applied to each regulated indicator of a stored evaluation (for ``compare``).

A comparison flags the indicators two village-years were scored against different regulation
versions of (:mod:`villagescore.compare.regulations`). The store keeps what a result file does:
the version of every scored or missing indicator (``indicator_scores.regulation``), the versions
table of every regulated indicator (``threshold_versions``: a regulated row without a version
had none in force) and the version of the indicators left out for an unverified limit
(``unverified_left_out``). Evaluations stored before schema version 3 kept only the first: their
matrix holds the versions of those rows, and is marked partial.

The versions are read as store ids in the same pass as the indicator scores: :class:`Applied`
collects them, then gives the :attr:`~villagescore.compare.table.Level.regulation` matrix.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["Applied"]

#: A cell with no row in the store (not applicable, or not recorded).
NO_ROW = -1
#: A row without a regulation version (none in force; unknown before schema version 3).
NO_VERSION = 0


class Applied:
    """The store ids of the regulation versions applied, per village-year and regulated indicator.

    ``nodes``: ``(store node id, indicator id)`` of the evaluation's indicators, in level order;
    ``recorded``: the evaluation records every version applied (``evaluations.regulations_recorded``);
    ``used``: its ``regulations_used`` summary (names the regulated indicators of older evaluations).
    """

    def __init__(self, con: sqlite3.Connection, framework: int, nodes: Sequence[tuple[int, str]], n: int,
                 recorded: bool, used: str | None) -> None:
        self.con = con
        self.recorded = recorded
        #: The indicator ids, in level order.
        self.ids = [x for _, x in nodes]
        regulated = {int(x) for (x,) in con.execute(
            "SELECT DISTINCT t.node FROM threshold_versions t JOIN nodes n ON n.id = t.node WHERE n.framework = ?",
            (framework,))}
        if not recorded:  # the framework's table may have been written by a later add; the summary names the rest
            named = {str(u.get("indicator")) for u in json.loads(used or "[]")}
            regulated |= {node for node, x in nodes if x in named}
        #: Column of each indicator (level order) in :attr:`codes`, -1 when not regulated.
        self.column = np.full(len(nodes), -1, dtype=np.int64)
        chosen = [k for k, (node, _) in enumerate(nodes) if node in regulated]
        self.column[chosen] = np.arange(len(chosen))
        self.nodes = [nodes[k][0] for k in chosen]
        self.codes = np.full((n, len(chosen)), NO_ROW, dtype=np.int64)

    def __bool__(self) -> bool:
        return bool(self.nodes)

    def take(self, rows: np.ndarray, cols: np.ndarray, regulation: np.ndarray) -> None:
        """Record a batch of indicator rows: their rows, level columns and regulation store ids (NaN: none)."""
        at = self.column[cols]
        sel = at >= 0
        self.codes[rows[sel], at[sel]] = np.nan_to_num(regulation[sel], nan=NO_VERSION).astype(np.int64)

    def add_left_out(self, lo: int, hi: int, rows_of: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]) -> None:
        """The versions of the indicators left out for an unverified limit (village-years ``lo``..``hi``)."""
        if not self.recorded or not self.nodes:
            return
        found = self.con.execute(
            f"SELECT node, village_year, regulation FROM unverified_left_out WHERE node IN "  # noqa: S608
            f"({','.join('?' * len(self.nodes))}) AND village_year BETWEEN ? AND ?", (*self.nodes, lo, hi)).fetchall()
        if not found:
            return
        got = np.array(found, dtype=float)
        rows, keep = rows_of(got[:, 1].astype(np.int64))
        at = {node: k for k, node in enumerate(self.nodes)}
        cols = np.array([at[int(x)] for x in got[keep, 0]], dtype=np.int64)
        self.codes[rows, cols] = np.nan_to_num(got[keep, 2], nan=NO_VERSION).astype(np.int64)

    def matrix(self, width: int) -> tuple[np.ndarray | None, dict[str, str]]:
        """The ``(village-years, width)`` matrix of regulation ids and each id's document.

        ``""``: no version was in force; ``None``: not regulated, not applicable, or (an evaluation
        stored before schema version 3) not recorded.
        """
        if not self.nodes:
            return None, {}
        regulated, documents = self.regulated_matrix()
        out = np.full((self.codes.shape[0], width), None, dtype=object)
        out[:, np.flatnonzero(self.column >= 0)] = regulated
        return out, documents

    def regulated_matrix(self) -> tuple[np.ndarray, dict[str, str]]:
        """:meth:`matrix` of the regulated indicators alone (columns in the order of :attr:`nodes`)."""
        names: dict[int, tuple[str, str]] = {int(i): (str(r), str(d or r)) for i, r, d in self.con.execute(
            "SELECT id, regulation_id, document FROM regulations")}
        lookup = np.full(max(names, default=0) + 2, None, dtype=object)  # code + 1: -1 no row, 0 no version
        lookup[NO_VERSION + 1] = "" if self.recorded else None
        for i, (rid, _) in names.items():
            lookup[i + 1] = rid
        seen = {int(c) for c in np.unique(self.codes) if c > NO_VERSION}
        return lookup[self.codes + 1], {names[c][0]: names[c][1] for c in seen}
