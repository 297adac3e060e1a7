"""Weaving and dyeing sector (towels, silk): Phùng Xá, Vạn Phúc, Phương La (WEV-01 … WEV-10).

The sector's pressures are dye-house effluent (colour, COD, BOD5), water use in bleaching and
dyeing, loom noise in residential areas (looms often run day and night) and weavers' noise
exposure, and minors in dyeing or fabric-steaming (a job forbidden to under-18s by Circular
09/2020/TT-BLĐTBXH). The cleaner-production measures are data: each names the indicators it
improves, so the improvement planner can propose them.

The fields, indicators, the sector and its cleaner-production measures are data:
``catalogue.yaml`` beside this module (regulations are cited there by id). This module holds
only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_checks", "register_sectors"]


CATALOGUE = catalogue_loader(files(__name__) / "catalogue.yaml")


@hookimpl
def register_fields():
    """Return the fields of ``catalogue.yaml``."""
    return list(CATALOGUE().fields)


@hookimpl
def register_indicators():
    """Return the indicators of ``catalogue.yaml``."""
    return list(CATALOGUE().indicators)


@hookimpl
def register_checks():
    """Return the plausibility checks of ``catalogue.yaml`` (reported as warnings by validate)."""
    return list(CATALOGUE().checks)


@hookimpl
def register_sectors():
    """Return the sector of ``catalogue.yaml`` with its cleaner-production measures."""
    return list(CATALOGUE().sectors)
