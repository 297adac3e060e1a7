"""The run identity helpers of ``villagescore.compare.table``."""

from villagescore.compare.table import plugin_versions_used


def test_plugin_versions_used_names_the_used_plugins_with_their_versions():
    prov = {"plugins": [{"name": "wood", "version": "0.1.0"}, {"name": "bronze", "version": "1.0 sha256:abc"},
                        {"name": "unused", "version": "9"}],
            "plugins_used": ["wood", "bronze", "gone"]}
    assert plugin_versions_used(prov) == ("bronze==1.0 sha256:abc", "gone==?", "wood==0.1.0")


def test_plugin_versions_used_of_older_or_odd_provenance():
    assert plugin_versions_used({"plugins": [{"name": "b", "version": "2"}, {"name": "a"}]}) == ("a==?", "b==2")
    assert plugin_versions_used({"plugins": [], "plugins_used": []}) == ()
    assert plugin_versions_used({}) == ()
    assert plugin_versions_used(None) == ()
    assert plugin_versions_used({"plugins": "x", "plugins_used": "y"}) == ()


def test_a_result_without_plugins_used_names_none_when_asked_so():
    prov = {"plugins": [{"name": "b", "version": "2"}]}
    assert plugin_versions_used(prov, unrecorded_as_all=False) == ()
    assert plugin_versions_used({**prov, "plugins_used": ["b"]}, unrecorded_as_all=False) == ("b==2",)



def test_scores_of_chosen_observations_are_those_of_the_whole_matrix():
    """One run's observations taken in one step, several runs' part by part: the rows of the whole matrix."""
    import numpy as np
    import pandas as pd

    from villagescore.compare.table import Level, ScoreTable

    rng = np.random.default_rng(3)

    def level(n):
        score = rng.random((n, 3)).round(2)
        score[0, 1] = np.nan
        return {"pillar": Level(("a", "b", "c"), ("a", "b", "c"), (None,) * 3, score, np.zeros((n, 3), np.int8))}

    for sizes in ([6], [4, 5]):
        table = ScoreTable([object()] * len(sizes), pd.DataFrame({"obs": range(sum(sizes))}),
                           [level(n) for n in sizes], list(sizes))
        whole = table.scores("pillar", ["c", "x", "a"])
        for obs in ([], [0], [5, 2, 2, 0], list(range(sum(sizes)))[::-1]):
            got = table.scores("pillar", ["c", "x", "a"], obs=obs)
            np.testing.assert_array_equal(got, whole[obs] if obs else np.empty((0, 3)))
            assert got.dtype == float and got.flags.writeable


def test_a_run_describes_how_it_was_scored_and_what_it_rests_on(toy_registry, toy_framework, toy_dataset):
    """``runs[]`` of a comparison: the scoring options, the result's provenance and its regulation versions."""
    from villagescore.compare import table_from_result
    from villagescore.engine import Engine

    result = Engine(toy_registry).evaluate(toy_framework, toy_dataset, options={"as_of": "2015-01-01"})
    (run,) = table_from_result(result, "toy.csv").runs
    described = run.describe()
    assert described["scoring"] == {"unverified_limits": "score", "as_of": "2015-01-01"}
    assert described["provenance"] == result.provenance and described["provenance"]["framework"]["resolved_sha256"]
    assert set(described["regulations"]) == {v.regulation.id for n in toy_framework.indicators if n.threshold
                                             for v in n.threshold.versions}
    assert run == table_from_result(result, "toy.csv").runs[0]  # provenance is not part of the run's identity


def test_a_run_s_provenance_is_written_in_one_key_order_whatever_the_file_s(toy_registry, toy_framework, toy_dataset):
    """Audit 16 #4: the same result rewritten with sorted keys (``jq -S``) gave another comparison JSON."""
    import dataclasses
    import json

    from villagescore.compare import table_from_result
    from villagescore.engine import Engine
    from villagescore.results import to_json_bytes

    result = Engine(toy_registry).evaluate(toy_framework, toy_dataset, options={"as_of": "2015-01-01"})
    (run,) = table_from_result(result, "toy.csv").runs

    def reversed_keys(value):
        if isinstance(value, dict):
            return {k: reversed_keys(value[k]) for k in reversed(list(value))}
        return [reversed_keys(v) for v in value] if isinstance(value, list) else value

    shuffled = dataclasses.replace(run, provenance=reversed_keys(json.loads(json.dumps(run.provenance))),
                                   regulations=reversed_keys(json.loads(json.dumps(run.regulations))))
    assert list(shuffled.provenance) != list(run.provenance)
    assert to_json_bytes(shuffled.describe()) == to_json_bytes(run.describe())
