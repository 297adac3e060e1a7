"""Variance-based sensitivity indices per assumption group, and the warning for a dominant one.

First order (Saltelli 2010) and total order (Jansen 1999) on the mean absolute rank shift,
from ``N·(d+2)`` runs (matrices A, B and, per group, A with that group taken from B), centred
on the mean of every run as SALib does; ``estimator="salib"`` hands the same runs to SALib.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..errors import Count, SaidText, Term, Texts, said
from ..i18n import LANGS, N_, format_percent
from ..numbers import json_number
from .settings import GROUPS, SensitivityError, Settings

__all__ = ["sobol_indices", "dominance_warnings", "DOMINANT_INDEX"]

#: A group whose first-order index reaches this explains at least half the variation of the ranks alone.
DOMINANT_INDEX = 0.5
#: Each assumption group as the subject of a sentence (translated where it is said).
_GROUP_WORDS = {"weights": Term(N_("the weights")), "aggregation": Term(N_("the aggregation rule")),
                "thresholds": Term(N_("the thresholds")), "missing": Term(N_("the missing-data policy")),
                "data": Term(N_("the data quality"))}


def sobol_indices(outputs: Callable[[np.ndarray], np.ndarray], settings: Settings, active: tuple[str, ...],
                  y_a_ua: np.ndarray, base_b: int) -> tuple[dict[str, dict[str, Any]], SaidText]:
    """First- and total-order indices per active group, and a note on how they were estimated (said in any language).

    ``outputs(ids)`` evaluates the runs whose per-group draw ids are the rows of ``ids``;
    ``y_a_ua``: the outputs of the uncertainty samples, reused as the first rows of A;
    ``base_b``: the first draw id of matrix B.
    """
    n_sa = settings.sa_samples
    a_ids = np.repeat(np.arange(n_sa)[:, None], len(GROUPS), axis=1)
    b_ids = a_ids + base_b
    n_reuse = min(n_sa, len(y_a_ua))
    y_a = np.concatenate([y_a_ua[:n_reuse], outputs(a_ids[n_reuse:]) if n_sa > n_reuse else np.empty(0)])
    y_b = outputs(b_ids)
    y_ab = {}
    for g in active:
        ids = a_ids.copy()
        ids[:, GROUPS.index(g)] = b_ids[:, 0]
        y_ab[g] = outputs(ids)
    if settings.estimator == "salib":
        return _salib_indices(active, y_a, y_b, y_ab, settings)
    # centre the output on the mean of every run, as SALib does (the first-order estimator is
    # biased for an output that is not centred: 1.08 where SALib gives 1.02)
    mean = float(np.mean(np.concatenate([y_a, y_b, *y_ab.values()])))
    return _jansen_indices(active, y_a - mean, y_b - mean, {g: y - mean for g, y in y_ab.items()}, settings)


def _bounded(x: float) -> float | None:
    """An index (or interval end) rounded and clipped to [0, 1]: outside is estimation noise."""
    r = json_number(x)
    return None if r is None else min(1.0, max(0.0, r))


def _bounded_entry(first: float, total: float, first_ci: tuple[float, float] | None = None,
                   total_ci: tuple[float, float] | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"first": _bounded(first), "total": _bounded(total)}
    if first_ci is not None and total_ci is not None:
        entry["first_ci"] = [_bounded(first_ci[0]), _bounded(first_ci[1])]
        entry["total_ci"] = [_bounded(total_ci[0]), _bounded(total_ci[1])]
    return entry


def dominance_warnings(indices: Mapping[str, Mapping[str, Any]]) -> list[SaidText]:
    """A warning for each assumption group that alone explains most of the variation of the ranks.

    Each is a :class:`~villagescore.errors.SaidText`: ``str()`` is English, ``text(lang)`` any language.

    A group dominates when its first-order index — the lower end of its 95 % interval when
    there is one — is at least :data:`DOMINANT_INDEX`.
    """
    out = []
    for group, entry in indices.items():
        first = entry.get("first")
        low = (entry.get("first_ci") or [first])[0]  # the interval's lower end: noise alone never warns
        if first is not None and low is not None and low >= DOMINANT_INDEX:
            out.append(said(SaidText, N_("{share} of the variation of the ranks comes from {group} alone: the ranking "
                                         "depends mostly on this assumption; check that this uncertainty is real "
                                         "before reading the intervals (switch the group off to see the others)"),
                            group=_GROUP_WORDS.get(group, group),
                            share=Texts({lang: format_percent(first, lang) for lang in LANGS})))
    return out


def _estimate(y_a: np.ndarray, y_b: np.ndarray, y_ab: np.ndarray) -> tuple[float, float]:
    var = np.var(np.concatenate([y_a, y_b]))
    if not var > 0:
        return math.nan, math.nan
    first = float(np.mean(y_b * (y_ab - y_a)) / var)
    total = float(0.5 * np.mean((y_a - y_ab) ** 2) / var)
    return first, total


def _jansen_indices(active: tuple[str, ...], y_a: np.ndarray, y_b: np.ndarray, y_ab: Mapping[str, np.ndarray],
                    settings: Settings) -> tuple[dict[str, dict[str, Any]], SaidText]:
    rng = np.random.default_rng(np.random.SeedSequence([settings.seed, len(GROUPS)]))
    n = len(y_a)
    boots = rng.integers(0, n, size=(settings.bootstrap, n)) if settings.bootstrap else None
    out = {}
    for g in active:
        first, total = _estimate(y_a, y_b, y_ab[g])
        if boots is not None and not math.isnan(first):
            fs, ts = zip(*(_estimate(y_a[i], y_b[i], y_ab[g][i]) for i in boots), strict=True)
            out[g] = _bounded_entry(first, total, (np.nanpercentile(fs, 2.5), np.nanpercentile(fs, 97.5)),
                                    (np.nanpercentile(ts, 2.5), np.nanpercentile(ts, 97.5)))
        else:
            out[g] = _bounded_entry(first, total)
    var = np.var(np.concatenate([y_a, y_b]))
    note = said(SaidText, N_("output: mean absolute rank shift; estimators: Saltelli 2010 (first order), Jansen 1999 "
                             "(total); {base} base samples, {runs} runs"),
                base=Count(settings.sa_samples), runs=Count(settings.sa_samples * (len(active) + 2)))
    if not var > 0:
        note = said(SaidText, N_("the ranks did not vary across samples: indices are undefined"))
    return out, note


def _salib_indices(active: tuple[str, ...], y_a: np.ndarray, y_b: np.ndarray, y_ab: Mapping[str, np.ndarray],
                   settings: Settings) -> tuple[dict[str, dict[str, Any]], SaidText]:
    try:
        from SALib.analyze import sobol
    except ImportError:
        raise said(SensitivityError, N_("the 'salib' estimator needs SALib, an optional extra: pip install "
                                        "'villagescore[sensitivity]' (or use the built-in estimator: --estimator "
                                        "jansen)")) from None
    d = len(active)
    n = len(y_a)
    y = np.empty((n, d + 2))
    y[:, 0] = y_a
    for i, g in enumerate(active):
        y[:, 1 + i] = y_ab[g]
    y[:, -1] = y_b
    problem = {"num_vars": d, "names": list(active), "bounds": [[0, 1]] * d}
    res = sobol.analyze(problem, y.reshape(-1), calc_second_order=False, num_resamples=max(settings.bootstrap, 2),
                        conf_level=0.95, seed=settings.seed)
    out = {}
    for i, g in enumerate(active):
        s1, st, c1, ct = res["S1"][i], res["ST"][i], res["S1_conf"][i], res["ST_conf"][i]
        out[g] = _bounded_entry(s1, st, (s1 - c1, s1 + c1), (st - ct, st + ct))
    return out, said(SaidText, N_("output: mean absolute rank shift; estimator: SALib sobol.analyze; {base} base "
                                  "samples"), base=Count(n))
