"""Catalogue files: the objects a plugin declares as data, checked with every problem reported."""

from __future__ import annotations

import pandas as pd
import pytest

from villagescore import Check, Indicator, load_catalogue
from villagescore.errors import CatalogueError, FrameworkError
from villagescore.framework import resolve_framework

CATALOGUE = """\
catalogue: demo-sector
version: "1.0"
regulations:
  - id: demo-rule-2020
    document: "Demo rule 2020"
    confidence: verified
    valid_from: "2020-01-01"
    limits:
      - {id: dust, parameter: dust, unit: mg/Nm³, confidence: verified, value: 200}
fields:
  - {id: demo_kilns, label: {vi: Lò, en: Kilns}, type: integer, minimum: 0}
  - {id: demo_gas_kilns, label: {vi: Lò ga, en: Gas kilns}, type: integer, minimum: 0, not_greater_than: demo_kilns}
  - {id: demo_dust, label: {vi: Bụi, en: Dust}, unit: mg/Nm³, minimum: 0}
indicators:
  - id: demo.gas_share
    label: {vi: Tỷ lệ lò ga, en: Gas kiln share}
    unit: "%"
    direction: higher
    requires: [demo_kilns, demo_gas_kilns]
    compute: gas_share
    sectors: [demo]
    pillar: environment
    criterion: demo_kilns
    weight: 2
    scorer: {method: linear, params: {worst: 0, best: 100}}
    references: [{regulation: demo-rule-2020, provision: "art. 2"}]
  - id: demo.dust
    label: {vi: Bụi, en: Dust}
    unit: mg/Nm³
    direction: lower
    requires: [demo_dust]
    sectors: [demo]
    pillar: environment
    criterion: demo_kilns
    scorer: {method: ratio_to_limit}
    threshold: {regulation: demo-rule-2020, limit: dust}
sectors:
  - id: demo
    label: {vi: Nghề thử, en: Demo craft}
    criteria:
      - {id: demo_kilns, pillar: environment, label: {vi: Lò nung, en: Kilns}}
measures:
  - id: demo.gas_conversion
    label: {vi: Chuyển lò ga, en: Convert to gas}
    improves: [demo.gas_share]
    sectors: [demo]
"""


def _gas_share(frame):
    return frame["demo_gas_kilns"] / frame["demo_kilns"] * 100


def _write(tmp_path, text, name="catalogue.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_catalogue_builds_the_same_objects_a_plugin_writes_in_python(tmp_path):
    cat = load_catalogue(_write(tmp_path, CATALOGUE), computes={"gas_share": _gas_share})
    assert (cat.id, cat.version, len(cat.sha256)) == ("demo-sector", "1.0", 64)
    assert [f.id for f in cat.fields] == ["demo_kilns", "demo_gas_kilns", "demo_dust"]
    gas = cat.indicators[0]
    assert isinstance(gas, Indicator) and gas.compute is _gas_share and gas.weight == 2
    frame = pd.DataFrame({"demo_kilns": [4], "demo_gas_kilns": [1]})
    assert gas.compute(frame).tolist() == [25.0]
    assert gas.references[0].regulation == "demo-rule-2020"
    assert cat.indicators[1].threshold == {"regulation": "demo-rule-2020", "limit": "dust"}
    assert cat.regulations[0].limit("dust").value == 200
    (sector,) = cat.sectors
    assert [m.id for m in sector.measures] == ["demo.gas_conversion"]
    assert sector.criteria[0].label["en"] == "Kilns"


def test_schema_problems_are_reported_with_their_path(tmp_path):
    text = CATALOGUE.replace("direction: lower", "direction: down").replace("type: integer, minimum: 0}",
                                                                           "type: count, minimum: 0}", 1)
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_write(tmp_path, text), computes={"gas_share": _gas_share})
    message = str(err.value)
    assert "catalogue.yaml: $.indicators[1].direction: 'down' is not one of" in message
    assert "catalogue.yaml: $.fields[0].type: 'count' is not one of" in message


def test_an_unknown_compute_name_and_a_measure_of_another_sector_are_reported(tmp_path):
    text = CATALOGUE.replace("compute: gas_share", "compute: nope")
    text = text.replace("improves: [demo.gas_share]\n    sectors: [demo]",
                        "improves: [demo.gas_share]\n    sectors: [other]")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_write(tmp_path, text), computes={"gas_share": _gas_share})
    message = str(err.value)
    assert "$.indicators[0].compute: no compute function 'nope' was provided with this catalogue (allowed: gas_share)" \
        in message
    assert "$.measures[0].sectors: measure 'demo.gas_conversion' names no sector of this catalogue" in message


def test_a_framework_may_not_declare_a_computed_indicator(toy_registry):
    doc = {"id": "f", "version": "1.0", "title": {"vi": "F", "en": "F"},
           "fields": [{"id": "x", "label": {"vi": "X", "en": "X"}}],
           "indicators": [{"id": "f.x", "label": {"vi": "X", "en": "X"}, "unit": "", "direction": "higher",
                           "requires": ["x"], "compute": "anything"}],
           "pillars": [{"id": "p", "label": {"vi": "P", "en": "P"}, "weight": 1, "criteria": [
               {"id": "c", "label": {"vi": "C", "en": "C"}, "weight": 1, "indicators": [{"id": "f.x", "weight": 1}]}]}],
           "rating": {"tiers": [{"id": "t", "label": {"vi": "T", "en": "T"}, "min_score": 0}]}}
    with pytest.raises(FrameworkError, match=r"\$\.indicators\[0\]\.compute: an indicator declared here cannot name"):
        resolve_framework(doc, toy_registry, name="f.yaml")


def test_a_framework_may_not_declare_again_what_a_plugin_declares(toy_registry):
    doc = {"id": "f", "version": "1.0", "title": {"vi": "F", "en": "F"},
           "fields": [{"id": "a", "label": {"vi": "A", "en": "A"}}],
           "pillars": [{"id": "p", "label": {"vi": "P", "en": "P"}, "weight": 1, "criteria": [
               {"id": "c", "label": {"vi": "C", "en": "C"}, "weight": 1,
                "indicators": [{"id": "toy.a", "weight": 1}]}]}],
           "rating": {"tiers": [{"id": "t", "label": {"vi": "T", "en": "T"}, "min_score": 0}]}}
    with pytest.raises(FrameworkError, match=r"\$\.fields\[0\]\.id: field 'a' is already declared by plugin 'toy'"):
        resolve_framework(doc, toy_registry, name="f.yaml")


CHECKS = """\
checks:
  - id: demo.gas_kilns_per_household
    left: demo_kilns
    op: "<="
    factor: 3
    right: households_craft
    severity: warning
    message: {vi: Quá nhiều lò trên mỗi hộ, en: Too many kilns per craft household}
    advice: {vi: Đếm lại số lò, en: Count the kilns again}
    source: "[E] demo"
"""


def test_a_catalogue_declares_plausibility_checks(tmp_path):
    cat = load_catalogue(_write(tmp_path, CATALOGUE + CHECKS), computes={"gas_share": _gas_share})
    (check,) = cat.checks
    assert isinstance(check, Check)
    assert (check.left, check.op, check.factor, check.right) == ("demo_kilns", "<=", 3, "households_craft")
    assert check.message["en"] == "Too many kilns per craft household" and check.source == "[E] demo"
    assert check.origin.endswith("catalogue.yaml: $.checks[0]")


def test_check_problems_are_collected_with_their_path(tmp_path):
    zone = "fields:\n  - {id: demo_zone, label: {vi: Vùng, en: Zone}, type: category, categories: [a, b]}\n"
    base = CATALOGUE.replace("fields:\n", zone, 1)
    text = base + CHECKS.replace('op: "<="', 'op: "<"').replace("factor: 3", "factor: 0")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_write(tmp_path, text), computes={"gas_share": _gas_share})
    message = str(err.value)
    assert "$.checks[0].op: '<' is not one of the allowed values: '<=', '>='" in message
    assert "$.checks[0].factor: 0 must be greater than 0" in message
    # past the schema, each entry is built and every problem collected
    text = base + CHECKS + """\
  - id: demo.same
    left: demo_kilns
    op: ">="
    factor: 1
    right: demo_kilns
    message: {vi: A, en: B}
    source: "[E]"
  - id: demo.same
    left: demo_zone
    op: ">="
    factor: 1
    right: demo_kilns
    message: {vi: A, en: B}
    source: " "
"""
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_write(tmp_path, text), computes={"gas_share": _gas_share})
    message = str(err.value)
    assert "$.checks[1]: check 'demo.same': 'left' and 'right' name the same field 'demo_kilns'" in message
    assert "$.checks[2]: check 'demo.same': give a 'source'" in message
    assert "$.checks[2].id: check id 'demo.same' is declared twice (also at $.checks[1])" in message
    assert "$.checks[2].left: check 'demo.same' compares field 'demo_zone' of type 'category'" in message


def _third_party(path):
    """A plugin module that returns what its catalogue declares, as the first-party plugins do."""
    import types

    from villagescore import catalogue_loader, hookimpl

    module = types.ModuleType("villagescore_demo_third")
    loader = catalogue_loader(path, computes={"gas_share": _gas_share})
    module.register_fields = hookimpl(lambda: list(loader().fields))
    module.register_checks = hookimpl(lambda: list(loader().checks))
    return module


def test_a_third_party_catalogue_check_joins_the_registry_and_warns_on_a_dataset(tmp_path):
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry
    from villagescore.testing import make_dataset

    module = _third_party(_write(tmp_path, CATALOGUE + CHECKS))
    registry = Registry.from_plugin_manager(get_plugin_manager(plugins=(("third", module),)), strict=True)
    check = registry.checks["demo.gas_kilns_per_household"]
    assert check.plugin == "third" and "households_craft" in registry.fields  # another plugin's field
    dataset = make_dataset([{"demo_kilns": 10, "households_craft": 2, "households_total": 5},
                            {"demo_kilns": 5, "households_craft": 2, "households_total": 5}], registry)
    assert [(w.where, w.check, w.values) for w in dataset.warnings] == [
        ("row 2", "demo.gas_kilns_per_household", (10, 2))]


def test_a_check_naming_an_unknown_field_is_left_out_with_a_warning_or_an_error_when_strict(tmp_path):
    from villagescore.errors import PluginError
    from villagescore.plugins import PluginLoadWarning, get_plugin_manager
    from villagescore.registry import Registry

    module = _third_party(_write(tmp_path, CATALOGUE + CHECKS.replace("right: households_craft",
                                                                      "right: households_crafts")))
    with pytest.warns(PluginLoadWarning) as caught:
        registry = Registry.from_plugin_manager(get_plugin_manager(plugins=(("third", module),)), strict=False)
    assert "demo.gas_kilns_per_household" not in registry.checks
    text = str(caught[0].message)
    assert "catalogue.yaml: $.checks[0]: check 'demo.gas_kilns_per_household' (plugin 'third'): right names " \
           "unknown field 'households_crafts' (did you mean 'households_craft'?)" in text
    with pytest.raises(PluginError, match="households_crafts"):
        Registry.from_plugin_manager(get_plugin_manager(plugins=(("third", module),)), strict=True)


NOTES = CATALOGUE.replace('    valid_from: "2020-01-01"\n',
                         '    valid_from: "2020-01-01"\n    note: Read in the gazette.\n', 1) \
    .replace("value: 200}", "value: 200, note: {vi: Giá trị tại Điều 2., en: The value of art. 2.}}", 1)


def test_a_regulation_or_limit_note_is_a_string_or_vi_and_en(tmp_path):
    """A third party's plain-string note stays as it is; a {vi, en} note is kept for the reader's language."""
    cat = load_catalogue(_write(tmp_path, NOTES), computes={"gas_share": _gas_share})
    (reg,) = cat.regulations
    assert reg.note == "Read in the gazette."
    assert dict(reg.limit("dust").note) == {"vi": "Giá trị tại Điều 2.", "en": "The value of art. 2."}


def _notes_doc(where, note):
    limit = {"id": "cod", "parameter": "COD", "unit": "mg/L", "confidence": "verified", "by_field": "zone",
             "values": {"A": {"value": 75}}}
    reg = {"id": "rule-2020", "document": "Rule 2020", "confidence": "verified", "limits": [limit],
           "transition": {"until": "2031-12-31", "field": "old_facility"}}
    {"regulation": reg, "limit": limit, "value": limit["values"]["A"], "transition": reg["transition"]}[where][
        "note"] = note
    return {"catalogue": "notes", "version": "1.0", "regulations": [reg]}


@pytest.mark.parametrize("where", ["regulation", "limit", "value", "transition"])
def test_the_schema_takes_a_note_as_a_string_or_vi_and_en_and_nothing_else(where):
    from villagescore.schemas import validator

    check = validator("catalogue")
    for good in ("Checked.", {"vi": "Đã kiểm tra.", "en": "Checked."}):
        assert not list(check.iter_errors(_notes_doc(where, good))), good
    for bad in ({"vi": "Đã kiểm tra.", "en": "Checked.", "fr": "Vérifié."}, {"en": "Checked."},
                {"vi": "", "en": "Checked."}, 3):
        assert list(check.iter_errors(_notes_doc(where, bad))), bad


def test_a_note_in_an_unknown_language_is_reported_with_its_path(tmp_path):
    text = NOTES.replace("en: The value of art. 2.}", "en: The value of art. 2., fr: La valeur de l'art. 2.}")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_write(tmp_path, text), computes={"gas_share": _gas_share})
    assert "$.regulations[0].limits[0].note" in str(err.value)


@pytest.mark.parametrize(("written", "where"), [
    ('valid_from: "2020-02-30"', "$.regulations[0].valid_from"),
    ("valid_from: 2020-02-30", "$.regulations[0].valid_from"),
    ('valid_from: "2020-01-01"\n    valid_to: "2019-12-31"', "$.regulations[0].valid_to"),
])
def test_a_plugin_s_regulation_with_an_impossible_or_reversed_date_is_refused_at_its_path(tmp_path, written, where):
    """Every YAML file with regulations: a plugin's catalogue as a framework file (before: a traceback, or accepted)."""
    text = CATALOGUE.replace('valid_from: "2020-01-01"', written, 1)
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_write(tmp_path, text), computes={"gas_share": _gas_share})
    assert [p.where for p in err.value.problems] == [where]
