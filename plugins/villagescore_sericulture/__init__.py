"""Sericulture and silk (dâu tằm, ươm tơ) sector plugin for villagescore.

Indicators SER-01 … SER-07 for villages that reel, degum and dye silk or lotus silk, such as Vạn
Phúc (Hà Đông, Hà Nội) and Phùng Xá (former Mỹ Đức district, Hà Nội, lotus silk): natural
dyeing, water per kg of raw silk, degumming effluent COD and BOD5 (scored against QCVN
13-MT:2015, column A or B by the village's ``discharge_column``), local cocoon supply, the
reeling fuel and OCOP-rated silk products.

A silk village usually also weaves: give it ``weaving;sericulture`` and both plugins'
indicators apply (see ``docs/sectors.md``).

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
