"""The survey's text cells: a category label starting like a formula is offered, shown and read back as written."""

import json

from tests.template.helpers import _book, _codes, _list_values, _validations
from villagescore.template import build_template
from villagescore.template.cells import survey_cells


def test_a_formula_like_text_is_a_string_cell_with_quote_prefix_not_a_leading_apostrophe():
    from openpyxl import Workbook

    ws = Workbook().active
    signed, plain, number = survey_cells(ws, ["- Không", "Có", 5])
    assert (signed.value, signed.data_type, signed.quotePrefix) == ("- Không", "s", True)
    assert (plain.value, plain.quotePrefix) == ("Có", False) and number == 5


def _signed_framework(support_dir, tmp_path, toy_registry):
    from villagescore.framework import load_framework, load_framework_document

    doc = load_framework_document(support_dir / "toy-framework.yaml")[0]
    doc["fields"] = [{"id": "grade", "label": {"vi": "Hạng", "en": "Grade"}, "type": "category",
                      "categories": ["g_a", "g_b"],
                      "category_labels": {"g_a": {"vi": "+ Có chứng nhận", "en": "+ Certified"},
                                          "g_b": {"vi": "- Không", "en": "- None"}}}]
    doc["indicators"] = [{"id": "mine.grade", "label": {"vi": "Hạng", "en": "Grade"}, "unit": "",
                          "direction": "category", "requires": ["grade"],
                          "scorer": {"method": "categorical", "params": {"scores": {"g_a": 100, "g_b": 0}}}}]
    doc["pillars"][1]["criteria"][0]["indicators"] += [{"id": "mine.grade", "weight": 1}]
    path = tmp_path / "signed.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    return load_framework(path, toy_registry)


def test_a_category_starting_like_a_formula_is_offered_and_read_back_as_written(toy_registry, support_dir, tmp_path):
    from villagescore.datasets import read_dataset

    fw = _signed_framework(support_dir, tmp_path, toy_registry)
    wb = _book(build_template(fw, toy_registry, lang="vi"))
    ws = wb.worksheets[0]
    column = dict(zip(_codes(ws), (c.column for c in ws[1]), strict=True))
    letter = ws.cell(row=1, column=column["grade"]).column_letter
    ref = str(_validations(ws)[f"{letter}2"].formula1)
    assert _list_values(wb, ref) == ["+ Có chứng nhận", "- Không"]  # as Excel shows them, no "'"
    sheet, cells = ref.split("!")
    assert all(c[0].quotePrefix for c in wb[sheet.strip("'")][cells.replace("$", "")])
    assert ws.column_dimensions[letter].number_format == "@"  # typed, "- Không" stays text
    base = {"name": "Làng", "commune": "Xã", "province": "Hà Nội", "sectors": "alpha", "year": 2024, "c": 25,
            "flag": "có", "zone": "A", "kind": "x", "total": 100, "craft": 50}
    # chosen from the dropdown; typed; from a survey of before, whose list held "'- Không"
    for r, (vid, grade) in enumerate((("v1", "- Không"), ("v2", "+ Có chứng nhận"), ("v3", "'- Không")), start=2):
        for name, value in {**base, "village_id": vid, "grade": grade}.items():
            ws.cell(row=r, column=column[name], value=value).data_type = "s" if isinstance(value, str) else "n"
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    assert read_dataset(path, toy_registry, framework=fw).frame["grade"].tolist() == ["g_b", "g_a", "g_b"]
