"""What of an overlay can still be applied when its own schema refuses parts of it."""

from __future__ import annotations

from villagescore.errors import problem
from villagescore.framework.overlay_usable import usable_overlay

DOC = {"id": "v2", "extends": {"framework": "base"}, "title": {"vi": "V", "en": "V"},
       "regulations": [{"id": "r", "valid_from": "31/12/2025"}],
       "change": {"indicators": {"env.dust_pm10": {"weight": "x"}, "env.noise": 3}},
       "remove": {"indicators": ["a", "b c", "d"]},
       "add": {"criteria": [{"id": "c"}, {"pillar": "env", "id": "d", "weight": "0,3"}]}}


def _said(*wheres):
    return [problem("v2.yaml", where, "slip") for where in wheres]


def test_a_slip_in_extends_leaves_nothing_to_apply():
    assert usable_overlay(DOC, _said("$.title.vi", "$.extends.framework")) is None


def test_a_slip_in_what_the_made_document_holds_stays_for_it_to_say():
    doc, now = usable_overlay(DOC, _said("$.regulations[0].valid_from", "$.add.criteria[1].weight"))
    assert now == [] and doc == DOC


def test_the_parts_holding_a_slip_are_set_aside_each_in_its_place():
    found = _said("$.change.indicators.env.noise", "$.remove.indicators[1]", "$.add.criteria[0]", "$.title", "$")
    doc, now = usable_overlay(DOC, found)
    assert now == found
    assert doc["change"] == {"indicators": {"env.dust_pm10": {"weight": "x"}}}
    assert doc["remove"] == {"indicators": ["a", None, "d"]}  # "d" is still said at [2]
    assert doc["add"]["criteria"][0] is None and "title" not in doc and doc["id"] == "v2"
