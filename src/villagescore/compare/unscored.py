"""Village-years whose overall score rests on fewer pillars: a pillar left unscored (coverage below its minimum).

A pillar whose coverage falls below the framework's minimum is not scored; the overall score
is then the weighted mean of the other pillars, and a minimum pillar score can no longer be
met. Ranked beside village-years scored on every pillar, or compared with the same village's
other year, such a score is not like for like: a limit with no regulation version in force
(its values counted as missing) made a village "rise" by nine points and drop a tier. The
comparison marks those village-years (``pillars_unscored``) and says so once; no score or rank
changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .table import STATUS, ScoreTable

__all__ = ["unscored_texts", "mark_changes", "unscored_warnings"]

#: The status code of a pillar left unscored (:data:`~villagescore.compare.table.STATUS`).
_MISSING = int(np.flatnonzero(STATUS == "missing")[0])
#: Village-years named in the warning (then "…").
SHOWN = 5


def _unscored(table: ScoreTable, obs: np.ndarray, pillars: Sequence[str]) -> np.ndarray:
    """``(observations, pillars)``: which pillar was left unscored (not merely not applicable) where it was."""
    return table.scores("pillar", pillars, obs=obs, what="status") == _MISSING


def unscored_texts(table: ScoreTable, obs: np.ndarray, pillars: Sequence[str], overall: np.ndarray) -> np.ndarray:
    """Each observation's unscored pillars as ``a;b`` (``""``: none), where it has an overall score.

    Built a pillar at a time over every row (a national ranking has a million): no loop over rows.
    """
    missing = _unscored(table, obs, pillars) & ~np.isnan(np.asarray(overall, dtype=float))[:, None]
    out = np.full(len(obs), "", dtype=object)
    for k, p in enumerate(pillars):
        on = missing[:, k]
        out[on] = np.where(out[on] == "", p, out[on] + ";" + p)
    return out


def mark_changes(changes: list[dict[str, Any]], table: ScoreTable, before: np.ndarray, after: np.ndarray,
                 pillars: Sequence[str]) -> np.ndarray:
    """Give each end of a change ``pillars_unscored`` (ids) where a pillar is unscored there and scored at the other.

    ``before``/``after``: the observations of each change's two ends, in the order of ``changes``.
    Only the changes marked are touched; returns the observations marked.
    """
    if not len(changes) or not pillars:
        return np.empty(0, dtype=np.int64)
    status = [table.scores("pillar", pillars, obs=o, what="status") for o in (before, after)]
    only = {"from": (status[0] == _MISSING) & (status[1] == 0), "to": (status[1] == _MISSING) & (status[0] == 0)}
    for r in np.flatnonzero((only["from"] | only["to"]).any(axis=1)).tolist():
        for end, marked in only.items():
            ids = [p for p, on in zip(pillars, marked[r], strict=True) if on]
            if ids:
                changes[r][end]["pillars_unscored"] = ids
    return np.concatenate([before[only["from"].any(axis=1)], after[only["to"].any(axis=1)]]).astype(np.int64)


def unscored_warnings(v: Any, marked: np.ndarray, table: ScoreTable, lang: str) -> list[dict[str, Any]]:
    """One warning when marked village-years rest on fewer pillars, naming the first few; the cause where known.

    ``v``: the observations compared; ``marked``: the observations marked (ranked, or an end of a
    change). The cause said is a limit with no regulation version in force on the reference date
    (its indicator not scored), whether or not a value was given for it.
    """
    from ..i18n import N_, gettext

    if not len(marked):
        return []
    found = v[v["obs"].isin(np.unique(marked))].sort_values(["year", "village_id", "obs"], kind="stable")
    found = found.drop_duplicates(["village_id", "year"])
    named = [f"{n} ({i}) {y}" if isinstance(n, str) and n else f"{i} {y}"
             for i, n, y in zip(found["village_id"][:SHOWN], found["name"][:SHOWN], found["year"][:SHOWN],
                                strict=True)]
    shown = ", ".join(named) + (", …" if len(found) > SHOWN else "")
    message = gettext(N_("{n} village-year(s) compared rest on fewer pillars ({list}): a pillar was left unscored "
                         "(its coverage below the minimum), so the overall score is the mean of the other pillars "
                         "and the rating may miss a minimum pillar score; their ranks and changes are not like for "
                         "like"), lang).format(n=len(found), list=shown)
    no_limit = _without_limit(found["obs"].to_numpy(), table)
    if no_limit:
        # whether a value was given for the indicator is not known here (the indicator level is not loaded)
        message += "; " + gettext(N_("for {n} of them a limit had no regulation version in force on the reference "
                                     "date, so the indicator it applies to was not scored"), lang).format(n=no_limit)
    return [{"code": "pillars_unscored", "count": len(found),
             "village_years": [f"{i}@{y}" for i, y in zip(found["village_id"][:SHOWN], found["year"][:SHOWN],
                                                          strict=True)],
             "message": message}]


def _without_limit(obs: np.ndarray, table: ScoreTable) -> int:
    """How many of ``obs`` had a regulated indicator with no version in force (``""``, where recorded)."""
    ids = table.regulated(sorted({x for r in table.runs for x in r.indicators}))
    if not ids:
        return 0
    return int((table.regulation_ids(ids, obs) == "").any(axis=1).sum())
