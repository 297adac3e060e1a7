"""Sea-grass and sedge (cói) sector plugin for villagescore.

Indicators SEA-01 … SEA-06 for sedge-growing and mat-weaving villages such as Nga Sơn
(Thanh Hóa): the farm-gate margin of dry sedge over its production cost (the one computed
indicator), yield, treatment of dye-bath wastewater, natural-dye share, anti-mould sulphur or
fungicide and the share of growers selling under contract. None has a legal limit.

The fields, indicators, the sector and its cleaner-production measures are data:
``catalogue.yaml`` beside this module (regulations are cited there by id). This module holds
only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_sectors", "price_cost_margin"]


def price_cost_margin(frame):
    """Farm-gate margin of dry sedge over its production cost, in % of the cost.

    ``(price - cost) / cost × 100``; missing where the cost is missing or not positive.
    """
    cost = frame["seagrass_cost_vnd_kg"]
    return (frame["seagrass_price_vnd_kg"] - cost) / cost.where(cost > 0) * 100.0


CATALOGUE = catalogue_loader(files(__name__) / "catalogue.yaml", computes={"price_cost_margin": price_cost_margin})


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
