"""The groups of a comparison as titled tables: statistics, tier shares, best and worst, for reading or as data.

For reading (the terminal, Markdown, HTML) a page lists a bounded number of groups
(:mod:`.comparison_page`), a row each. As data (CSV, XLSX) every group is written: a national
``--by commune`` has 100,000, so those rows are made column by column from the group rows'
columns (:meth:`~villagescore.compare.group_rows.GroupRows.column`), not from a dict per group.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .comparison import (
    SMALL_MARK,
    _estimates_note,
    _n,
    _node_name,
    _period,
    _tier_share,
    _w,
    _who_score,
    unscored_village_years,
)
from .comparison_places import other_names

__all__ = ["group_sections", "group_name", "tier_name", "own_tier_labels"]


def group_name(label: Any, key: Any, not_recorded: Any = False) -> str:
    """A group as the views name it: ``label (key)`` when its label is not its id (a sector), else the label.

    The group of the villages without a value (``not_recorded``) is named by its label alone.
    """
    return f"{label} ({key})" if label != key and key is not None and not not_recorded else str(label)


def tier_name(tier: dict[str, Any]) -> str:
    """A tier as a column of several frameworks names it: its label, or each framework's where they differ.

    The groups' shares mix the periods of every framework: a tier a v2 overlay renames is named
    ``Middle (toy 1.0) / Fair (v2) (toy-v2 2.0)``, never by one framework's label alone.
    """
    each = tier.get("by_framework") or []
    if len({d["label"] for d in each}) <= 1:
        return str(tier["label"])
    named: dict[str, list[str]] = {}
    for d in each:
        named.setdefault(d["label"], []).append(f"{d['framework']['id']} {d['framework']['version']}")
    return " / ".join(f"{label} ({', '.join(frameworks)})" for label, frameworks in named.items())


def own_tier_labels(c: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Per period of one framework among several, each tier's label as that framework names it.

    A row of such a period names a tier its own framework's way (``Khá (v2)``), not by every
    framework's labels joined (:func:`tier_name`, for a column that stands for every period).
    Empty when one framework scored every run (or the comparison does not say which).
    """
    out: dict[str, dict[str, str]] = {}
    for p in c["rankings"].get("periods") or []:
        fw = p.get("framework")
        if fw is None:
            continue
        own = (fw["id"], fw["version"], fw.get("sha256"))
        out[str(p["period"])] = {tier["id"]: d["label"] for tier in c["tiers"] for d in tier.get("by_framework") or []
                                 if (d["framework"]["id"], d["framework"]["version"], d["framework"].get("sha256"))
                                 == own}
    return out


def group_sections(c: dict[str, Any], g: dict[str, Any], lang: str, *, text: bool, narrow: bool, num: Any,
                   share: Any, ids: bool = False) -> list[dict[str, Any]]:
    """The groups: statistics (a small group marked :data:`SMALL_MARK`, or ``small_group`` in CSV) and members.

    ``num`` prints a group's mean, median, minimum, maximum and its best and worst village's score: as
    the rankings print an overall score, on its side of every tier minimum (docs/compare.md).
    ``ids``: each tier share's header names the tier ``Label (id)`` (data only: the workbook).
    """
    from ..i18n import t

    multi_period = len(c["rankings"]["periods"]) > 1
    marked = unscored_village_years(c["rankings"]["rows"]) if text else set()  # best and worst marked as ranked
    tiers = c["tiers"]
    period = [_w("period", lang)] if multi_period else []
    group = f"{_w('group', lang)}: {_w('by:' + g['by'], lang)}"
    small_note = t("compare.small_group", lang, mark=SMALL_MARK, n=g["min_group"])
    head = period + ["#" if narrow else _w("rank", lang), group, _w("count", lang)]
    if not text and not narrow:  # data: the group's id beside its label
        head.insert(len(period) + 2, _w("group_id", lang))
    head += [] if narrow else [_w("scored", lang)]
    head += [_w("mean", lang), _w("median", lang), _w("min", lang), _w("max", lang)]
    # text: "45,0 %" under "% label"; CSV: the share 0–1, as in JSON, under "Share label" (no % sign)
    share_head = "% {tier}" if text else _w("tier_share", lang)
    tier_names = [_node_name(tier["id"], tier_name(tier)) if ids and not text else tier_name(tier) for tier in tiers]
    tier_head = [share_head.format(tier=x) for x in [*tier_names, _w("unrated", lang)]]
    if not narrow:
        head += tier_head + [_w("group_estimated_share", lang)]
        head += [] if text else [_w("mostly_estimated", lang)]
        # data: the village's id, name and score each in a column of its own (the score a number)
        head += [_w("best", lang), _w("worst", lang)] if text else [
            _w(f"{side}_{part}", lang) for side in ("best", "worst") for part in ("id", "name", "score")]
        head += [_w("note", lang)] if text else [_w("note", lang), _w("small_group_column", lang)]
    title = f"{_w('groups', lang)} — {_w('by:' + g['by'], lang)}"
    if not text and not narrow:  # data (CSV, XLSX): every group, made column by column
        rows = _data_rows(g["rows"], [tier["id"] for tier in tiers] + ["unrated"], multi_period, lang)
        # period, rank, label, id, count, scored, statistics, tier shares, estimated share, best and worst, note
        kinds = ["text"] * multi_period + ["count", "text", "text", "count", "count"] + ["score"] * 4
        kinds += ["share"] * (len(tiers) + 1) + ["share", "count"] + ["text", "text", "score"] * 2 + ["text", "text"]
        return [{"key": "groups", "title": title, "header": head, "rows": rows, "notes": [], "kinds": kinds}]
    rows, members = [], []
    any_small = False
    own_labels = own_tier_labels(c) if narrow else {}
    for r in g["rows"]:
        small = bool(r["small_group"])
        any_small |= small
        notes = []
        if not r["mapped"]:
            notes.append(_w("unmapped", lang))
        extra = other_names(r["recorded_names"], r["key"])
        if extra:
            notes.append("← " + ", ".join(extra))
        # text: each share from the group's counts, rounded once; CSV: the share of the JSON
        shares = {x: _tier_share(r, x) for x in [tier["id"] for tier in tiers] + ["unrated"]} if text else (
            r["tier_shares"] or {})
        name = group_name(r["label"], r["key"], r["not_recorded"])
        name = f"{name}\u00a0{SMALL_MARK}" if small and text else name  # the mark never wraps alone
        row = ([_period(r["period"], lang)] if multi_period else []) + [
            _n(r["rank"], lang) if text else r["rank"], name, _n(r["count"], lang) if text else r["count"]]
        row += [] if narrow else [_n(r["scored"], lang) if text else r["scored"]]
        row += [num(r["mean"]), num(r["median"]), num(r["min"]), num(r["max"])]
        tier_cells = [share(shares.get(tier["id"])) for tier in tiers] + [share(shares.get("unrated"))]
        if narrow:
            own = own_labels.get(str(r["period"]), {})  # the tiers as the row's own framework names them
            described = " · ".join(f"{_node_name(tier['id'], own.get(tier['id']) or tier_name(tier))} "
                                   f"{share(shares.get(tier['id']))}" for tier in tiers if shares.get(tier["id"]))
            if shares.get("unrated"):
                described += f" · {_w('unrated', lang)} {share(shares['unrated'])}"
            members.append(([_period(r["period"], lang)] if multi_period else []) + [
                name, described.strip(" ·") or "—", share(r.get("estimated_share")),
                _who_score(r["best"], text, lang, marked, num), _who_score(r["worst"], text, lang, marked, num),
                "; ".join(notes)])
        else:
            row += tier_cells + [share(r.get("estimated_share"))]
            row += [] if text else [r.get("mostly_estimated")]
            row += [_who_score(r["best"], text, lang, marked, num), _who_score(r["worst"], text, lang, marked, num),
                    "; ".join(notes)]
            row += [] if text else [_w("yes" if small else "no", lang)]
        rows.append(row)
    legend = [small_note] if any_small and text else []
    est = g.get("estimates") or {}
    if text and est.get("mostly_estimated"):
        legend.append(_estimates_note(est["mostly_estimated"], est["village_years"], est["threshold"], lang))
    out = [{"key": "groups", "title": title, "header": head, "rows": rows, "notes": legend}]
    if narrow:
        head = period + [group, t("compare.tier_shares", lang), _w("group_estimated_share", lang), _w("best", lang),
                         _w("worst", lang), _w("note", lang)]
        if not any(m[-1] for m in members):  # no notes: no column
            head, members = head[:-1], [m[:-1] for m in members]
        out.append({"key": "group-members", "title": f"{title}: {t('compare.tier_shares', lang).lower()}",
                    "header": head, "rows": members, "notes": legend})
    return out


def _data_rows(rows: Any, tier_ids: list[str], multi_period: bool, lang: str) -> list[list[Any]]:
    """The groups table as data (raw numbers, ids): the cells of every group, each column made whole.

    ``rows``: the group rows, a :class:`~villagescore.compare.group_rows.GroupRows` (read by
    column) or a list of row dicts. The cells are those of the rows for reading without their
    formatting: the period, rank, name and id (the group's key, none for the villages without a value: a
    sector's label may be another's), counts, statistics, tier shares (as in JSON), estimated
    share, how many rest mostly on estimates, best and worst (id, name and score: three columns each), note,
    small group.
    """
    column = rows.column if hasattr(rows, "column") else (lambda name: _plain_column(rows, name))
    cols: list[Any] = []
    if multi_period:
        periods = np.asarray(column("period"), dtype=object)
        text = pd.Series(periods, dtype=object)
        latest = ((text == "latest") | text.str.startswith("latest ").fillna(False)).to_numpy(dtype=bool)
        word = _period("latest", lang)  # "latest", or "latest · ID VERSION" when frameworks differ: the word read
        cols.append(np.where(latest, word + text.str[len("latest"):], periods).tolist())
    keys = np.where(np.asarray(column("not_recorded"), dtype=bool), None, np.asarray(column("key"), dtype=object))
    cols += [column("rank"), column("label"), keys.tolist()]
    cols += [column(k) for k in ("count", "scored", "mean", "median", "min", "max")]
    for tier in tier_ids:
        try:
            cols.append(column(f"tier_shares:{tier}"))
        except KeyError:
            cols.append([None] * len(rows))
    cols += [column("estimated_share"), column("mostly_estimated"), *_who_cells(column, "best"),
             *_who_cells(column, "worst"), _note_cells(column, lang)]
    small = np.asarray(column("small_group"), dtype=bool)
    cols.append(np.where(small, _w("yes", lang), _w("no", lang)).tolist())
    return [list(r) for r in zip(*cols, strict=True)]


def _plain_column(rows: list[dict[str, Any]], name: str) -> list[Any]:
    """One column of group row dicts, named as :meth:`GroupRows.column` names it."""
    part, _, key = name.partition(":")
    if part == "tier_shares" and key:
        return [(r["tier_shares"] or {}).get(key) for r in rows]
    if part in ("best", "worst") and key:
        return [r[part] is not None if key == "present" else (r[part] or {}).get(key) for r in rows]
    return [r[name] for r in rows]


def _who_cells(column: Any, side: str) -> list[list[Any]]:
    """Each group's best (or worst) village-year as data: the columns of its id, its name and its score.

    The score stays a number (a spreadsheet sorts it, and shows it in its reader's numbers); a
    group without one has ``None`` in all three.
    """
    present = np.asarray(column(f"{side}:present"), dtype=bool)
    return [np.where(present, np.asarray(column(f"{side}:{key}"), dtype=object), None).tolist()
            for key in ("village_id", "name", "score")]


def _note_cells(column: Any, lang: str) -> list[str]:
    """Each group's note as data: not mapped, and the names recorded under it (a province's former ones)."""
    unmapped = np.where(np.asarray(column("mapped"), dtype=bool), "", _w("unmapped", lang)).astype(object)
    names = column("recorded_names")
    if not any(names):  # only a province's groups have recorded names
        return unmapped.tolist()
    extra = [other_names(listed, key) for listed, key in zip(names, column("key"), strict=True)]
    recorded = np.array(["← " + ", ".join(e) if e else "" for e in extra], dtype=object)
    both = (unmapped != "") & (recorded != "")
    return np.where(both, unmapped + "; " + recorded, unmapped + recorded).tolist()
