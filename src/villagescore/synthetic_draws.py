"""How the synthetic generator draws one field's values, and redraws those a plausibility check refuses.

Used by :mod:`villagescore.synthetic`; every value is an estimate (``[E]``), drawn from the
field's spec (``datasets/synthetic/field-specs.yaml``) or from its type and range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from .objects import Field

__all__ = ["default_spec", "values_of", "plausible", "broken_checks", "by_province", "not_applicable",
           "MAX_REDRAW_ROUNDS", "DECIMALS"]

#: Decimals of the values of a decimal field as written (the checks see them so).
DECIMALS = 2

#: Weight of the village's latent factor against the field's own noise.
_LATENT = 0.4


def default_spec(fld: Field) -> tuple:
    """The spec of a field the specs file does not list, from its type and range (all [E]).

    Booleans are yes with probability 0.5; categories are equally likely; numbers are uniform
    (whole numbers for ``integer`` fields) from the minimum (0 when open) over the whole range of
    a percentage, the lower tenth of any other bounded range, or 100 units when unbounded.
    """
    if fld.type == "boolean":
        return ("bool", 0.5)
    if fld.type == "category":
        p = 1.0 / len(fld.categories)
        return ("cat", dict.fromkeys(fld.categories, p))
    lo = 0.0 if fld.minimum is None else float(fld.minimum)
    if fld.maximum is None:
        hi = lo + 100.0
    elif fld.unit == "%":
        hi = float(fld.maximum)
    else:  # the lower tenth of a wide valid range is the plausible part [E]
        hi = lo + (float(fld.maximum) - lo) * 0.1
    return ("int" if fld.type == "integer" else "u", lo, hi)


def _quantiles(rng: np.random.Generator, latent: np.ndarray, sign: int | None) -> np.ndarray:
    own = rng.random(latent.shape[0])
    if sign is None:
        return own
    lat = latent if sign > 0 else 1.0 - latent
    return _LATENT * lat + (1.0 - _LATENT) * own


def _written(values: np.ndarray | None, fld: Field | None) -> np.ndarray | None:
    """``values`` of ``fld`` as the file will hold them: a decimal field's rounded to :data:`DECIMALS`."""
    if values is None or fld is None or values.dtype == object:
        return values
    if fld.type in ("integer", "boolean", "category", "text"):
        return values
    return np.round(values.astype(float), DECIMALS)


def _clip(values: np.ndarray, fld: Field | None) -> np.ndarray:
    if fld is None:
        return values
    lo = -np.inf if fld.minimum is None else fld.minimum
    hi = np.inf if fld.maximum is None else fld.maximum
    return np.clip(values, lo, hi)


def values_of(spec: tuple, fld: Field | None, n: int, rng: np.random.Generator, latent: np.ndarray,
              sign: int | None, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """``n`` values of the field ``fld`` drawn from ``spec`` (``sign``: +1 when higher is better).

    ``latent`` is each village's good-practice factor; ``columns`` the fields drawn so far (a
    ``share`` spec takes a part of one of them).
    """
    kind = spec[0]
    if kind == "bool":
        q = _quantiles(rng, latent, sign)
        # q is the "goodness" quantile; the good value (1) is drawn with probability p
        return (q > 1.0 - spec[1]).astype(float)
    if kind == "cat":
        cats = list(spec[1])
        if fld is not None and fld.categories:
            cats = [c for c in cats if c in fld.categories] or list(fld.categories)
        probs = np.array([spec[1].get(c, 0.0) for c in cats], dtype=float)
        probs = probs / probs.sum() if probs.sum() > 0 else np.full(len(cats), 1.0 / len(cats))
        idx = np.searchsorted(np.cumsum(probs), rng.random(n) * (1 - 1e-12), side="right")
        return np.asarray(cats, dtype=object)[np.minimum(idx, len(cats) - 1)]
    if kind == "choice":
        vals = np.array(list(spec[1]), dtype=float)
        probs = np.array(list(spec[1].values()), dtype=float)
        idx = np.searchsorted(np.cumsum(probs / probs.sum()), rng.random(n) * (1 - 1e-12), side="right")
        return _clip(vals[np.minimum(idx, len(vals) - 1)], fld)
    if kind == "per":  # [per, other, lo, hi(, plus)]: other × U(lo, hi), plus the field `plus` when given
        other = columns.get(spec[1])
        if other is None:
            return np.full(n, np.nan)
        out = other * (spec[2] + (spec[3] - spec[2]) * rng.random(n))
        if fld is not None and fld.type == "integer":
            out = np.floor(out + 0.5)
        if len(spec) > 4:
            plus = columns.get(spec[4])
            out = out + (plus if plus is not None else np.nan)
        return _clip(out, fld)
    if kind == "share":
        other = columns.get(spec[1])
        frac = spec[2] + (spec[3] - spec[2]) * rng.random(n)
        if other is None:
            return np.full(n, np.nan)
        out = np.floor(other * frac) if fld is None or fld.type == "integer" else other * frac
        return _clip(np.minimum(out, other), fld)
    q = _quantiles(rng, latent, sign)
    lo, hi = float(spec[1]), float(spec[2])
    if kind in ("log", "intlog") and lo > 0:
        out = np.exp(math.log(lo) + q * (math.log(hi) - math.log(lo)))
    else:
        out = lo + q * (hi - lo)
    if kind == "int":
        out = np.minimum(np.floor(lo + q * (hi - lo + 1)), hi)
    elif kind == "intlog" or (fld is not None and fld.type == "integer"):
        out = np.floor(out + 0.5)
    return _clip(out, fld)


#: At most this many rounds of redraws: checks that contradict each other (one field bounded from both sides by
#: ranges that do not meet) would otherwise redraw for ever; what still breaks then is said (:func:`broken_checks`).
MAX_REDRAW_ROUNDS = 20


def plausible(columns: dict[str, np.ndarray], fmap: Mapping[str, Field], checks: list[Any],
              rng: np.random.Generator) -> None:
    """Redraw the values that break a plausibility check, inside it (``left op factor × right``).

    A left value above its bound (``<=``) becomes 50–95 % of it, one below (``>=``) 105–150 %;
    then the field's range and whole numbers apply. Rounds over every check (in the order given)
    until one round redraws nothing, at most :data:`MAX_REDRAW_ROUNDS`: a redraw of a field may
    break a check met earlier in the round (workers redrawn for a third-party check, then above
    the artisans' bound). A round that redraws nothing draws no random number either, so data
    that the first rounds make plausible is drawn as before. A decimal field is checked as it
    will be written (rounded to :data:`DECIMALS`), so a check met here is met in the file.
    """
    for _ in range(MAX_REDRAW_ROUNDS):
        redrawn = False
        for check in checks:
            left, right = columns.get(check.left), columns.get(check.right)
            # checked as written (rounded): a value rounded after the check may break it
            broken = _broken(check, _written(left, fmap.get(check.left)), _written(right, fmap.get(check.right)))
            if broken is None or not broken.any():
                continue
            redrawn = True
            bound = check.factor * right
            u = rng.random(int(broken.sum()))
            new = bound[broken] * ((0.5 + 0.45 * u) if check.op == "<=" else (1.05 + 0.45 * u))
            fld = fmap.get(check.left)
            if fld is not None and fld.type == "integer":
                new = np.floor(new) if check.op == "<=" else np.ceil(new)
            left = left.copy()
            left[broken] = _clip(new, fld)
            columns[check.left] = left
        if not redrawn:
            return


def _broken(check: Any, left: np.ndarray | None, right: np.ndarray | None) -> np.ndarray | None:
    """Where ``left op factor × right`` fails (an empty value never fails); ``None`` when it cannot be checked."""
    if left is None or right is None or left.dtype == object or right.dtype == object:
        return None
    with np.errstate(invalid="ignore"):
        return (left > check.factor * right) if check.op == "<=" else (left < check.factor * right)


def broken_checks(columns: Mapping[str, np.ndarray], checks: list[Any]) -> dict[str, int]:
    """Check id → the rows that still break it in ``columns`` (numpy arrays; checks no row breaks left out)."""
    out = {}
    for check in checks:
        broken = _broken(check, columns.get(check.left), columns.get(check.right))
        if broken is not None and broken.any():
            out[check.id] = out.get(check.id, 0) + int(broken.sum())
    return dict(sorted(out.items()))


def by_province(spec: tuple, table: Mapping[str, Mapping[str, float]], province: np.ndarray, n: int,
                rng: np.random.Generator, fld: Field | None) -> np.ndarray:
    """A category drawn from the province's own probabilities (``table``), else from ``spec`` (a ``cat`` spec).

    One uniform draw per row; each row's category is where it falls in its province's cumulative
    probabilities (the wage region follows the province: field-specs.yaml ``by_province``).
    """
    cats = list(fld.categories) if fld is not None and fld.categories else list(spec[1])
    def cumulative(probs: Mapping[str, float]) -> np.ndarray:
        p = np.array([float(probs.get(c, 0.0)) for c in cats])
        return np.cumsum(p / p.sum())
    default = cumulative(spec[1])
    cum = np.tile(default, (n, 1))
    for name, probs in table.items():
        cum[province == name] = cumulative(probs)
    u = rng.random(n) * (1 - 1e-12)
    idx = (cum <= u[:, None]).sum(axis=1)
    return np.asarray(cats, dtype=object)[np.minimum(idx, len(cats) - 1)]


def not_applicable(columns: dict[str, np.ndarray], rules: Mapping[str, Mapping[str, Any]]) -> None:
    """Empty a field where another field has a given value (the new-rural status of a ward: field-specs.yaml)."""
    for fid, when in rules.items():
        if fid not in columns:
            continue
        for other, value in when.items():
            cond = columns.get(other)
            if cond is None:
                continue
            mask = cond == value
            vals = columns[fid]
            columns[fid] = np.where(mask, None if vals.dtype == object else np.nan, vals)
