"""Society pillar: the generic social indicators of a craft village (SOC-01 … SOC-11).

Anchors: the multidimensional poverty line (Decree 07/2021/NĐ-CP and its successors),
workplace noise (QCVN 24:2016/BYT), child labour (Labour Code 2019 and Circular
09/2020/TT-BLĐTBXH), training targets of Decision 801/QĐ-TTg. The rural poverty-line table
below is reference data the income indicator needs; the act of each row is declared, with its
validity and confidence, in the regulations catalogue and cited by the indicator's references.
Legal limits used for scoring (85 dBA) are cited by the framework file, not here.

The fields and indicators are data: ``catalogue.yaml`` beside this module (regulations are
cited there by id). This module holds only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "RURAL_POVERTY_LINE", "income_to_poverty_line", "accident_rate"]

# ---- reference table: rural income poverty line (VND/person/month), by data year -----------

#: Rural income threshold of the national poverty standard in force for each data year.
RURAL_POVERTY_LINE: dict[int, int] = {
    **{y: 700_000 for y in range(2016, 2022)},  # Decision 59/2015/QĐ-TTg (unverified)
    **{y: 1_500_000 for y in range(2022, 2027)},  # Decree 07/2021/NĐ-CP (2026 keeps it)
    **{y: 2_200_000 for y in range(2027, 2031)},  # Decree 351/2025/NĐ-CP
}


def income_to_poverty_line(frame):
    """Per-capita income ÷ the rural poverty line of the data year (NaN outside 2016–2030)."""
    line = frame["year"].map(RURAL_POVERTY_LINE).astype(float)
    return frame["income_per_capita_vnd_month"].astype(float) / line


def accident_rate(frame):
    """Recordable occupational accidents per 1,000 workers per year."""
    workers = frame["workers_total"].astype(float)
    return frame["occupational_accidents_count"].astype(float) / workers.where(workers > 0) * 1000.0


CATALOGUE = catalogue_loader(
    files(__name__) / "catalogue.yaml",
    computes={"income_to_poverty_line": income_to_poverty_line, "accident_rate": accident_rate},
)


@hookimpl
def register_fields():
    """Return the fields of ``catalogue.yaml``."""
    return list(CATALOGUE().fields)


@hookimpl
def register_indicators():
    """Return the indicators of ``catalogue.yaml``."""
    return list(CATALOGUE().indicators)
