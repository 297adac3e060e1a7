"""The values behind the dropdowns: provinces in official order, sectors, quality and kind labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import VillageScoreError
from ..i18n import label
from .text import _BOOLEAN_CHOICES, _KINDS, _QUALITIES, SHEET_NAMES


def _province_lists() -> tuple[list[str], list[str]]:
    """Current and former provinces in official (code) order; empty when the mapping table is unavailable."""
    try:
        from ..admin_mapping import load_mapping
        from ..provinces import official_former_provinces, official_provinces

        mapping = load_mapping()
    except (VillageScoreError, OSError, ImportError):
        return [], []
    return official_provinces(mapping), official_former_provinces(mapping)


def _sector_choices(registry: Any, lang: str) -> list[str]:
    return [label(getattr(s, "label", None), lang, sid) for sid, s in registry.sectors.items()]


def _quality_label(code: str, lang: str) -> str:
    from ..readback import QUALITY_LABELS

    return QUALITY_LABELS[code][lang]


def _kind_label(code: str, lang: str) -> str:
    from ..readback import KIND_LABELS

    return KIND_LABELS[code][lang]


def _lists_sheet(ws: Any, columns: Sequence[Any], registry: Any, lang: str) -> tuple[dict[str, str], str]:
    """Write the hidden sheet of dropdown values, one list per column; return the references to them.

    Returns ``(refs, boolean list)``: ``refs`` maps a column id (and ``_columns``, ``_quality``,
    ``_kind``) to the range its dropdown reads.
    """
    from openpyxl.utils import get_column_letter, quote_sheetname

    from .cells import append_survey_row

    sheet = quote_sheetname(SHEET_NAMES["lists"][lang])
    list_columns: list[tuple[str, Sequence[Any]]] = []

    def add_list(name: str, values: Sequence[Any]) -> str:
        k = len(list_columns) + 1
        list_columns.append((name, values))
        letter = get_column_letter(k)
        return f"{sheet}!${letter}$2:${letter}${len(values) + 1}"

    provinces, former_provinces = _province_lists()
    refs: dict[str, str] = {}
    if provinces:
        refs["province"] = add_list("province", provinces)
    if former_provinces:
        refs["former_province"] = add_list("former_province", former_provinces)
    refs["sectors"] = add_list("sectors", _sector_choices(registry, lang))
    bool_ref = add_list("boolean", _BOOLEAN_CHOICES[lang])
    for col in columns:
        if col.type == "category":
            refs[col.id] = add_list(col.id, [col.choice(c, lang) for c in col.categories])
    refs["_columns"] = add_list("columns", [c.id for c in columns])
    refs["_quality"] = add_list("quality", [_quality_label(q, lang) for q in _QUALITIES])
    refs["_kind"] = add_list("kind", [_kind_label(k, lang) for k in _KINDS])
    width = max(len(v) for _, v in list_columns) + 1
    for r in range(width):
        append_survey_row(ws, [name if r == 0 else (values[r - 1] if r - 1 < len(values) else None)
                        for name, values in list_columns])
    return refs, bool_ref
