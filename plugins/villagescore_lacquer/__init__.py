"""Lacquerware (sơn mài) sector plugin for villagescore.

Indicators LAC-01 … LAC-08 for lacquer villages such as Hạ Thái (Duyên Thái commune,
former Thường Tín district, Hà Nội): solvent use, the quality of sanding and settling water
(TSS, COD, BOD5, scored against the legal limit their catalogue cites), glove use, ventilated
finishing, improved lacquer refining and whether the full traditional process is kept.

The sanding-water indicators are scored ``ratio_to_limit`` against the threshold their catalogue
entries cite: QCVN 40:2011/BTNMT Table 1, column A or B chosen per village by ``discharge_column``.
Workshop toluene/xylene against QCVN 03:2019/BYT is *not* scored: those limits were not
verified (``limits-verified.md`` §6); ventilated finishing is the proxy.

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
