"""Dataset metadata: sidecars, metadata sheets, and entries that describe nothing in the data."""

import pytest

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

from .helpers import TOY_ROWS, problems_of, write_csv, write_sheets


def test_metadata_that_describes_nothing_in_the_data_is_a_problem(tmp_path, toy_registry, support_dir):
    import json
    import shutil

    data = tmp_path / "toy.csv"
    shutil.copy(support_dir / "toy.csv", data)
    meta = {
        "dataset": {"id": "toy", "title": {"vi": "Thử", "en": "Toy"}, "kind": "illustrative"},
        "columns": {"a": {"source": "survey"}, "aa": {"source": "survey"}},
        "values": [{"village_id": "v9", "column": "a", "quality": "estimated"},
                   {"village_id": "v1", "column": "zz", "quality": "estimated"}],
    }
    (tmp_path / "toy.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    found = {(p.where, p.rule) for p in problems_of(data, toy_registry)}
    assert found == {("$.columns.aa", "metadata_column"), ("$.values[0].village_id", "metadata_village"),
                     ("$.values[1].column", "metadata_column")}


def test_a_scale_on_a_column_that_is_not_a_percentage_is_refused(tmp_path, toy_registry):
    import json

    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    meta = {"dataset": {"id": "d", "title": {"vi": "D", "en": "D"}, "kind": "illustrative"},
            "columns": {"total": {"source": "survey", "scale": "fraction"}}}
    (tmp_path / "d.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    problems = problems_of(path, toy_registry)
    assert [(p.where, p.rule) for p in problems] == [("$.columns.total.scale", "metadata_scale")]


def test_deep_json_and_deep_metadata_name_the_file_at_fault(tmp_path, toy_registry):
    path = tmp_path / "deep.json"
    path.write_text('{"villages": [], "metadata": ' + "[" * 3000 + "]" * 3000 + "}", encoding="utf-8")
    with pytest.raises(DatasetError, match="deep.json.*nested"):
        read_dataset(path, toy_registry)
    csv_path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    (tmp_path / "d.meta.json").write_text("[" * 3000 + "]" * 3000, encoding="utf-8")
    with pytest.raises(DatasetError, match=r"d.meta.json: the document is nested"):
        read_dataset(csv_path, toy_registry)


def test_a_column_described_twice_in_the_metadata_sheet_is_refused(tmp_path, toy_registry):
    dataset = [["key", "value"], ["id", "d"], ["title_vi", "D"], ["title_en", "D"], ["kind", "real"],
               ["kind", "synthetic"]]
    metadata = [["column", "source", "quality"], ["a", "survey", "measured"], ["a", "guess", "estimated"]]
    path = write_sheets(tmp_path, [("data", TOY_ROWS, False), ("dataset", dataset, False),
                                   ("metadata", metadata, False)])
    problems = problems_of(path, toy_registry)
    assert [(p.where, p.message) for p in problems if p.rule == "duplicate_key"] == [
        ("key 'kind'", "is given on two rows; keep one"), ("column 'a'", "is described on two rows; keep one")]


def test_metadata_places_are_said_in_vietnamese(tmp_path, toy_registry):
    dataset = [["key", "value"], ["id", "d"], ["title_vi", "D"], ["title_en", "D"], ["kind", "real"],
               ["kind", "synthetic"]]
    metadata = [["column", "source", "quality", "scale"], ["a", "survey", "measured", ""],
                ["a", "guess", "estimated", ""], ["total", "survey", "measured", "fraction"]]
    path = write_sheets(tmp_path, [("data", TOY_ROWS, False), ("dataset", dataset, False),
                                   ("metadata", metadata, False)])
    lines = {p.rule: (p.format("vi"), p.format("en")) for p in problems_of(path, toy_registry)}
    vi, en = lines["duplicate_key"]
    assert "d.xlsx (trang tính 'metadata'): cột 'a'" in vi or "d.xlsx (trang tính 'dataset'): khoá 'kind'" in vi
    assert "(sheet 'metadata')" in en or "(sheet 'dataset')" in en
    assert "(sheet " not in vi
    vi, en = lines["metadata_scale"]
    # a workbook's metadata is named by sheet and cell, never by a JSON path (audit 2026-12 #4)
    assert "d.xlsx: trang tính 'metadata', ô D4" in vi and "d.xlsx: sheet 'metadata' cell D4" in en


def test_a_broken_sidecar_says_whose_metadata_it_is_in_vietnamese(tmp_path, toy_registry):
    from click.testing import CliRunner

    from villagescore.cli import cli

    csv_path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    (tmp_path / "d.meta.json").write_text('{"dataset": ', encoding="utf-8")
    (problem,) = problems_of(csv_path, toy_registry)
    assert problem.format("vi").endswith("; đây là siêu dữ liệu của d.csv: hãy sửa hoặc xoá tệp này")
    assert "không phải JSON hợp lệ (dòng 1, cột 13; chi tiết kỹ thuật: Expecting value)" in problem.format("vi")
    assert problem.format("en").endswith("not valid JSON (line 1, column 13; technical detail: Expecting value); "
                                         "it is the metadata of d.csv: fix it or remove it")
    res = CliRunner().invoke(cli, ["validate", str(csv_path), "--lang", "vi"])
    assert "đây là siêu dữ liệu của d.csv" in res.output and "Traceback" not in res.output


def test_a_dataset_read_through_a_link_keeps_its_sidecar(tmp_path, toy_registry, support_dir):
    """A link (``latest.csv``) must not lose the metadata of the file it points to: its synthetic mark, estimates."""
    import hashlib
    import json
    import shutil

    shutil.copy(support_dir / "toy.csv", tmp_path / "toy-synthetic.csv")
    meta = {"dataset": {"id": "toy-synthetic", "title": {"vi": "Thử", "en": "Toy"}, "kind": "synthetic"},
            "columns": {"a": {"source": "generator", "quality": "estimated"}}}
    (tmp_path / "toy-synthetic.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (tmp_path / "latest.csv").symlink_to("toy-synthetic.csv")
    dataset = read_dataset(tmp_path / "latest.csv", toy_registry)
    assert dataset.kind == "synthetic"
    assert dataset.metadata_sha256 == hashlib.sha256((tmp_path / "toy-synthetic.meta.json").read_bytes()).hexdigest()


@pytest.mark.parametrize("wrong", [
    {"columns": [{"name": "a", "quality": "estimated"}]},
    {"columns": "all"},
    {"columns": 5},
    {"dataset": ["toy"], "columns": {}},
    {"dataset": {"id": "toy", "title": {"vi": "T", "en": "T"}, "kind": "illustrative"}, "columns": {}, "values": 5},
    {"dataset": {"id": "toy", "title": {"vi": "T", "en": "T"}, "kind": "illustrative"}, "columns": {},
     "values": [{"village_id": ["v1"], "column": ["a"]}]},
])
def test_metadata_of_the_wrong_shape_is_only_the_schemas_problem(tmp_path, toy_registry, wrong):
    import json

    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    (tmp_path / "d.meta.json").write_text(json.dumps(wrong), encoding="utf-8")
    problems = problems_of(path, toy_registry)  # a DatasetError, not an AttributeError or a TypeError
    assert problems and all(p.where.startswith("$") for p in problems)
    assert all(p.rule not in ("metadata_column", "metadata_village", "metadata_scale") for p in problems)


# ---- seventeenth walk (review of the DataFrame fixes) ----

def test_partial_metadata_leaving_out_the_dataset_id_is_not_asked_for_one():
    from villagescore.datasets.metadata import metadata_problems

    assert metadata_problems({"dataset": {"kind": "synthetic"}}, "<DataFrame> (metadata)", partial=True) == []
    named = metadata_problems({"dataset": {"kind": "synthetic", "id": "s1"}}, "m", partial=True)
    assert [p.where for p in named] == ["$.dataset.id"]  # an id given is still checked


def test_a_metadata_problem_declared_in_two_branches_of_the_schema_is_listed_once():
    from villagescore.datasets.metadata import metadata_problems

    meta = {"values": [{"village_id": 1, "column": "artisans_count", "quality": "estimated"}]}
    found = metadata_problems(meta, "m", partial=True)
    assert [p.where for p in found].count("$.values[0].village_id") == 1
