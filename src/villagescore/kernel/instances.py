"""The criteria and pillars of pattern folding, each computed once per distinct sub-pattern.

A node's normalised child weights, coverage and flags depend on the villages' (applicable,
present) pattern only through the part of it under the node: a criterion through its own
indicators, a pillar through the instances of its criteria. Many patterns share those parts
(the default framework: 147 patterns, but 241 distinct (criterion, indicator) cells instead of
147 × 127), so :mod:`.patterns` computes each level once per distinct part — an *instance* —
and gathers per pattern only what the pattern blocks read. Every cell is the same arithmetic
on the same values as the level computed pattern by pattern, so the numbers are unchanged
(``tests/kernel/test_instances.py``).

Rows of a level are (instance, child), the children of an instance contiguous and in the
node's order, so :func:`~villagescore.kernel.patterns.segment_weights` sums them as it sums
a node's children.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Level", "Instances", "instances"]


@dataclass
class Level:
    """One level of nodes, instanced: which child each row is, where instances start, where patterns go."""

    child: np.ndarray  # (R,) the child (indicator, or criterion) of each row
    instance: np.ndarray  # (R,) the instance of each row
    starts: np.ndarray  # (I,) first row of each instance
    node: np.ndarray  # (I,) the node (criterion, or pillar) of each instance
    pattern: np.ndarray  # (I,) the first pattern of each instance
    of: np.ndarray  # (nodes, G): the instance of each node in each pattern
    row: np.ndarray  # (children, G): the row of each child in each pattern


@dataclass
class Instances:
    """Both levels, and the rows of the pillars' effective indicator weights.

    ``crit.child`` are indicators, ``pill.child`` criteria and ``below`` the criterion instance
    of each pillar row. The weight rows are (pillar instance, indicator of the pillar), each
    pillar instance's indicators contiguous: ``block[i]`` is the first row of pillar instance
    ``i``; ``norm_row``/``kappa_row`` the criterion-level and pillar-level rows each of them
    multiplies.
    """

    crit: Level
    pill: Level
    app: np.ndarray  # (R, 1, 1) bool: applicability of the criterion level's rows
    pres: np.ndarray  # (R, 1, 1) bool: presence of the criterion level's rows
    below: np.ndarray  # (pillar rows,)
    block: np.ndarray  # (pillar instances,)
    norm_row: np.ndarray  # (weight rows,)
    kappa_row: np.ndarray  # (weight rows,)


def _level(keys: list[np.ndarray], children: list[range], n_children: int) -> Level:
    """A level whose node ``i`` has children ``children[i]`` and, per pattern, the sub-pattern ``keys[i]`` (G, k)."""
    g = keys[0].shape[0] if keys else 0
    starts, node, pattern, sizes, child = [], [], [], [], []
    of = np.empty((len(keys), g), dtype=np.intp)
    row = np.empty((n_children, g), dtype=np.intp)
    rows = 0
    for i, (key, kids) in enumerate(zip(keys, children, strict=True)):
        _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
        k = len(kids)
        of[i] = len(starts) + inverse.reshape(-1)
        row[kids.start:kids.stop] = rows + inverse.reshape(1, -1) * k + np.arange(k)[:, None]
        for u in first:
            starts.append(rows)
            node.append(i)
            pattern.append(u)
            sizes.append(k)
            child.append(np.arange(kids.start, kids.stop))
            rows += k
    instance = np.repeat(np.arange(len(starts)), sizes)
    return Level(np.concatenate(child) if child else np.zeros(0, dtype=np.intp), instance,
                 np.array(starts, dtype=np.intp), np.array(node, dtype=np.intp), np.array(pattern, dtype=np.intp),
                 of, row)


def instances(plan: Any, pat: Any) -> Instances:
    """The instanced criterion and pillar levels of the patterns ``pat`` of ``plan`` (cached on the plan)."""
    cached = plan.cache.get("instances")
    if cached is not None:
        return cached
    g, m = pat.app.shape
    crit_slices, pill_slices = plan.crit_slices, plan.pill_slices
    crit = _level([np.concatenate([pat.app[:, sl], pat.pres[:, sl]], axis=1) for sl in crit_slices],
                  [range(sl.start, sl.stop) for sl in crit_slices], m)
    first_pattern = crit.pattern[crit.instance]
    app = pat.app[first_pattern, crit.child]
    pres = pat.pres[first_pattern, crit.child]
    pill = _level([crit.of[sl].T for sl in pill_slices], [range(sl.start, sl.stop) for sl in pill_slices],
                  len(crit_slices))
    below = crit.of[pill.child, pill.pattern[pill.instance]]
    crit_of = np.repeat(np.arange(len(crit_slices)), [sl.stop - sl.start for sl in crit_slices])
    block, norm_row, kappa_row = [], [], []
    rows = 0
    for i, p in enumerate(pill.node):
        u = pill.pattern[i]
        c0, c1 = plan.pillar_columns(int(p))
        block.append(rows)
        norm_row.append(crit.row[c0:c1, u])
        kappa_row.append(pill.row[crit_of[c0:c1], u])
        rows += c1 - c0
    out = Instances(crit, pill, app[:, None, None], pres[:, None, None], below, np.array(block, dtype=np.intp),
                    np.concatenate(norm_row) if norm_row else np.zeros(0, dtype=np.intp),
                    np.concatenate(kappa_row) if kappa_row else np.zeros(0, dtype=np.intp))
    plan.cache["instances"] = out
    return out
