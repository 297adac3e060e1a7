"""The leading columns of the report tables (``villagescore.report_heads``): what protected knows reports by."""

from __future__ import annotations

from villagescore.report_heads import RESULT_CSV_HEAD, ranking_head, report_heads, summary_head, village_year_head


def test_the_heads_are_the_writers_columns_in_both_languages():
    assert ranking_head("en", ids=True, period=False, run=False) == [
        "Rank", "Village id", "Village", "Year", "Province (since 2025)", "Province recorded", "Overall", "Rating"]
    assert ranking_head("vi", ids=False, period=False, run=False)[:3] == ["Hạng", "Làng nghề", "Năm"]
    assert summary_head("en")[:3] == ["Village id", "Village", "Commune"] and summary_head("vi")[0] == "Mã làng"
    assert village_year_head("en") == ["Village id", "Village", "Year"]
    assert RESULT_CSV_HEAD[0] == "village_id" and RESULT_CSV_HEAD[9] == "overall_score"


def test_every_head_is_in_lower_case_longest_first_and_none_is_one_word():
    heads = report_heads()
    assert all(cell == cell.casefold() for head in heads for cell in head)
    assert [len(h) for h in heads] == sorted((len(h) for h in heads), reverse=True)
    assert min(len(h) for h in heads) >= 3  # never one word: a user's "Điểm" column makes no report


def test_a_result_written_before_the_former_commune_column_is_still_a_report():
    """Audit 17: the result table gained former_commune; a table of the earlier shape is a report all the same."""
    heads = report_heads()
    assert tuple(RESULT_CSV_HEAD) in heads and "former_commune" in RESULT_CSV_HEAD
    assert tuple(c for c in RESULT_CSV_HEAD if c != "former_commune") in heads
    for lang, former in (("vi", "xã (trước 7/2025)"), ("en", "commune (before 7/2025)")):
        summary = tuple(c.casefold() for c in summary_head(lang))
        assert former in summary and summary in heads and tuple(c for c in summary if c != former) in heads
