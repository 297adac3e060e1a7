"""Villages whose normalised weights are built from the same inputs, found once per result.

:meth:`LevelWeights.build <villagescore.kernel.node.LevelWeights.build>` works out each village's
weights from what its row holds in the nodes' arrays: the children's applicability and presence,
the per-village weights of a sector block (or a general rule's effective weights), the node's total
weight and whether its score is missing. Every operation there is per village, so two villages
whose rows hold the same bits get the same weights, bit for bit. A national result has a few
hundred such patterns among 100,000 village-years: the weights of one village of each pattern are
built, and each village takes its pattern's (:func:`weight_patterns`).

The patterns are found by a hash of each row's inputs (one multiply-add of 64-bit words per
column, the flags packed eight to a byte first), then checked column by column against the first
village of each class; a collision (never seen) falls back to numbering the words exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .node import LevelWeights

__all__ = ["weight_patterns"]

#: An odd 64-bit multiplier (2^64 / golden ratio): the hash is ``h * M + word`` in wrapping arithmetic.
_M = np.uint64(0x9E3779B97F4A7C15)


def weight_patterns(levels: Iterable[LevelWeights], n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(which, first)``: each of ``n`` villages' pattern of weight inputs, and the first village of each.

    Patterns are numbered in order of first appearance (so ``first`` is increasing); villages
    of one pattern hold the same bits in every array :meth:`LevelWeights.build` reads, so
    ``build(first)[which]`` equals ``build()``.
    """
    words = _words(levels, n)
    if n == 0 or not words:
        return np.zeros(n, dtype=np.int64), np.zeros(min(n, 1), dtype=np.int64)
    import pandas as pd

    h = np.zeros(n, dtype=np.uint64)
    for word in words:
        np.multiply(h, _M, out=h)
        np.add(h, word, out=h)
    which, _ = pd.factorize(h)
    first = _firsts(which)
    rep = first[which]
    buf = np.empty(n, dtype=np.uint64)
    if all(np.array_equal(np.take(word, rep, out=buf), word) for word in words):
        return which.astype(np.int64, copy=False), first
    return _exact(words, n)


def _firsts(which: np.ndarray) -> np.ndarray:
    """The first row of each pattern, patterns numbered in order of first appearance (a new one exceeds all before)."""
    seen = np.maximum.accumulate(which)
    new = np.empty(len(which), dtype=bool)
    new[:1] = True
    np.greater(seen[1:], seen[:-1], out=new[1:])
    return np.flatnonzero(new)


def _exact(words: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`weight_patterns` numbered word by word without a hash (slower; after a collision)."""
    import pandas as pd

    which = np.zeros(n, dtype=np.int64)
    for word in words:
        part, uniques = pd.factorize(word)
        which, _ = pd.factorize(which * len(uniques) + part)
    return which.astype(np.int64, copy=False), _firsts(which)


def _words(levels: Iterable[LevelWeights], n: int) -> list[np.ndarray]:
    """The rows' inputs to the weights as ``(n,)`` 64-bit words: numbers by their bits, flags packed."""
    floats: list[np.ndarray] = []
    flags: list[np.ndarray] = []
    for level in levels:
        for node in level.nodes:
            floats.append(node.total)
            flags.append(np.isnan(node.score))
            if node.effective is not None:
                floats.extend(_columns(node.effective))
                continue
            flags.extend(_columns(node.applicable))
            if node.present is not None:
                flags.extend(_columns(node.present))
            if np.ndim(node.weights) == 2:
                floats.extend(_columns(node.weights))
    words = [np.asarray(f, dtype=float).view(np.uint64) for f in floats]
    return [*_packed(flags, n), *words]


def _columns(matrix: np.ndarray) -> list[np.ndarray]:
    """The columns of a ``(villages, children)`` array."""
    return [matrix[:, j] for j in range(matrix.shape[1])]


def _packed(flags: list[np.ndarray], n: int) -> list[np.ndarray]:
    """Boolean columns packed 64 to a word (a village's bits in its row of the words).

    Flag ``i`` is bit ``i % 8`` of byte plane ``i // 8``; a plane is or-ed eight villages at a
    time through 64-bit views (a bool is one byte, 0 or 1, so a shift by less than 8 stays in
    its byte), the last ``n % 8`` villages byte by byte.
    """
    if not flags:
        return []
    planes = np.zeros((-(-len(flags) // 64) * 8, n), dtype=np.uint8)
    m = n - n % 8
    shifted = np.empty(m // 8, dtype=np.uint64)
    for i, flag in enumerate(flags):
        plane = planes[i // 8]
        bits = np.ascontiguousarray(flag, dtype=bool).view(np.uint8)
        wide, into = bits[:m].view(np.uint64), plane[:m].view(np.uint64)
        np.bitwise_or(into, np.left_shift(wide, np.uint64(i % 8), out=shifted), out=into)
        np.bitwise_or(plane[m:], bits[m:] << np.uint8(i % 8), out=plane[m:])
    rows = np.ascontiguousarray(planes.T).view(np.uint64)
    return [rows[:, k] for k in range(rows.shape[1])]
