"""Characters that only look like part of a number are found, and the number to type is worked out."""

import pytest

from villagescore.datasets.lookalike import lookalike_hint, with_lookalikes


@pytest.mark.parametrize(("text", "found"), [
    ("−5.2", ("minus", "-5.2")), ("–3", ("minus", "-3")), ("120\u200b", ("invisible", "120")),
    ("\ufeff7", ("invisible", "7")), ("７０", ("digits", "70")), ("７，５", ("digits", "7,5")),
    ("12.5", None), ("10²", None), ("abc", None)])
def test_a_lookalike_is_named_and_the_text_retyped(text, found):
    assert with_lookalikes(text) == found


_POINT_NUMBER = r"[+-]?[0-9]+(?:\.[0-9]+)?"


@pytest.mark.parametrize(("text", "kind", "minimum", "maximum", "advice"), [
    ("−5", "integer", 0, None, "which is below the least value allowed, 0"),
    ("１.５", "integer", 0, None, "which is not a whole number either"),
    ("１５０", "number", 0, 100, "which is above the greatest value allowed, 100"),
    ("٧٠", "integer", 0, None, "digits other than 0–9"),
    ("−5", "number", -10, None, "type -5 with the keyboard's '-'")])
def test_the_retyped_number_is_offered_only_when_the_field_takes_it(text, kind, minimum, maximum, advice):
    """Sixteenth walk: '−5' in a count was told "type -5" (then refused), '１.５' in a count "type 1.5"."""
    from types import SimpleNamespace

    from villagescore.i18n import gettext

    fld = SimpleNamespace(type=kind, minimum=minimum, maximum=maximum)
    rule, template, params = lookalike_hint(text, fld, False, _POINT_NUMBER, "not a number")
    english = {k: v["en"] if isinstance(v, dict) else v for k, v in params.items()}
    assert rule == "type" and advice in template.format(**english)
    assert "'７０'" not in gettext(template, "en") and "'７０'" not in gettext(template, "vi")  # said of any digits
