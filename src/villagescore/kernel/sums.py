"""Row sums added child by child in the order numpy adds the rows of a matrix.

The engine aggregates a node one child column at a time (cache-friendly, no
(villages × children) temporaries); to give the same last bits as the row sums of a
matrix, the running sums follow numpy's summation order.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RowSums", "pairwise_ok"]


class RowSums:
    """Row sums of ``k`` child terms handed over one column at a time, added in numpy's order.

    numpy sums the rows of a column-major (villages × k) array child by child, and the
    rows of a row-major one pairwise: child by child below 8 children, in 8 running sums
    combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) from 8 to 128 (the
    remainder after the last block of 8 then added one by one). ``pairwise`` follows the
    row-major order, so a level computed column by column gives the same last bits as the
    row sums the engine used to take (``pairwise_ok`` bounds ``k``).
    """

    def __init__(self, n: int, k: int, pairwise: bool) -> None:
        self.blocks = k - k % 8 if pairwise and k >= 8 else 0
        self.parts = np.zeros((8, n)) if self.blocks else None
        self.total = None if self.blocks else np.zeros(n)

    def at(self, j: int) -> np.ndarray:
        """The running sum that child ``j``'s term is added to."""
        if j < self.blocks:
            return self.parts[j % 8]
        return self.result()

    def result(self) -> np.ndarray:
        """The row sums, once every child's term was added."""
        if self.total is None:
            r = self.parts
            self.total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            self.parts = None
        return self.total


def pairwise_ok(k: int) -> bool:
    """Whether :class:`_RowSums` reproduces numpy's row-major row sums for ``k`` children."""
    return k <= 128
