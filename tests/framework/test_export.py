"""villagescore.framework.export: the resolved document says the policy for unverified limits when not the default."""

from __future__ import annotations

import copy
import dataclasses

from tests.conftest import SUPPORT
from villagescore.framework import load_framework, resolve_framework, resolved_document
from villagescore.framework.export import resolved_sha256


def test_the_default_policy_is_not_written_so_a_framework_without_it_keeps_its_hash(toy_registry):
    fw = load_framework(SUPPORT / "toy-framework.yaml", toy_registry)
    doc = resolved_document(fw)
    assert "unverified_limits" not in doc["defaults"] and fw.unverified_limits == "score"
    excluded = dataclasses.replace(fw, unverified_limits="exclude")
    assert resolved_document(excluded)["defaults"]["unverified_limits"] == "exclude"
    assert resolved_sha256(excluded) != resolved_sha256(fw) == fw.resolved_sha256


def test_an_exported_framework_loads_with_the_same_policy(toy_registry):
    fw = dataclasses.replace(load_framework(SUPPORT / "toy-framework.yaml", toy_registry), unverified_limits="exclude")
    again = resolve_framework(resolved_document(fw), toy_registry, name="exported.yaml")
    assert again.unverified_limits == "exclude"


def test_a_note_in_both_languages_is_exported_as_the_file_gives_it(toy_registry):
    """A threshold's note (and an inline limit's, and a value's) may be {vi, en}: written back as a mapping."""
    from villagescore.schemas import validator

    from villagescore import Limit, Regulation

    note = {"vi": "Mức tối thiểu, không phải mức tối đa.", "en": "A minimum, not a maximum."}
    reg = Regulation("rule-2023", "Rule 2023", "secondary", note={"vi": "Đã đọc [V].", "en": "Read [V]."},
                     limits=(Limit("pm10", "PM10", "µg/m³", "secondary", value=100, note=note),))
    registry = dataclasses.replace(toy_registry, regulations={reg.id: reg})
    doc = copy.deepcopy(dict(load_framework(SUPPORT / "toy-framework.yaml", toy_registry).document))
    doc["regulations"][0]["note"] = "Toy rule, read in full."  # a plain string, as a third party writes it
    criteria = doc["pillars"][0]["criteria"]
    inline = dict(criteria[0]["indicators"][1]["threshold"], note=note)
    inline["values"] = {"A": {"value": 50, "note": {"vi": "giá trị ứng viên", "en": "candidate"}}, "B": {"value": 100}}
    criteria[0]["indicators"][1] = dict(criteria[0]["indicators"][1], threshold=inline)
    criteria[1]["indicators"][0] = dict(criteria[1]["indicators"][0], threshold={
        "regulation": "rule-2023", "limit": "pm10",
        "note": {"vi": "Ghi chú của bộ tiêu chí.", "en": "The framework's note."}})
    fw = resolve_framework(doc, registry, name="notes.yaml")
    out = resolved_document(fw)
    indicators = out["pillars"][0]["criteria"]
    assert indicators[1]["indicators"][0]["threshold"]["note"] == {"vi": "Ghi chú của bộ tiêu chí.",
                                                                   "en": "The framework's note."}
    assert indicators[0]["indicators"][1]["threshold"]["note"] == note
    assert indicators[0]["indicators"][1]["threshold"]["values"]["A"]["note"] == {"vi": "giá trị ứng viên",
                                                                                  "en": "candidate"}
    assert out["regulations"][0]["note"] == "Toy rule, read in full."
    assert not list(validator("framework").iter_errors(out))
    assert resolve_framework(out, registry, name="exported.yaml").resolved_sha256 == fw.resolved_sha256


def _citing(toy_registry, reg):
    """The toy framework with its second criterion's indicator citing ``reg``'s limit ``pm10`` (a plugin's)."""
    registry = dataclasses.replace(toy_registry, regulations={reg.id: reg})
    doc = copy.deepcopy(dict(load_framework(SUPPORT / "toy-framework.yaml", toy_registry).document))
    criteria = doc["pillars"][0]["criteria"]
    criteria[1]["indicators"][0] = dict(criteria[1]["indicators"][0], threshold={"regulation": reg.id,
                                                                                  "limit": "pm10"})
    return resolve_framework(doc, registry, name="citing.yaml")


def test_what_a_cited_limit_scores_with_is_in_the_resolved_hash(toy_registry):
    """Audit (thirteenth walk): a plugin's PM10 limit 150 -> 120 changed the scores, not ``resolved_sha256``."""
    from villagescore import Limit, Regulation

    def rule(value=100, confidence="secondary", **changes):
        base = {"valid_from": "2023-01-01", "note": "Read in full."}
        return Regulation("rule-2023", "Rule 2023", "secondary", **{**base, **changes},
                          limits=(Limit("pm10", "PM10", "µg/m³", confidence, value=value),))

    first = _citing(toy_registry, rule())
    assert first.resolved_sha256 == resolved_sha256(first)
    changed = [rule(value=120), rule(confidence="unverified"), rule(valid_to="2030-12-31"),
               rule(valid_from="2024-01-01"), rule(transition={"until": "2031-12-31", "field": "old_plant"})]
    hashes = {_citing(toy_registry, reg).resolved_sha256 for reg in changed}
    assert first.resolved_sha256 not in hashes and len(hashes) == len(changed)
    assert _citing(toy_registry, rule(note="Read again.")).resolved_sha256 == first.resolved_sha256  # prose


def test_a_framework_citing_no_regulation_keeps_the_hash_it_had_before_regulations_were_hashed(toy_registry):
    """Review (thirteenth walk): an empty ``regulations_applied`` changed every framework's hash (a store duplicate)."""
    import hashlib
    import json

    doc = copy.deepcopy(dict(load_framework(SUPPORT / "toy-framework.yaml", toy_registry).document))
    doc.pop("regulations")
    del doc["pillars"][0]["criteria"][0]["indicators"][1]  # toy.c, the one citing it
    fw = resolve_framework(doc, toy_registry, name="plain.yaml")
    text = json.dumps(resolved_document(fw), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert fw.resolved_sha256 == resolved_sha256(fw) == hashlib.sha256(text.encode("utf-8")).hexdigest()
