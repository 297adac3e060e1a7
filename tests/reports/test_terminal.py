"""The terminal profile of one village-year (``villagescore pilot``)."""

import pytest

from villagescore.reports.terminal import render_text, village_profile


@pytest.mark.parametrize(("lang", "heading", "fill"), [
    ("en", "Values given but not scored:", "limit unknown — fill 'facilities_existing_before_new_qcvn' or"),
    ("vi", "Giá trị có trong số liệu nhưng không được chấm điểm:",
     "chưa rõ giới hạn — hãy điền 'facilities_existing_before_new_qcvn' hoặc"),
])
def test_a_profile_says_which_values_were_not_scored_and_what_to_fill(blank_flag, lang, heading, fill):
    """Audit 2026-12 #6: a value given is not missing data; the profile names the field to fill."""
    text = " ".join(render_text(village_profile(blank_flag, 1, lang, previous=0)).split())
    assert heading in text
    assert f"(environment.effluent_cod): {fill}" in text
    earlier = " ".join(render_text(village_profile(blank_flag, 0, lang)).split())
    assert heading not in earlier
