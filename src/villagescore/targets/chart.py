"""A target's progress as an inline SVG line chart (no JavaScript, no external files).

One line per group over the years (the country drawn bold, provinces thin), the target as
a marked point at its year with a dashed level line, and the country's trend projected to
the target year. Every text is XML-escaped here; coordinates are rounded to one decimal,
so the same report always gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from markupsafe import escape

__all__ = ["trend_svg"]

_W, _H = 640, 300
_L, _R, _T, _B = 56, 20, 20, 40


def _f(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _nice(lo: float, hi: float) -> tuple[float, float, float]:
    span = hi - lo or abs(hi) or 1.0
    step = 10 ** math.floor(math.log10(span / 4))
    for m in (1, 2, 2.5, 5, 10):
        if span / (step * m) <= 6:
            step *= m
            break
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def _tick(value: float, step: float, lang: str = "en") -> str:
    """``value`` with as many decimals as ``step`` needs, written for ``lang`` (vi ``1.000.000``, ``0,5``)."""
    from ..i18n import format_number

    digits = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return format_number(value, digits, lang)


def trend_svg(series: Mapping[str, Sequence[tuple[int, float]]], *, target_year: int, target_value: float,
              projected: float | None = None, share: bool = False, highlight: str = "", title: str = "",
              labels: Mapping[str, str] | None = None, ident: str = "", lang: str = "en") -> str:
    """Return an ``<svg class="target-chart">`` element.

    Parameters
    ----------
    series : mapping of group -> [(year, value), ...]
        The measured values; ``highlight`` names the group drawn bold (the country).
    target_year, target_value : the target.
    projected : float, optional
        The highlighted group's trend at ``target_year`` (drawn dashed from its last point).
    share : bool
        Values are percentages: the axis runs from 0 to 100.
    labels : mapping, optional
        Text shown for each group in tooltips (default: the group key).
    lang : str
        Language the numbers are written in (axis labels and tooltips: ``1.000.000``, ``5,01`` in ``vi``).
    """
    labels = labels or {}
    points = [(y, v) for s in series.values() for y, v in s if v is not None]
    years = [y for y, _ in points] + [target_year]
    y0, y1 = min(years), max(years)
    if y0 == y1:
        y0 -= 1
    values = [v for _, v in points] + [target_value] + ([projected] if projected is not None else [])
    if share:
        lo, hi, step = 0.0, 100.0, 20.0
    else:
        lo, hi, step = _nice(min(0.0, min(values)), max(values) * 1.05 if max(values) > 0 else 1.0)
    pw, ph = _W - _L - _R, _H - _T - _B

    def px(year: float) -> float:
        return _L + pw * (year - y0) / (y1 - y0)

    def py(value: float) -> float:
        return _T + ph * (1 - (min(max(value, lo), hi) - lo) / ((hi - lo) or 1))

    out = [f'<svg class="target-chart" id="{escape(ident)}" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {_W} {_H}" width="{_W}" height="{_H}" role="img" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    k = lo
    while k <= hi + step / 2:
        y = py(k)
        out.append(f'<line class="grid" x1="{_L}" y1="{_f(y)}" x2="{_W - _R}" y2="{_f(y)}" stroke="#e1e5ea"/>'
                   f'<text x="{_L - 6}" y="{_f(y + 4)}" font-size="11" text-anchor="end" fill="#5b6570">'
                   f"{escape(_tick(k, step, lang))}</text>")
        k += step
    for year in range(y0, y1 + 1):
        out.append(f'<text x="{_f(px(year))}" y="{_H - _B + 16}" font-size="11" text-anchor="middle" '
                   f'fill="#5b6570">{year}</text>')
    ty = py(target_value)
    out.append(f'<line class="target-level" x1="{_L}" y1="{_f(ty)}" x2="{_f(px(target_year))}" y2="{_f(ty)}" '
               'stroke="#b2182b" stroke-width="1.2" stroke-dasharray="6 4"/>')
    order = sorted(series, key=lambda g: g == highlight)  # the highlighted group on top
    for group in order:
        pts = [(y, v) for y, v in series[group] if v is not None]
        if not pts:
            continue
        bold = group == highlight
        style = ('stroke="#08306b" stroke-width="2.6"' if bold else 'stroke="#9aa5b1" stroke-width="1" '
                 'stroke-opacity="0.8"')
        coords = " ".join(f"{_f(px(y))},{_f(py(v))}" for y, v in pts)
        name = escape(labels.get(group, group))
        out.append(f'<polyline class="{"series national" if bold else "series"}" points="{coords}" fill="none" '
                   f"{style}><title>{name}</title></polyline>")
        if bold:
            for y, v in pts:
                value = escape(_tick(v, step / 100 if step < 100 else 1, lang))
                out.append(f'<circle class="point" cx="{_f(px(y))}" cy="{_f(py(v))}" r="3.5" fill="#08306b">'
                           f"<title>{name} {y}: {value}</title></circle>")
            if projected is not None and pts[-1][0] < target_year:
                ly, lv = pts[-1]
                out.append(f'<line class="projection" x1="{_f(px(ly))}" y1="{_f(py(lv))}" x2="{_f(px(target_year))}" '
                           f'y2="{_f(py(projected))}" stroke="#08306b" stroke-width="1.5" stroke-dasharray="3 3"/>')
    out.append(f'<circle class="target" cx="{_f(px(target_year))}" cy="{_f(ty)}" r="6" fill="#b2182b">'
               f"<title>{escape(title)}: {target_year}</title></circle>")
    out.append("</svg>")
    return "".join(out)


