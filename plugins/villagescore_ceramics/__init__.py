"""Ceramics (gốm sứ) sector plugin for villagescore.

Indicators CER-01 … CER-07 for pottery villages such as Bát Tràng (Gia Lâm, Hà Nội) and Phù
Lãng: the share of kilns fired with LPG or electricity, legacy coal use, total dust (CER-03)
and SO₂ (CER-04) at the kiln stack in mg/Nm³ (scored against QCVN 19:2009/BTNMT column B, the
limits this plugin's ``catalogue.yaml`` cites by id from the regulations catalogue), dust-mask
use at clay and glaze stations, reuse of broken ware and saggars, and ceramic revenue.
Ambient dust (24-h TSP, PM10) is the generic ``environment.dust_tsp`` /
``environment.dust_pm10`` indicator of the environment plugin; the kiln measures below name it
in ``improves``.

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
