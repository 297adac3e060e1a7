"""jsonschema's errors said in the run's language (``villagescore.schema_messages``)."""

from __future__ import annotations

import datetime

import pytest
from jsonschema import Draft202012Validator

from villagescore.schema_messages import schema_problem, schema_said, shown

SCHEMA = {
    "type": "object", "required": ["vi"], "additionalProperties": False,
    "properties": {
        "vi": {"type": "string", "minLength": 1}, "kind": {"enum": ["real", "synthetic"]},
        "n": {"type": ["number", "null"], "minimum": 0, "maximum": 10}, "w": {"type": "number", "exclusiveMinimum": 0},
        "items": {"type": "array", "minItems": 1}, "id": {"type": "string", "pattern": "^[a-z]+$"},
        "k": {"const": "villagescore-targets"}, "v": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "code": {"type": "string", "minLength": 3, "maxLength": 4},
    },
}


def _one(doc: dict) -> object:
    (err,) = Draft202012Validator(SCHEMA).iter_errors(doc if doc else {"n": 1}) if not doc or "vi" in doc else \
        Draft202012Validator(SCHEMA).iter_errors({"vi": "x", **doc})
    return err


@pytest.mark.parametrize(("doc", "en", "vi"), [
    ({}, "$: 'vi' is a required key", "$: thiếu khoá bắt buộc 'vi'"),
    ({"vi": 5}, "5 is not text", "5 không phải là văn bản"),
    ({"n": "s"}, "'s' is not a number or null", "'s' không phải là một số hoặc giá trị rỗng (null)"),
    ({"kind": "bogus"}, "'bogus' is not one of the allowed values: 'real', 'synthetic'",
     "'bogus' không thuộc các giá trị được phép: 'real', 'synthetic'"),
    ({"x": 1}, "unknown key(s) 'x'; allowed keys: code, id, items, k, kind, n, v, vi, w",
     "khoá không hợp lệ 'x'; các khoá được phép: code, id, items"),
    ({"n": -1}, "-1 is less than the minimum of 0", "-1 nhỏ hơn giá trị tối thiểu là 0"),
    ({"n": 11}, "11 is greater than the maximum of 10", "11 lớn hơn giá trị tối đa là 10"),
    ({"w": 0}, "0 must be greater than 0", "0 phải lớn hơn 0"),
    ({"vi": ""}, "the text is empty: write something", "văn bản đang để trống: hãy ghi nội dung"),
    ({"code": "ab"}, "'ab' is too short: at least 3 characters", "'ab' quá ngắn: cần ít nhất 3 ký tự"),
    ({"code": "abcde"}, "'abcde' is too long: at most 4 characters", "'abcde' quá dài: tối đa 4 ký tự"),
    ({"id": "Ab"}, "'Ab' does not match the pattern ^[a-z]+$", "'Ab' không khớp mẫu ^[a-z]+$"),
    ({"items": []}, "the list is empty: give at least one item", "danh sách đang trống: cần ít nhất một mục"),
    ({"k": "x"}, "'x' must be 'villagescore-targets'", "'x' phải là 'villagescore-targets'"),
    ({"v": 1.5}, "1.5 matches none of the allowed forms", "1.5 không khớp với dạng nào được phép"),
])
def test_each_validator_is_said_in_english_and_vietnamese(doc, en, vi):
    err = _one(doc)
    problem = schema_problem("f.json", "$", err)
    assert en in problem.format() and en in problem.format("en")
    assert vi in problem.format("vi")
    assert err.message.split()[-1] not in ("property", "type") or "is not of type" not in problem.format("vi")
    said = schema_said(err)
    assert str(said) == said.text("en") and en.removeprefix("$: ") in str(said)
    assert vi.removeprefix("$: ") in said.text("vi")


@pytest.mark.parametrize(("value", "written"), [
    (None, "null"), (True, "true"), (False, "false"), ([1, None], "[1, null]"), ({"a": None}, "{a: null}"),
    ("x", "'x'"), (0.5, "0.5"), (datetime.date(2024, 1, 1), "2024-01-01"),
    (datetime.datetime(2024, 1, 1, 8, 30), "2024-01-01 08:30:00"),
])
def test_values_are_shown_as_a_yaml_or_json_author_writes_them(value, written):
    """``None không phải là một danh sách``, ``True không phải là một số`` (audit finding 11): no Python reprs."""
    assert shown(value) == written


def test_null_and_true_in_messages_in_both_languages():
    (err,) = Draft202012Validator({"type": "array"}).iter_errors(None)
    assert schema_said(err).text("vi") == "null không phải là một danh sách"
    assert schema_said(err).text("en") == "null is not a list"
    (err,) = Draft202012Validator({"type": "number"}).iter_errors(True)
    assert schema_said(err).text("vi") == "true không phải là một số"


def test_a_number_where_text_is_expected_is_told_to_be_quoted():
    """``version: 0.1`` is a number to YAML: the message says to write ``"0.1"`` (audit finding 16)."""
    (err,) = Draft202012Validator({"type": "string"}).iter_errors(0.1)
    assert schema_said(err).text("en") == '0.1 is not text: write it in quotes ("0.1")'
    assert schema_said(err).text("vi") == '0.1 không phải là văn bản: hãy viết trong dấu ngoặc kép ("0.1")'


def test_a_known_pattern_is_said_as_what_it_allows_an_unknown_one_is_shown():
    from villagescore.schema_messages import PATTERNS

    ident = next(p for p in PATTERNS if p.startswith("^[a-z][a-z0-9_-]*"))
    (err,) = Draft202012Validator({"type": "string", "pattern": ident}).iter_errors("On dinh")
    vi, en = schema_said(err).text("vi"), schema_said(err).text("en")
    assert vi == ("'On dinh' không đúng dạng cho phép: chữ thường, chữ số, '_' hoặc '-', bắt đầu bằng chữ cái; "
                  "các phần ngăn cách bằng '.'")
    assert en.startswith("'On dinh' is not in the allowed form: lowercase letters") and "^" not in en


def test_every_pattern_of_the_shipped_schemas_is_said_in_words():
    import json
    from pathlib import Path

    from villagescore.schema_messages import PATTERNS

    def patterns(node):
        if isinstance(node, dict):
            yield from ([node["pattern"]] if isinstance(node.get("pattern"), str) else [])
            for value in node.values():
                yield from patterns(value)
        elif isinstance(node, list):
            for value in node:
                yield from patterns(value)

    root = Path(__file__).resolve().parents[1] / "schemas"
    user_written = [f for f in root.glob("*.schema.json") if f.name != "result.schema.json"]
    found = {p for f in user_written for p in patterns(json.loads(f.read_text(encoding="utf-8")))}
    assert found and not found - set(PATTERNS)


def test_a_rare_validator_keeps_jsonschema_s_words_as_a_technical_detail():
    (err,) = Draft202012Validator({"type": "integer", "multipleOf": 5, "not": {"const": 10}}).iter_errors(7)
    assert "7 is not a multiple of 5" in str(schema_said(err))
    (err,) = Draft202012Validator({"if": {"const": 1}, "then": False}).iter_errors(1)
    assert "1 is not allowed here" in str(schema_said(err))
    (err,) = Draft202012Validator({"contains": {"const": 1}}).iter_errors([2])
    vi = schema_said(err).text("vi")
    assert vi.startswith("giá trị này không qua được kiểm tra theo lược đồ (chi tiết kỹ thuật: ")
    assert err.message in vi


def test_a_long_value_is_shown_shortened():
    assert shown("x" * 500).endswith("…") and len(shown("x" * 500)) == 60
    err = _one({"kind": "đ" * 200})
    assert len(schema_problem("f", "$", err).format("vi")) < 200


def test_metadata_and_targets_problems_on_the_command_line_in_vietnamese(tmp_path):
    from click.testing import CliRunner

    from villagescore.cli import cli

    meta = tmp_path / "v.meta.json"
    meta.write_text('{"dataset": {"id": "x", "kind": "bogus", "title": {"vi": "a", "en": "b"}}, "columns": {}, '
                    '"extra": 1}', encoding="utf-8")
    res = CliRunner().invoke(cli, ["validate", str(meta), "--lang", "vi"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "'bogus' không thuộc các giá trị được phép: 'real'" in res.output
    assert "khoá không hợp lệ 'extra'" in res.output and "is not one of" not in res.output
    targets = tmp_path / "t.yaml"
    targets.write_text("kind: villagescore-targets\nid: x\nversion: 5\n", encoding="utf-8")
    for lang, expected in (("vi", "5 không phải là văn bản"), ("en", "5 is not text")):
        res = CliRunner().invoke(cli, ["targets", "--targets", str(targets), "--lang", lang])
        assert res.exit_code == 1 and "Traceback" not in res.output
        assert expected in res.output, res.output
    assert "tệp mục tiêu không hợp lệ" in CliRunner().invoke(cli, ["targets", "--targets", str(targets),
                                                               "--lang", "vi"]).output


def test_scorer_parameters_are_said_in_vietnamese(tmp_path):
    from villagescore.framework.checks import value_errors

    (err,) = value_errors({"type": "object", "properties": {"worst": {"type": "number"}}}, {"worst": "zero"})
    assert err.message == "'zero' is not a number" and err.message.text("vi") == "'zero' không phải là một số"


@pytest.mark.parametrize(("value", "en", "vi"), [
    ([1], "a list", "một danh sách"), ({"a": 1}, "a mapping (key: value)", "một ánh xạ (khoá: giá trị)"),
    ("x", "text", "văn bản"), (True, "true or false", "true hoặc false"), (3, "a whole number", "số nguyên"),
    (2.5, "a number", "một số"), (None, "null", "giá trị rỗng (null)"),
])
def test_what_a_value_is_is_said_in_words_never_as_a_python_type(value, en, vi):
    """Review 2026-12 #7: ``validate`` of a framework that is a list ended "không phải list"."""
    from villagescore.errors import DocumentError, problem
    from villagescore.schema_messages import kind_of

    error = DocumentError([problem("f.yaml", "$", "not {kind}", params={"kind": kind_of(value)})])
    assert error.text("en").endswith(f"f.yaml: $: not {en}")
    assert error.text("vi").endswith(vi)


@pytest.mark.parametrize(("lang", "framework", "row"), [
    ("en", "$: the top level must be a mapping (id, version, pillars …), not a list",
     "$[0]: a village row must be an object, not a whole number"),
    ("vi", "$: cấp ngoài cùng phải là một ánh xạ (id, version, pillars …), không phải một danh sách",
     "$[0]: mỗi dòng làng phải là một đối tượng, không phải số nguyên"),
])
def test_a_file_of_the_wrong_kind_is_said_in_words(tmp_path, lang, framework, row):
    """Review 2026-12 #7: the top level of a framework and a JSON dataset's rows (Python's ``list``, ``int`` before)."""
    from villagescore.datasets import read_dataset
    from villagescore.errors import VillageScoreError
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    (tmp_path / "f.yaml").write_text("- id: x\n", encoding="utf-8")
    (tmp_path / "d.json").write_text("[1]", encoding="utf-8")
    with pytest.raises(VillageScoreError) as caught:
        load_framework(tmp_path / "f.yaml", registry)
    assert framework in caught.value.text(lang)
    with pytest.raises(VillageScoreError) as caught:
        read_dataset(tmp_path / "d.json", registry)
    assert row in caught.value.text(lang)


@pytest.mark.parametrize(("doc", "en"), [
    ({}, "one of the keys a, b is needed: give exactly one"),
    ({"a": 1, "b": 2}, "the keys a, b are given together: give exactly one of them")])
def test_exactly_one_of_some_keys_is_said_as_such(doc, en):
    schema = {"type": "object", "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}
    (err,) = Draft202012Validator(schema).iter_errors(doc)
    assert schema_problem("f.json", "$", err).message == en


@pytest.mark.parametrize(("schema", "bad"), [("definitions", "2025-02-30"), ("targets", "2025-13-01")])
def test_a_date_that_is_not_a_day_of_the_calendar_is_said_as_such(schema, bad):
    """The shipped schemas check a date's calendar (their validator's date format), once, beside its pattern."""
    from villagescore import schemas

    date = {"$ref": "#/$defs/date"} if schema == "definitions" else schemas.load("targets")["properties"]["source"][
        "properties"]["date"]
    check = Draft202012Validator({**schemas.load("definitions"), **date},
                                 format_checker=schemas.validator("targets").format_checker)
    assert not list(check.iter_errors("2024-02-29"))
    assert [e.validator for e in check.iter_errors("2025/01/01")] == ["pattern"]  # said once, by its pattern
    (err,) = check.iter_errors(bad)
    problem = schema_problem("f.yaml", "$.valid_from", err)
    assert problem.format() == f"f.yaml: $.valid_from: '{bad}' is not a date: write a day of the calendar as " \
                               "YYYY-MM-DD (e.g. 2025-02-28)"
    assert f"'{bad}' không phải là một ngày" in problem.format("vi")
def test_a_number_written_with_a_decimal_comma_is_said_with_the_number_to_write():
    """'0,35' in block style, and `{w: 0,35}` in flow style (YAML reads w: 0 and a key 35): said with a point."""
    (err,) = Draft202012Validator(SCHEMA).iter_errors({"vi": "x", "w": "0,35"})
    assert schema_said(err) == "'0,35' is not a number: a decimal comma; write 0.35 with a point"
    (err,) = Draft202012Validator(SCHEMA).iter_errors({"vi": "x", "w": 1, 35: None})
    assert schema_said(err).startswith("unknown key(s) 35: a decimal comma inside {…} splits the number in two (w: 1 "
                                       "and a key 35); write the number with a point")
    (err,) = Draft202012Validator(SCHEMA).iter_errors({"vi": "x", "w": "1,000"})  # thousands, or a decimal?
    assert schema_said(err) == "'1,000' is not a number"


def test_a_text_given_in_one_language_of_two_is_told_to_give_both():
    """Walk 15: a reference's document {vi: …} alone was "matches none of the allowed forms", with nothing to do."""
    from villagescore.schemas import load

    schema = {**load("definitions"), "$ref": "#/$defs/reference"}
    errors = Draft202012Validator(schema).iter_errors({"document": {"vi": "mốc so sánh của dự án"}})
    (err,) = [e for e in errors if list(e.absolute_path) == ["document"]]
    said = schema_said(err)
    assert "give one string, or a mapping with both 'vi' and 'en'" in said.text("en")
    assert "hãy ghi một chuỗi, hoặc một ánh xạ có cả 'vi' và 'en'" in said.text("vi")
