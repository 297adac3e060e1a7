"""Comparing scores and results, with missing equal to missing."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def _mismatch(message: str) -> AssertionError:
    return AssertionError(message)


def _floats(values: Any) -> list[float]:
    if hasattr(values, "tolist"):
        values = values.tolist()
    out = []
    for v in values:
        out.append(math.nan if v is None else float(v))
    return out


def _compare(a: Any, b: Any, tol: float, what: str, *, indexed: bool = True) -> None:
    xs, ys = _floats(a), _floats(b)
    if len(xs) != len(ys):
        msg = f"{what}: {len(xs)} scores != {len(ys)} scores"
        raise _mismatch(msg)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if math.isnan(x) and math.isnan(y):
            continue
        if math.isnan(x) or math.isnan(y) or abs(x - y) > tol:
            where = f"{what}[{i}]" if indexed else what
            msg = f"{where}: {x!r} != {y!r} (tolerance {tol})"
            raise _mismatch(msg)


def assert_scores_equal(a: Any, b: Any, tol: float = 1e-9) -> None:
    """Assert that two sets of scores are equal within ``tol``; missing equals missing.

    Parameters
    ----------
    a, b : Result, mapping or sequence
        Two :class:`~villagescore.results.Result` objects (villages, years, overall,
        pillar, criterion and indicator scores and ratings are compared), two mappings
        (same keys, values compared), or two sequences of numbers where ``None`` and NaN
        mean missing.
    tol : float
        Largest absolute difference allowed.

    Raises
    ------
    AssertionError
        Naming the first village and node (or position) that differs.
    """
    from ..results import Result

    if isinstance(a, Result) and isinstance(b, Result):
        _assert_results_equal(a, b, tol)
        return
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            msg = (f"keys differ: only in first {sorted(set(a) - set(b))}, "
                   f"only in second {sorted(set(b) - set(a))}")
            raise _mismatch(msg)
        for key in sorted(a):
            _compare([a[key]], [b[key]], tol, repr(key), indexed=False)
        return
    _compare(a, b, tol, "scores")


def _assert_results_equal(a: Any, b: Any, tol: float) -> None:
    ids_a = list(zip(a.frame["village_id"], a.frame["year"], strict=True))
    ids_b = list(zip(b.frame["village_id"], b.frame["year"], strict=True))
    if ids_a != ids_b:
        msg = f"different village-years: {ids_a} != {ids_b}"
        raise _mismatch(msg)
    labels = [f"{v} ({y})" for v, y in ids_a]
    levels = [
        ("overall", a.tree.overall_score[:, None], b.tree.overall_score[:, None], [""]),
        ("pillar", a.tree.pillar_score, b.tree.pillar_score, [p.id for p in a.framework.pillars]),
        ("criterion", a.tree.criterion_score, b.tree.criterion_score, [c.id for c in a.framework.criteria]),
        ("indicator", a.matrix.scores, b.matrix.scores, [n.id for n in a.framework.indicators]),
    ]
    for level, xa, xb, nodes in levels:
        if xa.shape != xb.shape:
            msg = f"{level} scores have shapes {xa.shape} and {xb.shape}"
            raise _mismatch(msg)
        for j, node in enumerate(nodes):
            for i, label in enumerate(labels):
                what = f"village {label}, {level} {node + ' ' if node else ''}score"
                _compare([xa[i, j]], [xb[i, j]], tol, what, indexed=False)
    for i, label in enumerate(labels):
        if a.rating_id(i) != b.rating_id(i):
            msg = f"village {label}: rating {a.rating_id(i)!r} != {b.rating_id(i)!r}"
            raise _mismatch(msg)
