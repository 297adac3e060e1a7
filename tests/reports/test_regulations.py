"""Reports list the regulation version each legal limit came from, unverified limits marked."""

import pytest

from villagescore import bundled
from villagescore.reports.regulations import regulation_rows

_PILOT = bundled.path(bundled.PILOT)


def _rows(result, year, lang="en"):
    i = int((result.frame["year"] == year).to_numpy().nonzero()[0][0])
    return {r["id"]: r for r in regulation_rows(result, i, result.village_dict(i, lang=lang)["indicators"], lang)}


def test_each_limit_names_the_version_applied_that_year_and_how_it_was_checked(pilot_vi):
    before, after = _rows(pilot_vi, 2021), _rows(pilot_vi, 2025)
    # PM10: QCVN 05:2013 in 2021, QCVN 05:2023 (in force from 12/09/2023) in 2025
    assert before["environment.dust_pm10"]["regulation_text"] == "QCVN 05:2013/BTNMT (qcvn-05-2013)"
    assert after["environment.dust_pm10"]["regulation_text"] == "QCVN 05:2023/BTNMT (qcvn-05-2023)"
    # the dye-house candidates of QCVN 13-MT:2015 were never read in the standard: marked (and, under the
    # default framework's policy, not scored: see below)
    dye = before["weaving.dye_effluent_cod"]
    assert dye["confidence"] == "unverified" and dye["confidence_text"].startswith("⚠ ")
    import villagescore as vs

    scored = vs.evaluate(_PILOT, unverified_limits="score")
    dye = _rows(scored, 2021)["weaving.dye_effluent_cod"]
    assert dye["confidence"] == "unverified" and dye["confidence_text"].startswith("⚠ unverified")
    assert before["environment.noise_day"]["confidence_text"] == "verified (primary text)"


def test_the_vietnamese_report_shows_the_table(pilot_vi):
    import villagescore as vs
    from villagescore.reports.markdown import render

    text = render(pilot_vi, "vi").decode("utf-8")
    assert "### Giới hạn pháp lý: phiên bản văn bản quy định được áp dụng" in text
    scored = render(vs.evaluate(_PILOT, unverified_limits="score"), "vi").decode("utf-8")
    assert "| QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015) | ⚠ chưa kiểm chứng: cần kiểm tra" in scored


def test_an_indicator_left_out_for_its_unverified_limit_is_listed_as_not_scored_with_its_regulation(pilot_vi):
    rows = _rows(pilot_vi, 2021)
    dye = rows["weaving.dye_effluent_cod"]
    assert dye["regulation_text"] == "QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015)"
    assert dye["confidence"] == "unverified"
    assert dye["confidence_text"] == ("⚠ not scored: limit unverified (a candidate value, or a version not verified to "
                                      "be in force on that date), must be checked before use")
    vi = _rows(pilot_vi, 2021, "vi")["weaving.dye_effluent_cod"]
    assert ("không chấm điểm: giới hạn chưa được kiểm chứng (giá trị ứng viên, hoặc phiên bản chưa được kiểm chứng "
            "còn hiệu lực vào ngày đó), phải kiểm tra trước khi dùng") in vi["confidence_text"]


def test_the_notice_and_the_rows_say_which_indicators_were_left_out(pilot_vi):
    from villagescore.reports.regulations import unverified_notice, unverified_rows

    en = unverified_notice(pilot_vi, "en")
    # 13 candidate values, and 4 noise values of 2025 after QCVN 26:2025 was issued (in_force_verified_to)
    assert en.startswith("Limits unverified (candidate values, or versions not verified to be in force on that date; "
                         "must be checked before use) were not used: 17 ")
    assert "Dye-house effluent COD (weaving.dye_effluent_cod) ×2" in en and "--unverified-limits score" in en
    assert "chưa được kiểm chứng" in unverified_notice(pilot_vi, "vi")
    i = int((pilot_vi.frame["year"] == 2025).to_numpy().nonzero()[0][0])
    assert [r["id"] for r in unverified_rows(pilot_vi, i, "en")] == [
        "environment.noise_day", "environment.noise_night",
        "sericulture.degumming_bod5", "sericulture.degumming_cod", "weaving.dye_effluent_bod5",
        "weaving.dye_effluent_cod", "weaving.dye_effluent_colour", "weaving.loom_noise_day", "weaving.loom_noise_night"]


def test_the_notice_says_when_a_run_scored_against_unverified_limits():
    import villagescore as vs
    from villagescore.reports.regulations import unverified_notice
    from villagescore.reports.view import provenance_rows

    scored = vs.evaluate(_PILOT, unverified_limits="score")
    assert unverified_notice(scored, "en").startswith("Scored against limits unverified as well")
    assert ("Limits unverified", "scored against them (score; chosen for this run)") in provenance_rows(
        scored.provenance, "en")
    assert ("Giới hạn chưa được kiểm chứng", "vẫn chấm điểm theo các giới hạn này (score; chọn cho lần chạy này)") in (
        provenance_rows(scored.provenance, "vi"))


def test_each_confidence_is_the_one_of_the_row_s_own_cell_read_once_per_column():
    """A limit by category takes the confidence of the row's category: as read cell by cell from the frame."""
    import warnings

    from tests.conftest import REPO
    from villagescore.api import evaluate
    from villagescore.model import reference_dates

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = evaluate(REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv")
    nodes = {n.id: n for n in result.framework.indicators}
    dates = reference_dates(result.frame)
    by_field = 0
    for i in range(0, len(result), 7):
        indicators = result.village_dict(i)["indicators"]
        for row in regulation_rows(result, i, indicators, "en"):
            applied = next(ind["regulation"] for ind in indicators if ind["id"] == row["id"])
            if not applied:
                continue
            limit = next(v.limit for v in nodes[row["id"]].threshold.versions
                         if v.regulation.id == applied["id"] and v.limit.id == applied["limit"])
            chosen = limit.values.get(str(result.frame[limit.by_field].iloc[i])) if limit.by_field else None
            by_field += bool(chosen)
            regulation = next(v.regulation for v in nodes[row["id"]].threshold.versions
                              if v.regulation.id == applied["id"])
            if regulation.in_force_verified_to and str(dates[i]) > regulation.in_force_verified_to:
                assert row["confidence"] == "unverified"  # whether it is still in force there was not verified
                continue
            assert row["confidence"] == str((chosen or {}).get("confidence") or limit.confidence)
    assert by_field  # limits by category were among them


def test_the_change_between_two_years_says_what_else_changed_than_the_village(pilot_vi):
    # the auditor's case: 2021 → 2025 mixes QCVN 05:2013 and 05:2023 (PM10, TSP) and indicators left out in 2021
    from villagescore.reports.markdown import render
    from villagescore.reports.regulations import change_note
    from villagescore.reports.view import previous_rows, village_view

    now, before = (pilot_vi.village_dict(i, lang="en")["indicators"] for i in (1, 0))
    note = change_note(pilot_vi, now, before, "en")["text"]
    assert "(environment.dust_pm10): QCVN 05:2013/BTNMT (qcvn-05-2013) → QCVN 05:2023/BTNMT (qcvn-05-2023)" in note
    assert "scored in only one of the two years: " in note and "(economy.wage_to_minimum)" in note
    assert change_note(pilot_vi, now, now, "en") is None
    vi = village_view(pilot_vi, 1, "vi", previous=previous_rows(pilot_vi)[1])["previous"]["note"]["text"]
    assert vi.startswith("Thay đổi này một phần do quy định") and "(qcvn-05-2013) → QCVN 05:2023/BTNMT" in vi
    assert "> Thay đổi này một phần do quy định" in render(pilot_vi, "vi").decode("utf-8")


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "(qcvn-40-2011) — transitional to 2031-12-31 where"),
    ("vi", "(qcvn-40-2011) — chuyển tiếp đến 31/12/2031 với"),
])
def test_a_limit_kept_by_a_transitional_rule_says_so_beside_its_version(pilot_vi, lang, said):
    # the auditor's case: 2025 COD scored against QCVN 40:2011 (valid to 31/08/2025) by Circular 06/2025 art. 3
    after, before = _rows(pilot_vi, 2025, lang), _rows(pilot_vi, 2021, lang)
    assert said in after["environment.effluent_cod"]["regulation_text"]
    assert "facilities_existing_before_new_qcvn" in after["environment.effluent_cod"]["regulation_text"]
    assert "2031" not in before["environment.effluent_cod"]["regulation_text"]  # in force in 2021


def test_an_indicator_left_out_in_one_year_is_not_listed_as_a_version_change(pilot_vi):
    # the reviewer's case: wage_to_minimum, income_to_poverty_line and BOD5 were left out in 2021 (unverified
    # limits): listed as scored in one year only, not also as scored against different versions
    from villagescore.reports.regulations import change_note

    now, before = (pilot_vi.village_dict(i, lang="en")["indicators"] for i in (1, 0))
    note = change_note(pilot_vi, now, before, "en")
    versions, once = note["text"].split("scored in only one of the two years: ")
    for x in ("economy.wage_to_minimum", "society.income_to_poverty_line", "environment.receiving_water_bod5"):
        assert f"({x})" in once and f"({x})" not in versions
    # and the 4 noise indicators, left out in 2025 (QCVN 26:2010's being in force then is unverified)
    assert "2 indicator(s) scored against another regulation version, 7 scored" in note["short"]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_transitional_rule_names_its_field_by_label_with_the_id_beside(pilot_vi, lang):
    # the reviewer's case: the report said 'facilities_existing_before_new_qcvn' bare, framework show the label
    from villagescore.reports.regulations import transition_fields
    from villagescore.reports.xlsx.result import _applied_regulations, _versions_text

    text = _rows(pilot_vi, 2025, lang)["environment.effluent_cod"]["regulation_text"]
    assert "(facilities_existing_before_new_qcvn)" in text and "'facilities_existing_before_new_qcvn'" not in text
    j = next(k for k, n in enumerate(pilot_vi.framework.indicators) if n.id == "environment.effluent_cod")
    cells = {str(x) for x in _applied_regulations(pilot_vi, lang)[j]}
    assert any("(facilities_existing_before_new_qcvn)" in c for c in cells)
    listed = _versions_text(pilot_vi.framework.indicators[j], lang, transition_fields(pilot_vi))
    assert "(facilities_existing_before_new_qcvn)" in listed and "'facilities_" not in listed


def test_a_version_is_applied_only_where_it_scored_the_indicator():
    """Audit 15 (h4) #2: versions cited for indicators with no data, or left out, were called "applied"."""
    from villagescore.reports.regulations import scored_against

    version = {"id": "qcvn-40-2011", "limit": "b"}
    assert scored_against({"status": "scored", "regulation": version})
    assert not scored_against({"status": "missing", "regulation": version})
    assert not scored_against({"status": "not_applicable", "regulation": version,
                               "flag": "not scored: limit unverified (candidate value, must be checked before use)"})
    assert not scored_against({"status": "scored", "regulation": version, "flag": "limit_unknown"})
    assert not scored_against({"status": "scored", "regulation": None})
    assert scored_against({"status": "scored", "regulation": "qcvn-40-2011"})  # a stored row: the id alone


def test_the_rows_say_which_versions_scored_and_why_the_others_did_not(pilot_vi):
    rows = _rows(pilot_vi, 2021)
    assert rows["environment.noise_day"]["applied"] and not rows["environment.noise_day"]["why"]
    dye = rows["weaving.dye_effluent_cod"]  # left out: its limit is unverified
    assert not dye["applied"] and dye["why"].startswith("⚠ not scored: limit unverified")


def test_the_report_lists_versions_cited_for_a_village_year_without_data_apart_from_those_applied(pilot_vi):
    """The all-empty village-year: 13 regulations were "được áp dụng" though nothing was scored."""
    import pandas as pd

    import villagescore as vs
    from villagescore.reports.markdown import render

    frame = pd.read_csv(_PILOT, dtype=str, keep_default_na=False).iloc[[0]].copy()
    for column in frame.columns:
        if column not in ("village_id", "name", "commune", "province", "former_district", "former_province",
                          "sectors", "year"):
            frame[column] = ""
    text = render(vs.evaluate(frame), "vi").decode("utf-8")
    assert "### Giới hạn pháp lý: phiên bản văn bản quy định được áp dụng" not in text
    cited = text.split("### Giới hạn pháp lý được trích dẫn nhưng không áp dụng", 1)[1].split("###", 1)[0]
    assert "| QCVN 40:2011/BTNMT (qcvn-40-2011) | không có số liệu cho lượt làng-năm này |" in cited


def test_a_limit_past_its_regulations_in_force_verified_to_is_left_out_or_scored_marked_with_the_reason():
    """QCVN 26:2010 after QCVN 26:2025 was issued (15/05/2025): not 'verified', and the reports say why."""
    import pandas as pd

    import villagescore as vs

    frame = pd.read_csv(_PILOT, dtype=str, keep_default_na=False)
    row = frame[frame["year"] == "2025"].iloc[[0]]
    later = pd.concat([row.assign(year="2030", survey_date="", ntm_status="ntm"),  # 'model' ends 14/02/2026
                       row.assign(survey_date="2025-05-14")],
                      ignore_index=True)
    left_out = vs.evaluate(later, percent_scale="percent")
    scored = vs.evaluate(later, unverified_limits="score", percent_scale="percent")
    for result in (left_out, scored):
        rows = {_year(result, i): {r["id"]: r for r in regulation_rows(
            result, i, result.village_dict(i, lang="en")["indicators"], "en")} for i in range(2)}
        assert rows[2025]["environment.noise_day"]["confidence"] == "verified"  # up to the last verified day
        noise = rows[2030]["environment.noise_day"]
        assert noise["confidence"] == "unverified" and "in force after 2025-05-14 not verified" in \
            noise["confidence_text"] + noise["why"]
    assert not _scored(left_out, 2030, "environment.noise_day")
    assert _scored(scored, 2030, "environment.noise_day") and _scored(left_out, 2025, "environment.noise_day")


def _year(result, i):
    return int(result.frame["year"].iloc[i])


def _scored(result, year, ident):
    i = next(i for i in range(len(result.frame)) if _year(result, i) == year)
    return next(x for x in result.village_dict(i)["indicators"] if x["id"] == ident)["status"] == "scored"


def test_a_pillar_whose_indicators_were_left_out_for_an_unverified_limit_is_marked_beside_its_coverage(pilot_vi):
    """Audit 16 #3: Environment 45.4 "100 %" with no mark, though its noise values were left out, not scored."""
    from villagescore.reports.explain import _pillar_rows
    from villagescore.reports.regulations import left_out_mark
    from villagescore.reports.view import village_view

    i = int((pilot_vi.frame["year"] == 2025).to_numpy().nonzero()[0][0])
    assert left_out_mark(pilot_vi, i, "environment", "en") == " ⚠ 9 left out (limit unverified)"
    assert left_out_mark(pilot_vi, i, "environment", "vi") == (" ⚠ 9 chỉ số không chấm điểm (giới hạn chưa được "
                                                               "kiểm chứng)")
    assert left_out_mark(pilot_vi, i, "economy", "en") == ""
    pillars = {p["id"]: p for p in village_view(pilot_vi, i, "en")["pillars"]}  # the md and html reports' cells
    assert pillars["environment"]["coverage_text"].endswith("⚠ 9 left out (limit unverified)")
    assert "⚠" not in pillars["economy"]["coverage_text"]
    data = {"pillars": [{"id": "environment", "score": 45.4, "weight": 0.3, "contribution": 13.6,
                         "criteria": [{"indicators": [{"id": "environment.noise_day"}, {"id": "environment.x"}]}]}],
            "plan": {"limits_to_verify": [{"indicator": "environment.noise_day"}]}}
    (row,) = _pillar_rows(data, "en")
    assert row[1].endswith("⚠ 1 left out (limit unverified)")  # explain's pillar table


def test_the_notice_of_indicators_left_out_names_the_pillars_whose_scores_leave_them_out(pilot_vi):
    """Audit 16 #3: the evaluate table's notice said which indicators were left out, not which pillars lost them."""
    from villagescore.reports.regulations import unverified_notice

    assert unverified_notice(pilot_vi, "en").endswith(
        "The scores of these pillars leave them out (their coverage does not count them): Environment (environment), "
        "Economy (economy), Society (society).")
    assert "Điểm của các trụ cột sau không tính các chỉ số này" in unverified_notice(pilot_vi, "vi")


@pytest.fixture
def gated_unverified(toy_registry):
    """The gate on its limit under exclude: rule-2011 not verified in force after 30/06/2024, rule-2025 a candidate."""
    import dataclasses

    from tests.support import gate_limits as gl
    from villagescore.engine import Engine
    from villagescore.framework import resolve_framework
    from villagescore.testing import make_dataset

    registry = gl.registry(toy_registry)
    old = dataclasses.replace(gl.OLD, in_force_verified_to="2024-06-30", replaced_by="rule-2025")
    registry = dataclasses.replace(registry, regulations={**registry.regulations, "rule-2011": old})
    fw = resolve_framework(gl.document(gate=gl.GATES[1], defaults={"unverified_limits": "exclude"}), registry,
                           name="gated.yaml")
    return Engine(registry).evaluate(fw, make_dataset(gl.rows(100.0), registry))


def test_a_gate_unknown_for_its_unverified_limit_says_which_reason_in_every_report(gated_unverified):
    """Seventeenth walk: such a gate was said to have its "limit unknown", or its limit "a candidate value"."""
    from villagescore.reports import markdown
    from villagescore.reports.regulations import gate_unverified_why
    from villagescore.reports.terminal import render_text, village_profile

    res = gated_unverified
    rows = {str(res.frame["village_id"].iat[i]): i for i in range(len(res))}
    assert res.gate_state(rows["v0"], 0) == "unknown"
    assert gate_unverified_why(res, rows["v0"], 0, "en").startswith("in force after 2024-06-30 not verified")
    assert gate_unverified_why(res, rows["v2"], 0, "vi") == "giá trị ứng viên, phải kiểm tra trước khi dùng"
    md = markdown.render(res, "en").decode("utf-8")
    assert "limit unverified for this village-year (in force after 2024-06-30 not verified" in md
    assert "limit unverified for this village-year (a candidate value, to check before use)" in md
    vi = render_text(village_profile(res, rows["v0"], "vi"), width=200)
    assert "giới hạn chưa được kiểm chứng cho lượt làng-năm này (việc còn hiệu lực sau ngày 30/06/2024" in vi
