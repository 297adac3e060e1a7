"""Charts as inline SVG text, generated in Python (no JavaScript, no external files).

:func:`radar_svg` draws the pillar scores of one village-year in the style of the FAO
SAFA *sustainability polygon*: one axis per pillar, concentric rings at 20, 40, 60, 80
and 100 points coloured from red (centre, unacceptable) to dark green (outer ring, best),
and the village's polygon on top (an earlier year's polygon dashed behind it). The bands
are opaque annuli (each painted once, so colours never mix) and the ring labels sit
between the first two axes, where no data point can cover them. Every
text that comes from outside this module (labels, titles) is XML-escaped here, so the
returned markup is safe to embed in an HTML page as is. Coordinates are rounded to one
decimal, so the same scores always give the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import escape

__all__ = ["radar_svg", "bars_svg", "band_fill", "ring_label_angle", "RING_LEVELS", "BAND_COLOURS", "BAND_TINT"]

#: Score levels of the rings.
RING_LEVELS = (20, 40, 60, 80, 100)
#: Colour of the band below each ring level, from the outer band (80–100) inwards; the
#: five SAFA performance levels best / good / moderate / limited / unacceptable.
BAND_COLOURS = {100: "#1a9850", 80: "#91cf60", 60: "#fee08b", 40: "#fc8d59", 20: "#d73027"}
#: Strength of the band tints: each band is its colour mixed with this much of it over white.
BAND_TINT = 0.38


def band_fill(level: int) -> str:
    """The opaque tint that fills the band below ``level`` (its colour lightened over white).

    Bands are opaque annuli, each painted once: translucent discs stacked on each other
    would mix their colours (the 40–60 band turned yellow-green) and print unevenly.
    """
    colour = BAND_COLOURS[level]
    rgb = [int(colour[k:k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * BAND_TINT):02x}" for c in rgb)

_WIDTH, _HEIGHT = 560, 470
_CX, _CY, _R = 280.0, 235.0, 150.0
_LINE = 15  # line height of axis labels
_MAX_LINES = 4  # lines of an axis label at most


def _f(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _point(k: int, n: int, r: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * k / n
    return _CX + r * math.cos(angle), _CY + r * math.sin(angle)


def _radius(score: float | None) -> float:
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return 0.0
    return _R * min(max(float(score), 0.0), 100.0) / 100.0


def _wrap(text: str, width: int = 18, most: int = _MAX_LINES) -> list[str]:
    """``text`` in lines of about ``width`` characters, at most ``most`` of them: a longer text ends with "…".

    A chart's label is a reminder (the full label is in the table beside the chart); an unbounded
    one would fill the chart and the page with lines.
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        elif len(lines) == most:
            lines[-1] = lines[-1][: width - 1] + "…"
            break
        else:
            lines.append(word)
    return lines or [""]


def _axis_label(k: int, n: int, text: str, value: str) -> str:
    angle = -math.pi / 2 + 2 * math.pi * k / n
    cos, sin = math.cos(angle), math.sin(angle)
    x, y = _point(k, n, _R + 16)
    anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
    lines = _wrap(text) + [value]
    if sin < -0.3:  # top: the block grows upwards
        y0 = y - _LINE * (len(lines) - 1)
    elif sin > 0.3:  # bottom: the block hangs below
        y0 = y + _LINE - 3
    else:
        y0 = y - _LINE * (len(lines) - 1) / 2 + 4
    spans = []
    for m, line in enumerate(lines):
        cls = ' class="axis-value"' if m == len(lines) - 1 else ""
        spans.append(f'<tspan x="{_f(x)}" y="{_f(y0 + m * _LINE)}"{cls}>{escape(line)}</tspan>')
    return f'<text class="axis-label" text-anchor="{anchor}">{"".join(spans)}</text>'


def ring_label_angle(n: int) -> float:
    """The direction (radians, SVG coordinates) of the ring labels: halfway between the first two axes.

    Data points lie on the axes only, so a label there is never hidden under one; with one
    axis or none, the labels go a quarter turn from the first axis.
    """
    step = 2 * math.pi / n if n >= 2 else math.pi
    return -math.pi / 2 + step / 2


def _annulus(outer: float, inner: float) -> str:
    """SVG path of a ring between two radii around the centre (a disc when ``inner`` is 0)."""
    def circle(r: float) -> str:
        return (f"M{_f(_CX - r)},{_f(_CY)}a{_f(r)},{_f(r)} 0 1,0 {_f(2 * r)},0"
                f"a{_f(r)},{_f(r)} 0 1,0 {_f(-2 * r)},0Z")

    return circle(outer) + (circle(inner) if inner > 0 else "")


def _polygon(scores: Sequence[float | None], cls: str, style: str) -> str:
    n = len(scores)
    points = " ".join(f"{_f(x)},{_f(y)}" for x, y in (_point(k, n, _radius(s)) for k, s in enumerate(scores)))
    return f'<polygon class="{cls}" points="{points}" {style}/>'


def radar_svg(axes: Sequence[tuple[str, float | None, str]], *, previous: Sequence[float | None] | None = None,
              title: str = "", legend: tuple[str, str] = ("", ""), ident: str = "") -> str:
    """Return an ``<svg class="radar">`` element: one axis per pillar, the village's polygon.

    Parameters
    ----------
    axes : sequence of (label, score, score text)
        One entry per pillar, in framework order; ``score`` in [0, 100] or ``None``
        (drawn at the centre; its text says it is missing).
    previous : sequence of scores, optional
        An earlier year's scores, drawn as a dashed polygon behind the current one.
    title : str
        Accessible title of the chart.
    legend : (current, previous)
        Legend texts (e.g. the two years); shown when ``previous`` is given.
    ident : str
        ``id`` attribute of the ``<svg>`` element.
    """
    n = len(axes)
    out = [f'<svg class="radar" id="{escape(ident)}" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {_WIDTH} {_HEIGHT}" width="{_WIDTH}" height="{_HEIGHT}" role="img" '
           f'aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    inner = 0.0
    for level in RING_LEVELS:  # opaque annuli, inside out: each band is painted once, never over another
        outer = _R * level / 100
        out.append(f'<path class="ring ring-{level}" d="{_annulus(outer, inner)}" fill="{band_fill(level)}" '
                   'fill-rule="evenodd" stroke="#7f7f7f" stroke-width="0.6"/>')
        inner = outer
    for k in range(n):
        x, y = _point(k, n, _R)
        out.append(f'<line class="axis" x1="{_f(_CX)}" y1="{_f(_CY)}" x2="{_f(x)}" y2="{_f(y)}" '
                   'stroke="#555" stroke-width="0.8"/>')
    angle = ring_label_angle(n)
    for level in RING_LEVELS:  # between the first two axes: never under a data point (points lie on axes)
        r = _R * level / 100 - 7
        x, y = _CX + r * math.cos(angle), _CY + r * math.sin(angle)
        out.append(f'<text class="ring-label" x="{_f(x)}" y="{_f(y + 3)}" font-size="9" fill="#333" '
                   f'text-anchor="middle" stroke="#ffffff" stroke-width="2.4" paint-order="stroke">{level}</text>')
    if previous is not None and n:
        out.append(_polygon(list(previous), "previous",
                            'fill="none" stroke="#555" stroke-width="1.5" stroke-dasharray="5 4"'))
    if n:
        out.append(_polygon([a[1] for a in axes], "village",
                            'fill="#2c7fb8" fill-opacity="0.30" stroke="#08306b" stroke-width="2.2"'))
    for k, (text, score, value) in enumerate(axes):
        x, y = _point(k, n, _radius(score))
        out.append(f'<circle class="point" cx="{_f(x)}" cy="{_f(y)}" r="3.5" fill="#08306b">'
                   f"<title>{escape(text)}: {escape(value)}</title></circle>")
        out.append(_axis_label(k, n, text, value))
    if previous is not None and n:
        y = _HEIGHT - 14
        out.append(f'<g class="legend" font-size="11"><line x1="20" y1="{y}" x2="44" y2="{y}" stroke="#08306b" '
                   f'stroke-width="2.2"/><text x="50" y="{y + 4}">{escape(legend[0])}</text>'
                   f'<line x1="130" y1="{y}" x2="154" y2="{y}" stroke="#555" stroke-width="1.5" '
                   f'stroke-dasharray="5 4"/><text x="160" y="{y + 4}">{escape(legend[1])}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _band(score: float) -> str:
    for level in RING_LEVELS:
        if score < level or level == 100:
            return BAND_COLOURS[level]
    return BAND_COLOURS[100]  # pragma: no cover - the loop always returns


_LABEL_CHARS = 40  # what fits in the label area at 12 px


def _shorten(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[:_LABEL_CHARS - 1] + "…"


def _label_lines(label: str | tuple[str, str]) -> list[str]:
    """The lines of a bar label, one or two.

    A ``(name, tail)`` pair too long for one line puts its tail (the id and year that tell
    the bars apart) whole on a second line; only the name is shortened.
    """
    if isinstance(label, str):
        return [_shorten(label)]
    name, tail = label
    whole = f"{name} {tail}" if name else tail
    return [whole] if len(whole) <= _LABEL_CHARS or not name else [_shorten(name), tail]


def _label_text(label: str | tuple[str, str]) -> str:
    return label if isinstance(label, str) else " ".join(part for part in label if part)


def bars_svg(items: Sequence[tuple[str | tuple[str, str], float | None, str, float | None, float | None]], *,
             title: str = "", ident: str = "", label_width: int = 250) -> str:
    """Return an ``<svg class="bars">`` horizontal bar chart of scores in [0, 100].

    ``items`` are ``(label, score, score text, low, high)``; ``low``/``high`` (optional)
    draw a range line across the bar (e.g. the minimum and maximum of a group). Bars are
    coloured by the SAFA performance band of their score; a missing score draws no bar.
    A label is a text, shortened with "…" when too long, or a ``(name, tail)`` pair whose
    tail is never cut: when the pair does not fit one line, the tail goes on a second line
    (every row is then two lines high) and only the name is shortened.
    """
    labels = [_label_lines(label) for label, *_ in items]
    two_lines = any(len(lines) > 1 for lines in labels)
    row, top, bar_area = (34 if two_lines else 22), 26, 400
    pad = (row - 22) // 2  # the bar and a one-line label sit in the middle of a taller row
    width = label_width + bar_area + 70
    height = top + row * len(items) + 8
    x0 = label_width
    out = [f'<svg class="bars" id="{escape(ident)}" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="{escape(title)}">', f"<title>{escape(title)}</title>"]
    for level in (0, *RING_LEVELS):
        x = x0 + bar_area * level / 100
        out.append(f'<line class="grid" x1="{_f(x)}" y1="{top - 6}" x2="{_f(x)}" y2="{height - 6}" '
                   'stroke="#d5dae0" stroke-width="0.8"/>')
        out.append(f'<text x="{_f(x)}" y="{top - 10}" font-size="10" text-anchor="middle" fill="#5b6570">'
                   f"{level}</text>")
    for k, ((label, score, value, low, high), lines) in enumerate(zip(items, labels, strict=True)):
        y = top + k * row + pad
        if len(lines) == 1:
            shown = escape(lines[0])
        else:
            shown = "".join(f'<tspan x="{x0 - 8}" dy="{dy}">{escape(line)}</tspan>'
                            for dy, line in zip((0, 14), lines, strict=True))
        out.append(f'<text class="bar-label" x="{x0 - 8}" y="{y + (15 if len(lines) == 1 else 8)}" font-size="12" '
                   f'text-anchor="end"><title>{escape(_label_text(label))}</title>{shown}</text>')
        if score is not None and not (isinstance(score, float) and math.isnan(score)):
            s = min(max(float(score), 0.0), 100.0)
            out.append(f'<rect class="bar" x="{x0}" y="{y + 4}" width="{_f(bar_area * s / 100)}" height="14" '
                       f'fill="{_band(s)}" stroke="#555" stroke-width="0.4"/>')
        if low is not None and high is not None:
            lx, hx = x0 + bar_area * float(low) / 100, x0 + bar_area * float(high) / 100
            out.append(f'<line class="range" x1="{_f(lx)}" y1="{y + 11}" x2="{_f(hx)}" y2="{y + 11}" '
                       'stroke="#1b1f24" stroke-width="1.5"/>')
        out.append(f'<text class="bar-value" x="{x0 + bar_area + 6}" y="{y + 15}" font-size="12">'
                   f"{escape(value)}</text>")
    out.append("</svg>")
    return "".join(out)
