"""The places a problem names, said in Vietnamese; anything else kept as written."""

import pytest

from villagescore.problem_places import where_text


@pytest.mark.parametrize(("where", "vi"), [
    ("row 7", "dòng 7"),
    ("line 3, column 5", "dòng 3, cột 5"),
    ("sheet 'Số liệu' cell B2", "trang tính 'Số liệu', ô B2"),
])
def test_a_place_is_said_in_vietnamese(where, vi):
    assert where_text(where, "vi") == vi


def test_english_and_unknown_places_are_kept_as_written():
    assert where_text("row 7", "en") == "row 7" and where_text("row 7", None) == "row 7"
    assert where_text("somewhere else", "vi") == "somewhere else"
