"""villagescore.sensitivity.rescoring: the thresholds group moves what a scorer can move (``Scorer.perturb``)."""

from __future__ import annotations

import numpy as np
import pytest

from villagescore import Scorer, hookimpl
from villagescore import sensitivity as sa
from villagescore.engine import Engine
from villagescore.errors import PluginError

STEP_SCHEMA = {"type": "object", "required": ["cut"], "additionalProperties": False,
               "properties": {"cut": {"type": ["number", "array"]}}}


def step(values, params):
    """100 up to ``cut`` (one cut, or one per value), 0 above; NaN stays NaN."""
    x = np.asarray(values, dtype=float)
    return np.where(np.isnan(x), np.nan, np.where(x <= np.asarray(params["cut"], dtype=float), 100.0, 0.0))


def move_cut(params, factor):
    return dict(params, cut=np.asarray(params["cut"], dtype=float) * factor)


def broken_move(params, factor):
    raise RuntimeError("cannot move")


class StepPlugin:
    """A third-party plugin: the same scorer with and without the perturb capability."""

    @hookimpl
    def register_scorers(self):
        return [Scorer("step", step, STEP_SCHEMA, "100 up to the cut.", perturb=move_cut),
                Scorer("fixed_step", step, STEP_SCHEMA, "100 up to the cut; no perturb capability."),
                Scorer("broken_step", step, STEP_SCHEMA, "perturb fails.", perturb=broken_move)]


FRAMEWORK = """\
id: steps
version: "1.0"
title: {{vi: Bậc, en: Steps}}
status: example
pillars:
  - id: env
    label: {{vi: Môi trường, en: Environment}}
    weight: 1
    criteria:
      - id: env.c
        label: {{vi: C, en: C}}
        weight: 1
        indicators:
          - {{id: toy.c, weight: 1, scorer: {{method: {method}, params: {{cut: 50}}}}}}
          - {{id: toy.kind, weight: 1}}
rating:
  tiers:
    - {{id: pass, label: {{vi: Đạt, en: Pass}}, min_score: 50}}
    - {{id: fail, label: {{vi: Chưa đạt, en: Fail}}, min_score: 0}}
"""
ONLY_THRESHOLDS = dict(weights="off", aggregation=False, missing=False, data=False, threshold_spread=0.2,
                       indices=False, samples=60, seed=2)


@pytest.fixture
def setup(tmp_path):
    from tests.conftest import SUPPORT
    from tests.support import toy_plugin
    from villagescore.datasets import read_dataset
    from villagescore.framework import load_framework
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), ("steps", StepPlugin())))
    registry = Registry.from_plugin_manager(pm)

    def framework(method):
        path = tmp_path / f"{method}.yaml"
        path.write_text(FRAMEWORK.format(method=method), encoding="utf-8")
        return load_framework(path, registry)

    return Engine(registry), framework, read_dataset(SUPPORT / "toy.csv", registry)


def test_a_plugin_scorer_with_perturb_gets_its_thresholds_moved(setup):
    engine, framework, dataset = setup
    # v1: c = 25 → 100, kind x → 100: 100 (pass); v2: c = 150 → 0, kind y → 50: 25 (fail);
    # v3: c = 50, exactly at the cut → 100, kind z → 0: 50 (pass) — until the cut moves below 50
    res = sa.run(engine, framework("step"), dataset, sa.Settings(**ONLY_THRESHOLDS))
    assert res.groups == ("thresholds",)
    assert res.nominal_rank.tolist() == [1, 3, 2]
    probs = res.tier_probabilities()
    assert probs[0, 0] == 1.0 and probs[1, 1] == 1.0  # far from the cut: nothing moves
    assert 0.2 < probs[2, 0] < 0.8  # v3 fails whenever the cut moves below its value (a factor below 1)
    assert (res.rank_quantiles[0, 2], res.rank_quantiles[2, 2]) == (2, 3)  # and then ranks below v2


def test_a_scorer_without_perturb_keeps_its_thresholds(setup):
    engine, framework, dataset = setup
    res = sa.run(engine, framework("fixed_step"), dataset, sa.Settings(**ONLY_THRESHOLDS))
    probs = res.tier_probabilities()
    assert probs[np.arange(3), res.nominal_tier].tolist() == [1.0, 1.0, 1.0]
    for q in range(3):
        assert res.rank_quantiles[q].tolist() == res.nominal_rank.tolist()


def test_a_failing_perturb_names_the_scorer_and_its_plugin(setup):
    engine, framework, dataset = setup
    with pytest.raises(PluginError, match=r"scorer 'broken_step' \(plugin 'steps'\) failed to move its thresholds "
                                          r"on indicator 'toy.c': RuntimeError: cannot move"):
        sa.run(engine, framework("broken_step"), dataset, sa.Settings(**ONLY_THRESHOLDS))


def test_noisy_values_of_a_file_declared_field_are_clipped_to_its_range(toy_registry):
    """Walk 15: a share of 100 % on a field the framework file declares (0–100) was perturbed to 104 %."""
    from villagescore.framework import resolve_framework
    from villagescore.testing import make_dataset

    label = {"vi": "Tỷ lệ", "en": "Share"}
    doc = {"id": "clip", "version": "1.0", "title": {"vi": "Cắt", "en": "Clip"},
           "fields": [{"id": "f_share", "label": label, "type": "number", "unit": "%", "minimum": 0, "maximum": 100}],
           "indicators": [{"id": "k.share", "label": label, "unit": "%", "direction": "range", "requires": ["f_share"],
                           "scorer": {"method": "target",
                                      "params": {"low": 50, "high": 100, "zero_below": 10, "zero_above": 101}}}],
           "rating": {"tiers": [{"id": "top", "label": {"vi": "Cao", "en": "Top"}, "min_score": 99},
                                {"id": "rest", "label": {"vi": "Thấp", "en": "Rest"}, "min_score": 0}]},
           "pillars": [{"id": "p", "label": {"vi": "P", "en": "P"}, "weight": 1, "criteria": [
               {"id": "c", "label": {"vi": "C", "en": "C"}, "weight": 1,
                "indicators": [{"id": "k.share", "weight": 1}]}]}]}
    fw = resolve_framework(doc, toy_registry, name="clip.yaml")
    data = make_dataset([{"village_id": "m1", "year": 2024, "f_share": 100}], toy_registry.with_fields(fw.local_fields))
    settings = sa.Settings(samples=200, seed=1, weights="off", aggregation=False, threshold_spread=0.0, missing=False,
                           indices=False)
    res = sa.run(Engine(toy_registry), fw, data, settings)
    # clipped to 100, a value only ever moves down: the score stays 100 while above 50 %, so the village stays on top
    assert res.tier_probabilities()[0, 0] == 1.0
