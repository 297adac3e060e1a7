"""The workbook of a Result: the report and wide layouts, the long limit, limits checked before any work."""

import gc
import io
import re
import zipfile

import pytest

from tests.reports.conftest import NOT_JUDGED
from tests.reports.xlsx.helpers import INJECTION, _book, _named_result, _rows
from villagescore.errors import OutputError
from villagescore.reports import xlsx
from villagescore.reports.xlsx import render


def _check_summary(wb):
    """The summary sheet of the toy result: the same village table in both layouts."""
    summary = _rows(wb["summary"])[:4]
    assert summary[0][:3] == ["Village id", "Village", "Commune"]
    assert [r[0] for r in summary[1:]] == ["v1", "v2", "v3"]
    # overall 88.3333 (high), 29.5833 (low), 43.3333 (mid); env/soc pillars 82.5/100, 32.5/23.75, 50/30
    assert [r[9] for r in summary[1:]] == [88.3333, 29.5833, 43.3333]
    assert [r[11] for r in summary[1:]] == ["High (high)", "Low (low)", "Middle (mid)"]
    assert [r[12:14] for r in summary[1:]] == [[82.5, 100], [32.5, 23.75], [50, 30]]
    assert summary[2][-1] == "Flag required (flag-required)"  # the gate that fired: label (id)


def test_a_large_result_has_one_wide_row_per_village_year(toy_result, wide):
    wb = _book(render(toy_result, "en"))
    assert wb.sheetnames == ["summary", "criteria", "indicators", "gates", "indicator list", "provenance"]
    _check_summary(wb)
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
    # the gate's status in words (the rule failed for v2), headed by its label and id
    gate = toy_result.framework.gates[0]
    assert gates[0][3] == f"{gate.label['en']} ({gate.id})"
    assert [r[3] for r in gates[1:]] == [toy_result.gate_state(i, 0) for i in range(3)]
    assert gates[2][3] == "failed"
    crit = toy_result.framework.criteria[0]
    assert criteria[0][3] == f"{crit.label['en']} ({crit.id})"
    prov = dict((r[0], r[1]) for r in _rows(wb["provenance"])[1:])
    assert prov["Framework SHA-256"] == toy_result.provenance["framework"]["sha256"]
    assert prov["Plugins: toy"] == "9.9.9"


def test_the_wide_gates_sheet_says_each_status_in_vietnamese_and_bool_units_in_words(toy_result, wide):
    wb = _book(render(toy_result, "vi"))
    gates = _rows(wb["Điều kiện bắt buộc"])
    assert gates[2][3] == "không đạt"
    assert {r[3] for r in gates[1:]} <= {"đạt", "không đạt", "thiếu dữ liệu", "chưa rõ", "không áp dụng"}
    assert "có" not in {r[3] for r in gates[1:]}


def test_a_yes_no_indicator_lists_its_unit_as_yes_no(toy_result, wide):
    # the workbook's units are the reports' own (unit_label): the indicators sheet said "bool" in English
    from villagescore.i18n import unit_label

    assert unit_label("bool", "en") == "yes/no"
    assert unit_label("bool", "vi") == "có/không"


def test_a_small_result_is_a_report_with_a_row_per_node(toy_result):
    wb = _book(render(toy_result, "en"))
    assert wb.sheetnames == ["summary", "criteria", "indicators"]
    _check_summary(wb)
    summary = _rows(wb["summary"])
    assert summary[4] == [None] * len(summary[0])  # an empty row, then what the scores rest on (as md, html say)
    assert summary[5][0] == "Notes: what these scores rest on"
    assert "how much of these scores rests on estimates is unknown" in summary[6][0]
    notes_end = summary.index([None] * len(summary[0]), 5)  # then the provenance block
    assert summary[notes_end + 1][:3] == ["Provenance", None, "Value"]
    end = summary.index([None] * len(summary[0]), notes_end + 1)
    prov = {r[0]: r[2] for r in summary[notes_end + 2:end]}
    assert prov["Framework SHA-256"] == toy_result.provenance["framework"]["sha256"]
    assert prov["Plugins: toy"] == "9.9.9"
    # then the gates: rule, cap and how many village-years each one failed for
    assert summary[end + 1][:6] == ["Gate id", "Mandatory rule", "Rule", "Rating capped at", "Village-years failing",
                                    "Indicator id"]
    gates = summary[end + 2:]
    assert [r[0] for r in gates] == [g.id for g in toy_result.framework.gates]
    assert gates[0][4] == "1 / 3"
    criteria = _rows(wb["criteria"])
    assert criteria[0][3:6] == ["Pillar", "Criterion id", "Criterion"]
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


def test_the_vietnamese_report_names_its_sheets_headers_units_and_values_in_vietnamese():
    """No sheet name, column header, unit or category value is an English word or a bare code."""
    from pathlib import Path

    import villagescore as vs

    pilot = vs.evaluate(Path(__file__).parents[3] / "datasets" / "phung-xa" / "phung-xa.csv")
    wb = _book(render(pilot, "vi"))
    assert wb.sheetnames == ["Tổng hợp", "Tiêu chí", "Chỉ số"]
    summary = _rows(wb["Tổng hợp"])
    assert summary[0][:3] == ["Mã làng", "Làng nghề", "Xã/phường"]
    assert summary[1][7] == "Dệt, nhuộm (khăn bông, lụa) (weaving), Dâu tằm tơ, tơ sen (sericulture)"
    assert summary[2][-1] == "COD nước thải không vượt cột B (gate.effluent_cod_column_b)"
    assert ["Mã điều kiện", "Điều kiện bắt buộc", "Quy tắc"] in [r[:3] for r in summary]
    assert "giá trị ≤ giới hạn cột B (QCVN 40:2011/BTNMT, … → 31/08/2025)" in [r[2] for r in summary]
    indicators = _rows(wb["Chỉ số"])
    assert indicators[0][3:9] == ["Trụ cột", "Mã tiêu chí", "Mã chỉ số", "Chỉ số", "Giá trị", "Đơn vị"]
    values = {r[5]: r[7:9] for r in indicators[1:] if r[2] == 2021}
    assert values["environment.protection_plan"] == ["không", None]  # yes/no as the word, no unit
    assert values["environment.pollution_class"] == ["ô nhiễm (polluted)", None]  # label (code)
    assert values["society.child_labour"] == [0, "trẻ em"]  # numbers stay numbers, the unit translated
    units = {r[8] for r in indicators[1:]} - {None}
    assert not units & {"bool", "category", "children", "years", "complaints/yr", "VND/month"}


def test_the_criteria_sheet_shows_scores_to_one_decimal_and_coverage_as_a_percentage(toy_result):
    """As the other reports: a score of 16.25 shows as 16.3 (the spreadsheet rounds a half away from zero)."""
    ws = _book(render(toy_result, "en"))["criteria"]
    header = [c.value for c in ws[1]]
    score, coverage, status = (header.index(h) for h in ("Score", "Data coverage", "Status"))
    row = ws[2]
    assert row[score].number_format == "0.0"
    assert row[coverage].number_format == "0%" and row[status].number_format == "General"


def test_the_layout_changes_at_the_long_limit(toy_result, monkeypatch):
    monkeypatch.setattr(xlsx, "LONG_LIMIT", 4)
    assert "indicator list" not in _book(render(toy_result, "en")).sheetnames  # 3 village-years: a report
    monkeypatch.setattr(xlsx, "LONG_LIMIT", 3)
    assert "indicator list" in _book(render(toy_result, "en")).sheetnames

def test_formula_like_name_is_inert_in_xlsx_and_csv(toy_registry, toy_framework, support_dir, tmp_path):
    from villagescore.builtin_plugin import _render_csv

    result = _named_result(toy_registry, toy_framework, support_dir, tmp_path, INJECTION)
    assert result.frame["name"].iat[0] == INJECTION
    data = render(result, "en")
    wb = _book(data)
    for sheet in ("summary", "criteria", "indicators"):
        cell = wb[sheet]["B2"]
        assert cell.value == "'" + INJECTION and cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(r"<f[ >]", z.read(name).decode())
    csv_text = _render_csv(result, "en").decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith('v1,"\'=HYPERLINK(""http://x"",""y"")"')

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
    res = toy_cli("evaluate", big, "-f", support_dir / "toy-framework.yaml", "-o", out, "--lang", "en")
    assert res.exit_code != 0
    assert "holds at most 11 village-years" in res.output and "--format csv" in res.output
    assert not out.exists()

def test_preflight_counts_columns_too(toy_framework, monkeypatch):
    xlsx.preflight(1000, toy_framework)
    monkeypatch.setattr(xlsx, "MAX_COLUMNS", 5)
    with pytest.raises(OutputError, match="columns, more than Excel's 5"):
        xlsx.preflight(10, toy_framework)


@pytest.mark.parametrize(("lang", "head"), [("vi", "COD cột B (cod-b) — giới hạn áp dụng"),
                                            ("en", "COD column B (cod-b) — limit applied")])
def test_the_wide_gates_sheet_gives_the_limit_each_village_year_was_held_to(toy_registry, wide, lang, head):
    from tests.support import gate_limits as gl
    from villagescore.framework import resolve_framework
    from villagescore.testing import evaluate_rows

    registry = gl.registry(toy_registry)
    result = evaluate_rows(resolve_framework(gl.document(), registry, name="gated.yaml"), gl.rows(), registry)
    sheet = _rows(_book(render(result, lang))["Điều kiện bắt buộc" if lang == "vi" else "gates"])
    column = sheet[0].index(head)
    assert [r[column] for r in sheet[1:]] == [b for _, b, _ in gl.ROWS]  # empty where unknown
    assert len(sheet[0]) == 3 + 3 + 2  # id, name, year; 3 gates; the limits of the 2 gates that cite one


def test_the_indicators_sheet_lists_an_indicator_left_out_for_its_unverified_limit():
    from pathlib import Path

    import villagescore as vs

    pilot = vs.evaluate(Path(__file__).parents[3] / "datasets" / "phung-xa" / "phung-xa.csv")
    rows = _rows(_book(render(pilot, "en"))["indicators"])
    status = {(r[2], r[5]): r[10] for r in rows[1:]}
    assert status[(2025, "weaving.dye_effluent_cod")] == (
        "not scored: limit unverified (a candidate value, or a version not verified to be in force on that date), "
        "must be checked before use; QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015): a candidate value, to check before use")
    assert status[(2025, "environment.effluent_cod")] == "scored"
    assert len(rows) - 1 == int(pilot.matrix.applicable.sum()) + sum(int(m.sum()) for m in
                                                                      pilot.matrix.limit_unverified.values())



@pytest.mark.parametrize(("lang", "sheet", "scored", "marked"), [
    ("en", "indicators", "scored", "scored; ⚠ scored against an unverified limit (a candidate value, to check before "
     "use): QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015)"),
    ("vi", "Chỉ số", "đã chấm", "đã chấm; ⚠ chấm điểm theo giới hạn chưa được kiểm chứng (giá trị ứng viên, phải kiểm "
     "tra trước khi dùng): QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015)"),
])
def test_the_indicators_sheet_marks_an_indicator_scored_against_an_unverified_limit(lang, sheet, scored, marked):
    """Audit 12 #1: under --unverified-limits score its status said "scored", as if the limit were checked."""
    from pathlib import Path

    import villagescore as vs

    pilot = vs.evaluate(Path(__file__).parents[3] / "datasets" / "phung-xa" / "phung-xa.csv", unverified_limits="score")
    rows = _rows(_book(render(pilot, lang))[sheet])
    status = {(r[2], r[5]): r[10] for r in rows[1:]}
    assert status[(2025, "weaving.dye_effluent_cod")] == marked
    assert status[(2025, "environment.effluent_cod")] == scored  # its limit is verified

@pytest.mark.parametrize(("lang", "sheet", "why"), [
    ("en", "indicators", "in force after 2025-05-14 not verified: its successor (qcvn-26-2025) was issued"),
    ("vi", "Chỉ số", "việc còn hiệu lực sau ngày 14/05/2025 chưa được kiểm chứng: văn bản thay thế (qcvn-26-2025)"),
])
@pytest.mark.parametrize("policy", ["score", "exclude"])
def test_a_limit_whose_being_in_force_is_unverified_is_said_so_not_a_candidate_value(lang, sheet, why, policy):
    """Seventeenth walk: QCVN 26:2010's noise limits after 14/05/2025 were said to be candidate values."""
    from pathlib import Path

    import villagescore as vs

    pilot = vs.evaluate(Path(__file__).parents[3] / "datasets" / "phung-xa" / "phung-xa.csv", unverified_limits=policy)
    status = {(r[2], r[5]): r[10] for r in _rows(_book(render(pilot, lang))[sheet])[1:]}
    noise = status[(2025, "environment.noise_day")]
    said = noise.split("(qcvn-26-2010)", 1)[-1] if policy == "exclude" else noise  # after both reasons in general
    assert why in said and "candidate value" not in said and "giá trị ứng viên" not in said
    assert "QCVN 26:2010/BTNMT (qcvn-26-2010)" in noise
    assert ("a candidate value" if lang == "en" else "giá trị ứng viên") in status[(2025, "weaving.dye_effluent_cod")]


#: Per language: the notes' heading, the first note on values not scored, the status of such a value.
_NOTES = {
    "en": ("Notes: what these scores rest on", "9 value(s) given were not scored because their limit is unknown",
           "not scored: limit unknown — fill 'facilities_existing_before_new_qcvn' or 'survey_date'"),
    "vi": ("Lưu ý về căn cứ của các điểm số", "9 giá trị có trong số liệu không được chấm điểm vì chưa rõ giới hạn",
           "không được chấm điểm: chưa rõ giới hạn — hãy điền 'facilities_existing_before_new_qcvn' hoặc "
           "'survey_date'"),
}


@pytest.mark.parametrize("lang", sorted(_NOTES))
def test_the_workbook_says_what_the_scores_rest_on_and_what_to_fill(blank_flag, lang):
    """Audit 2026-12 #12 and #6: md/html's notes on the first sheet; a value given but not scored is not missing."""
    from villagescore.i18n import t

    notes, unscored, status = _NOTES[lang]
    wb = _book(render(blank_flag, lang))
    first = [r[0] for r in _rows(wb.worksheets[0]) if r[0]]
    start = first.index(notes)
    said = first[start + 1:start + 6]
    assert any(unscored in note for note in said)
    assert any(t("estimates_unknown", lang) == note for note in said)
    assert any("effluent_cod_mg_l" in note for note in said)  # the group: its column, why, what to fill
    indicators = _rows(wb.worksheets[2])
    [cod] = [r for r in indicators if r[2] == 2025 and r[5] == "environment.effluent_cod"]
    assert cod[7] is not None and cod[10] == status
    [earlier] = [r for r in indicators if r[2] == 2021 and r[5] == "environment.effluent_cod"]
    assert earlier[10] == t("scored", lang)


def test_a_national_workbook_says_the_same_notes_atop_its_provenance_sheet(blank_flag, wide):
    wb = _book(render(blank_flag, "en"))
    prov = [r[0] for r in _rows(wb["provenance"])]
    assert prov[1] == "Notes: what these scores rest on" and "not scored" in " ".join(prov[2:6])


@pytest.mark.parametrize(("lang", "not_judged", "column", "why"), NOT_JUDGED)
def test_the_summary_lists_a_gate_of_unknown_limit_apart_from_the_failed(blank_flag, lang, not_judged, column, why):
    """Review 2026-12 #3: 2025's COD gate capped the rating (its limit unknown there): not listed as failed."""
    from villagescore.i18n import t

    rows = _rows(_book(render(blank_flag, lang)).worksheets[0])
    header = rows[0]
    failed, apart = header.index(t("gates_fired", lang)), header.index(column)
    by_year = {r[8]: r for r in rows[1:3]}
    assert "gate.effluent_cod_column_b" not in (by_year[2025][failed] or "")
    assert "(gate.effluent_cod_column_b)" in by_year[2025][apart]
    assert "(gate.effluent_cod_column_b)" in by_year[2021][failed] and not by_year[2021][apart]
    # the gates' block below: failed, and not judged, counted apart
    [cod] = [r for r in rows if r[0] == "gate.effluent_cod_column_b"]
    assert cod[4:6] == ["1 / 2", "1 / 2"]


@pytest.mark.parametrize(("long_limit", "file_too"), [(1000, False), (1000, True), (0, True)])
def test_a_text_too_long_for_excel_is_named_in_the_first_sheet_that_holds_it(toy_result, monkeypatch, long_limit,
                                                                              file_too):
    """Reviewed 2026-12-07: a sheet built row by row (criteria, provenance) was named before an earlier one."""
    toy_result.frame["name"] = toy_result.frame["name"].astype(object)
    toy_result.frame.loc[1, "name"] = "x" * (xlsx.MAX_TEXT + 1)  # in the summary, then in the criteria of a report
    if file_too:  # below the summary of a report, on the provenance sheet of a wide workbook
        toy_result.provenance["dataset"]["file"] = "y" * (xlsx.MAX_TEXT + 1)
    monkeypatch.setattr(xlsx, "LONG_LIMIT", long_limit)
    for lang, words in (("en", "sheet 'summary': text longer than Excel's 32,767 characters"),
                        ("vi", "trang tính 'Tổng hợp': chữ dài hơn giới hạn 32.767 ký tự của Excel")):
        with pytest.raises(OutputError) as stop:
            render(toy_result, lang)
        assert words in stop.value.text(lang)


@pytest.mark.parametrize("long_limit", [1000, 0])
def test_a_workbook_that_fails_leaves_no_temporary_file_open_or_on_disk(toy_result, monkeypatch, long_limit):
    """Reviewed 2026-12-07: openpyxl's file for each sheet begun stayed open (written into, closed, at a later
    garbage collection) and on disk until the interpreter ended."""
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    toy_result.frame["name"] = toy_result.frame["name"].astype(object)
    toy_result.frame.loc[1, "name"] = "x" * (xlsx.MAX_TEXT + 1)
    monkeypatch.setattr(xlsx, "LONG_LIMIT", long_limit)
    before = set(ALL_TEMP_FILES)
    gc.disable()  # what the failed workbook left, seen before any collection could close it
    try:
        with pytest.raises(OutputError):
            render(toy_result, "en")
        made = set(ALL_TEMP_FILES) - before
        assert not made
    finally:
        gc.enable()


@pytest.fixture(scope="module")
def pilot_book():
    import villagescore as vs
    from villagescore import bundled

    return vs.evaluate(bundled.path(bundled.PILOT))


def test_each_indicator_row_names_the_regulation_version_applied(pilot_book):
    # the auditor's case: PM10 2021 → 75 and 2025 → 50, and neither QCVN 05:2013 nor 05:2023 in the workbook
    rows = _rows(_book(render(pilot_book, "vi"))["Chỉ số"])
    assert rows[0][-1] == "Văn bản áp dụng"
    pm10 = {r[2]: r[-1] for r in rows[1:] if r[5] == "environment.dust_pm10"}
    assert pm10 == {2021: "QCVN 05:2013/BTNMT (qcvn-05-2013)", 2025: "QCVN 05:2023/BTNMT (qcvn-05-2023)"}
    cod = {r[2]: r[-1] for r in rows[1:] if r[5] == "environment.effluent_cod"}
    assert cod[2025].startswith("QCVN 40:2011/BTNMT (qcvn-40-2011) — chuyển tiếp đến 31/12/2031")
    assert all(r[-1] is None for r in rows[1:] if r[5] == "governance.village_convention")  # not regulated


def test_the_wide_indicator_list_names_every_version_and_when_it_is_in_force(pilot_book, wide):
    listed = _rows(_book(render(pilot_book, "en"))["indicator list"])
    assert listed[0][-1] == "Regulation versions and when each is in force"
    pm10 = next(r for r in listed if r[0] == "environment.dust_pm10")[-1]
    assert "QCVN 05:2013/BTNMT (qcvn-05-2013): … → 2023-09-11" in pm10
    assert "(qcvn-05-2023): 2023-09-12 →" in pm10


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_indicator_that_scored_nothing_names_no_regulation_applied(tmp_path, lang):
    """Walk 15: a village-year with an indicator left empty still named the regulation version as applied."""
    import csv

    import villagescore as vs
    from villagescore import bundled

    with open(bundled.path(bundled.PILOT), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["effluent_cod_mg_l"] = ""  # the 2021 village-year's COD left empty
    path = tmp_path / "pilot.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = vs.evaluate(path)
    sheet = _rows(_book(render(result, lang))["Chỉ số" if lang == "vi" else "indicators"])
    applied = {(r[2], r[5]): r[-1] for r in sheet[1:]}
    assert applied[(int(rows[0]["year"]), "environment.effluent_cod")] is None  # no data: no version applied
    assert applied[(2025, "environment.effluent_cod")].startswith("QCVN 40:2011/BTNMT (qcvn-40-2011)")  # scored
    assert applied[(2025, "weaving.dye_effluent_cod")] is None  # left out: its limit is unverified
    assert applied[(2025, "environment.dust_pm10")] == "QCVN 05:2023/BTNMT (qcvn-05-2023)"


def test_a_row_kept_by_its_transitional_rule_is_not_labelled_pinned_beside_a_pinned_row(tmp_path):
    """Review s17 #2: a pinned row and a transitional row in one result: each cell says its own reason."""
    from tests.test_versions_applied import PINNED
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    (tmp_path / "fw.yaml").write_text(PINNED, encoding="utf-8")
    (tmp_path / "cod.csv").write_text(
        "village_id,name,commune,province,year,sectors,effluent_cod_mg_l,discharge_column,"
        "facilities_existing_before_new_qcvn\n"
        "v-c,C,X,Hà Nội,2026,weaving,120,B,no\n"
        "v-d,D,X,Hà Nội,2026,weaving,120,B,yes\n", encoding="utf-8")
    result = Engine(registry).evaluate(load_framework(str(tmp_path / "fw.yaml"), registry),
                                       read_dataset(tmp_path / "cod.csv", registry))
    rows = _rows(_book(render(result, "en"))["indicators"])
    cells = {r[0]: " ".join(str(c) for c in r if isinstance(c, str)) for r in rows[1:] if r[0] in ("v-c", "v-d")}
    assert "pinned version applied past its validity" in cells["v-c"]
    assert "pinned version" not in cells["v-d"] and "transitional" in cells["v-d"]
