"""The one rule for numbers written into JSON outputs: rounded like Python, no ``-0.0``, NaN as ``null``.

Scores, coverages and contributions keep 4 decimals, weights 6. :func:`json_number` rounds one
value, :func:`json_numbers` a whole array (the same result element by element), and
:func:`round_like_python` is the vectorised ``round`` both rest on.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["json_number", "json_numbers", "round_like_python"]


def json_number(x: Any, digits: int = 4) -> float | None:
    """``x`` rounded to ``digits`` decimals for a JSON output: ``None`` for ``None`` and NaN, never ``-0.0``."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return None
    r = round(x, digits)
    return 0.0 if r == 0 else r


def round_like_python(values: Any, digits: int) -> np.ndarray:
    """``round(x, digits)`` of Python for every element, vectorised (no ``-0.0``; NaN stays NaN).

    numpy's rounding scales, rounds and unscales, which can differ from Python's correctly
    rounded result next to a half; those few elements (and huge ones) are rounded by Python.
    ``digits`` is 0 or more.
    """
    if digits < 0:
        msg = f"digits must be 0 or more, not {digits}"
        raise ValueError(msg)
    a = np.asarray(values, dtype=float)
    scale = 10.0 ** digits
    # numpy's round (scale, rint, unscale) with two buffers, no temporary array per step
    with np.errstate(invalid="ignore", over="ignore"):
        out = np.multiply(a, scale)
        work = np.floor(out)
        np.subtract(out, work, out=work)
        work -= 0.5
        np.abs(work, out=work)
        near = work < 1e-6
        np.abs(a, out=work)
        near |= work > 1e9
        near &= np.isfinite(a)
        np.rint(out, out=out)
        out /= scale
    for idx in zip(*np.nonzero(near), strict=True):
        out[idx] = round(float(a[idx]), digits)
    out += 0.0  # no -0.0
    return out


def json_numbers(values: Any, digits: int = 4) -> np.ndarray:
    """:func:`json_number` of every element, as an object array (NaN as ``None``; ready for the JSON encoder)."""
    r = round_like_python(values, digits)
    out = r.astype(object)
    out[np.isnan(r)] = None
    return out
