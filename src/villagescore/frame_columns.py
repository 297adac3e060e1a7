"""The columns of a table the engine writes (``Result.to_frame``), each name written once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = ["Columns", "copies_on_write", "text_dtype", "with_text_dtype"]


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


def text_dtype() -> Any:
    """The dtype pandas gives a column of text: ``str`` from pandas 3 (or ``future.infer_string``), else ``object``."""
    return pd.Series(["a"]).dtype


def with_text_dtype(frame: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """``frame`` with its text columns ``names`` in :func:`text_dtype`: one dtype for text in every table of a result.

    Missing cells stay missing (``NaN`` in pandas' ``str``, ``None`` in an ``object`` column).
    """
    dtype = text_dtype()
    changed = {name: dtype for name in names if name in frame.columns and frame[name].dtype != dtype}
    return frame.astype(changed) if changed else frame
