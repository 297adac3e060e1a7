"""Control characters and direction overrides in texts read from files (villagescore.unsafe_text)."""

import pytest

from villagescore.unsafe_text import first_unsafe, unsafe_text_problems, visible


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0d", "\x1b", "\x7f", "\x85", "\x9b", "\u202e", "\u2066"])
def test_control_characters_and_direction_overrides_are_unsafe(char):
    assert first_unsafe(f"ab{char}c") == (3, f"U+{ord(char):04X}")


def test_tab_line_feed_and_letters_are_safe():
    assert first_unsafe("Hà Nội\tlàng\nnghề — “x”") is None


def test_each_unsafe_text_is_one_problem_at_its_path_in_both_languages():
    doc = {"pillars": [{"label": {"vi": "Phần A \x1b]0;pwned\x07", "en": "ok"}}], "notes": ["a\u202eb"]}
    problems = unsafe_text_problems(doc, "f.yaml")
    assert [p.where for p in problems] == ["$.pillars[0].label.vi", "$.notes[0]"]
    assert problems[0].format("en").startswith("f.yaml: $.pillars[0].label.vi: the text holds U+001B at character 8")
    assert "văn bản chứa U+001B ở ký tự thứ 8" in problems[0].format("vi")


def test_visible_writes_control_characters_as_escapes_and_keeps_the_rest():
    assert visible("Phần A \x1b]0;pwned\x07\x1b[8m\r\u202e") == "Phần A \\x1b]0;pwned\\x07\\x1b[8m\\x0d\\u202e"
    assert visible("Hà Nội\tx\ny") == "Hà Nội\tx\ny"
