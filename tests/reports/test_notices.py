"""What reports say the scores rest on: values not scored for an unknown limit, and what to fill."""

import pytest

from villagescore.reports.notices import unscored_in_rows, unscored_text


def test_the_values_not_scored_of_each_row_name_the_fields_to_fill(blank_flag):
    found = unscored_in_rows(blank_flag, slice(0, len(blank_flag)))
    assert set(found) == {1}  # only 2025: in 2021 QCVN 40:2011 was in force
    assert found[1]["environment.effluent_cod"] == ("fill", ["facilities_existing_before_new_qcvn", "survey_date"])
    assert len(found[1]) == 9
    assert unscored_in_rows(blank_flag, slice(1, 2)) == found  # rows counted from the whole result's first


@pytest.mark.parametrize(("lang", "fill", "check", "none"), [
    ("en", "limit unknown — fill 'a' or 'survey_date'", "limit unknown — check 'a'",
     "no limit in force on the reference date — check 'survey_date'"),
    ("vi", "chưa rõ giới hạn — hãy điền 'a' hoặc 'survey_date'", "chưa rõ giới hạn — hãy kiểm tra 'a'",
     "không có giới hạn còn hiệu lực vào ngày tham chiếu — hãy kiểm tra 'survey_date'"),
])
def test_what_to_do_reads_in_each_language(lang, fill, check, none):
    assert unscored_text("fill", ["a", "survey_date"], lang) == fill
    assert unscored_text("check", ["a"], lang) == check
    assert unscored_text("none_in_force", ["survey_date"], lang) == none


def test_gate_counts_count_the_gates_not_judged_apart_from_the_failed(blank_flag):
    """Review 2026-12 #3: 2025's COD gate fired for an unknown limit; it did not fail."""
    from villagescore.reports.notices import gate_counts, gate_why

    assert gate_counts(blank_flag) == ([2, 0], [0, 1])
    assert int(blank_flag.fired.sum()) == 3  # what the summaries counted before
    assert gate_why("failed", "vi") == "" and gate_why("missing", "vi") == "không có số liệu cho lượt làng-năm này"


def _squeezed(text: str) -> str:
    """``text`` without what a format adds between words: spaces, line breaks, Markdown escapes, HTML entities."""
    import html
    import re

    return re.sub(r"[\s\\]+", "", html.unescape(text))


def _every_format(result, lang: str) -> dict[str, str]:
    """The text of every report of ``result`` a person reads (the PDF's too, when WeasyPrint is installed)."""
    import io

    from villagescore.reports import html, markdown, terminal
    from villagescore.reports.document import DocumentSettings
    from villagescore.reports.xlsx import result as xlsx

    book = __import__("openpyxl").load_workbook(io.BytesIO(xlsx.render(result, lang)))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    out = {
        "table": terminal.render_text(terminal.summary(result, lang), width=200),
        "profile": terminal.render_text(terminal.village_profile(result, 1, lang), width=200),
        "md": markdown.render(result, lang).decode("utf-8"),
        "html": html.render(result, lang).decode("utf-8"),
        "factsheet": html.render(result, lang, document=DocumentSettings(layout="factsheet")).decode("utf-8"),
        "xlsx": "\n".join(cells),
    }
    try:
        import pypdf
        import weasyprint  # noqa: F401

        from villagescore.reports import pdf
    except ImportError:
        return out
    pages = pypdf.PdfReader(io.BytesIO(pdf.render(result, lang))).pages
    out["pdf"] = "\n".join(page.extract_text() for page in pages)
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_format_carries_every_notice(blank_flag, monkeypatch, lang):
    """Audit 12 #1, #2: the fact sheet, the screen table and profile and the workbook left out some notices."""
    from villagescore.reports import notices

    monkeypatch.setattr(notices, "left_out_notice", lambda provenance, lang: f"LEFT-OUT-{lang}")
    monkeypatch.setitem(blank_flag.provenance, "dataset", {**blank_flag.provenance["dataset"], "kind": "illustrative"})
    monkeypatch.setitem(blank_flag.provenance, "unverified_limits", {"policy": "score", "source": "option"})
    found = notices.report_notices(blank_flag, lang)
    assert [n.key for n in found] == ["kind", "estimates", "left_out", "unverified", "unscored"]  # all, to check
    for fmt, text in _every_format(blank_flag, lang).items():
        shown = _squeezed(text)
        for notice in found:
            # a fact sheet or profile gives each notice briefly: its items, its village's own details, are on the page
            brief = notice.to_dict()["brief"]
            for line in notice.lines() if fmt not in ("factsheet", "pdf", "profile") else [brief] if brief else []:
                assert _squeezed(line) in shown, (fmt, notice.key, line)
