"""The default criteria framework: sustainable TTCN craft villages (the project's reconstruction).

The official 2021 VNCPC/MOIT criteria set's weights and scoring levels are not public; the file
``vn-ttcn-sustainable.yaml`` is the project's reconstruction from the legal basis (LEP 2020,
Decree 52/2018, QCVN limits) and national targets (Decision 801/QĐ-TTg, Decision 889/QĐ-TTg,
OCOP). An analyst can swap in an official file with ``villagescore evaluate DATA --framework
path/to/official.yaml``. The reasoning is in ``docs/framework-rationale.md``.
"""

from __future__ import annotations

from importlib.resources import files

from villagescore import FrameworkSource, hookimpl

__version__ = "0.1.0"

__all__ = ["register_frameworks", "FRAMEWORK_FILE"]

FRAMEWORK_FILE = "vn-ttcn-sustainable.yaml"


@hookimpl
def register_frameworks():
    """Return the default framework file shipped with this plugin."""
    return [FrameworkSource(files(__package__) / FRAMEWORK_FILE)]
