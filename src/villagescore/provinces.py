"""Provinces in their official order, and province names checked as a survey is read.

The order is that of the administrative-unit codes (*mã đơn vị hành chính*): the 63
provinces before 1 July 2025 by their codes (01 Hà Nội, 02 Hà Giang … 96 Cà Mau), and the 34
provincial-level units after the 2025 reform (Resolution 202/2025/QH15) by the codes they
keep (01 Hà Nội, 04 Cao Bằng, 08 Tuyên Quang … 96 Cà Mau). The codes are written here from
the project's knowledge of the code lists and are **unverified** against the decisions that
issue them; names come from the shipped mapping table (:mod:`villagescore.admin_mapping`), so a
name the table spells differently still sorts, and a name this list lacks sorts last.

:func:`check_province` tells whether a name a survey gives is a current province as the
official list spells it; if not, why (a pre-2025 province, another spelling, a province
abolished earlier, or no province at all) and what to write instead. A reader reports
these as notes: a province is identity, not a score, so nothing is refused.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .i18n import t

if TYPE_CHECKING:  # building a survey workbook reads the province lists here without pandas
    import pandas as pd

__all__ = ["CURRENT_CODES", "collation_keys", "FORMER_CODES", "ABOLISHED", "ProvinceCheck", "official_provinces",
           "official_former_provinces", "check_province", "check_former_province", "collation_key",
           "current_provinces"]

#: The 34 provincial-level units since 1 July 2025, by administrative code (unverified).
CURRENT_CODES: tuple[tuple[str, str], ...] = (
    ("01", "Hà Nội"), ("04", "Cao Bằng"), ("08", "Tuyên Quang"), ("11", "Điện Biên"), ("12", "Lai Châu"),
    ("14", "Sơn La"), ("15", "Lào Cai"), ("19", "Thái Nguyên"), ("20", "Lạng Sơn"), ("22", "Quảng Ninh"),
    ("24", "Bắc Ninh"), ("25", "Phú Thọ"), ("31", "Hải Phòng"), ("33", "Hưng Yên"), ("37", "Ninh Bình"),
    ("38", "Thanh Hóa"), ("40", "Nghệ An"), ("42", "Hà Tĩnh"), ("44", "Quảng Trị"), ("46", "Huế"),
    ("48", "Đà Nẵng"), ("51", "Quảng Ngãi"), ("52", "Gia Lai"), ("56", "Khánh Hòa"), ("66", "Đắk Lắk"),
    ("68", "Lâm Đồng"), ("75", "Đồng Nai"), ("79", "Hồ Chí Minh"), ("80", "Tây Ninh"), ("82", "Đồng Tháp"),
    ("86", "Vĩnh Long"), ("91", "An Giang"), ("92", "Cần Thơ"), ("96", "Cà Mau"),
)
#: The 63 provinces before 1 July 2025, by administrative code (unverified).
FORMER_CODES: tuple[tuple[str, str], ...] = (
    ("01", "Hà Nội"), ("02", "Hà Giang"), ("04", "Cao Bằng"), ("06", "Bắc Kạn"), ("08", "Tuyên Quang"),
    ("10", "Lào Cai"), ("11", "Điện Biên"), ("12", "Lai Châu"), ("14", "Sơn La"), ("15", "Yên Bái"),
    ("17", "Hòa Bình"), ("19", "Thái Nguyên"), ("20", "Lạng Sơn"), ("22", "Quảng Ninh"), ("24", "Bắc Giang"),
    ("25", "Phú Thọ"), ("26", "Vĩnh Phúc"), ("27", "Bắc Ninh"), ("30", "Hải Dương"), ("31", "Hải Phòng"),
    ("33", "Hưng Yên"), ("34", "Thái Bình"), ("35", "Hà Nam"), ("36", "Nam Định"), ("37", "Ninh Bình"),
    ("38", "Thanh Hóa"), ("40", "Nghệ An"), ("42", "Hà Tĩnh"), ("44", "Quảng Bình"), ("45", "Quảng Trị"),
    ("46", "Huế"), ("48", "Đà Nẵng"), ("49", "Quảng Nam"), ("51", "Quảng Ngãi"), ("52", "Bình Định"),
    ("54", "Phú Yên"), ("56", "Khánh Hòa"), ("58", "Ninh Thuận"), ("60", "Bình Thuận"), ("62", "Kon Tum"),
    ("64", "Gia Lai"), ("66", "Đắk Lắk"), ("67", "Đắk Nông"), ("68", "Lâm Đồng"), ("70", "Bình Phước"),
    ("72", "Tây Ninh"), ("74", "Bình Dương"), ("75", "Đồng Nai"), ("77", "Bà Rịa - Vũng Tàu"),
    ("79", "Hồ Chí Minh"), ("80", "Long An"), ("82", "Tiền Giang"), ("83", "Bến Tre"), ("84", "Trà Vinh"),
    ("86", "Vĩnh Long"), ("87", "Đồng Tháp"), ("89", "An Giang"), ("91", "Kiên Giang"), ("92", "Cần Thơ"),
    ("93", "Hậu Giang"), ("94", "Sóc Trăng"), ("95", "Bạc Liêu"), ("96", "Cà Mau"),
)
#: Provinces abolished before 2025 that data still name, with the province that took them over.
ABOLISHED = {"hà tây": ("Hà Nội", "2008")}

@dataclass(frozen=True)
class ProvinceCheck:
    """Why a province name is not written as the official list writes it, and what to write.

    ``kind`` is ``former`` (a pre-2025 province that is not a current one), ``spelling``
    (a current province written otherwise: without diacritics, another case …),
    ``abolished`` (a province abolished before 2025) or ``unknown``; ``suggestion`` is the
    name to write (``None`` when nothing is close). ``former`` is the official spelling of the
    pre-2025 province a ``former`` name is; ``suggestion_now`` the current province of a
    suggestion that is a pre-2025 province (said, so that nobody writes a former name back).
    """

    name: str
    kind: str
    suggestion: str | None
    former: str | None = None
    suggestion_now: str | None = None

    def message(self, lang: str = "en", *, former_column: bool = False) -> str:
        """The note shown to the user, in ``lang``."""
        lang = lang if lang in ("vi", "en") else "en"
        if self.kind == "former":
            return t("province_note.former", lang, name=self.name, current=self.suggestion,
                     former=self.former or self.name)
        if self.kind == "spelling":
            return t("province_note.spelling", lang, name=self.name, official=self.suggestion)
        if self.kind == "abolished":
            current, year = ABOLISHED[_key(self.name)]
            return t("province_note.abolished", lang, name=self.name, year=year, current=current)
        text = t("province_note.unknown_former" if former_column else "province_note.unknown", lang, name=self.name)
        if self.suggestion and self.suggestion_now:
            text += t("province_note.did_you_mean_former", lang, suggestion=self.suggestion,
                      current=self.suggestion_now)
        elif self.suggestion:
            text += t("province_note.did_you_mean", lang, suggestion=self.suggestion)
        return text


def _key(name: str) -> str:
    from .admin_mapping import name_key

    return name_key(name)


def _mapping(mapping: Any = None) -> Any:
    if mapping is not None:
        return mapping
    from .admin_mapping import load_mapping

    return load_mapping()


def _ordered(names: list[str], codes: tuple[tuple[str, str], ...]) -> list[str]:
    rank = {_key(name): k for k, (_, name) in enumerate(codes)}
    return sorted(names, key=lambda n: (rank.get(_key(n), len(rank)), n))


def official_provinces(mapping: Any = None) -> list[str]:
    """The current provincial-level units of the mapping table, in official (code) order."""
    return _ordered(list(_mapping(mapping).provinces), CURRENT_CODES)


def official_former_provinces(mapping: Any = None) -> list[str]:
    """The pre-2025 provinces of the mapping table, in official (code) order."""
    return _ordered(list(_mapping(mapping).former), FORMER_CODES)


def _ascii(name: str) -> str:
    from .catalogue.aliases import ascii_key

    return ascii_key(_key(name))


def _closest(name: str, names: list[str]) -> str | None:
    folded = {_ascii(n): n for n in names}
    typed = _ascii(name)
    if typed in folded:
        return folded[typed]
    close = difflib.get_close_matches(typed, list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None


def check_province(name: Any, mapping: Any = None) -> ProvinceCheck | None:
    """``None`` when ``name`` is a current province as the official list writes it, else why not.

    A prefix (``Tỉnh``, ``Thành phố``, ``TP.``) and old-style tone marks (``Hoà``) are
    accepted as they are; an empty cell is not checked.
    """
    if name is None or (isinstance(name, float) and name != name) or not str(name).strip():
        return None
    text = str(name).strip()
    table = _mapping(mapping)
    key = _key(text)
    if key in table.province_keys:
        return None
    current = list(table.provinces)
    only_former = [n for n in table.former if _key(n) not in table.province_keys]
    if key in table.former_keys:  # a former name that is not also a current one
        return ProvinceCheck(text, "former", table.current(text), former=_official(key, only_former))
    if key in ABOLISHED:
        return ProvinceCheck(text, "abolished", ABOLISHED[key][0])
    same = _closest(text, current)
    if same is not None and _ascii(same) == _ascii(text):
        return ProvinceCheck(text, "spelling", same)
    old = _closest(text, only_former)
    if old is not None and _ascii(old) == _ascii(text):
        return ProvinceCheck(text, "former", table.current(old), former=old)
    hit = table.current(text)  # an English name or a known alias ("Ho Chi Minh City", "Thừa Thiên Huế")
    if hit is not None:
        return ProvinceCheck(text, "spelling", hit)
    close = _closest(text, current + only_former)
    return ProvinceCheck(text, "unknown", close,
                         suggestion_now=table.current(close) if close in only_former else None)


def _official(key: str, names: list[str]) -> str | None:
    """The name of ``names`` whose matching key is ``key`` (the table's spelling), if any."""
    return next((n for n in names if _key(n) == key), None)


def check_former_province(name: Any, mapping: Any = None) -> ProvinceCheck | None:
    """``None`` when ``name`` is one of the 63 pre-2025 provinces as the table writes it, else why not."""
    if name is None or (isinstance(name, float) and name != name) or not str(name).strip():
        return None
    text = str(name).strip()
    table = _mapping(mapping)
    if _key(text) in table.former_keys:
        return None
    former = list(table.former)
    if _key(text) in ABOLISHED:
        return ProvinceCheck(text, "abolished", ABOLISHED[_key(text)][0])
    closest = _closest(text, former)
    if closest is not None and _ascii(closest) == _ascii(text):
        return ProvinceCheck(text, "spelling", closest)
    return ProvinceCheck(text, "unknown", closest)


def collation_key(text: Any) -> str:
    """A collation key: unaccented, case-folded (so Đ sorts with D), then the text itself."""
    s = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold() + "\x00" + str(text)


def collation_keys(texts: Any) -> list[str]:
    """:func:`collation_key` of every element of ``texts``: the same keys, made on all the texts at once.

    The texts are joined by a character none of them holds (a NUL), so decomposing, removing
    the combining marks and case-folding are each one call over one string (each works
    character by character, and the NUL starts a new character sequence), then split again.
    The marks are those the decomposed texts hold, removed by one regular expression.
    """
    values = texts.tolist() if hasattr(texts, "tolist") else list(texts)  # a column: its values at once
    shown = [x if type(x) is str else str(x) for x in values]
    joined = "\x00".join(shown)
    if not shown or joined.count("\x00") != len(shown) - 1:  # none, or a text holds a NUL: one key at a time
        return [collation_key(x) for x in shown]
    decomposed = unicodedata.normalize("NFD", joined.replace("đ", "d").replace("Đ", "D"))
    marks = sorted(c for c in set(decomposed) if unicodedata.combining(c))
    bare = re.sub("[" + "".join(marks) + "]", "", decomposed) if marks else decomposed
    return [f + "\x00" + s for f, s in zip(bare.casefold().split("\x00"), shown, strict=True)]


def current_provinces(v: pd.DataFrame, mapping: Any) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Add ``province_current`` (post-2025), ``province_mapped`` and ``former_consistent``; warn about names.

    ``v`` has ``village_id``, ``province`` and ``former_province``. A recorded name the 2025
    mapping table does not know keeps its own group (``province_mapped`` false; warning
    ``unknown_province``); a former province that did not merge into the village's province
    is reported (``province_inconsistent``, ``names``: those former provinces; ``village_years``, where ``v``
    has ``year``: those rows as ``id@year``) and is not one
    of its group's recorded names (``former_consistent`` false). ``compare`` and ``targets``
    both use this; the table is named by its file name, never by where it is installed.
    """
    from pathlib import Path

    import numpy as np
    import pandas as pd

    from .i18n import current_language, format_integer, gettext

    recorded = v["province"].where(v["province"].notna(), v["former_province"])
    if mapping is None:
        v = v.assign(province_current=recorded, province_mapped=recorded.notna(), former_consistent=True)
        return v, []
    # one look-up per distinct name (the names of both columns hashed as plain objects, the few gaps dropped after)
    names = pd.unique(np.concatenate([recorded.to_numpy(dtype=object), v["former_province"].to_numpy(dtype=object)]))
    lookup = {name: mapping.current(name) for name in names[~pd.isna(names)]}
    current = recorded.map(lookup)
    former_current = v["former_province"].map(lookup)
    warnings: list[dict[str, Any]] = []

    def listed(ids: list[str]) -> str:
        return ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")

    n_of = lambda ids: format_integer(len(ids), current_language())  # noqa: E731
    unknown_mask = recorded.notna() & current.isna()
    if unknown_mask.any():
        unknown = sorted(pd.unique(recorded[unknown_mask]), key=collation_key)
        ids = sorted(pd.unique(v.loc[unknown_mask, "village_id"]))
        warnings.append({
            "code": "unknown_province",
            "message": gettext("province name(s) not in the 2025 mapping table ({table}): {names} — {n} village(s) "
                               "kept apart under the recorded name, not grouped with any current province: "
                               "{villages}").format(
                table=Path(str(getattr(mapping, "path", "") or "")).name, names=", ".join(unknown), n=n_of(ids),
                villages=listed(ids)),
            "names": unknown, "villages": ids})
    clash = pd.Series(_differ(former_current.to_numpy(dtype=object), current.to_numpy(dtype=object),
                              v["former_province"].notna().to_numpy()), index=v.index)
    if clash.any():
        ids = sorted(pd.unique(v.loc[clash, "village_id"]))
        warnings.append({
            "code": "province_inconsistent",
            "message": gettext("{n} village(s) record a former province that did not merge into their province "
                               "(grouped by the province column): {villages}").format(n=n_of(ids),
                                                                                      villages=listed(ids)),
            "names": sorted(pd.unique(v.loc[clash, "former_province"]), key=collation_key), "villages": ids})
        if "year" in v.columns:  # a village may be inconsistent one year only: the views say it of those years
            at = v.loc[clash, ["village_id", "year"]].drop_duplicates().sort_values(["village_id", "year"])
            warnings[-1]["village_years"] = [f"{i}@{y}" for i, y in zip(at["village_id"], at["year"], strict=True)]
    v = v.assign(province_current=current.where(current.notna(), recorded),
                 province_mapped=current.notna() | recorded.isna(), former_consistent=~clash)
    return v, warnings


def _differ(a: Any, b: Any, given: Any) -> Any:
    """Where ``given`` and neither ``a`` nor ``b`` is missing, whether they differ (two object arrays); else false.

    Compared only where both are there (a minority of villages record a former province), not texts of pandas'
    ``str`` type whole-column.
    """
    import numpy as np
    import pandas as pd

    out = np.zeros(len(a), dtype=bool)
    at = np.flatnonzero(given & ~pd.isna(a) & ~pd.isna(b))
    out[at] = a[at] != b[at]
    return out
