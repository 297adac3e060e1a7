"""Overall scores as the comparison prints them: 2 decimals, or as many as keep them on their side of a minimum.

A comparison prints a score with 2 decimals; one that would then reach a tier's minimum its
published score misses (59.9999 shown ``60.00`` beside a minimum of 60) is printed with the
decimals it needs (``59.9999``, :func:`~villagescore.published.decisive_digits`). Ranks are decided
on the numbers printed, so two village-years tie only when their printed scores are equal, and
then they are on the same side of every minimum (docs/compare.md, the tie rule).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .i18n.numbers import rounded_as_shown
from .published import decisive_digits, published

__all__ = ["PRINTED_DECIMALS", "minimums_of", "printed_digits", "printed_scores", "score_printer"]

#: The decimals a comparison prints a score with, unless a minimum needs more.
PRINTED_DECIMALS = 2


def minimums_of(tiers: Iterable[dict[str, Any]]) -> list[float]:
    """The overall minimums of a comparison's tiers (``comparison["tiers"]``: every run's, each once)."""
    return sorted({float(t["min_score"]) for t in tiers if t.get("min_score") is not None})


def printed_digits(scores: Any, minimums: Iterable[float] = ()) -> np.ndarray:
    """Per score, the decimals it is printed with: :data:`PRINTED_DECIMALS`, or more where a minimum needs them."""
    return decisive_digits(published(scores), list(minimums), PRINTED_DECIMALS)


def printed_scores(scores: Any, minimums: Iterable[float] = ()) -> np.ndarray:
    """``scores`` as the comparison prints them (as published, shown with :func:`printed_digits`); NaN stays NaN.

    Whole arrays: one rounding per number of decimals used (most scores need 2).
    """
    values = published(scores)
    minimums = list(minimums)
    if not minimums:
        return rounded_as_shown(values, PRINTED_DECIMALS)
    need = decisive_digits(values, minimums, PRINTED_DECIMALS)
    out = rounded_as_shown(values, PRINTED_DECIMALS)
    for d in np.unique(need[need > PRINTED_DECIMALS]).tolist():
        at = need == d
        out[at] = rounded_as_shown(values[at], d)
    return out


def score_printer(minimums: Iterable[float], lang: str) -> Callable[[Any], str]:
    """A function printing one overall score as :func:`printed_scores` decides it, in ``lang`` (``—``: none).

    Most scores are decided without numpy: only one within half a hundredth below a minimum can need more.
    """
    from .i18n import format_number

    bounds = list(minimums)
    half = 0.5 * 10.0 ** -PRINTED_DECIMALS

    def text(score: Any) -> str:
        if score is None:
            return "—"
        x = float(score)
        near = any(b - half <= x < b for b in bounds)
        digits = int(printed_digits(x, bounds)) if near else PRINTED_DECIMALS
        return format_number(float(published(x)) if near else x, digits, lang)

    return text
