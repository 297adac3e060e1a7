"""Reading a result file back, streamed where the layout allows."""

import json

import pytest

from tests.resultdoc.helpers import _bytes
from villagescore.resultdoc import (
    read_result,
    starts_with_header_line,
    to_document,
    write_json,
    write_jsonl,
)


@pytest.mark.parametrize("pretty", [True, False])
def test_read_result_streams_compact_json_and_jsonl_and_reads_other_json_whole(toy_result, tmp_path, pretty):
    doc = to_document(toy_result)
    for name, data in (("r.json", _bytes(write_json, toy_result, pretty=pretty)),
                       ("r.jsonl", _bytes(write_jsonl, toy_result))):
        path = tmp_path / name
        path.write_bytes(data)
        head, villages = read_result(path)
        assert head["schema_version"] == 2 and head["framework"] == doc["framework"]
        assert list(villages) == json.loads(json.dumps(doc["villages"]))

def test_brief_reading_skips_the_indicator_detail_even_with_a_tricky_name(toy_result, tmp_path):
    import dataclasses

    frame = toy_result.frame.copy()
    frame["name"] = frame["name"].astype(object)
    frame.loc[0, "name"] = 'Làng ,"indicators":{} x'
    tricky = dataclasses.replace(toy_result, frame=frame)
    path = tmp_path / "r.jsonl"
    path.write_bytes(_bytes(write_jsonl, tricky))
    _, records = read_result(path, brief=True)
    records = list(records)
    assert records[0]["name"] == 'Làng ,"indicators":{} x'
    assert all("indicators" not in r and "gates" not in r and "pillars" in r for r in records)
    _, full = read_result(path)
    assert [r["pillars"] for r in full] == [r["pillars"] for r in records]


def test_lines_split_across_blocks_crlf_and_bom_read_as_the_lines(monkeypatch, tmp_path):
    from villagescore.resultdoc import reading

    monkeypatch.setattr(reading, "_BLOCK", 7)  # every line crosses a block boundary
    path = tmp_path / "r.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + '{"a":1}\r\n\n{"b":"Làng nghề"}\n{"c":[1.5,null]}'.encode())
    assert list(reading._lines(path)) == [b'{"a":1}', b"", '{"b":"Làng nghề"}'.encode(), b'{"c":[1.5,null]}']


def test_what_orjson_refuses_is_read_as_the_standard_library_reads_it():
    import math

    from villagescore.resultdoc.reading import _loads

    assert math.isnan(_loads(b'{"x":NaN}')["x"])
    assert _loads(b'[18446744073709551615, -9223372036854775808]') == [2**64 - 1, -2**63]
    assert _loads(b'[123456789012345678901234567890]') == [1.2345678901234568e29]  # documented: the nearest float
    with pytest.raises(json.JSONDecodeError, match="half a character"):  # no file or report could write it back
        _loads(b'["\\ud800"]')
    assert _loads(b'["\\ud83d\\ude00", NaN]')[0] == "\U0001f600"  # a pair is one character (NaN: the slow path)
    with pytest.raises(json.JSONDecodeError, match="half a character"):
        _loads(b'["\\ud83d\\ude00\\udc80", NaN]')
    with pytest.raises(json.JSONDecodeError, match="Expecting value"):
        _loads(b'{"x":}')


def _spaced(data: bytes) -> bytes:
    """Each line of a JSON Lines result parsed and written again with ``json.dumps``' defaults (``": "``, ``", "``)."""
    return b"".join(json.dumps(json.loads(line)).encode() + b"\n" for line in data.splitlines() if line.strip())


def test_a_json_lines_result_spaced_by_another_writer_is_read_as_json_lines(toy_result, tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(_spaced(_bytes(write_jsonl, toy_result)))
    head, villages = read_result(path)
    assert head["record"] == "header" and head["schema_version"] == 2
    assert list(villages) == json.loads(json.dumps(to_document(toy_result)["villages"]))
    _, brief = read_result(path, brief=True)
    assert len(list(brief)) == len(toy_result.frame)


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_compact_key_sorted_result_reads_its_summary_in_brief(toy_result, tmp_path, suffix):
    """``jq -S -c`` puts ``criteria`` first and ``village_id`` last: cut at ``indicators``, the summary was lost."""
    path = tmp_path / f"r{suffix}"
    path.write_bytes(b"".join(json.dumps(json.loads(line), sort_keys=True, separators=(",", ":")).encode() + b"\n"
                              for line in _bytes(write_jsonl, toy_result).splitlines() if line.strip()))
    assert starts_with_header_line(path)
    _, brief = read_result(path, brief=True)
    expected = json.loads(json.dumps(to_document(toy_result)["villages"]))
    assert [(v["village_id"], v["year"], v["overall"], v["pillars"]) for v in brief] == [
        (v["village_id"], v["year"], v["overall"], v["pillars"]) for v in expected]
    own = tmp_path / "own.jsonl"
    own.write_bytes(_bytes(write_jsonl, toy_result))
    _, records = read_result(own, brief=True)
    assert all("indicators" not in v for v in records)  # the writer's own order keeps its fast path


def test_only_a_header_record_on_the_first_line_starts_with_a_header_line(toy_result, tmp_path):
    document = tmp_path / "d.json"
    document.write_bytes(_bytes(write_json, toy_result))
    lines = tmp_path / "l.jsonl"
    lines.write_bytes(_bytes(write_jsonl, toy_result))
    assert not starts_with_header_line(document) and starts_with_header_line(lines)


def test_the_end_record_is_checked_whatever_its_spacing(toy_result, tmp_path):
    from villagescore.resultdoc import ResultReadError

    lines = _spaced(_bytes(write_jsonl, toy_result)).splitlines()
    path = tmp_path / "r.jsonl"
    path.write_bytes(b"\n".join([*lines[:-1], b'{ "record" : "end", "village_years": 99 }']) + b"\n")
    with pytest.raises(ResultReadError, match="counts 99 village-years"):
        list(read_result(path)[1])
    path.write_bytes(b"\n".join(lines[:-1]) + b"\n")
    with pytest.raises(ResultReadError, match="truncated"):
        list(read_result(path)[1])


def test_a_document_on_one_line_is_read_and_json_elsewhere_says_where(toy_result, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(to_document(toy_result)), encoding="utf-8")
    head, villages = read_result(path)
    assert head["schema_version"] == 2 and len(list(villages)) == len(toy_result.frame)
    path.write_text(json.dumps(to_document(toy_result)) + "\n{}", encoding="utf-8")
    with pytest.raises(json.JSONDecodeError, match="Extra data"):
        read_result(path)


def test_files_spaced_or_not_start_like_a_result():
    from villagescore.resultdoc import starts_like_result

    assert starts_like_result('{"record":"header","schema') and starts_like_result('{"record": "header", "sc')
    assert starts_like_result('{\n  "schema_version": 2,') and starts_like_result(' {"schema_version":2')
    assert not starts_like_result('{"villages": [') and not starts_like_result("[{") and not starts_like_result("")


class _Counted:
    """A binary stream that counts its reads: a streamed result is read only as its records are consumed."""

    def __init__(self, data: bytes) -> None:
        import io

        self.stream, self.reads = io.BytesIO(data), 0

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        return self.stream.read(size)


@pytest.mark.parametrize("layout", ["jsonl", "sorted jsonl", "compact json", "indented json"])
def test_a_stream_reads_as_the_same_bytes_in_a_file_streaming_where_the_file_streams(toy_result, tmp_path, layout):
    from villagescore.resultdoc import read_result_stream

    data = _bytes(write_json, toy_result, pretty=layout == "indented json") if "json" == layout[-4:] else (
        _bytes(write_jsonl, toy_result))
    if layout == "sorted jsonl":  # jq -S -c: the header line no longer starts with "record"
        data = b"".join(json.dumps(json.loads(line), sort_keys=True, separators=(",", ":")).encode() + b"\n"
                        for line in data.splitlines() if line.strip())
    path = tmp_path / "r.json"
    path.write_bytes(data)
    first, rest = data[:data.index(b"\n") + 1], _Counted(data[data.index(b"\n") + 1:])
    head, records = read_result_stream(first, rest, "<stdin>", brief=True)
    assert rest.reads == (1 if layout == "indented json" else 0)  # streamed: nothing read before it is consumed
    file_head, file_records = read_result(path, brief=True)
    assert (head, list(records)) == (file_head, list(file_records))


@pytest.mark.parametrize("text", [b"[" * 50000 + b"]" * 50000, b"[NaN, " + b"[" * 5000 + b"]" * 5000 + b"]"])
def test_json_nested_thousands_deep_is_refused_not_a_recursion_error(text):
    """Sixteenth walk (deep-result.json): the standard library's RecursionError, exit 3."""
    from villagescore.resultdoc.reading import MAX_RESULT_DEPTH, NestedTooDeep, _loads, strict_loads

    with pytest.raises(NestedTooDeep, match=f"nested more than {MAX_RESULT_DEPTH} levels deep"):
        _loads(text)
    with pytest.raises(NestedTooDeep):
        strict_loads(text.decode())
    assert _loads(b"[" * MAX_RESULT_DEPTH + b"]" * MAX_RESULT_DEPTH) is not None  # orjson's own limit: read
