"""Which rows of a dataset an evaluation scored, when not all of them: recorded in provenance.

The dataset hash names the file (or DataFrame) as read. An evaluation of some of its rows —
villages chosen (``villages=``, ``--village``), or the dataset's frame filtered after it was
read (``--year``, ``dataclasses.replace(dataset, frame=…)``) — scores other numbers from the
same hash, so its provenance also records ``dataset.rows_sha256``: the sha256 of the scored
``(village_id, year)`` pairs, one ``village_id,year`` line each in (village_id, year) order.
The store's key includes it (:func:`villagescore.store.keys.evaluation_key`), so a subset and
the whole are two evaluations. An evaluation of every row records nothing more: its
provenance, and its key, are what they were.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd

__all__ = ["scored_rows"]


def scored_rows(dataset: Any, frame: pd.DataFrame) -> dict[str, str]:
    """``{"rows_sha256": …}`` when ``frame``, the rows scored, is not every row of ``dataset``; else ``{}``.

    ``frame`` is in (village_id, year) order. Every row means the rows the dataset was read with
    (:attr:`~villagescore.datasets.Dataset.rows`), else its frame's.
    """
    rows = getattr(dataset, "rows", None)
    read = len(rows) if rows is not None else len(dataset.frame)
    if len(frame) >= read:
        return {}
    pairs = pd.DataFrame({"village_id": frame["village_id"].astype(str),
                          "year": pd.to_numeric(frame["year"]).astype("Int64")})
    text = pairs.to_csv(index=False, header=False, lineterminator="\n")
    return {"rows_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
