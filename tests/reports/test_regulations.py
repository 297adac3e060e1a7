"""Reports list the regulation version each legal limit came from, unverified limits marked."""

from villagescore.reports.regulations import regulation_rows


def _rows(result, year, lang="en"):
    i = int((result.frame["year"] == year).to_numpy().nonzero()[0][0])
    return {r["id"]: r for r in regulation_rows(result, i, result.village_dict(i, lang=lang)["indicators"], lang)}


def test_each_limit_names_the_version_applied_that_year_and_how_it_was_checked(pilot_vi):
    before, after = _rows(pilot_vi, 2021), _rows(pilot_vi, 2025)
    # PM10: QCVN 05:2013 in 2021, QCVN 05:2023 (in force from 12/09/2023) in 2025
    assert before["environment.dust_pm10"]["regulation_text"] == "QCVN 05:2013/BTNMT (qcvn-05-2013)"
    assert after["environment.dust_pm10"]["regulation_text"] == "QCVN 05:2023/BTNMT (qcvn-05-2023)"
    # the dye-house candidates of QCVN 13-MT:2015 were never read in the standard: marked
    dye = before["weaving.dye_effluent_cod"]
    assert dye["confidence"] == "unverified" and dye["confidence_text"].startswith("⚠ unverified")
    assert before["environment.noise_day"]["confidence_text"] == "verified (primary text)"


def test_the_vietnamese_report_shows_the_table(pilot_vi):
    from villagescore.reports.markdown import render

    text = render(pilot_vi, "vi").decode("utf-8")
    assert "### Giới hạn pháp lý: phiên bản văn bản quy định được áp dụng" in text
    assert "| QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015) | ⚠ chưa kiểm chứng: cần kiểm tra" in text
