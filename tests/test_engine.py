"""The engine on the toy framework: every number below is worked out by hand.

Toy data (tests/support/toy.csv), indicator scores:
  v1 (alpha): a=80→80  c=25/limit 50 (zone A)=0.5→100  b=90→75  flag=1→100  share=50%→100  kind x→100
  v2 (beta):  a=40→40  c=150/limit 100 (zone B)=1.5→25  b n/a      flag=0→0    share=10%→20   kind y→50
  v3 (both):  a missing  c=50/50=1.0→50                  b=60→50   flag=có→100 share=10%→20   kind z→0
Weights: env 2 (env.one 1: a 1, c 1; env.alpha 1: b 1), soc 1 (soc.one 3: flag 1, share 3; soc.two 1: kind 1).
"""

import copy

import numpy as np
import pytest
import yaml

from villagescore.engine import Engine
from villagescore.errors import DatasetError
from villagescore.framework import resolve_framework


def _doc(support_dir):
    return yaml.safe_load((support_dir / "toy-framework.yaml").read_text(encoding="utf-8"))


def _fix_on(doc):
    # yaml.safe_load reads the key "on" as True (YAML 1.1); the framework loader does not.
    for gate in doc.get("gates", []):
        cond = gate["condition"]
        if True in cond:
            cond["on"] = cond.pop(True)
    return doc


def _evaluate(doc, registry, dataset):
    doc = copy.deepcopy(doc)
    for gate in doc.get("gates", []):
        for key in ("valid_from",):
            gate.pop(key, None)
    for reg in doc.get("regulations", []):
        if "valid_from" in reg and not isinstance(reg["valid_from"], str):
            reg["valid_from"] = reg["valid_from"].isoformat()
    fw = resolve_framework(_fix_on(doc), registry)
    return Engine(registry).evaluate(fw, dataset)


def test_indicator_scores(toy_result):
    np.testing.assert_allclose(toy_result.matrix.scores, [
        [80, 100, 75, 100, 100, 100],
        [40, 25, np.nan, 0, 20, 50],
        [np.nan, 50, 50, 100, 20, 0],
    ])


def test_sector_applicability_marks_not_applicable_not_missing(toy_result):
    status = toy_result.indicator_status()
    assert status[1, 2] == "not_applicable"  # v2 is beta; toy.b is alpha-only
    assert status[2, 0] == "missing"  # v3 has no value for a
    v2 = toy_result.village_dict(1)
    assert v2["criteria"]["env.alpha"]["status"] == "not_applicable"
    # env for v2 = env.one only (the alpha criterion is renormalised away): (40 + 25) / 2
    assert v2["pillars"]["env"]["score"] == 32.5
    assert v2["pillars"]["env"]["coverage"] == 1.0


def test_tree_scores_by_hand(toy_result):
    t = toy_result.tree
    # v1: env.one (80+100)/2 = 90, env.alpha 75 → env (90+75)/2 = 82.5
    #     soc.one (100·1 + 100·3)/4 = 100, soc.two 100 → soc 100 ; overall (2·82.5 + 100)/3 = 88.333…
    # v2: env 32.5 ; soc.one (0 + 60)/4 = 15, soc.two 50 → soc (3·15 + 50)/4 = 23.75 ; overall (65 + 23.75)/3
    # v3: env.one = c alone = 50 (coverage 0.5 ≥ min 0.5), env.alpha 50 → env 50
    #     soc.one (100 + 60)/4 = 40, soc.two 0 → soc 30 ; overall (100 + 30)/3 = 43.333…
    np.testing.assert_allclose(t.pillar_score, [[82.5, 100], [32.5, 23.75], [50, 30]])
    np.testing.assert_allclose(t.overall_score, [265 / 3, 88.75 / 3, 130 / 3])
    np.testing.assert_allclose(t.criterion_coverage[2], [0.5, 1, 1, 1])


def test_gates_and_tiers(toy_result):
    # v1 high (88.3 ≥ 70 and both pillars ≥ 50); v2 overall 29.6 → low anyway, and the flag gate fired;
    # v3 43.3 → mid
    assert [toy_result.rating_id(i) for i in range(3)] == ["high", "low", "mid"]
    assert toy_result.fired[:, 0].tolist() == [False, True, False]
    gate = toy_result.village_dict(1)["gates"][0]
    assert gate == {"id": "flag-required", "indicator": "toy.flag", "rule": "value == 1", "fired": True,
                    "status": "failed", "cap": "low"}


def test_gate_caps_a_high_score(toy_registry, toy_dataset, support_dir):
    doc = _doc(support_dir)
    doc["gates"][0]["condition"]["value"] = 0  # now v1 and v3 (flag = 1) fail the rule
    result = _evaluate(doc, toy_registry, toy_dataset)
    assert result.fired[:, 0].tolist() == [True, False, True]
    # v1 (88.3) and v3 (43.3) are capped to low; v2 passes the gate but 29.58 < 40 keeps it low
    assert [result.rating_id(i) for i in range(3)] == ["low", "low", "low"]


def test_missing_gate_value_fires_unless_ignored(toy_registry, support_dir):
    from villagescore.datasets import read_dataset

    doc = _doc(support_dir)
    ds = read_dataset(support_dir / "toy.csv", toy_registry)
    ds.frame.loc[0, "flag"] = np.nan
    result = _evaluate(doc, toy_registry, ds)
    assert result.fired[0, 0]
    doc["gates"][0]["on_missing"] = "ignore"
    result = _evaluate(doc, toy_registry, ds)
    assert not result.fired[0, 0]


def test_per_pillar_minimum_blocks_a_tier(toy_registry, toy_dataset, support_dir):
    doc = _doc(support_dir)
    doc["rating"]["tiers"][0]["min_pillar_score"] = 90  # v1's env is 82.5
    result = _evaluate(doc, toy_registry, toy_dataset)
    assert result.rating_id(0) == "mid"


def test_exclude_policy_coverage_threshold(toy_registry, toy_dataset, support_dir):
    doc = _doc(support_dir)
    doc["defaults"]["missing_data"] = {"policy": "exclude", "min_coverage": 0.6}
    result = _evaluate(doc, toy_registry, toy_dataset)
    # v3: env.one has coverage 0.5 < 0.6 → missing. The policy holds at every level: env then has
    # env.alpha only, coverage 1/2 < 0.6 → missing; overall has soc only, coverage 1/3 → missing, no rating.
    assert np.isnan(result.tree.criterion_score[2, 0])
    assert result.village_dict(2)["criteria"]["env.one"]["status"] == "missing"
    assert np.isnan(result.tree.pillar_score[2, 0]) and result.tree.pillar_coverage[2, 0] == 0.5
    assert np.isnan(result.tree.overall_score[2]) and result.tree.overall_coverage[2] == pytest.approx(1 / 3)
    assert result.rating_id(2) is None
    # v1 and v2 have complete data and are unchanged
    np.testing.assert_allclose(result.tree.overall_score[:2], [265 / 3, 88.75 / 3])


def test_zero_policy_scores_missing_as_zero(toy_registry, toy_dataset, support_dir):
    doc = _doc(support_dir)
    doc["defaults"]["missing_data"] = {"policy": "zero"}
    result = _evaluate(doc, toy_registry, toy_dataset)
    # v3 env.one = (0 + 50)/2 = 25 ; env = (25 + 50)/2 = 37.5 ; overall (75 + 30)/3 = 35
    assert result.tree.criterion_score[2, 0] == 25
    assert result.tree.pillar_score[2, 0] == 37.5
    assert result.tree.overall_score[2] == pytest.approx(35)
    assert result.tree.criterion_coverage[2, 0] == 0.5


def test_fail_policy_reports_every_missing_value(toy_registry, toy_dataset, support_dir):
    doc = _doc(support_dir)
    doc["defaults"]["missing_data"] = {"policy": "fail"}
    with pytest.raises(DatasetError) as info:
        _evaluate(doc, toy_registry, toy_dataset)
    problems = info.value.problems
    assert len(problems) == 1
    assert problems[0].village_id == "v3" and "toy.a" in problems[0].message


def test_node_specific_aggregators(toy_registry, toy_dataset, support_dir):
    doc = _doc(support_dir)
    doc["pillars"][0]["criteria"][0]["aggregator"] = "minimum"
    doc["pillars"][1]["aggregator"] = "weighted_geometric"
    result = _evaluate(doc, toy_registry, toy_dataset)
    # env.one = min: v1 min(80,100) = 80, v2 min(40, 25) = 25
    np.testing.assert_allclose(result.tree.criterion_score[:2, 0], [80, 25])
    # a node's rule combines its own children only: soc's criteria stay arithmetic (soc.one = 15 for v2)
    assert result.tree.criterion_score[1, 2] == 15
    # soc geometric for v2: 15^(3/4) · 50^(1/4)
    assert result.tree.pillar_score[1, 1] == pytest.approx(15 ** 0.75 * 50 ** 0.25)


def test_contributions_add_up_to_the_overall_score(toy_result):
    np.testing.assert_allclose(toy_result.contributions().sum(axis=1), toy_result.tree.overall_score)
    np.testing.assert_allclose(toy_result.overall_weights().sum(axis=1), 1.0)
    # v1: toy.a weight = 1/2 (in env.one) · 1/2 (env.one in env) · 2/3 (env) = 1/6
    assert toy_result.overall_weights()[0, 0] == pytest.approx(1 / 6)


def test_rows_are_sorted_and_results_do_not_depend_on_row_order(toy_registry, toy_framework, toy_dataset):
    shuffled = copy.copy(toy_dataset)
    shuffled.frame = toy_dataset.frame.iloc[[2, 0, 1]].reset_index(drop=True)
    a = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    b = Engine(toy_registry).evaluate(toy_framework, shuffled)
    assert a.to_json() == b.to_json()


def test_what_the_warnings_derived_from_rows_the_engine_reorders_is_not_held_through_the_scoring(
        toy_registry, toy_framework, toy_dataset):
    """Reviewed 2026-12-07: limits memoised for the unsorted frame were never read, yet held (+23 MB at 100,000)."""
    from villagescore import memo

    shuffled = copy.copy(toy_dataset)
    shuffled.frame = toy_dataset.frame.iloc[[2, 0, 1]].reset_index(drop=True)
    with memo.frame_memo(shared=True):
        memo.column_codes(shuffled.frame, "village_id")
        assert any(k[0] == id(shuffled.frame) for k in memo._MEMO.get()[0])
        result = Engine(toy_registry).evaluate(toy_framework, shuffled)
        assert not any(k[0] == id(shuffled.frame) for k in memo._MEMO.get()[0])
    assert result.to_json() == Engine(toy_registry).evaluate(toy_framework, toy_dataset).to_json()


def test_select_villages(toy_registry, toy_framework, toy_dataset):
    result = Engine(toy_registry).evaluate(toy_framework, toy_dataset, village_ids=["v2"])
    assert result.frame["village_id"].tolist() == ["v2"]
    from villagescore.errors import UnknownIdError

    with pytest.raises(UnknownIdError, match="nope"):
        Engine(toy_registry).evaluate(toy_framework, toy_dataset, village_ids=["nope"])


def test_a_failing_compute_names_plugin_and_indicator(toy_registry, toy_framework, toy_dataset):
    import dataclasses

    from villagescore.errors import PluginError

    node = toy_framework.indicators[4]
    broken = dataclasses.replace(node.indicator, compute=lambda frame: 1 / 0)
    fw = dataclasses.replace(toy_framework)
    object.__setattr__(node, "indicator", broken)
    try:
        with pytest.raises(PluginError, match="toy.share.*plugin 'toy'.*ZeroDivisionError"):
            Engine(toy_registry).evaluate(fw, toy_dataset)
    finally:
        object.__setattr__(node, "indicator", dataclasses.replace(broken, compute=node.indicator.compute))


class _MedianPlugin:
    """A plugin that only adds an aggregation rule (the median of the children present)."""

    __version__ = "2.0"

    @staticmethod
    def _median(scores, weights):
        return np.nanmedian(np.where(weights > 0, scores, np.nan), axis=1)

    from villagescore import hookimpl as _hookimpl

    @_hookimpl
    def register_aggregators(self):
        from villagescore import Aggregator

        return [Aggregator("median", self._median)]


def test_provenance_names_the_plugin_of_a_rule_the_framework_uses(toy_dataset, support_dir):
    from tests.support import toy_plugin
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    registry = Registry.from_plugin_manager(get_plugin_manager(
        entrypoints=False, plugins=(("toy", toy_plugin), ("median-rules", _MedianPlugin()))))
    doc = _doc(support_dir)
    doc["pillars"][1]["aggregator"] = "median"
    result = _evaluate(doc, registry, toy_dataset)
    # soc for v2 = median(soc.one 15, soc.two 50) = 32.5: the rule that made the number is a plugin's
    assert result.tree.pillar_score[1, 1] == pytest.approx(32.5)
    assert result.provenance["plugins_used"] == ["median-rules", "toy", "villagescore"]
    # without it, only the plugins of indicators and scorers
    assert _evaluate(_doc(support_dir), registry, toy_dataset).provenance["plugins_used"] == ["toy", "villagescore"]


def test_a_scorer_returning_the_wrong_shape_is_named(toy_registry, toy_framework, toy_dataset):
    import dataclasses

    from villagescore.errors import PluginError

    node = toy_framework.indicators[0]
    scalar = dataclasses.replace(node.scorer, name="scalar", plugin="toy", function=lambda values, params: 50.0)
    object.__setattr__(node, "scorer", scalar)
    try:
        # a single number used to be spread silently over every village
        with pytest.raises(PluginError, match="scorer 'scalar' \\(plugin 'toy'\\) returned shape \\(\\) for 3 "
                                              "villages on indicator 'toy.a'"):
            Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    finally:
        object.__setattr__(node, "scorer", dataclasses.replace(scalar, name="linear", plugin="villagescore",
                                                               function=toy_registry.scorers["linear"].function))


def test_a_compute_returning_text_for_a_numeric_indicator_is_named(toy_registry, toy_framework, toy_dataset):
    import dataclasses

    import pandas as pd

    from villagescore.errors import PluginError

    node = toy_framework.indicators[4]  # toy.share, direction higher
    original = node.indicator
    object.__setattr__(node, "indicator", dataclasses.replace(
        original, compute=lambda frame: pd.Series(["50", "", "lots"], index=frame.index, dtype=object)))
    try:
        with pytest.raises(PluginError, match="toy.share.*returned text such as 'lots'"):
            Engine(toy_registry).evaluate(toy_framework, toy_dataset)
        # numbers given as text, and empty cells, are accepted: "50" → 50 → score 100; "" → missing
        object.__setattr__(node, "indicator", dataclasses.replace(
            original, compute=lambda frame: pd.Series(["50", "", "10"], index=frame.index, dtype=object)))
        result = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
        assert result.matrix.scores[0, 4] == 100 and np.isnan(result.matrix.scores[1, 4])
    finally:
        object.__setattr__(node, "indicator", original)


def test_rows_are_ordered_by_village_and_year_as_a_stable_sort_would():
    import numpy as np
    import pandas as pd

    from villagescore.village_order import village_year_order as _village_year_order

    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"village_id": rng.choice(["b", "a", "Đ", "c-1", "c"], 400),
                          "year": rng.choice([2023.0, 2021.0, np.nan, 2025.0], 400), "k": np.arange(400)})
    frame.index = rng.permutation(400) + 1000
    want = frame.reset_index(drop=True).sort_values(["village_id", "year"], kind="stable").index.to_numpy()
    np.testing.assert_array_equal(_village_year_order(frame), want)


def test_the_weights_of_a_few_rows_are_those_rows_of_the_whole_level():
    import villagescore as vs
    from tests.conftest import REPO

    result = vs.evaluate(REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv")
    tree = result.tree
    rows = slice(3, 40)
    few = {level: tree.weights(level, rows) for level in ("indicator", "criterion", "pillar")}
    assert not tree._built  # only the rows asked for were weighed
    first = result.overall_weights(slice(0, 5))
    for level, part in few.items():
        np.testing.assert_array_equal(part, tree.weights(level)[rows])
    np.testing.assert_array_equal(first, result.overall_weights()[:5])
    np.testing.assert_array_equal(tree.weights("pillar", rows), tree.pillar_weight[rows])  # built: sliced


def test_the_framework_s_provenance_is_the_result_s_without_the_data(toy_registry, toy_framework, toy_dataset):
    """Audit 14 #2: ``framework show`` prints :meth:`Engine.framework_provenance`; a result of it records the same."""
    from villagescore.engine import Engine

    engine = Engine(toy_registry)
    result = engine.evaluate(toy_framework, toy_dataset)
    own = engine.framework_provenance(toy_framework)
    assert set(own) == {"engine_version", "framework", "plugins", "plugins_used"}
    assert {k: result.provenance[k] for k in own} == own
