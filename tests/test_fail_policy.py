"""The 'fail' missing-data policy says a value given but not scored apart from a value missing (audit 2026-12)."""

from __future__ import annotations

import warnings

import pytest

from tests.test_limit_gaps import EFFLUENT, FLAG, pilot_csv
from villagescore.errors import DatasetError

OVERLAY = """\
id: audit-fail
version: "0.1.0"
title: {vi: "Thử không", en: "Audit zero"}
status: example
extends: {framework: vn-ttcn-sustainable, version: ">=1.4,<2"}
change:
  defaults: {missing_data: {policy: fail}}
"""


def _problems(tmp_path, **changes):
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    (tmp_path / "fail.yaml").write_text(OVERLAY, encoding="utf-8")
    framework = load_framework(tmp_path / "fail.yaml", registry)
    dataset = read_dataset(pilot_csv(tmp_path, **changes), registry, framework=framework)
    with warnings.catch_warnings(), pytest.raises(DatasetError) as info:
        warnings.simplefilter("ignore")
        Engine(registry).evaluate(framework, dataset)
    return info.value.problems


def test_a_value_given_where_no_regulation_is_in_force_is_not_said_missing(tmp_path):
    """h-c 2026 of the audit: COD given, the old QCVN ended and the transitional flag is no."""
    problems = _problems(tmp_path, **{FLAG: (None, "0"), "pollution_complaints_per_year": ("0", "0")})
    cod = [p for p in problems if p.column == "effluent_cod_mg_l"]
    assert cod and {p.village_id for p in problems} == {"phung-xa-my-duc"}
    en, vi = cod[0].format("en"), cod[0].format("vi")
    assert "is missing" not in en and "is not scored" in en
    assert "indicator 'environment.effluent_cod' (Effluent COD against QCVN 40:2011/BTNMT)" in en
    assert "criterion 'effluent_quality' (Effluent and receiving-water quality)" in en
    assert "no regulation version is in force on the reference date (2025-12-31)" in en
    assert "what to do: nothing to fill" in en
    assert "không được chấm điểm" in vi and "thiếu chỉ số" not in vi and "(31/12/2025)" in vi
    assert "(COD nước thải so với QCVN 40:2011/BTNMT)" in vi and "cách xử lý: không có gì cần điền" in vi
    assert {p.column for p in problems} >= set(EFFLUENT)


def test_an_empty_value_is_still_said_missing_with_labels(tmp_path):
    problems = _problems(tmp_path, effluent_cod_mg_l=("", None))
    [cod] = [p for p in problems if p.column == "effluent_cod_mg_l"]
    en, vi = cod.format("en"), cod.format("vi")
    assert "indicator 'environment.effluent_cod' (Effluent COD against QCVN 40:2011/BTNMT) is missing" in en
    assert "thiếu chỉ số 'environment.effluent_cod' (COD nước thải so với QCVN 40:2011/BTNMT)" in vi


def test_a_value_that_cannot_be_computed_from_given_values_is_not_said_missing(tmp_path):
    """Review (15th walk): 0 non-local workers of whom 0 with a contract read "is missing" under 'fail'."""
    problems = _problems(tmp_path, workers_non_local=("0", None), workers_non_local_contract=("0", None))
    [p] = [p for p in problems if p.column == "workers_non_local_contract, workers_non_local"]
    en, vi = p.format("en"), p.format("vi")
    assert "is missing" not in en and "thiếu chỉ số" not in vi
    assert "is not scored: it cannot be computed from these values (workers_non_local_contract = 0, " \
           "workers_non_local = 0)" in en
    assert "không được chấm điểm: không tính được từ các giá trị này (workers_non_local_contract = 0, " \
           "workers_non_local = 0)" in vi
    assert "(Non-local craft workers with a written labour contract, Non-local craft workers)" in en
