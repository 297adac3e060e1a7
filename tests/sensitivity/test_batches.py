"""villagescore.sensitivity.batches: a batch's gates equal the engine's, sample by sample (limits per village-year)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.support import gate_limits as gl
from villagescore import sensitivity as sa
from villagescore.engine import Engine
from villagescore.framework import resolve_framework
from villagescore.kernel import gate_caps
from villagescore.sensitivity.batches import SampleBatches
from villagescore.testing import make_dataset


def _engine_caps(engine, fw, dataset, values):
    """Per sample, the caps the engine gives when indicator C reads that sample's values (rows in result order)."""
    caps = []
    for x in values:
        frame = dataset.frame.copy()
        frame["c"] = x
        res = engine.evaluate(fw, type(dataset)(**{**vars(dataset), "frame": frame}))
        caps.append(gate_caps(fw, res.fired))
    return np.array(caps)


@pytest.mark.parametrize("as_of", [None, "2025-10-01", "2032-01-01"])
def test_perturbed_values_fire_the_gates_as_the_engine_does(toy_registry, as_of):
    """Written number, own limit and column B: the batch uses the same bounds and unknowns as one evaluation."""
    registry = gl.registry(toy_registry)
    fw = resolve_framework(gl.document(), registry, name="gated.yaml")
    rows = gl.rows()
    if as_of:
        rows = [dict(r, survey_date=as_of) for r in rows]
    dataset = make_dataset(rows, registry)
    engine = Engine(registry)
    result = engine.evaluate(fw, dataset)
    batches = SampleBatches(registry, fw, result, dataset, sa.Settings(samples=4, seed=1), 4)
    n = len(result)
    values = np.array([[100.0] * n, [160.0] * n, [70.0] * n, np.linspace(50, 200, n)])  # rows in result order
    j = [node.id for node in fw.indicators].index("toy.c")
    caps = batches._caps({}, {j: values[:, batches.order]}, len(values))
    assert np.array_equal(caps[:, batches.inverse], _engine_caps(engine, fw, dataset, values))


def test_without_a_varied_gate_input_the_nominal_caps_are_kept(toy_registry):
    registry = gl.registry(toy_registry)
    fw = resolve_framework(gl.document(), registry, name="gated.yaml")
    dataset = make_dataset(gl.rows(), registry)
    result = Engine(registry).evaluate(fw, dataset)
    batches = SampleBatches(registry, fw, result, dataset, sa.Settings(samples=2, seed=1), 2)
    assert np.array_equal(batches._caps({}, {}, 2)[0, batches.inverse], gate_caps(fw, result.fired))


def test_under_exclude_a_batch_uses_the_same_left_out_rows_and_unknown_gates_as_the_engine(toy_registry):
    """Unverified limits left out (policy exclude): the batch's matrix and gates are the engine's."""
    registry = gl.registry(toy_registry)
    score_gate = {"id": "c-score", "indicator": "toy.c", "condition": {"on": "score", "op": ">=", "value": 10},
                  "cap": "low", "on_missing": "ignore"}
    doc = gl.document(defaults={"unverified_limits": "exclude"}, gates=[*gl.GATES, score_gate])
    fw = resolve_framework(doc, registry, name="gated.yaml")
    dataset = make_dataset(gl.rows(), registry)
    engine = Engine(registry)
    result = engine.evaluate(fw, dataset)
    assert result.matrix.limit_unverified  # rule-2025's limit is unverified
    batches = SampleBatches(registry, fw, result, dataset, sa.Settings(samples=4, seed=1), 4)
    j = [node.id for node in fw.indicators].index("toy.c")
    np.testing.assert_array_equal(batches.matrix.limit_unverified[j], result.matrix.limit_unverified[j][batches.order])
    n = len(result)
    values = np.array([[100.0] * n, [160.0] * n, [50.0] * n, np.linspace(50, 200, n)])
    caps = batches._caps({}, {j: values[:, batches.order]}, len(values))
    assert np.array_equal(caps[:, batches.inverse], _engine_caps(engine, fw, dataset, values))
