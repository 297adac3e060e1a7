"""A cell's text that says there is no value, not a number written in words."""

import pytest

from villagescore.datasets.no_value import says_no_value


@pytest.mark.parametrize(("text", "none"), [("-", True), ("không có", True), ("Chưa đo", True), ("N/A", True),
                                            ("năm", False), ("five", False)])
def test_words_for_no_value_are_told_from_numbers_in_words(text, none):
    assert says_no_value(text) is none
