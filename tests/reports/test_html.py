"""HTML reports: self-contained, escaped, the pillar polygon drawn from the scores."""

import re

import pytest

from tests.reports.conftest import NOT_JUDGED
from villagescore.reports.html import render
from villagescore.reports.svg import radar_svg

# toy results (tests/test_engine.py): pillar scores env/soc
#   v1 82.5 / 100, v2 32.5 / 23.75, v3 50 / 30; overall 88.3333, 29.5833, 43.3333


def _result_with_name(toy_registry, toy_framework, support_dir, tmp_path, name):
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    text = (support_dir / "toy.csv").read_text(encoding="utf-8").replace("Làng Một", name)
    path = tmp_path / "named.csv"
    path.write_text(text, encoding="utf-8")
    return Engine(toy_registry).evaluate(toy_framework, read_dataset(path, toy_registry))


def _points(svg: str, cls: str) -> list[tuple[float, float]]:
    m = re.search(rf'<polygon class="{cls}" points="([^"]*)"', svg)
    assert m, f"no polygon {cls}"
    return [tuple(float(v) for v in p.split(",")) for p in m.group(1).split()]


def test_radar_points_are_the_scores_on_their_axes():
    # centre (280, 235), radius 150; axis k at -90° + 360°·k/4
    # 100 up: (280, 235 - 150) = (280, 85); 50 right: (280 + 75, 235); 0 down: the centre;
    # missing left: drawn at the centre
    svg = radar_svg([("A", 100, "100"), ("B", 50, "50"), ("C", 0, "0"), ("D", None, "—")], ident="r1")
    assert svg.startswith('<svg class="radar" id="r1"')
    assert _points(svg, "village") == [(280.0, 85.0), (355.0, 235.0), (280.0, 235.0), (280.0, 235.0)]
    # five rings at 20..100 points: radii 30, 60, 90, 120, 150
    radii = sorted(280.0 - float(x) for x in re.findall(r'class="ring ring-\d+" d="M([^,]+),', svg))
    assert radii == [30.0, 60.0, 90.0, 120.0, 150.0]
    assert svg.count('<line class="axis"') == 4


def test_radar_draws_the_previous_year_dashed_and_escapes_labels():
    svg = radar_svg([("<b>&", 60, "60"), ("x", 60, "60"), ("y", 60, "60")], previous=[20, 20, 20],
                    legend=("2025", "<i>2021"), title='"t"')
    # 20 points on the upward axis: (280, 235 - 30)
    assert _points(svg, "previous")[0] == (280.0, 205.0)
    assert "stroke-dasharray" in svg
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and "&lt;i&gt;2021" in svg and "&#34;t&#34;" in svg


def test_report_is_self_contained_html(toy_result):
    html = render(toy_result, "vi").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in html and '<meta charset="utf-8">' in html
    for external in ("<script", "<link", "src=", "url(", "@import"):
        assert external not in html
    # the only URL is the SVG namespace
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {"http://www.w3.org/2000/svg"}


def test_report_has_one_radar_per_village_year_with_its_scores(toy_result):
    html = render(toy_result, "en").decode("utf-8")
    assert html.count('<svg class="radar"') == 3
    assert 'id="radar-v1-2024"' in html and 'id="radar-v3-2024"' in html
    v1 = html[html.index('id="radar-v1-2024"'):]
    # two pillars: env 82.5 up (280, 235 - 123.75), soc 100 down (280, 235 + 150)
    assert _points(v1, "village") == [(280.0, 111.2), (280.0, 385.0)]
    for name in ("Làng Một", "Làng Hai", "Làng Ba"):
        assert name in html


def test_report_numbers_follow_the_language(toy_result):
    vi = render(toy_result, "vi").decode("utf-8")
    en = render(toy_result, "en").decode("utf-8")
    # overall v1 88.3333 → "88,3" (vi) / "88.3" (en); v2 soc 23.75 → "23,8" / "23.8"
    assert ">88,3<" in vi and ">88.3<" in en
    assert ">23,8<" in vi and ">23.8<" in en
    assert "Điểm tổng hợp" in vi and "Overall score" in en


def _section(html: str, vid: str) -> str:
    start = html.index(f'<section class="village" id="v-{vid}-2024">')
    return html[start:html.index("</section>", start)]


def test_gates_weakest_and_coverage_per_village(toy_result):
    html = render(toy_result, "en").decode("utf-8")
    v1, v2, v3 = (_section(html, v) for v in ("v1", "v2", "v3"))
    assert "Every mandatory rule is met." in v1
    assert "Flag required" in v2 and "value = 1" in v2 and "capped" in v2
    # v2 (beta): toy.b not applicable → 5 scored of 6, 0 missing, 1 not applicable
    assert re.search(r"Indicators scored</td><td class=\"num\">5 / 6<", v2)
    assert re.search(r"Indicators not applicable</td><td class=\"num\">1<", v2)
    # v3: a missing → "Indicator A" listed as data needed
    assert re.search(r"Indicators with missing data</td><td class=\"num\">1<", v3)
    assert "<li>Indicator A <code>toy.a</code></li>" in v3
    # weakest of v2, lowest score first: flag 0 → 0; share 20/200 = 10 % on 0..50 → 20;
    # c: env = (a + c)/2 = 32.5 with a = 40 → 25; a 40; kind y → 50
    weakest = v2[v2.index('<table class="weakest">'):v2.index("</table>", v2.index('<table class="weakest">'))]
    assert re.findall(r"<tr><td>([^<]+) <code>", weakest) == ["Flag", "Share", "Indicator C", "Indicator A", "Kind"]


def test_provenance_footer(toy_result):
    html = render(toy_result, "en").decode("utf-8")
    footer = html[html.index("<footer>"):]
    prov = toy_result.provenance
    assert prov["framework"]["sha256"] in footer and prov["dataset"]["sha256"] in footer
    assert "toy 9.9.9" in footer and prov["engine_version"] in footer


def test_script_in_a_village_name_is_escaped(toy_registry, toy_framework, support_dir, tmp_path):
    result = _result_with_name(toy_registry, toy_framework, support_dir, tmp_path, "<script>alert(1)</script>")
    html = render(result, "vi").decode("utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_profiles_can_be_limited(toy_result):
    html = render(toy_result, "en", max_profiles=1).decode("utf-8")
    assert html.count('<svg class="radar"') == 1
    assert "Detailed profiles are shown for 1 of 3 village-years" in html
    assert html.count("<tr><td>") >= 3  # every village stays in the summary table


def test_same_result_same_bytes(toy_result):
    assert render(toy_result, "vi") == render(toy_result, "vi")


@pytest.mark.parametrize(("fmt", "marker"), [("html", b"<!DOCTYPE html>"), ("md", b"# "), ("xlsx", b"PK")])
def test_evaluate_writes_each_format(toy_cli, support_dir, tmp_path, fmt, marker):
    out = tmp_path / f"r.{fmt}"
    res = toy_cli("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--format", fmt,
                  "-o", out)
    assert res.exit_code == 0, res.output
    assert out.read_bytes().startswith(marker)


def _comparison(result, lang="en"):
    from villagescore.admin_mapping import load_mapping
    from villagescore.compare import compare, load_table

    return compare(load_table([("toy.csv", result)]), by="province", min_group=2, lang=lang, mapping=load_mapping())


def test_comparison_page_ranks_groups_and_charts(toy_result):
    from villagescore.reports.html import render_comparison

    html = render_comparison(_comparison(toy_result), "en").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html and "<script" not in html
    # overall 88.33 (v1) > 43.33 (v3) > 29.58 (v2)
    ranking = html[html.index('<table class="rankings-table">'):]
    assert ranking.index("Làng Một") < ranking.index("Làng Ba") < ranking.index("Làng Hai")
    chart = html[html.index('id="chart-rankings"'):html.index("</svg>", html.index('id="chart-rankings"'))]
    # bar widths: 400 px × score / 100 → 353.3, 173.3, 118.3
    assert re.findall(r'<rect class="bar" x="250" y="\d+" width="([\d.]+)"', chart) == ["353.3", "173.3", "118.3"]
    assert re.search(r">Làng Một \(v1\) \d{4}</text>", chart)  # audit 13: the id beside the name, as in the tables
    # Hà Nội (v1, v2): mean (88.3333 + 29.5833) / 2 = 58.9583 → "59.0"; Bắc Ninh has one village (< 2)
    groups = html[html.index('id="chart-groups"'):]
    assert ">Hà Nội</text>" in groups and ">59.0</text>" in groups
    assert "toy.csv — toy 1.0" in html


def test_comparison_page_escapes_names(toy_registry, toy_framework, support_dir, tmp_path):
    from villagescore.reports.html import render_comparison

    result = _result_with_name(toy_registry, toy_framework, support_dir, tmp_path, "<script>alert(1)</script>")
    html = render_comparison(_comparison(result), "vi").decode("utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_compare_command_writes_html(toy_cli, support_dir, tmp_path):
    out = tmp_path / "cmp.html"
    res = toy_cli("compare", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--by", "province",
                  "--format", "html", "-o", out)
    assert res.exit_code == 0, res.output
    assert 'class="bars"' in out.read_text(encoding="utf-8")


def test_improvement_plan_section_from_the_plans_the_command_attached(toy_result):
    toy_result.plans = {1: {"steps": [{"indicator": "toy.flag", "label": "Flag", "current": 0, "target": 1,
                                       "unit": "", "gain": 6.125, "action": "<b>raise</b> the flag"}]}}
    html = render(toy_result, "en").decode("utf-8")
    assert html.count('<table class="plan">') == 1
    plan = _section(html, "v2")
    # a gain of 6.125 shows as +6.13 (two decimals, signed, as explain and serve): a half is rounded away from zero
    assert "Improvement plan" in plan and "&lt;b&gt;raise&lt;/b&gt; the flag" in plan and ">+6.13<" in plan


def test_reports_never_compute_plans(toy_result):
    """Without attached plans a report has no plan section; it does not run the planner."""
    toy_result.plans = {}
    assert '<table class="plan">' not in render(toy_result, "en").decode("utf-8")


def test_a_report_says_when_plans_were_left_out(toy_result):
    toy_result.plans, toy_result.plans_omitted = {}, 3
    html = render(toy_result, "en").decode("utf-8")
    assert "This report computes no improvement plan" in html and "the first 0" not in html
    assert "villagescore explain" in html
    toy_result.plans_omitted = 2
    html = render(toy_result, "en").decode("utf-8")
    assert "Improvement plans were computed for the first 1 village-years" in html


def test_plan_from_explain_is_shown(toy_registry, toy_framework, toy_dataset):
    from villagescore.engine import Engine
    from villagescore.explain import explain

    exp = explain(Engine(toy_registry), toy_framework, toy_dataset, "v2")
    plan = exp.to_dict(lang="en")["plan"]
    html = render(exp.result, "en", plans={exp.row: plan}).decode("utf-8")
    table = html[html.index('<table class="plan">'):html.index("</table>", html.index('<table class="plan">'))]
    steps = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td><td class=\"num\">([^<]+)</td>", table)
    # the plan's own steps, in its order (gate fixes first), with the indicators' labels
    expected = [(next(n for n in toy_framework.indicators if n.id == s["indicator"]).indicator.label["en"],
                 f"{s['from']:g}", f"{s['to']:g}") for s in plan["steps"]]
    assert steps == expected
    assert "Fixes mandatory rule: Flag required" in table  # v2 fails the flag gate: fixed first
    assert f"step(s) to reach “{plan['target_label']}”" in html


# ---- printing ----


def test_reports_print_on_a4_with_their_colours(toy_result):
    html = render(toy_result, "vi").decode("utf-8")
    assert "@page { size: A4 portrait;" in html
    assert "print-color-adjust: exact" in html  # bars and bands print without the browser's background switch
    assert ".bar span { display: block; height: 0; border-top: 12px solid" in html  # a bar is a border
    assert "section.village { break-before: page; }" in html  # each village opens a page
    assert 'content: "Trang " counter(page) " / " counter(pages)' in html


def test_no_date_unless_asked_so_the_same_result_gives_the_same_bytes(toy_result):
    from villagescore.reports.document import DocumentSettings

    plain = render(toy_result, "vi")
    assert render(toy_result, "vi") == plain
    assert b"Ng\xc3\xa0y l\xe1\xba\xadp" not in plain and b'class="signature"' not in plain
    dated = render(toy_result, "vi", document=DocumentSettings(date="2026-12-04"))
    assert "Ngày lập: 04/12/2026" in dated.decode("utf-8")
    assert render(toy_result, "vi", document=DocumentSettings(date="2026-12-04")) == dated


def test_issuer_and_signature_block_are_escaped(toy_result):
    from villagescore.reports.document import DocumentSettings

    doc = DocumentSettings(issuer=("<b>UBND</b>", "Phòng Kinh tế"), signature=("TRƯỞNG PHÒNG", "Trần <i>B</i>"),
                           date="2026-01-02", place="Mỹ Đức")
    html = render(toy_result, "vi", document=doc).decode("utf-8")
    assert "&lt;b&gt;UBND&lt;/b&gt;" in html and "<b>UBND" not in html
    assert "Trần &lt;i&gt;B&lt;/i&gt;" in html
    assert '<p class="dateline">Mỹ Đức, ngày 02 tháng 01 năm 2026</p>' in html
    assert html.index('class="signature"') < html.index("<footer>")


def test_fact_sheets_give_one_section_per_village_year(toy_result):
    from villagescore.reports.document import DocumentSettings

    html = render(toy_result, "en", document=DocumentSettings(layout="factsheet")).decode("utf-8")
    assert html.count('<section class="sheet"') == len(toy_result)
    assert html.count('<svg class="radar"') == len(toy_result)
    assert "Craft village assessment fact sheet" in html
    assert '<section class="village"' not in html and 'class="summary-table"' not in html  # the CSS names it
    assert ".sheet + .sheet { margin-top: 0; break-before: page; }" in html
    assert "This document holds the fact sheets" not in html  # every village-year has its sheet


def test_fact_sheets_of_some_village_years_only_say_so_on_the_first_sheet(toy_result, summarised):
    from villagescore.reports.document import DocumentSettings

    html = render(toy_result, "en", document=DocumentSettings(layout="factsheet")).decode("utf-8")
    assert html.count('<section class="sheet"') == 1  # a national number of village-years: a sample of sheets
    assert "This document holds the fact sheets of the first 1 of the 3 village-years (in village id order), not " \
           "every one: choose the villages with --village" in html
    vi = render(toy_result, "vi", document=DocumentSettings(layout="factsheet")).decode("utf-8")
    assert "chỉ gồm phiếu tóm tắt của 1 lượt làng-năm đầu tiên (theo mã làng) trong tổng số 3" in vi


def _fresh_environment(monkeypatch, folder):
    from villagescore.reports import html

    if folder is None:
        monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", "")
    else:
        monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(folder))
    html.environment.cache_clear()
    return html


def test_compiled_templates_are_kept_in_the_user_cache_and_give_the_same_page(toy_result, tmp_path, monkeypatch):
    html = _fresh_environment(monkeypatch, tmp_path / "cache")
    try:
        first = render(toy_result, "vi")
        kept = sorted((tmp_path / "cache" / "templates").iterdir())
        assert kept and all(p.suffix == ".cache" for p in kept)
        html.environment.cache_clear()  # a new process: the templates come from the cache
        assert render(toy_result, "vi") == first
        _fresh_environment(monkeypatch, None)
        assert html.environment().bytecode_cache is None  # cache switched off
        assert render(toy_result, "vi") == first
    finally:
        html.environment.cache_clear()


def test_a_cache_folder_that_cannot_be_written_is_not_an_error(toy_result, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    html = _fresh_environment(monkeypatch, blocker)
    try:
        assert html.environment().bytecode_cache is None
        assert b"<html" in render(toy_result, "vi")
        folder = tmp_path / "cache"
        html = _fresh_environment(monkeypatch, folder)
        bcc = html.environment().bytecode_cache
        (folder / "templates").rmdir()  # the folder goes away after start-up: nothing is kept, nothing fails
        assert b"<html" in render(toy_result, "vi")
        assert bcc is not None and not (folder / "templates").exists()
    finally:
        html.environment.cache_clear()


def test_compiled_templates_are_not_loaded_from_a_folder_others_can_write(toy_result, tmp_path, monkeypatch):
    import os

    folder = tmp_path / "shared-cache"
    (folder / "templates").mkdir(parents=True)
    os.chmod(folder / "templates", 0o777)  # anyone could put code there
    html = _fresh_environment(monkeypatch, folder)
    try:
        assert html.environment().bytecode_cache is None
        assert b"<html" in render(toy_result, "vi")
        assert list((folder / "templates").iterdir()) == []
    finally:
        html.environment.cache_clear()


@pytest.mark.parametrize("layout", ["report", "factsheet"])
def test_a_vietnamese_page_names_sectors_by_label_and_says_rules_and_units_in_vietnamese(pilot_vi, layout):
    from villagescore.reports.document import DocumentSettings

    html = render(pilot_vi, "vi", document=DocumentSettings(layout=layout)).decode("utf-8")
    sectors = "Dệt, nhuộm (khăn bông, lụa) (weaving), Dâu tằm tơ, tơ sen (sericulture)"
    assert html.count(f"Ngành nghề: {sectors}</p>") == len(pilot_vi)
    for english in ("Ngành nghề: weaving", "value &lt;=", "value &gt;=", "VND/month", "complaints/yr",
                    "(weaving, sericulture)", "<td>bool</td>"):
        assert english not in html, english
    if layout == "report":
        # the COD gate cites its legal limit, and says the limit applied to the village-year
        assert "<code>giá trị ≤ giới hạn cột B (QCVN 40:2011/BTNMT) = 150 mg/L</code>" in html
        assert "<td>đồng/tháng</td>" in html and f"trong ngành nghề của làng ({sectors})" in html
        assert "<code>vn-ttcn-sustainable</code> 1.4.1, bản tái dựng</p>" in html


def test_the_provenance_footer_wraps_labels_at_spaces_and_only_values_anywhere(toy_result):
    html = render(toy_result, "en").decode("utf-8")
    assert "break-all" not in html  # "Framewo|rk id" in a printed report
    assert "footer table td + td { overflow-wrap: anywhere; }" in html


@pytest.mark.parametrize("layout", ["report", "factsheet"])
def test_the_page_says_which_indicators_were_not_scored_for_an_unverified_limit(pilot_vi, layout):
    from villagescore.reports.document import DocumentSettings

    html = render(pilot_vi, "en", document=DocumentSettings(layout=layout)).decode("utf-8")
    if layout == "report":
        assert ('<p class="notice warning">Limits unverified (candidate values, or versions not verified to be in '
                'force on that date; must be checked before use)') in html
        assert ("<td>QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015)</td><td class=\"fired\">⚠ not scored: limit "
                "unverified (a candidate value, or a version not verified to be in force on that date), must be "
                "checked before use</td>") in html
    else:  # one line per sheet, in its foot
        assert html.count("⚠ Not scored: limit unverified (candidate values, or versions not verified to be in force "
                          "on that date; to be checked before use):</strong> ") == 2
        # audit 15 (h4) #3: the ids were bare; each stands beside its label (below the weakest: room is short)
        assert "Dye-house effluent colour <code>weaving.dye_<wbr>effluent_<wbr>colour</code>, " in html
        assert "Loom noise at the nearest dwelling, night <code>weaving.loom_<wbr>noise_<wbr>night</code></p>" in html


def _sheet(html: str, year: int) -> str:
    """The text of the fact sheet of ``year`` (tags, the polygon and repeated spaces removed)."""
    sheet = next(s for s in html.split('<section class="sheet"')[1:] if f'<span class="year">{year}</span>' in s)
    sheet = re.sub(r"<svg.*?</svg>", "", sheet, flags=re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", sheet.replace("<wbr>", "")).replace("&#39;", "'").split())
    return text.replace(" :", ":").replace(" ,", ",")


@pytest.mark.parametrize(("lang", "failed", "not_judged", "unknown", "fill", "estimates"), [
    ("en", "Mandatory rules failed", "Mandatory rules not judged; their cap on the rating applies all the same",
     "limit unknown for this village-year", "Values given but not scored:",
     "Share of estimated inputs: unknown"),
    ("vi", "Điều kiện bắt buộc không đạt",
     "Điều kiện bắt buộc chưa xét được; mức xếp loại tối đa của điều kiện vẫn áp dụng",
     "chưa rõ giới hạn cho lượt làng-năm này", "Giá trị có trong số liệu nhưng không được chấm điểm:",
     "Tỷ lệ số liệu đầu vào ước tính: không rõ"),
])
def test_a_fact_sheet_shows_a_gate_of_unknown_limit_as_not_judged_never_as_failed(
        blank_flag, lang, failed, not_judged, unknown, fill, estimates):
    """Audit 2026-12 #4: the COD gate of 2025 is unknown (its limit is), not failed; the sheet says what to fill."""
    from villagescore.reports.document import DocumentSettings

    html = render(blank_flag, lang, document=DocumentSettings(layout="factsheet")).decode("utf-8")
    later, earlier = _sheet(html, 2025), _sheet(html, 2021)
    assert failed not in later and not_judged in later
    assert f"gate.effluent_cod_column_b: {unknown} →" in later
    assert failed in earlier and not_judged not in earlier  # failed there: the value is over its limit
    assert "gate.effluent_cod_column_b →" in earlier
    # what the scores rest on: the values not scored and what to fill, the share of estimates unknown
    assert fill in later and "environment.effluent_cod," in later  # values of the same fix are said together
    assert "'facilities_existing_before_new_qcvn'" in later and fill not in earlier
    assert estimates in later and estimates in earlier
    # ids beside the labels of criteria and of the weakest indicators
    criterion = blank_flag.framework.criteria[0]
    assert f"{criterion.label[lang]} {criterion.id}" in later


def _profile(html: str, year: int) -> str:
    """The text of the report's profile of ``year`` (tags and repeated spaces removed)."""
    section = next(s for s in html.split('<section class="village"')[1:] if f'<span class="year">{year}</span>' in s)
    return " ".join(re.sub(r"<[^>]+>", " ", section.replace("<wbr>", "")).split())


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize(("lang", "not_judged", "count", "why"), NOT_JUDGED)
def test_the_report_lists_a_gate_of_unknown_limit_as_not_judged_never_as_failed(
        blank_flag, fmt, lang, not_judged, count, why):
    """Review 2026-12 #3: the COD gate of 2025 caps the rating (its limit is unknown there), it did not fail.

    The page of a PDF report (``--layout report``) is this one, rendered for print.
    """
    from villagescore.i18n import t
    from villagescore.reports.document import DocumentSettings

    html = render(blank_flag, lang, document=DocumentSettings(layout="report"), fmt=fmt).decode("utf-8")
    later, earlier = _profile(html, 2025), _profile(html, 2021)
    failed = t("gates_fired", lang)
    assert failed not in later
    after = later[later.index(not_judged):]
    assert "gate.effluent_cod_column_b" in after and why in after
    assert failed in earlier and not_judged not in earlier
    head = html[html.index('<table class="summary-table">'):html.index("</thead>")]
    assert f'<th class="num">{failed}</th><th class="num">{count}</th>' in head


@pytest.mark.parametrize("layout", ["report", "factsheet"])
def test_the_change_between_two_years_says_regulation_versions_changed(pilot_vi, layout):
    # the auditor's case: the pilot's 2021 → 2025 change mixes QCVN 05:2013 and QCVN 05:2023
    from villagescore.reports.document import DocumentSettings

    page = render(pilot_vi, "vi", document=DocumentSettings(layout=layout)).decode("utf-8")
    if layout == "report":
        assert "Thay đổi này một phần do quy định" in page and "(qcvn-05-2013) → QCVN 05:2023/BTNMT" in page
    else:  # one A4 page: counted, named in the full report; PM10 and TSP change version, three are scored in 2025
        # only and four noise indicators in 2021 only (QCVN 26:2010's being in force in 2025 is unverified)
        assert ("§ Thay đổi một phần do quy định: 2 chỉ số được chấm theo phiên bản văn bản quy định khác, "
                "7 chỉ số chỉ được chấm điểm ở một năm") in page


def test_ranking_chart_keeps_the_id_and_year_of_long_village_names():
    # audit 13 review: real names ("Làng chế biến nông sản Dương Liễu (duong-lieu-hoai-duc) 2021") were cut to
    # 39 characters + "…", losing the year and often the id; only the name may be shortened now
    import csv
    from pathlib import Path

    from villagescore.reports.html import comparison_charts

    path = Path(__file__).parents[2] / "datasets" / "villages" / "villages.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        villages = [(row["village_id"], row["name"]) for row in csv.DictReader(handle)]
    villages.append(("xa-rat-dai", "Làng nghề truyền thống chạm khắc gỗ và sơn mài mỹ nghệ xuất khẩu"))
    rows = [{"village_id": vid, "name": name, "year": 2021, "period": 2021, "score": 50.0}
            for vid, name in villages]
    chart = comparison_charts({"rankings": {"rows": rows}}, "vi")[0]["svg"]
    labels = re.findall(r'<text class="bar-label"[^>]*><title>[^<]*</title>(.*?)</text>', str(chart))
    shown = [re.sub(r"<[^>]+>", " ", label) for label in labels]
    assert len(shown) == len(villages)
    for (vid, _), text in zip(villages, shown, strict=True):
        assert f"({vid}) 2021" in text, text
    assert "Làng chế biến nông sản Dương Liễu" in shown[villages.index(("duong-lieu-hoai-duc",
                                                                        "Làng chế biến nông sản Dương Liễu"))]
    assert f"{villages[-1][1][:39]}…" in shown[-1]  # only the name is shortened


@pytest.mark.parametrize("layout", ["report", "factsheet"])
def test_a_village_year_without_any_score_says_it_has_no_weakest_indicator(layout):
    """Audit 15 (h4) #3: "weakest indicators" was an empty heading on the sheet (a bare header in md)."""
    import pandas as pd

    import villagescore as vs
    from villagescore import bundled
    from villagescore.reports.document import DocumentSettings

    frame = pd.read_csv(bundled.path(bundled.PILOT), dtype=str, keep_default_na=False).iloc[[0]].copy()
    for column in frame.columns:
        if column not in ("village_id", "name", "commune", "province", "former_district", "former_province",
                          "sectors", "year"):
            frame[column] = ""
    html = render(vs.evaluate(frame), "en", document=DocumentSettings(layout=layout)).decode("utf-8")
    assert "none: no indicator of this village-year has a score" in html and '<table class="weakest">' not in html
