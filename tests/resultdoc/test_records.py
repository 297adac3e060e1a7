"""villagescore.resultdoc.records: the flags of an indicator left out because its limit is unverified."""

from __future__ import annotations

import json

import pytest

from tests.resultdoc.helpers import _bytes
from tests.support import gate_limits as gl
from villagescore.framework import resolve_framework
from villagescore.resultdoc import CHUNK, village_records, weight_profiles, write_json, write_jsonl
from villagescore.resultdoc.encoding import encoded_records
from villagescore.resultdoc.expanded import expand
from villagescore.testing import evaluate_rows

#: the village-year of gl.ROWS scored under rule-2025, whose COD limit is unverified
ROW = 2


@pytest.fixture
def excluded(toy_registry):
    registry = gl.registry(toy_registry)
    fw = resolve_framework(gl.document(defaults={"unverified_limits": "exclude"}), registry, name="gated.yaml")
    return evaluate_rows(fw, gl.rows(100.0), registry)


def test_a_left_out_indicator_is_not_applicable_with_its_version_and_the_flag_limit_unverified(excluded):
    records = village_records(excluded)
    j = [n.id for n in excluded.framework.indicators].index("toy.c")
    record = records[ROW]
    assert record["indicators"]["status"][j] == "n" and record["indicators"]["score"][j] is None
    assert record["flags"] == {"toy.c": "limit_unverified"}
    assert record["regulations"] == [1]  # rule-2025 applied there: the version is named all the same
    assert all(r["flags"].get("toy.c") != "limit_unverified" for k, r in enumerate(records) if k != ROW)


def test_the_encoded_records_say_the_same(excluded):
    weight_rows, _ = weight_profiles(excluded)
    encoded = encoded_records(excluded, 0, CHUNK, weight_rows).decode("utf-8")
    expected = "".join(json.dumps(r, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"
                       for r in village_records(excluded, 0, CHUNK, weight_rows))
    assert encoded == expected and '"flags":{"toy.c":"limit_unverified"}' in encoded


def test_json_and_jsonl_carry_the_flag_its_meaning_and_the_policy(excluded):
    doc = json.loads(_bytes(write_json, excluded))
    assert doc["flags"]["limit_unverified"].startswith("not scored: limit unverified")
    assert doc["villages"][ROW]["flags"] == {"toy.c": "limit_unverified"}
    assert doc["provenance"]["unverified_limits"] == {"policy": "exclude", "source": "framework",
                                                      "left_out": {"toy.c": 1}}
    lines = [json.loads(line) for line in _bytes(write_jsonl, excluded).splitlines()]
    assert lines[0]["provenance"]["unverified_limits"]["left_out"] == {"toy.c": 1}
    assert lines[1 + ROW]["flags"] == {"toy.c": "limit_unverified"}


def test_the_expanded_form_names_the_regulation_and_says_why_it_was_not_scored(excluded):
    doc = json.loads(_bytes(write_json, excluded))
    head = {k: v for k, v in doc.items() if k != "villages"}
    item = next(x for x in expand(head, doc["villages"][ROW], "en")["indicators"] if x["id"] == "toy.c")
    assert item["status"] == "not_applicable" and item["regulation"]["id"] == "rule-2025"
    assert item["flag"].startswith("not scored: limit unverified")
    own = next(x for x in excluded.village_dict(ROW)["indicators"] if x["id"] == "toy.c")
    assert own["regulation"]["id"] == "rule-2025" and own["flag"] == item["flag"]
