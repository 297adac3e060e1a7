"""The ``fail`` missing-data policy: every indicator value a criterion under it lacks, as one problem each.

A value can be lacking for three reasons, said apart: it is empty in the file (``is missing``); every
field it needs was given but it cannot be computed from them (a share of 0 workers: ``is not scored: it
cannot be computed from these values``, the values quoted); or it was given but could not be scored
because the legal limit it is scored against is unknown there
(no regulation version in force on the reference date, an empty transitional flag or category
field: the reasons of :mod:`villagescore.limit_gaps`, in the words the ``unknown_limit`` warning
uses). A value left out because its limit is unverified (``defaults.unverified_limits: exclude``)
does not apply there, like an indicator of another sector, and is not lacking. Indicators,
criteria and columns are named by id with their label beside it, in Vietnamese and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .errors import Problem, Texts, column_text, problem
from .i18n import LANGS, N_, gettext
from .limit_gaps import WHAT_TO_DO, gap_dated_params, gap_texts, limit_gaps
from .model import Framework

__all__ = ["fail_policy_problems"]

_MISSING = N_("indicator {indicator} is missing and criterion {criterion} uses the 'fail' missing-data policy")
_UNCOMPUTABLE = N_("indicator {indicator} is not scored: it cannot be computed from these values ({values}), and "
                   "criterion {criterion} uses the 'fail' missing-data policy")
_UNSCORED = N_("indicator {indicator} is not scored and criterion {criterion} uses the 'fail' missing-data policy: "
               "{reason}. {what_to_do}: {advice}")


def fail_policy_problems(framework: Framework, frame: pd.DataFrame, matrix: Any, path: str,
                         fields: Mapping[str, Any] | None = None) -> list[Problem]:
    """One problem per (village-year, indicator) a criterion under the ``fail`` policy lacks.

    ``matrix`` is the scoring's :class:`~villagescore.engine.IndicatorMatrix`; ``fields`` the
    registered fields, whose labels name the columns.
    """
    labels = {fid: dict(f.label) for fid, f in (fields or {}).items() if getattr(f, "label", None)}
    gaps: dict[int, np.ndarray] = {}
    criteria: dict[int, Any] = {}
    j = 0
    for crit in framework.criteria:
        for _ in crit.indicators:
            if crit.missing.policy == "fail":
                gap = matrix.applicable[:, j] & ~matrix.present[:, j]
                if gap.any():
                    gaps[j], criteria[j] = gap, crit
            j += 1
    if not gaps:
        return []
    unscored = _unscored_reasons(framework, frame, matrix, gaps, labels)
    ids, years = frame["village_id"], frame["year"]
    nodes = framework.indicators
    problems = []
    for j, gap in gaps.items():
        node, crit = nodes[j], criteria[j]
        named = {"indicator": _named(node.id, node.indicator.label), "criterion": _named(crit.id, crit.label)}
        requires = list(node.indicator.requires)
        column = ", ".join(requires)
        label = _columns_label(requires, labels)
        given = _all_given(frame, requires, gap)
        for pos in np.flatnonzero(gap).tolist():
            reason = unscored.get((j, pos))
            if reason is not None:
                template, params = _UNSCORED, {**named, **reason}
            elif given[pos]:
                template, params = _UNCOMPUTABLE, {**named, "values": _values(frame, requires, pos)}
            else:
                template, params = _MISSING, named
            problems.append(problem(path, f"village {ids.iat[pos]} ({years.iat[pos]})", template, params=params,
                                    column=column, rule="missing_data_fail", village_id=str(ids.iat[pos]),
                                    column_label=label))
    return problems


def _columns_label(requires: list[str], labels: Mapping[str, Any]) -> dict[str, str] | None:
    """The labels of an indicator's columns, joined as their ids are (None when one has no label)."""
    if not requires or any(f not in labels for f in requires):
        return None
    return {lang: ", ".join(labels[f].get(lang) or labels[f].get("en", f) for f in requires) for lang in LANGS}


def _all_given(frame: pd.DataFrame, requires: list[str], gap: np.ndarray) -> np.ndarray:
    """Rows where every field an indicator needs has a value (so its lack is no empty cell)."""
    if not requires or any(f not in frame.columns for f in requires):
        return np.zeros(len(gap), dtype=bool)
    return frame[requires].notna().all(axis=1).to_numpy() & gap


def _values(frame: pd.DataFrame, requires: list[str], pos: int) -> Texts:
    """``field = value, …`` of one row, each value as written, in each language."""
    from .i18n.numbers import format_exact

    cells = [(f, frame[f].iat[pos]) for f in requires]
    return Texts({lang: ", ".join(f"{f} = {format_exact(v, lang)}" for f, v in cells) for lang in LANGS})


def _named(node_id: str, label: Mapping[str, str]) -> Texts:
    """``'id' (label)`` in each language, as :func:`~villagescore.errors.column_text` names a column."""
    return Texts({lang: column_text(node_id, label, lang) for lang in LANGS})


def _unscored_reasons(framework: Framework, frame: pd.DataFrame, matrix: Any, gaps: dict[int, np.ndarray],
                      labels: Mapping[str, Any]) -> dict[tuple[int, int], dict[str, Texts]]:
    """``{(indicator index, row): {reason, what_to_do, advice}}`` where a lacking value was given but not scored."""
    unknown = {j: matrix.limit_unknown[j] & gap for j, gap in gaps.items() if j in matrix.limit_unknown}
    if not unknown:
        return {}
    index = {node.id: j for j, node in enumerate(framework.indicators)}
    out: dict[tuple[int, int], dict[str, Texts]] = {}
    for found in limit_gaps(framework, frame, unknown):
        if found.node.id not in index or index[found.node.id] not in unknown:
            continue
        params = {**found.params, **gap_dated_params(found.reason, found.mask, frame)}
        texts = {lang: gap_texts(found.reason, params, lang, labels) for lang in LANGS}
        said = {"reason": Texts({lang: t[0] for lang, t in texts.items()}),
                "advice": Texts({lang: t[1] for lang, t in texts.items()}),
                "what_to_do": Texts({lang: gettext(WHAT_TO_DO, lang) for lang in LANGS})}
        j = index[found.node.id]
        for pos in np.flatnonzero(found.mask & unknown[j]).tolist():
            out[(j, pos)] = said
    return out
