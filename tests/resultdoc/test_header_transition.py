"""The result document records the transitional rule that decided a limit: in the header and per village-year."""

import json

import pytest


@pytest.fixture(scope="module")
def pilot_doc():
    import villagescore as vs
    from villagescore import bundled

    return json.loads(vs.evaluate(bundled.path(bundled.PILOT)).to_json())


def test_the_header_states_each_transitional_rule(pilot_doc):
    # the auditor's case: qcvn-40-2011.valid_to = 2025-08-31 and nothing said why 2025 was scored against it
    rule = pilot_doc["regulations"]["qcvn-40-2011"]["transition"]
    assert rule == {"until": "2031-12-31", "field": "facilities_existing_before_new_qcvn",
                    "provision": "Circular 06/2025/TT-BTNMT art. 3 (QCVN 40:2025)", "confidence": "secondary"}
    assert "transition" not in pilot_doc["regulations"]["qcvn-05-2023"]
    assert "transitional" in pilot_doc["flags"]


def test_a_village_year_kept_under_a_version_by_its_transitional_rule_is_flagged(pilot_doc):
    before, after = pilot_doc["villages"]
    assert after["year"] == 2025 and after["flags"].get("environment.effluent_cod") == "transitional"
    assert before["flags"].get("environment.effluent_cod") is None  # 2021: QCVN 40:2011 in force
    assert "2031" in json.dumps(pilot_doc["regulations"])


def test_the_compact_and_the_indented_document_flag_alike():
    import villagescore as vs
    from villagescore import bundled

    result = vs.evaluate(bundled.path(bundled.PILOT))
    compact = json.loads(result.to_json(pretty=False))
    indented = json.loads(result.to_json(pretty=True))
    assert compact["villages"] == indented["villages"]
