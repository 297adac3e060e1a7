"""Strict YAML/JSON parsing (``villagescore.parsing``): duplicate keys, YAML 1.2 numbers, NaN, limits."""

from __future__ import annotations

import datetime
import math

import pytest
import yaml

from tests.corpus.harness import REPO, TOY_FRAMEWORK
from villagescore import parsing
from villagescore.errors import DocumentError, FrameworkError
from villagescore.framework import load_framework_document
from villagescore.parsing import load_document, parse_text


def _problem(exc: pytest.ExceptionInfo) -> str:
    return exc.value.problems[0].format()


# ---- duplicate keys ----


def test_duplicate_yaml_key_is_refused_with_both_lines():
    text = "id: toy\npillars:\n  - id: env\n    weight: 2\n    weight: 1\n"
    with pytest.raises(DocumentError) as caught:
        parse_text(text, name="dup.yaml", kind="yaml")
    message = _problem(caught)
    assert "dup.yaml" in message
    assert "line 5, column 5: key 'weight' appears twice in one mapping (first on line 4)" in message


def test_duplicate_json_key_is_refused_with_line_and_path():
    text = '{\n  "id": "toy",\n  "pillars": [\n    {"id": "env",\n     "weight": 2,\n     "weight": 1}\n  ]\n}\n'
    with pytest.raises(DocumentError) as caught:
        parse_text(text, name="dup.json", kind="json")
    message = _problem(caught)
    assert "dup.json: line 6, column 6" in message
    assert "key 'weight' appears twice in the object at $.pillars[0] (first on line 5)" in message


def test_the_same_key_in_sibling_objects_is_not_a_duplicate():
    assert parse_text('[{"a": 1}, {"a": 2}]', name="x.json", kind="json") == [{"a": 1}, {"a": 2}]
    assert parse_text("- {a: 1}\n- {a: 2}\n", name="x.yaml", kind="yaml") == [{"a": 1}, {"a": 2}]


def test_a_framework_with_a_pillar_weight_given_twice_is_refused(tmp_path):
    text = TOY_FRAMEWORK.read_text(encoding="utf-8").replace("    weight: 2\n", "    weight: 2\n    weight: 9\n", 1)
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework_document(path)
    assert "twice.yaml" in str(caught.value)
    assert "key 'weight' appears twice" in str(caught.value)


# ---- YAML 1.2 numbers ----


@pytest.mark.parametrize(("text", "value"), [
    ("0150", 150), ("-0150", -150), ("0o17", 15), ("0x1F", 31), ("1e3", 1000.0), ("1.5", 1.5), (".5", 0.5),
    ("1:30", "1:30"), ("1_000", "1_000"), ("0b101", "0b101"), ("on", "on"), ("yes", "yes"), ("true", True),
    ("~", None), ("2025-07-01", "date"),
])
def test_yaml_scalars_follow_yaml_1_2(text, value):
    doc = parse_text(f"v: {text}\n", name="n.yaml", kind="yaml")
    if value == "date":
        assert str(doc["v"]) == "2025-07-01"
    else:
        assert doc["v"] == value
        assert type(doc["v"]) is type(value)


@pytest.mark.parametrize("fast", [True, False])
def test_an_impossible_unquoted_date_is_read_as_its_text_not_a_value_error(fast):
    """Before: PyYAML's ``ValueError: day is out of range for month`` escaped as an internal error (exit 3)."""
    text = "valid_from: 2025-02-30\nvalid_to: 2025-03-01\n"
    doc = parsing._fast_yaml(text) if fast else yaml.load(text, Loader=parsing.yaml_loader())  # noqa: S506
    assert doc == {"valid_from": "2025-02-30", "valid_to": datetime.date(2025, 3, 1)}


def test_yaml_nan_and_inf_are_parsed_so_the_framework_check_can_name_them():
    doc = parse_text("a: .nan\nb: -.inf\n", name="n.yaml", kind="yaml")
    assert math.isnan(doc["a"])
    assert doc["b"] == -math.inf


def test_the_fast_and_the_pure_python_loaders_agree_on_the_default_framework():
    text = (REPO / "plugins/villagescore_vn_ttcn/vn-ttcn-sustainable.yaml").read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=parsing.yaml_loader())  # noqa: S506 - a SafeLoader subclass
    fast = parsing._fast_yaml(text)
    assert fast == pure
    assert pure["id"] == "vn-ttcn-sustainable"


# ---- JSON numbers ----


@pytest.mark.parametrize(("word", "column"), [("NaN", 13), ("Infinity", 13), ("-Infinity", 13)])
def test_bare_nan_and_infinity_in_json_are_refused(word, column):
    text = '{"a": [1, 2],\n "b": {"c": ' + word + "}}\n"
    with pytest.raises(DocumentError) as caught:
        parse_text(text, name="n.json", kind="json")
    message = _problem(caught)
    assert f"line 2, column {column}" in message
    assert f"$.b.c is {word}, which is not a number in JSON" in message


def test_nan_inside_a_json_string_is_text():
    assert parse_text('{"a": "NaN", "b": [Infinity1]}'.replace("[Infinity1]", "null"), name="s.json",
                      kind="json") == {"a": "NaN", "b": None}


def test_a_json_integer_too_long_for_python_becomes_infinite():
    doc = parse_text('{"a": ' + "9" * 5000 + ', "b": -' + "9" * 5000 + ', "c": ' + "9" * 400 + "}",
                     name="big.json", kind="json")
    assert doc["a"] == math.inf
    assert doc["b"] == -math.inf
    assert doc["c"] == int("9" * 400)


# ---- file level ----


def test_empty_and_blank_files_say_so():
    for text in ("", "  \n\n"):
        with pytest.raises(DocumentError, match="e.json: the file is empty"):
            parse_text(text, name="e.json", kind="json")


def test_not_utf8_names_the_byte_and_line():
    with pytest.raises(DocumentError, match=r"line 2\); save it as UTF-8"):
        load_document(b"a: 1\nb: caf\xe9\n", name="latin.yaml")


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.json"
    path.write_text("[" + "1," * 100 + "1]", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"big.json: the file is 203 bytes; metadata files are limited to 100"):
        load_document(path, max_bytes=100, label="metadata files")


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_deep_nesting_is_refused_without_a_recursion_error(kind):
    for depth in (parsing.MAX_DEPTH + 1, 5000):
        text = "[" * depth + "]" * depth
        with pytest.raises(DocumentError, match="nested"):
            parse_text(text, name=f"deep.{kind}", kind=kind)


def test_nesting_up_to_the_limit_is_accepted():
    depth = parsing.MAX_DEPTH
    assert parse_text("[" * depth + "]" * depth, name="ok.json", kind="json") is not None


def test_aliases_are_refused_with_their_line():
    with pytest.raises(DocumentError, match=r"line 2, column 4: YAML aliases \(\*a\) are not allowed"):
        parse_text("x: &a [1, 2]\ny: *a\n", name="alias.yaml", kind="yaml")


def test_kind_follows_the_suffix(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    assert load_document(path) == {"a": 1}
    with pytest.raises(DocumentError, match="not valid JSON"):
        load_document(b"a: 1", name="doc.json")
    assert load_document(b"a: 1", name="doc.yaml") == {"a": 1}


# ---- said in the run's language ----


def _said(text: str, kind: str, lang: str) -> str:
    with pytest.raises(DocumentError) as caught:
        parse_text(text, name=f"d.{kind}", kind=kind)
    return caught.value.text(lang)


@pytest.mark.parametrize(("text", "kind", "vi", "en"), [
    ("id: a\nid: b\n", "yaml",
     "d.yaml: dòng 2, cột 1: khoá 'id' xuất hiện hai lần trong cùng một ánh xạ (lần đầu ở dòng 1)",
     "d.yaml: line 2, column 1: key 'id' appears twice in one mapping (first on line 1); keep only one"),
    ('{"a": 1, "a": 2}', "json", "d.json: dòng 1, cột 10: khoá 'a' xuất hiện hai lần trong đối tượng tại $",
     "d.json: line 1, column 10: key 'a' appears twice in the object at $ (first on line 1)"),
    ('{"a": NaN}', "json", "d.json: dòng 1, cột 7: $.a là NaN, không phải là số trong JSON",
     "$.a is NaN, which is not a number in JSON"),
    ("x: &a [1]\ny: *a\n", "yaml", "dòng 2, cột 4: tệp của villagescore không được dùng bí danh YAML (*a)",
     "line 2, column 4: YAML aliases (*a) are not allowed"),
    ("", "yaml", "d.yaml: tệp trống", "d.yaml: the file is empty"),
    ('{"id": "a", "x": [1, 2,}', "json",
     "d.json: không phải JSON hợp lệ (dòng 1, cột 24; chi tiết kỹ thuật: Expecting value)",
     "d.json: not valid JSON (line 1, column 24; technical detail: Expecting value)"),
    ("a: [1\nb: 2\n", "yaml", "d.yaml: không phải YAML hợp lệ (dòng 2, cột 2; chi tiết kỹ thuật: ",
     "d.yaml: not valid YAML (line 2, column 2; technical detail: "),
    ("[" * 70 + "]" * 70, "json", "tài liệu lồng nhau sâu hơn 64 cấp", "nested more than 64 levels deep"),
])
def test_problems_are_said_in_vietnamese_and_english(text, kind, vi, en):
    assert vi in _said(text, kind, "vi")
    assert en in _said(text, kind, "en")


def test_file_level_problems_are_said_in_vietnamese(tmp_path):
    with pytest.raises(DocumentError) as caught:
        load_document(b"a: 1\nb: caf\xe9\n", name="latin.yaml")
    assert "tệp không phải UTF-8 (byte 0xe9 ở dòng 2); hãy lưu tệp dưới dạng UTF-8" in caught.value.text("vi")
    path = tmp_path / "big.json"
    path.write_bytes(b"[" + b"1," * 1000 + b"1]")
    with pytest.raises(DocumentError) as caught:
        load_document(path, max_bytes=1000, label="metadata files")
    assert "tệp có 2.003 byte; tệp siêu dữ liệu giới hạn ở 1.000 byte" in caught.value.text("vi")
    assert "the file is 2,003 bytes; metadata files are limited to 1,000" in caught.value.text("en")
    with pytest.raises(DocumentError) as caught:
        load_document(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml: không đọc được tệp (không có tệp này)" in caught.value.text("vi")
    assert "nowhere.yaml: cannot read the file (no such file)" in caught.value.text("en")
    with pytest.raises(DocumentError) as caught:
        load_document(tmp_path)
    assert "không đọc được tệp (đây là một thư mục, không phải tệp)" in caught.value.text("vi")


def test_parser_problems_on_the_command_line_in_vietnamese(tmp_path):
    from click.testing import CliRunner

    from villagescore.cli import cli

    cases = {"d.yaml": b"id: a\nid: b\n", "e.yaml": b"", "n.yaml": b"id: \xff\n", "b.json": b'{"id": "a", "x": [1,}'}
    for file, data in cases.items():
        (tmp_path / file).write_bytes(data)
        for lang, word in (("vi", "dòng"), ("en", "line")):
            res = CliRunner().invoke(cli, ["validate", str(tmp_path / file), "--lang", lang])
            assert res.exit_code == 1 and "Traceback" not in res.output, res.output
            assert (word in res.output) or file == "e.yaml", res.output
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "e.yaml"), "--lang", "vi"])
    assert "tệp trống" in res.output and "the file is empty" not in res.output


@pytest.mark.parametrize(("text", "kind"), [('{"w": 1e400, "x": 1.5}', "json"), ("w: 1e400\nx: 1.5\n", "yaml")])
def test_a_number_too_large_for_a_float_is_infinite_and_remembers_its_text(text, kind):
    """Sixteenth walk: `weight: 1e400` was said as `inf is not a finite number`, which the file does not say."""
    from villagescore.written_numbers import as_written

    doc = parse_text(text, name=f"big.{kind}", kind=kind)
    assert doc["w"] == math.inf and as_written(doc["w"]) == "1e400" and doc["x"] == 1.5
    assert as_written(parse_text("w: .inf\n", name="inf.yaml", kind="yaml")["w"]) == math.inf  # .inf is infinity
