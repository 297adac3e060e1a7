"""The columns of the survey workbook: fields in tree order, the sector filter, plain numbers."""

import re

import pytest

from tests.template.helpers import TOY_FIELDS, _book, _codes
from villagescore.errors import UnknownIdError
from villagescore.template import IDENTITY, build_template, template_columns, template_fields


def test_fields_follow_the_tree_and_the_sector_filter(toy_registry, toy_framework):
    assert [f.id for f in template_fields(toy_framework, toy_registry)] == TOY_FIELDS
    # beta villages: toy.b (alpha only) is left out, so is its field b
    assert [f.id for f in template_fields(toy_framework, toy_registry, ["beta"])] == \
        ["a", "c", "zone", "flag", "craft", "total", "kind"]
    assert [f.id for f in template_fields(toy_framework, toy_registry, ["alpha"])] == TOY_FIELDS

def test_unknown_sector_names_the_known_ones(toy_registry, toy_framework):
    with pytest.raises(UnknownIdError, match=re.escape("unknown sector 'gamma'; known sectors: Alpha craft (alpha), "
                                                       "Beta craft (beta)")) as info:
        template_fields(toy_framework, toy_registry, ["gamma"])
    assert info.value.text("vi").endswith("Ngành alpha (alpha), Ngành beta (beta)")


def test_a_sector_is_chosen_by_its_id_or_its_name_as_the_reader_takes_it(toy_registry, toy_framework):
    from villagescore.template.columns import chosen_sectors

    assert chosen_sectors(toy_registry, ["Ngành beta", "beta", "ALPHA CRAFT"]) == ("beta", "alpha")
    assert [f.id for f in template_fields(toy_framework, toy_registry, ["Beta craft"])] == \
        [f.id for f in template_fields(toy_framework, toy_registry, ["beta"])]

def test_identity_columns_are_the_readers():
    from villagescore.datasets import IDENTITY_COLUMNS

    assert set(IDENTITY) == set(IDENTITY_COLUMNS)

def test_numbers_are_written_plainly_never_in_exponent_form():
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.template import plain_number

    assert plain_number(500_000_000, "vi") == "500.000.000" and plain_number(500_000_000, "en") == "500,000,000"
    assert plain_number(0.5, "vi") == "0,5" and plain_number(-100, "en") == "-100"
    registry = Registry.default()
    wb = _book(build_template(load_framework(None, registry), registry, lang="vi"))
    data = wb.worksheets[0]
    income = data.cell(1, _codes(data).index("income_per_capita_vnd_month") + 1)
    assert "từ 0 đến 500.000.000 đồng/người/tháng" in income.comment.text
    every = " ".join(str(c.comment.text) for c in data[1]) + " ".join(
        str(dv.prompt) + str(dv.formula1) + str(dv.formula2) for dv in data.data_validations.dataValidation)
    assert not re.search(r"\de[+-]?\d", every)  # no 5e+08 anywhere


def test_a_header_gives_the_unit_in_the_workbook_language():
    from villagescore.template import header_text
    from villagescore.template.columns import TemplateColumn

    households = TemplateColumn("households_total", {"vi": "Tổng số hộ", "en": "Households"}, "integer", "households")
    assert header_text(households, "vi") == "Tổng số hộ (hộ)\nhouseholds_total"
    assert header_text(households, "en") == "Households (households)\nhouseholds_total"
    share = TemplateColumn("a_pct", {"vi": "Tỷ lệ (%)", "en": "Share (%)"}, "number", "%")
    assert header_text(share, "vi") == "Tỷ lệ (%)\na_pct"  # a unit the label already gives is not repeated


def test_the_bundled_vietnamese_workbook_writes_no_english_unit():
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    wb = _book(build_template(load_framework(None, registry), registry, sectors=["weaving"], lang="vi"))
    data = wb.worksheets[0]
    headers = {code: str(c.value) for code, c in zip(_codes(data), data[1], strict=True)}
    assert headers["households_total"] == "Tổng số hộ trên địa bàn (hộ)\nhouseholds_total"
    assert headers["worker_wage_vnd_month"].startswith("Thu nhập bình quân tháng của lao động làng nghề (đồng/tháng)")
    assert "(%/năm)" in headers["production_value_growth_pct"]
    prompts = " ".join(str(dv.prompt) for dv in data.data_validations.dataValidation)
    comments = " ".join(str(c.comment.text) for c in data[1])
    form = " ".join(str(c.value) for row in wb["Phiếu in"].iter_rows() for c in row if c.value is not None)
    for text in (" ".join(headers.values()), prompts, comments, form):
        for english in ("(households)", "VND/month", "VND/person/month", "(ratio)", "%/yr", "complaints/yr"):
            assert english not in text
    assert "từ 0 đến 500.000.000 đồng/tháng" in prompts
    units = [row[2].value for row in wb["Phiếu in"].iter_rows() if isinstance(row[0].value, int)]
    assert "hộ" in units and "đồng/tháng" in units and "households" not in units


def test_years_are_written_without_grouping(toy_registry, toy_framework):
    from villagescore.template.guidance import _allowed

    year = next(c for c in template_columns(toy_framework, toy_registry) if c.id == "year")
    assert _allowed(year, "vi") == "số nguyên, từ 1900 đến 2100"
    assert _allowed(year, "en") == "whole number, 1900 to 2100"
    wb = _book(build_template(toy_framework, toy_registry, lang="vi"))
    prompts = [str(dv.prompt) for dv in wb.worksheets[0].data_validations.dataValidation]
    assert any(p.startswith("số nguyên, từ 1900 đến 2100") for p in prompts)
    assert not any("1.900" in p or "2.100" in p for p in prompts)


def test_a_field_the_framework_declares_is_a_column_like_a_registered_one(toy_registry, support_dir, tmp_path):
    """Its label, unit, range and categories (with their labels), and the indicator that uses it."""
    import json

    from villagescore.framework import load_framework, load_framework_document

    doc = load_framework_document(support_dir / "toy-framework.yaml")[0]
    doc["fields"] = [{"id": "status", "label": {"vi": "Tình trạng", "en": "Status"}, "type": "category",
                      "categories": ["up", "down"],
                      "category_labels": {"up": {"vi": "lên", "en": "up"}, "down": {"vi": "xuống", "en": "down"}}},
                     {"id": "age", "label": {"vi": "Tuổi nghề", "en": "Craft age"}, "type": "integer",
                      "unit": "years", "minimum": 0, "maximum": 1000}]
    doc["indicators"] = [
        {"id": "mine.status", "label": {"vi": "Tình trạng", "en": "Status"}, "unit": "", "direction": "category",
         "requires": ["status"], "scorer": {"method": "categorical", "params": {"scores": {"up": 100, "down": 0}}}},
        {"id": "mine.age", "label": {"vi": "Tuổi", "en": "Age"}, "unit": "years", "direction": "higher",
         "requires": ["age"], "scorer": {"method": "linear", "params": {"worst": 0, "best": 100}}}]
    doc["pillars"][1]["criteria"][0]["indicators"] += [{"id": "mine.status", "weight": 1},
                                                       {"id": "mine.age", "weight": 1}]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    fw = load_framework(path, toy_registry)
    columns = {c.id: c for c in template_columns(fw, toy_registry)}
    assert [f.id for f in template_fields(fw, toy_registry)] == [*TOY_FIELDS[:-1], "status", "age", "kind"]
    status, age = columns["status"], columns["age"]
    assert (status.categories, status.choice("down", "vi"), status.used_by) == (("up", "down"), "xuống",
                                                                                ("mine.status",))
    assert (age.label["vi"], age.unit, age.minimum, age.maximum, age.pillar) == ("Tuổi nghề", "years", 0, 1000, "soc")
    wb = _book(build_template(fw, toy_registry, lang="vi"))
    assert _codes(wb.worksheets[0])[-3:] == ["status", "age", "kind"]
