"""Society pillar: the generic social indicators of a craft village (SOC-01 … SOC-15, with SOC-08b).

Anchors: the multidimensional poverty line (Decree 07/2021/NĐ-CP and its successors; the urban
line for a ward), workplace noise (QCVN 24:2016/BYT), child labour (Labour Code 2019 and Circular
09/2020/TT-BLĐTBXH), training targets of Decision 801/QĐ-TTg; and (issue 16) periodic health
checks (SOC-12), fire safety of household workshops (SOC-13), written labour contracts (SOC-14),
and inclusion: women's share of the workforce (SOC-08b), non-local workers' contracts (SOC-09)
and ethnic-minority participation (SOC-15). The poverty lines are limits of the poverty-standard
acts in the regulations catalogue; the income indicator cites them as threshold versions, so the
standard in force on each village-year's reference date applies. The workplace-noise limit
(QCVN 24:2016/BYT) is cited by the framework file.

The fields and indicators are data: ``catalogue.yaml`` beside this module (regulations are
cited there by id). This module holds only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_checks", "accident_rate", "written_contract_share",
           "non_local_contract_share", "women_share", "ethnic_minority_participation"]


def accident_rate(frame):
    """Recordable occupational accidents per 1,000 workers per year."""
    workers = frame["workers_total"].astype(float)
    return frame["occupational_accidents_count"].astype(float) / workers.where(workers > 0) * 1000.0


def _share(frame, part, whole):
    """``part`` ÷ ``whole`` × 100 (NaN where the whole is missing or not positive)."""
    total = frame[whole].astype(float)
    return frame[part].astype(float) / total.where(total > 0) * 100.0


def written_contract_share(frame):
    """Workers with a written labour contract, % of all craft workers."""
    return _share(frame, "workers_written_contract", "workers_total")


def non_local_contract_share(frame):
    """Non-local workers with a written labour contract, % of non-local workers (NaN when there are none)."""
    return _share(frame, "workers_non_local_contract", "workers_non_local")


def women_share(frame):
    """Women, % of all craft workers."""
    return _share(frame, "workers_women", "workers_total")


def ethnic_minority_participation(frame):
    """Ethnic-minority households' share of craft households ÷ their share of all households.

    1.0 is participation in proportion to their share of the population; NaN where no ethnic-minority
    households live in the area or a count is missing.
    """
    in_craft = _share(frame, "households_ethnic_minority_craft", "households_craft")
    in_area = _share(frame, "households_ethnic_minority", "households_total")
    return in_craft / in_area.where(in_area > 0)


CATALOGUE = catalogue_loader(
    files(__name__) / "catalogue.yaml",
    computes={"accident_rate": accident_rate, "written_contract_share": written_contract_share,
              "non_local_contract_share": non_local_contract_share, "women_share": women_share,
              "ethnic_minority_participation": ethnic_minority_participation},
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
