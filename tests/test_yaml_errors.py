"""YAML syntax errors said with their place, their likely cause and what to do (``villagescore.yaml_errors``)."""

from __future__ import annotations

import pytest

from villagescore.errors import DocumentError
from villagescore.parsing import parse_text


def _said(text: str, lang: str) -> str:
    with pytest.raises(DocumentError) as caught:
        parse_text(text, name="f.yaml", kind="yaml")
    return caught.value.text(lang)


@pytest.mark.parametrize(("text", "vi", "en"), [
    ("id: x\npillars:\n\t- id: a\n", "dòng 3, cột 1: có ký tự tab: hãy thụt lề bằng dấu cách, không dùng tab",
     "line 3, column 1: a tab character: indent with spaces, not tabs"),
    ("items:\n  - a\n - b\n", "thụt lề không thẳng hàng", "the indentation does not line up"),
    ("id: x\ntitle\n  vi: a\n", "có khoá thiếu dấu ':' phía sau", "a key without ':' after it"),
    ("id: x\nnote: a: b\n", "có ': ' nằm trong một giá trị", "a ': ' inside a value"),
    ("id: x\nnote: @home\n",
     "có giá trị bắt đầu bằng '@', một ký tự YAML dành riêng: hãy đặt giá trị trong dấu ngoặc kép",
     "a value starting with '@', a character YAML reserves: put the value in quotes (\"@…\")"),
    ("id: x\nnote: * star\n", "bắt đầu bằng '*'", "a value starting with '*'"),
    ('id: x\nnote: "abc\nv: 1\n', "có dấu ngoặc chưa đóng", "a quote that is not closed"),
])
def test_the_usual_causes_get_advice_in_both_languages(text, vi, en):
    """The parser's English words alone (audit finding 11, m1-indent.yaml, m9-tab.yaml) gave no way forward."""
    said_vi, said_en = _said(text, "vi"), _said(text, "en")
    assert vi in said_vi and "f.yaml: không phải YAML hợp lệ ở dòng " in said_vi
    assert en in said_en and "f.yaml: not valid YAML at line " in said_en
    assert "(chi tiết kỹ thuật: " in said_vi and "(technical detail: " in said_en  # the parser's words kept


def test_an_unknown_cause_keeps_the_place_and_the_parser_s_words():
    assert "f.yaml: not valid YAML (line 2, column 2; technical detail: " in _said("a: [1\nb: 2\n", "en")


@pytest.mark.parametrize(("text", "vi", "en"), [
    ("id: x\nfoo\nbar: 1\n", "dòng 2, cột 1: có khoá thiếu dấu ':'", "line 2, column 1: a key without ':'"),
    ('id: x\nlabel: "abc\n', "dòng 2, cột 8: có dấu ngoặc chưa đóng", "line 2, column 8: a quote that is not closed"),
    ("id: x\nlabel: 'abc\nother: 2\nmore: 3\n", "dòng 2, cột 8: có dấu ngoặc chưa đóng",
     "line 2, column 8: a quote that is not closed"),
])
def test_a_key_without_colon_and_an_open_quote_are_placed_where_they_are(text, vi, en):
    """Review 2026-12 #5: PyYAML finds these on the next line (or at the end); the fault is the key, the quote."""
    assert vi in _said(text, "vi") and en in _said(text, "en")
