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


#: Up to this many decimals :func:`round_like_python` rounds in numpy (checked against ``round`` on and beside halves).
FAST_DIGITS = 6


def round_like_python(values: Any, digits: int) -> np.ndarray:
    """``round(x, digits)`` of Python for every element, vectorised (no ``-0.0``; NaN stays NaN).

    numpy's rounding scales, rounds and unscales, which can differ from Python's correctly
    rounded result next to a half; those few elements (and huge ones) are decided exactly
    (:func:`_halves`, else by Python). ``digits`` is 0 or more; above :data:`FAST_DIGITS`
    (more than the outputs use) Python rounds every element.
    """
    if digits < 0:
        msg = f"digits must be 0 or more, not {digits}"
        raise ValueError(msg)
    a = np.asarray(values, dtype=float)
    if digits > FAST_DIGITS:  # the scaled products lose the digits that decide: Python rounds every cell
        cells = [round(x, digits) if math.isfinite(x) else x for x in a.reshape(-1).tolist()]
        return np.array(cells, dtype=float).reshape(a.shape) + 0.0
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
    where = np.nonzero(near)
    if len(where[0]):
        cells = a[where]
        decided = _halves(cells, digits)
        asked = np.flatnonzero(np.isnan(decided))  # huge values, or more than 7 digits: Python decides
        decided[asked] = [round(x, digits) for x in cells[asked].tolist()]
        out[where] = decided
    out += 0.0  # no -0.0
    return out


#: Veltkamp's splitter: ``x * _SPLIT`` cuts a double into two halves of at most 26 significant bits.
_SPLIT = 134217729.0


def _halves(x: np.ndarray, digits: int) -> np.ndarray:
    """Python's ``round(x, digits)`` of values next to a half (finite), decided exactly in numpy.

    ``round`` rounds the exact binary value of ``x`` to the nearest multiple of ``10**-digits``
    (ties to even) and returns the double nearest that decimal. With ``k = floor(|x| * 10**digits)``,
    ``|x|`` lies above, on or below the half ``(2k + 1) / (2 * 10**digits)`` as the exact product
    ``|x| * 2 * 10**digits`` (a sum of two doubles by Dekker's product: the multiplier has at most
    26 bits) lies above, on or below ``2k + 1``; the multiple chosen, divided by ``10**digits``
    (both exact), is the nearest double to the decimal. NaN where this cannot be done exactly
    (more than 7 digits, products beyond 2**52): the caller asks Python.
    """
    out = np.full(x.shape, np.nan)
    if digits > 7:
        return out
    scale = 10.0 ** digits
    twice = 2.0 * scale
    mag = np.abs(x)
    with np.errstate(over="ignore"):
        product = mag * twice
    ok = product < 2.0 ** 52
    mag, product = mag[ok], product[ok]
    k = np.floor(mag * scale)
    high = _SPLIT * mag
    high -= high - mag
    error = (high * twice - product) + (mag - high) * twice  # product + error == mag * twice, exactly
    side = np.sign((product - (2.0 * k + 1.0)) + error)  # the subtraction is exact (Sterbenz)
    up = (side > 0) | ((side == 0) & (np.fmod(k, 2.0) == 1.0))
    chosen = (k + up) / scale
    out[ok] = np.copysign(chosen, x[ok])
    return out


def json_numbers(values: Any, digits: int = 4) -> np.ndarray:
    """:func:`json_number` of every element, as an object array (NaN as ``None``; ready for the JSON encoder)."""
    r = round_like_python(values, digits)
    out = r.astype(object)
    out[np.isnan(r)] = None
    return out
