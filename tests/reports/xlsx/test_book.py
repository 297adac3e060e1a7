"""Workbooks and table sheets: reproducible bytes, number formats and colour scales on the fast rows."""

import io
import zipfile

import pytest

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
    # overall score 0.0 and its colour scale, coverage 0% (after the identity, former_commune among it)
    assert [ws.cell(2, c).number_format for c in (10, 11)] == ["0.0", "0%"]
    assert ws.cell(1, 1).font.b and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:R4"  # the village table only, not the blocks below it
    assert "J2:J4" in [str(r.sqref) for r in ws.conditional_formatting]
    ws = wb["indicators"]
    # row 2 is v1's toy.a: value 80 (a whole number: #,##0), score 80 (0.0), weight 0.166667 (0.0%: 16.7 % as
    # the other reports show it), contribution (#,##0 when whole, else #,##0.0##)
    assert [ws.cell(2, c).number_format for c in (8, 10, 12)] == ["#,##0", "0.0", "0.0%"]
    values = {ws.cell(r, 8).value: ws.cell(r, 8).number_format for r in range(2, ws.max_row + 1)}
    assert all(fmt == ("#,##0" if float(v).is_integer() else "#,##0.0##") for v, fmt in values.items() if v is not None
               and not isinstance(v, str))
    assert {ws.cell(r, 13).number_format for r in range(2, ws.max_row + 1)} <= {"#,##0", "#,##0.0##"}
    assert ws.cell(1, 1).font.b and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:N18"
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["J2:J18"]


def test_a_wide_sheet_is_built_chunk_by_chunk_with_the_same_xml():
    import numpy as np

    from villagescore.reports.xlsx import columns_xml, columns_xml_chunks

    columns = [np.array(["a", "b", None, "d", "e"], dtype=object), np.array([1.5, np.nan, 3.0, 4.25, 5.0])]
    whole, n = columns_xml(columns, {1: 7})
    pieces, m = columns_xml_chunks(columns, {1: 7}, chunk_rows=2)
    pieces = list(pieces)
    assert n == m == 5 and len(pieces) == 3 and b"".join(pieces).decode("utf-8") == whole
    assert '<row r="6"><c t="inlineStr"><is><t>e</t></is></c><c s="7"><v>5</v></c></row>' in whole


def test_a_write_that_fails_midway_is_raised_not_swallowed():

    from villagescore.reports.xlsx.book import _write_pieces

    class Full:
        def __init__(self):
            self.written = 0

        def write(self, data):
            self.written += 1
            if self.written == 2:
                raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        _write_pieces(Full(), (f"<row>{k}</row>" for k in range(100)))


def _same_xml(a_bytes, b_bytes):
    with zipfile.ZipFile(io.BytesIO(a_bytes)) as a, zipfile.ZipFile(io.BytesIO(b_bytes)) as b:
        assert b.testzip() is None  # every entry's CRC
        return a.namelist() == b.namelist() and all(a.read(name) == b.read(name) for name in a.namelist())


@pytest.mark.parametrize("layout", ["report", "wide"])
def test_a_national_workbook_is_deflated_by_isal_with_the_same_xml(toy_result, monkeypatch, layout, request):
    """Above the size of a national workbook, ISA-L deflates the sheets: other bytes, the same XML, the same cells.

    The rows are deflated a chunk at a time where they are made; a ``zipfile`` that does not
    let them in so has ISA-L deflate the XML as it is written.
    """
    from villagescore.reports.xlsx import book

    if layout == "wide":
        request.getfixturevalue("wide")
    small = render(toy_result, "en")
    monkeypatch.setattr(book, "_BIG", -1)  # every workbook counts as national
    chunked, whole = [], []
    real_chunked, real_whole = book.write_deflated, book._deflate_with_isal
    monkeypatch.setattr(book, "write_deflated", lambda out, chunks: (chunked.append(out), real_chunked(out, chunks)))
    monkeypatch.setattr(book, "_deflate_with_isal", lambda out: (whole.append(out), real_whole(out)))
    big = render(toy_result, "en")
    assert chunked and not whole
    assert big != small and render(toy_result, "en") == big  # reproducible on its own path too
    assert _same_xml(small, big)

    monkeypatch.setattr(book, "can_write_deflated", lambda out: False)
    chunked.clear()
    other = render(toy_result, "en")
    assert whole and not chunked and all(type(out._compressor).__module__.startswith("isal") for out in whole)
    assert _same_xml(small, other)


def test_every_sheets_rows_are_made_in_one_round_of_copies(monkeypatch):
    """The chunks of several sheets, made by forked copies in one round: the workbook of one process."""
    import sys

    import numpy as np

    from villagescore import chunks
    from villagescore.reports.xlsx import book
    from villagescore.reports.xlsx.cells import columns_xml_chunks

    if not sys.platform.startswith("linux"):
        pytest.skip("forked copies only on Linux")
    rng = np.random.default_rng(4)
    sheets = [[[f"v{i}" for i in range(300)], *(rng.random(300) * k for k in range(1, 4))],
              [np.where(rng.random(70) < 0.5, np.nan, rng.random(70))],
              [[f"Làng {i % 7}" for i in range(500)], rng.random(500)]]
    rounds = []
    real = book.chunks_in_order
    monkeypatch.setattr(book, "chunks_in_order", lambda *a: (rounds.append(a), real(*a))[1])
    monkeypatch.setattr(book, "_BIG", -1)  # deflated a chunk at a time, as a national workbook
    made = {}
    for workers in ("1", "3"):
        monkeypatch.setenv("VILLAGESCORE_WORKERS", workers)
        with book.new_workbook() as wb:
            bodies = {}
            for k, columns in enumerate(sheets):
                ws = wb.create_sheet(f"s{k}")
                ws.append(["a"])
                pieces, n = columns_xml_chunks(columns, {}, chunk_rows=16)
                bodies[ws] = book.SheetRows([pieces], size=n)
            made[workers] = book.workbook_bytes(wb, bodies)
    assert made["1"] == made["3"] and len(rounds) == 2
    assert rounds[0][1] == 19 + 5 + 32 and chunks.MIN_CHUNKS <= rounds[0][1]  # every sheet's chunks, one round
    with zipfile.ZipFile(io.BytesIO(made["3"])) as archive:
        assert archive.testzip() is None
        assert archive.read("xl/worksheets/sheet2.xml").count(b"<row ") == 71


def test_the_application_is_villagescore_not_the_openpyxl_version(toy_result, monkeypatch):
    """Audit 16 #6: ``docProps/app.xml`` said ``Openpyxl 3.1.5``: the bytes changed with the openpyxl installed."""
    first = render(toy_result, "vi")
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        app = z.read("docProps/app.xml").decode()
    assert "<Application>villagescore</Application>" in app and "penpyxl" not in app and "AppVersion" not in app
    # what app.xml would say (openpyxl 3.1.0 asks get_version(), later ones __version__)
    monkeypatch.setattr("openpyxl.packaging.extended.__version__", "9.9.9", raising=False)
    monkeypatch.setattr("openpyxl.packaging.extended.get_version", lambda: "9.9.9", raising=False)
    assert render(toy_result, "vi") == first
