"""Did you mean …? The known names closest to a slip: a misspelt column, scorer, regulation or sector."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["close_matches", "closest"]


def close_matches(name: str, known: Iterable[str], cutoff: float = 0.6, most: int = 3) -> list[str]:
    """The known names closest to ``name`` (a slip: a misspelt column, scorer, regulation …), best first.

    Those at least ``cutoff`` alike (:class:`difflib.SequenceMatcher`'s ratio) and nearly as alike
    as the best one, at most ``most`` of them; equally close names in alphabetical order
    (``qcvn-40-2012`` → ``qcvn-40-2011``, ``qcvn-40-2025``). Case is ignored: ``QCVN-40-2011``
    (typed with caps lock, or an upper-cased header) is ``qcvn-40-2011``. Names that differ only in
    case tie on that; the one closer as typed comes first (``x_notes`` → ``x_note`` before
    ``x_Note``), a name typed all in capitals taken as lower case, its case being no clue.
    """
    import difflib

    scored = []
    folded = name.casefold()
    as_typed = name.lower() if name.isupper() else name
    for candidate in known:
        matcher = difflib.SequenceMatcher(None, candidate.casefold(), folded)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
            cased = difflib.SequenceMatcher(None, candidate, as_typed).ratio()
            scored.append((-matcher.ratio(), candidate != as_typed, -cased, candidate))
    scored.sort()
    return [c for ratio, _, _, c in scored if -ratio >= -scored[0][0] - 0.05][:most]


def closest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name closest to ``name`` (see :func:`close_matches`), or ``None``."""
    found = close_matches(name, known, cutoff, 1)
    return found[0] if found else None
