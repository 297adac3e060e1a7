"""villagescore.reports.xlsx.decisive: a workbook's score never shows 80.0 beside a rating below 80 (fifteenth walk)."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

from tests.test_published import run  # noqa: F401  (the fixture: the auditor's files, the CLI)
from villagescore.reports.xlsx.decisive import finer_formats


def _summary(path, columns, villages):
    """The first sheet's cells ``columns`` (value, number format) of its first ``villages`` rows of data."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [[(c.value, c.number_format) for c in row[columns]] for row in ws.iter_rows(min_row=2, max_row=villages + 1)]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_result_workbook_shows_79_96_beside_a_tier_of_80(run, tmp_path, lang):  # noqa: F811
    run("evaluate", "x.csv", "-f", "toy.yaml", "--lang", lang, "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"))
    (overall, _coverage, rating, pillar, _p2), = _summary(tmp_path / "x.xlsx", slice(9, 14), 1)
    assert overall == (79.9599, "0.00")  # the published score in the cell, shown 79.96 (79,96), never 80.0
    assert rating[0] == ("Middle (mid)" if lang == "en" else "Vừa (mid)")
    assert pillar == (79.96, "0.0")  # a pillar no minimum is decided on keeps the column's format


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_boundary_workbooks_show_59_9999_beside_poor(run, tmp_path, lang):  # noqa: F811
    run("evaluate", "boundary.csv", "-f", "float.yaml", "--lang", lang, "--format", "xlsx", "-o",
        str(tmp_path / "b.xlsx"))
    cells = _summary(tmp_path / "b.xlsx", slice(9, 10), 4)
    assert cells == [[(60, "0.0")]] * 3 + [[(59.9999, "0.0000")]]
    run("compare", "boundary.csv", "-f", "float.yaml", "--lang", lang, "--format", "xlsx", "-o",
        str(tmp_path / "c.xlsx"))
    rows = _summary(tmp_path / "c.xlsx", slice(0, 8), 4)
    overall = {row[1][0]: row[6] for row in rows}
    assert overall["q4"] == (59.9999, "0.0000") and overall["q1"] == (60, "0.0")


def test_only_the_formats_some_cell_needs_are_registered():
    made = []

    def style_of(fmt):
        made.append(fmt)
        return len(made)

    assert finer_formats([80, 60], np.array([79.5, 85.0, np.nan]), style_of) is None and made == []
    finer = finer_formats([80, 60, None], np.array([79.96, 59.9999, 79.999, 70.0]), style_of)
    assert made == ["0.00", "0.000", "0.0000"] and finer.bounds == (80.0, 60.0)
    assert [finer.style(v, 0) for v in (79.96, 59.9999, 79.999, 70.0, 79.94)] == [1, 3, 2, 0, 0]


def test_a_difference_that_two_decimals_would_show_zero_gets_the_decimals_it_needs():
    from villagescore.reports.xlsx.decisive import change_digits, difference_formats

    made = []

    def style_of(fmt):
        made.append(fmt)
        return len(made)

    assert change_digits([0.004, -0.003, -0.0001, 0.0, 0.01, -12.5, np.nan]).tolist() == [3, 3, 4, 2, 2, 2, 2]
    assert difference_formats([1.5, -0.01, 0.0, None, "x"], style_of) is None and made == []
    finer = difference_formats([0.004, -0.0001, 2.0], style_of)
    assert made == ["+0.000;-0.000;0.000", "+0.0000;-0.0000;0.0000"]
    assert [finer.style(v, 0) for v in (0.004, -0.003, -0.0001, 0.0, 2.0)] == [1, 1, 2, 0, 0]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_compare_workbook_shows_pillars_groups_and_changes_on_their_side(tmp_path, lang, monkeypatch):
    from tests.reports.test_comparison_printed import FRAMEWORK, VILLAGES
    from villagescore.cli import cli

    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "")
    (tmp_path / "fw.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "v.csv").write_text(VILLAGES, encoding="utf-8")
    out = tmp_path / "c.xlsx"
    res = CliRunner().invoke(cli, ["compare", str(tmp_path / "v.csv"), "-f", str(tmp_path / "fw.yaml"), "--lang", lang,
                                   "--by", "province", "--min-group", "1", "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    book = openpyxl.load_workbook(out)
    rankings, groups, changes = (book.worksheets[k] for k in (0, 1, 2))
    rows = {r[1].value: r for r in rankings.iter_rows(min_row=2)}
    assert (rows["a"][8].value, rows["a"][8].number_format) == (49.996, "0.000")  # never 50.0 beside "≥ 50"
    haiphong = next(r for r in groups.iter_rows(min_row=2) if r[1].value == "Hải Phòng")
    assert [(c.value, c.number_format) for c in haiphong[5:9]] == [
        (79.998, "0.000"), (79.998, "0.000"), (79.996, "0.000"), (80, "0.0")]
    deltas = {r[0].value: (round(r[6].value, 6), r[6].number_format) for r in changes.iter_rows(min_row=2)}
    assert deltas == {"b": (0.004, "+0.000;-0.000;0.000"), "c": (-0.003, "+0.000;-0.000;0.000")}
