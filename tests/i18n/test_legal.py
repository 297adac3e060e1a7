"""Legal citations in Vietnamese: kinds of act, laws, articles, clauses and points."""

import pytest

from villagescore.i18n.legal import (
    document_name,
    document_text,
    document_texts,
    legal_words_vi,
    limit_text,
    provision_text,
)


@pytest.mark.parametrize(("document", "vi", "en"), [
    ("Decree 52/2018/NĐ-CP on rural trades", "Nghị định 52/2018/NĐ-CP", "Decree 52/2018/NĐ-CP on rural trades"),
    ("QCVN 40:2011/BTNMT: industrial wastewater", "QCVN 40:2011/BTNMT", "QCVN 40:2011/BTNMT"),
    ("Decision 59/2015/QĐ-TTg: multidimensional poverty line", "Quyết định 59/2015/QĐ-TTg",
     "Decision 59/2015/QĐ-TTg"),
    ("Circular 09/2020/TT-BLĐTBXH on minor workers", "Thông tư 09/2020/TT-BLĐTBXH",
     "Circular 09/2020/TT-BLĐTBXH on minor workers"),
    ("Labour Code 2019 (Law 45/2019/QH14)", "Bộ luật Lao động 2019 (Luật 45/2019/QH14)",
     "Labour Code 2019 (Law 45/2019/QH14)"),
    ("Law on Environmental Protection 2020 (Law 72/2020/QH14)", "Luật Bảo vệ môi trường 2020 (Luật 72/2020/QH14)",
     "Law on Environmental Protection 2020 (Law 72/2020/QH14)"),
])
def test_a_document_is_named_by_its_number_in_each_language(document, vi, en):
    assert document_name(document, "vi") == vi
    assert document_name(document, "en") == en


def test_a_third_party_regulation_s_vietnamese_title_is_shown():
    """Walk 15: a document the rules know no word of dropped its declared Vietnamese title."""
    title = {"vi": "về nước thải của làng nghề", "en": "effluent"}
    assert document_name("Rule 40:2011: effluent", "vi", title) == "Rule 40:2011 về nước thải của làng nghề"
    assert document_name("Rule 40:2011: effluent", "en", title) == "Rule 40:2011"
    assert document_name("Rule 40:2011: effluent", "vi") == "Rule 40:2011"
    # a law the rules name in Vietnamese keeps that name (its title would say it twice)
    law = {"vi": "Luật Du lịch 2017", "en": "Law on Tourism 2017"}
    assert document_name("Law on Tourism 2017 (Law 09/2017/QH14)", "vi", law) == "Luật Du lịch 2017 (Luật 09/2017/QH14)"


def test_a_declared_vietnamese_title_follows_the_number_of_an_act():
    title = {"vi": "về phát triển ngành nghề nông thôn", "en": "on rural trades"}
    assert document_name("Decree 52/2018/NĐ-CP on rural trades", "vi", title) == (
        "Nghị định 52/2018/NĐ-CP về phát triển ngành nghề nông thôn")
    # a QCVN's title repeats what its number says; the table keeps the number
    assert document_name("QCVN 40:2011/BTNMT: industrial wastewater", "vi", {"vi": "Quy chuẩn …"}) == (
        "QCVN 40:2011/BTNMT")


def test_a_json_document_is_vietnamese_in_vietnamese_and_as_declared_in_english():
    document = "Decree 74/2024/NĐ-CP: regional minimum wage"
    assert document_text(document, "vi") == "Nghị định 74/2024/NĐ-CP"
    assert document_text(document, "en") == document
    assert document_texts(document) == {"vi": "Nghị định 74/2024/NĐ-CP", "en": document}
    assert document_text(document_text(document, "vi"), "vi") == "Nghị định 74/2024/NĐ-CP"  # a second pass keeps it


@pytest.mark.parametrize(("provision", "vi"), [
    ("Table 1", "Bảng 1"),
    ("art. 5(3)(a)", "điểm a khoản 3 Điều 5"),
    ("art. 56(1)", "khoản 1 Điều 56"),
    ("art. 13 (classification every 2 years, published)", "Điều 13 (classification every 2 years, published)"),
    ("Circular 06/2025/TT-BTNMT art. 3 (QCVN 40:2025)", "Thông tư 06/2025/TT-BTNMT, Điều 3 (QCVN 40:2025)"),
    ("Annex II item 3", "Phụ lục II mục 3"),
])
def test_a_provision_is_cited_in_vietnamese_order(provision, vi):
    assert provision_text(provision, "vi") == vi
    assert provision_text(provision, "en") == provision


def test_names_of_laws_are_translated_longest_first():
    assert legal_words_vi("Law on Fire Prevention, Fighting and Rescue 2024 (55/2024/QH15)") == (
        "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ 2024 (55/2024/QH15)")


def test_an_act_amended_by_another_reads_in_vietnamese():
    assert legal_words_vi("Law 27/2001/QH10; amended by Law 40/2013/QH13") == (
        "Luật 27/2001/QH10; sửa đổi bởi Luật 40/2013/QH13")


def test_only_whole_words_are_translated():
    """'ch. ' inside 'each. ' and 'Law ' inside 'Bylaw ' are not citations."""
    assert provision_text("…; each. Table 1 column B", "vi") == "…; each. Bảng 1 cột B"
    assert legal_words_vi("Bylaw 3 of the village") == "Bylaw 3 of the village"
    assert legal_words_vi("see Decree 52/2018/NĐ-CP and LEP 2020") == "see Nghị định 52/2018/NĐ-CP and Luật BVMT 2020"


def test_a_text_given_in_both_languages_is_read_in_the_reader_s():
    """A limit's parameter, column or provision may be ``{vi, en}``; a plain string (a symbol) stays as written."""
    both = {"vi": "BOD5 (20 °C) của nước mặt", "en": "BOD5 (20 °C) of surface water"}
    assert limit_text(both, "vi") == "BOD5 (20 °C) của nước mặt"
    assert limit_text(both, "en") == "BOD5 (20 °C) of surface water"
    assert limit_text("COD", "vi") == "COD" and limit_text(None, "vi") == ""
    table = {"vi": "Bảng 2 (phân loại chất lượng nước mặt)", "en": "Table 2 (classification of surface water quality)"}
    assert provision_text(table, "vi") == table["vi"]
    assert provision_text(table, "en") == table["en"]


def test_a_reference_document_given_in_both_languages_is_read_in_the_reader_s():
    from villagescore.i18n.legal import reference_document_text

    both = {"vi": "mức chấm điểm của dự án", "en": "project scoring levels"}
    assert reference_document_text(both, "vi") == "mức chấm điểm của dự án"
    assert reference_document_text(both, "en") == "project scoring levels"
    assert reference_document_text({"en": "project scoring levels"}, "vi") == "project scoring levels"


@pytest.mark.parametrize("document", ["project scoring levels", "villagescore project estimate",
                                      "WFTO 10 Principles: non-discrimination"])
def test_a_plain_string_reference_document_is_cited_as_written_in_both_languages(document):
    """No table of built-in words in the core: a plugin gives its Vietnamese in its data ({vi, en})."""
    from villagescore.i18n.legal import reference_document_text

    assert reference_document_text(document, "vi") == document
    assert reference_document_text(document, "en") == document
