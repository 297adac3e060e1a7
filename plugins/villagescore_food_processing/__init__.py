"""Food processing (chế biến nông sản, tinh bột) sector plugin for villagescore.

Indicators FOD-01 … FOD-07 for food-processing villages such as Dương Liễu (former Hoài Đức
district, Hà Nội; cassava and arrowroot starch, vermicelli): wastewater per tonne of product
(computed from daily volume and daily output), effluent COD, BOD5 and TSS (scored against the
sector standard QCVN 63:2017, column A or B by the village's ``discharge_column``), starch-
residue reuse, craft solid waste collected and facilities with a food-safety certificate.

The fields, indicators, the sector and its cleaner-production measures are data:
``catalogue.yaml`` beside this module (regulations are cited there by id). This module holds
only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_checks", "register_sectors", "wastewater_intensity"]


def wastewater_intensity(frame):
    """Process wastewater per tonne of product: ``m³/day ÷ t/day``; missing where output ≤ 0."""
    output = frame["food_output_t_day"]
    return frame["food_wastewater_m3_day"] / output.where(output > 0)


CATALOGUE = catalogue_loader(
    files(__name__) / "catalogue.yaml", computes={"wastewater_intensity": wastewater_intensity}
)


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
