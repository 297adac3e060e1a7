"""Handmade and recycled paper (giấy dó, giấy tái chế) sector plugin for villagescore.

Indicators PAP-01 … PAP-06 for paper villages such as Dương Ổ / Phong Khê (Bắc Ninh) and Hợp Hòa
(former Hòa Bình province): lime or NaOH per kg of bark, pulping effluent COD and TSS (scored
against QCVN 12-MT:2015, column A or B by the village's ``discharge_column``), dó/dướng bark
from managed plantations, the share of paper facilities inside residential areas (computed from
two counts) and the households still making hand dó paper.

The fields, indicators, the sector and its cleaner-production measures are data:
``catalogue.yaml`` beside this module (regulations are cited there by id). This module holds
only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_sectors", "residential_share"]


def residential_share(frame):
    """Paper facilities inside residential areas, in % of all paper facilities.

    ``residential / total × 100``; missing where the total is missing or zero.
    """
    total = frame["paper_facilities_total"]
    return frame["paper_facilities_residential"] / total.where(total > 0) * 100.0


CATALOGUE = catalogue_loader(files(__name__) / "catalogue.yaml", computes={"residential_share": residential_share})


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
