"""Texts of the survey workbook's guidance (villagescore.template.guidance)."""

from villagescore.template.guidance import _clip


def test_a_validation_text_leaves_out_the_characters_a_workbook_cannot_hold():
    # a vertical tab (Word's soft line break) or ESC in a data validation's prompt made the workbook unreadable
    assert _clip("Tổ chức\x0b(điểm)\x1b[8m", 32) == "Tổ chức(điểm)[8m"
    assert _clip("x" * 40, 32) == "x" * 31 + "…"
