"""The bundled datasets, installed as the package ``villagescore.bundled``.

``phung-xa/`` holds the pilot (Phùng Xá weaving village, Mỹ Đức, Hà Nội); ``examples/`` a
small illustrative file; ``villages/`` real-shaped data of other craft villages;
``synthetic/`` a generated national sample; ``admin/`` the 63 → 34 province mapping.
Every CSV has a ``NAME.meta.json`` sidecar with the source and quality of its values.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["path", "PILOT"]

#: The pilot dataset, relative to this package.
PILOT = "phung-xa/phung-xa.csv"


def path(relative: str) -> Path:
    """Return the filesystem path of a bundled file (e.g. ``path(PILOT)``)."""
    return Path(str(files(__name__) / relative))
