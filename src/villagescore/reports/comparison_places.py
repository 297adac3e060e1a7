"""How a comparison's views name a village's province: current, recorded, and a former one that did not merge there.

The views know the names the ranking rows record, not the mapping table that compared them; the
``province_inconsistent`` warning names the village-years whose former province did not merge into their
``province`` (and those former provinces), so a view shows such a village-year's recorded ``province``
and its former one apart, never as the province it moved from; its other years as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..admin_mapping import spelling_key
from ..i18n import gettext
from ..spellings import other_spellings

__all__ = ["province_cells", "names_differ", "other_names"]


def names_differ(recorded: Any, current: Any) -> bool:
    """Whether two province names name different provinces (``Thanh Hoá``, ``Tỉnh Thanh Hóa`` are ``Thanh Hóa``)."""
    if not recorded or not current:
        return bool(recorded) and recorded != current
    return spelling_key(recorded) != spelling_key(current)


def other_names(names: Iterable[Any], key: Any) -> list[Any]:
    """The names of ``names`` that are not spellings of ``key``: :func:`villagescore.spellings.other_spellings`.

    A group's notes list the former provinces merged into it (``Ninh Bình ← Hà Nam, Nam Định``), not
    the ways its own name, or one of theirs, is written (``Tỉnh Thanh Hóa``, ``Thanh Hoá``, ``Phu Tho``).
    """
    return other_spellings(names, key)


def province_cells(c: Mapping[str, Any], lang: str) -> Callable[[Mapping[str, Any]], tuple[Any, str, str]]:
    """For a ranking row: ``(recorded, moved from, aside)``, the views' province cells.

    ``recorded``: the former province where it merged into the village's province, else ``province``
    (the data views' "Province recorded"); ``moved from``: ``recorded`` when it names another province
    than the current one, else ``""`` (the "← Hà Nam" of the views for reading); ``aside``: for a former
    province that did not merge into the village's province, the words saying so, else ``""``.
    """
    villages: set[Any] = set()
    village_years: set[str] | None = None
    names: set[Any] = set()
    for w in c.get("warnings") or []:
        if w.get("code") == "province_inconsistent":
            villages.update(w.get("villages") or ())
            names.update(w.get("names") or ())
            if "village_years" in w:
                village_years = (village_years or set()) | set(w["village_years"])
    words = gettext("former province recorded: {name}, which did not merge into it", lang)

    def inconsistent(r: Mapping[str, Any]) -> bool:
        # a comparison written before the warning listed its village-years tells the village only
        if village_years is None:
            return r["village_id"] in villages
        return f"{r['village_id']}@{r.get('year')}" in village_years

    def cells(r: Mapping[str, Any]) -> tuple[Any, str, str]:
        former, current = r.get("former_province"), r.get("province_current")
        if former and r.get("province") and inconsistent(r) and former in names and names_differ(former, current):
            recorded = r["province"]
            return recorded, recorded if names_differ(recorded, current) else "", words.format(name=former)
        recorded = former or r.get("province")
        return recorded, recorded if names_differ(recorded, current) else "", ""

    return cells
