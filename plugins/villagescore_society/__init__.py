"""Society pillar: the generic social indicators of a craft village (SOC-01 … SOC-11).

Anchors: the multidimensional poverty line (Decree 07/2021/NĐ-CP and its successors),
workplace noise (QCVN 24:2016/BYT), child labour (Labour Code 2019 and Circular
09/2020/TT-BLĐTBXH), training targets of Decision 801/QĐ-TTg. The poverty lines are limits of
the poverty-standard acts in the regulations catalogue; the income indicator cites them as
threshold versions, so the standard in force on each village-year's reference date applies.

The fields and indicators are data: ``catalogue.yaml`` beside this module (regulations are
cited there by id). This module holds only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "accident_rate"]


def accident_rate(frame):
    """Recordable occupational accidents per 1,000 workers per year."""
    workers = frame["workers_total"].astype(float)
    return frame["occupational_accidents_count"].astype(float) / workers.where(workers > 0) * 1000.0


CATALOGUE = catalogue_loader(
    files(__name__) / "catalogue.yaml",
    computes={"accident_rate": accident_rate},
)


@hookimpl
def register_fields():
    """Return the fields of ``catalogue.yaml``."""
    return list(CATALOGUE().fields)


@hookimpl
def register_indicators():
    """Return the indicators of ``catalogue.yaml``."""
    return list(CATALOGUE().indicators)
