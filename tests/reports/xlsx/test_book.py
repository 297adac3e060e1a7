"""Workbooks and table sheets: reproducible bytes, number formats and colour scales on the fast rows."""

import io
import zipfile

from tests.reports.xlsx.helpers import _book
from villagescore.reports.xlsx import render


def test_two_runs_give_identical_bytes(toy_result):
    first = render(toy_result, "vi")
    assert render(toy_result, "vi") == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core

def test_number_formats_and_colour_scale_survive_the_fast_rows(toy_result):
    wb = _book(render(toy_result, "en"))
    ws = wb["summary"]
    # overall score 0.0 and its colour scale, coverage 0%
    assert [ws.cell(2, c).number_format for c in (9, 10)] == ["0.0", "0%"]
    assert ws.cell(1, 1).font.b and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:Q4"  # the village table only, not the blocks below it
    assert "I2:I4" in [str(r.sqref) for r in ws.conditional_formatting]
    ws = wb["indicators"]
    # row 2 is v1's toy.a: value 80 (format 0.0###), score 80 (0.0), weight 0.166667 (0%)
    assert [ws.cell(2, c).number_format for c in (8, 10, 12, 13)] == ["0.0###", "0.0", "0%", "0.0###"]
    assert ws.cell(1, 1).font.b and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:M18"
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["J2:J18"]
