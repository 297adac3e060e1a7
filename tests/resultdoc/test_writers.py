"""Writing the version-2 document: compact or indented JSON, JSON Lines, reproducible bytes."""

import json
import sys

import pytest

from tests.resultdoc.helpers import _bytes
from villagescore import schemas
from villagescore.resultdoc import (
    PRETTY_LIMIT,
    write_json,
    write_jsonl,
)


def test_large_results_are_compact_one_village_per_line_and_small_ones_indented(national, toy_result):
    raw = _bytes(write_json, national)
    lines = raw.decode("utf-8").splitlines()
    assert len(lines) == 2000 + 2 and lines[0].endswith('"villages":[') and lines[-1] == "]}"
    assert len(toy_result) <= PRETTY_LIMIT
    assert b'\n  "schema_version": 2' in _bytes(write_json, toy_result)
    assert b"\n" not in _bytes(write_json, toy_result, pretty=False).splitlines()[0][-20:]
    assert json.loads(_bytes(write_json, toy_result, pretty=False)) == json.loads(_bytes(write_json, toy_result))

def test_the_document_validates_and_both_layouts_hold_the_same_content(national, tmp_path):
    doc = json.loads(_bytes(write_json, national))
    head = {k: v for k, v in doc.items() if k != "villages"}
    small = {**head, "villages": doc["villages"][:50]}
    schemas.validator("result").validate(small)
    lines = _bytes(write_jsonl, national).decode("utf-8").splitlines()
    assert len(lines) == 2002
    header = json.loads(lines[0])
    assert header.pop("record") == "header"
    assert header == head
    assert [json.loads(x) for x in lines[1:-1]] == doc["villages"]
    assert json.loads(lines[-1]) == {"record": "end", "village_years": 2000}
    schemas.validator("result").validate({**json.loads(lines[0]), "villages": [json.loads(lines[1])]})

def test_the_same_result_gives_the_same_bytes(national):
    assert _bytes(write_json, national) == _bytes(write_json, national)
    assert _bytes(write_jsonl, national) == _bytes(write_jsonl, national)

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="records are shared between processes on Linux")
@pytest.mark.parametrize("workers", ["2", "3"])
def test_records_made_by_several_processes_are_the_same_bytes(national, monkeypatch, workers):
    alone = {w: _bytes(w, national) for w in (write_json, write_jsonl)}
    monkeypatch.setattr("villagescore.resultdoc.writers.CHUNK", 100)  # 20 chunks: enough to share
    monkeypatch.setenv("VILLAGESCORE_WORKERS", workers)
    for writer, expected in alone.items():
        assert _bytes(writer, national) == expected


def test_jsonl_format_and_suffix_from_the_command_line(tmp_path, toy_cli, support_dir):
    out = tmp_path / "r.jsonl"
    res = toy_cli("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "-o", out)
    assert res.exit_code == 0, res.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["record"] == "header"
    assert [json.loads(x)["village_id"] for x in lines[1:-1]] == ["v1", "v2", "v3"]
    assert json.loads(lines[-1]) == {"record": "end", "village_years": 3}
    assert not list(tmp_path.glob(".*.tmp"))

def test_pretty_and_compact_options(tmp_path, toy_cli, support_dir):
    args = ("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--format", "json")
    pretty = toy_cli(*args).stdout
    compact = toy_cli(*args, "--compact").stdout
    assert pretty.startswith('{\n  "schema_version": 2') and compact.startswith('{"schema_version":2')
    assert json.loads(pretty) == json.loads(compact)
