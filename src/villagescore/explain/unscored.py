"""Blockers whose indicators have a value that cannot be scored: what to fill, not what to collect.

An indicator counted as missing because its legal limit is unknown for the village-year (a
context field left empty, no regulation version in force on the reference date) has its value
right there: telling the analyst to collect it is wrong. :func:`mark_unscored` moves such
indicators from a blocker's ``missing`` list to ``unscored``, each with the reason and the
context field (:mod:`villagescore.limit_gaps`); :func:`villagescore.unscored_texts.unscored_lines` says them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..limit_gaps import NOTHING_TO_FILL, SURVEY_DATE, gap_fields, limit_gaps, survey_empty
from ..model import reference_dates
from .model import Explanation

__all__ = ["mark_unscored", "limit_fields"]


def mark_unscored(exp: Explanation) -> None:
    """Move the indicators with a value but an unknown limit out of each blocker's ``missing`` list.

    They go to the blocker's ``unscored`` list: ``{"indicator", "reason", "params", "labels"}``.
    When no blocker is left with data to collect, the plan's note says to fill the fields instead (or,
    when no regulation version in force gives a limit, that there is nothing to fill).
    """
    if not any(b.get("missing") for b in exp.blockers):
        return
    frame = exp.result.frame.iloc[[exp.row]]
    gaps = {gap.node.id: gap for gap in limit_gaps(exp.framework, frame)}
    if not gaps:
        return
    fields = getattr(exp.registry, "fields", {}) if exp.registry is not None else {}
    date = str(reference_dates(frame)[0])
    empty = bool(survey_empty(frame)[0])
    for blocker in exp.blockers:
        moved = [x for x in blocker.get("missing") or [] if x in gaps]
        if not moved:
            continue
        blocker["missing"] = [x for x in blocker["missing"] if x not in gaps]
        blocker["unscored"] = []
        for ident in moved:
            gap = gaps[ident]
            params = {**gap.params, "dates": date, "survey_empty": empty}
            field = params.get("field")
            labels = {f: dict(fields[f].label) for f in (field, SURVEY_DATE) if f in fields and fields[f].label}
            blocker["unscored"].append({"indicator": ident, "reason": gap.reason, "params": _plain(params),
                                        "labels": labels})
    if exp.note_key == "missing_data" and not any(b.get("missing") for b in exp.blockers):
        reasons = {u["reason"] for b in exp.blockers for u in b.get("unscored", [])}
        exp.note_key = "no_limit_in_force" if reasons <= set(NOTHING_TO_FILL) else "unscored_values"


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in params.items()}


def limit_fields(exp: Explanation, indicator: str) -> str:
    """The fields that decide the unknown limit of ``indicator`` in the explained row: ``'a', 'survey_date'``.

    The context field each reason names (:mod:`villagescore.limit_gaps`), and the survey date where
    the reference date decides and it is empty; the survey date alone when no reason is found.
    """
    frame = exp.result.frame.iloc[[exp.row]]
    empty = bool(survey_empty(frame)[0])
    gaps = [gap for gap in limit_gaps(exp.framework, frame) if gap.node.id == indicator]
    fields = [f for gap in gaps for f in gap_fields(gap.reason, gap.params, empty)[1]] or [SURVEY_DATE]
    return ", ".join(f"'{f}'" for f in dict.fromkeys(fields))
