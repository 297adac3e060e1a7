"""XLSX reports: the sheets and numbers, reproducible bytes, no formula injection."""

import io
import re
import zipfile

import openpyxl
import pytest

from villagescore.errors import OutputError
from villagescore.reports import xlsx
from villagescore.reports.xlsx import cell_value, render

INJECTION = '=HYPERLINK("http://x","y")'


def _named_result(toy_registry, toy_framework, support_dir, tmp_path, name):
    import csv

    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    with open(support_dir / "toy.csv", encoding="utf-8", newline="") as src:
        rows = list(csv.reader(src))
    rows[1][1] = name
    path = tmp_path / "named.csv"
    with open(path, "w", encoding="utf-8", newline="") as dst:
        csv.writer(dst).writerows(rows)
    return Engine(toy_registry).evaluate(toy_framework, read_dataset(path, toy_registry))


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.fixture
def wide(monkeypatch):
    """Render as for a national result: the wide layout from the first village-year."""
    monkeypatch.setattr(xlsx, "LONG_LIMIT", 0)


def test_a_large_result_has_one_wide_row_per_village_year(toy_result, wide):
    wb = _book(render(toy_result, "en"))
    assert wb.sheetnames == ["summary", "criteria", "indicators", "gates", "indicator list", "provenance"]
    summary = _rows(wb["summary"])
    assert summary[0][:3] == ["Village id", "Village", "Commune"]
    assert [r[0] for r in summary[1:]] == ["v1", "v2", "v3"]
    # overall 88.3333 (high), 29.5833 (low), 43.3333 (mid); env/soc pillars 82.5/100, 32.5/23.75, 50/30
    assert [r[8] for r in summary[1:]] == [88.3333, 29.5833, 43.3333]
    assert [r[10] for r in summary[1:]] == ["High", "Low", "Middle"]
    assert [r[11:13] for r in summary[1:]] == [[82.5, 100], [32.5, 23.75], [50, 30]]
    assert summary[2][-1] == "flag-required"
    # one row per village-year on every level's sheet
    criteria = _rows(wb["criteria"])
    assert len(criteria) == 1 + 3 and criteria[0][:3] == ["Village id", "Village", "Year"]
    indicators = _rows(wb["indicators"])
    ids = [x.id for x in toy_result.framework.indicators]
    assert indicators[0] == ["Village id", "Village", "Year", *ids]
    assert [r[0] for r in indicators[1:]] == ["v1", "v2", "v3"]
    by = {r[0]: dict(zip(ids, r[3:], strict=False)) for r in indicators[1:]}
    assert by["v1"]["toy.a"] == 80
    assert by["v2"].get("toy.b") is None  # does not apply to sector beta: empty
    assert by["v3"].get("toy.a") is None  # missing: empty
    listed = _rows(wb["indicator list"])
    assert [r[0] for r in listed[1:]] == ids
    gates = _rows(wb["gates"])
    assert [r[3] for r in gates[1:]] == ["no", "yes", "no"]
    prov = dict((r[0], r[1]) for r in _rows(wb["provenance"])[1:])
    assert prov["Framework SHA-256"] == toy_result.provenance["framework"]["sha256"]
    assert prov["Plugins: toy"] == "9.9.9"


def test_a_small_result_is_a_report_with_a_row_per_node(toy_result):
    wb = _book(render(toy_result, "en"))
    assert wb.sheetnames == ["summary", "pillars", "criteria", "indicators", "gates", "provenance"]
    summary = _rows(wb["summary"])
    assert summary[0][:3] == ["Village id", "Village", "Commune"]
    assert [r[0] for r in summary[1:]] == ["v1", "v2", "v3"]
    # overall 88.3333 (high), 29.5833 (low), 43.3333 (mid); env/soc pillars 82.5/100, 32.5/23.75, 50/30
    assert [r[8] for r in summary[1:]] == [88.3333, 29.5833, 43.3333]
    assert [r[10] for r in summary[1:]] == ["High", "Low", "Middle"]
    assert [r[11:13] for r in summary[1:]] == [[82.5, 100], [32.5, 23.75], [50, 30]]
    assert summary[2][-1] == "flag-required"
    pillars = _rows(wb["pillars"])
    assert pillars[1][:6] == ["v1", "Làng Một", 2024, "env", "Environment", 82.5]
    assert len(pillars) == 1 + 3 * 2
    indicators = _rows(wb["indicators"])
    # 3 villages × 6 indicators, less v2's toy.b, which does not apply to sector beta
    assert len(indicators) == 1 + 3 * 6 - 1
    assert not [r for r in indicators if r[0] == "v2" and r[5] == "toy.b"]
    # v3's toy.a is missing: listed, without value and score
    row = next(r for r in indicators if r[0] == "v3" and r[5] == "toy.a")
    assert row[7] is None and row[9] is None and row[10] == "missing"
    # v1's toy.a: weight 1/2 · 1/2 · 2/3 = 1/6 → 0.166667; contribution 80/6 = 13.3333
    row = next(r for r in indicators if r[0] == "v1" and r[5] == "toy.a")
    assert row[7:10] == [80, "%", 80] and row[11] == 0.166667 and row[12] == 13.3333
    gates = _rows(wb["gates"])
    assert [r[7] for r in gates[1:]] == ["no", "yes", "no"]
    prov = dict((r[0], r[1]) for r in _rows(wb["provenance"])[1:])
    assert prov["Framework SHA-256"] == toy_result.provenance["framework"]["sha256"]
    assert prov["Plugins: toy"] == "9.9.9"



def test_the_layout_changes_at_the_long_limit(toy_result, monkeypatch):
    monkeypatch.setattr(xlsx, "LONG_LIMIT", 4)
    assert "pillars" in _book(render(toy_result, "en")).sheetnames  # 3 village-years
    monkeypatch.setattr(xlsx, "LONG_LIMIT", 3)
    assert "pillars" not in _book(render(toy_result, "en")).sheetnames


def test_two_runs_give_identical_bytes(toy_result):
    first = render(toy_result, "vi")
    assert render(toy_result, "vi") == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


def test_formula_like_name_is_inert_in_xlsx_and_csv(toy_registry, toy_framework, support_dir, tmp_path):
    from villagescore.builtins import _render_csv

    result = _named_result(toy_registry, toy_framework, support_dir, tmp_path, INJECTION)
    assert result.frame["name"].iat[0] == INJECTION
    data = render(result, "en")
    wb = _book(data)
    for sheet in ("summary", "criteria", "indicators", "gates"):
        cell = wb[sheet]["B2"]
        assert cell.value == "'" + INJECTION and cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(r"<f[ >]", z.read(name).decode())
    csv_text = _render_csv(result, "en").decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith('v1,"\'=HYPERLINK(""http://x"",""y"")"')


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Làng", "Làng"), ("a\x00b", "ab"), (1.5, 1.5), (float("nan"), None), (None, None), (True, True),
])
def test_cell_value_neutralises_and_cleans(value, expected):
    assert cell_value(value) == expected


def test_too_many_rows_is_a_clear_error(toy_result, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)  # 3 village-years need 4 rows with the header
    with pytest.raises(OutputError, match="holds at most 2 village-years .* use --format csv"):
        render(toy_result, "en")


def test_too_many_rows_fail_before_reading_or_scoring(toy_cli, support_dir, tmp_path, monkeypatch):
    import villagescore.cli.evaluate as evaluate

    big = tmp_path / "big.csv"
    lines = (support_dir / "toy.csv").read_text(encoding="utf-8").splitlines()
    big.write_text("\n".join([lines[0]] + lines[1:] * 4) + "\n", encoding="utf-8")
    monkeypatch.setattr(xlsx, "MAX_ROWS", 12)  # 12 data lines need 13 rows

    def no_reading(*args, **kwargs):
        raise AssertionError("the dataset was read")

    monkeypatch.setattr(evaluate, "run_evaluation", no_reading)
    out = tmp_path / "r.xlsx"
    res = toy_cli("evaluate", big, "-f", support_dir / "toy-framework.yaml", "-o", out)
    assert res.exit_code != 0
    assert "holds at most 11 village-years" in res.output and "--format csv" in res.output
    assert not out.exists()


def test_preflight_counts_columns_too(toy_framework, monkeypatch):
    xlsx.preflight(1000, toy_framework)
    monkeypatch.setattr(xlsx, "MAX_COLUMNS", 5)
    with pytest.raises(OutputError, match="columns, more than Excel's 5"):
        xlsx.preflight(10, toy_framework)


def test_comparison_workbook(toy_result):
    from villagescore.admin import load_mapping
    from villagescore.compare import compare, load_table
    from villagescore.reports.xlsx import render_comparison

    c = compare(load_table([("toy.csv", toy_result)]), by="province", min_group=2, lang="en", mapping=load_mapping())
    data = render_comparison(c, "en")
    assert render_comparison(c, "en") == data
    wb = _book(data)
    assert wb.sheetnames[:2] == ["rankings", "groups"] and wb.sheetnames[-1] == "provenance"
    rows = _rows(wb["rankings"])
    overall = rows[0].index("Overall")
    # overall scores stay numbers: 88.3333, 43.3333, 29.5833 in rank order
    assert [r[overall] for r in rows[1:]] == [88.3333, 43.3333, 29.5833]
    prov = _rows(wb["provenance"])
    assert prov[1][:3] == ["toy.csv", "toy", "1.0"]


def test_rows_xml_writes_inline_strings_numbers_and_styles():
    from villagescore.reports.xlsx import rows_xml

    xml, count = rows_xml([["=1+1", 2.5, None, True, " x ", 8.720000000000001, "a<b&c", "#N/A", float("nan"), ""],
                           [7]], {1: 4, 5: 2}, sheet="t")
    assert count == 2
    assert xml == (
        '<row r="2">'
        '<c r="A2" t="inlineStr"><is><t>\'=1+1</t></is></c>'  # neutralised, a string: never a formula
        '<c r="B2" s="4" t="n"><v>2.5</v></c>'  # the style of column B's number format
        '<c r="D2" t="b"><v>1</v></c>'  # None (C2), NaN (I2) and "" (J2) leave the cell empty
        '<c r="E2" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c>'
        '<c r="F2" s="2" t="n"><v>8.72</v></c>'  # 15 significant digits: float noise is not written
        '<c r="G2" t="inlineStr"><is><t>a&lt;b&amp;c</t></is></c>'
        '<c r="H2" t="inlineStr"><is><t>#N/A</t></is></c>'  # text, not an error value
        '</row><row r="3"><c r="A3" t="n"><v>7</v></c></row>')
    assert rows_xml([], {}) == ("", 0)


def test_rows_xml_refuses_text_longer_than_a_cell_holds():
    from villagescore.reports.xlsx import MAX_TEXT, rows_xml

    with pytest.raises(OutputError, match=r"sheet 'summary', cell B2: text longer than Excel's 32,767"):
        rows_xml([["ok", "x" * (MAX_TEXT + 1)]], {}, sheet="summary")


def test_number_formats_and_colour_scale_survive_the_fast_rows(toy_result):
    wb = _book(render(toy_result, "en"))
    ws = wb["summary"]
    # overall score 0.0 and its colour scale, coverage 0%
    assert [ws.cell(2, c).number_format for c in (9, 10)] == ["0.0", "0%"]
    assert ws.cell(1, 1).font.b and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:P4"
    assert "I2:I4" in [str(r.sqref) for r in ws.conditional_formatting]
    ws = wb["indicators"]
    # row 2 is v1's toy.a: value 80 (format 0.0###), score 80 (0.0), weight 0.166667 (0%)
    assert [ws.cell(2, c).number_format for c in (8, 10, 12, 13)] == ["0.0###", "0.0", "0%", "0.0###"]
    assert ws.cell(1, 1).font.b and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:M18"
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["J2:J18"]


# ---- printing ----


def _print_settings(ws):
    return (ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight,
            ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_title_rows)


def test_every_report_sheet_prints_on_a4_fitted_to_the_width_with_its_header_repeated(toy_result):
    from villagescore.compare import compare, load_table

    books = [_book(render(toy_result, "vi")),
             _book(xlsx.render_comparison(compare(load_table([("toy", toy_result)]), lang="en"), "en"))]
    for wb in books:
        for ws in wb.worksheets:
            tall = 1 if ws.title == "indicators" else 0  # its row count is known ahead: whole pages
            assert _print_settings(ws) == (9, 1, tall, True, "$1:$1"), ws.title  # paperSize 9 = A4
            assert ws.page_setup.orientation in ("portrait", "landscape")
            assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text  # page N / total


def test_wide_sheets_print_in_landscape(toy_result):
    wb = _book(render(toy_result, "en"))
    assert wb["summary"].page_setup.orientation == "landscape"
    assert wb["provenance"].page_setup.orientation == "landscape"  # 34 + 80 characters wide
    narrow = openpyxl.Workbook().active
    narrow.column_dimensions["A"].width = 30
    xlsx.page_setup(narrow)
    assert narrow.page_setup.orientation == "portrait"


def test_the_pilot_workbook_prints_on_few_a4_pages_in_libreoffice(tmp_path):
    """LibreOffice's PDF export honours the page setup: every page A4, each sheet fitted to the width.

    Before the page setup the pilot workbook printed on 32 pages (sheets cut into vertical
    strips); now each of its six sheets takes one page, the long indicators table two (its
    164 rows fitted to whole pages rather than two full pages and a third of eight rows).
    """
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    pypdf = pytest.importorskip("pypdf")
    from click.testing import CliRunner

    from villagescore.cli import cli

    book = tmp_path / "pilot.xlsx"
    assert CliRunner().invoke(cli, ["pilot", "-o", str(book)]).exit_code == 0
    run = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                          "--outdir", str(tmp_path), str(book)], capture_output=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    pages = pypdf.PdfReader(str(tmp_path / "pilot.pdf")).pages
    sizes = {tuple(sorted((round(float(p.mediabox.width)), round(float(p.mediabox.height))))) for p in pages}
    assert sizes == {(595, 842)}
    sheets = len(_book(book.read_bytes()).worksheets)
    assert len(pages) <= sheets + 1
    per_sheet = {}
    for page in pages:  # the footer names the sheet: "indicators — 4 / 7"
        name = page.extract_text().split(" — ")[0].strip()
        per_sheet[name] = per_sheet.get(name, 0) + 1
    assert max(per_sheet.values()) <= 2, per_sheet


def test_columns_xml_writes_the_cells_of_rows_xml_without_references():
    import numpy as np

    from villagescore.reports.xlsx import columns_xml

    xml, count = columns_xml([["=1+1", "a<b&c"], np.array([2.5, np.nan]), [None, 7], [True, ""]], {1: 4})
    assert count == 2
    assert xml == ('<row r="2"><c t="inlineStr"><is><t>\'=1+1</t></is></c><c s="4"><v>2.5</v></c><c/>'
                   '<c t="b"><v>1</v></c></row>'
                   '<row r="3"><c t="inlineStr"><is><t>a&lt;b&amp;c</t></is></c><c/><c><v>7</v></c></row>')
