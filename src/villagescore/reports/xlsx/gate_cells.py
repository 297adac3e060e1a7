"""The decimals a gated indicator's cells need to stay on their side of each row's limit (150.0004, never 150.0).

A gate holds a village-year's value (or score) to a written number or to the legal limit in force
there, one per row. The indicators sheet shows values with at most :data:`VALUE_DECIMALS` decimals
and scores with one: a value of 150.0004 mg/L beside a limit ``<= 150`` would read ``150.0``, as if
it met it. Such a cell gets a format with the decimals it needs
(:func:`~villagescore.published.digits_against`); the value in the cell is unchanged.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...numbers import round_like_python
from ...published import PUBLISHED_DECIMALS, digits_against

#: The most decimals a number column shows (its format ``#,##0.0##``).
VALUE_DECIMALS = 3
#: The most decimals a gate value is shown with (a value as written may have many: 15 significant digits are kept).
MOST_VALUE_DECIMALS = 12


def gated_decimals(result: Any, on: str, shown: int) -> dict[int, np.ndarray]:
    """Per indicator column a gate compares ``on`` (``"value"`` or ``"score"``), each village-year's decimals.

    ``shown``: the decimals the column shows; a row needs more only where that many would put
    its number on the other side of a gate's bound (the largest need over the indicator's gates).
    A score is taken as the cell holds it (published, 4 decimals).
    """
    fw, matrix = result.framework, result.matrix
    index = {node.id: j for j, node in enumerate(fw.indicators)}
    out: dict[int, np.ndarray] = {}
    for g, gate in enumerate(fw.gates):
        if (gate.on == "score") != (on == "score"):
            continue
        j = index[gate.indicator]
        if on == "score":
            x, most = round_like_python(matrix.scores[:, j], PUBLISHED_DECIMALS), PUBLISHED_DECIMALS
        else:
            x, most = np.asarray(matrix.values[j], dtype=float), MOST_VALUE_DECIMALS
        bound = matrix.gate_limits[g] if gate.limit is not None else gate.value
        need = digits_against(x, gate.op, bound, shown, most)
        out[j] = np.maximum(out[j], need) if j in out else need
    return out


def row_decimals(needs: dict[int, np.ndarray], listed: np.ndarray, shown: int) -> np.ndarray:
    """The decimals of each row of a sheet listing the cells ``listed`` (village-year, indicator) row by row.

    0 where the column's own format shows the number faithfully (``needs``: :func:`gated_decimals`).
    """
    rows, columns = np.nonzero(listed)  # the order of np.argwhere: the sheet's rows
    out = np.zeros(rows.size, dtype=int)
    for j, need in needs.items():
        at = np.flatnonzero(columns == j)
        more = need[rows[at]]
        out[at] = np.where(more > shown, more, 0)
    return out
