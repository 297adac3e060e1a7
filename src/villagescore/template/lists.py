"""The values behind the dropdowns: provinces in official order, sectors, quality and kind labels."""

from __future__ import annotations

from typing import Any

from ..errors import VillageScoreError
from ..i18n import label


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
