"""Which observations are compared: current provinces, the period snapshot, named village-years."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import UnknownIdError, VillageScoreError, said
from ..i18n import N_
from ..provinces import current_provinces
from .common import framework_tag, sorted_keys

__all__ = ["current_provinces"]  # defined in villagescore.provinces (evaluate's national summary uses it too)


#: Between a period and the framework its observations were scored with, in a period's label.
FRAMEWORK_MARK = " · "


def _snapshot(v: pd.DataFrame, year: int | None, per_year: bool, order: list[np.ndarray] | None = None,
              frameworks: tuple[np.ndarray, list[str]] | None = None) -> pd.DataFrame:
    """The observations that are ranked and grouped, with their ``period`` label.

    ``order``: :func:`~villagescore.compare.common.sorted_keys` of ``v``'s village id, year and
    run, when it is known (read here otherwise; and always for one ``year``, of its rows).
    ``frameworks``: when the runs' frameworks differ, each run's framework code and each code's name
    (:func:`framework_names`): each framework then has periods of its own (``latest · ID VERSION``),
    so that a village is ranked against villages scored with the same framework, whatever order the
    results were given in.
    """
    if year is not None:
        v = v[v["year"] == int(year)]
        if v.empty:
            return v.assign(period=pd.Series(dtype=object))
    keys = ["village_id", "year"] if per_year or year is not None else ["village_id"]
    if frameworks is not None:
        return _snapshot_by_framework(v, keys, *frameworks)
    same = order if order is not None and year is None else sorted_keys(
        [v[k].to_numpy() for k in ("village_id", "year", "run")])
    if same is not None:  # already in order (a result is sorted by village then year): each group's last row
        last = ~same[0] if len(keys) == 1 else ~(same[0] & same[1])
        snap = v[np.append(last, True)] if len(v) else v
    else:
        snap = v.sort_values(["village_id", "year", "run"], kind="stable").groupby(keys, sort=False).tail(1)
    if len(keys) == 2:
        period = snap["year"].astype(str)
    else:
        period = pd.Series("latest", index=snap.index)
    return snap.assign(period=period.astype(object))


def _snapshot_by_framework(v: pd.DataFrame, keys: list[str], codes: np.ndarray, names: list[str]) -> pd.DataFrame:
    """Each village's last observation (of ``keys``) under each framework, in the order of ``v``'s rows."""
    code = codes[v["run"].to_numpy()]
    o = v.assign(_framework=code, _at=np.arange(len(v))).sort_values(
        ["village_id", "_framework", "year", "run"], kind="stable")
    at = np.sort(o.groupby([*keys, "_framework"], sort=False)["_at"].last().to_numpy())
    snap = v.iloc[at]
    base = snap["year"].astype(str).to_numpy(dtype=object) if len(keys) == 2 else np.full(len(snap), "latest", object)
    period = base + FRAMEWORK_MARK + np.asarray(names, dtype=object)[code[at]]
    return snap.assign(period=pd.Series(period, index=snap.index, dtype=object))


def framework_names(runs: Sequence[Any], codes: np.ndarray) -> list[str]:
    """Each framework code's name: ``ID VERSION``, with the file's short hash where two share id and version."""
    first = {int(c): r for r, c in zip(runs, codes.tolist(), strict=True)}
    names = [f"{first[c].framework_id} {first[c].framework_version}" for c in range(len(first))]
    return [f"{n} {framework_tag(first[c].framework)}" if names.count(n) > 1 else n for c, n in enumerate(names)]


def with_frameworks(periods: list[dict[str, Any]], runs: Sequence[Any],
                    frameworks: tuple[np.ndarray, list[str]] | None) -> list[dict[str, Any]]:
    """``periods`` (the rankings' ``{"period", …}``), each of one framework among several with its ``framework``.

    ``framework``: the id, version and sha256 of the framework its observations were scored with,
    the one its label names (``latest · ID VERSION``); ``frameworks``: as :func:`_snapshot` takes
    them (``None``: the runs share one framework, and the periods are left as they are). A view
    names each period's tiers as its own framework names them.
    """
    if frameworks is None:
        return periods
    codes, names = frameworks
    first = {}
    for run, code in zip(runs, codes.tolist(), strict=True):
        first.setdefault(names[code], run)
    out = []
    for p in periods:
        run = first.get(str(p["period"]).partition(FRAMEWORK_MARK)[2])
        own = {} if run is None else {"framework": run.framework}
        out.append({**p, **own})
    return out


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

