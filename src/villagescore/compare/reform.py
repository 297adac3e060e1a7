"""Where a village-year stands against the 2025 reform: its former province, and the groups of communes and districts.

On 1 July 2025 the districts were dissolved and communes merged (Resolution 202/2025/QH15). A
village-year before :data:`REFORM_YEAR` names its commune and district as they were, its
``province`` the province of then; from :data:`REFORM_YEAR` on it names the merged commune and
the current province, the former units in ``former_district`` and ``former_province``. Two
communes of one name in different former districts (the two Phùng Xá of Hà Nội) are different
places, and so are a pre-reform commune and the merged commune that absorbed it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..admin_mapping import name_key
from ..i18n import format_integer, gettext, t
from .table import NOT_RECORDED

__all__ = ["REFORM_YEAR", "former_provinces", "commune_keys", "district_keys", "reform_warnings"]

#: The first year whose data name the units after the reform (in force on 1 July 2025).
REFORM_YEAR = 2025
#: The mark of a pre-reform commune, in its key and label alike (the views name a group ``label (key)`` when the
#: two differ: a mark in words would make them differ in Vietnamese).
_BEFORE = f" (< {REFORM_YEAR})"
#: What stands for the former province a district's data do not tell, before its current province.
_UNKNOWN_FORMER = "? → "


def _pre_reform(snap: pd.DataFrame) -> np.ndarray:
    return (pd.to_numeric(snap["year"], errors="coerce") < REFORM_YEAR).to_numpy(dtype=bool)


def former_provinces(snap: pd.DataFrame, mapping: Any) -> pd.Series:
    """Each row's pre-reform province, as the mapping table spells it; missing where the data do not tell.

    ``former_province`` when given; else ``province`` for a year before the reform (it names the
    province of then) or a name that is no current unit (``Hà Nam``); else the one province a
    current unit was made of (``Hà Nội``). A current unit several provinces merged into
    (``Ninh Bình``), named after the reform without ``former_province``, does not tell it. A name
    the table does not know is kept as recorded; without a table (``AS_RECORDED``), every name is.
    """
    def spelled(column: pd.Series, after: bool) -> pd.Series:
        names = pd.unique(column.dropna().to_numpy(dtype=object))
        return column.map({n: _former_of(n, mapping, after) for n in names})

    pre = pd.Series(_pre_reform(snap), index=snap.index)
    given = spelled(snap["former_province"], False)
    then = spelled(snap["province"].where(pre), False)
    now = spelled(snap["province"].where(~pre), True)
    return given.where(snap["former_province"].notna(), then.where(pre, now))


def _former_of(name: Any, mapping: Any, after: bool) -> Any:
    """``name`` as the former province it stands for (see :func:`former_provinces`), ``None`` if it does not tell."""
    if mapping is None:
        return name
    former = mapping.former_name(name)
    if former is not None and (not after or name_key(former) not in mapping.province_keys):
        return former
    if mapping.current(name) is None:  # not in the table: kept as recorded
        return name
    return mapping.sole_former(name)


def commune_keys(snap: pd.DataFrame, mapping: Any, lang: str, shown: Any) -> tuple[pd.Series, pd.Series]:
    """``(key, label)`` of each row's commune: a pre-reform one with its former district and province, marked.

    A merged commune (the reform's year on) is keyed within its current province, as before. ``shown``
    says :data:`NOT_RECORDED` in ``lang``.
    """
    prov = snap["province_current"].fillna(NOT_RECORDED)
    com = snap["commune"].fillna(NOT_RECORDED)
    key, label = com + " — " + prov, shown(com) + " — " + shown(prov)
    old = pd.Series(_pre_reform(snap), index=snap.index) & snap["commune"].notna()
    if not old.any():
        return key, label
    former = former_provinces(snap, mapping).fillna(NOT_RECORDED)
    dist = snap["former_district"]
    place = (com + " — " + dist.fillna("") + " — ").where(dist.notna(), com + " — ")
    old_key, old_label = place + former + _BEFORE, place + shown(former) + _BEFORE
    return key.where(~old, old_key), label.where(~old, old_label)


def district_keys(snap: pd.DataFrame, mapping: Any, lang: str, shown: Any) -> tuple[pd.Series, pd.Series]:
    """``(key, label)`` of each row's former district: with its former province, as the table spells it.

    Where the data do not tell the former province (see :func:`former_provinces`), the district is
    keyed with the current province after ``? →`` (``Kim Bảng — ? → Ninh Bình``): never taken for the district
    of a former province of that name.
    """
    former = former_provinces(snap, mapping)
    current = snap["province_current"].fillna(NOT_RECORDED)
    dist = snap["former_district"]
    key = dist.fillna("") + " — " + former.fillna(_UNKNOWN_FORMER + current)
    label = dist.fillna("") + " — " + shown(former.fillna(current)).where(
        former.notna(), _UNKNOWN_FORMER + shown(current))
    return key.where(dist.notna(), NOT_RECORDED), label.where(dist.notna(), t("not_recorded", lang))


def reform_warnings(snap: pd.DataFrame, by: str | None, mapping: Any, lang: str) -> list[dict[str, Any]]:
    """What grouping ``by`` communes or former districts cannot tell across the reform, in ``lang``.

    ``communes_across_reform``: a period compares communes named before the reform beside merged
    ones (they are different places, never one's past). ``former_province_unknown``: districts
    keyed with the current province, the data not telling the former one.
    """
    out: list[dict[str, Any]] = []
    if by == "commune":
        named = snap["commune"].notna().to_numpy(dtype=bool)
        pre = _pre_reform(snap) & named
        post = ~_pre_reform(snap) & named
        periods = snap["period"].astype(str)
        both = sorted(set(periods[pre]) & set(periods[post]))
        if both:
            mixed = periods.isin(both).to_numpy(dtype=bool)
            n_pre, n_post = int((pre & mixed).sum()), int((post & mixed).sum())
            out.append({"code": "communes_across_reform", "periods": both, "before": n_pre, "after": n_post,
                        "message": gettext(
                            "{before} village-year(s) name their commune as it was before the 2025 reform and "
                            "{after} a commune merged on 1 July 2025, compared in one period: they are different "
                            "places, a pre-reform commune grouped with its former district and province and marked "
                            "“(< 2025)”, never taken for the merged commune that absorbed it", lang).format(
                            before=format_integer(n_pre, lang), after=format_integer(n_post, lang))})
    if by == "former_district":
        unknown = (snap["former_district"].notna() & former_provinces(snap, mapping).isna()).to_numpy(dtype=bool)
        if unknown.any():
            ids = sorted(pd.unique(snap["village_id"].to_numpy(dtype=object)[unknown]))
            out.append({"code": "former_province_unknown", "villages": ids, "message": gettext(
                "{n} village(s) record a former district but no former province, and their current province was "
                "made of several: each such district is grouped with its current province, marked “? → ”, not with "
                "a former province's district (add former_province to group it so): {villages}", lang).format(
                n=format_integer(len(ids), lang), villages=", ".join(ids[:20]) + (" …" if len(ids) > 20 else ""))})
    return out
