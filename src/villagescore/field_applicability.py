"""Rows where an indicator does not apply because a field it requires does not (``not_applicable_when``).

A catalogue says of a field where it does not apply (the new-rural grade in an urban ward:
``not_applicable_when: {field: <the unit's kind>, values: [ward]}``); every indicator that requires
that field is then not applicable in those rows, like a sector's indicator outside its sector:
left out of the score, not scored 0 and not counted as missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def ruled_fields(fields: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Field id → its ``not_applicable_when`` rule, for the fields that have one."""
    return {fid: rule for fid, fld in fields.items() if (rule := getattr(fld, "not_applicable_when", None))}


def inapplicable_rows(requires: tuple[str, ...], frame: pd.DataFrame,
                      rules: Mapping[str, Mapping[str, Any]]) -> np.ndarray | None:
    """Mask of the rows where a field of ``requires`` does not apply; ``None`` when it applies everywhere."""
    mask = None
    for fid in requires:
        rule = rules.get(fid)
        if rule is None or rule["field"] not in frame.columns:
            continue
        hit = frame[rule["field"]].isin(list(rule["values"])).to_numpy(dtype=bool)
        mask = hit if mask is None else mask | hit
    return mask if mask is not None and mask.any() else None
