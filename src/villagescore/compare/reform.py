"""Where a village-year stands against the 2025 reform: its former province, and the groups of communes and districts.

On 1 July 2025 the districts were dissolved and communes merged (Resolution 202/2025/QH15). A
village-year before :data:`REFORM_YEAR` names its commune and district as they were, its
``province`` the province of then; from :data:`REFORM_YEAR` on it names the merged commune and
the current province, the former units in ``former_district`` and ``former_province``. Two
communes of one name in different former districts (the two Phùng Xá of Hà Nội) are different
places, and so are a pre-reform commune and the merged commune that absorbed it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..admin_mapping import folded_name, name_key
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
#: The words (folded) a district's or a commune's name may start with that name its kind of unit, not the unit,
#: and the kind each names (``H.`` and ``Huyện`` alike).
_DISTRICT_UNITS = {"huyện ": "huyện", "h. ": "huyện", "h.": "huyện", "quận ": "quận", "q. ": "quận", "q.": "quận",
                   "thị xã ": "thị xã", "tx. ": "thị xã", "tx.": "thị xã", "thành phố ": "thành phố",
                   "tp. ": "thành phố", "tp.": "thành phố", "t.p. ": "thành phố", "t.p.": "thành phố"}
_COMMUNE_UNITS = {"xã ": "xã", "phường ": "phường", "thị trấn ": "thị trấn", "tt. ": "thị trấn", "tt.": "thị trấn",
                  "đặc khu ": "đặc khu"}


def _pre_reform(snap: pd.DataFrame) -> np.ndarray:
    return (pd.to_numeric(snap["year"], errors="coerce") < REFORM_YEAR).to_numpy(dtype=bool)


def _per_distinct(columns: list[Any], make: Callable[..., tuple[Any, ...]], width: int) -> list[np.ndarray]:
    """``make(*values)`` (``width`` values) for each row, called once per distinct combination of the columns.

    A national comparison has a million village-years in a few thousand communes: the texts are made
    for those, then taken for every row (concatenating a million texts took seconds).
    """
    n = len(columns[0])
    combined = np.zeros(n, dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(np.asarray(column, dtype=object))  # a missing value: -1
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + (codes + 1))  # kept small: codes of pairs
    first = np.zeros(combined.max() + 1 if n else 0, dtype=np.intp)
    first[combined] = np.arange(n)  # a row of each combination (any: they hold the same values)
    values = [np.asarray(column, dtype=object)[first] for column in columns]
    made = [make(*(None if pd.isna(x) else x for x in row)) for row in zip(*values, strict=True)]
    return [np.array([m[k] for m in made] or [], dtype=object)[combined] for k in range(width)]


def _first_spellings(column: Any, units: dict[str, str]) -> np.ndarray:
    """Each row's unit name as the data first spell it (``Huyện Kim Bảng``, ``H. Kim Bảng`` → ``Kim Bảng`` if first).

    Two spellings are one name when they fold alike (:func:`~villagescore.admin_mapping.folded_name`:
    case, tone placement, spaces) once a leading word of ``units`` is removed — unless the data
    name two kinds of unit of that name (``Thị xã Kỳ Anh`` and ``Huyện Kỳ Anh``: a town and a
    district): those keep their kind, and a spelling without one stays apart from both. Each
    distinct spelling is folded once; ``pd.factorize`` lists them in the order they first occur.
    """
    codes, spellings = pd.factorize(np.asarray(column, dtype=object))  # a missing value: -1
    prefixes = tuple(units)
    folded = [folded_name(x, prefixes) for x in spellings]
    kinds = [_unit_kind(x, f, units) for x, f in zip(spellings, folded, strict=True)]
    named: dict[str, set[str]] = {}
    for f, kind in zip(folded, kinds, strict=True):
        if kind:
            named.setdefault(f, set()).add(kind)
    keys = [f"{kind} {f}" if kind and len(named[f]) > 1 else f for f, kind in zip(folded, kinds, strict=True)]
    names, _ = pd.factorize(np.array(keys, dtype=object))
    kept = np.asarray(spellings, dtype=object)[np.unique(names, return_index=True)[1]][names]
    return np.where(codes >= 0, np.append(kept, None)[codes], None)


def _unit_kind(spelling: Any, folded: str, units: dict[str, str]) -> str:
    """The kind of unit ``spelling`` names by its leading word (``""``: none), given its :func:`folded_name`."""
    whole = folded_name(spelling)
    if whole == folded:
        return ""
    return next((kind for prefix, kind in units.items() if whole.startswith(prefix)), "")


def _former_province(former: Any, province: Any, pre: Any, mapping: Any) -> Any:
    """A row's former province (see :func:`former_provinces`), ``None`` where the data do not tell."""
    if former is not None:
        return _former_of(former, mapping, False)
    return None if province is None else _former_of(province, mapping, not pre)


def _former_lookup(mapping: Any) -> Callable[[Any, Any, Any], Any]:
    """:func:`_former_province` worked out once per distinct (former, province, pre) triple.

    The keys' texts are made per distinct combination of five or six columns (thousands in a national
    run), but those hold a few hundred triples: each asks the table's name matching (regular expressions) once.
    """
    known: dict[tuple[Any, Any, bool], Any] = {}

    def lookup(former: Any, province: Any, pre: Any) -> Any:
        triple = (former, province, bool(pre))
        if triple not in known:
            known[triple] = _former_province(former, province, pre, mapping)
        return known[triple]

    return lookup


def former_provinces(snap: pd.DataFrame, mapping: Any) -> pd.Series:
    """Each row's pre-reform province, as the mapping table spells it; missing where the data do not tell.

    ``former_province`` when given; else ``province`` for a year before the reform (it names the
    province of then) or a name that is no current unit (``Hà Nam``); else the one province a
    current unit was made of (``Hà Nội``). A current unit several provinces merged into
    (``Ninh Bình``), named after the reform without ``former_province``, does not tell it. A name
    the table does not know is kept as recorded; without a table (``AS_RECORDED``), every name is.
    """
    (out,) = _per_distinct([snap["former_province"], snap["province"], _pre_reform(snap)],
                           lambda f, p, pre: (_former_province(f, p, pre, mapping),), 1)  # each triple once
    return pd.Series(out, index=snap.index, dtype=object)


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


def commune_keys(snap: pd.DataFrame, mapping: Any, lang: str) -> tuple[pd.Series, pd.Series]:
    """``(key, label)`` of each row's commune: a pre-reform one with its former district and province, marked.

    A merged commune (the reform's year on) is keyed within its current province, as before; a
    missing name is :data:`NOT_RECORDED` in the key, said in ``lang`` in the label. A commune or
    district is named as the data first spell it (:func:`_first_spellings`: ``Xã Nhật Tân`` and
    ``Nhật Tân`` are one commune).
    """
    word = t("not_recorded", lang)
    former_of = _former_lookup(mapping)

    def make(commune: Any, current: Any, pre: Any, district: Any, former: Any, province: Any) -> tuple[str, str]:
        com = NOT_RECORDED if commune is None else commune
        if commune is None or not pre:
            prov = NOT_RECORDED if current is None else current
            return f"{com} — {prov}", f"{word if commune is None else com} — {word if current is None else prov}"
        was = former_of(former, province, pre)
        place = com + ("" if district is None else f" — {district}")
        return f"{place} — {was or NOT_RECORDED}{_BEFORE}", f"{place} — {was or word}{_BEFORE}"

    columns = {"commune": _first_spellings(snap["commune"], _COMMUNE_UNITS), "pre": _pre_reform(snap),
               "former_district": _first_spellings(snap["former_district"], _DISTRICT_UNITS)}
    key, label = _per_distinct([columns[c] if c in columns else snap[c] for c in (
        "commune", "province_current", "pre", "former_district", "former_province", "province")], make, 2)
    return pd.Series(key, index=snap.index, dtype=object), pd.Series(label, index=snap.index, dtype=object)


def district_keys(snap: pd.DataFrame, mapping: Any, lang: str) -> tuple[pd.Series, pd.Series]:
    """``(key, label)`` of each row's former district: with its former province, as the table spells it.

    Where the data do not tell the former province (see :func:`former_provinces`), the district is
    keyed with the current province after ``? →`` (``Kim Bảng — ? → Ninh Bình``): never taken for the district
    of a former province of that name. A district is named as the data first spell it (:func:`_first_spellings`:
    ``Kim Bảng``, ``Huyện Kim Bảng`` and ``H. Kim Bảng`` are one).
    """
    word = t("not_recorded", lang)
    former_of = _former_lookup(mapping)

    def make(district: Any, current: Any, pre: Any, former: Any, province: Any) -> tuple[str, str]:
        if district is None:
            return NOT_RECORDED, word
        was = former_of(former, province, pre)
        if was is not None:
            return f"{district} — {was}", f"{district} — {was}"
        return (f"{district} — {_UNKNOWN_FORMER}{NOT_RECORDED if current is None else current}",
                f"{district} — {_UNKNOWN_FORMER}{word if current is None else current}")

    columns = {"former_district": _first_spellings(snap["former_district"], _DISTRICT_UNITS), "pre": _pre_reform(snap)}
    key, label = _per_distinct([columns[c] if c in columns else snap[c] for c in (
        "former_district", "province_current", "pre", "former_province", "province")], make, 2)
    return pd.Series(key, index=snap.index, dtype=object), pd.Series(label, index=snap.index, dtype=object)


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
