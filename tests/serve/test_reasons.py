"""Datasette's refusals said in Vietnamese and English, with the parameter and what to do."""

import pytest

from villagescore.serve.reasons import both, datasette_reason, size_reason


@pytest.mark.parametrize(("reason", "args", "said"), [
    ("_size must be a positive integer", {"_size": "abc"}, "_size=abc không phải số dòng"),
    ("_size must be <= 1000", {"_size": "100000"}, "từ 1 đến 1000"),
    ("_facet= is not allowed", {}, "Lọc theo mặt (_facet) không được bật"),
    ("Cannot search by that column", {"_search_nope": "x"}, "_search_nope: không tìm kiếm được"),
    ("_col=nope - invalid columns", {}, "_col=nope: bảng này không có cột đó"),
    ("_nocol=id - invalid columns", {}, "_nocol=id: bảng này không có cột đó"),
    ("no such column: inner.nope", {}, "Không có cột nope ở đây"),
    ("Invalid _through - could not find corresponding foreign key", {"_through": "x"}, "_through=x không phải"),
    ("Table not found", {}, "Kho kết quả không có bảng"),
    ("Database not found", {}, "Máy chủ này không phục vụ"),
    ("Record not found", {}, "Bảng này không có dòng nào"),
])
def test_datasettes_known_reasons_are_said_in_both_languages_with_what_to_do(reason, args, said):
    """Seventeenth walk: Datasette's reasons stayed English inside the bilingual error page."""
    text = datasette_reason(reason, args, 1000)
    vi, en = text.split(" · ")
    assert said in vi and en.isascii() and reason not in text


def test_an_unknown_reason_is_a_sentence_in_both_languages_then_datasettes_own_words():
    text = datasette_reason("Something new", {}, 1000)
    assert text.startswith("Datasette không trả lời được yêu cầu này")
    assert "Datasette could not answer this request" in text and text.endswith(" — Datasette: Something new")


def test_a_size_reason_names_its_parameter_and_the_numbers_allowed():
    assert both("{parameter}={value} is not a number of rows: give a whole number from {least} to {most}, or max",
                parameter="_facet_size", value="x", least="0", most="1000") == size_reason("_facet_size", "x", 0, 1000)
    assert size_reason("_facet_size", "x", 0, 1000).endswith(
        "_facet_size=x is not a number of rows: give a whole number from 0 to 1000, or max")
