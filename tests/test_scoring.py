"""Built-in scorers, each against values worked out by hand."""

import numpy as np
import pytest

from villagescore import scoring

nan = np.nan


def test_bands_closed_right_puts_an_edge_in_the_lower_band():
    # edges 0.5 | 0.8 | 1.0 | 1.5 ; (-inf,0.5]→100 (0.5,0.8]→75 (0.8,1.0]→50 (1.0,1.5]→25 (1.5,inf)→0
    params = {"edges": [0.5, 0.8, 1.0, 1.5], "scores": [100, 75, 50, 25, 0]}
    out = scoring.bands(np.array([0.2, 0.5, 0.51, 0.8, 1.0, 1.2, 1.5, 1.6, nan]), params)
    np.testing.assert_array_equal(out, [100, 100, 75, 75, 50, 25, 25, 0, nan])


def test_bands_closed_left_puts_an_edge_in_the_upper_band():
    # coverage bands: <30→0, [30,60)→25, [60,80)→50, [80,95)→75, ≥95→100
    params = {"edges": [30, 60, 80, 95], "scores": [0, 25, 50, 75, 100], "closed": "left"}
    out = scoring.bands(np.array([0, 29.9, 30, 60, 79.99, 80, 95, 100]), params)
    np.testing.assert_array_equal(out, [0, 0, 25, 50, 50, 75, 100, 100])


def test_linear_goalposts_both_directions_and_clipping():
    up = scoring.linear(np.array([-10, 0, 25, 50, 100, 120, nan]), {"worst": 0, "best": 100})
    np.testing.assert_array_equal(up, [0, 0, 25, 50, 100, 100, nan])
    # lower is better: 0 at 90 dBA, 100 at 70 dBA → 80 dBA is half way
    down = scoring.linear(np.array([95, 90, 80, 70, 60]), {"worst": 90, "best": 70})
    np.testing.assert_array_equal(down, [0, 0, 50, 100, 100])


def test_ratio_to_limit_value_exactly_at_the_limit_is_compliant():
    # COD limit 150 mg/L (QCVN 40:2011 column B): 75 → 0.5 → 100; 120 → 0.8 → 75; 150 → 1.0 → 50;
    # 225 → 1.5 → 25; 300 → 2.0 → 0
    out = scoring.ratio_to_limit(np.array([75, 120, 150, 225, 300, nan]), {"limit": 150})
    np.testing.assert_array_equal(out, [100, 75, 50, 25, 0, nan])


def test_ratio_to_limit_per_village_limits_and_custom_bands():
    out = scoring.ratio_to_limit(np.array([50.0, 50.0]), {"limit": np.array([50.0, 100.0]),
                                                          "edges": [1.0], "scores": [100, 0]})
    np.testing.assert_array_equal(out, [100, 100])
    out = scoring.ratio_to_limit(np.array([51.0, 101.0]), {"limit": np.array([50.0, 100.0]),
                                                           "edges": [1.0], "scores": [100, 0]})
    np.testing.assert_array_equal(out, [0, 0])


def test_ratio_to_limit_closed_left_a_wage_exactly_at_the_minimum_meets_it():
    # economy.wage_to_minimum: Region II minimum 4,410,000 (Decree 74/2024); edges 1 | 1.2 | 1.5 | 2,
    # scores 0, 50, 70, 85, 100 closed on the left: exactly at the minimum → 50, just below → 0
    params = {"limit": 4_410_000, "edges": [1, 1.2, 1.5, 2], "scores": [0, 50, 70, 85, 100], "closed": "left"}
    out = scoring.ratio_to_limit(np.array([4_409_999, 4_410_000, 5_292_000, 8_820_000, nan]), params)
    np.testing.assert_array_equal(out, [0, 50, 70, 100, nan])


def test_boolean_default_and_inverted():
    np.testing.assert_array_equal(scoring.boolean(np.array([1, 0, nan]), {}), [100, 0, nan])
    # "child labour present" is bad: true → 0, false → 100
    inverted = scoring.boolean(np.array([1, 0]), {"true_score": 0, "false_score": 100})
    np.testing.assert_array_equal(inverted, [0, 100])


def test_categorical_maps_and_leaves_unknown_missing():
    out = scoring.categorical(np.array(["lpg", "coal", None, "wood"], dtype=object),
                              {"scores": {"lpg": 100, "electric": 100, "coal": 0}})
    np.testing.assert_array_equal(out, [100, 0, nan, nan])


def test_target_band_with_linear_fall_off():
    # pH target 6–9, 0 at 4 and at 11: 5 → (5-4)/(6-4) = 50; 10 → (11-10)/(11-9) = 50
    params = {"low": 6, "high": 9, "zero_below": 4, "zero_above": 11}
    out = scoring.target(np.array([3, 4, 5, 6, 7.5, 9, 10, 11, 12, nan]), params)
    np.testing.assert_array_equal(out, [0, 0, 50, 100, 100, 100, 50, 0, 0, nan])


def test_target_without_fall_off_is_a_step():
    out = scoring.target(np.array([5.9, 6, 9, 9.1]), {"low": 6, "high": 9})
    np.testing.assert_array_equal(out, [0, 100, 100, 0])


@pytest.mark.parametrize("scorer", scoring.BUILTIN_SCORERS, ids=lambda s: s.name)
def test_every_builtin_scorer_has_a_valid_params_schema(scorer):
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(scorer.params_schema)
    assert scorer.description


# ---- Scorer.perturb: thresholds moved by a factor per value ----

PERTURBED = {
    "bands": {"edges": [30, 60, 80, 95], "scores": [0, 25, 50, 75, 100], "closed": "left"},
    "linear": {"worst": 10, "best": 90},
    "ratio_to_limit": {"limit": 50.0},
    "target": {"low": 40, "high": 60, "zero_below": 20, "zero_above": 90},
}


@pytest.mark.parametrize("name", sorted(PERTURBED))
def test_moving_every_threshold_by_f_scores_like_the_value_divided_by_f(name):
    """Every threshold times f is the value divided by f: what the sensitivity analysis moves."""
    scorer = next(s for s in scoring.BUILTIN_SCORERS if s.name == name)
    rng = np.random.default_rng(1)
    x = np.append(rng.uniform(0, 120, 400).round(3), [nan, 0.0])
    f = rng.uniform(0.8, 1.2, x.shape)
    params = PERTURBED[name]
    moved = scorer.function(x, scorer.perturb(params, f))
    np.testing.assert_allclose(moved, scorer.function(x / f, params), rtol=0, atol=1e-9)
    assert np.isnan(moved[-2])
    # a factor of 1 changes nothing, and per-value thresholds keep the nominal scores
    np.testing.assert_array_equal(scorer.function(x, scorer.perturb(params, np.ones_like(x))),
                                  scorer.function(x, params))


def test_target_without_fall_off_takes_per_value_bounds():
    out = scoring.target(np.array([35.0, 35.0, 65.0]), {"low": np.array([30.0, 40.0, 40.0]), "high": 60.0})
    np.testing.assert_array_equal(out, [100.0, 0.0, 0.0])


def test_scorers_without_thresholds_are_not_perturbed():
    perturb = {s.name: s.perturb for s in scoring.BUILTIN_SCORERS}
    assert perturb["boolean"] is None and perturb["categorical"] is None


@pytest.mark.parametrize(("check", "params", "vi", "en"), [
    (scoring.check_bands, {"edges": [1, 2], "scores": [0, 100]}, "bands: 2 mốc cần 3 điểm số, nhưng có 2",
     "bands: 2 edges need 3 scores, got 2"),
    (scoring.check_bands, {"edges": [2, 1], "scores": [0, 50, 100]}, "bands: các mốc phải theo thứ tự tăng dần",
     "bands: edges must be in ascending order"),
    (scoring.check_ratio_to_limit, {"edges": [0.5, 1.0]},
     "ratio_to_limit: 2 mốc cần 3 điểm số, nhưng có 5 (các điểm số mặc định)",
     "ratio_to_limit: 2 edges need 3 scores, got 5 (the default scores)"),
    (scoring.check_ratio_to_limit, {"scores": [100, 0]},
     "ratio_to_limit: 4 mốc cần 5 điểm số, nhưng có 2 (với các mốc mặc định 0.5, 0.8, 1.0, 1.5)",
     "ratio_to_limit: 4 edges need 5 scores, got 2 (with the default edges 0.5, 0.8, 1.0, 1.5)"),
    (scoring.check_linear, {"worst": 1, "best": 1}, "linear: worst (giá trị kém nhất) và best (giá trị tốt nhất) phải "
     "khác nhau", "linear: worst and best must differ"),
    (scoring.check_target, {"low": 5, "high": 1}, "target: low (5) không được lớn hơn high (1)",
     "target: low (5) must not be above high (1)"),
])
def test_parameter_problems_are_said_in_vietnamese(check, params, vi, en):
    (where, message), *_ = check(params)
    assert message == en and message.text("en") == en
    assert message.text("vi") == vi


@pytest.mark.parametrize(("values", "worst", "best"), [
    (np.array([-10.0, 0, 25, 33.3, 50, 100, 120, nan, np.inf, -np.inf, -0.0]), 0, 100),
    (np.array([95.0, 90, 80, 71.7, 60, nan]), 90, 70),
    (np.linspace(-5, 105, 301), np.linspace(0, 10, 301), np.linspace(90, 100, 301)),  # one goalpost per value
    (np.array(42.0), 0, 100),  # one value
    (np.array(42.0), np.array([0.0, 10.0]), 100),  # goalposts wider than the values
    (np.array([[1.0, 50.0], [70.0, nan]]), 0, np.array([[100.0], [80.0]])),
])
def test_linear_in_place_equals_the_expression(values, worst, best):
    """The scorer works in place; the numbers are those of the one-line expression, bit for bit."""
    want = np.clip((np.asarray(values, dtype=float) - np.asarray(worst, dtype=float))
                   / (np.asarray(best, dtype=float) - np.asarray(worst, dtype=float)), 0.0, 1.0) * 100.0
    got = scoring.linear(values, {"worst": worst, "best": best})
    assert np.shape(got) == np.shape(want)
    np.testing.assert_array_equal(got, want)
    assert np.array_equal(np.signbit(got), np.signbit(want))


def _bands_by_digitize(x, edges, scores, right):
    """The band each value falls in as numpy.digitize finds it (the reference of the built-in's compares)."""
    x = np.asarray(x, dtype=float)
    out = np.asarray(scores, dtype=float)[np.digitize(np.nan_to_num(x, nan=0.0), edges, right=right)]
    out[np.isnan(x)] = nan
    return out


@pytest.mark.parametrize("closed", ["right", "left"])
def test_bands_give_what_digitize_gives_on_edges_gaps_and_infinities(closed):
    rng = np.random.default_rng(11)
    for k in (1, 4, 31):
        edges = np.sort(rng.choice(np.arange(-50, 50) / 4, size=k, replace=False))
        scores = rng.choice([0.0, 12.5, 25.0, 60.0, 100.0], size=k + 1)
        x = np.concatenate([edges, edges + 1e-9, edges - 1e-9, [-np.inf, np.inf, nan, -0.0, 0.0],
                            rng.uniform(-20, 20, 3000), np.full(500, nan)])
        rng.shuffle(x)
        got = scoring.bands(x, {"edges": edges.tolist(), "scores": scores.tolist(), "closed": closed})
        np.testing.assert_array_equal(got, _bands_by_digitize(x, edges, scores, closed == "right"))
        assert scoring.bands(x[:1].reshape(()), {"edges": edges.tolist(), "scores": scores.tolist(),
                                                  "closed": closed}).shape == ()
    # one row of edges per value (perturbed): a missing value reads NaN whatever its edges
    per_value = scoring.bands(np.array([1.0, nan, 3.0]), {"edges": [[0.5, 2.0], [0.5, 2.0], [3.5, 4.0]],
                                                          "scores": [10, 20, 30], "closed": closed})
    np.testing.assert_array_equal(per_value, [20, nan, 10])
