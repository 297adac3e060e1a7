"""A few village rows with a valid value for every registered field, and datasets made from rows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

#: Identity values filled in for rows that do not give them (row ``i`` gets ``v{i+1}`` …).
IDENTITY_DEFAULTS = {"commune": "Xã Thử", "province": "Hà Nội", "year": 2024}


def tiny_rows(registry: Any, n: int = 3) -> list[dict[str, Any]]:
    """Return ``n`` village rows with a valid value for every registered field.

    Values are spread over each field's range (a quarter, half and three quarters of the
    way from minimum to maximum, cycling), booleans alternate yes/no, categories cycle,
    and a field with ``not_greater_than`` is capped by the field it names. Village ``i``
    belongs to sector ``i`` of the registry (cycling), village 2 to every sector.

    Parameters
    ----------
    registry : villagescore.registry.Registry
        Gives the fields and sectors.
    n : int
        Number of villages.

    Returns
    -------
    list[dict]
        One mapping per village, column name → value.

    Raises
    ------
    ValueError
        No sector is registered (a dataset row must name at least one).
    """
    sectors = list(registry.sectors)
    if not sectors:
        msg = "no sector is registered: pass a plugin that registers one (a village must name its sectors)"
        raise ValueError(msg)
    fractions = (0.25, 0.5, 0.75)
    rows: list[dict[str, Any]] = []
    for i in range(n):
        row: dict[str, Any] = {
            "village_id": f"v{i + 1}",
            "name": f"Làng {i + 1}",
            "sectors": ";".join(sectors) if i == 1 else sectors[i % len(sectors)],
        }
        frac = fractions[i % len(fractions)]
        for fid, fld in registry.fields.items():
            row[fid] = _tiny_value(fld, i, frac)
        for fid, fld in registry.fields.items():
            other = fld.not_greater_than
            if other and isinstance(row.get(fid), (int, float)) and isinstance(row.get(other), (int, float)):
                row[fid] = min(row[fid], row[other])
        rows.append(row)
    return rows


def _tiny_value(fld: Any, i: int, frac: float) -> Any:
    if fld.type == "boolean":
        return i % 2 == 0
    if fld.type == "category":
        return fld.categories[i % len(fld.categories)]
    if fld.type == "text":
        return f"text {i + 1}"
    lo = 0.0 if fld.minimum is None else float(fld.minimum)
    hi = lo + 100.0 if fld.maximum is None else float(fld.maximum)
    value = lo + frac * (hi - lo)
    return int(round(value)) if fld.type == "integer" else round(value, 6)


def make_dataset(rows: Sequence[Mapping[str, Any]], registry: Any, *, name: str = "<rows>") -> Any:
    """Validate ``rows`` as a dataset, exactly as a CSV file with these rows would be.

    Missing identity columns are filled in: ``village_id`` ``v1``, ``v2`` …, ``name``
    ``Làng 1`` …, ``sectors`` the first registered sector, and :data:`IDENTITY_DEFAULTS`.

    Parameters
    ----------
    rows : sequence of mappings
        One mapping per village-year: column name → value (``None`` for an empty cell).
    registry : villagescore.registry.Registry
        Gives the fields the columns are validated against.
    name : str
        Shown as the file name in problems and provenance.

    Returns
    -------
    villagescore.datasets.Dataset

    Raises
    ------
    villagescore.errors.DatasetError
        Listing every problem, as for a file.
    """
    import pandas as pd

    from ..datasets import RawDataset, validate

    first_sector = next(iter(registry.sectors), None)
    filled = []
    for i, row in enumerate(rows):
        full = {"village_id": f"v{i + 1}", "name": f"Làng {i + 1}", **IDENTITY_DEFAULTS}
        if first_sector is not None:
            full["sectors"] = first_sector
        full.update(row)
        filled.append(full)
    columns: list[str] = []
    for row in filled:
        columns += [c for c in row if c not in columns]
    frame = pd.DataFrame([[row.get(c) for c in columns] for row in filled], columns=columns)
    for column in ("village_id", "name", "commune", "province", "sectors"):
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v: None if v is None else str(v)).astype(object)
    digest = hashlib.sha256(json.dumps(filled, sort_keys=True, default=str).encode()).hexdigest()
    return validate(RawDataset(frame, name, digest), registry)
