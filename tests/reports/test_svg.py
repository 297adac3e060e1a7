"""The radar's bands and ring labels (villagescore.reports.svg)."""

import math
import re

from villagescore.reports.svg import BAND_COLOURS, RING_LEVELS, band_fill, radar_svg, ring_label_angle


def _rings(svg: str) -> list[tuple[int, str, str]]:
    return re.findall(r'<path class="ring ring-(\d+)" d="([^"]+)" fill="([^"]+)"([^>]*)/>', svg)


def test_bands_are_opaque_annuli_painted_once():
    svg = radar_svg([("A", 50, "50"), ("B", 50, "50"), ("C", 50, "50"), ("D", 50, "50")])
    rings = _rings(svg)
    assert [int(level) for level, *_ in rings] == list(RING_LEVELS)
    assert "fill-opacity" not in svg.split('<polygon class="village"')[0]  # no translucent band to mix
    for level, path, fill, rest in rings:
        assert fill == band_fill(int(level))
        # every band but the centre is a ring: outer circle and inner circle (even-odd), so none covers another
        assert path.count("M") == (1 if int(level) == RING_LEVELS[0] else 2)
        assert 'fill-rule="evenodd"' in rest
    fills = [fill for _, _, fill, _ in rings]
    assert len(set(fills)) == len(fills)


def test_band_tints_keep_the_hue_of_their_level():
    for level, colour in BAND_COLOURS.items():
        tint = band_fill(level)
        base = [int(colour[k:k + 2], 16) for k in (1, 3, 5)]
        mixed = [int(tint[k:k + 2], 16) for k in (1, 3, 5)]
        assert all(m >= b for m, b in zip(mixed, base, strict=True))  # lighter, channel by channel
        assert max(range(3), key=lambda k: base[k]) == max(range(3), key=lambda k: mixed[k])
    assert band_fill(60) == "#fff3d3"  # the 40–60 band stays a pale yellow, not yellow-green


def test_ring_labels_sit_between_the_axes_never_under_a_data_point():
    for n in (3, 4, 5, 6, 8):
        angle = ring_label_angle(n)
        axes = [-math.pi / 2 + 2 * math.pi * k / n for k in range(n)]
        gap = min(abs(math.remainder(angle - a, 2 * math.pi)) for a in axes)
        assert gap >= math.pi / n - 1e-9  # halfway between two neighbouring axes
    svg = radar_svg([("A", 40, "40"), ("B", 40, "40"), ("C", 40, "40"), ("D", 40, "40")])
    labels = re.findall(r'<text class="ring-label" x="([\d.]+)" y="([\d.]+)"[^>]*>(\d+)</text>', svg)
    assert [int(t) for *_, t in labels] == list(RING_LEVELS)
    point = (280.0, 235.0 - 150 * 0.4)  # the 40-point data point on the upward axis
    x, y, _ = next(item for item in labels if item[2] == "40")
    assert math.dist((float(x), float(y)), point) > 20
    assert 'paint-order="stroke"' in svg  # a white halo keeps the label legible over the polygon


def test_bar_label_pairs_keep_their_tail_whole():
    from villagescore.reports.svg import bars_svg

    short = bars_svg([(("Làng A", "(a) 2021"), 50.0, "50", None, None)])
    assert ">Làng A (a) 2021</text>" in short and "<tspan" not in short  # fits one line: drawn as one
    long_name = "Làng chế biến nông sản và thực phẩm Dương Liễu"
    plain = "a plain label far longer than the forty characters that fit"
    svg = bars_svg([((long_name, "(duong-lieu-hoai-duc) 2021"), 50.0, "50", None, None),
                    (plain, 20.0, "20", None, None)])
    assert re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg) == [long_name[:39] + "…", "(duong-lieu-hoai-duc) 2021"]
    assert f"<title>{long_name} (duong-lieu-hoai-duc) 2021</title>" in svg  # the tooltip holds it all
    assert f">{plain[:39]}…</text>" in svg


def test_a_long_axis_label_is_cut_to_a_few_lines_ending_with_an_ellipsis():
    svg = radar_svg([("Long " + "label " * 2500, 50, "50"), ("B", 50, "50"), ("C", 50, "50")])
    first = svg.split('<text class="axis-label"')[1].split("</text>")[0]
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", first)
    assert len(lines) == 5  # four lines of the label and the value
    assert lines[3].endswith("…") and lines[4] == "50"
    assert svg.count("<tspan") == 5 + 2 + 2  # was one line per 18 characters: 2,500 for this label
