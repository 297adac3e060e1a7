"""The engine's large matrices faulted in by a thread while the work before scoring runs.

Scoring 100,000 village-years of the default framework maps about 200 MB of matrices (the
indicator scores, applicability and presence, the criterion scores and coverage), and the
kernel zeroes each page before the engine writes it: about 0.07 s in which the main thread
waits. :func:`scoring_soon` reserves them (:func:`villagescore.prefault.reserved`) before the
warnings said before scoring, so that a thread has them ready, on another processor when one
is free, by the time :meth:`~villagescore.engine.Engine.evaluate` asks for them.
"""

from __future__ import annotations

import contextlib
from typing import Any

__all__ = ["matrix_sizes", "scoring_soon"]


def matrix_sizes(framework: Any, villages: int) -> list[int]:
    """The bytes of each matrix the engine asks :func:`~villagescore.prefault.empty` for, in order, for ``villages``.

    The indicator scores (float), applicability and presence (bool) of
    :meth:`~villagescore.engine.Engine.score_values`, then the criterion scores, coverage
    (float) and not-applicable flags (bool) of :meth:`~villagescore.engine.Engine.aggregate`.
    """
    indicators, criteria = villages * len(framework.indicators), villages * len(framework.criteria)
    return [indicators * 8, indicators, indicators, criteria * 8, criteria * 8, criteria]


def scoring_soon(framework: Any, frame: Any, chosen: Any = ()) -> contextlib.AbstractContextManager[None]:
    """The block around the work before scoring ``frame`` and the scoring: its matrices reserved.

    Nothing is reserved when villages are ``chosen`` (``--village``: fewer rows are scored).
    """
    from .prefault import reserved

    return contextlib.nullcontext() if chosen else reserved(matrix_sizes(framework, len(frame)))
