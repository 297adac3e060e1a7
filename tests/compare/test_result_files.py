"""A result file, or the same bytes piped on standard input, read into one table (villagescore.compare.result_files)."""

import io
import json

import pytest

from tests.resultdoc.helpers import _bytes
from villagescore.compare import ResultFileError, table_from_file, table_from_stream
from villagescore.errors import VillageScoreError
from villagescore.resultdoc import write_jsonl


def _sorted(data: bytes) -> bytes:
    """``jq -S -c``: every line with its keys sorted, compact."""
    return b"".join(json.dumps(json.loads(line), sort_keys=True, separators=(",", ":")).encode() + b"\n"
                    for line in data.splitlines() if line.strip())


@pytest.mark.parametrize("indicators", [True, False])
def test_a_key_sorted_json_lines_stream_gives_the_table_of_its_file(toy_result, tmp_path, indicators):
    data = _sorted(_bytes(write_jsonl, toy_result))
    path = tmp_path / "r.jsonl"
    path.write_bytes(data)
    cut = data.index(b"\n") + 1
    piped = table_from_stream(data[:cut], io.BytesIO(data[cut:]), "r.jsonl", indicators=indicators)
    read = table_from_file(path, indicators=indicators)
    assert piped.villages.equals(read.villages) and piped.nodes.equals(read.nodes)


def test_a_cut_stream_or_one_that_is_not_json_is_said_naming_its_label(toy_result):
    lines = _sorted(_bytes(write_jsonl, toy_result)).splitlines(keepends=True)
    with pytest.raises(ResultFileError, match="<stdin>: truncated: no end record"):
        table_from_stream(lines[0], io.BytesIO(b"".join(lines[1:-1])), "<stdin>")  # its end record cut off
    with pytest.raises(VillageScoreError, match=r"<stdin>: not valid JSON \(line 2"):
        table_from_stream(b'{"schema_version": 2,\n', io.BytesIO(b"nope"), "<stdin>")


@pytest.mark.parametrize("indicators", [True, False])
def test_a_result_file_gives_its_run_the_provenance_and_regulations_of_its_header(toy_result, tmp_path, indicators):
    from villagescore.resultdoc import header

    path = tmp_path / "r.jsonl"
    path.write_bytes(_bytes(write_jsonl, toy_result))
    (run,) = table_from_file(path, indicators=indicators).runs
    described = run.describe()
    assert described["provenance"] == json.loads(json.dumps(toy_result.provenance))
    assert described["regulations"] == json.loads(json.dumps(header(toy_result)["regulations"]))
    assert described["scoring"] == dict(run.scoring)


def test_a_result_nested_thousands_deep_is_said_in_both_languages_not_a_traceback(toy_result, tmp_path):
    """Sixteenth walk (deep-result.json, and a record line of a JSON Lines result): RecursionError, exit 3."""
    deep = b"[" * 50000 + b"]" * 50000
    document = tmp_path / "deep.json"
    document.write_bytes(b'{"schema_version": 2, "provenance": {}, "villages": ' + deep + b"}")
    lines = _bytes(write_jsonl, toy_result).splitlines(keepends=True)
    records = tmp_path / "deep.jsonl"
    records.write_bytes(lines[0] + b'{"village_id": ' + deep + b"}\n" + b"".join(lines[1:]))
    for path in (document, records):
        with pytest.raises(VillageScoreError) as info:
            table_from_file(path)
        assert str(info.value) == f"{path}: the JSON is nested more than 1,024 levels deep, which no villagescore " \
                                  "result is; refusing to read it"
        assert "JSON lồng nhau sâu hơn 1.024 cấp" in info.value.text("vi")
