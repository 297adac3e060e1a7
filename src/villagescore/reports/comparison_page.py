"""What the views of a large comparison list of its villages (HTML, Markdown, the terminal): the best and the worst.

A national comparison ranks 100,000 village-years: one table row each made a page of tens of
megabytes that nobody reads or prints. With ``--by`` (groups), or from
:data:`~villagescore.reports.national.SUMMARY_LIMIT` village-years on (the limit from which the
evaluate report is a national summary), the page lists the :data:`PAGE_EXTREMES` best and worst
village-years of each period and, with groups, the :data:`GROUP_EXTREMES` best and worst of each
group, and of the changes over time the largest rises and falls (with their node-by-node changes),
and says so, naming ``--format csv`` and ``--format json`` for the full ranking. Above
:data:`GROUP_LIMIT` groups in a period (``--by commune`` of a national sample: thousands), the
groups table lists the :data:`GROUP_PAGE_EXTREMES` groups with the highest mean score and as many
with the lowest, and the villages not recorded in the grouping column, saying how many groups are
left out (the village-years listed per group are those of the groups listed). The JSON,
CSV and XLSX outputs keep every row. Everything here selects positions in the ranked columns;
no row is built for a village that is not shown.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PAGE_EXTREMES", "GROUP_EXTREMES", "GROUP_LIMIT", "GROUP_PAGE_EXTREMES", "bounded", "listed_sections"]

#: Best and worst village-years of each period listed on a bounded comparison page.
PAGE_EXTREMES = 10
#: Best and worst village-years of each group listed on a bounded comparison page.
GROUP_EXTREMES = 3
#: Groups of a period a comparison page lists in full; above it, the best and worst by mean score.
GROUP_LIMIT = 100
#: Groups with the highest (and with the lowest) mean score of each period listed above :data:`GROUP_LIMIT`.
GROUP_PAGE_EXTREMES = 20


def _extremes(positions: Any, ranked: Any, n: int) -> list[int]:
    """The first and last ``n`` ranked positions (rows are in rank order; unranked ones come last).

    ``positions``: an array of row positions, in order; ``ranked``: whether each row has a rank.
    """
    kept = positions[ranked[positions]]
    if len(kept) <= 2 * n:
        return kept.tolist()
    return kept[:n].tolist() + kept[-n:].tolist()


class _Positions:
    """The row positions of each period of the ranked rows, and of a group's village-years.

    A village-year is found by its period and village id: the last row holding them, as a mapping
    of every row's (period, id) keeps. Rows are grouped by period from codes of the periods (by a
    mapping, row by row, when one is missing: never in ranked rows), and each period's ids are
    mapped to their rows once, when a group of that period first asks.
    """

    def __init__(self, periods: Any, ids: Any) -> None:
        """``periods``: each row's (a list or an object array); ``ids``: each row's village id (or a function)."""
        import numpy as np
        import pandas as pd

        self._ids = ids
        self._index: dict[Any, dict[Any, int]] = {}
        codes, uniques = pd.factorize(pd.Series(periods, dtype=object))
        if not (codes < 0).any():
            self._rows = {p: np.flatnonzero(codes == k) for k, p in enumerate(uniques.tolist())}
            return
        rows: dict[Any, list[int]] = {}
        for i, p in enumerate(list(periods)):
            rows.setdefault(p, []).append(i)
        self._rows = {p: np.array(at, dtype=np.intp) for p, at in rows.items()}

    def periods(self) -> list[Any]:
        """The positions of each period's rows, periods in the order they come."""
        return list(self._rows.values())

    def find(self, period: Any, ids: list[Any]) -> Any:
        """The positions of the rows of ``period`` and these village ids (those found), sorted."""
        import numpy as np

        rows = self._rows.get(period)
        if rows is None:
            return np.zeros(0, dtype=np.intp)
        index = self._index.get(period)
        if index is None:  # the last row of each id wins, as in a mapping of every row
            if callable(self._ids):  # listed when first needed
                self._ids = self._ids()
            names = self._ids if len(rows) == len(self._ids) else [self._ids[i] for i in rows.tolist()]
            index = self._index[period] = dict(zip(names, rows.tolist(), strict=True))
        hits = np.array([index.get(v, -1) for v in ids], dtype=np.intp)
        return np.sort(hits[hits >= 0])


def _member_positions(rows: Any, groups: Any) -> list[Any] | None:
    """Each group's village-years as positions in ``rows``, sorted (what :meth:`_Positions.find` finds by id).

    ``None`` unless both the ranked and the group rows know the rows of the frame they were made
    from (a comparison just made; not one selected from or read back). A snapshot holds each
    (period, village id) once, so a member's own row is the one its id finds.
    """
    import numpy as np

    rows_of = getattr(groups, "member_rows", lambda: None)()
    if rows_of is None or not hasattr(rows, "positions_of"):
        return None
    out = []
    for at in rows_of:
        found = rows.positions_of(at)
        if found is None:
            return None
        out.append(np.sort(found[found >= 0]))
    return out


def bounded(comparison: dict[str, Any], lang: str) -> tuple[dict[str, Any], list[dict[str, Any]],
                                                             dict[str, list[str]]]:
    """The comparison with its rows bounded for a page, the group extremes section, and notes by section key.

    The notes (of ``rankings``, ``groups`` and ``changes``) say what the page lists, how to get every
    row, and how many of all the village-years compared rest mostly on estimates. Returns
    ``(comparison, [], {})`` unchanged when the page
    lists every village and group anyway (no groups and fewer than
    :data:`~villagescore.reports.national.SUMMARY_LIMIT` rows, villages named with ``--villages``,
    or as few rows as the extremes would be, and at most :data:`GROUP_LIMIT` groups a period).
    """
    from .comparison import _w, sections
    from .comparison_groups import group_name
    from .national import SUMMARY_LIMIT

    comparison, group_note = _bounded_groups(comparison, lang)
    group_notes = {"groups": [group_note]} if group_note else {}
    rankings = comparison["rankings"]
    rows = rankings["rows"]
    groups = comparison.get("groups")
    if comparison["options"].get("villages") or not hasattr(rows, "select") or not (
            groups or len(rows) >= SUMMARY_LIMIT):
        return comparison, [], group_notes
    import numpy as np

    ranked = ~np.isnan(rows.numbers("rank"))
    # the periods as an array, the ids listed only if a group's members are looked up by id
    where = _Positions(rows.texts("period") if hasattr(rows, "texts") else rows.column("period"),
                       lambda: rows.column("village_id"))
    at = where.periods()
    shown = [i for positions in at for i in _extremes(positions, ranked, PAGE_EXTREMES)]
    members = _member_positions(rows, groups["rows"]) if groups else None
    if members is not None:  # each group's village-years known by their rows: no look-up of their ids
        names = map(group_name, *(groups["rows"].column(k) for k in ("label", "key", "not_recorded")))
        per_group = [(name, _extremes(found, ranked, GROUP_EXTREMES))
                     for name, found in zip(names, members, strict=True)]
    else:
        per_group = [(group_name(g["label"], g["key"], g["not_recorded"]),
                      _extremes(where.find(g["period"], g["villages"]), ranked, GROUP_EXTREMES))
                     for g in (groups["rows"] if groups else [])]
    listed = set(shown).union(*(set(p) for _, p in per_group))
    over_time, changes_note = _bounded_changes(comparison, lang)
    if len(listed) >= len(rows):  # every village-year would be listed anyway: the rankings stay as they were
        if not changes_note:
            return comparison, [], group_notes
        return {**comparison, "over_time": over_time}, [], {**group_notes, "changes": [changes_note]}
    small = {**comparison, "rankings": {**rankings, "rows": rows.select(sorted(shown))}, "over_time": over_time}
    extra: list[dict[str, Any]] = []
    if per_group:
        flat = [i for _, positions in per_group for i in positions]
        labels = [label for label, positions in per_group for _ in positions]
        part = {**comparison, "rankings": {**rankings, "rows": rows.select(flat)}, "groups": None,
                "side_by_side": None, "over_time": {"changes": [], "node_changes": []}}
        table = sections(part, lang, text=True)[0]
        group = f"{_w('group', lang)}: {_w('by:' + groups['by'], lang)}"
        extra.append({"key": "group-extremes", "title": _w("group_extremes", lang), "header": [group, *table["header"]],
                      "rows": [[label, *row] for label, row in zip(labels, table["rows"], strict=True)],
                      "notes": []})
    from ..i18n import format_integer
    from ..quality import ESTIMATED_WARNING
    from .comparison import _estimates_note

    key = "bounded_note_groups" if per_group else "bounded_note"
    per_period = _w("of_each_period", lang) if len(at) > 1 else ""
    notes = [_w(key, lang).format(total=format_integer(len(rows), lang), n=PAGE_EXTREMES, k=GROUP_EXTREMES,
                                  per_period=per_period)]
    estimated = rows.numbers("estimated_share")  # of every village-year compared; None: NaN
    mostly = int(np.count_nonzero(estimated >= ESTIMATED_WARNING))
    if mostly:
        notes.append(_estimates_note(mostly, len(rows), ESTIMATED_WARNING, lang))
    return small, extra, {"rankings": notes, **group_notes, **({"changes": [changes_note]} if changes_note else {})}


def listed_sections(comparison: dict[str, Any], lang: str, *, narrow: bool = False
                    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The comparison as it is read (an HTML page, Markdown, the terminal): bounded, and its titled tables.

    Returns the bounded comparison (:func:`bounded`) and its sections
    (:func:`villagescore.reports.comparison.sections`, ``text=True``): the rankings titled as
    the best and worst when they were bounded, each bounded section's note after its own, and
    the best and worst of each group after the groups. Only the rows listed are formatted.
    """
    from .comparison import _w, sections

    shown, group_extremes, notes = bounded(comparison, lang)
    listed = sections(shown, lang, text=True, narrow=narrow)
    for k, sec in enumerate(listed):
        if sec["key"] == "rankings" and "rankings" in notes:
            # the legend (terminal) and the tie rule, then what is listed; the estimates are said of all compared
            kept = sec["notes"][:2] if narrow else sec["notes"][:1]
            listed[k] = dict(sec, title=_w("extremes", lang), notes=kept + notes["rankings"])
        elif sec["key"] in notes:
            listed[k] = dict(sec, notes=sec["notes"] + notes[sec["key"]])
    after = next((k + 1 for k, sec in enumerate(listed) if sec["key"] == "groups"), 1)
    listed[after:after] = group_extremes
    return shown, listed


def _bounded_groups(comparison: dict[str, Any], lang: str) -> tuple[dict[str, Any], str | None]:
    """The comparison with the groups of each period bounded to its best and worst by mean, and what the page says.

    A period of at most :data:`GROUP_LIMIT` groups keeps every one, in its order. Above it, the
    :data:`GROUP_PAGE_EXTREMES` groups with the highest mean score and as many with the lowest
    (as printed, as groups are ranked: :mod:`villagescore.printed`; ties by name), highest first, small groups
    included (they keep their mark), then the group of villages the grouping column does not
    record. ``(comparison, None)`` when nothing is left out.
    """
    import numpy as np
    import pandas as pd

    from ..i18n import format_integer
    from ..printed import minimums_of, printed_scores
    from .comparison import _w

    groups = comparison.get("groups")
    if not groups or comparison["options"].get("villages"):
        return comparison, None
    rows = groups["rows"]
    column = rows.column if hasattr(rows, "column") else (lambda name: [g[name] for g in rows])
    codes = pd.factorize(pd.Series(column("period"), dtype=object))[0]  # periods in the order they come
    at = [np.flatnonzero(codes == k) for k in range(int(codes.max()) + 1 if len(codes) else 0)]
    if all(len(members) <= GROUP_LIMIT for members in at):
        return comparison, None
    means = np.array(column("mean"), dtype=float)  # None: NaN
    not_recorded = np.asarray(column("not_recorded"), dtype=bool)
    labels = column("label")
    minimums = minimums_of(comparison.get("tiers") or [])
    kept: list[int] = []
    for members in at:
        if len(members) <= GROUP_LIMIT:
            kept += members.tolist()
            continue
        scored = members[~np.isnan(means[members]) & ~not_recorded[members]]
        kept += _highest_and_lowest(scored, printed_scores(means[scored], minimums), labels, GROUP_PAGE_EXTREMES)
        kept += members[not_recorded[members]].tolist()
    note = _w("bounded_groups", lang).format(
        n=GROUP_PAGE_EXTREMES, total=format_integer(len(rows), lang), left=format_integer(len(rows) - len(kept), lang),
        per_period=_w("of_each_period", lang) if len(at) > 1 else "")
    shown = rows.select(kept) if hasattr(rows, "select") else [rows[i] for i in kept]
    return {**comparison, "groups": {**groups, "rows": shown}}, note


def _highest_and_lowest(positions: Any, rounded: Any, labels: list[Any], n: int) -> list[int]:
    """The ``n`` positions with the highest ``rounded`` mean and the ``n`` with the lowest, highest first.

    Sorted by mean (highest first), then by label (collation order), ties in their order: all of
    them when there are at most ``2 n``. Only the candidates (the ``n`` highest and lowest means,
    with every position tied with them) are sorted by label.
    """
    import numpy as np

    from ..provinces import collation_key

    def ordered(at: Any) -> list[int]:
        listed, key = positions[at].tolist(), (-rounded[at]).tolist()
        return [listed[j] for j in sorted(range(len(listed)), key=lambda j: (key[j], collation_key(labels[listed[j]])))]

    everyone = np.arange(len(positions))
    if len(positions) <= 2 * n:
        return ordered(everyone)
    highest = np.sort(rounded)[::-1][n - 1]
    lowest = np.sort(rounded)[n - 1]
    return ordered(everyone[rounded >= highest])[:n] + ordered(everyone[rounded <= lowest])[-n:]


def _bounded_changes(comparison: dict[str, Any], lang: str) -> tuple[dict[str, Any], str | None]:
    """The changes over time of a bounded page: the largest rises and falls, and their villages' nodes."""
    from ..i18n import format_integer
    from .comparison import _w

    over_time = comparison["over_time"]
    changes = over_time["changes"]
    if len(changes) <= 2 * PAGE_EXTREMES:
        return over_time, None
    known = [c for c in changes if c["delta"] is not None]
    rises = sorted((c for c in known if c["delta"] > 0), key=lambda c: -c["delta"])[:PAGE_EXTREMES]
    falls = sorted((c for c in known if c["delta"] < 0), key=lambda c: c["delta"])[:PAGE_EXTREMES]
    kept = rises + falls[::-1]  # largest rise first, largest fall last
    which = {(c["village_id"], c["from"]["year"], c["to"]["year"]) for c in kept}
    nodes = [n for n in over_time["node_changes"] if (n["village_id"], n["from_year"], n["to_year"]) in which]
    note = _w("bounded_changes", lang).format(n=PAGE_EXTREMES, total=format_integer(len(changes), lang))
    return {**over_time, "changes": kept, "node_changes": nodes}, note
