"""Rattan and bamboo (mây tre đan) sector plugin for villagescore.

Indicators RAT-01 … RAT-08 for rattan, bamboo and giang weaving villages such as Phú Vinh
(Phú Nghĩa commune, former Chương Mỹ district, Hà Nội): responsible sourcing, sulphur
fumigation, chemical preservatives, oil-curing fuel, bleaching wastewater, mould rejects,
weaver pay and ventilated finishing. No Vietnamese legal limit applies to them, so every default
scorer is a project estimate (``domain.md`` §A.2, proposed levels of §A), except that home
weavers' pay is compared with the regional minimum wage of the village's wage region and of the
decree in force (:func:`weaver_pay_month` turns the daily pay into a 26-day month).

Every other indicator is a single field (``compute=None``), so the improvement planner can
change it; the cleaner-production measures of the sector are listed in :func:`register_sectors`.

The fields, indicators, the sector and its cleaner-production measures are data:
``catalogue.yaml`` beside this module (regulations are cited there by id). This module holds
only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_sectors", "weaver_pay_month"]

#: Working days in a month used to compare daily pay with the monthly minimum wage [E].
WORKING_DAYS_PER_MONTH = 26


def weaver_pay_month(frame):
    """Home weavers' daily pay as a month's pay: VND/day × 26 working days."""
    return frame["rattan_weaver_pay_vnd_day"].astype(float) * WORKING_DAYS_PER_MONTH


CATALOGUE = catalogue_loader(files(__name__) / "catalogue.yaml", computes={"weaver_pay_month": weaver_pay_month})


@hookimpl
def register_fields():
    """Return the fields of ``catalogue.yaml``."""
    return list(CATALOGUE().fields)


@hookimpl
def register_indicators():
    """Return the indicators of ``catalogue.yaml``."""
    return list(CATALOGUE().indicators)


@hookimpl
def register_sectors():
    """Return the sector of ``catalogue.yaml`` with its cleaner-production measures."""
    return list(CATALOGUE().sectors)
