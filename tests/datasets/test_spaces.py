"""Spaces inside identity texts made plain (villagescore.datasets.spaces)."""

from __future__ import annotations

import pandas as pd
import pytest

from villagescore.datasets.spaces import _has_odd_space, plain_spaces


def test_identity_texts_with_plain_spaces_are_left_as_they_are():
    column = pd.Series(["Hà Nội", None, "Bắc Ninh"], dtype=object)
    assert plain_spaces(column, column) is column
    assert plain_spaces(pd.Series(["a\u00a0b", None]), pd.Series(["a\u00a0b", None])).tolist() == ["a b", None]


@pytest.mark.parametrize(("text", "odd"), [
    ("Hà\u00a0Nội", True), ("Xã  Một", True), ("a\tb", True), ("a\u2009b", True), ("a\u3000b", True),
    ("a\u0085b", True), ("Hà Nội", False), ("Làng gốm – Bát Tràng", False), ("Nhà ‘cổ’", False)])
def test_a_space_other_than_one_plain_space_is_found_without_a_regular_expression_pass(text, odd):
    """Walk 16: the search joined every name and ran a regular expression over 2 MB (0.1 s a column)."""
    assert _has_odd_space(pd.Series([text, None, "x", 5], dtype=object)) is odd
