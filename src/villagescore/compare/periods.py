"""Which observations are compared: current provinces, the period snapshot, named village-years."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import UnknownIdError, VillageScoreError, said
from ..i18n import N_
from ..provinces import current_provinces
from .common import sorted_keys

__all__ = ["current_provinces"]  # defined in villagescore.provinces (evaluate's national summary uses it too)


def _snapshot(v: pd.DataFrame, year: int | None, per_year: bool, order: list[np.ndarray] | None = None
              ) -> pd.DataFrame:
    """The observations that are ranked and grouped, with their ``period`` label.

    ``order``: :func:`~villagescore.compare.common.sorted_keys` of ``v``'s village id, year and
    run, when it is known (read here otherwise; and always for one ``year``, of its rows).
    """
    if year is not None:
        v = v[v["year"] == int(year)]
        if v.empty:
            return v.assign(period=pd.Series(dtype=object))
    keys = ["village_id", "year"] if per_year or year is not None else ["village_id"]
    same = order if order is not None and year is None else sorted_keys(
        [v[k].to_numpy() for k in ("village_id", "year", "run")])
    if same is not None:  # already in order (a result is sorted by village then year): each group's last row
        last = ~same[0] if len(keys) == 1 else ~(same[0] & same[1])
        snap = v[np.append(last, True)] if len(v) else v
    else:
        snap = v.sort_values(["village_id", "year", "run"], kind="stable").groupby(keys, sort=False).tail(1)
    if per_year or year is not None:
        period = snap["year"].astype(str)
    else:
        period = pd.Series("latest", index=snap.index)
    return snap.assign(period=period.astype(object))


def _parse_refs(refs: Sequence[str], v: pd.DataFrame, year: int | None) -> list[int]:
    """Resolve ``ID`` / ``ID@YEAR`` to observation numbers (latest year/run unless given)."""
    from ..villages import choose_village

    out: list[int] = []
    for ref in refs:
        vid, _, yr = str(ref).partition("@")
        vid = choose_village(v, vid)  # an id or a name (accents and case ignored)
        rows = v[v["village_id"] == vid]
        want = yr or (None if year is None else str(year))
        if want:
            if not want.isdigit():
                raise said(VillageScoreError, N_("{ref!r}: give a village as ID or ID@YEAR (year as digits)"), ref=ref)
            picked = rows[rows["year"] == int(want)]
            if picked.empty:
                years = ", ".join(str(y) for y in sorted(pd.unique(rows["year"])))
                raise said(UnknownIdError, N_("village {village!r} has no result for {year}; its years: {years}"),
                           village=vid, year=want, years=years)
            rows = picked
        out.append(int(rows.sort_values(["year", "run"], kind="stable")["obs"].iat[-1]))
    if len(set(out)) < len(out):
        raise said(VillageScoreError, N_("the same village-year is named twice in {refs}"), refs=list(refs))
    return out

