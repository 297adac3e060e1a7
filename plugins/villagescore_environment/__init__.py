"""Environment pillar: the generic environmental indicators of a craft village (ENV-01 … ENV-18).

There is no ENV-11 or ENV-12 (non-encouraged trades and their siting are sector indicators).

The indicators follow the craft-village duties of the Law on Environmental Protection 2020
(art. 56: environmental protection plan, self-management organisation, drainage, central
treatment, solid-waste collection point), the effluent limits of QCVN 40:2011/BTNMT (ENV-05),
residential noise (QCVN 26:2010/BTNMT, ENV-06) and ambient dust, TSP and PM10 (QCVN 05:2013/BTNMT
up to 11/09/2023, QCVN 05:2023/BTNMT from 12/09/2023, ENV-07); ENV-15 to ENV-18 (issue 16) add the
provincial pollution classification, solid waste separated at source, the BOD5 of the receiving
water against the surface-water standard (QCVN 08-MT:2015/BTNMT, then QCVN 08:2023/BTNMT) and
energy saving. Legal limits are *not* in this module: each is a limit of the regulations
catalogue, cited by id as a ``threshold`` — by the framework file for ENV-05 to ENV-07, by this
plugin's ``catalogue.yaml`` for ENV-17 — so a new version of a QCVN is a data change. Most
indicators are a single collected field, so the improvement planner can act on them.

The catalogue and its evidence tags are in ``domain.md`` §A.1 and ``limits-verified.md``.

The fields and indicators are data: ``catalogue.yaml`` beside this module (regulations are
cited there by id). This module holds only the compute functions the catalogue names and the hooks.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import COVERAGE_BANDS, NOISE_RATIO_TO_LIMIT, catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_fields", "register_indicators", "register_checks", "COVERAGE_SCORER", "NOISE_RATIO_EDGES"]

#: Kept for code that read these from this module: ``villagescore.COVERAGE_BANDS`` and the
#: dBA ratio edges of ``villagescore.NOISE_RATIO_TO_LIMIT``.
COVERAGE_SCORER = COVERAGE_BANDS
NOISE_RATIO_EDGES = NOISE_RATIO_TO_LIMIT["params"]["edges"]

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
def register_checks():
    """Return the plausibility checks of ``catalogue.yaml`` (reported as warnings by validate)."""
    return list(CATALOGUE().checks)
