"""The versions of Python and of the libraries that shape an output's bytes, for a provenance file.

A result file (JSON, JSONL, Markdown, HTML, PDF, XLSX) records no runtime: the same inputs give
the same bytes under every supported environment (the golden outputs check it), and a version
written into the result would make two identical results differ. The provenance file written
beside a plain table (``FILE.provenance.json``: :mod:`villagescore.provenance_file`) records them
as ``runtime``, so a run can be told apart from another environment's. An XLSX says
``villagescore``, not openpyxl's version, as its application (:data:`~villagescore.reports.xlsx.book.APP_XML`).
"""

from __future__ import annotations

import platform
from importlib import metadata

__all__ = ["RUNTIME_PACKAGES", "runtime_versions"]

#: The distributions whose versions shape what villagescore writes (number formatting, CSV, JSON, XML,
#: templates, PDF), in the order recorded; one not installed (weasyprint without the ``pdf`` extra) is left out.
RUNTIME_PACKAGES = ("numpy", "pandas", "openpyxl", "orjson", "jinja2", "markupsafe", "pyyaml", "python-calamine",
                    "weasyprint")


def runtime_versions() -> dict[str, str]:
    """``{"python": "3.12.3", "numpy": "2.1.0", …}``: Python's version, then each installed package's.

    Read from the installed distributions' metadata: nothing is imported.
    """
    out = {"python": platform.python_version()}
    for name in RUNTIME_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out
