"""villagescore.gating: gate statuses with a written number or a legal limit resolved per village-year."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support import gate_limits as gl
from villagescore.engine import Engine
from villagescore.framework import resolve_framework
from villagescore.gating import fired_gates, gate_inputs, gate_status
from villagescore.kernel import gate_fires_on
from villagescore.testing import evaluate_rows


@pytest.fixture
def gated(toy_registry):
    registry = gl.registry(toy_registry)
    fw = resolve_framework(gl.document(), registry, name="gated.yaml")
    return fw, registry


def test_each_village_year_is_judged_against_the_limit_in_force(gated):
    fw, registry = gated
    res = evaluate_rows(fw, gl.rows(100.0), registry)
    states = res.gate_states()
    # cod-b: 100 ≤ 150 where rule-2011 applies (before 01/09/2025, or kept by the transition, or without a zone:
    # the column is fixed by the gate); unknown where no version applied has a column B
    assert states[:, 0].tolist() == ["passed", "passed", "unknown", "passed", "unknown", "passed"]
    # cod-own: the indicator's own limit (zone A 75, B 150, rule-2025 60); unknown without a zone too
    assert states[:, 1].tolist() == ["failed", "passed", "failed", "failed", "unknown", "unknown"]
    # cod-150, the written number: unknown only where the indicator's own limit is (as before)
    assert states[:, 2].tolist() == ["passed", "passed", "passed", "passed", "unknown", "unknown"]
    # on_unknown defaults to fire (fail-safe)
    assert res.fired[:, 0].tolist() == [False, False, True, False, True, False]
    assert res.gate_limit(2, 0) is None and res.gate_limit(0, 0) == 150.0 and res.gate_limit(2, 2) is None


def test_a_value_above_the_limit_fails_and_a_missing_value_stays_missing(gated):
    fw, registry = gated
    res = evaluate_rows(fw, gl.rows(160.0), registry)
    assert res.gate_states()[:, 0].tolist() == ["failed", "failed", "unknown", "failed", "unknown", "failed"]
    rows = gl.rows()
    del rows[0]["c"]
    assert evaluate_rows(fw, rows, registry).gate_states()[0, 0] == "missing"


def test_on_unknown_ignore_does_not_fire(gated, toy_registry):
    _, registry = gated
    gate = dict(gl.GATES[0], on_unknown="ignore")
    fw = resolve_framework(gl.document(gate=gate), registry, name="gated.yaml")
    res = evaluate_rows(fw, gl.rows(), registry)
    assert res.gate_states()[2, 0] == "unknown" and not res.fired[:, 0].any()


def test_the_engine_gates_are_the_statuses_under_each_gate_s_policy(gated):
    fw, registry = gated
    res = evaluate_rows(fw, gl.rows(), registry)
    status = gate_status(fw, res.matrix)
    assert np.array_equal(status, res.gate_status)
    assert np.array_equal(fired_gates(fw, status), Engine.gates(fw, res.matrix))
    for g, gate in enumerate(fw.gates):
        assert np.array_equal(Engine.gates(fw, res.matrix)[:, g], gate_fires_on(gate, status[:, g]))


def test_gate_inputs_name_the_bound_and_where_it_is_unknown(gated):
    fw, registry = gated
    res = evaluate_rows(fw, gl.rows(), registry)
    j = [n.id for n in fw.indicators].index("toy.c")
    bound, unknown = gate_inputs(fw.gates[0], 0, j, res.matrix)
    assert unknown.tolist() == [False, False, True, False, True, False] and bound[0] == 150.0
    value, unknown = gate_inputs(fw.gates[2], 2, j, res.matrix)
    assert value == 150.0 and unknown.tolist() == res.matrix.limit_unknown[j].tolist()


def test_the_gates_fired_column_names_each_rows_gates_in_framework_order():
    import numpy as np

    from villagescore.gating import fired_lists

    fired = np.array([[True, False, True], [False, False, False], [True, False, True], [False, True, False]])
    assert fired_lists(fired, ["a", "b", "c"]).tolist() == ["a;c", "", "a;c", "b"]
    wide = np.zeros((3, 70), dtype=bool)  # more gates than an integer's bits: the general path
    wide[0, 69] = wide[2, 0] = True
    ids = [f"g{k}" for k in range(70)]
    assert fired_lists(wide, ids).tolist() == ["g69", "", "g0"]
    assert fired_lists(np.zeros((2, 0), dtype=bool), []).tolist() == ["", ""]


def test_the_gates_fired_of_any_pattern_and_number_of_gates_are_each_row_s_gates_joined():
    import numpy as np

    from villagescore.gating import fired_lists

    rng = np.random.default_rng(5)
    for gates in (1, 7, 8, 9, 31, 62, 63, 64):
        fired = rng.random((300, gates)) < rng.choice([0.02, 0.5], gates)
        fired[0] = True
        fired[1] = False
        ids = [f"gate.{k}" for k in range(gates)]
        assert fired_lists(fired, ids).tolist() == [";".join(g for g, hit in zip(ids, row, strict=True) if hit)
                                                    for row in fired.tolist()]
