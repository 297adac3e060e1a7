"""Markdown reports: content per village, escaping that keeps tables intact and inert."""

import csv

import pytest

from tests.reports.conftest import NOT_JUDGED
from villagescore.reports.markdown import md_code, md_escape, md_text, render, score_bar


def test_escape_keeps_text_inert():
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_escape("[x](http://e)") == "\\[x\\](http://e)"
    assert md_escape("*bold* _it_") == "\\*bold\\* \\_it\\_"
    assert md_escape("line\nbreak") == "line break"
    assert md_escape("- item") == "\\- item"
    assert md_code("a|b`c") == "`a\\|b'c`"


def test_score_bar():
    # 82.5 / 100 × 10 = 8.25 → 8 full cells; missing → empty
    assert score_bar(82.5) == "████████░░"
    assert score_bar(0) == "░" * 10 and score_bar(100) == "█" * 10
    assert score_bar(None) == ""


def test_report_content(toy_result):
    md = render(toy_result, "vi").decode("utf-8")
    assert md.startswith("# Báo cáo đánh giá làng nghề\n")
    # summary: v1 overall 88.3333 → 88,3; env 82.5 → 82,5; soc 100 → 100,0; every label with its id
    assert "| Làng Một (`v1`) | Hà Nội | 2024 | 88,3 | Cao (`high`) | 82,5 | 100,0 | 0 |" in md
    assert "| Làng Hai (`v2`) | Hà Nội | 2024 | 29,6 | Thấp (`low`) | 32,5 | 23,8 | 1 |" in md
    assert md.count("\n## Làng ") == 3
    v2 = md[md.index("## Làng Hai"):md.index("## Làng Ba")]
    assert "| Phải có cờ (`flag-required`) | Cờ (`toy.flag`) | `giá trị = 1` | Thấp (`low`) |" in v2
    v1 = md[md.index("## Làng Một"):md.index("## Làng Hai")]
    assert "Mọi điều kiện bắt buộc đều đạt." in v1
    assert toy_result.provenance["dataset"]["sha256"] in md


def test_every_table_row_has_its_columns_even_with_pipes_in_a_name(toy_registry, toy_framework, support_dir,
                                                                   tmp_path):
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    with open(support_dir / "toy.csv", encoding="utf-8", newline="") as src:
        rows = list(csv.reader(src))
    rows[1][1] = "A | B <b>"
    path = tmp_path / "p.csv"
    with open(path, "w", encoding="utf-8", newline="") as dst:
        csv.writer(dst).writerows(rows)
    result = Engine(toy_registry).evaluate(toy_framework, read_dataset(path, toy_registry))
    md = render(result, "en").decode("utf-8")
    assert "<b>" not in md and "A \\| B &lt;b&gt;" in md
    table = [line for line in md.splitlines() if line.startswith("| ")]
    summary = [line for line in table if "2024 |" in line and "High" in line]
    # village, province, year, overall, rating, 2 pillars, gates = 8 cells → 9 unescaped pipes
    assert summary[0].replace("\\|", "").count("|") == 9


def test_same_result_same_bytes(toy_result):
    assert render(toy_result, "en") == render(toy_result, "en")


def test_a_vietnamese_report_says_rules_units_and_sectors_in_vietnamese(pilot_vi):
    md = render(pilot_vi, "vi").decode("utf-8")
    for english in ("value <=", "value >=", "VND/month", "VND/person/month", "complaints/yr", "| bool |",
                    "| ratio |", "| category |", "(weaving, sericulture)", "Ngành nghề: weaving"):
        assert english not in md, english
    # as the terminal and the workbook say it; the COD gate cites its legal limit and the value applied here
    assert "| `giá trị ≤ giới hạn cột B (QCVN 40:2011/BTNMT) = 150 mg/L` |" in md
    sectors = "Dệt, nhuộm (khăn bông, lụa) (weaving), Dâu tằm tơ, tơ sen (sericulture)"
    assert f"Ngành nghề: {sectors}" in md
    assert f"trong ngành nghề của làng ({sectors})" in md  # the plan steps name the sectors alike
    plan = md[md.rindex("### Kế hoạch cải thiện"):]
    assert "| 5.000.000 | 8.820.000 | đồng/tháng |" in plan and "| 2.900.000 | 4.500.000 | đồng/người/tháng |" in plan
    assert "`vn-ttcn-sustainable` 1.4.1, bản tái dựng" in md and "(reconstruction)" not in md


def test_the_report_says_which_indicators_were_not_scored_for_an_unverified_limit(pilot_vi):
    md = render(pilot_vi, "vi").decode("utf-8")
    assert ("> **Không dùng các giới hạn chưa được kiểm chứng (giá trị ứng viên, hoặc phiên bản chưa được kiểm chứng "
            "còn hiệu lực vào ngày đó; phải kiểm tra trước khi dùng)") in md
    assert ("| QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015) | ⚠ không chấm điểm: giới hạn chưa được kiểm chứng (giá trị "
            "ứng viên, hoặc phiên bản chưa được kiểm chứng còn hiệu lực vào ngày đó), phải kiểm tra trước khi dùng |"
            ) in md


@pytest.mark.parametrize(("lang", "missing", "unscored", "fill"), [
    ("en", "Indicators with missing data: ", "Indicators not scored: limit unknown: 9",
     "limit unknown — fill 'facilities\\_existing\\_before\\_new\\_qcvn' or 'survey\\_date'"),
    ("vi", "Chỉ số thiếu dữ liệu: ", "Chỉ số không được chấm điểm vì chưa rõ giới hạn: 9",
     "chưa rõ giới hạn — hãy điền 'facilities\\_existing\\_before\\_new\\_qcvn' hoặc 'survey\\_date'"),
])
def test_a_value_given_but_not_scored_is_not_called_missing_data(blank_flag, lang, missing, unscored, fill):
    """Audit 2026-12 #6: the COD of 2025 is there, its limit is not: say what to fill, never to collect it."""
    from villagescore.i18n import t

    text = render(blank_flag, lang).decode("utf-8")
    profile = text[text.index("— 2025"):]
    coverage = profile[profile.index(f"### {t('data_coverage', lang)}"):].split("\n\n")[1]
    assert f"- {missing}3" in coverage and f"- {unscored}" in coverage  # 3 missing, 9 not scored
    [collect] = [line for line in coverage.splitlines() if line.startswith(f"- {t('missing_list', lang)}")]
    assert "environment.effluent_cod" not in collect
    assert f"(`environment.effluent_cod`): {fill}" in coverage


@pytest.mark.parametrize(("lang", "meaning"), [
    ("en", "Data coverage is the share of the pillars' weight that has a score"),
    ("vi", "Độ phủ dữ liệu là tỷ lệ trọng số của các trụ cột có điểm"),
])
def test_coverage_says_what_it_counts_beside_indicators_scored(pilot_vi, lang, meaning):
    """Audit 2026-12 #18: "100 %" beside "68 / 127 indicators scored" read as a contradiction."""
    from villagescore.i18n import t
    from villagescore.reports import html

    lines = render(pilot_vi, lang).decode("utf-8").splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith(f"- {t('indicators_scored', lang)}: "))
    assert lines[k + 1].startswith(f"  - {meaning}")
    assert meaning.replace("'", "&#39;") in html.render(pilot_vi, lang).decode("utf-8")


@pytest.mark.parametrize(("lang", "not_judged", "count", "why"), NOT_JUDGED)
def test_the_report_lists_a_gate_of_unknown_limit_as_not_judged_never_as_failed(
        blank_flag, lang, not_judged, count, why):
    """Review 2026-12 #3: the COD gate of 2025 caps the rating (its limit is unknown there), it did not fail."""
    from villagescore.i18n import t

    text = render(blank_flag, lang).decode("utf-8")
    failed = f"### {t('gates_fired', lang)}\n"
    profile = text[text.index("— 2025"):]
    profile = profile[:profile.index("\n## ")] if "\n## " in profile else profile
    assert failed not in profile  # nothing failed in 2025
    gates = profile[profile.index(f"### {not_judged}\n"):].split("\n\n")[1]
    assert "(`gate.effluent_cod_column_b`)" in gates and f"| {why} |" in gates
    earlier = text[text.index("— 2021"):text.index("— 2025")]
    assert failed in earlier and not_judged not in earlier
    # the summary counts the failed gates apart from those not judged
    summary = text[text.index(f"## {t('summary', lang)}"):].split("\n\n")[1].splitlines()
    assert summary[0].endswith(f"| {t('gates_fired', lang)} | {count} |")
    assert [row.split(" | ")[-2:] for row in summary[2:]] == [["2", "0 |"], ["0", "1 |"]]


def test_a_village_year_without_any_score_says_none_instead_of_an_empty_weakest_table():
    """Audit 15 (h4) #3: the md report printed the weakest table's header and no row."""
    import pandas as pd

    import villagescore as vs
    from villagescore import bundled
    from villagescore.reports.markdown import render as markdown

    frame = pd.read_csv(bundled.path(bundled.PILOT), dtype=str, keep_default_na=False).iloc[[0]].copy()
    for column in frame.columns:
        if column not in ("village_id", "name", "commune", "province", "former_district", "former_province",
                          "sectors", "year"):
            frame[column] = ""
    text = markdown(vs.evaluate(frame), "vi").decode("utf-8")
    weakest = text.split("### Các chỉ số yếu nhất", 1)[1].split("###", 1)[0]
    assert weakest.strip() == "không có: không chỉ số nào của lượt làng-năm này có điểm"


@pytest.mark.parametrize(("text", "expected"), [
    ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
    ("[x]: javascript:alert(1)", "\\[x]: javascript:alert(1)"),  # a link definition opening a line
    ("see [a][ref]", "see [a\\][ref]"),
    ("<script>alert(1)</script> & <img src=x onerror=y>",
     "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=y&gt;"),
    ("a \\](x) b | c\nd", "a \\\\\\](x) b \\| c d"),  # a backslash cannot undo the escape
    ("tagged [V], wage_region, *as written*", "tagged [V], wage_region, *as written*"),
])
def test_md_text_leaves_no_html_or_link_and_keeps_prose_readable(text, expected):
    assert md_text(text) == expected
