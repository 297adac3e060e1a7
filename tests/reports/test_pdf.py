"""PDF documents through WeasyPrint (villagescore.reports.pdf): A4, pages, text, reproducible bytes."""

import io
import os

import pytest

from villagescore.reports.document import DocumentSettings

weasyprint = pytest.importorskip("weasyprint", reason="the 'pdf' extra (WeasyPrint) is not installed")
pypdf = pytest.importorskip("pypdf")

A4 = (595.3, 841.9)  # points


@pytest.fixture(scope="module")
def pilot():
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    framework = load_framework(None, registry)
    dataset = read_dataset(bundled.path(bundled.PILOT), registry, framework=framework)
    return Engine(registry).evaluate(framework, dataset)


def _pages(data: bytes):
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data)).pages


def test_fact_sheets_are_one_a4_page_per_village_year(pilot):
    from villagescore.reports.pdf import render

    doc = DocumentSettings(date="2026-12-04", issuer=("UBND THÀNH PHỐ HÀ NỘI", "Sở Nông nghiệp và Môi trường"),
                           place="Hà Nội", signature=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"))
    pages = _pages(render(pilot, "vi", document=doc))
    assert len(pages) == len(pilot) == 2
    for page, year in zip(pages, (2021, 2025), strict=True):
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4
        text = page.extract_text()
        assert "Làng dệt Phùng Xá" in text and str(year) in text  # Vietnamese text, diacritics intact
        assert "PHIẾU TÓM TẮT ĐÁNH GIÁ LÀNG NGHỀ" in text
        assert "Hà Nội, ngày 04 tháng 12 năm 2026" in text and "Nguyễn Văn A" in text  # the signature block
        assert "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text
        assert "Quản lý môi trường" in text  # a criterion with its bar


def test_every_bundled_village_fits_its_fact_sheet_on_one_page():
    """Villages of one, two or three sectors (more criteria): still one page each."""
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.reports.pdf import render

    registry = Registry.default()
    framework = load_framework(None, registry)
    result = Engine(registry).evaluate(framework, read_dataset(bundled.path("villages/villages.csv"), registry,
                                                               framework=framework))
    assert len(_pages(render(result, "vi"))) == len(result)


def test_the_whole_report_as_pdf_starts_each_village_on_a_new_page(pilot):
    from villagescore.reports.pdf import render

    pages = _pages(render(pilot, "en", document=DocumentSettings(layout="report")))
    assert len(pages) >= 3
    starts = [k for k, p in enumerate(pages) if p.extract_text().lstrip().startswith("Làng dệt Phùng Xá")]
    assert len(starts) == 2  # each profile opens a page


def test_the_same_result_gives_the_same_pdf_bytes(pilot, monkeypatch):
    import time

    from villagescore.reports.pdf import render

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = render(pilot, "vi")
    seconds = time.time()
    monkeypatch.setattr(time, "time", lambda: seconds + 86_400)  # a day later: fontTools stamps fonts with the clock
    assert render(pilot, "vi") == first
    assert "SOURCE_DATE_EPOCH" not in os.environ  # the run's environment is left as it was
    assert b"CreationDate" not in first and b"ModDate" not in first  # no clock in the document


def test_missing_weasyprint_says_what_to_install(monkeypatch, pilot):
    import builtins

    from villagescore.reports import pdf

    real = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(pdf.PdfUnavailable, match=r"pip install 'villagescore\[pdf\]'.*libpango"):
        pdf.render(pilot, "vi")


def test_cli_writes_an_a4_fact_sheet(tmp_path):
    from click.testing import CliRunner

    from villagescore.cli import cli

    out = tmp_path / "pilot.pdf"
    res = CliRunner().invoke(cli, ["pilot", "--lang", "en", "-o", str(out), "--date", "2026-12-04",
                                   "--issuer", "Department of Agriculture and Environment"])
    assert res.exit_code == 0, res.output
    pages = _pages(out.read_bytes())
    assert len(pages) == 2
    assert "Issued: 4 December 2026" in pages[0].extract_text()


def test_a_page_that_names_a_resource_prints_without_it():
    # the fetcher refuses every URL: WeasyPrint leaves the image out (with a warning) and still prints the page
    from villagescore.reports.pdf import html_to_pdf

    html = b'<html><body><p>Ph\xc3\xb9ng X\xc3\xa1</p><img src="http://tracker.example/p.png"></body></html>'
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert "Phùng Xá" in pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages[0].extract_text()
