"""A target's verdict for one group (the country or a province), judged on the target's year.

A target "by year Y" is judged on the group's value **in Y**, never on a later year:

* the group has a value in Y: ``met`` or ``missed`` on that value;
* the group has no value in Y although the data reach Y (its data stop before Y, or skip
  it): ``no_target_year`` ("no data for the target year"); a trend through the years before
  Y is given as a projection, never as the verdict;
* Y is after every year of the data: ``on_track`` / ``off_track`` by the projection — a
  least-squares line through the group's values up to Y, read at Y (a share kept within
  0–100 %) —, ``unknown`` with one year of data only;
* no value at all: ``no_data``.

Values of years after Y are shown as later values; they judge nothing.

Two cautions can withhold a verdict:

* **insufficient_data**: village-years whose population field is empty (unclassified,
  :mod:`villagescore.targets.scope`) could change the verdict: the value they could give,
  from its lowest to its highest, falls on both sides of the target;
* **partial_total**: a total (``sum`` or ``count``) over the villages of the data is compared
  with a figure for all villages, and the data do not say they are complete: the sum is only
  a lower bound of the true total (when no value is negative), so only what a lower bound
  proves is said — a ``>=``/``>`` target reached in Y is ``met``, a ``<=``/``<`` target
  exceeded in Y is ``missed`` —, anything else is ``partial_total``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..numbers import json_number
from .model import Target

__all__ = ["Point", "VERDICT_IDS", "judge"]

#: Every verdict, in the order the documentation gives them.
VERDICT_IDS = ("met", "missed", "on_track", "off_track", "no_target_year", "insufficient_data", "partial_total",
               "unknown", "no_data")


@dataclass(frozen=True)
class Point:
    """One measured year of a group: its value and the range unclassified village-years leave open."""

    year: int
    value: float
    low: float
    high: float
    #: whether no measured value of the year is negative (a sum over part of the villages is then a lower bound)
    nonnegative: bool = True


def _decide(target: Target, low: float, high: float) -> bool | None:
    """Whether every value from ``low`` to ``high`` reaches the target (True), none does (False), or it depends."""
    lo, hi = target.reached(low), target.reached(high)
    return lo if lo == hi else None


def _projection(target: Target, points: Sequence[Point]) -> tuple[float, float, float, float] | None:
    """Slope, projected value at the target year and its lowest and highest values over the points' ranges.

    The least-squares line through (year, value), read at the target year, is the sum of
    ``c_i × value_i`` with ``c_i = 1/n + (Y − ȳ)(y_i − ȳ) / Σ(y_j − ȳ)²``: its extremes take
    each value at the end of its range that the sign of ``c_i`` favours.
    """
    n = len(points)
    if n < 2:
        return None
    mean_year = sum(p.year for p in points) / n
    sxx = sum((p.year - mean_year) ** 2 for p in points)
    mean_value = sum(p.value for p in points) / n
    slope = sum((p.year - mean_year) * (p.value - mean_value) for p in points) / sxx
    coef = [1 / n + (target.year - mean_year) * (p.year - mean_year) / sxx for p in points]
    projected = sum(c * p.value for c, p in zip(coef, points, strict=True))
    low = sum(c * (p.low if c > 0 else p.high) for c, p in zip(coef, points, strict=True))
    high = sum(c * (p.high if c > 0 else p.low) for c, p in zip(coef, points, strict=True))
    if target.is_share:  # a share stays within 0–100 %, whatever the line says
        projected, low, high = (min(max(x, 0.0), 100.0) for x in (projected, low, high))
    return slope, projected, low, high


def judge(target: Target, points: Sequence[Point], *, last_year: int | None, partial_total: bool = False
          ) -> dict[str, Any]:
    """The trend of one group: ``verdict``, ``basis``, ``judged_year``, ``slope``, ``projected`` and later years.

    ``points`` are the group's measured years in order; ``last_year`` the last year of the
    whole data (has the target year been surveyed at all?); ``partial_total`` marks a total
    over the villages of incomplete data (see the module docstring).
    """
    out: dict[str, Any] = {"verdict": "no_data", "basis": None, "judged_year": None, "slope": None,
                           "projected": None, "projected_range": None, "latest_year": None, "later_years": []}
    if not points:
        return out
    year = target.year
    at = next((p for p in points if p.year == year), None)
    before = [p for p in points if p.year < year]
    out["latest_year"] = points[-1].year
    out["later_years"] = [p.year for p in points if p.year > year]
    fit = None if at is not None else _projection(target, before)
    if fit is not None:
        slope, projected, low, high = fit
        out.update(slope=json_number(slope), projected=json_number(projected),
                   projected_range=[json_number(low), json_number(high)] if (low, high) != (projected, projected)
                   else None)
    if at is not None:
        out.update(basis="target_year", judged_year=year)
        reached = _decide(target, at.low, at.high)
        verdict = "insufficient_data" if reached is None else "met" if reached else "missed"
        if partial_total and not _proved_by_a_lower_bound(target, verdict, at):
            verdict = "partial_total"
    elif not before or (last_year is not None and year <= last_year):
        out.update(basis="projection" if fit is not None else None, judged_year=None)
        verdict = "no_target_year"
    else:
        out.update(basis="projection", judged_year=before[-1].year)
        if fit is None:
            verdict = "unknown"
        else:
            reached = _decide(target, fit[2], fit[3])
            verdict = "insufficient_data" if reached is None else "on_track" if reached else "off_track"
            if partial_total:
                verdict = "partial_total"
    out["verdict"] = verdict
    return out


def _proved_by_a_lower_bound(target: Target, verdict: str, point: Point) -> bool:
    """Whether a verdict on a sum over part of the villages holds for the total of all of them."""
    if not point.nonnegative:
        return False
    return (verdict == "met" and target.op in (">=", ">")) or (verdict == "missed" and target.op in ("<=", "<"))
