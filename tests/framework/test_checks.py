"""villagescore.framework.checks: a scorer's parameters found valid are not checked by jsonschema again."""

import jsonschema
import pytest

from villagescore.framework.checks import value_errors

SCHEMA = {"type": "object", "properties": {"limit": {"type": "number", "exclusiveMinimum": 0},
                                           "bands": {"type": "array"}}, "required": ["limit"]}


@pytest.fixture
def validations(tmp_path, monkeypatch):
    """The values jsonschema was asked to check, with the cache in a fresh folder."""
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    seen = []
    real = jsonschema.Draft202012Validator.iter_errors

    def counted(self, instance, *args, **kwargs):
        seen.append(instance)
        return real(self, instance, *args, **kwargs)

    monkeypatch.setattr(jsonschema.Draft202012Validator, "iter_errors", counted)
    return seen


def test_a_valid_value_is_checked_once_and_remembered(validations):
    assert value_errors(SCHEMA, {"limit": 50.0}) == []
    assert value_errors(SCHEMA, {"limit": 50.0}) == []
    assert validations == [{"limit": 50.0}]
    assert value_errors(SCHEMA, {"limit": 50}) == []  # 50 and 50.0 are different texts: checked
    assert len(validations) == 2


def test_a_value_with_a_problem_is_reported_every_time(validations):
    for _ in range(2):
        messages = [e.message for e in value_errors(SCHEMA, {"limit": -1})]
        assert messages == ["-1 must be greater than 0"]
    assert len(validations) == 2


def test_a_value_json_would_blur_is_always_checked(validations):
    # a tuple is written like a list, but the schema's "array" refuses it: never remembered
    for _ in range(2):
        assert [e.message for e in value_errors(SCHEMA, {"limit": 1, "bands": (1, 2)})] == [
            "(1, 2) is not a list"]
    assert value_errors(SCHEMA, {"limit": 1, "bands": [1, 2]}) == []
    assert len(validations) == 3


def test_no_cache_folder_means_checking_every_time(validations, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", "")
    value_errors(SCHEMA, {"limit": 50.0})
    value_errors(SCHEMA, {"limit": 50.0})
    assert len(validations) == 2


def test_a_weight_too_large_for_a_float_is_quoted_as_written_in_both_languages(tmp_path, toy_registry):
    """Sixteenth walk: `weight: 1e400` read "inf is not a finite number", which the file does not say."""
    from tests.conftest import SUPPORT
    from villagescore.errors import FrameworkError
    from villagescore.framework import load_framework

    text = (SUPPORT / "toy-framework.yaml").read_text(encoding="utf-8")
    path = tmp_path / "w.yaml"
    path.write_text(text.replace("- {id: toy.a, weight: 1}", "- {id: toy.a, weight: 1e400}", 1), encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework(path, toy_registry)
    [found] = info.value.problems
    assert found.format("en").endswith("$.pillars[0].criteria[0].indicators[0].weight: 1e400 is not a finite number")
    assert "1e400" in found.format("vi") and "inf" not in found.format("vi")
