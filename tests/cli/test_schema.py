"""``villagescore schema``: the shipped schemas, and the framework schema with scorer params merged in."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import REPO, SUPPORT
from villagescore import Scorer, hookimpl, schemas
from villagescore.cli.schema import merged_framework_schema
from villagescore.framework import load_framework_document
from villagescore.plugins import get_plugin_manager
from villagescore.registry import Registry


class Logistic:
    """A plugin scorer with its own parameter schema."""

    @hookimpl
    def register_scorers(self):
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["midpoint", "steepness"],
            "additionalProperties": False,
            "properties": {"midpoint": {"type": "number"}, "steepness": {"type": "number", "exclusiveMinimum": 0}},
        }
        return [Scorer("logistic", lambda v, p: v, schema, "S-shaped curve around midpoint.")]


@pytest.fixture
def registry():
    return Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(("demo", Logistic()),)))


@pytest.fixture
def validator(registry):
    merged = merged_framework_schema(registry)
    Draft202012Validator.check_schema(merged)  # the merged schema is itself a valid schema
    return Draft202012Validator(merged)


def _with_scorer(scorer: dict) -> dict:
    """The toy framework with the first indicator's scorer replaced."""
    doc, _sha, _name = load_framework_document(SUPPORT / "toy-framework.yaml")
    doc["pillars"][0]["criteria"][0]["indicators"][0]["scorer"] = scorer
    return doc


def _messages(validator, doc) -> list[str]:
    return [e.message for e in validator.iter_errors(doc)]


def test_merged_schema_accepts_the_shipped_frameworks(validator):
    toy, _sha, _name = load_framework_document(SUPPORT / "toy-framework.yaml")
    assert _messages(validator, toy) == []
    default = REPO / "plugins" / "villagescore_vn_ttcn" / "vn-ttcn-sustainable.yaml"
    doc, _sha, _name = load_framework_document(default)
    assert _messages(validator, doc) == []


def test_every_scorer_has_its_params_schema_under_defs(registry):
    merged = merged_framework_schema(registry)
    names = sorted(registry.scorers)
    assert names == ["bands", "boolean", "categorical", "linear", "logistic", "ratio_to_limit", "target"]
    assert merged["$defs"]["scorer"]["properties"]["method"]["enum"] == names
    logistic = merged["$defs"]["scorer_params_logistic"]
    assert "$schema" not in logistic
    assert logistic["description"] == "S-shaped curve around midpoint."
    assert logistic["required"] == ["midpoint", "steepness"]
    # the shipped schema is left alone
    assert "scorer_params_logistic" not in schemas.load("framework")["$defs"]


@pytest.mark.parametrize(("scorer", "expected"), [
    ({"method": "linear", "params": {"worst": 0}}, "'best' is a required property"),
    ({"method": "linear", "params": {"worst": 0, "best": 1, "middle": 5}}, "Additional properties"),
    ({"method": "linear"}, "'params' is a required property"),
    ({"method": "bands", "params": {"edges": [1], "scores": [0, 150]}}, "150 is greater than the maximum of 100"),
    ({"method": "logistic", "params": {"midpoint": 50, "steepness": 0}}, "less than or equal to the minimum of 0"),
    ({"method": "logistc", "params": {}}, "'logistc' is not one of"),
])
def test_merged_schema_rejects_bad_params(validator, scorer, expected):
    messages = _messages(validator, _with_scorer(scorer))
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize("scorer", [
    {"method": "logistic", "params": {"midpoint": 50, "steepness": 0.2}},
    {"method": "boolean"},  # no required params: params may be left out
    {"method": "ratio_to_limit"},  # 'limit' comes from the framework's threshold
    {"method": "ratio_to_limit", "params": {"limit": 50, "edges": [1], "scores": [100, 0]}},
])
def test_merged_schema_accepts_good_params(validator, scorer):
    assert _messages(validator, _with_scorer(scorer)) == []


def test_plain_schema_does_not_check_params():
    plain = Draft202012Validator(schemas.load("framework"))
    assert _messages(plain, _with_scorer({"method": "linear", "params": {"worst": 0}})) == []


# ---- the command ----


def test_schema_framework_prints_the_merged_schema(toy_cli, toy_registry):
    result = toy_cli("schema", "framework")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == merged_framework_schema(toy_registry)


@pytest.mark.parametrize("name", ["dataset-metadata", "result"])
def test_schema_prints_the_shipped_schema(toy_cli, name):
    result = toy_cli("schema", name)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == schemas.load(name)


def test_schema_plain_and_output_file(toy_cli, tmp_path):
    out = tmp_path / "framework.schema.json"
    result = toy_cli("schema", "framework", "--plain", "-o", out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == schemas.load("framework")
    again = tmp_path / "again.json"
    toy_cli("schema", "framework", "--plain", "-o", again)
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_schema_unknown_name_is_a_usage_error(toy_cli, monkeypatch):
    result = toy_cli("schema", "frameworks")
    assert result.exit_code == 2
    known = "'framework', 'catalogue', 'dataset-metadata', 'result', 'compare'"
    assert f"'frameworks' không thuộc các lựa chọn: {known}" in result.output  # click's message, in Vietnamese
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    result = toy_cli("schema", "frameworks")
    assert f"'frameworks' is not one of {known}" in result.output
