"""villagescore.errors: every user-facing exception in one module, still importable where it used to live."""

import importlib

import pytest

from villagescore import errors

MOVED = [
    ("villagescore.targets.model", "TargetsError"),
    ("villagescore.targets", "TargetsError"),
    ("villagescore.sensitivity.settings", "SensitivityError"),
    ("villagescore.explain.model", "ExplainError"),
    ("villagescore.explain", "ExplainError"),
    ("villagescore.compare.table", "ResultFileError"),
    ("villagescore.resultdoc", "ResultReadError"),
    ("villagescore.admin_mapping", "AdminMappingError"),
    ("villagescore.environment", "EnvironmentVariableError"),
    ("villagescore.reports.pdf", "PdfUnavailable"),
]


@pytest.mark.parametrize(("module", "name"), MOVED)
def test_a_moved_exception_is_still_importable_from_its_old_module(module, name):
    cls = getattr(importlib.import_module(module), name)
    assert cls is getattr(errors, name)
    assert issubclass(cls, errors.VillageScoreError)


def test_a_result_read_error_is_still_a_value_error():
    assert issubclass(errors.ResultReadError, ValueError)


def test_a_targets_error_lists_its_problems():
    exc = errors.TargetsError([errors.Problem("t.yaml", "$.targets", "duplicate target id(s): a")])
    assert exc.problems and str(exc).endswith("\n  t.yaml: $.targets: duplicate target id(s): a")
