"""The default criteria framework: sustainable TTCN craft villages (the project's reconstruction).

The official 2021 VNCPC/MOIT criteria set's weights and scoring levels are not public; the file
``vn-ttcn-sustainable.yaml`` is the project's reconstruction from the legal basis (LEP 2020,
Decree 52/2018, QCVN limits) and national targets (Decision 801/QĐ-TTg, Decision 889/QĐ-TTg,
OCOP). An analyst can swap in an official file with ``villagescore evaluate DATA --framework
path/to/official.yaml``. The reasoning is in ``docs/framework-rationale.md``.

The regulation versions that the framework and the first-party plugins cite (each declared
once, with the limits thresholds use) are the catalogue ``regulations.yaml``.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import FrameworkSource, catalogue_loader, hookimpl

__version__ = "0.1.0"

__all__ = ["register_frameworks", "register_regulations", "FRAMEWORK_FILE", "REGULATIONS_FILE"]

FRAMEWORK_FILE = "vn-ttcn-sustainable.yaml"
REGULATIONS_FILE = "regulations.yaml"
REGULATIONS = catalogue_loader(files(__package__) / REGULATIONS_FILE)


@hookimpl
def register_frameworks():
    """Return the default framework file shipped with this plugin."""
    return [FrameworkSource(files(__package__) / FRAMEWORK_FILE)]


@hookimpl
def register_regulations():
    """Return the regulation versions of ``regulations.yaml``, with the limits they set."""
    return list(REGULATIONS().regulations)
