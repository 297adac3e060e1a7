"""Why a legal limit is unverified in a village-year: a candidate value, or a version whose being in force is not.

A limit counts as unverified for two reasons (:meth:`~villagescore.model.Threshold.unverified`):
its value is a candidate nobody has checked (confidence ``unverified``), or the village-year's
reference date is after its regulation's ``in_force_verified_to`` (QCVN 26:2010 after 14/05/2025:
whether it is still in force was not verified). The result document's flags name both at once;
a report that marks one village-year's limit says the reason that applies there, with the date
and the successor's id when it is the second.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..i18n import N_, gettext

__all__ = ["unverified_reasons", "CANDIDATE_VALUE"]

#: The first reason: the limit's value is a candidate.
CANDIDATE_VALUE = N_("a candidate value, to check before use")


def unverified_reasons(versions: Sequence[Any], applied: Any, frame: Any, lang: str) -> np.ndarray:
    """Per village-year of ``frame``, why the limit of the version applied is unverified there (``""``: it is not).

    ``versions``: a threshold's versions; ``applied``: per row, the index of the version applied
    (``-1``: none). Each reason is written once per version and taken for every row it holds in
    (an array of texts indexed per row): no Python step per village-year.
    """
    from ..model import unverified_values
    from ..versions_applied import in_force_unverified
    from .framework_doc import in_force_unverified_text

    n = len(frame)
    applied = np.asarray(applied, dtype=np.int64)
    texts, at = [""], np.zeros(n, dtype=np.int64)
    candidate_text = gettext(CANDIDATE_VALUE, lang)
    for k, version in enumerate(versions):
        here = applied == k
        if not here.any():
            continue
        candidate = np.broadcast_to(np.asarray(unverified_values(version.limit, frame), dtype=bool), (n,))
        unsure = in_force_unverified(version.regulation, frame)
        unsure = np.zeros(n, dtype=bool) if unsure is None else np.asarray(unsure, dtype=bool)
        in_force = in_force_unverified_text(version.regulation, lang)
        for mask, text in ((candidate & ~unsure, candidate_text), (unsure & ~candidate, in_force),
                           (candidate & unsure, f"{candidate_text}; {in_force}")):
            rows = here & mask
            if rows.any():
                texts.append(text)
                at[rows] = len(texts) - 1
    return np.asarray(texts, dtype=object)[at]
