"""The engine's matrices reserved before scoring (``villagescore.engine_blocks``): each is taken, results unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from villagescore import prefault
from villagescore.engine import Engine
from villagescore.engine_blocks import matrix_sizes, scoring_soon
from villagescore.memo import warnings_and_scoring


@pytest.mark.skipif(not prefault._AVAILABLE, reason="MAP_POPULATE is Linux's")
def test_scoring_takes_every_matrix_reserved_and_scores_as_without(monkeypatch, toy_registry, toy_framework,
                                                                   toy_dataset):
    monkeypatch.setattr(prefault, "MIN_BYTES", 1)  # the toy's matrices are small: reserve them all
    sizes = matrix_sizes(toy_framework, len(toy_dataset.frame))
    taken = []
    empty = prefault.empty

    def spied(shape, dtype=float, order="C"):
        out = empty(shape, dtype, order)
        taken.append(out.nbytes)
        return out

    monkeypatch.setattr(prefault, "empty", spied)
    plain = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    assert taken == sizes
    with warnings_and_scoring(()), scoring_soon(toy_framework, toy_dataset.frame):
        assert [b.nbytes for b in prefault._RESERVED] == sizes
        result = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
        assert not prefault._RESERVED
    arrays = [(r.matrix.scores, r.matrix.applicable, r.matrix.present, r.tree.criterion_score,
               r.tree.criterion_coverage, r.tree.criterion_na, r.tree.overall_score) for r in (plain, result)]
    for a, b in zip(*arrays, strict=True):
        assert a.tobytes() == b.tobytes() and a.flags.f_contiguous == b.flags.f_contiguous


def test_nothing_is_reserved_for_chosen_villages(toy_framework, toy_dataset):
    with scoring_soon(toy_framework, toy_dataset.frame, ["v1"]):
        assert not prefault._RESERVED
    assert np.all(np.array(matrix_sizes(toy_framework, 0)) == 0)
