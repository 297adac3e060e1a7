"""What reports say the scores rest on: values not scored for an unknown limit, and what to fill."""

import pytest

from villagescore.reports.notices import unscored_in_rows, unscored_text


def test_the_values_not_scored_of_each_row_name_the_fields_to_fill(blank_flag):
    found = unscored_in_rows(blank_flag, slice(0, len(blank_flag)))
    assert set(found) == {1}  # only 2025: in 2021 QCVN 40:2011 was in force
    assert found[1]["environment.effluent_cod"] == ("fill", ["facilities_existing_before_new_qcvn", "survey_date"])
    assert len(found[1]) == 9
    assert unscored_in_rows(blank_flag, slice(1, 2)) == found  # rows counted from the whole result's first


@pytest.mark.parametrize(("lang", "fill", "check", "none"), [
    ("en", "limit unknown — fill 'a' or 'survey_date'", "limit unknown — check 'a'",
     "no limit in force on the reference date — check 'survey_date'"),
    ("vi", "chưa rõ giới hạn — hãy điền 'a' hoặc 'survey_date'", "chưa rõ giới hạn — hãy kiểm tra 'a'",
     "không có giới hạn còn hiệu lực vào ngày tham chiếu — hãy kiểm tra 'survey_date'"),
])
def test_what_to_do_reads_in_each_language(lang, fill, check, none):
    assert unscored_text("fill", ["a", "survey_date"], lang) == fill
    assert unscored_text("check", ["a"], lang) == check
    assert unscored_text("none_in_force", ["survey_date"], lang) == none


def test_gate_counts_count_the_gates_not_judged_apart_from_the_failed(blank_flag):
    """Review 2026-12 #3: 2025's COD gate fired for an unknown limit; it did not fail."""
    from villagescore.reports.notices import gate_counts, gate_why

    assert gate_counts(blank_flag) == ([2, 0], [0, 1])
    assert int(blank_flag.fired.sum()) == 3  # what the summaries counted before
    assert gate_why("failed", "vi") == "" and gate_why("missing", "vi") == "không có số liệu cho lượt làng-năm này"
