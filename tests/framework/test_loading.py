"""Loading a framework: a slip of shape does not hide the other problems of the file."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SUPPORT
from villagescore.errors import FrameworkError
from villagescore.framework import load_framework, load_framework_document


def _write(tmp_path, change):
    doc = load_framework_document(SUPPORT / "toy-framework.yaml")[0]
    change(doc)
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _problems(path, registry):
    with pytest.raises(FrameworkError) as info:
        load_framework(path, registry)
    return [(p.where, p.message) for p in info.value.problems]


def test_a_threshold_without_its_regulation_is_said_with_every_other_problem_of_the_file(tmp_path, toy_registry):
    def change(doc):
        first = doc["pillars"][0]["criteria"][0]["indicators"]
        first[1]["threshold"] = {"limit": "c"}  # toy.c, no regulation: the schema refuses it
        first[0]["id"] = "toy.nope"             # resolving finds these too
        for pillar in doc["pillars"]:
            pillar["weight"] = 0

    problems = _problems(_write(tmp_path, change), toy_registry)
    assert problems[0] == ("$.pillars[0].criteria[0].indicators[1].threshold", "the threshold cites limit 'c' but "
                           "names no regulation: add 'regulation', the id of the regulation that sets it")
    assert any(w == "$.pillars[0].criteria[0].indicators[0].id" and m.startswith(
        "unknown indicator 'toy.nope': no installed plugin registers it and this file does not declare it")
        for w, m in problems), problems
    assert any(w == "$.pillars" and "sum to 0" in m for w, m in problems), problems
    # the indicator whose threshold was refused is not said again (its scorer's missing limit)
    assert not [w for w, _ in problems[1:] if w.startswith("$.pillars[0].criteria[0].indicators[1]")]


def test_a_file_too_broken_to_resolve_says_what_the_schema_found(tmp_path, toy_registry):
    problems = _problems(_write(tmp_path, lambda doc: doc.pop("pillars")), toy_registry)
    assert problems == [("$", "'pillars' is a required key")]


def test_a_refused_weight_or_empty_list_does_not_hide_the_problems_around_it(tmp_path, toy_registry):
    """The audit's multi.yaml: 2 problems said, then 4 more once those were fixed; now all 6 at once."""
    def change(doc):
        env = doc["pillars"][0]
        env["weight"] = "40%"                                    # the schema refuses these two …
        env["criteria"][1]["indicators"] = []
        env["criteria"][1]["id"] = env["criteria"][0]["id"]      # … resolving finds these four
        doc["pillars"][1]["criteria"][1]["indicators"][0]["scorer"] = {"method": "band"}
        doc["rating"]["tiers"][1]["min_score"] = 75
        doc["gates"][0]["indicator"] = "toy.flg"

    problems = dict(_problems(_write(tmp_path, change), toy_registry))
    assert problems.keys() == {"$.pillars[0].weight", "$.pillars[0].criteria[1].indicators",
                               "$.pillars[0].criteria[1]", "$.pillars[1].criteria[1].indicators[0].scorer.method",
                               "$.rating.tiers[1].min_score", "$.gates[0].indicator"}, problems
    assert problems["$.pillars[0].criteria[1]"].startswith("duplicate pillar/criterion id 'env.one'")
    assert "did you mean 'toy.flag'?" in problems["$.gates[0].indicator"]


def _yaml(tmp_path, old, new):
    text = (SUPPORT / "toy-framework.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "fw.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


NOT_A_DATE = "is not a date: write a day of the calendar as YYYY-MM-DD (e.g. 2025-02-28)"


@pytest.mark.parametrize("written", ["2020-02-30", '"2020-02-30"'])
def test_an_impossible_date_is_one_located_problem_among_the_file_s_others(tmp_path, toy_registry, written):
    """Before: unquoted, a traceback (exit 3); quoted, valid, then ``evaluate`` crashed on it."""
    path = _yaml(tmp_path, "valid_from: 2020-01-01\npillars:", f"valid_from: {written}\npillars:\n  - 1")
    said = _problems(path, toy_registry)
    assert ("$.regulations[0].valid_from", f"'2020-02-30' {NOT_A_DATE}") in said
    assert any(where.startswith("$.pillars[0]") for where, _ in said), said  # collected with the others
    with pytest.raises(FrameworkError) as info:
        load_framework(path, toy_registry)
    assert any("'2020-02-30' không phải là một ngày" in p.format("vi") for p in info.value.problems)


def test_an_impossible_transition_date_is_refused_with_its_path(tmp_path, toy_registry):
    rule = "valid_from: 2020-01-01\n    transition: {until: '2025-13-01', field: toy_flag}"
    said = _problems(_yaml(tmp_path, "valid_from: 2020-01-01", rule), toy_registry)
    assert said == [("$.regulations[0].transition.until", f"'2025-13-01' {NOT_A_DATE}")]


@pytest.mark.parametrize(("dates", "where", "message"), [
    ("valid_to: 2019-12-31", "$.regulations[0].valid_to",
     "regulation 'toy-rule': valid_to 2019-12-31 is before valid_from 2020-01-01: a version ends on or after the day "
     "it takes effect"),
    ("valid_to: 2024-12-31\n    transition: {until: '2024-06-30', field: toy_flag}",
     "$.regulations[0].transition.until",
     "regulation 'toy-rule': transition.until 2024-06-30 is before valid_to 2024-12-31: the transitional rule runs "
     "after the version ends, up to 'until'"),
])
def test_a_version_that_ends_before_it_begins_is_refused_and_said_once(tmp_path, toy_registry, dates, where, message):
    """Before: accepted; its threshold's indicator then went unscored in every year, with a run warning only."""
    said = _problems(_yaml(tmp_path, "valid_from: 2020-01-01", f"valid_from: 2020-01-01\n    {dates}"), toy_registry)
    assert said == [(where, message)]  # not also "unknown regulation 'toy-rule'" where a threshold cites it
def test_a_cycle_of_extends_is_named_file_by_file(tmp_path, toy_registry):
    """The audit's c1.yaml ↔ c2.yaml: was "overlays nest deeper than 8 (a cycle?)", now the cycle itself."""
    for ident, base in (("one", "two"), ("two", "three"), ("three", "two")):
        (tmp_path / f"{ident}.yaml").write_text(f"id: {ident}\nversion: '1.0'\ntitle: {{vi: V, en: V}}\n"
                                                f"extends: {{framework: {base}.yaml}}\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(tmp_path / "one.yaml", toy_registry)
    [found] = info.value.problems
    assert found.file.endswith("three.yaml") and found.where == "$.extends.framework"
    assert found.message.startswith("extends forms a cycle: two.yaml (two) → three.yaml (three) → two.yaml (two); "
                                    "remove the extends of one of these files"), found.message


def test_a_refused_date_or_min_score_hides_neither_the_other_problems_nor_adds_its_own_echoes(tmp_path,
                                                                                            toy_registry):
    """The audit's multi.yaml and e_date.yaml in a whole file.

    A min_score '8O' hid the gate capping at a misspelt tier (resolving broke without it); a
    regulation without its refused valid_from was said again as "in force on every date".
    """
    def change(doc):
        doc["regulations"][0]["valid_from"] = "31/12/2019"
        doc["regulations"][0]["transition"] = {"until": "2021-01-01", "field": "flag", "provision": "art. 1",
                                               "confidence": "verified"}
        doc["rating"]["tiers"][0]["min_score"] = "8O"
        doc["gates"][0]["cap"] = "lwo"

    problems = dict(_problems(_write(tmp_path, change), toy_registry))
    assert problems.keys() == {"$.regulations[0].valid_from", "$.rating.tiers[0].min_score", "$.gates[0].cap"}, \
        problems


def test_a_regulation_without_its_refused_date_is_not_said_again_as_in_force_on_every_date(tmp_path, toy_registry):
    """The audit's e_date.yaml: '31/12/2025' was followed by "regulations … are both in force on every date"."""
    def change(doc):
        limit = {"id": "c", "parameter": "C", "unit": "mg/L", "provision": "Table 1", "value": 50,
                 "confidence": "verified"}
        doc["regulations"] = [
            {**doc["regulations"][0], "valid_to": "2024-12-31", "limits": [limit]},
            {"id": "toy-rule-2", "document": "Toy rule 2/2025", "confidence": "verified", "valid_from": "31/12/2025",
             "limits": [{**limit, "value": 40}]}]
        doc["pillars"][0]["criteria"][0]["indicators"][1]["threshold"] = {"versions": [
            {"regulation": "toy-rule", "limit": "c"}, {"regulation": "toy-rule-2", "limit": "c"}]}

    problems = _problems(_write(tmp_path, change), toy_registry)
    assert [w for w, _m in problems] == ["$.regulations[1].valid_from"], problems


def test_a_refused_regulation_date_hides_no_other_problem_quoting_the_regulation_s_id(tmp_path, toy_registry):
    """The reviewer's held.yaml: with valid_from '31/12/2025', the threshold citing limit 'codd' of it went unsaid."""
    def change(doc):
        doc["regulations"][0]["valid_from"] = "31/12/2019"
        doc["regulations"][0]["limits"] = [{"id": "c", "parameter": "C", "unit": "mg/L", "provision": "Table 1",
                                            "value": 50, "confidence": "verified"}]
        doc["pillars"][0]["criteria"][0]["indicators"][1]["threshold"] = {"regulation": "toy-rule", "limit": "cc"}

    problems = _problems(_write(tmp_path, change), toy_registry)
    assert problems == [("$.regulations[0].valid_from", problems[0][1]),
                        ("$.pillars[0].criteria[0].indicators[1].threshold.limit",
                         "regulation 'toy-rule' sets no limit 'cc'; did you mean 'c'?")], problems


@pytest.mark.parametrize("overlay_change", ["", "change: {pillars: {env: {weight: 2}}}\n"])
def test_a_base_that_lacks_a_key_is_said_in_the_base_file_not_a_traceback(tmp_path, toy_registry, overlay_change):
    """Sixteenth walk (ov-noversion.yaml): a base without `version` under `extends.version` was a KeyError, exit 3.

    So was a base pillar without an id under a `change` naming pillars: the base is checked before it is read.
    """
    text = (SUPPORT / "toy-framework.yaml").read_text(encoding="utf-8")
    (tmp_path / "base.yaml").write_text(text.replace("version:", "edition:", 1).replace("- id: env", "- ident: env"),
                                        encoding="utf-8")
    (tmp_path / "over.yaml").write_text("id: over\nversion: '0.1'\ntitle: {vi: V, en: V}\n"
                                        f"extends: {{framework: base.yaml, version: '>=0'}}\n{overlay_change}",
                                        encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(tmp_path / "over.yaml", toy_registry)
    said = [(p.file, p.where, p.message) for p in info.value.problems]
    base = str(tmp_path / "base.yaml")
    assert (base, "$", "'version' is a required key") in said and (base, "$.pillars[0]", "'id' is a required key") \
        in said, said


def test_an_overlay_extending_a_file_outside_its_folder_is_refused_without_reading_it(tmp_path, toy_registry):
    """Sixteenth walk (ov-passwd.yaml): `extends: ../../etc/passwd` read the file and quoted it back."""
    (tmp_path / "secret.yaml").write_text("id: s3cr3t\n", encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "over.yaml").write_text("id: over\nversion: '0.1'\ntitle: {vi: V, en: V}\n"
                                               "extends: {framework: ../secret.yaml}\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(tmp_path / "in" / "over.yaml", toy_registry)
    [found] = info.value.problems
    assert found.where == "$.extends.framework" and "is outside this overlay's folder" in found.message
    assert "s3cr3t" not in found.format("en")


def test_a_label_too_long_is_refused_at_its_path_in_both_languages(tmp_path, toy_registry):
    def change(doc):
        doc["pillars"][0]["label"] = {"vi": "Nhãn " + "dài " * 2500, "en": "Label"}

    with pytest.raises(FrameworkError) as info:
        load_framework(_write(tmp_path, change), toy_registry)
    (found,) = info.value.problems
    assert found.where == "$.pillars[0].label.vi"
    assert "10005 characters, at most 300; shorten it" in found.format("en")
    assert "10005 ký tự, tối đa 300" in found.format("vi")


def test_control_characters_in_texts_are_refused_with_the_file_s_other_problems(tmp_path, toy_registry):
    def change(doc):
        doc["pillars"][0]["label"] = {"vi": "Phần A \x1b]0;pwned\x07\x1b[8m", "en": "Part\u202eA"}
        doc["pillars"][0]["criteria"][0]["label"]["en"] = "Soft\x0bbreak"
        doc["pillars"][1]["weight"] = "heavy"

    problems = _problems(_write(tmp_path, change), toy_registry)
    where = [w for w, _ in problems]
    assert "$.pillars[0].label.vi" in where and "$.pillars[0].label.en" in where
    assert "$.pillars[0].criteria[0].label.en" in where and "$.pillars[1].weight" in where
    said = dict(problems)
    assert said["$.pillars[0].label.en"].startswith("the text holds U+202E at character 5")
    assert "U+000B" in said["$.pillars[0].criteria[0].label.en"]


def test_a_text_refused_for_its_characters_keeps_its_field_known(tmp_path, toy_registry):
    def change(doc):
        doc["pillars"][0]["label"]["en"] = "Part\x0bA"
        doc.setdefault("fields", []).append({"id": "own", "label": {"vi": "Riêng\x0b", "en": "Own"}, "type": "number"})

    problems = _problems(_write(tmp_path, change), toy_registry)
    assert all("U+000B" in m for _, m in problems), problems
