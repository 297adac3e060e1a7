"""villagescore.resultdoc: the version-2 result document, its two layouts, and reading them back."""

import io
import json
import math
import random

import numpy as np
import pytest

from villagescore import schemas
from villagescore.resultdoc import (
    PRETTY_LIMIT,
    expand,
    read_result,
    round_like_python,
    to_document,
    write_json,
    write_jsonl,
)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """A 2,000-village synthetic national result of the default framework."""
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.synthetic import generate, write

    folder = tmp_path_factory.mktemp("national")
    frame, meta = generate(2000, 11)
    path, _ = write(frame, meta, folder / "national-synthetic.csv")
    reg = Registry.default()
    fw = load_framework(None, reg)
    return Engine(reg).evaluate(fw, read_dataset(path, reg))


def _bytes(writer, result, **kw):
    buf = io.BytesIO()
    writer(result, buf, **kw)
    return buf.getvalue()


def test_a_2000_village_result_holds_each_legal_reference_once(national):
    raw = _bytes(write_json, national).decode("utf-8")
    doc = json.loads(raw)
    assert len(doc["villages"]) == 2000
    refs = doc["references"]
    assert len(refs) >= 10
    for ref in refs:
        encoded = json.dumps(ref, ensure_ascii=False, separators=(",", ":"))
        assert raw.count(encoded) == 1, ref
        assert raw.count(json.dumps(ref["document"], ensure_ascii=False)) >= 1
    # no village record carries a reference, a unit or an indicator id
    line = raw.splitlines()[1]
    assert '"document"' not in line and '"references"' not in line
    assert national.framework.indicators[0].id not in line


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
    assert len(lines) == 2001
    header = json.loads(lines[0])
    assert header.pop("record") == "header"
    assert header == head
    assert [json.loads(x) for x in lines[1:]] == doc["villages"]
    schemas.validator("result").validate({**json.loads(lines[0]), "villages": [json.loads(lines[1])]})


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


def test_the_same_result_gives_the_same_bytes(national):
    assert _bytes(write_json, national) == _bytes(write_json, national)
    assert _bytes(write_jsonl, national) == _bytes(write_jsonl, national)


def test_expand_gives_the_version_1_village_shape(toy_result):
    doc = json.loads(toy_result.to_json())
    for i, record in enumerate(doc["villages"]):
        assert expand(doc, record) == json.loads(json.dumps(toy_result.village_dict(i)))


def test_rounding_is_pythons_round_for_every_element():
    rng = random.Random(5)
    values = [rng.uniform(-1e3, 1e3) for _ in range(20_000)]
    values += [k / 1e4 + 0.00005 for k in range(2_000)] + [k / 1e6 + 5e-7 for k in range(2_000)]
    values += [0.0, -0.0, 1e12 + 0.123456789, -1e-9, float("nan")]
    for digits in (4, 6):
        got = round_like_python(np.array(values), digits)
        for x, y in zip(values, got.tolist(), strict=True):
            if math.isnan(x):
                assert math.isnan(y)
                continue
            want = round(x, digits)
            assert y == want, (x, y, want)
            assert math.copysign(1, y) == 1 or y != 0, x  # no -0.0


def test_jsonl_format_and_suffix_from_the_command_line(tmp_path, toy_cli, support_dir):
    out = tmp_path / "r.jsonl"
    res = toy_cli("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "-o", out)
    assert res.exit_code == 0, res.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["record"] == "header"
    assert [json.loads(x)["village_id"] for x in lines[1:]] == ["v1", "v2", "v3"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_pretty_and_compact_options(tmp_path, toy_cli, support_dir):
    args = ("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--format", "json")
    pretty = toy_cli(*args).stdout
    compact = toy_cli(*args, "--compact").stdout
    assert pretty.startswith('{\n  "schema_version": 2') and compact.startswith('{"schema_version":2')
    assert json.loads(pretty) == json.loads(compact)


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
