"""The province names each group and year of a targets report was recorded under (as ``compare`` keeps them).

A village-year of 2023 recorded in Hà Nam is measured in Ninh Bình, its current province: the
row says so (``recorded_names``, shown "Ninh Bình ← Hà Nam"), as ``compare``'s groups do. Names
that are only another spelling of the group's own (``Tỉnh Ninh Bình``, ``Thanh Hoá``, ``Ninh Binh``) are no move.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["recorded_names", "moved_names"]


def recorded_names(villages: pd.DataFrame, codes: np.ndarray, names: np.ndarray) -> dict[tuple[Any, int], list[str]]:
    """``{(group, year): the distinct names recorded, sorted}`` over ``villages``' ``recorded_province``.

    ``codes`` are the village-years' group codes, ``names[code]`` a group's name. The distinct
    (group, year, name) triples are found over whole columns (names and years factorised, each
    triple one integer); only they are walked.
    """
    if "recorded_province" not in villages.columns or not len(villages):
        return {}
    from ..provinces import collation_key

    name_codes, distinct = pd.factorize(villages["recorded_province"].to_numpy(dtype=object))  # missing: -1
    year_codes, years = pd.factorize(villages["year"].to_numpy())
    given = (name_codes >= 0) & (np.asarray(codes) >= 0)
    n_names, n_years = max(len(distinct), 1), max(len(years), 1)
    # each (group, year, name) once, as one integer: no text is hashed beyond the factorising
    keys = np.unique((np.asarray(codes)[given].astype(np.int64) * n_years + year_codes[given]) * n_names
                     + name_codes[given])
    rest, name_at = np.divmod(keys, n_names)
    group_at, year_at = np.divmod(rest, n_years)
    out: dict[tuple[Any, int], list[str]] = {}
    for group, year, name in zip(group_at.tolist(), year_at.tolist(), name_at.tolist(), strict=True):
        out.setdefault((names[group], int(years[year])), []).append(str(distinct[name]))
    return {key: sorted(found, key=collation_key) for key, found in out.items()}


def moved_names(group: str, recorded: list[str]) -> list[str]:
    """The names of ``recorded`` that are not ``group`` spelt another way, each province once (its first spelling).

    Names are compared as ``compare``'s notes compare them (:func:`~villagescore.admin_mapping.spelling_key`):
    ``Tỉnh Hà Nam`` beside ``Hà Nam`` is the same move, ``Thanh Hoá`` or ``Thanh Hoa`` under ``Thanh Hóa`` none.
    """
    from ..spellings import other_spellings

    return other_spellings(recorded, group)
