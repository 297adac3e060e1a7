"""Built-in scoring methods: pure, vectorised functions from values to 0–100 scores.

Each function takes a float array (NaN where a value is missing) and its validated
parameters, and returns an array of the same shape; NaN in gives NaN out. The semantics
of each method, with worked examples, are in ``docs/scoring.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .errors import SaidText, said
from .i18n import N_
from .objects import Scorer

__all__ = [
    "bands",
    "linear",
    "ratio_to_limit",
    "boolean",
    "categorical",
    "target",
    "perturb_bands",
    "perturb_linear",
    "perturb_ratio_to_limit",
    "perturb_target",
    "BUILTIN_SCORERS",
    "DEFAULT_RATIO_EDGES",
    "DEFAULT_RATIO_SCORES",
]

#: Ratio-to-limit levels proposed in domain.md §A (≤0.5, ≤0.8, ≤1.0 compliant, ≤1.5, >1.5).
DEFAULT_RATIO_EDGES = (0.5, 0.8, 1.0, 1.5)
DEFAULT_RATIO_SCORES = (100.0, 75.0, 50.0, 25.0, 0.0)


def _as_float(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=float)


def bands(values: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """Score by bands: ``edges`` ascending, ``scores`` one more than the edges.

    With ``closed="right"`` (default) band *i* is ``(edges[i-1], edges[i]]``: a value
    exactly on an edge falls in the lower band. With ``closed="left"`` band *i* is
    ``[edges[i-1], edges[i])``: a value on an edge falls in the upper band. ``edges`` may
    also give one row of edges per value (``(values, edges)``, as :func:`perturb_bands`
    moves them).
    """
    x = _as_float(values)
    edges = np.asarray(params["edges"], dtype=float)
    scores = np.asarray(params["scores"], dtype=float)
    right = params.get("closed", "right") == "right"
    k = edges.shape[-1] if edges.ndim else 0
    per_value = edges.ndim > 1
    if per_value and scores.shape != (k + 1,):
        msg = f"bands: {k} edges need {k + 1} scores, got {scores.shape[0] if scores.ndim else 0}"
        raise ValueError(msg)
    if per_value or (scores.shape == (k + 1,) and k < 32 and np.all(np.isfinite(edges))
                     and np.all(edges[1:] >= edges[:-1])):
        # the band index is the number of edges below the value (right-closed) or at or below it
        # (left-closed): what np.digitize returns for ascending edges, in one compare per edge
        idx = np.zeros(x.shape, dtype=np.uint8 if k < 255 else np.intp)
        above = np.empty(x.shape, dtype=bool)
        flags = above.view(np.uint8)  # the same 0 and 1, added without a cast
        compare = np.greater if right else np.greater_equal
        for edge in np.moveaxis(edges, -1, 0):  # a number, or one edge per value
            compare(x, edge, out=above)
            idx += flags
        # a missing value is above no edge (index 0): moved to the trailing NaN by one addition, not a masked write
        np.isnan(x, out=above)
        idx += flags * idx.dtype.type(len(scores))
        return np.append(scores, np.nan).take(idx)
    idx = np.digitize(np.nan_to_num(x, nan=0.0), edges, right=right)
    out = scores[idx]
    out[np.isnan(x)] = np.nan
    return out


def linear(values: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """Linear goalposts: 0 at ``worst``, 100 at ``best``, clipped outside; either order.

    ``worst`` and ``best`` may be arrays with one goalpost per value.
    """
    x = _as_float(values)
    worst = _as_float(params["worst"])
    best = _as_float(params["best"])
    out = x - worst
    span = best - worst
    if not isinstance(out, np.ndarray) or out.ndim == 0 or np.broadcast_shapes(out.shape, span.shape) != out.shape:
        return np.clip(out / span, 0.0, 1.0) * 100.0
    # the same operations in place: no temporary per step
    out /= span
    np.clip(out, 0.0, 1.0, out=out)
    out *= 100.0
    return out


def ratio_to_limit(values: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """Score a measurement by its ratio to a legal limit or reference value.

    ``ratio = value / limit``; the ratio is then scored by bands, by default closed on the
    right, so a value exactly at the limit (ratio 1.0) is compliant. Defaults (lower is
    better): ≤0.5 → 100, ≤0.8 → 75, ≤1.0 → 50, ≤1.5 → 25, above → 0. A floor such as the
    minimum wage (higher is better) gives rising ``scores`` and ``closed="left"``, so a
    value exactly at the floor reaches the band above it. ``limit`` may be an array (one
    limit per village).
    """
    x = _as_float(values)
    limit = _as_float(params["limit"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = x / limit
    edges = params.get("edges", DEFAULT_RATIO_EDGES)
    scores = params.get("scores", DEFAULT_RATIO_SCORES)
    return bands(ratio, {"edges": edges, "scores": scores, "closed": params.get("closed", "right")})


def boolean(values: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """Score a yes/no value: ``true_score`` (default 100) for 1, ``false_score`` (0) for 0."""
    x = _as_float(values)
    true_score = float(params.get("true_score", 100.0))
    false_score = float(params.get("false_score", 0.0))
    out = np.where(x != 0, true_score, false_score)
    out[np.isnan(x)] = np.nan
    return out


def categorical(values: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """Score a category by the ``scores`` mapping; an unlisted category is missing.

    The values are factorised first, so the mapping is looked up once per distinct
    category, not once per village.
    """
    from .factorize import factorize

    mapping = {str(k): float(v) for k, v in params["scores"].items()}
    codes, uniques = factorize(np.asarray(values, dtype=object))
    table = np.array([mapping.get(str(u), np.nan) for u in uniques] + [np.nan], dtype=float)
    return table[codes]  # code -1 (a missing value) reads the trailing NaN


def target(values: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """Distance to a target band: 100 inside ``[low, high]``.

    Below ``low`` the score falls linearly to 0 at ``zero_below`` (or straight to 0 when
    ``zero_below`` is not given); above ``high`` likewise to 0 at ``zero_above``. Each
    bound may be an array with one bound per value.
    """
    x = _as_float(values)
    low = _as_float(params["low"])
    high = _as_float(params["high"])
    zb = None if params.get("zero_below") is None else _as_float(params["zero_below"])
    za = None if params.get("zero_above") is None else _as_float(params["zero_above"])
    if x.ndim and zb is not None and za is not None and np.all(zb < low) and np.all(low <= high) and np.all(high < za):
        # both ramps over the whole array, then their minimum: below ``low`` the upper ramp is
        # at 100, above ``high`` the lower one is, inside both are (same arithmetic as below)
        with np.errstate(invalid="ignore"):
            up = np.subtract(x, zb)
            up /= low - zb
            np.clip(up, 0.0, 1.0, out=up)
            up *= 100.0
            down = np.subtract(za, x)
            down /= za - high
            np.clip(down, 0.0, 1.0, out=down)
            down *= 100.0
        return np.minimum(up, down, out=up)  # NaN in, NaN out
    out = np.full_like(x, 100.0)
    below = x < low
    above = x > high

    def at(bound: np.ndarray, where: np.ndarray) -> np.ndarray:
        return np.broadcast_to(bound, x.shape)[where]

    with np.errstate(divide="ignore", invalid="ignore"):
        if zb is None:
            out[below] = 0.0
        else:
            out[below] = np.clip((x[below] - at(zb, below)) / (at(low, below) - at(zb, below)), 0.0, 1.0) * 100.0
        if za is None:
            out[above] = 0.0
        else:
            out[above] = np.clip((at(za, above) - x[above]) / (at(za, above) - at(high, above)), 0.0, 1.0) * 100.0
    out[np.isnan(x)] = np.nan
    return out


# ---- how thresholds move (Scorer.perturb): every threshold t becomes t · factor ----


def _scaled(params: Mapping[str, Any], factor: np.ndarray, keys: tuple[str, ...]) -> dict[str, Any]:
    out = dict(params)
    for key in keys:
        if out.get(key) is not None:
            out[key] = _as_float(out[key]) * factor
    return out


def perturb_bands(params: Mapping[str, Any], factor: np.ndarray) -> dict[str, Any]:
    """Band edges times the factor: one row of edges per value."""
    out = dict(params)
    out["edges"] = _as_float(params["edges"]) * np.expand_dims(factor, -1)
    return out


def perturb_linear(params: Mapping[str, Any], factor: np.ndarray) -> dict[str, Any]:
    """Both goalposts times the factor."""
    return _scaled(params, factor, ("worst", "best"))


def perturb_ratio_to_limit(params: Mapping[str, Any], factor: np.ndarray) -> dict[str, Any]:
    """The limit times the factor (the ratio's bands stay: they are fractions of the limit)."""
    return _scaled(params, factor, ("limit",))


def perturb_target(params: Mapping[str, Any], factor: np.ndarray) -> dict[str, Any]:
    """The target band and the points where the score reaches 0, times the factor."""
    return _scaled(params, factor, ("low", "high", "zero_below", "zero_above"))


# ---- parameter checks beyond the schema (Scorer.check) ----

Problems = list[tuple[str, str]]  # (where, message): each message a SaidText, said in any language
#: How many scores ``bands`` needs (``authoring.bands`` raises it too).
BAND_SCORES = N_("{method}: {edges} edges need {needed} scores, got {scores}{note}")


def _band_problems(method: str, edges: Any, scores: Any, note: Any = "") -> Problems:
    if not isinstance(edges, list | tuple) or not isinstance(scores, list | tuple):
        return []  # a type error the schema check reports
    out = []
    if len(scores) != len(edges) + 1:
        out.append(("", said(SaidText, BAND_SCORES, method=method, edges=len(edges), needed=len(edges) + 1,
                             scores=len(scores), note=note)))
    if all(isinstance(e, int | float) for e in edges) and list(edges) != sorted(edges):
        out.append(("edges", said(SaidText, N_("{method}: edges must be in ascending order"), method=method)))
    return out


def check_bands(params: Mapping[str, Any], field: Any = None) -> Problems:
    """One more score than edges; edges ascending."""
    if "edges" not in params or "scores" not in params:
        return []
    return _band_problems("bands", params["edges"], params["scores"])


def check_ratio_to_limit(params: Mapping[str, Any], field: Any = None) -> Problems:
    """The ratio is scored by bands: custom edges need as many scores (and the other way round)."""
    edges = params.get("edges", DEFAULT_RATIO_EDGES)
    scores = params.get("scores", DEFAULT_RATIO_SCORES)
    note = "" if "scores" in params else said(SaidText, N_(" (the default scores)"))
    if "edges" not in params:
        note = said(SaidText, N_(" (with the default edges {edges})"), edges=", ".join(map(str, DEFAULT_RATIO_EDGES)))
    return _band_problems("ratio_to_limit", edges, scores, note)


def check_linear(params: Mapping[str, Any], field: Any = None) -> Problems:
    """``worst`` and ``best`` must differ."""
    if "worst" in params and params.get("worst") == params.get("best"):
        return [("", said(SaidText, N_("linear: worst and best must differ")))]
    return []


def check_target(params: Mapping[str, Any], field: Any = None) -> Problems:
    """``zero_below`` < ``low`` ≤ ``high`` < ``zero_above``."""
    def num(key: str) -> float | None:
        value = params.get(key)
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None

    low, high, zb, za = num("low"), num("high"), num("zero_below"), num("zero_above")
    out = []
    if low is not None and high is not None and low > high:
        out.append(("", said(SaidText, N_("target: low ({low}) must not be above high ({high})"), low=f"{low:g}",
                             high=f"{high:g}")))
    if zb is not None and low is not None and not zb < low:
        out.append(("zero_below", said(SaidText, N_("target: zero_below ({zero}) must be below low ({low})"),
                                       zero=f"{zb:g}", low=f"{low:g}")))
    if za is not None and high is not None and not za > high:
        out.append(("zero_above", said(SaidText, N_("target: zero_above ({zero}) must be above high ({high})"),
                                       zero=f"{za:g}", high=f"{high:g}")))
    return out


def check_categorical(params: Mapping[str, Any], field: Any = None) -> Problems:
    """A score for a value the field cannot take is a typo: the real category would go unscored."""
    scores = params.get("scores")
    if field is None or field.type != "category" or not isinstance(scores, Mapping):
        return []
    return [(f"scores.{key}", said(SaidText, N_("categorical: {key!r} is not a category of field {field!r} (allowed: "
                                                "{allowed})"), key=key, field=field.id,
                                   allowed=", ".join(field.categories)))
            for key in scores if key not in field.categories]


# ---- breakpoints for improvement plans (Scorer.breakpoints) ----


def breakpoints_bands(params: Mapping[str, Any]) -> list[float]:
    """The band edges."""
    return [float(e) for e in params.get("edges", ())]


def breakpoints_ratio_to_limit(params: Mapping[str, Any]) -> list[float]:
    """The limit times each ratio edge."""
    limit = float(params["limit"])
    return [limit * float(e) for e in params.get("edges", DEFAULT_RATIO_EDGES)]


def breakpoints_linear(params: Mapping[str, Any]) -> list[float]:
    """Worst, best and the quarters between them."""
    worst, best = float(params["worst"]), float(params["best"])
    return [worst + (best - worst) * q / 4 for q in range(5)]


def breakpoints_target(params: Mapping[str, Any]) -> list[float]:
    """The target band and where the score reaches 0."""
    return [float(params[k]) for k in ("low", "high", "zero_below", "zero_above") if k in params]


def breakpoints_boolean(params: Mapping[str, Any]) -> list[float]:
    """No and yes."""
    return [0.0, 1.0]


_SCORE = {"type": "number", "minimum": 0, "maximum": 100}
_NUM = {"type": "number"}
_EDGES = {"type": "array", "items": _NUM, "minItems": 1}
_SCORES = {"type": "array", "items": _SCORE, "minItems": 2}

BUILTIN_SCORERS: tuple[Scorer, ...] = (
    Scorer(
        "bands",
        bands,
        {
            "type": "object",
            "required": ["edges", "scores"],
            "additionalProperties": False,
            "properties": {"edges": _EDGES, "scores": _SCORES, "closed": {"enum": ["left", "right"]}},
        },
        "Threshold bands: edges ascending, one score per band.",
        check=check_bands,
        breakpoints=breakpoints_bands,
        nan_preserving=True,
        perturb=perturb_bands,
        label={"vi": "theo khoảng", "en": "bands"},
    ),
    Scorer(
        "linear",
        linear,
        {
            "type": "object",
            "required": ["worst", "best"],
            "additionalProperties": False,
            "properties": {"worst": _NUM, "best": _NUM},
        },
        "Linear goalposts: 0 at worst, 100 at best, clipped.",
        check=check_linear,
        breakpoints=breakpoints_linear,
        nan_preserving=True,
        perturb=perturb_linear,
        label={"vi": "tuyến tính", "en": "linear"},
    ),
    Scorer(
        "ratio_to_limit",
        ratio_to_limit,
        {
            "type": "object",
            "required": ["limit"],
            "additionalProperties": False,
            "properties": {
                # a number > 0, or (filled by the engine) one limit per village
                "limit": {"type": ["number", "array"], "exclusiveMinimum": 0},
                "edges": _EDGES,
                "scores": _SCORES,
                "closed": {"enum": ["left", "right"]},
            },
        },
        "Ratio of the value to a legal limit, scored by bands (at the limit = compliant).",
        check=check_ratio_to_limit,
        breakpoints=breakpoints_ratio_to_limit,
        nan_preserving=True,
        perturb=perturb_ratio_to_limit,
        label={"vi": "tỷ lệ so với giới hạn", "en": "ratio to the limit"},
    ),
    Scorer(
        "boolean",
        boolean,
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {"true_score": _SCORE, "false_score": _SCORE},
        },
        "Yes/no: true_score for 1 (default 100), false_score for 0 (default 0).",
        nan_preserving=True,
        breakpoints=breakpoints_boolean,
        label={"vi": "có/không", "en": "yes/no"},
    ),
    Scorer(
        "categorical",
        categorical,
        {
            "type": "object",
            "required": ["scores"],
            "additionalProperties": False,
            "properties": {"scores": {"type": "object", "additionalProperties": _SCORE, "minProperties": 1}},
        },
        "A score per category.",
        check=check_categorical,
        nan_preserving=True,
        label={"vi": "theo loại", "en": "by category"},
    ),
    Scorer(
        "target",
        target,
        {
            "type": "object",
            "required": ["low", "high"],
            "additionalProperties": False,
            "properties": {"low": _NUM, "high": _NUM, "zero_below": _NUM, "zero_above": _NUM},
        },
        "Distance to a target band [low, high], falling linearly to 0 at zero_below/zero_above.",
        check=check_target,
        breakpoints=breakpoints_target,
        nan_preserving=True,
        perturb=perturb_target,
        label={"vi": "theo khoảng mục tiêu", "en": "target band"},
    ),
)
