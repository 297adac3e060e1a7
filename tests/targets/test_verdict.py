"""Verdicts judged on the target's year: hand-computed cases."""

import pytest

from villagescore.targets.model import Target
from villagescore.targets.verdict import Point, judge


def _target(year=2025, op=">=", value=30.0, unit="share_of_villages"):
    return Target(id="t", label={"vi": "t", "en": "t"}, source={}, confidence="secondary", year=year, unit=unit,
                  op=op, value=value, measure={"statistic": "share"})


def _points(*pairs):
    return [Point(y, v, v, v) for y, v in pairs]


def test_a_target_is_judged_on_its_year_never_on_a_later_one():
    late = judge(_target(), _points((2025, 0.0), (2026, 100.0)), last_year=2026)
    assert (late["verdict"], late["judged_year"], late["later_years"]) == ("missed", 2025, [2026])
    early = judge(_target(), _points((2025, 100.0), (2026, 0.0)), last_year=2026)
    assert (early["verdict"], early["judged_year"]) == ("met", 2025)
    assert late["projected"] is None  # the target year is measured: nothing is projected


def test_data_that_stop_before_the_target_year_say_so_with_a_labelled_projection():
    # 10 % in 2023, 20 % in 2024: +10 points a year, 30 % in 2025; the data of others reach 2025
    out = judge(_target(), _points((2023, 10.0), (2024, 20.0)), last_year=2025)
    assert (out["verdict"], out["basis"], out["projected"]) == ("no_target_year", "projection", 30.0)
    skipped = judge(_target(), _points((2024, 50.0), (2026, 50.0)), last_year=2026)  # 2025 missing, 2026 not used
    assert (skipped["verdict"], skipped["later_years"]) == ("no_target_year", [2026])


def test_a_target_year_after_the_data_is_judged_by_the_projection():
    points = _points((2022, 10.0), (2024, 20.0))  # +5 points a year: 50 % in 2030
    assert judge(_target(2030, value=50.0), points, last_year=2024)["verdict"] == "on_track"
    assert judge(_target(2030, value=51.0), points, last_year=2024)["verdict"] == "off_track"
    one = judge(_target(2030, value=5.0), _points((2024, 20.0)), last_year=2024)
    assert (one["verdict"], one["basis"]) == ("unknown", "projection")  # one year only, even if reached
    assert judge(_target(), [], last_year=2024)["verdict"] == "no_data"


def test_unclassified_villages_that_could_change_the_verdict_leave_it_undecided():
    target = _target(value=50.0)
    assert judge(target, [Point(2025, 60.0, 40.0, 70.0)], last_year=2025)["verdict"] == "insufficient_data"
    assert judge(target, [Point(2025, 60.0, 55.0, 70.0)], last_year=2025)["verdict"] == "met"
    assert judge(target, [Point(2025, 30.0, 20.0, 45.0)], last_year=2025)["verdict"] == "missed"


def test_the_projection_range_takes_each_year_at_the_end_its_weight_favours():
    # n = 2, mean year 2023, Σ(y − ȳ)² = 2: c(2022) = ½ + 7·(−1)/2 = −3, c(2024) = ½ + 7·1/2 = 4
    points = [Point(2022, 10.0, 5.0, 10.0), Point(2024, 20.0, 20.0, 30.0)]
    out = judge(_target(2030, value=40.0, unit="count"), points, last_year=2024)
    assert out["projected"] == pytest.approx(50.0)  # −3·10 + 4·20
    assert out["projected_range"] == [pytest.approx(50.0), pytest.approx(105.0)]  # −3·10 + 4·20, −3·5 + 4·30
    assert out["verdict"] == "on_track"
    assert judge(_target(2030, value=60.0, unit="count"), points, last_year=2024)["verdict"] == "insufficient_data"


def test_a_partial_total_says_only_what_a_lower_bound_proves():
    at_least = _target(value=50.0, unit="count")
    assert judge(at_least, _points((2025, 100.0)), last_year=2025, partial_total=True)["verdict"] == "met"
    assert judge(at_least, _points((2025, 40.0)), last_year=2025, partial_total=True)["verdict"] == "partial_total"
    at_most = _target(op="<=", value=50.0, unit="count")
    assert judge(at_most, _points((2025, 60.0)), last_year=2025, partial_total=True)["verdict"] == "missed"
    assert judge(at_most, _points((2025, 40.0)), last_year=2025, partial_total=True)["verdict"] == "partial_total"
    negative = [Point(2025, 100.0, 100.0, 100.0, nonnegative=False)]  # a negative value: not a lower bound
    assert judge(at_least, negative, last_year=2025, partial_total=True)["verdict"] == "partial_total"
    future = judge(_target(2030, value=50.0, unit="count"), _points((2022, 10.0), (2024, 20.0)), last_year=2024,
                   partial_total=True)
    assert future["verdict"] == "partial_total" and future["projected"] == pytest.approx(50.0)
    assert judge(at_least, _points((2025, 40.0)), last_year=2025)["verdict"] == "missed"  # complete data: judged
