"""Candidate moves of one indicator: the values nearest the current one that reach each higher score level."""

from __future__ import annotations

import contextlib
import contextvars
import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..errors import said
from ..i18n import N_
from .model import _EPS, _GRID

#: What :func:`_scorer_breakpoints` says when a scorer's ``breakpoints`` fails or gives something else than numbers.
_BREAKPOINTS_FAILED = N_("scorer {scorer!r} (plugin {plugin!r}) failed to give its breakpoints on indicator "
                         "{indicator!r}: {error}. The improvement plan tries a grid of values without them.")
_BREAKPOINTS_NOT_NUMBERS = N_("scorer {scorer!r} (plugin {plugin!r}) gave breakpoints that are not numbers on "
                              "indicator {indicator!r} ({value}); breakpoints are a list of numbers. The improvement "
                              "plan tries a grid of values without them.")


def _field_info(node: Any, registry: Any) -> tuple[Any, float, float]:
    fld = registry.fields.get(node.indicator.requires[0])
    lo, hi = -math.inf, math.inf
    if fld is not None:
        lo = -math.inf if fld.minimum is None else float(fld.minimum)
        hi = math.inf if fld.maximum is None else float(fld.maximum)
        if fld.type == "boolean":
            lo, hi = 0.0, 1.0
    if node.indicator.feasible is not None:
        lo, hi = float(node.indicator.feasible[0]), float(node.indicator.feasible[1])
    return fld, lo, hi


def _breakpoints(node: Any, params: dict[str, Any], current: float, lo: float, hi: float) -> np.ndarray:
    """Values worth trying for one indicator: its scorer's breakpoints (``Scorer.breakpoints``) and a grid."""
    pts: list[float] = [lo, hi]
    if node.scorer.breakpoints is not None:
        limit = params.get("limit")
        if limit is not None:
            limit = float(np.asarray(limit, dtype=float).reshape(-1)[0])
        if limit is None or math.isfinite(limit):
            pts += _scorer_breakpoints(node, dict(params, **({} if limit is None else {"limit": limit})))
    finite = [p for p in pts if math.isfinite(p)]
    if math.isfinite(lo) and math.isfinite(hi):
        finite += list(np.linspace(lo, hi, _GRID))
    elif finite:
        span = max(abs(current) if math.isfinite(current) else 0.0, *map(abs, finite), 1.0)
        finite += list(np.linspace(max(lo, -4 * span), min(hi, 4 * span), _GRID))
    arr = np.array(finite, dtype=float)
    step = np.maximum(np.abs(arr) * 1e-6, 1e-6)
    arr = np.concatenate([arr, arr + step, arr - step])
    return arr[(arr >= lo) & (arr <= hi)]

#: The (scorer, plugin, indicator) whose breakpoints were said to fail in this run of plans (each said once).
_SAID: contextvars.ContextVar[set[tuple[str, str, str]] | None] = contextvars.ContextVar("breakpoints_said",
                                                                                         default=None)


@contextlib.contextmanager
def breakpoint_warnings_once() -> Iterator[None]:
    """Say each scorer's failed breakpoints once while the plans inside are searched (nested: the outer one)."""
    token = _SAID.set(set()) if _SAID.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _SAID.reset(token)


def _scorer_breakpoints(node: Any, params: dict[str, Any]) -> list[float]:
    """The values a plugin's ``Scorer.breakpoints`` gives, or none (a warning naming scorer and plugin).

    A plan is advice: a scorer whose breakpoints fail or are not numbers leaves the grid alone to
    search, said once, rather than stopping ``explain`` or a report with a traceback.
    """
    import warnings

    from ..plugins import PluginLoadWarning

    names = {"scorer": node.scorer.name, "plugin": node.scorer.plugin, "indicator": node.id}
    said_before = _SAID.get()
    key = (names["scorer"], names["plugin"], names["indicator"])

    def warn(template: str, **params: Any) -> list[float]:
        if said_before is None or key not in said_before:
            warnings.warn(said(PluginLoadWarning, template, **names, **params), stacklevel=4)
        if said_before is not None:
            said_before.add(key)
        return []

    try:
        given = node.scorer.breakpoints(params)
    except Exception as exc:
        return warn(_BREAKPOINTS_FAILED, error=f"{type(exc).__name__}: {exc}")
    try:
        arr = np.array(list(given), dtype=object).reshape(-1)
    except TypeError:  # not a list (None, a number)
        arr = np.array([given], dtype=object)
    if not all(isinstance(v, (int, float, np.integer, np.floating)) for v in arr):
        shown = repr(given) if len(repr(given)) <= 60 else repr(given)[:57] + "..."
        return warn(_BREAKPOINTS_NOT_NUMBERS, value=shown)
    return [float(v) for v in arr]


def _candidates(node: Any, fld: Any, params: dict[str, Any], current: Any, score: float, lo: float, hi: float
                ) -> list[tuple[Any, float]]:
    """(value, score) moves: for each higher score level, the value nearest the current one."""
    if fld is not None and fld.type == "category":
        values = np.array(list(fld.categories), dtype=object)
        scores = np.asarray(node.scorer.function(values, params), dtype=float)
        order = np.argsort(-np.nan_to_num(scores, nan=-1), kind="stable")
        return [(values[o], float(scores[o])) for o in order
                if not np.isnan(scores[o]) and (math.isnan(score) or scores[o] > score + _EPS)]
    cur = float(current) if current is not None and not pd_isna(current) else math.nan
    values = _breakpoints(node, params, cur, lo, hi)
    if fld is not None and fld.type in ("integer", "boolean"):
        values = np.unique(np.concatenate([np.floor(values), np.ceil(values)]))
        values = values[(values >= lo) & (values <= hi)]
    values = np.unique(values)
    if len(values) == 0:
        return []
    scores = np.asarray(node.scorer.function(values, params), dtype=float)
    scores = np.clip(scores, 0.0, 100.0)
    ok = ~np.isnan(scores) & ((scores > score + _EPS) if not math.isnan(score) else True)
    values, scores = values[ok], scores[ok]
    if len(values) == 0:
        return []
    ref = cur if math.isfinite(cur) else values[np.argmin(scores)]
    dist = np.abs(values - ref)
    out = []
    for level in np.unique(np.round(scores, 6)):
        at = np.flatnonzero(np.round(scores, 6) >= level)
        best = at[np.lexsort((values[at], dist[at]))[0]]
        out.append((float(values[best]), float(scores[best])))
    if len(out) > 5:  # next levels and the best; continuous scorers would give too many
        keep = sorted({0, 1, len(out) // 2, len(out) - 2, len(out) - 1})
        out = [out[k] for k in keep]
    return out


def pd_isna(x: Any) -> bool:
    """True for None and NaN (without importing pandas)."""
    return x is None or (isinstance(x, (float, np.floating)) and math.isnan(float(x)))


def _gate_fix(gate: Any, node: Any, fld: Any, params: dict[str, Any], current: Any, lo: float, hi: float,
              bound: float | None = None) -> Any | None:
    """The value nearest the current one that makes ``gate`` hold, or ``None``.

    ``bound``: what the rule compares with for this village-year (the gate's legal limit
    there; ``None``: its written ``value``). An unknown limit (NaN) cannot be met: ``None``.
    """
    from ..kernel import OPS

    bound = gate.value if bound is None else bound
    if bound is None or math.isnan(bound):
        return None
    if gate.on == "value":
        integer = fld is not None and fld.type in ("integer", "boolean")
        step = 1.0 if integer else max(abs(bound) * 1e-6, 1e-6)
        target = {">=": bound, "<=": bound, "==": bound, ">": bound + step, "<": bound - step}.get(gate.op)
        if target is None:  # "!=": one step away
            target = bound + step if bound + step <= hi else bound - step
        if integer:
            target = math.ceil(target - 1e-12) if gate.op in (">=", ">") else math.floor(target + 1e-12)
        if not lo - 1e-12 <= target <= hi + 1e-12:
            return None
        return float(target)
    # a rule on the score: the nearest candidate whose score satisfies it
    cands = _candidates(node, fld, params, current, -math.inf, lo, hi)
    good = [(v, s) for v, s in cands if OPS[gate.op](s, bound)]
    if not good:
        return None
    if fld is not None and fld.type == "category":
        return good[0][0]
    cur = float(current) if not pd_isna(current) else 0.0
    return min(good, key=lambda vs: (abs(vs[0] - cur), vs[0]))[0]
