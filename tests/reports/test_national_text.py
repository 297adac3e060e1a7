"""The national summary as Markdown and as terminal tables (villagescore.reports.national_text).

Toy results: overall v1 88.3333 (High), v2 29.5833 (Low), v3 43.3333 (Middle), all in Hà Nội.
"""

import pytest

from villagescore.reports import national
from villagescore.reports.markdown import render as render_md
from villagescore.reports.terminal import render_text, summary


def test_markdown_of_many_village_years_is_the_national_summary(toy_result, summarised):
    md = render_md(toy_result, "en").decode("utf-8")
    assert "## National summary" in md and "## Summary" not in md  # no table of every village-year
    assert "3 village-years (from 2 on): this report is a national summary" in md
    assert "### The 10 highest-scoring village-years" in md and "### The 10 lowest-scoring village-years" in md
    assert "| Làng Một (`v1`) | Hà Nội | 2024 | 88.3 | High (`high`) |" in md  # best and worst: labels with ids
    assert "| Hà Nội | 2 | 59.0 | 59.0 | 29.6 | 88.3 | 57.5 | 61.9 | 50 % | 0 % | 50 % |" in md
    assert "| Environment (`env`) | Society (`soc`) | High (`high`) | Middle (`mid`) | Low (`low`) |" in md
    assert md.count("\n## Làng ") == 1  # one profile (NATIONAL_PROFILES)
    vi = render_md(toy_result, "vi").decode("utf-8")
    assert "## Tổng hợp toàn quốc" in vi and "Theo tỉnh/thành (từ 2025" in vi


def test_markdown_of_few_village_years_keeps_its_summary_table(toy_result):
    md = render_md(toy_result, "en").decode("utf-8")
    assert "## Summary" in md and "National summary" not in md


def test_the_terminal_gives_the_national_summary_in_tables_that_fit(toy_result, summarised):
    text = render_text(summary(toy_result, "en"), width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    words = " ".join(text.split())  # titles and captions wrap at 80 columns
    assert "National summary" in words and "By province" in words and "Distribution of overall scores" in words
    assert "a national summary, not a table of every village" in words and "--format csv or jsonl" in words
    assert "Env = Environment (env)" in words and "High (high)" in words  # short headers explained, with ids
    assert "…" not in text  # no number cut to fit
    for line in text.splitlines():
        if line.startswith("Hà Nội"):
            assert line.split()[2:6] == ["2", "59.0", "59.0", "29.6"]  # the province's figures, whole
            break
    else:
        pytest.fail("no province row")
    vi = " ".join(render_text(summary(toy_result, "vi"), width=80).split())
    assert "bản tổng hợp toàn quốc, không phải bảng liệt kê từng làng" in vi and "53,7" in vi


def test_the_terminal_keeps_its_ranked_table_for_few_village_years(toy_result):
    text = render_text(summary(toy_result, "en"), width=120)
    assert "National summary" not in text and "v1" in text and "v2" in text and "v3" in text


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_a_national_report_computes_no_plan(fmt):
    from villagescore.reports import REPORTERS
    from villagescore.reports.document import DocumentSettings, using

    (reporter,) = [r for r in REPORTERS if r.name == fmt]
    with using(DocumentSettings(layout="report")):
        assert reporter.plans(national.SUMMARY_LIMIT) == 0 and reporter.plans(3) == 3


def test_pdf_fact_sheets_compute_no_plan_they_would_not_show():
    from villagescore.reports import REPORTERS

    (pdf,) = [r for r in REPORTERS if r.name == "pdf"]
    assert pdf.plans(3) == 0  # the default layout of a PDF: fact sheets, which hold no plan
