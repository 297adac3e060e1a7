"""The first rows of a workbook's sheets, read from the XML (a national workbook is never loaded to look at them)."""

from pathlib import Path

import openpyxl
import pytest

from villagescore.workbook_head import sheet_heads


def test_first_rows_of_every_sheet_with_shared_and_inline_strings(tmp_path):
    path = tmp_path / "survey.xlsx"
    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "Số liệu"
    data.append(["Mã làng\nvillage_id", "year", "households_total"])
    data.append(["v1", 2024, 2230.5])
    notes = wb.create_sheet("Ghi chú")
    notes.append(["a & b <c>"])
    wb.save(path)
    heads = {name: (rows, cut) for name, rows, cut in sheet_heads(path)}
    assert heads["Số liệu"] == ([["Mã làng\nvillage_id", "year", "households_total"], ["v1", "2024", "2230.5"]], False)
    assert heads["Ghi chú"] == ([["a & b <c>"]], False)


def test_a_national_result_workbook_is_told_from_a_survey_without_loading_it(tmp_path, monkeypatch):
    """Looking at a 100,000-row result workbook with openpyxl took 28–45 s before each replacement."""
    from villagescore import protected

    survey = tmp_path / "survey.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "data"
    wb.active.append(["village_id", "year"])
    wb.active.append(["v1", 2024])
    wb.save(survey)
    report = tmp_path / "report.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Tổng hợp"
    wb.active.append(["Mã làng", "Làng nghề"])
    wb.active.append(["v1", "Làng Một"])
    wb.save(report)

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was loaded")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    assert protected.input_kind(survey) == "a survey workbook with village-year rows"
    assert protected.input_kind(report) is None


def test_not_a_workbook_raises_what_zipfile_raises(tmp_path):
    import zipfile

    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(zipfile.BadZipFile):
        list(sheet_heads(Path(path)))
