"""Which observations are compared: current provinces, the period snapshot, named village-years."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..errors import UnknownIdError, VillageScoreError, said
from ..i18n import N_, gettext
from .common import _sort_key

__all__ = ["current_provinces"]


def current_provinces(v: pd.DataFrame, mapping: Any) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Add ``province_current`` (post-2025), ``province_mapped`` and ``former_consistent``; warn about names.

    ``v`` has ``village_id``, ``province`` and ``former_province``. A recorded name the 2025
    mapping table does not know keeps its own group (``province_mapped`` false; warning
    ``unknown_province``); a former province that did not merge into the village's province
    is reported (``province_inconsistent``, ``names``: those former provinces) and is not one
    of its group's recorded names (``former_consistent`` false). ``compare`` and ``targets``
    both use this; the table is named by its file name, never by where it is installed.
    """
    from pathlib import Path

    from ..i18n import current_language, format_integer

    recorded = v["province"].where(v["province"].notna(), v["former_province"])
    if mapping is None:
        v = v.assign(province_current=recorded, province_mapped=recorded.notna(), former_consistent=True)
        return v, []
    names = pd.unique(pd.concat([recorded, v["former_province"]]).dropna())
    lookup = {name: mapping.current(name) for name in names}  # one look-up per distinct name
    current = recorded.map(lookup)
    former_current = v["former_province"].map(lookup)
    warnings: list[dict[str, Any]] = []

    def listed(ids: list[str]) -> str:
        return ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")

    n_of = lambda ids: format_integer(len(ids), current_language())  # noqa: E731
    unknown_mask = recorded.notna() & current.isna()
    if unknown_mask.any():
        unknown = sorted(pd.unique(recorded[unknown_mask]), key=_sort_key)
        ids = sorted(pd.unique(v.loc[unknown_mask, "village_id"]))
        warnings.append({
            "code": "unknown_province",
            "message": gettext("province name(s) not in the 2025 mapping table ({table}): {names} — {n} village(s) "
                               "kept apart under the recorded name, not grouped with any current province: "
                               "{villages}").format(
                table=Path(str(getattr(mapping, "path", "") or "")).name, names=", ".join(unknown), n=n_of(ids),
                villages=listed(ids)),
            "names": unknown, "villages": ids})
    clash = v["former_province"].notna() & former_current.notna() & current.notna() & (former_current != current)
    if clash.any():
        ids = sorted(pd.unique(v.loc[clash, "village_id"]))
        warnings.append({
            "code": "province_inconsistent",
            "message": gettext("{n} village(s) record a former province that did not merge into their province "
                               "(grouped by the province column): {villages}").format(n=n_of(ids),
                                                                                      villages=listed(ids)),
            "names": sorted(pd.unique(v.loc[clash, "former_province"]), key=_sort_key), "villages": ids})
    v = v.assign(province_current=current.where(current.notna(), recorded),
                 province_mapped=current.notna() | recorded.isna(), former_consistent=~clash)
    return v, warnings


def _snapshot(v: pd.DataFrame, year: int | None, per_year: bool) -> pd.DataFrame:
    """The observations that are ranked and grouped, with their ``period`` label."""
    if year is not None:
        v = v[v["year"] == int(year)]
        if v.empty:
            return v.assign(period=pd.Series(dtype=object))
    keys = ["village_id", "year"] if per_year or year is not None else ["village_id"]
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

