"""Dataset provenance check: every non-empty value carries a source or an estimate mark.

``check_dataset_provenance(csv_path, meta_path)`` returns a list of problems (empty when the
dataset passes). A value is covered by a per-value override in ``values`` (matched by
village_id, year when given, and column) or else by its column's entry in ``columns``; the
covering entry must give a ``source`` or ``quality: estimated``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

__all__ = ["check_dataset_provenance"]


def _ok(entry: dict | None) -> bool:
    return bool(entry) and (bool(entry.get("source")) or entry.get("quality") == "estimated")


def check_dataset_provenance(csv_path: str | Path, meta_path: str | Path) -> list[str]:
    """Return one message per value that has neither a source nor an estimate mark."""
    meta = json.loads(Path(meta_path).read_text(encoding="utf-8"))
    columns = meta.get("columns", {})
    overrides: dict[tuple[str, str], list[dict]] = {}
    for entry in meta.get("values", []):
        overrides.setdefault((entry["village_id"], entry["column"]), []).append(entry)
    problems: list[str] = []
    with Path(csv_path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for line, row in enumerate(reader, start=2):
            village = row.get("village_id", "")
            year = row.get("year", "")
            for column, value in row.items():
                if value is None or value.strip() == "":
                    continue
                entry = None
                for cand in overrides.get((village, column), []):
                    if "year" not in cand or str(cand["year"]) == str(year).strip():
                        entry = cand
                        break
                if entry is None:
                    entry = columns.get(column)
                if not _ok(entry):
                    problems.append(
                        f"{Path(csv_path).name}:{line} {village} {year} {column}={value!r}: "
                        "no source and not marked estimated"
                    )
    return problems
