"""villagescore.synthetic_specs: the bundled field specs, and third-party spec files merged over them."""

import pytest

from villagescore.errors import DocumentError
from villagescore.synthetic_specs import load_field_specs, load_generator_rules, merged_specs, spec_problems


def test_the_bundled_specs_file_is_well_formed():
    from villagescore.synthetic_specs import _field_specs_doc

    assert spec_problems(_field_specs_doc(None), "field-specs.yaml") == []


def test_an_extra_file_s_specs_weights_and_rules_replace_the_bundled_ones_the_others_stay(tmp_path):
    extra = tmp_path / "incense-specs.yaml"
    extra.write_text("specs:\n  incense_households: [share, households_craft, 0.3, 0.9]\n"
                     "  effluent_cod_mg_l: [log, 50, 900]\nsector_weights: {incense: 1.5, weaving: 2}\n"
                     "not_applicable: {incense_households: {ntm_status: ward}}\n", encoding="utf-8")
    specs, weights, rules = merged_specs(None, [extra])
    bundled, bundled_weights = load_field_specs()
    assert specs["incense_households"] == ["share", "households_craft", 0.3, 0.9]
    assert specs["effluent_cod_mg_l"] == ["log", 50, 900] and bundled["effluent_cod_mg_l"] != specs["effluent_cod_mg_l"]
    assert specs["households_total"] == bundled["households_total"]
    assert weights["incense"] == 1.5 and weights["weaving"] == 2.0 and weights["wood"] == bundled_weights["wood"]
    assert rules["not_applicable"]["incense_households"] == {"ntm_status": "ward"}
    assert rules["by_province"] == load_generator_rules()["by_province"]
    assert merged_specs()[0] == bundled and "incense_households" not in load_field_specs()[0]  # the cache untouched


def test_a_malformed_extra_file_is_refused_with_every_problem_in_both_languages(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("specs:\n  x: [u, 10]\n  y: [log, 0, 5]\n  z: [bool, 2]\n  ok: [int, 1, 3]\n"
                   "sector_weight: {incense: 2}\nsector_weights: {incense: -1}\n", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        merged_specs(None, [bad])
    en, vi = info.value.text("en"), info.value.text("vi")
    assert "5 problems" in en
    assert "$.specs.x: ['u', 10] is not a value spec (allowed: [u|log|int|intlog, low, high]" in en
    assert "$.specs.y:" in en and "$.specs.z:" in en and "$.specs.ok" not in en
    assert "unknown key 'sector_weight' of a field-specs file" in en and "-1 is not a number ≥ 0" in en
    assert "không phải là một đặc tả giá trị" in vi and "{giá trị: p, …}" in vi and "is not a value spec" not in vi
