"""The columns of a table the engine writes (``Result.to_frame``), each name written once."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["Columns", "copies_on_write"]


class Columns(dict):
    """Columns by name, refusing a second column of a name already written.

    Pillar and criterion ids make column names (``<id>_score``); an id the framework checks
    should have refused (``overall``) would otherwise replace a column silently.
    """

    def __setitem__(self, name: str, values: Any) -> None:
        if name in self:
            message = f"internal error: column {name!r} written twice in one table"
            raise AssertionError(message)
        super().__setitem__(name, values)


def copies_on_write() -> bool:
    """Whether pandas copies a column shared between frames when one is written (always from pandas 3)."""
    return int(pd.__version__.split(".")[0]) >= 3 or pd.get_option("mode.copy_on_write") is True
