"""Governance pillar: the generic governance indicators of a craft village (GOV-01 … GOV-09).

Anchors: recognition under Decree 52/2018/NĐ-CP, the craft association, the village
convention (hương ước / quy ước) with environmental clauses, the waste-collection service
price, periodic environmental monitoring and disclosure (Circular 31/2016/TT-BTNMT art. 13),
certification, cleaner-production participation (Decision 889/QĐ-TTg) and the commune's
new-rural-development status, graded on the national criteria in force: Decision 1980/QĐ-TTg
(2016–2020), Decision 318/QĐ-TTg (2021 to 14/02/2026: NTM, advanced, model) and, from
15/02/2026, Decision 51/2025/QĐ-TTg (NTM and the pilot "modern NTM commune"; no national
advanced or model grade).

The fields and indicators are data: ``catalogue.yaml`` beside this module (regulations are
cited there by id). This module holds only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators"]


CATALOGUE = catalogue_loader(files(__name__) / "catalogue.yaml")


@hookimpl
def register_fields():
    """Return the fields of ``catalogue.yaml``."""
    return list(CATALOGUE().fields)


@hookimpl
def register_indicators():
    """Return the indicators of ``catalogue.yaml``."""
    return list(CATALOGUE().indicators)
