"""A fact sheet's foot: the provenance in full and the regulation versions the village-year was scored against."""

from villagescore.reports.sheet_provenance import sheet_provenance
from villagescore.reports.view import previous_rows, village_view


def test_a_fact_sheet_names_full_hashes_plugins_and_the_versions_applied(pilot_vi):
    # the auditor's case: no QCVN named, the dataset hash cut to 12 digits, no plugin versions
    profile = village_view(pilot_vi, 0, "en", previous=previous_rows(pilot_vi)[0])
    run, applied = sheet_provenance(pilot_vi, profile["regulations"], "en")
    rows = dict(run + applied)
    prov = pilot_vi.provenance
    assert prov["framework"]["sha256"] in rows.values() and prov["dataset"]["sha256"] in rows.values()
    assert any("weaving 0.1.0" in text for text in rows.values())
    versions = rows["Regulation applied"]
    assert "QCVN 05:2013/BTNMT (qcvn-05-2013)" in versions and versions.count("(qcvn-05-2013)") == 1


def test_the_fact_sheet_page_carries_them_and_a_true_source_line(pilot_vi):
    from villagescore.reports.document import DocumentSettings
    from villagescore.reports.html import render

    page = render(pilot_vi, "vi", document=DocumentSettings(layout="factsheet")).decode("utf-8")
    assert pilot_vi.provenance["dataset"]["sha256"] in page and "QCVN 05:2023/BTNMT (qcvn-05-2023)" in page
    assert "xem báo cáo đầy đủ của lần đánh giá này" not in page and "--layout report" in page


def test_a_fact_sheet_names_each_plugins_data_file_hashes():
    """Audit 14 #1: plugins were ``name version`` only; the sheet gives 8 hex digits of each file's hash."""
    prov = {"dataset": {"sha256": "a" * 64, "rows_sha256": "c" * 64},
            "plugins": [{"name": "ceramics", "version": "0.1.0",
                         "files": [{"file": "catalogue.yaml", "sha256": "38df14923311" + "0" * 52}]}]}
    run, applied = sheet_provenance(type("R", (), {"provenance": prov})(), [], "en")
    assert dict(applied)["Plugins"] == "ceramics 0.1.0 (catalogue.yaml 38df1492)"
    assert "c" * 64 in dict(run).values()


def test_a_run_as_of_a_day_says_so_beside_the_year_and_in_its_options_and_kind():
    """Audit 15 (h4) #1: ``--as-of 2023-06-01`` left no trace on the sheet, nor the dataset's kind."""
    import villagescore
    from villagescore import bundled
    from villagescore.reports.document import DocumentSettings
    from villagescore.reports.html import render

    result = villagescore.evaluate(bundled.path(bundled.PILOT), villages=["phung-xa-my-duc"], as_of="2023-06-01")
    vi = render(result, "vi", document=DocumentSettings(layout="factsheet")).decode("utf-8")
    assert "chấm điểm theo văn bản có hiệu lực ngày 01/06/2023 (--as-of)" in vi
    assert "Lệnh và tuỳ chọn: villagescore.evaluate(as_of=&#39;2023-06-01&#39;" in vi and "Loại dữ liệu: " in vi
    en = render(result, "en", document=DocumentSettings(layout="factsheet")).decode("utf-8")
    assert "scored as of 2023-06-01 (--as-of)" in en


def test_a_run_without_as_of_says_nothing_of_it():
    from villagescore.reports.sheet_provenance import as_of_text

    assert as_of_text(type("R", (), {"provenance": {"options": {"command": "evaluate"}}})(), "vi") == ""


def test_the_versions_applied_are_those_that_scored_an_indicator(pilot_vi):
    """Audit 15 (h4) #2: the 2021 sheet listed QCVN 13-MT:2015, whose every indicator was left out, as applied."""
    i = int((pilot_vi.frame["year"] == 2021).to_numpy().nonzero()[0][0])
    profile = village_view(pilot_vi, i, "en")
    applied = dict(sheet_provenance(pilot_vi, profile["regulations"], "en")[1])["Regulation applied"]
    assert "(qcvn-40-2011)" in applied and "(qcvn-05-2013)" in applied
    for cited in ("qcvn-08-mt-2015", "qcvn-13-mt-2015", "decree-90-2019", "decision-59-2015"):
        assert cited not in applied
    nothing = [dict(r, applied=False) for r in profile["regulations"]]
    assert dict(sheet_provenance(pilot_vi, nothing, "vi")[1])["Văn bản áp dụng"].startswith("không có: ")
