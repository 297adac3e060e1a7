"""Wood furniture (đồ gỗ mỹ nghệ) sector plugin for villagescore.

Indicators WOD-01 … WOD-06 for wood-carving and furniture villages such as Đồng Kỵ (Từ Sơn,
Bắc Ninh) and Canh Nậu (former Thạch Thất district, Hà Nội): dust extraction at sawing and
sanding stations, ventilated finishing, legally verified timber, sawdust reuse, workshops
moved into an industrial cluster and water-based or low-VOC finishes. Ambient dust and noise
(Canh Nậu: PM10 1.06×, TSP 1.085×, noise 1.19× the standard) are the generic environment
indicators ``environment.dust_tsp``, ``environment.dust_pm10`` and ``environment.noise_day``;
the wood measures name them in ``improves``. None of the wood indicators has a legal limit.

The fields, indicators, the sector and its cleaner-production measures are data:
``catalogue.yaml`` beside this module (regulations are cited there by id). This module holds
only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_sectors"]


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
def register_sectors():
    """Return the sector of ``catalogue.yaml`` with its cleaner-production measures."""
    return list(CATALOGUE().sectors)
