"""The terminal profile of one village-year (``villagescore pilot``)."""

import pytest

from tests.reports.conftest import NOT_JUDGED
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


@pytest.mark.parametrize(("lang", "not_judged", "column", "why"), NOT_JUDGED)
def test_a_profile_lists_a_gate_of_unknown_limit_as_not_judged_never_as_failed(
        blank_flag, lang, not_judged, column, why):
    """Review 2026-12 #3: the COD gate of 2025 caps the rating (its limit is unknown there), it did not fail."""
    from villagescore.i18n import t

    failed, why = t("gates_fired", lang), f"{t('status', lang).lower()}: {why}"
    text = " ".join(render_text(village_profile(blank_flag, 1, lang, previous=0)).split())
    assert failed not in text
    after = text[text.index(f"{not_judged}:"):]
    assert "(gate.effluent_cod_column_b)" in after and why in after
    earlier = " ".join(render_text(village_profile(blank_flag, 0, lang)).split())
    assert f"{failed}:" in earlier and not_judged not in earlier and why not in earlier


@pytest.mark.parametrize(("lang", "short", "legend"), [
    ("en", "NJ", "NJ = Mandatory rules not judged; their cap on the rating applies all the same"),
    ("vi", "CX", "CX = Điều kiện bắt buộc chưa xét được; mức xếp loại tối đa của điều kiện vẫn áp dụng"),
])
def test_the_summary_counts_a_gate_of_unknown_limit_apart_from_the_failed_ones(blank_flag, lang, short, legend):
    """Review 2026-12 #3: the failed gates' column counts the failed only; the not judged have their own."""
    from villagescore.i18n import t
    from villagescore.reports.terminal import summary

    lines = render_text(summary(blank_flag, lang)).splitlines()
    header = next(line for line in lines if f" {t('gates_short', lang)} " in line).split()
    assert header[-3:] == [t("gates_short", lang), short, t("estimated_short", lang)]
    rows = {year: line.split()[-3:-1] for line in lines for year in ("2021", "2025") if f" {year} " in line}
    assert rows == {"2025": ["0", "1"], "2021": ["2", "0"]}  # 2021: the same COD gate failed, and another
    assert legend in " ".join(" ".join(lines).split())


@pytest.mark.parametrize(("lang", "notice"), [
    ("en", "Scored against limits unverified as well (--unverified-limits score)"),
    ("vi", "Đã chấm điểm theo cả các giới hạn chưa được kiểm chứng (--unverified-limits score)"),
])
def test_a_profile_says_it_was_scored_against_unverified_limits_and_marks_them(lang, notice):
    """Audit 12 #1: `pilot --unverified-limits score` said nothing of the limits it scored against."""
    from pathlib import Path

    import villagescore as vs

    pilot = vs.evaluate(Path(__file__).parents[2] / "datasets" / "phung-xa" / "phung-xa.csv", unverified_limits="score")
    text = " ".join(render_text(village_profile(pilot, 0, lang, weakest=100), width=200).split())
    assert notice in text
    assert "⚠ " + vs.Registry.default().indicators["economy.wage_to_minimum"].label[lang] in text


def test_the_pilot_change_says_regulation_versions_changed(pilot_vi):
    # the auditor's case: "Thay đổi 2021 → 2025 … (+21,0)" said nothing of QCVN 05:2013 → 05:2023
    text = " ".join(render_text(village_profile(pilot_vi, 1, "vi", previous=0)).split())
    assert "Thay đổi này một phần do quy định" in text and "(qcvn-05-2013) → QCVN 05:2023/BTNMT" in text
    alone = " ".join(render_text(village_profile(pilot_vi, 1, "vi")).split())
    assert "Thay đổi này một phần do quy định" not in alone


def test_the_terminal_never_receives_a_control_character_raw():
    from rich.text import Text

    from villagescore.reports.terminal import plain_table

    shown = render_text([Text("Phần A \x1b]0;pwned\x1b[8m"), plain_table(["id"], [["a\u202eb\x1b[8m"]], title=None)])
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "Phần A \\x1b]0;pwned\\x1b[8m" in shown and "a\\u202eb\\x1b[8m" in shown
