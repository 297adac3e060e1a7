"""Printing: every sheet on A4, fitted to the width, header repeated; the pilot on few pages."""


import openpyxl
import pytest

from tests.reports.xlsx.helpers import _book, _print_settings
from villagescore.reports import xlsx
from villagescore.reports.xlsx import render


def test_every_report_sheet_prints_on_a4_fitted_to_the_width_with_its_header_repeated(toy_result):
    from villagescore.compare import compare, load_table

    books = [_book(render(toy_result, "vi")),
             _book(xlsx.render_comparison(compare(load_table([("toy", toy_result)]), lang="en"), "en"))]
    for wb in books:
        for ws in wb.worksheets:
            tall = 1 if ws.title in ("indicators", "Chỉ số") else 0  # its row count is known ahead: whole pages
            assert _print_settings(ws) == (9, 1, tall, True, "$1:$1"), ws.title  # paperSize 9 = A4
            assert ws.page_setup.orientation in ("portrait", "landscape")
            assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text  # page N / total

def test_wide_sheets_print_in_landscape(toy_result, wide):
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
    strips), then on 7 (six sheets); now on 4: the summary with the provenance and the gates
    below it, the criteria, and the indicators on two (their 158 rows fitted to whole pages
    rather than two full pages and a third of a few rows).
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
    assert len(pages) <= 4
    per_sheet = {}
    for page in pages:  # the footer names the sheet: "Chỉ số — 3 / 4"
        name = page.extract_text().split(" — ")[0].strip()
        per_sheet[name] = per_sheet.get(name, 0) + 1
    assert max(per_sheet.values()) <= 2, per_sheet
