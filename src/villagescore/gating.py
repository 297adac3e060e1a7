"""Stage 3 of an evaluation, the gates: the bound each village-year is held to, then each gate's status.

A gate compares with a written number or with a legal limit resolved per village-year
(:class:`~villagescore.gate.GateLimit`); :func:`gate_limits` resolves the latter once per
frame (the engine keeps them in the indicator matrix), and :func:`gate_inputs` gives every
path — one evaluation, a batch of sensitivity samples, an improvement plan — the same bound
and the same "limit unknown" mask for a gate.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .kernel import gate_fires_on, gate_statuses
from .unverified import gate_unverified

__all__ = ["gate_limits", "gate_inputs", "gate_rows", "gate_status", "fired_gates", "fired_lists"]


def gate_limits(framework: Any, frame: Any) -> dict[int, np.ndarray]:
    """Gate index → (villages,) the legal limit each village-year is held to (NaN: unknown), for limit gates.

    Under the ``exclude`` policy for unverified limits, an unverified limit is unknown
    (:func:`villagescore.unverified.gate_unverified`): the gate's ``on_unknown`` decides there.
    """
    unverified = gate_unverified(framework, frame)
    out = {}
    for g, gate in enumerate(framework.gates):
        if gate.limit is not None:
            out[g] = gate.limit.values(frame)
            if g in unverified:
                out[g][unverified[g]] = np.nan
    return out


def gate_rows(gate: Any, j: int, matrix: Any, present: np.ndarray, applicable: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """``(present, applicable)`` of a gate's indicator column as the gate judges it.

    An indicator left out because its limit is unverified (:attr:`IndicatorMatrix.limit_unverified`)
    still falls under its gates: a value gate is judged on the value, a score gate (the score
    needs the limit) cannot be judged there and is ``unknown`` (see :func:`gate_inputs`).
    """
    left_out = matrix.limit_unverified.get(j)
    if left_out is None:
        return present, applicable
    return (present | left_out if gate.on == "score" else present), applicable | left_out


def gate_inputs(gate: Any, g: int, j: int, matrix: Any) -> tuple[Any, np.ndarray | None]:
    """``(bound, limit_unknown)`` of gate ``g`` (on indicator column ``j``) over ``matrix``'s rows.

    A gate with a written number compares with it and is unknown where its indicator's limit
    is (:attr:`IndicatorMatrix.limit_unknown`); a gate with a legal limit compares with its
    own per-row limit and is unknown exactly where that is: a gate naming a column needs no
    context to choose one, so a missing context (the discharge column) does not make it unknown.
    """
    if gate.limit is None:
        unknown, left_out = matrix.limit_unknown.get(j), matrix.limit_unverified.get(j)
        if gate.on == "score" and left_out is not None:
            unknown = left_out if unknown is None else unknown | left_out
        return gate.value, unknown
    bound = matrix.gate_limits[g]
    return bound, np.isnan(bound)


def gate_status(framework: Any, matrix: Any) -> np.ndarray:
    """Return a ``(villages, gates)`` array of gate statuses (:data:`villagescore.kernel.GATE_STATUSES` codes)."""
    index = {node.id: j for j, node in enumerate(framework.indicators)}
    n = matrix.scores.shape[0]
    status = np.zeros((n, len(framework.gates)), dtype=np.int8)
    for g, gate in enumerate(framework.gates):
        j = index[gate.indicator]
        on_value = gate.on != "score"
        x = np.asarray(matrix.values[j], dtype=float) if on_value else matrix.scores[:, j]
        # a value gate needs the value; a score gate the score (which needs the limit too)
        present = ~np.isnan(x) if on_value else matrix.present[:, j]
        present, applicable = gate_rows(gate, j, matrix, present, matrix.applicable[:, j])
        bound, unknown = gate_inputs(gate, g, j, matrix)
        status[:, g] = gate_statuses(gate, x, present, applicable, unknown, bound)
    return status


def fired_gates(framework: Any, status: np.ndarray) -> np.ndarray:
    """A ``(villages, gates)`` boolean array from the statuses: which gates fired (each gate's policy)."""
    fired = np.zeros(status.shape, dtype=bool)
    for g, gate in enumerate(framework.gates):
        fired[:, g] = gate_fires_on(gate, status[:, g])
    return fired


def fired_lists(fired: np.ndarray, ids: list[str]) -> np.ndarray:
    """Per row, the ids of the gates that fired joined by ``;`` (each distinct combination joined once)."""
    if fired.shape[1] == 0:
        return np.full(fired.shape[0], "", dtype=object)
    if fired.shape[1] <= 62:  # each row's gates as the bits of one integer
        bits = np.zeros((fired.shape[0], 8), dtype=np.uint8)  # gate b is bit b of a little-endian int64
        bits[:, :(fired.shape[1] + 7) // 8] = np.packbits(np.asarray(fired, dtype=bool), axis=1, bitorder="little")
        keys = bits.view("<i8").reshape(-1)
        codes, uniques = pd.factorize(keys)
        patterns = [[bool(k >> b & 1) for b in range(fired.shape[1])] for k in uniques.tolist()]
    else:
        rows, codes = np.unique(fired, axis=0, return_inverse=True)
        patterns = rows.tolist()
    texts = [";".join(g for g, hit in zip(ids, row, strict=True) if hit) for row in patterns]
    return np.asarray(texts, dtype=object)[np.asarray(codes).reshape(-1)]
