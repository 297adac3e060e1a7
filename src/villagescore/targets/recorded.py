"""The province names each group and year of a targets report was recorded under (as ``compare`` keeps them).

A village-year of 2023 recorded in Hà Nam is measured in Ninh Bình, its current province: the
row says so (``recorded_names``, shown "Ninh Bình ← Hà Nam"), as ``compare``'s groups do. Names
that are only another spelling of the group's own (``Tỉnh Ninh Bình``, ``Thanh Hoá``) are no move.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["recorded_names", "moved_names"]


def recorded_names(villages: pd.DataFrame, codes: np.ndarray, names: np.ndarray) -> dict[tuple[Any, int], list[str]]:
    """``{(group, year): the distinct names recorded, sorted}`` over ``villages``' ``recorded_province``.

    ``codes`` are the village-years' group codes, ``names[code]`` a group's name. The distinct
    (group, year, name) triples are found over whole columns; only they are walked.
    """
    if "recorded_province" not in villages.columns or not len(villages):
        return {}
    from ..provinces import collation_key

    triples = pd.DataFrame({"group": codes, "year": villages["year"].to_numpy(),
                            "name": villages["recorded_province"].to_numpy(dtype=object)})
    triples = triples[triples["name"].notna().to_numpy() & (codes >= 0)].drop_duplicates()
    out: dict[tuple[Any, int], list[str]] = {}
    for group, year, name in triples.itertuples(index=False):
        out.setdefault((names[group], int(year)), []).append(str(name))
    return {key: sorted(found, key=collation_key) for key, found in out.items()}


def moved_names(group: str, recorded: list[str]) -> list[str]:
    """The names of ``recorded`` that are not ``group`` spelt another way (compared by their matching key)."""
    from ..admin_mapping import name_key

    own = name_key(group)
    return [n for n in recorded if name_key(n) != own]
