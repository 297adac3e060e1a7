"""The labels a Result carries for its reports: sector names and category values, from the plugins.

Reports never see the registry; the engine looks these up once per evaluation and hands them
over with the :class:`~villagescore.results.Result`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["field_labels", "sector_labels", "value_labels"]


def sector_labels(registry: Any, frame: Any) -> dict[str, dict[str, str]]:
    """``{sector id: {lang: label}}`` for the sectors the rows of ``frame`` name."""
    if "sectors" not in frame.columns:
        return {}
    from .model import column_codes

    # few distinct values even at national scale: each is made text once, not each row (the column's codes are
    # the scoring's within one frame_memo; empty cells have none)
    distinct = {str(value) for value in column_codes(frame, "sectors")[1]}
    named = sorted({part.strip() for value in distinct for part in value.split(";") if part.strip()})
    sectors = registry.sectors
    return {s: dict(sectors[s].label) for s in named if s in sectors}


def value_labels(registry: Any, framework: Any) -> dict[str, dict[str, dict[str, str]]]:
    """``{indicator id: {code: {lang: label}}}`` for indicators that read one labelled category field."""
    fields = registry.with_fields(framework.local_fields).fields
    out = {}
    for node in framework.indicators:
        required = node.indicator.requires
        fld = fields.get(required[0]) if len(required) == 1 else None
        if fld is not None and fld.category_labels:
            out[node.id] = {code: dict(text) for code, text in fld.category_labels.items()}
    return out


def field_labels(registry: Any, framework: Any) -> dict[str, dict[str, str]]:
    """``{field id: {lang: label}}`` for the fields the transitional rules of the framework's regulations name."""
    fields = registry.with_fields(framework.local_fields).fields
    named = {v.regulation.transition["field"] for node in framework.indicators if node.threshold is not None
             for v in node.threshold.versions if v.regulation.transition}
    return {f: dict(fields[f].label) for f in sorted(named) if f in fields and fields[f].label}
