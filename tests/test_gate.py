"""villagescore.gate: a gate's rule, and the legal limit it compares with, per village-year."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tests.support import gate_limits as gl
from villagescore.framework import resolve_framework
from villagescore.gate import Gate, version_column_value
from villagescore.testing import make_dataset


@pytest.fixture
def gated(toy_registry):
    registry = gl.registry(toy_registry)
    return resolve_framework(gl.document(), registry, name="gated.yaml"), registry


def _frame(registry, rows):
    return make_dataset(rows, registry).frame


def _plain(values):
    return [None if math.isnan(v) else v for v in np.asarray(values, dtype=float).tolist()]


def test_the_limit_is_the_version_applied_to_each_village_year(gated):
    """Before and after the replacement date, under the transitional rule, after every version, without the zone."""
    fw, registry = gated
    frame = _frame(registry, gl.rows())
    column_b, own = fw.gates[0].limit, fw.gates[1].limit
    # the frame is in the rows' order (v0 … v5)
    assert _plain(column_b.values(frame)) == [b for _, b, _ in gl.ROWS]
    assert _plain(own.values(frame)) == [o for _, _, o in gl.ROWS]
    # the same version as the indicator's threshold, row by row
    assert column_b.threshold is fw.indicator_node("toy.c").threshold


def test_as_of_later_than_every_version_leaves_no_limit(gated):
    fw, registry = gated
    frame = _frame(registry, gl.rows()).assign(survey_date="2032-01-01")
    assert _plain(fw.gates[0].limit.values(frame)) == [None] * len(gl.ROWS)
    early = frame.assign(survey_date="2020-06-30")  # every row under rule-2011 (no valid_from)
    assert _plain(fw.gates[0].limit.values(early)) == [150.0] * len(gl.ROWS)


def test_the_rule_cites_the_limit_by_id():
    fw_gate = Gate("g", "toy.c", "value", "<=", 150.0, "low")
    assert fw_gate.rule == "value <= 150"
    assert Gate("g", "toy.c", "value", ">=", 0.5, "low").rule == "value >= 0.5"


def test_the_rule_and_the_plain_form_of_a_limit_gate(gated):
    fw, _ = gated
    assert fw.gates[0].rule == "value <= limit column B (rule-2011 cod; rule-2025 cod)"
    assert fw.gates[1].rule == "value <= limit (rule-2011 cod; rule-2025 cod)"
    assert fw.gates[0].value is None
    assert fw.gates[0].limit.to_dict() == {"column": "B", "versions": [
        {"regulation": "rule-2011", "document": "Rule 40:2011: effluent", "limit": "cod", "unit": "mg/L",
         "valid_to": "2025-08-31", "value": 150.0},
        {"regulation": "rule-2025", "document": "Rule 40:2025: effluent", "limit": "cod", "unit": "mg/L",
         "valid_from": "2025-09-01", "valid_to": "2029-12-31", "value": None}]}
    # without a column, a limit by category has no one value; a one-value limit has its value
    assert [v.get("value") for v in fw.gates[1].limit.versions()] == [None, 60]


def test_a_column_of_a_limit_by_category_or_of_a_one_value_limit():
    from villagescore.model import ThresholdVersion

    old, new = (ThresholdVersion(reg, reg.limit("cod")) for reg in (gl.OLD, gl.NEW))
    assert version_column_value(old, "B") == 150.0 and version_column_value(old, "C") is None
    assert version_column_value(new, "A") == 60.0 and version_column_value(new, "B") is None


def test_an_empty_frame_gives_no_limits(gated):
    fw, _ = gated
    empty = pd.DataFrame({"year": pd.Series([], dtype=float), "zone": pd.Series([], dtype=object)})
    assert fw.gates[0].limit.values(empty).shape == (0,)


def test_a_pinned_one_value_limit_is_the_bound_of_every_village_year(gated):
    from villagescore.gate import GateLimit
    from villagescore.model import Threshold, ThresholdVersion

    pinned = Threshold((ThresholdVersion(gl.NEW, gl.NEW.limit("cod")),))  # one version, whatever the date
    frame = pd.DataFrame({"year": [2000, 2040]})
    assert GateLimit(pinned).values(frame).tolist() == [60.0, 60.0]
    assert GateLimit(pinned, "A").values(frame).tolist() == [60.0, 60.0]
    assert _plain(GateLimit(pinned, "B").values(frame)) == [None, None]


def test_a_gate_limit_is_unverified_where_the_value_it_compares_with_is():
    import pandas as pd

    from tests.support.unverified_limits import threshold as unverified_threshold
    from villagescore.gate import GateLimit, version_column_confidence

    threshold = unverified_threshold()
    frame = pd.DataFrame({"year": [2024, 2024, 2025, 2026], "zone": ["A", "B", "A", None]})
    # column A: verified in the old version; the new one has no column A (its value names none)
    assert GateLimit(threshold, "A").unverified(frame).tolist() == [False, False, False, False]
    assert GateLimit(threshold, "B").unverified(frame).tolist() == [True, True, False, False]
    # no column: the indicator's own limit applied
    assert GateLimit(threshold).unverified(frame).tolist() == [False, True, True, True]
    assert version_column_confidence(threshold.versions[0], "B") == "unverified"
    assert version_column_confidence(threshold.versions[0], "C") is None
