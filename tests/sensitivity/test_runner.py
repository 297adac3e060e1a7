"""villagescore.sensitivity.run on the toy framework: seeds, intervals, tier probabilities, gates, groups."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from villagescore import sensitivity as sa
from villagescore.engine import Engine
from villagescore.results import to_json_bytes

OFF = dict(weights="off", aggregation=False, threshold_spread=0.0, missing=False, data=False)


@pytest.fixture
def toy_engine(toy_registry):
    return Engine(toy_registry)


def test_switched_off_every_interval_collapses_to_the_nominal_rank(toy_engine, toy_framework, toy_dataset):
    res = sa.run(toy_engine, toy_framework, toy_dataset, sa.Settings(samples=20, **OFF))
    assert res.groups == ()
    assert res.nominal_rank.tolist() == [1, 3, 2]  # 88.33 > 43.33 > 29.58
    for q in range(3):
        assert res.rank_quantiles[q].tolist() == res.nominal_rank.tolist()
    probs = res.tier_probabilities()
    assert probs[np.arange(3), res.nominal_tier].tolist() == [1.0, 1.0, 1.0]
    assert res.to_dict()["indices"] == {}


def test_same_seed_same_bytes_and_independent_of_chunk(toy_engine, toy_framework, toy_dataset):
    def out(seed, chunk=None):
        s = sa.Settings(samples=60, seed=seed, sa_samples=16, bootstrap=20, chunk=chunk)
        return to_json_bytes(sa.run(toy_engine, toy_framework, toy_dataset, s).to_dict())

    first = out(5)
    assert out(5) == first
    assert out(5, chunk=1) == first
    assert out(5, chunk=7) == first
    assert out(6) != first


def test_ranks_in_a_second_thread_give_what_one_thread_gives(toy_engine, toy_framework, toy_dataset, monkeypatch):
    from villagescore.sensitivity import runner

    def run(processors):
        monkeypatch.setattr(runner, "_usable_processors", lambda: processors)
        # every group varied (re-scored thresholds and data, both policies), indices on; chunks of 7 samples
        s = sa.Settings(samples=60, seed=3, sa_samples=16, bootstrap=20, chunk=7, threshold_spread=0.2)
        res = sa.run(toy_engine, toy_framework, toy_dataset, s)
        return to_json_bytes(res.to_dict()), res.rank_quantiles, res.tier_counts

    alone, paired = run(1), run(2)
    assert alone[0] == paired[0]
    assert np.array_equal(alone[1], paired[1]) and np.array_equal(alone[2], paired[2])


def test_tier_probabilities_sum_to_one(toy_engine, toy_framework, toy_dataset):
    res = sa.run(toy_engine, toy_framework, toy_dataset, sa.Settings(samples=101, seed=2, indices=False))
    probs = res.tier_probabilities()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    # ratings count in the samples that keep the framework's rule (about half of them here)
    assert 0 < res.tier_samples < 101
    assert res.tier_counts.sum(axis=1).tolist() == [res.tier_samples] * 3
    d = res.to_dict()
    for v in d["villages"]:
        assert sum(v["tier_probabilities"].values()) == pytest.approx(1.0, abs=1e-5)
        assert v["rank"]["p05"] <= v["rank"]["median"] <= v["rank"]["p95"]


def test_gates_cap_the_tier_in_every_sample(toy_engine, toy_framework, toy_dataset):
    # v2 fails the flag-required gate (cap: low); weights and rules cannot lift it
    res = sa.run(toy_engine, toy_framework, toy_dataset,
                 sa.Settings(samples=50, seed=1, threshold_spread=0.0, missing=False, data=False, indices=False))
    low = [t.id for t in toy_framework.tiers].index("low")
    assert res.tier_counts[1, low] == res.tier_samples > 0


def test_data_quality_sets_the_noise(toy_engine, toy_framework, toy_dataset):
    def stay(quality):
        s = sa.Settings(samples=200, seed=4, default_quality=quality, indices=False,
                        sigma={"measured": 0.0, "reported": 0.10, "estimated": 0.25}, **dict(OFF, data=True))
        res = sa.run(toy_engine, toy_framework, toy_dataset, s)
        assert res.groups == ("data",)
        return res.tier_probabilities()[np.arange(3), res.nominal_tier]

    # σ = 0 for measured values: nothing moves. Estimated values move v3 (43.3, tier mid): its toy.b = 60
    # sits on a band edge (60 → 50 points, just below → 25) and toy.c = 50 on its limit (ratio 1.0 → 50,
    # just above → 25), so noise in either direction can drop it below 40.
    assert stay("measured").tolist() == [1.0, 1.0, 1.0]
    estimated = stay("estimated")
    assert estimated[2] < 1.0


def test_threshold_shift_rescales_limits(toy_engine, toy_framework, toy_dataset):
    # only thresholds: v3's toy.c = 50 with limit 50 (ratio 1.0 → 50 points) falls to 25 points whenever the
    # limit shrinks (ratio > 1), so v3 often leaves its tier (mid); v1 (88.3, ratio 0.5) keeps 'high' unless
    # its linear goalposts (toy.a, toy.share) both move up by nearly 30 %
    s = sa.Settings(samples=100, seed=5, indices=False, **dict(OFF, threshold_spread=0.3))
    res = sa.run(toy_engine, toy_framework, toy_dataset, s)
    assert res.groups == ("thresholds",)
    probs = res.tier_probabilities()
    assert probs[0, 0] >= 0.95
    assert 0.1 < probs[2, 1] < 0.9
    assert probs[1, 2] == 1.0  # v2 is capped by its gate, which thresholds never move


def test_year_and_setting_errors(toy_engine, toy_framework, toy_dataset):
    from villagescore.i18n import use_language

    use_language("en")  # messages are written in the language of the run
    with pytest.raises(sa.SensitivityError, match="no village rows for year 1999"):
        sa.run(toy_engine, toy_framework, toy_dataset, sa.Settings(samples=2), year=1999)
    with pytest.raises(sa.SensitivityError, match="weight spread"):
        sa.Settings(weight_spread=1.5).check()


def test_a_village_absent_from_the_year_is_said_so_not_another_named(toy_engine, toy_framework, toy_dataset):
    import pandas as pd

    from villagescore.i18n import use_language
    from villagescore.villages import VillageChoiceError

    use_language("en")
    frame = toy_dataset.frame
    later = frame[frame["village_id"] == "v3"].assign(year=2025)
    ds = dataclasses.replace(toy_dataset, frame=pd.concat([frame[frame["village_id"] != "v3"], later],
                                                          ignore_index=True))
    with pytest.raises(VillageChoiceError, match=r"\(v3\): no village-year in 2024; the years present: 2025"):
        sa.run(toy_engine, toy_framework, ds, sa.Settings(samples=2), year=2024, village_ids=["Làng Ba"])
    res = sa.run(toy_engine, toy_framework, ds, sa.Settings(samples=2, **OFF), year=2025, village_ids=["Làng Ba"])
    assert res.frame["village_id"].tolist() == ["v3"]


def test_default_rows_are_each_villages_latest_year(toy_engine, toy_framework, toy_dataset):
    import pandas as pd

    frame = toy_dataset.frame
    older = frame.assign(year=2020)
    newer_v1 = frame[frame["village_id"] == "v1"].assign(year=2025)
    ds = dataclasses.replace(toy_dataset, frame=pd.concat([older, frame, newer_v1], ignore_index=True))
    res = sa.run(toy_engine, toy_framework, ds, sa.Settings(samples=5, **OFF))
    assert res.year is None
    assert list(zip(res.frame["village_id"], res.frame["year"], strict=True)) == [
        ("v1", 2025), ("v2", 2024), ("v3", 2024)]
    res = sa.run(toy_engine, toy_framework, ds, sa.Settings(samples=5, **OFF), year=2020)
    assert res.year == 2020 and res.frame["year"].tolist() == [2020, 2020, 2020]


def test_ratings_count_only_in_samples_that_keep_the_framework_rule(toy_engine, toy_framework, toy_dataset):
    # only the rule varies: the toy framework is arithmetic, so every counted rating is the nominal one
    res = sa.run(toy_engine, toy_framework, toy_dataset, sa.Settings(samples=80, seed=3, indices=False,
                                                                     **dict(OFF, aggregation=True)))
    assert 0 < res.tier_samples < 80
    probs = res.tier_probabilities()
    assert probs[np.arange(3), res.nominal_tier].tolist() == [1.0, 1.0, 1.0]
    assert res.to_dict()["tier_samples"] == res.tier_samples


@pytest.fixture
def english():
    from villagescore.i18n import use_language

    previous = use_language("en")
    yield
    use_language(previous)


def test_no_sample_keeping_the_rule_gives_no_probability_and_a_warning(toy_engine, toy_framework, toy_dataset,
                                                                       english):
    # -n 1 with the rule varied: the one sample may use the other rule, then no rating counts
    runs = (sa.run(toy_engine, toy_framework, toy_dataset, sa.Settings(samples=1, seed=seed, indices=False,
                                                                      **dict(OFF, aggregation=True)))
            for seed in range(40))
    res = next(r for r in runs if r.tier_samples == 0)
    assert np.isnan(res.tier_probabilities()).all()
    d = res.to_dict()
    assert d["tier_samples"] == 0
    for v in d["villages"]:
        assert set(v["tier_probabilities"].values()) == {None} and v["probability_nominal_tier"] is None
    assert any("no sample kept the framework's aggregation rule" in w and "Settings(aggregation=False)" in w
               and "--no-aggregation" not in w for w in d["warnings"])  # the Python API names its settings
    cli = res.to_dict(options={"samples": "-n", "no_aggregation": "--no-aggregation"})
    assert any(w.endswith("raise -n, or keep the rule with --no-aggregation") for w in cli["warnings"])
    from villagescore.reports.sensitivity import render_markdown

    text = render_markdown(d, "en")
    text = text.decode() if isinstance(text, bytes) else text
    assert "(0 %)" not in text and "| — | — |" in text


def test_few_samples_are_said_to_give_rough_intervals(toy_engine, toy_framework, toy_dataset, english):
    few = sa.run(toy_engine, toy_framework, toy_dataset, sa.Settings(samples=20, **OFF))
    assert any("only 20 Monte Carlo samples" in w for w in few.warnings)
    enough = sa.run(toy_engine, toy_framework, toy_dataset, sa.Settings(samples=100, **OFF))
    assert not any("Monte Carlo samples" in w for w in enough.warnings)
    assert enough.tier_samples == 100


def test_a_dataframe_is_analysed_as_the_dataset_read_from_it_and_anything_else_is_refused(toy_engine, toy_framework,
                                                                                          toy_dataset):
    # explain() takes a DataFrame: so does run(), validated like a file
    import pandas as pd

    settings = sa.Settings(samples=20, seed=3)
    from_frame = sa.run(toy_engine, toy_framework, pd.read_csv(toy_dataset.path), settings)
    from_file = sa.run(toy_engine, toy_framework, toy_dataset, settings)
    assert from_frame.rank_quantiles.tolist() == from_file.rank_quantiles.tolist()
    with pytest.raises(sa.SensitivityError, match="takes the data to score: .* or a DataFrame, not list"):
        sa.run(toy_engine, toy_framework, [1, 2], settings)
