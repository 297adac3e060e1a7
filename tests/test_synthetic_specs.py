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
    assert "$.specs.x: [u, 10] is not a value spec (allowed: [u|log|int|intlog, low, high]" in en
    assert "$.specs.y:" in en and "$.specs.z:" in en and "$.specs.ok" not in en
    assert "unknown key 'sector_weight' of a field-specs file" in en and "-1 is not a number ≥ 0" in en
    assert "không phải là một đặc tả giá trị" in vi and "{giá trị: p, …}" in vi and "is not a value spec" not in vi


def test_malformed_rule_tables_are_said_not_a_traceback(tmp_path):
    """Review 7 #3: ``not_applicable: {ntm_status: 5}``, ``by_province: {wage_region: [1, 2]}``: a TypeError."""
    bad = tmp_path / "rules.yaml"
    bad.write_text("not_applicable: {ntm_status: 5}\nby_province: {wage_region: [1, 2]}\n", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        merged_specs(None, [bad])
    en, vi = info.value.text("en"), info.value.text("vi")
    assert "2 problems" in en
    assert "$.not_applicable.ntm_status: 5 is not a not_applicable rule (allowed: {other field: value, …})" in en
    assert "$.by_province.wage_region: [1, 2] is not a by_province rule" in en
    assert "không phải là một quy tắc by_province" in vi and "{tỉnh: {loại: p, …}, …}" in vi


def test_specs_that_do_not_fit_the_fields_generated_are_said_at_once(tmp_path):
    """Review 7 #3: an unknown other field, a kind unfit for the type, an unknown category or sector were taken."""
    from villagescore.objects import Field

    label = {"vi": "x", "en": "x"}
    fields = {"share_pct": Field("share_pct", label, unit="%"), "households": Field("households", label, "integer"),
              "column": Field("column", label, "category", categories=("A", "B")),
              "wage": Field("wage", label, "category", categories=("I", "II"))}
    bad = tmp_path / "fit.yaml"
    bad.write_text("specs:\n  share_pct: [share, nonexistent_field, 0, 1]\n  column: [u, 0, 10]\n"
                   "  wage: [cat, {Z: 1, I: 1}]\n  nobody: [u, 0, 1]\n  households: [int, 1, 9]\n"
                   "sector_weights: {weavng: 50, weaving: 1}\n"
                   "by_province: {wage: {Hà Nội: {IX: 1}}}\nnot_applicable: {households: {ntm_statu: ward}}\n",
                   encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        merged_specs(None, [bad], fields=fields, sectors=["weaving", "wood"])
    en, vi = info.value.text("en"), info.value.text("vi")
    assert "7 problems" in en, en
    assert "$.specs.share_pct: unknown field 'nonexistent_field'" in en
    assert "$.specs.column: a 'u' spec cannot draw field 'column' of type 'category' (allowed: cat)" in en
    assert "$.specs.wage: unknown category 'Z' of field 'wage' (allowed: I, II)" in en
    assert "$.specs.nobody: unknown field 'nobody'" in en
    assert "$.sector_weights.weavng: unknown sector 'weavng' (did you mean 'weaving'?)" in en
    assert "$.by_province.wage: unknown category 'IX'" in en
    assert "$.not_applicable.households: unknown field 'ntm_statu'" in en
    assert "$.specs.households" not in en
    assert "không sinh được giá trị cho trường 'column'" in vi and "ngành nghề không xác định 'weavng'" in vi


def test_generate_writes_nothing_for_specs_that_do_not_fit(tmp_path):
    from villagescore.objects import Field
    from villagescore.synthetic import generate

    label = {"vi": "x", "en": "x"}
    bad = tmp_path / "fit.yaml"
    bad.write_text("specs:\n  a: [u, 0, 10]\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="a 'u' spec cannot draw field 'a' of type 'category'"):
        generate(5, 1, registry_fields=[Field("a", label, "category", categories=("x",))], field_sectors={},
                 field_directions={}, sectors=[], extra_specs=[bad])


def test_a_base_specs_file_with_an_impossible_date_is_said_not_a_traceback(tmp_path):
    """Before: ``load_field_specs`` (and ``generate(specs=…)``) raised ``ValueError: day is out of range``."""
    from villagescore.synthetic import generate

    bad = tmp_path / "specs-bad.yaml"
    bad.write_text("specs:\n  households_total: [u, 0, 2025-02-30]\n", encoding="utf-8")
    for call in (lambda: load_field_specs(bad), lambda: generate(3, 1, specs=bad)):
        with pytest.raises(DocumentError) as info:
            call()
        assert "$.specs.households_total: [u, 0, 2025-02-30] is not a value spec" in info.value.text("en")
        assert "[u, 0, 2025-02-30] không phải là một đặc tả giá trị" in info.value.text("vi")


def test_a_date_in_a_spec_is_shown_as_written(tmp_path):
    """Before: ``[u, datetime.date(2025, 2, 28), 5] is not a value spec``."""
    dated = tmp_path / "dated.yaml"
    dated.write_text("specs:\n  households_total: [u, 2025-02-28, 5]\nnot_applicable: {x: {y: 2025-01-01}}\n",
                     encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        merged_specs(None, [dated])
    en = info.value.text("en")
    assert "$.specs.households_total: [u, 2025-02-28, 5] is not a value spec" in en
    assert "$.not_applicable.x: {y: 2025-01-01} is not a not_applicable rule" in en
