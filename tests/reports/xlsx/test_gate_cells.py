"""villagescore.reports.xlsx.gate_cells: a gated value never shows 150.0 beside its failed limit of 150 (16th walk)."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest

from tests.test_published import TOY, run  # noqa: F401  (the fixture: the auditor's files, the CLI)
from villagescore.reports.xlsx.gate_cells import row_decimals

#: Four village-years against the gate ``a.c <= 150 mg/L``: failed by 0.0004, failed by 0.004, met, met by 0.00004.
VALUES = ("village_id,name,commune,province,year,f_lin,f_c\n"
          "x1,Làng X,Xã X,Hà Nội,2024,49.96,150.0004\nx2,Làng Y,Xã Y,Hà Nội,2024,70,150.0040\n"
          "x3,Làng Z,Xã Z,Hà Nội,2024,50.04,150\nx4,Làng W,Xã W,Hà Nội,2024,70,149.99996\n")
#: TOY with a second gate, on a score: ``a.lin``'s score at least 50.
SCORE_GATE = TOY.replace("rating:\n", """  - id: gate.lin
    label: {vi: "Tuyến tính đạt", en: "Linear met"}
    indicator: a.lin
    condition: {on: score, op: ">=", value: 50}
    cap: mid
rating:
""")


def _indicators(path, lang):
    """``{(village, indicator): ((value, format), (score, format))}`` of the indicators sheet."""
    ws = openpyxl.load_workbook(path)["indicators" if lang == "en" else "Chỉ số"]
    return {(r[0].value, r[5].value): ((r[7].value, r[7].number_format), (r[9].value, r[9].number_format))
            for r in ws.iter_rows(min_row=2)}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_gate_value_has_the_decimals_that_keep_it_on_its_side_of_its_limit(run, tmp_path, lang):  # noqa: F811
    (tmp_path / "gated.yaml").write_text(SCORE_GATE, encoding="utf-8")
    (tmp_path / "v.csv").write_text(VALUES, encoding="utf-8")
    run("evaluate", "v.csv", "-f", "gated.yaml", "--lang", lang, "--format", "xlsx", "-o", str(tmp_path / "v.xlsx"))
    cells = _indicators(tmp_path / "v.xlsx", lang)
    value = {v: cells[(v, "a.c")][0] for v in ("x1", "x2", "x3", "x4")}
    assert value["x1"] == (150.0004, "#,##0.0000")  # failed: 150.0004, never 150.0 (which meets <= 150)
    assert value["x2"] == (150.004, "#,##0.0##")  # 150.004 reads right with the column's format
    assert value["x3"] == (150, "#,##0") and value["x4"] == (149.99996, "#,##0.0##")  # met, and 150.0 meets it
    score = {v: cells[(v, "a.lin")][1] for v in ("x1", "x2", "x3")}
    assert score["x1"] == (49.96, "0.00")  # failed: 49.96, never 50.0 (which reaches >= 50)
    assert score["x3"] == (50.04, "0.0") and score["x2"] == (70, "0.0")
    assert cells[("x1", "a.lin")][0] == (49.96, "#,##0.0##")  # the value of a score gate keeps its format


def test_each_row_takes_the_decimals_of_its_own_village_year():
    listed = np.array([[True, True], [False, True], [True, True]])  # rows: (0,0) (0,1) (1,1) (2,0) (2,1)
    needs = {1: np.array([4, 3, 6])}
    assert row_decimals(needs, listed, 3).tolist() == [0, 4, 0, 0, 6]
