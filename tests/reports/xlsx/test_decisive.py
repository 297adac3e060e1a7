"""villagescore.reports.xlsx.decisive: a workbook's score never shows 80.0 beside a rating below 80 (fifteenth walk)."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest

from tests.test_published import run  # noqa: F401  (the fixture: the auditor's files, the CLI)
from villagescore.reports.xlsx.decisive import finer_formats


def _summary(path, columns, villages):
    """The first sheet's cells ``columns`` (value, number format) of its first ``villages`` rows of data."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [[(c.value, c.number_format) for c in row[columns]] for row in ws.iter_rows(min_row=2, max_row=villages + 1)]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_result_workbook_shows_79_96_beside_a_tier_of_80(run, tmp_path, lang):  # noqa: F811
    run("evaluate", "x.csv", "-f", "toy.yaml", "--lang", lang, "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"))
    (overall, _coverage, rating, pillar, _p2), = _summary(tmp_path / "x.xlsx", slice(8, 13), 1)
    assert overall == (79.9599, "0.00")  # the published score in the cell, shown 79.96 (79,96), never 80.0
    assert rating[0] == ("Middle (mid)" if lang == "en" else "Vừa (mid)")
    assert pillar == (79.96, "0.0")  # a pillar no minimum is decided on keeps the column's format


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_boundary_workbooks_show_59_9999_beside_poor(run, tmp_path, lang):  # noqa: F811
    run("evaluate", "boundary.csv", "-f", "float.yaml", "--lang", lang, "--format", "xlsx", "-o",
        str(tmp_path / "b.xlsx"))
    cells = _summary(tmp_path / "b.xlsx", slice(8, 9), 4)
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
