"""villagescore.compare.result_csv: a result table written with --format csv is told apart, and refused."""

import pytest

from villagescore.compare import ResultFileError, is_result_csv, table_from_file
from villagescore.compare.result_csv import refuse_result_csv


def test_a_result_csv_header_is_told_from_a_dataset_header():
    result = ["\ufeffvillage_id", "name", "province", "sectors", "year", "overall_score", "overall_coverage", "rating",
              "rating_label", "environment_score", "environment_coverage", "gates_fired", "estimated_share"]
    assert is_result_csv(result)
    assert not is_result_csv(["village_id", "name", "year", "workers_total", "cod_mg_l"])  # a dataset
    assert not is_result_csv([*result, "workers_total"])  # a field to score: a dataset with extra columns
    assert not is_result_csv(["village_id", "year", "overall_score"])  # no rating


@pytest.mark.parametrize("name", ["r.csv", "r.json"])  # a misnamed one too: the API reads any file as JSON
def test_the_api_explains_a_result_csv_as_the_command_line_does(tmp_path, name):
    """``table_from_file`` on a result table says what compare reads, not where the JSON broke."""
    (tmp_path / name).write_text("\ufeffvillage_id,name,year,overall_score,rating,environment_score\n"
                                 "v1,Làng một,2024,61.5,good,70\n", encoding="utf-8")
    with pytest.raises(ResultFileError) as exc:
        table_from_file(tmp_path / name)
    assert str(exc.value).startswith(f"{name} is a result table written with --format csv, which keeps no indicator "
                                     "scores: compare reads results written with --format json or jsonl")
    assert exc.value.text("vi").startswith(f"{name} là bảng kết quả ghi bằng --format csv")


def test_other_files_pass_to_their_own_reader(tmp_path):
    (tmp_path / "data.csv").write_text("village_id,name,year,workers_total\nv,V,2024,3\n", encoding="utf-8")
    (tmp_path / "bad.bin").write_bytes(b"\xff\xfe\x00bad")
    for path in (tmp_path / "data.csv", tmp_path / "bad.bin", tmp_path / "nope.csv"):
        assert refuse_result_csv(path) is None
