from html.parser import HTMLParser

from villagescore.targets import NATIONAL, measure_targets
from villagescore.targets.model import Target, TargetSet
from villagescore.targets.render import render

from .test_measure import ROWS, _data


class _Svg(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts = 0
        self.scripts = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg" and "target-chart" in (dict(attrs).get("class") or ""):
            self.charts += 1
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        self.text.append(data)


def _report(label="Làng <script>alert(1)</script>"):
    t = Target(id="t", label={"vi": label, "en": label}, source={"decision": "=cmd()", "provision": "p"},
               confidence="secondary", year=2030, unit="share_of_villages", op=">=", value=50.0,
               measure={"statistic": "share", "condition": {"rating_at_least": "good"}},
               measure_confidence="estimate")
    missing = Target(id="m", label={"vi": "thiếu", "en": "missing"}, source={"decision": "d", "provision": "p"},
                     confidence="secondary", year=2030, unit="count", op=">=", value=3.0, measure=None,
                     missing={"vi": "không có <b>trường</b>", "en": "no <b>field</b>"})
    rows = [(p if p != "A" else "=HYPERLINK(1)", y, r, s) for p, y, r, s in ROWS]
    return measure_targets(_data(rows), TargetSet("s", {"vi": "s", "en": "s"}, {"document": "d"}, (t, missing), "m"))


def test_html_has_one_chart_per_measurable_target_and_escapes_text():
    html = render(_report(), "html", "en").decode("utf-8")
    parsed = _Svg()
    parsed.feed(html)
    assert parsed.charts == 1 and parsed.scripts == 0
    assert "&lt;script&gt;" in html and "<b>field</b>" not in html and "no &lt;b&gt;field&lt;/b&gt;" in html
    assert "All data (0 of 34 provinces)" in " ".join(parsed.text)  # provinces A and B: not the country


def test_csv_neutralises_formulas_and_has_a_row_per_group_and_year():
    text = render(_report(), "csv", "vi").decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Mã mục tiêu,")
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text
    report = _report()
    assert len(lines) - 1 == len(report["targets"][0]["rows"])


def test_json_and_markdown_carry_the_missing_data():
    import json

    doc = json.loads(render(_report(), "json", "en"))
    assert doc["targets"][1]["missing_data"][0]["en"] == "no <b>field</b>"
    assert doc["targets"][0]["trend"][NATIONAL]["verdict"]
    md = render(_report(), "md", "vi").decode("utf-8")
    assert "không có \\<b\\>trường\\</b\\>" in md or "không có &lt;b&gt;" in md


def test_provision_and_quantity_unit_are_said_in_the_report_language():
    from villagescore.targets import load_targets

    src = {"decision": "801/QĐ-TTg", "provision": {"vi": "mục tiêu cụ thể", "en": "objectives"}}
    t = Target(id="g", label={"vi": "Tăng trưởng", "en": "Growth"}, source=src, confidence="secondary",
               year=2030, unit="average", quantity_unit="%/yr", op=">=", value=10.0,
               measure={"statistic": "mean", "value": {"indicator": "x"}}, measure_confidence="estimate")
    money = Target(id="e", label={"vi": "Xuất khẩu", "en": "Exports"}, source=src, confidence="secondary",
                   year=2030, unit="count", quantity_unit="bn USD", op=">=", value=4.0, measure=None,
                   missing={"vi": "thiếu", "en": "missing"})
    data = _data(ROWS, indicators={"x": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    report = measure_targets(data, TargetSet("s", {"vi": "s", "en": "s"}, {"document": "d"}, (t, money), "m"))
    for fmt in ("md", "html"):
        vi = render(report, fmt, "vi").decode("utf-8")
        assert "mục tiêu cụ thể" in vi and "objectives" not in vi
        assert "%/năm" in vi and "%/yr" not in vi and "tỷ USD" in vi and "bn USD" not in vi
        en = render(report, fmt, "en").decode("utf-8")
        assert "objectives" in en and "%/yr" in en and "bn USD" in en
    assert load_targets(None).targets[0].source["provision"]["vi"].startswith("mục tiêu")


def test_counts_have_the_language_s_thousands_separator():
    from villagescore.reports.terminal import render_text
    from villagescore.targets.render import rich_view

    report = _report("Làng")
    report["data"]["village_years"] = 4000
    for r in report["targets"][0]["rows"]:
        r["measured"], r["villages"] = 1792, 2000
    for fmt in ("md", "html"):
        vi = render(report, fmt, "vi").decode("utf-8")
        assert "4.000 làng-năm" in vi and "1.792/2.000" in vi and "4000" not in vi
        en = render(report, fmt, "en").decode("utf-8")
        assert "4,000 village-years" in en and "1,792/2,000" in en
    table = render_text(rich_view(report, "vi"), width=200)
    assert "4.000 làng-năm" in table and "1.792/2.000" in table
    assert "1792/2000" in render(report, "csv", "vi").decode("utf-8-sig")  # the CSV keeps raw counts


def test_each_column_has_one_number_of_decimals():
    from villagescore.targets.render import _digits, _num

    def target(unit, values):
        return {"unit": unit, "rows": [{"value": v, "target": g, "gap": p} for v, g, p in values]}

    multiple = target("multiple_of_base_year", [(1.0, 1.5, 0.5), (1.45, 1.5, 0.05)])
    growth = target("average", [(-5.0, 10.0, 15.0), (2.6667, 10.0, 7.3333), (11.1, 10.0, 0.0)])
    for t, shown in ((multiple, ["1,00", "1,45", "0,50", "0,05"]), (growth, ["-5,0", "2,7", "11,1", "0,0"])):
        d = _digits(t)
        cells = [_num(x, "vi", digits=d) for r in t["rows"] for x in (r["value"], r["gap"])]
        assert set(shown) <= set(cells), cells
    assert _digits(target("count", [(120.0, 181.0, 61.0)])) == 0
    assert _digits(target("count", [(3.5, 4.0, 0.5)])) == 1


def test_quantity_words_read_naturally():
    from villagescore.targets.render import _target_text

    count = {"unit": "count", "op": ">=", "value": 181.0, "year": 2025}
    assert _target_text(count, "vi") == "≥ 181 (đến năm 2025)"
    money = dict(count, value=4.0, quantity_unit={"vi": "tỷ USD", "en": "billion USD"})
    assert _target_text(money, "vi") == "≥ 4 tỷ USD (đến năm 2025)"
    growth = {"unit": "average", "op": ">=", "value": 10.0, "year": 2025, "quantity_unit": "%/yr"}
    assert _target_text(growth, "vi") == "≥ 10 %/năm (bình quân) (đến năm 2025)"
    assert _target_text(growth, "en") == "≥ 10 %/yr (average) (by 2025)"


def test_a_strict_target_writes_its_op_and_a_value_exactly_at_it_does_not_read_as_met():
    from villagescore.targets.render import _cells

    def report(op):
        t = Target(id="t", label={"vi": "t", "en": "t"}, source={"decision": "d", "provision": "p"},
                   confidence="secondary", year=2024, unit="share_of_villages", op=op, value=100.0,
                   measure={"statistic": "share", "condition": {"rating_at_least": "good"}},
                   measure_confidence="estimate")
        return measure_targets(_data(ROWS), TargetSet("s", {"vi": "s", "en": "s"}, {"document": "d"}, (t,), "m"))

    strict = report(">")["targets"][0]
    at = next(r for r in strict["rows"] if r["group"] == "A" and r["year"] == 2024)
    assert (at["value"], at["gap"], at["reached"]) == (100.0, 0.0, False)
    # was "100,0 | 100,0 | 0,0 | … missed": a gap of 0 beside "missed"
    assert _cells(strict, at, "vi", {})[2:5] == ["100,0", "> 100,0", "> 0,0"]
    below = next(r for r in strict["rows"] if r["group"] == "A" and r["year"] == 2022)
    assert _cells(strict, below, "en", {})[2:5] == ["50.0", "> 100.0", "> 50.0"]
    assert "| &gt; 100.0 | &gt; 0.0 |" in render(report(">"), "md", "en").decode("utf-8")
    met = report(">=")["targets"][0]
    at = next(r for r in met["rows"] if r["group"] == "A" and r["year"] == 2024)
    assert _cells(met, at, "en", {})[2:5] == ["100.0", "100.0", "0.0"]  # >= is written as before


def test_the_gap_is_the_difference_of_the_printed_value_and_target():
    """Audit (thirteenth walk): measured 7,3, target 10,0, gap 2,8: each rounded on its own."""
    from villagescore.targets.render import _cells, table_rows

    t = Target(id="t", label={"vi": "t", "en": "t"}, source={"decision": "d", "provision": "p"},
               confidence="secondary", year=2024, unit="share_of_villages", op=">=", value=10.0,
               measure={"statistic": "share", "condition": {"rating_at_least": "good"}},
               measure_confidence="estimate")
    report = measure_targets(_data(ROWS), TargetSet("s", {"vi": "s", "en": "s"}, {"document": "d"}, (t,), "m"))
    target = report["targets"][0]
    row = dict(target["rows"][0], value=7.25, target=10.0, gap=2.75, reached=False)
    assert _cells(target, row, "vi", {})[2:5] == ["7,3", "10,0", "2,7"]
    met = dict(row, value=10.5, gap=0.0, reached=True)
    assert _cells(target, met, "en", {})[2:5] == ["10.5", "10.0", "0.0"]
    target["rows"] = [row]
    assert table_rows(report, "en")[0][4:7] == [7.25, 10.0, 2.75]  # the CSV keeps the exact numbers


def test_every_view_names_the_frameworks_the_results_come_from():
    """Audit 14 #1: targets never said which framework version or lineage its numbers come from."""
    from villagescore.reports.terminal import render_text
    from villagescore.targets.render import rich_view

    v1 = {"id": "fw", "version": "1.4.1", "sha256": "c62c7daa6b7c57a4", "lineage": [{"id": "fw", "version": "1.4.1"}]}
    v2 = {"id": "fw-v2", "version": "2.0.0", "sha256": "9a55dc0f08479f9e",
          "lineage": [{"id": "fw", "version": "1.4.1"}, {"id": "fw-v2", "version": "2.0.0"}]}
    report = _report("t")
    report["provenance"] = {"source": "store", "evaluations": [{"evaluation": 1, "framework": v1},
                                                               {"evaluation": 2, "framework": v2},
                                                               {"evaluation": 3, "framework": v1}]}
    old = "Criteria framework: fw 1.4.1 (sha256 c62c7daa6b7c)"
    new = "Criteria framework: fw-v2 2.0.0 (sha256 9a55dc0f0847; lineage: fw 1.4.1 → fw-v2 2.0.0)"
    for fmt in ("md", "html"):
        page = render(report, fmt, "en").decode("utf-8").replace("&gt;", ">")
        assert page.count(old) == 1 and new in page, fmt  # each framework once
    text = " ".join(render_text(rich_view(report, "vi"), width=300).split())
    assert "Bộ tiêu chí: fw 1.4.1 (sha256 c62c7daa6b7c)" in text


def test_the_terminal_view_shows_a_target_s_own_note_as_markdown_does():
    """Audit 16 #4: the terminal targets view left out a target's own note (Decision 801's tourism note)."""
    from villagescore.reports.terminal import render_text
    from villagescore.targets.render import rich_view

    report = _report("t")
    report["targets"][0]["note"] = {"vi": "ghi chú riêng", "en": "its own note"}
    assert "Note: its own note" in render(report, "md", "en").decode("utf-8")
    for lang, word in (("en", "Note: its own note"), ("vi", "ghi chú riêng")):
        text = " ".join(render_text(rich_view(report, lang), width=300).split())
        assert word in text, lang


def test_a_group_is_followed_by_the_provinces_it_was_recorded_in_not_by_its_own_spellings():
    from villagescore.targets.render import _group

    assert _group("Ninh Bình", "vi", "", True, ["Hà Nam", "Tỉnh Ninh Bình", "Ninh Bình"]) == "Ninh Bình ← Hà Nam"
    assert _group("Thanh Hóa", "en", "", True, ["Thanh Hoá"]) == "Thanh Hóa"
    assert _group("Hà Tây", "en", "", False, ["Hà Tây"]) == "Hà Tây (not in the 2025 mapping table)"
