"""Characters that only look like part of a number are found, and the number to type is worked out."""

import pytest

from villagescore.datasets.lookalike import with_lookalikes


@pytest.mark.parametrize(("text", "found"), [
    ("−5.2", ("minus", "-5.2")), ("–3", ("minus", "-3")), ("120\u200b", ("invisible", "120")),
    ("\ufeff7", ("invisible", "7")), ("７０", ("digits", "70")), ("７，５", ("digits", "7,5")),
    ("12.5", None), ("10²", None), ("abc", None)])
def test_a_lookalike_is_named_and_the_text_retyped(text, found):
    assert with_lookalikes(text) == found
