"""villagescore.citations: a limit as JSON citations; a ``{vi, en}`` note is cited in English (same bytes)."""

from __future__ import annotations

from villagescore import Limit, Regulation
from villagescore.citations import limit_references
from villagescore.model import ThresholdVersion

LIMIT_NOTE = {"vi": "Giá trị tại Bảng 1 [S] ×2.", "en": "Table 1 value [S] ×2."}
VALUE_NOTE = {"vi": "giá trị ứng viên [M]", "en": "candidate value [M]"}
REG = Regulation("rule-2023", "Rule 2023", "secondary", note={"vi": "Đã đọc Điều 5 [V].", "en": "Art. 5 read [V]."},
                 limits=(Limit("pm10", "PM10", "µg/m³", "secondary", value=100, note=LIMIT_NOTE),
                         Limit("cod", "COD", "mg/L", "unverified", by_field="column", note=LIMIT_NOTE,
                               values={"A": {"value": 75, "note": VALUE_NOTE}, "B": {"value": 150}})))


def test_a_note_in_both_languages_is_cited_in_english():
    (ref,) = limit_references(ThresholdVersion(REG, REG.limit("pm10")))
    assert ref["note"] == "Table 1 value [S] ×2."
    a, b = limit_references(ThresholdVersion(REG, REG.limit("cod")))
    # a value's own note, else the limit's
    assert (a["note"], b["note"]) == ("candidate value [M]", "Table 1 value [S] ×2.")


def test_a_threshold_s_own_note_comes_first_in_english_too():
    version = ThresholdVersion(REG, REG.limit("pm10"), {"vi": "Mức tối thiểu.", "en": "A minimum."})
    assert limit_references(version)[0]["note"] == "A minimum."


def test_a_plain_string_note_is_cited_as_written():
    reg = Regulation("rule-2020", "Rule 2020", "verified", note="Read in the gazette.",
                     limits=(Limit("dust", "dust", "mg/Nm³", "verified", value=200, note="Ghi chú một thứ tiếng."),))
    assert limit_references(ThresholdVersion(reg, reg.limit("dust")))[0]["note"] == "Ghi chú một thứ tiếng."
    assert "note" not in limit_references(ThresholdVersion(reg, Limit("x", "X", "mg/L", "verified", value=1)))[0]


def test_references_name_their_documents_in_the_language_asked():
    from villagescore.citations import references_in

    lep = Regulation("lep-2020", "Decree 52/2018/NĐ-CP on rural trades", "verified",
                     title={"vi": "về phát triển ngành nghề nông thôn", "en": "on rural trades"})
    refs = [{"regulation": "lep-2020", "document": lep.document, "provision": "art. 5"},
            {"regulation": "rule-2023", "document": "Rule 2023"},  # English only, no Vietnamese title
            {"regulation": "gone", "document": "Decree 74/2024/NĐ-CP: regional minimum wage"},  # not declared
            {"document": {"vi": "mức chấm điểm của dự án", "en": "project scoring levels"}, "note": "[E]"},
            {"document": "moiday.com: Làng Đồng Kỵ ở đâu"}]
    regulations = {"lep-2020": lep, "rule-2023": REG}
    assert [r["document"] for r in references_in(refs, regulations, "vi")] == [
        "Nghị định 52/2018/NĐ-CP về phát triển ngành nghề nông thôn", "Rule 2023", "Nghị định 74/2024/NĐ-CP",
        "mức chấm điểm của dự án", "moiday.com: Làng Đồng Kỵ ở đâu"]
    assert [r["document"] for r in references_in(refs, regulations, "en")] == [
        lep.document, "Rule 2023", "Decree 74/2024/NĐ-CP: regional minimum wage", "project scoring levels",
        "moiday.com: Làng Đồng Kỵ ở đâu"]


def test_a_limit_s_texts_follow_the_language_asked_cited_by_id_or_by_a_threshold():
    """Walk 15: explain --lang vi gave a limit's {vi, en} note and parameter in English (the result's form)."""
    from villagescore.citations import references_in

    limit = Limit("bod", {"vi": "BOD5 của nước thải", "en": "BOD5 of effluent"}, "mg/L", "verified",
                  provision="Table 1", by_field="zone", values={"A": {"value": 30}, "B": {"value": 50}},
                  note={"vi": "giá trị C", "en": "C value"})
    reg = Regulation("rule-2021", "Rule 2021", "verified", limits=(limit,))
    cited = limit_references(ThresholdVersion(reg, limit))  # a threshold's citations: no limit id
    by_id = [dict(r, limit="bod") for r in cited]
    for refs in (cited, by_id):
        vi = references_in(refs, {"rule-2021": reg}, "vi")
        assert [(r["parameter"], r["provision"], r["note"], r["value"]) for r in vi] == [
            ("BOD5 của nước thải", "Bảng 1", "giá trị C", 30), ("BOD5 của nước thải", "Bảng 1", "giá trị C", 50)]
        assert references_in(refs, {"rule-2021": reg}, "en") == refs
    # Walk 15 review: a threshold's own {vi, en} note (not the limit's) stayed English; an inline limit's too
    note = {"vi": "Đo tại cửa xả", "en": "Measured at the discharge"}
    plain = Limit("cod", "COD", "mg/L", "verified", value=75)
    inline = Limit("inline", "TSS", "mg/L", "verified", value=50)
    reg = Regulation("rule-2022", "Rule 2022", "verified", limits=(plain,))
    for version in (ThresholdVersion(reg, plain, note), ThresholdVersion(reg, inline, note)):
        (ref,) = limit_references(version)
        assert ref["note"] == "Measured at the discharge"
        (vi,) = references_in([ref], {"rule-2022": reg}, "vi", [version])
        assert vi["note"] == "Đo tại cửa xả"
        assert references_in([ref], {"rule-2022": reg}, "en", [version]) == [ref]


def test_a_reference_s_own_column_and_parameter_follow_the_language_asked():
    """Walk 16: a reference's column and parameter may be {vi, en}; a plain string stays as written."""
    from villagescore.citations import references_in

    column = {"vi": "theo loại khu vực và khoảng thời gian", "en": "by area type and period"}
    parameter = {"vi": "NH4+ (tính theo N)", "en": "NH4+ (as N)"}
    refs = [{"regulation": "rule-2023", "document": "Rule 2023", "provision": "Table 1", "column": column,
             "unit": "dBA"},
            {"regulation": "rule-2023", "document": "Rule 2023", "parameter": parameter, "unit": "mg/L"},
            {"document": "Rule 26", "column": "B", "parameter": "COD"}]
    vi = references_in(refs, {"rule-2023": REG}, "vi")
    assert [(r.get("column"), r.get("parameter")) for r in vi] == [
        ("theo loại khu vực và khoảng thời gian", None), (None, "NH4+ (tính theo N)"), ("B", "COD")]
    en = references_in(refs, {"rule-2023": REG}, "en")
    assert [(r.get("column"), r.get("parameter")) for r in en] == [
        ("by area type and period", None), (None, "NH4+ (as N)"), ("B", "COD")]


def test_a_reference_s_own_note_beside_a_limit_id_is_kept_as_declared_and_read_in_the_language_asked():
    """Walk 16: a reference citing a limit by id kept its own {vi, en} note in English only: no view could read it
    in Vietnamese. Kept as declared (own_note); a value's own note still comes first; the limit's stays English."""
    from villagescore.citations import references_in

    own = {"vi": "Đo tại cửa xả của xưởng", "en": "Measured at the workshop's outfall"}
    (ref,) = limit_references(ThresholdVersion(REG, REG.limit("pm10"), own), own_note=True)
    assert ref["note"] == own
    (vi,) = references_in([dict(ref, limit="pm10")], {"rule-2023": REG}, "vi")
    (en,) = references_in([dict(ref, limit="pm10")], {"rule-2023": REG}, "en")
    assert (vi["note"], en["note"]) == ("Đo tại cửa xả của xưởng", "Measured at the workshop's outfall")
    a, b = limit_references(ThresholdVersion(REG, REG.limit("cod"), own), own_note=True)
    assert (a["note"], b["note"]) == ("candidate value [M]", own)
    (limit_s,) = limit_references(ThresholdVersion(REG, REG.limit("pm10")), own_note=True)
    assert limit_s["note"] == "Table 1 value [S] ×2."


def test_the_references_in_force_on_a_day_leave_out_versions_not_yet_or_no_longer_in_force():
    from villagescore.citations import in_force_on

    regulations = {"law": Regulation("law", "Law 2020", "verified", valid_from="2022-01-01"),
                   "old": Regulation("old", "Old QCVN", "secondary", valid_to="2025-08-31"),
                   "undated": Regulation("undated", "Decree 08/2022", "secondary")}
    refs = [{"regulation": "law"}, {"regulation": "old"}, {"regulation": "undated"}, {"document": "a study"},
            {"regulation": "elsewhere"}]
    assert in_force_on(refs, regulations, "2021-12-31") == refs[1:]
    assert in_force_on(refs, regulations, "2025-12-31") == [refs[0], *refs[2:]]
    assert in_force_on(refs, regulations, "2025-12-31", applied=["old"]) == refs  # kept by its transitional rule
    assert in_force_on(refs, regulations, None) == refs  # no reference date: all


def test_a_citation_is_given_once_whether_or_not_it_names_the_limit_s_id():
    from villagescore.citations import distinct_references

    catalogue = {"regulation": "qcvn-05-2023", "value": 100, "column": "24 h", "limit": "pm10_24h"}
    threshold = {"regulation": "qcvn-05-2023", "value": 100, "column": "24 h"}
    older = {"regulation": "qcvn-05-2013", "value": 150, "column": "24 h"}
    assert distinct_references([catalogue, older, threshold]) == [catalogue, older]
