"""Reading JSON datasets: rows or {villages, metadata}, strict parsing."""

import numpy as np
import pytest

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

from .helpers import toy_records


@pytest.mark.parametrize("wrapped", [False, True])
def test_json_reads_like_csv(tmp_path, toy_registry, support_dir, wrapped):
    import json

    from villagescore.engine import Engine
    from villagescore.framework import load_framework

    records = toy_records(support_dir)
    doc = {"villages": records} if wrapped else records
    path = tmp_path / "toy.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    fw = load_framework(support_dir / "toy-framework.yaml", toy_registry)
    a = Engine(toy_registry).evaluate(fw, read_dataset(path, toy_registry))
    b = Engine(toy_registry).evaluate(fw, read_dataset(support_dir / "toy.csv", toy_registry))
    np.testing.assert_allclose(a.tree.overall_score, b.tree.overall_score)
    assert a.frame["sectors"].tolist() == ["alpha", "beta", "alpha;beta"]


@pytest.mark.parametrize("content, message", [
    ('{"rows": []}', "a JSON dataset is an array of village rows"),
    ('[1, 2]', "a village row must be an object"),
    ('[{"village_id": "v1", "a": [1, 2]}]', "a cell must be a number, text, true/false or null"),
    ('[{"village_id": "v1",', "not valid JSON"),
    ('[{"village_id": "v1", "name": "L\\ud800ng"}]', r"\$\[0\]\.name: .*contains '\\ud800', half of a character"),
])
def test_json_problems(tmp_path, toy_registry, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        read_dataset(path, toy_registry)


def test_json_datasets_are_parsed_strictly(tmp_path, toy_registry):
    path = tmp_path / "d.json"
    path.write_text('[{"village_id": "v1", "total": 10,\n  "total": 20}]', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"d.json: line 2, column 3: key 'total' appears twice"):
        read_dataset(path, toy_registry)
    path.write_text('[{"village_id": "v1", "c": NaN}]', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"\$\[0\]\.c is NaN, which is not a number in JSON"):
        read_dataset(path, toy_registry)
    path.write_text("", encoding="utf-8")
    with pytest.raises(DatasetError, match="d.json: the file is empty"):
        read_dataset(path, toy_registry)


def test_json_lines_are_said_to_be_json_lines(tmp_path, toy_registry):
    path = tmp_path / "rows.json"
    path.write_text('{"village_id": "v1"}\n\n{"village_id": "v2"}\n', encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    assert [p.message.split(":")[0] for p in info.value.problems] == [
        "this is JSON Lines (one village row per line), not a JSON dataset"]
    path.write_text('{"village_id": "v1",\n', encoding="utf-8")  # broken JSON stays the parser's message
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    assert "not valid JSON" in info.value.problems[0].message


def test_a_400_digit_integer_in_a_column_of_numbers_is_said_too_large(tmp_path, toy_registry, support_dir):
    # pandas 2 could not build a frame holding it (OverflowError: "cannot read the file … report this message")
    import json

    records = toy_records(support_dir)
    records[1]["total"] = 0
    path = tmp_path / "big.json"
    path.write_text(json.dumps(records).replace('"total": 0', '"total": ' + "9" * 400), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    assert [(p.where, p.column, p.rule) for p in info.value.problems] == [("row 3", "total", "too_large")]
    assert "an integer of 400 digits" in info.value.problems[0].format("en")


@pytest.mark.parametrize("checked_up_to", [5 * 1024 * 1024, 4])  # 4: as a file over 5 MiB is read (a second pass)
def test_a_number_too_large_for_a_float_is_quoted_as_written(tmp_path, toy_registry, monkeypatch, checked_up_to):
    """Sixteenth walk: `"a": 1e400` in a JSON dataset read "column 'a' = inf", which the file does not say."""
    from villagescore import written_numbers

    monkeypatch.setattr(written_numbers, "_CHECKED_UP_TO", checked_up_to)
    path = tmp_path / "big.json"
    path.write_text('[{"village_id": "v1", "name": "A", "commune": "X", "province": "Hà Nội", "sectors": "alpha", '
                    '"year": 2024, "a": 1e400}, {"village_id": "v2", "name": "B", "commune": "X", '
                    '"province": "Hà Nội", "sectors": "alpha", "year": 2024, "a": 5}]', encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    [found] = [p for p in info.value.problems if p.column == "a"]
    assert "row 2: column 'a' = 1e400: not a number: too large (beyond ±1.8e308)" in found.format("en")
    assert "cột 'a' = 1e400: không phải là số: quá lớn" in found.format("vi")


def test_rows_of_spaces_and_empty_rows_are_dropped_keeping_row_numbers(tmp_path, toy_registry, support_dir):
    import json

    records = toy_records(support_dir)
    blank = {key: (" \u00a0" if isinstance(value, str) else None) for key, value in records[0].items()}
    records = [records[0], blank, {}, *records[1:]]
    records[3] = {**records[3], "a": "many"}  # a problem in the row after them: row 5 (header row 1)
    path = tmp_path / "gaps.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        read_dataset(path, toy_registry)
    assert [p.where for p in err.value.problems] == ["row 5"]
    records[3]["a"] = 12
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert len(read_dataset(path, toy_registry).frame) == 3
