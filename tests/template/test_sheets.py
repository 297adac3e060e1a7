"""The data and instructions sheets: validation of each column, the instructions table."""


import pytest

from tests.template.helpers import _book, _codes, _list_values, _validations
from villagescore.template import build_template


def test_data_validation(toy_registry, toy_framework):
    wb = _book(build_template(toy_framework, toy_registry, lang="vi", rows=50))
    data = wb.worksheets[0]
    letter = dict(zip(_codes(data), (c.column_letter for c in data[1]), strict=True))
    dvs = _validations(data)
    a = dvs[f"{letter['a']}2"]
    # a percentage column: formatted as %, so Excel stores 45 % as 0.45 and validates 0 to 1
    assert (a.type, a.operator, a.formula1, a.formula2) == ("decimal", "between", "0", "1")
    assert data.column_dimensions[letter["a"]].number_format == "0.0%"
    assert data.column_dimensions[letter["total"]].number_format == "General"
    assert str(a.sqref) == f"{letter['a']}2:{letter['a']}51"
    c = dvs[f"{letter['c']}2"]
    assert (c.type, c.operator, c.formula1) == ("decimal", "greaterThanOrEqual", "0")
    total = dvs[f"{letter['total']}2"]
    assert (total.type, total.operator, total.formula1) == ("whole", "greaterThanOrEqual", "0")
    year = dvs[f"{letter['year']}2"]
    assert (year.type, year.formula1, year.formula2) == ("whole", "1900", "2100")
    assert _list_values(wb, dvs[f"{letter['flag']}2"].formula1) == ["có", "không", 1, 0]
    assert _list_values(wb, dvs[f"{letter['kind']}2"].formula1) == ["x", "y", "z"]
    sectors = dvs[f"{letter['sectors']}2"]
    assert _list_values(wb, sectors.formula1) == ["Ngành alpha", "Ngành beta"] and sectors.errorStyle == "warning"
    quality = _validations(wb["Nguồn số liệu"])["C2"]
    assert _list_values(wb, quality.formula1) == ["đo đạc", "báo cáo", "ước tính"]
    kind = _validations(wb["Bộ số liệu"])["B5"]
    assert _list_values(wb, kind.formula1) == ["số liệu thực", "số liệu thực kèm ước tính", "minh hoạ", "sinh tự động"]


@pytest.mark.parametrize(("lang", "no", "words"), [("vi", "không", "tổng điều tra"), ("en", "no", "a census")])
def test_the_dataset_sheet_asks_whether_the_data_are_complete(toy_registry, toy_framework, lang, no, words):
    ds = _book(build_template(toy_framework, toy_registry, lang=lang, rows=5)).worksheets[4]
    assert [c.value for c in ds[8]][:2] == ["complete", no]  # a sample until the user says otherwise
    assert words in ds["C8"].value
    assert _list_values(ds.parent, _validations(ds)["B8"].formula1)[:2] == (["có", "không"] if lang == "vi"
                                                                            else ["yes", "no"])

def test_the_instructions_table_header_is_bold_and_frozen_above_the_columns(toy_registry, toy_framework):
    ws = _book(build_template(toy_framework, toy_registry, lang="en"))["instructions"]
    head = next(r for r in range(1, 40) if str(ws.cell(r, 1).value).startswith("Column / Mã cột"))
    assert ws.cell(head, 1).font.b and ws.cell(head + 1, 1).value == "village_id"
    assert ws.freeze_panes == f"B{head + 1}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_instructions_name_the_sheets_as_this_workbook_does_in_both_languages(toy_registry, toy_framework, lang):
    from villagescore.template import SHEET_NAMES

    other = "en" if lang == "vi" else "vi"
    ws = _book(build_template(toy_framework, toy_registry, lang=lang))[SHEET_NAMES["instructions"][lang]]
    intro = [str(c.value) for c in ws["A"] if str(c.value).startswith(("• ", "  "))]
    assert len(intro) == 10  # five sentences, each in both languages
    for lines in (intro[0::2], intro[1::2]):  # the lines in the other language too name the sheets of this book
        text = " ".join(lines)
        for role in ("data", "form", "metadata", "dataset"):
            assert f"'{SHEET_NAMES[role][lang]}'" in text and f"'{SHEET_NAMES[role][other]}'" not in text, role


def test_the_vietnamese_instructions_and_form_name_sectors_and_units_in_both_languages():
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    wb = _book(build_template(load_framework(None, registry), registry, sectors=["weaving"], lang="vi"))
    instructions = [[c.value for c in row] for row in wb["Hướng dẫn"].iter_rows()]
    assert ["Ngành nghề / Sectors: Dệt, nhuộm (khăn bông, lụa) (weaving)"] == [
        r[0] for r in instructions if str(r[0]).startswith("Ngành nghề / Sectors")]
    units = {r[0]: r[4] for r in instructions}
    assert units["households_total"] == "hộ / households" and units["worker_wage_vnd_month"] == \
        "đồng/tháng / VND/month"
    assert units["effluent_cod_mg_l"] == "mg/L"  # a symbol reads alike: given once
    assert wb["Phiếu in"]["A2"].value.endswith("Ngành nghề: Dệt, nhuộm (khăn bông, lụa) (weaving)")
