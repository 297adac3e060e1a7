"""Scores as published, and the decisions and views that must agree with them.

A score is published with :data:`PUBLISHED_DECIMALS` decimals (JSON, CSV, the store). Tiers and
pillar minimums are decided on that published score (:func:`reaches`), and ranks tie on it, so
a published ``60.0`` is never rated below a tier of minimum 60 beside another ``60.0`` rated in
it. A view that shows fewer decimals (the terminal table, an explanation) shows as many as it
takes for the number shown to fall on the same side of each minimum or limit as the number it
stands for (:func:`decisive_digits`): ``79.96`` against a minimum of 80, never ``80.0``;
``150.004`` against a limit of 150, never ``150``.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Any

import numpy as np

from .i18n.numbers import format_number, format_value, rounded_as_shown
from .numbers import round_like_python

__all__ = ["PUBLISHED_DECIMALS", "published", "reaches", "decisive_digits", "digits_against", "format_decisive",
           "format_scores",
           "format_value_against", "tier_minimums"]

#: The decimals of a published score (JSON, CSV, the store): what tiers, minimums and ranks are decided on.
PUBLISHED_DECIMALS = 4

_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq,
        "!=": operator.ne}


def published(scores: Any) -> np.ndarray:
    """``scores`` as published: rounded to :data:`PUBLISHED_DECIMALS` decimals as Python rounds (NaN stays NaN).

    An array of the shape of ``scores`` (0-d for one score).
    """
    a = np.asarray(scores, dtype=float)
    return round_like_python(a.reshape(-1), PUBLISHED_DECIMALS).reshape(a.shape)


def reaches(scores: Any, minimum: float) -> np.ndarray:
    """Whether each score, as published, is at least ``minimum`` (NaN: False)."""
    with np.errstate(invalid="ignore"):
        return published(scores) >= minimum


def decisive_digits(values: Any, bounds: Iterable[float], digits: int = 1, most: int = PUBLISHED_DECIMALS,
                    op: str = ">=") -> np.ndarray:
    """Per value, the fewest decimals (``digits`` to ``most``) whose shown number compares with every bound as it does.

    ``value op bound`` is decided on ``values`` as given; a value shown with ``digits`` decimals that
    would decide it the other way (``79.96`` shown ``80.0`` against ``>= 80``) gets more. Whole arrays:
    one pass per number of decimals and bound.
    """
    v = np.asarray(values, dtype=float)
    compare = _OPS[op]
    bounds = [float(b) for b in bounds if b is not None]
    need = np.full(v.shape, digits, dtype=int)
    if not bounds:
        return need
    left = ~np.isnan(v)
    with np.errstate(invalid="ignore"):
        for d in range(digits, most + 1):
            shown = rounded_as_shown(v, d)
            same = np.ones(v.shape, dtype=bool)
            for bound in bounds:
                same &= compare(shown, bound) == compare(v, bound)
            settled = left & same
            need[settled] = d
            left &= ~settled
            if not left.any():
                break
    need[left] = most
    return need


def digits_against(values: Any, op: str, bounds: Any, digits: int, most: int) -> np.ndarray:
    """Per value, the fewest decimals (``digits`` to ``most``) that keep ``value op bound`` decided as it is.

    :func:`decisive_digits` with a bound per value (``bounds``: an array of the shape of ``values``,
    or one number; NaN: none), as a gate holds each village-year to its own legal limit: ``150.0004``
    against ``<= 150`` shown with 3 decimals is ``150.000``, so it gets 4. Only the values within half
    a unit of ``digits`` decimals of their bound are looked at again; NaN values keep ``digits``.
    """
    v = np.asarray(values, dtype=float)
    b = np.broadcast_to(np.asarray(bounds, dtype=float), v.shape)
    need = np.full(v.shape, digits, dtype=int)
    compare = _OPS[op]
    with np.errstate(invalid="ignore"):
        # a number shown with d decimals is within half a unit of it (and a hair of float): farther
        # from its bound, it stays on its side whatever it is rounded to
        near = np.flatnonzero(np.abs(v - b) <= 0.5 * 10.0 ** -digits * (1 + 1e-9))
        for d in range(digits, most + 1):
            if not near.size:
                break
            x, bound = v.flat[near], b.flat[near]
            settled = compare(rounded_as_shown(x, d), bound) == compare(x, bound)
            need.flat[near[settled]] = d
            near = near[~settled]
    need.flat[near] = most
    return need


def format_decisive(score: Any, bounds: Iterable[float], lang: str, digits: int = 1) -> str:
    """A score as published, with ``digits`` decimals or more where fewer would reach a minimum it misses.

    ``bounds`` are the minimums it is decided against (:func:`decisive_digits`; see :func:`tier_minimums`).
    """
    if score is None or (isinstance(score, float) and np.isnan(score)):
        return format_number(score, digits, lang)
    score = float(published(score))
    return format_number(score, int(decisive_digits(score, bounds, digits)), lang)


def format_scores(scores: Any, bounds: Iterable[float], lang: str, digits: int = 1) -> list[str]:
    """:func:`format_decisive` of every score (the decimals decided for the whole array at once)."""
    values = published(np.asarray(scores, dtype=float))
    need = decisive_digits(values, list(bounds), digits).tolist()
    return [format_number(v, d, lang) for v, d in zip(values.tolist(), need, strict=True)]


def tier_minimums(framework: Any, pillar: str | None = None) -> list[float]:
    """The minimums of ``framework``'s tiers on the overall score, or on ``pillar``'s score."""
    if pillar is None:
        return [tier.min_score for tier in framework.tiers]
    return [b for tier in framework.tiers for b in (tier.min_pillar_score, tier.min_pillar_scores.get(pillar))
            if b is not None]


def format_value_against(value: Any, op: str, bound: Any, lang: str, most: int = 6) -> str | None:
    """A raw value as :func:`format_value` shows it, with more decimals where that would decide ``op bound`` otherwise.

    ``None`` when :func:`format_value` shows it faithfully enough (or it is no number): ``150.004``
    against ``<= 150``, never ``150``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not isinstance(bound, (int, float)) \
            or op not in _OPS or np.isnan(value):
        return None
    digits = int(decisive_digits(value, [bound], 0, most, op))
    if digits <= 2 and _OPS[op](float(format_value(value).replace(",", "")), bound) == _OPS[op](value, bound):
        return None
    return format_number(value, digits, lang)
