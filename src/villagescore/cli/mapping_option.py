"""``--mapping FILE``: the province mapping table ``compare`` and ``targets`` group provinces by.

One option for both commands (same help, same checks, same errors), and what a dataset scored by
either records of it among its options, so that the command a report prints reads back whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

__all__ = ["mapping_option", "mapping_recorded"]

mapping_option = click.option(
    "--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Province mapping table (CSV: former_province, province) [default: the shipped 2025 table].")


def mapping_recorded(path: Path | None) -> dict[str, Any]:
    """``{"mapping": its file name}`` for a ``--mapping`` given, ``{}`` for the shipped table (the default)."""
    return {} if path is None else {"mapping": path.name}
