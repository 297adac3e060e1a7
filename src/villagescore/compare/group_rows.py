"""The group rows of a comparison, held column by column: a dict is built only for a row that is read.

``compare --by commune`` of a national sample has thousands of groups (up to one per village). The views
list a few of them (:func:`villagescore.reports.comparison_page.listed_sections`); JSON and CSV write every one,
from the columns (:meth:`GroupRows.json_pieces`, :meth:`GroupRows.column`), without a dict per group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..resultdoc.encoding import encode, encode_text
from .column_rows import ColumnRows
from .ranking import _texts

__all__ = ["GroupRows"]

#: The plain keys of a group row, in the documented order, up to ``recorded_names`` and from ``count`` on.
_HEAD = ("period", "key", "label", "mapped", "not_recorded")
_STATS = ("count", "scored", "small_group", "too_small", "note", "rank", "mean", "median", "min", "max")
_BOOLS = frozenset({"mapped", "not_recorded", "small_group", "too_small"})
#: The keys of a group's best and worst village-year.
_WHO = ("village_id", "name", "year", "score")


class GroupRows(ColumnRows):
    """The group rows of a comparison (``compare.schema.json``'s ``groups.rows``), held column by column.

    A read-only sequence of the documented row dicts (``len``, indexing, slicing, iteration,
    ``==`` with a list); ``list(rows)`` gives a plain list. ``columns`` holds the plain values
    (``period`` … ``max``, ``estimated_share``, ``mostly_estimated``; ``too_small`` is
    ``small_group``), ``shares`` and ``counts`` a column per tier, ``who`` the ``best`` and
    ``worst`` village-years (``present``, ``village_id``, ``name``, ``year``, ``score``),
    ``villages`` every group's member ids one group after another, the ``k``-th group's from
    ``starts[k]`` to ``starts[k + 1]``, and ``recorded`` each group's recorded names (``None``: none).
    """

    def __init__(self, columns: Mapping[str, list[Any]], shares: Mapping[str, list[Any]],
                 counts: Mapping[str, list[int]], who: Mapping[str, Mapping[str, list[Any]]], villages: Any,
                 starts: Any, recorded: list[list[str]] | None = None, members_at: Any = None) -> None:
        self._columns = {**columns, "too_small": columns["small_group"]}
        self._shares, self._counts = dict(shares), dict(counts)
        self._who = {side: dict(cols) for side, cols in who.items()}
        self._villages = np.asarray(villages, dtype=object)
        self._starts = np.asarray(starts, dtype=np.int64)
        self._recorded = recorded
        # each member's row of the frame ranked (the snapshot), laid out as ``villages``, when known
        self._members_at = None if members_at is None else np.asarray(members_at, dtype=np.intp)
        self._n = len(self._columns["key"])

    _index_error = "group row index out of range"

    def column(self, name: str) -> list[Any]:
        """The values of one plain key of every row (``period``, ``label``, ``mean`` …), without building the rows.

        ``tier_shares:<tier>`` and ``tier_counts:<tier>`` give a tier's column, ``best:<key>``
        and ``worst:<key>`` a key of the best or worst village-year (``best:present``: whether
        the group has one), ``recorded_names`` the lists of names.
        """
        if name == "recorded_names":
            return list(self._recorded) if self._recorded is not None else [[] for _ in range(self._n)]
        part, _, key = name.partition(":")
        if part == "tier_shares" and key:
            return self._shares[key]
        if part == "tier_counts" and key:
            return self._counts[key]
        if part in self._who and key:
            return self._who[part][key]
        return self._columns[name]

    def select(self, positions: Sequence[int]) -> GroupRows:
        """The rows at ``positions`` (in that order), as another :class:`GroupRows`."""
        at = [int(i) for i in positions]
        starts, ends = self._starts[:-1][at], self._starts[1:][at]
        members = [self._villages[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
        new_starts = np.concatenate([[0], np.cumsum(ends - starts)])
        rows_at = None if self._members_at is None else np.concatenate(
            [np.zeros(0, dtype=np.intp), *(self._members_at[a:b] for a, b in zip(starts.tolist(), ends.tolist(),
                                                                              strict=True))])

        def pick(values: list[Any]) -> list[Any]:
            return [values[i] for i in at]

        return GroupRows({k: pick(v) for k, v in self._columns.items() if k != "too_small"},
                         {t: pick(v) for t, v in self._shares.items()}, {t: pick(v) for t, v in self._counts.items()},
                         {side: {k: pick(v) for k, v in cols.items()} for side, cols in self._who.items()},
                         np.concatenate(members) if members else [], new_starts,
                         pick(self._recorded) if self._recorded is not None else None, rows_at)

    def member_rows(self) -> list[np.ndarray] | None:
        """Each group's members as rows of the frame ranked (the snapshot); ``None``: not known."""
        if self._members_at is None:
            return None
        bounds = self._starts.tolist()
        return [self._members_at[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def _row(self, i: int) -> dict[str, Any]:
        cols = self._columns
        row = {k: cols[k][i] for k in _HEAD}
        row["recorded_names"] = list(self._recorded[i]) if self._recorded is not None else []
        row.update({k: cols[k][i] for k in _STATS})
        row["tier_shares"] = {t: v[i] for t, v in self._shares.items()}
        row["tier_counts"] = {t: v[i] for t, v in self._counts.items()}
        row["estimated_share"] = cols["estimated_share"][i]
        row["mostly_estimated"] = cols["mostly_estimated"][i]
        for side, who in self._who.items():
            row[side] = {k: who[k][i] for k in _WHO} if who["present"][i] else None
        row["villages"] = self._villages[self._starts[i]:self._starts[i + 1]].tolist()
        return row

    def _template(self) -> str:
        """A row's JSON text up to its members' ``[``, as a ``%`` template (after a comma) of its cells."""
        literals = [",{" + encode(_HEAD[0]) + ":"] + ["," + encode(k) + ":" for k in (*_HEAD[1:], "recorded_names",
                                                                                       *_STATS)]
        after = ""  # what closes a tier dict, written before the next key
        for name, tiers in (("tier_shares", self._shares), ("tier_counts", self._counts)):
            if not tiers:
                after += "," + encode(name) + ":{}"
                continue
            literals += [(after + "," + encode(name) + ":{" if k == 0 else ",") + encode(t) + ":"
                         for k, t in enumerate(tiers)]
            after = "}"
        tail = ["," + encode(k) + ":" for k in ("estimated_share", "mostly_estimated", "best", "worst")]
        literals += [after + tail[0], *tail[1:]]
        return "".join(x.replace("%", "%%") + "%s" for x in literals) + ',"villages":['

    def _piece(self, template: str, lo: int, hi: int) -> str:
        """Groups ``lo:hi`` as JSON texts, each after a comma (after ``[`` for the first group).

        The labels equal to the keys, and the worst village-years equal to the best (groups of
        one village), take their texts.
        """
        rows = slice(lo, hi)
        plain = {k: _bools(v[rows]) if k in _BOOLS else None if k == "label" else _texts(v[rows])
                 for k, v in self._columns.items()}
        labels = self._columns["label"][rows]
        plain["label"] = plain["key"] if labels == self._columns["key"][rows] else _texts(labels)  # texts alike
        cells = [plain[k] for k in _HEAD]
        cells.append(["[]"] * (hi - lo) if self._recorded is None else [encode(list(x)) for x in self._recorded[rows]])
        cells += [plain[k] for k in _STATS]
        cells += [_texts(v[rows]) for v in (*self._shares.values(), *self._counts.values())]
        cells += [plain["estimated_share"], plain["mostly_estimated"]]
        best, worst = ({k: v[rows] for k, v in self._who[side].items()} for side in ("best", "worst"))
        cells.append(_who_texts(best))
        cells.append(cells[-1] if worst == best else _who_texts(worst))  # each column of one type: alike or not
        heads = list(map(template.__mod__,
                         zip(*[c.tolist() if hasattr(c, "tolist") else c for c in cells], strict=True)))
        if lo == 0:
            heads[0] = "[" + heads[0][1:]
        return _with_members(heads, self._villages[self._starts[lo]:self._starts[hi]],
                             np.diff(self._starts[lo:hi + 1]))


def _bools(values: list[bool]) -> np.ndarray:
    """``true`` / ``false`` for each value."""
    return np.where(np.asarray(values, dtype=bool), "true", "false").astype(object)


def _who_texts(who: Mapping[str, list[Any]]) -> list[str]:
    """The JSON object of each group's best (or worst) village-year, ``null`` for a group without one."""
    template = "{" + ",".join(encode(k).replace("%", "%%") + ":%s" for k in _WHO) + "}"
    parts = [_texts(who[k]) for k in _WHO]
    made = list(map(template.__mod__, zip(*[p.tolist() if hasattr(p, "tolist") else p for p in parts], strict=True)))
    for i in np.flatnonzero(~np.asarray(who["present"], dtype=bool)).tolist():  # groups without a score
        made[i] = "null"
    return made


#: Up to this many groups in a piece their members are joined group by group.
_FEW_GROUPS = 1_000


def _with_members(heads: list[str], members: np.ndarray, sizes: np.ndarray) -> str:
    """Each head followed by its group's member ids (a JSON array's items) and ``]}``: one join, no loop per group."""
    n, m = len(heads), len(members)
    if n <= _FEW_GROUPS:  # provinces: a join per group costs less than laying out every member
        listed = members.tolist()
        quoted = _quoted_groups(listed, np.concatenate([[0], np.cumsum(sizes)]).tolist())
        if quoted is not None:
            return "".join(part for k in range(n) for part in (heads[k], quoted[k], "]}"))
        texts = _texts(listed) if m else []
        texts = texts.tolist() if hasattr(texts, "tolist") else texts
        starts = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        return "".join(part for k in range(n) for part in (heads[k], ",".join(texts[starts[k]:starts[k + 1]]), "]}"))
    texts = np.asarray(_texts(members.tolist()), dtype=object) if m else np.zeros(0, dtype=object)
    ends = np.cumsum(sizes) - 1
    comma = np.full(m, ",", dtype=object)
    comma[ends[sizes > 0]] = ""
    flat = np.empty(m + 2 * n, dtype=object)
    at = np.arange(n) * 2 + np.concatenate([[0], np.cumsum(sizes)[:-1]]) if n else np.zeros(0, dtype=np.int64)
    flat[at] = heads
    flat[at + sizes + 1] = "]}"
    flat[np.repeat(at + 1 - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes) + np.arange(m)] = texts + comma
    return "".join(flat.tolist())


def _quoted_groups(members: list[Any], starts: list[int]) -> list[str] | None:
    """Each group's members as the items of a JSON array, one join per group; ``None`` if one is not a plain text.

    A text JSON writes as itself between quotes (none holds a character it escapes: the encoder
    then writes the joined texts two characters longer) needs no text of its own: ``"a","b"``
    is the group's texts joined by ``","`` between an opening and a closing quote.
    """
    try:
        joined = "".join(members)  # a TypeError: a member that is not a text (None, a number)
    except TypeError:
        return None
    if len(encode_text(joined)) != len(joined) + 2:
        return None
    return ['"' + '","'.join(members[a:b]) + '"' if b > a else "" for a, b in zip(starts[:-1], starts[1:], strict=True)]
