"""A workbook's metadata sheets: problems named by sheet and cell, said once, in workbook terms.

Audit 2026-12 #4: 'ước lượng' in the quality column gave ``(metadata sheets): $.columns.x.quality: …`` and
then a Python dict repr (``{'quality': 'ước lượng'} không khớp…``); an unknown column said ``$.columns.x``.
"""

import pytest

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

from .helpers import TOY_ROWS, problems_of, write_sheets

DATASET = [["key", "value"], ["id", "d"], ["title_vi", "D"], ["title_en", "D"], ["kind", "số liệu thực"]]


def _book(tmp_path, rows, sheet="Nguồn số liệu"):
    header = ["Mã cột\ncolumn", "Nguồn\nsource", "Chất lượng\nquality", "Ghi chú\nnote"]
    return write_sheets(tmp_path, [("Số liệu", TOY_ROWS, False), ("Bộ số liệu", DATASET, False),
                                   (sheet, [header, *rows], False)])


def test_a_quality_not_in_the_list_names_the_cell_and_the_dropdown_once(tmp_path, toy_registry):
    path = _book(tmp_path, [["a", "survey", "đo đạc"], ["b", None, "ước lượng"]])
    [found] = problems_of(path, toy_registry)
    assert found.where == "sheet 'Nguồn số liệu' cell C3" and found.rule == "metadata_quality"
    en, vi = found.format("en"), found.format("vi")
    assert "the quality of 'b', 'ước lượng', is not one of the values of the list" in en
    assert "'estimated' / 'ước tính'" in en
    assert "trang tính 'Nguồn số liệu', ô C3: chất lượng của 'b', 'ước lượng', không thuộc danh sách" in vi
    assert "'đo đạc' (measured), 'báo cáo' (reported), 'ước tính' (estimated)" in vi
    for text in (en, vi):
        assert "$." not in text and "{'" not in text and "metadata sheets" not in text


def test_an_unknown_column_names_its_cell_with_a_did_you_mean(tmp_path, toy_registry):
    path = _book(tmp_path, [["totl", "survey", "đo đạc"]])
    [found] = problems_of(path, toy_registry)
    assert found.where == "sheet 'Nguồn số liệu' cell A2" and found.rule == "metadata_column"
    assert "'totl' is not a column of the data sheet (did you mean 'total'?)" in found.format("en")
    assert "không phải là một cột của trang số liệu" in found.format("vi")


def test_a_column_named_by_its_label_is_read_as_its_id(tmp_path, toy_registry):
    """The header row shows labels ('Tổng số hộ'): a metadata row may name the column the same way."""
    path = _book(tmp_path, [["Tổng số hộ", None, "ước tính"]])
    dataset = read_dataset(path, toy_registry)
    assert dataset.metadata["columns"] == {"total": {"quality": "estimated"}}


def test_a_measured_column_without_a_source_says_which_cell_to_fill(tmp_path, toy_registry):
    path = _book(tmp_path, [["a", None, "đo đạc"]])
    [found] = problems_of(path, toy_registry)
    assert (found.where, found.rule) == ("sheet 'Nguồn số liệu' cell A2", "metadata_source")
    assert "fill cell B2 (the source), or choose 'estimated' / 'ước tính' as its quality" in found.format("en")


def test_a_bad_dataset_key_names_the_cell_of_its_value(tmp_path, toy_registry):
    dataset = [row if row[0] != "id" else ["id", "Bộ số liệu!"] for row in DATASET]
    path = write_sheets(tmp_path, [("Số liệu", TOY_ROWS, False), ("Bộ số liệu", dataset, False)])
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    assert [p.where for p in info.value.problems] == ["sheet 'Bộ số liệu' cell B2"]


def test_a_workbook_without_quality_flags_is_told_of_its_sheet_not_of_a_meta_json(tmp_path, toy_registry,
                                                                                   toy_framework):
    from villagescore.engine import Engine
    from villagescore.reports.view import estimates_notice

    result = Engine(toy_registry).evaluate(toy_framework, read_dataset(_book(tmp_path, []), toy_registry))
    en, vi = estimates_notice(result, "en"), estimates_notice(result, "vi")
    assert "metadata sheet, 'Nguồn số liệu'" in en and "meta.json" not in en
    assert "trang 'Nguồn số liệu'" in vi and "meta.json" not in vi and "tệp siêu dữ liệu" not in vi


@pytest.mark.parametrize(("value", "complete"), [("có", True), ("Không", False), ("yes", True), ("no", False),
                                                 (True, True), (0, False)])
def test_the_dataset_sheet_says_whether_the_data_are_complete(tmp_path, toy_registry, value, complete):
    path = write_sheets(tmp_path, [("Số liệu", TOY_ROWS, False),
                                   ("Bộ số liệu", [*DATASET, ["complete", value]], False)])
    dataset = read_dataset(path, toy_registry)
    assert dataset.metadata["dataset"]["complete"] is complete and dataset.complete is complete


def test_a_complete_cell_that_is_not_yes_or_no_names_its_cell(tmp_path, toy_registry):
    path = write_sheets(tmp_path, [("Số liệu", TOY_ROWS, False),
                                   ("Bộ số liệu", [*DATASET, ["complete", "đầy đủ"]], False)])
    [found] = problems_of(path, toy_registry)
    assert (found.where, found.rule) == ("sheet 'Bộ số liệu' cell B6", "metadata_complete")
    assert "('complete'), 'đầy đủ', is not yes or no: choose 'yes', 'no'" in found.format("en")
    assert "trang tính 'Bộ số liệu', ô B6:" in found.format("vi") and "'có' (yes), 'không' (no)" in found.format("vi")
