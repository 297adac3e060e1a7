"""Economy pillar: the generic economic indicators of a craft village (ECO-01 … ECO-11).

Anchors: the recognition criteria of Decree 52/2018/NĐ-CP art. 5 (≥ 20 % of households in
rural trades, ≥ 2 years of stable production), the targets of Decision 801/QĐ-TTg (growth
≈ 10 %/yr, worker income ≥ 1.5 × 2020, OCOP products, collective marks) and the regional
minimum wage. The minimum-wage table below is *reference data* an indicator needs to compute
its value (not a pass/fail limit); each row is keyed by the id of its decree, declared with its
validity and confidence in the regulations catalogue, and cited by the indicator's references.

The fields and indicators are data: ``catalogue.yaml`` beside this module (regulations are
cited there by id). This module holds only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = [
    "register_fields",
    "register_indicators",
    "MINIMUM_WAGE",
    "WAGE_DECREE_BY_YEAR",
    "craft_household_share",
    "wage_to_minimum",
    "minimum_wage_for",
]

# ---- reference table: regional minimum wage (VND/month) ------------------------------------

#: Monthly regional minimum wage by decree and region (I … IV), VND.
MINIMUM_WAGE: dict[str, dict[str, int]] = {
    "decree-90-2019": {"I": 4_420_000, "II": 3_920_000, "III": 3_430_000, "IV": 3_070_000},
    "decree-38-2022": {"I": 4_680_000, "II": 4_160_000, "III": 3_640_000, "IV": 3_250_000},
    "decree-74-2024": {"I": 4_960_000, "II": 4_410_000, "III": 3_860_000, "IV": 3_450_000},
    "decree-293-2025": {"I": 5_310_000, "II": 4_730_000, "III": 4_140_000, "IV": 3_700_000},
}

#: Which decree applies to a data year: the one in force on 31 December of that year.
#: Years outside the table give a missing value rather than a guessed wage.
WAGE_DECREE_BY_YEAR: dict[int, str] = {
    2020: "decree-90-2019",
    2021: "decree-90-2019",
    2022: "decree-38-2022",
    2023: "decree-38-2022",
    2024: "decree-74-2024",
    2025: "decree-74-2024",
    2026: "decree-293-2025",
}


def minimum_wage_for(year, region):
    """Return the regional minimum wage (VND/month) for aligned ``year`` and ``region`` Series.

    Vectorised: the (decree, region) pairs are looked up in one ``reindex``; unknown years or
    regions give NaN.
    """
    import pandas as pd

    decree = pd.Series(year, copy=False).map(WAGE_DECREE_BY_YEAR)
    region = pd.Series(region, copy=False).astype("string")
    table = pd.Series(
        {(d, r): float(v) for d, row in MINIMUM_WAGE.items() for r, v in row.items()}, dtype=float
    )
    keys = pd.MultiIndex.from_arrays([decree.astype(object), region.astype(object)])
    return pd.Series(table.reindex(keys).to_numpy(), index=decree.index, dtype=float)


def craft_household_share(frame):
    """Share of households in rural trades, % (craft ÷ total × 100; NaN when total is 0)."""
    total = frame["households_total"].astype(float)
    return frame["households_craft"].astype(float) / total.where(total > 0) * 100.0


def wage_to_minimum(frame):
    """Average monthly wage of craft workers ÷ the regional minimum wage of the data year."""
    minimum = minimum_wage_for(frame["year"], frame["wage_region"])
    return frame["worker_wage_vnd_month"].astype(float) / minimum


CATALOGUE = catalogue_loader(
    files(__name__) / "catalogue.yaml",
    computes={"craft_household_share": craft_household_share, "wage_to_minimum": wage_to_minimum},
)


@hookimpl
def register_fields():
    """Return the fields of ``catalogue.yaml``."""
    return list(CATALOGUE().fields)


@hookimpl
def register_indicators():
    """Return the indicators of ``catalogue.yaml``."""
    return list(CATALOGUE().indicators)
