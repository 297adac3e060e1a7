"""Scores as the comparison prints them: 2 decimals, or as many as keep them on their side of a minimum.

A comparison prints a score with 2 decimals; one that would then reach a tier's minimum its
published score misses (59.9999 shown ``60.00`` beside a minimum of 60) is printed with the
decimals it needs (``59.9999``, :func:`~villagescore.published.decisive_digits`). Ranks are decided
on the numbers printed, so two village-years tie only when their printed scores are equal, and
then they are on the same side of every minimum (docs/compare.md, the tie rule). A pillar score is
printed so against the pillar minimums of the tiers (:func:`pillar_minimums_of`), and a change so
that it never reads zero, nor with a sign its digits contradict, when the scores differ
(:func:`format_printed_change`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .i18n.numbers import rounded_as_shown
from .published import PUBLISHED_DECIMALS, decisive_digits, published

__all__ = ["PRINTED_DECIMALS", "format_printed_change", "minimums_of", "pillar_minimums_of", "printed_digits",
           "printed_scores", "score_printer"]

#: The decimals a comparison prints a score with, unless a minimum needs more.
PRINTED_DECIMALS = 2


def minimums_of(tiers: Iterable[dict[str, Any]]) -> list[float]:
    """The overall minimums of a comparison's tiers (``comparison["tiers"]``: every run's, each once).

    A tier the frameworks define with different minimums (``min_score`` ``None``) gives each framework's
    (``by_framework``): a score is printed on its side of every minimum it may be rated against.
    """
    found = set()
    for t in tiers:
        for each in [t, *(t.get("by_framework") or ())]:
            if each.get("min_score") is not None:
                found.add(float(each["min_score"]))
    return sorted(found)


def pillar_minimums_of(pillars: Iterable[dict[str, Any]]) -> dict[str, list[float]]:
    """Each pillar's minimums in a comparison (``comparison["pillars"][].minimums``; none in one written before)."""
    return {p["id"]: [float(b) for b in p.get("minimums") or ()] for p in pillars}


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


def format_printed_change(now: Any, before: Any, lang: str, minimums: Iterable[float] = ()) -> str:
    """The change from ``before`` to ``now`` as read beside the two scores printed (:func:`score_printer`).

    The difference of the two printed scores, with the decimals of the finer one (``+23,11`` beside
    ``15,03`` and ``38,14``; ``+0,0001`` beside ``59,9999`` and ``60,00``). Where that would read zero
    (or, in principle, with the other sign) while the published scores differ, it is their published
    difference with the fewest decimals, up to 4, that show a digit other than zero (``+0,004``, never
    ``+0,00``; ``-0,003``, never ``-0,00``). ``0,00``, unsigned, only for equal scores; ``—``: one missing.
    """
    from decimal import Decimal

    from .i18n import format_number

    if now is None or before is None or np.isnan(float(now)) or np.isnan(float(before)):
        return "—"
    bounds = list(minimums)
    ends = [float(published(x)) for x in (before, now)]
    digits = [int(printed_digits(x, bounds)) for x in ends]
    shown = [Decimal(format_number(x, d, "en").replace(",", "")) for x, d in zip(ends, digits, strict=True)]
    exact = Decimal(repr(ends[1])) - Decimal(repr(ends[0]))
    if exact == 0:
        return format_number(0.0, PRINTED_DECIMALS, lang)
    change, places = shown[1] - shown[0], max(digits)
    if change == 0 or (change > 0) != (exact > 0):
        change = exact
        places = next((d for d in range(PRINTED_DECIMALS, PUBLISHED_DECIMALS + 1)
                       if Decimal(format_number(float(abs(exact)), d, "en").replace(",", "")) != 0),
                      PUBLISHED_DECIMALS)
    text = format_number(float(change), places, lang)
    return f"+{text}" if change > 0 else text
