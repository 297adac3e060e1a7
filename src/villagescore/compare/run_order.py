"""The canonical order of a comparison's runs: the same sources in any order make the same comparison.

Runs are ordered by framework id, framework version (as people count: ``1.9`` before ``1.10``),
framework sha256, then the run's label (its file name; a store's evaluations by their number,
``#9`` before ``#10``, so the oldest first, read as ``store #N`` whatever the language the label is
said in), the dataset's sha256 and the scoring options. Where a rule takes "the later run" (the
observation that stands for a village-year found in two runs, the run of a village named without a
year), it is the later in this order. Only runs alike in all of these keep the order they were given in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["natural_key", "run_order"]


def natural_key(text: Any) -> tuple[Any, ...]:
    """``text`` sorted as people count (``"1.9"`` before ``"1.10"``, ``"#9"`` before ``"#10"``); ``None`` first."""
    if text is None:
        return ()
    parts = re.split(r"([0-9]+)", str(text))  # text, digits, text …: the digits at the odd places
    return tuple(int(part) if k % 2 else part for k, part in enumerate(parts))


def run_order(runs: Sequence[Any]) -> list[int]:
    """The positions of ``runs`` (each a :class:`~villagescore.compare.table.Run`) in the canonical order."""
    def key(k: int) -> tuple[Any, ...]:
        r = runs[k]
        label = r.label if r.order_label is None else r.order_label  # never words of the language
        return (r.framework_id, natural_key(r.framework_version), r.framework_sha256 or "", natural_key(label),
                r.dataset_sha256 or "", tuple(r.scoring), label)  # the label as written: ``r01`` apart from ``r1``

    return sorted(range(len(runs)), key=key)
