"""Economy pillar: the generic economic indicators of a craft village (ECO-01 … ECO-13).

Anchors: the recognition criteria of Decree 52/2018/NĐ-CP art. 5 (≥ 20 % of households in
rural trades, ≥ 2 years of stable production), the targets of Decision 801/QĐ-TTg (growth
≈ 10 %/yr, worker income ≥ 1.5 × 2020, OCOP products, collective marks; and, issue 16, the
highest OCOP star rating, ECO-12, and the link to tourism, ECO-13) and the regional
minimum wage. The regional minimum wages are limits of the wage decrees in the regulations
catalogue; the wage indicator cites them as threshold versions, so the decree in force on each
village-year's reference date applies.

The fields and indicators are data: ``catalogue.yaml`` beside this module (regulations are
cited there by id). This module holds only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "craft_household_share"]

def craft_household_share(frame):
    """Share of households in rural trades, % (craft ÷ total × 100; NaN when total is 0)."""
    total = frame["households_total"].astype(float)
    return frame["households_craft"].astype(float) / total.where(total > 0) * 100.0


CATALOGUE = catalogue_loader(
    files(__name__) / "catalogue.yaml",
    computes={"craft_household_share": craft_household_share},
)


@hookimpl
def register_fields():
    """Return the fields of ``catalogue.yaml``."""
    return list(CATALOGUE().fields)


@hookimpl
def register_indicators():
    """Return the indicators of ``catalogue.yaml``."""
    return list(CATALOGUE().indicators)
