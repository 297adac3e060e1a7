"""Where a village-year is, as the explanation and the reports show it.

A dataset of the years before the 2025 reform may name only the former units (``former_commune``,
``former_district``, ``former_province``) and leave ``province`` blank; two villages of one name
(two Phùng Xá) are then told apart only by them. The views show every unit given, and, when
``province`` is blank, the current province the shipped 2025 mapping gives for the former one,
marked as derived (the dataset did not say it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .i18n import t

__all__ = ["FORMER_UNITS", "current_province", "province_text", "former_units", "place_lines"]

#: The pre-reform units a dataset may name, in the order the views list them.
FORMER_UNITS = ("former_commune", "former_district", "former_province")


def current_province(province: str | None, former_province: str | None) -> tuple[str | None, bool]:
    """The current province and whether it is derived.

    ``province`` as recorded (not derived); when it is blank, the province the shipped mapping
    gives for ``former_province`` (derived); ``(None, False)`` when neither says.
    """
    if province:
        return province, False
    if not former_province:
        return None, False
    from .admin_mapping import AdminMappingError, load_mapping

    try:
        current = load_mapping().current(former_province)
    except AdminMappingError:  # the shipped table is tested elsewhere: the view then shows no derived province
        return None, False
    return (current, True) if current else (None, False)


def province_text(village: Mapping[str, Any], lang: str) -> str:
    """The province a view shows: as recorded, or ``Ninh Bình (derived …)``, or ``""`` when unknown.

    ``village`` has ``province_current`` and ``province_derived`` (:func:`current_province`), or they are
    derived here from its ``province`` and ``former_province``.
    """
    if "province_current" not in village:
        name, derived = current_province(village.get("province"), village.get("former_province"))
        village = {"province_current": name, "province_derived": derived}
    name = village.get("province_current")
    if not name:
        return ""
    return f"{name} ({t('province_derived', lang)})" if village.get("province_derived") else str(name)


def former_units(village: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """``(label, name)`` of each former unit ``village`` names, in :data:`FORMER_UNITS` order."""
    return [(t(unit, lang), str(village[unit])) for unit in FORMER_UNITS if village.get(unit)]


def place_lines(village: Mapping[str, Any], lang: str) -> tuple[str, list[str]]:
    """``commune, province`` (:func:`province_text`; ``""`` when neither is known) and the former units' line.

    The second item is ``[]`` or one line, ``Huyện (trước 7/2025): Kim Bảng · Tỉnh (trước 7/2025): Hà Nam``.
    """
    place = ", ".join(x for x in (village.get("commune"), province_text(village, lang)) if x)
    former = former_units(village, lang)
    return place, [" · ".join(f"{unit}: {name}" for unit, name in former)] if former else []
