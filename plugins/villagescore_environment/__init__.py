"""Environment pillar: the generic environmental indicators of a craft village (ENV-01 … ENV-14).

The indicators follow the craft-village duties of the Law on Environmental Protection 2020
(art. 56: environmental protection plan, self-management organisation, drainage, central
treatment, solid-waste collection point), the effluent limits of QCVN 40:2011/BTNMT, ambient
noise (QCVN 26:2010/BTNMT) and ambient air (QCVN 05:2023/BTNMT). Legal limits are *not* in
this module: the framework file gives them as ``threshold`` entries with their citation, so a
new version of a QCVN is a data change. Most indicators are a single collected field, so the
improvement planner can act on them.

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
