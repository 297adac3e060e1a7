"""Whether an overlay's change gives a value of the kind the base has there."""

from __future__ import annotations

import pytest

from villagescore.framework.overlay_kinds import kind_slip


@pytest.mark.parametrize(("base", "given"), [
    ("Old reason", {"vi": "Lý do", "en": "Reason"}),  # a bilingual text changes form, both ways
    ({"vi": "Lý do", "en": "Reason"}, "Reason"),
    (1, 2.5), (1, "80"), ("a", None),  # values of one kind: the schema says which it allows
    ([1], [2, 3]), ({"a": 1}, {"b": 2}),
])
def test_a_value_of_the_base_s_kind_may_replace_it(base, given):
    assert kind_slip("o.yaml", "$.change.x", base, given) is None


@pytest.mark.parametrize(("base", "given", "says"), [
    ([{"id": "a"}], 3, "3 is a whole number, but the base has a list here ([{id: 'a'}]): write a list in brackets"),
    ({"on": "value"}, [1], "[1] is a list, but the base has a mapping (key: value) here ({on: 'value'}): write a "
                           "mapping ({key: value})"),
    ({"on": "value"}, None, "null gives no value, but the base has a mapping (key: value) here ({on: 'value'}): "
                            "write a mapping"),
    ([1], None, "null gives no value, but the base has a list here ([1]): write a list"),
    ([1], 1, "1 is a whole number, but the base has a list here ([1]): write a list in brackets ([…]), the whole of "
             "it, since a list given in change replaces the base's"),
    (70, [80], "[80] is a list, but the base has a whole number here (70): write one value of that kind"),
    (70, {"a": 1}, "{a: 1} is a mapping (key: value), but the base has a whole number here (70)"),
    ("Old", {"vi": "Mới"}, None),
    ("Old", {"value": 1}, "{value: 1} is a mapping (key: value), but the base has text here ('Old')"),
    ([1], {"vi": "x"}, "{vi: 'x'} is a mapping (key: value), but the base has a list here"),
])
@pytest.mark.parametrize("where", ["$.change.tiers.high.min_score", "$.change.rating.tiers"])
def test_a_value_of_another_kind_is_said_with_what_the_base_has_and_what_to_write(base, given, says, where):
    found = kind_slip("o.yaml", where, base, given)
    if says is None:
        assert found is None
    else:
        assert found.file == "o.yaml" and found.where == where
        assert found.message.startswith(says), found.message
        # the lists of nodes are changed one node at a time with add and remove: said where the base has one
        assert ("use add or remove" in found.message) == (isinstance(base, list) and where.endswith(".tiers"))
        assert "bộ tiêu chí gốc có" in found.format("vi") and "hãy viết" in found.format("vi")


@pytest.mark.parametrize("where", ["$.change.defaults.missing_data", "$.change.pillars.environment.label"])
def test_null_is_never_told_to_use_remove_and_a_text_is_told_to_write_a_string(where):
    """Review of the seventeenth walk: null under defaults or a label was told 'use remove', which takes nodes only."""
    found = kind_slip("o.yaml", where, {"vi": "Môi trường", "en": "Environment"}, None)
    assert "remove" not in found.message and "remove" not in found.format("vi")
    assert found.message.endswith("write the text: one string for both languages, or {vi: …, en: …}")
    assert "hãy viết văn bản" in found.format("vi")
    assert "remove" not in kind_slip("o.yaml", where, {"mode": "skip"}, None).message
