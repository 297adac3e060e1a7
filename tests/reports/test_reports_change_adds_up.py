"""A change printed beside its two scores adds up: it is the difference of the scores as shown.

The pilot's overall score went from 37.0549 to 52.8409 (framework 1.3.0, or 1.4.0 scored against
its unverified limits too): every view printed ``37,1 → 52,8 (+15,8)``, a change the reader cannot
get from the numbers beside it. JSON keeps the raw difference.
"""

import re

import pytest

from villagescore.compare import compare, load_table
from villagescore.reports.comparison import sections


@pytest.fixture(scope="module")
def pilot_scored():
    """The pilot in Vietnamese as ``villagescore pilot --unverified-limits score`` scores it (plans attached)."""
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.explain import attach_plans
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.unverified import with_unverified_limits

    registry = Registry.default()
    framework = with_unverified_limits(load_framework(None, registry), "score")
    result = Engine(registry).evaluate(framework, read_dataset(bundled.path(bundled.PILOT), registry))
    return attach_plans(Engine(registry), result, lang="vi")


def test_the_pilot_change_is_the_difference_of_the_shown_scores(pilot_scored):
    pilot_vi = pilot_scored
    from click.testing import CliRunner

    from villagescore.cli import cli
    from villagescore.reports import html, markdown
    from villagescore.reports.document import DocumentSettings

    assert (pilot_vi.frame is not None and round(float(pilot_vi.tree.overall_score[0]), 4) == 37.0549
            and round(float(pilot_vi.tree.overall_score[1]), 4) == 52.8409)
    md = markdown.render(pilot_vi, "vi").decode("utf-8")
    assert "37,1 → 52,8 (+15,7)" in md and "+15,8" not in md
    report = html.render(pilot_vi, "vi").decode("utf-8")
    sheet = html.render(pilot_vi, "vi", document=DocumentSettings(layout="factsheet")).decode("utf-8")
    for page in (report, sheet):
        assert '<div class="big">+15,7</div>' in page and "+15,8" not in page
    table = CliRunner().invoke(cli, ["pilot", "--lang", "vi", "--unverified-limits", "score"])
    assert table.exit_code == 0, table.output
    assert "37,1 → 52,8 (+15,7)" in table.output


def _number(text, lang):
    return float(text.replace(".", "").replace(",", ".") if lang == "vi" else text.replace(",", ""))


def test_every_compared_change_adds_up_from_its_shown_endpoints(pilot_vi):
    c = compare(load_table([("pilot", pilot_vi)]), villages=["phung-xa-my-duc@2021", "phung-xa-my-duc@2025"])
    checked = raw_would_differ = 0
    for lang in ("vi", "en"):
        secs = {s["key"]: s for s in sections(c, lang)}
        for row, node in zip(secs["side-by-side"]["rows"], c["side_by_side"]["nodes"], strict=True):
            a, b, d = row[3], row[4], row[5]
            if d == "—":
                continue
            assert _number(d, lang) == round(_number(b, lang) - _number(a, lang), 2), row
            raw_would_differ += f"{node['differences'][1]:+.2f}".lstrip("+") != f"{_number(d, lang):.2f}"
            checked += 1
        for row in secs["node-changes"]["rows"] + secs["changes"]["rows"]:
            found = [x for x in row if isinstance(x, str) and re.fullmatch(r"[+-]?[\d.,]+", x)]
            a, b, d = (found[-3:] if len(found) >= 3 else (None,) * 3)
            if d is None:
                continue
            assert _number(d, lang) == round(_number(b, lang) - _number(a, lang), 2), row
            checked += 1
    assert checked > 100
    assert raw_would_differ  # the pilot has nodes whose raw difference would show otherwise


def test_data_keep_the_raw_difference(pilot_vi):
    c = compare(load_table([("pilot", pilot_vi)]), villages=["phung-xa-my-duc@2021", "phung-xa-my-duc@2025"])
    data = {s["key"]: s for s in sections(c, "en", text=False)}
    assert data["changes"]["rows"][0][6] == c["over_time"]["changes"][0]["delta"]
