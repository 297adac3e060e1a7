"""A result or report that villagescore wrote, given as a dataset: one message saying to give the dataset."""

import pytest

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError


def _only_problem(path, registry):
    with pytest.raises(DatasetError) as info:
        read_dataset(path, registry)
    (found,) = info.value.problems
    return found


def test_a_result_table_given_as_a_dataset_is_said_once(tmp_path, toy_registry):
    """Audit 16 I#4: a result CSV gave 14 "unknown column 'overall_score' … add the prefix 'x_'" problems."""
    path = tmp_path / "scores.csv"
    path.write_text("village_id,name,commune,province,former_district,former_province,sectors,year,overall_score,"
                    "overall_coverage,rating,rating_label,env_score,env_coverage\n"
                    "v1,Một,X,Hà Nội,,,alpha,2024,56.7,1,fair,Fair,50,1\n", encoding="utf-8-sig")
    found = _only_problem(path, toy_registry)
    assert found.message.startswith("this is a result or report written by villagescore, not a dataset")
    assert "đây là kết quả hoặc báo cáo do villagescore ghi" in found.format("vi")


def test_a_comparison_s_rankings_given_as_a_dataset_are_said_once(tmp_path, toy_registry):
    path = tmp_path / "ranks.csv"
    path.write_text("Hạng,Mã làng,Làng nghề,Năm,Tỉnh/thành (từ 2025),Tỉnh/thành ghi nhận,Tổng hợp,Xếp loại\n"
                    "1,v1,Một,2024,Hà Nội,Hà Nội,58.7,Khá\n", encoding="utf-8-sig")
    assert _only_problem(path, toy_registry).message.startswith("this is a result or report written by villagescore")


def test_a_report_workbook_given_as_a_dataset_is_said_once_not_told_to_rename_a_sheet(tmp_path, toy_registry):
    """Audit 16 I#4: a report .xlsx was told to rename the sheet to score to 'Số liệu'."""
    import openpyxl

    from villagescore.protected import REPORT_MARK

    wb = openpyxl.Workbook()
    wb.active.title = "Tổng hợp"
    wb.create_sheet("Tiêu chí")
    wb.properties.category = REPORT_MARK
    path = tmp_path / "report.xlsx"
    wb.save(path)
    assert _only_problem(path, toy_registry).message.startswith("this is a result or report written by villagescore")
