"""villagescore.compare.ranks: competition ranks on the scores as printed, counted where they can be."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore.compare.ranks import as_printed, competition_rank, ranked_within
from villagescore.i18n.numbers import format_number


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.sampled_from([1.0, 2.5, 2.504, 2.505, 99.999, 100.0]), st.just(math.nan),
                          st.floats(0, 100)), max_size=12),
       st.sampled_from([["latest"], ["2024", "2025"], ["x"]]))
def test_ranks_in_one_part_are_those_of_grouping_by_it(scores, parts):
    scores = pd.Series(scores, dtype=float)
    partition = pd.Series([parts[i % len(parts)] for i in range(len(scores))], dtype=object)
    expected = scores.groupby(partition, sort=False).rank(method="min", ascending=False)
    pd.testing.assert_series_equal(ranked_within(scores, partition), expected)
    frame = pd.DataFrame({"a": scores, "b": scores[::-1].to_numpy()})
    pd.testing.assert_frame_equal(ranked_within(frame, partition),
                                  frame.groupby(partition, sort=False).rank(method="min", ascending=False))
    printed = pd.Series([float(format_number(x, 2).replace(",", "")) if x == x else x for x in scores], dtype=float)
    assert competition_rank(scores, partition).tolist() == \
        printed.groupby(partition, sort=False).rank(method="min", ascending=False).astype("Int64").tolist()


def test_a_part_with_missing_labels_is_grouped():
    scores = pd.Series([1.0, 2.0, 3.0])
    partition = pd.Series(["a", None, "a"], dtype=object)
    assert ranked_within(scores, partition).tolist()[::2] == [2.0, 1.0]
    assert math.isnan(ranked_within(scores, partition).iloc[1])


EDGES = [0.0, -0.0, 0.01, -0.01, 0.005, 99.99, 100.0, 1e-4, 2.5, 2.504, 2.505, 1e7, -1e7, 1234567.89, math.nan]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.sampled_from(EDGES), st.floats(-1e6, 1e6), st.floats(allow_nan=True, allow_infinity=True)),
                max_size=40),
       st.booleans())
def test_ranks_counted_from_hundredths_are_pandas_ranks(values, rounded):
    scores = pd.Series(values, dtype=float)
    if rounded:  # what the comparison ranks: scores rounded to 2 decimals (then counted, unless too spread)
        scores = scores.round(2)
    expected = scores.rank(method="min", ascending=False)
    pd.testing.assert_series_equal(ranked_within(scores), expected)
    frame = pd.DataFrame({"a": scores, "b": scores[::-1].to_numpy()}, index=scores.index[::-1])
    pd.testing.assert_frame_equal(ranked_within(frame), frame.rank(method="min", ascending=False))


def test_hundredths_are_counted_and_other_floats_are_left_to_pandas():
    from villagescore.compare.ranks import hundredths_ranks

    got = hundredths_ranks(np.array([1.5, math.nan, 1.5, 2.0, 0.1, -0.0, 0.0, -3.25]))
    assert got[[0, 2, 3, 4, 5, 6, 7]].tolist() == [2.0, 2.0, 1.0, 4.0, 5.0, 5.0, 7.0] and math.isnan(got[1])
    for refused in ([1.234], [math.inf, 1.0], [math.nan], [], [0.0, 1e9], [2.0**60]):
        assert hundredths_ranks(np.array(refused, dtype=float)) is None


def test_scores_printed_alike_tie_and_a_higher_printed_score_ranks_higher():
    scores = pd.Series([50.015, 50.0149, 50.005, 49.995, 50.0051, math.nan])
    assert [format_number(x, 2) for x in scores[:5]] == ["50.02", "50.01", "50.01", "50.00", "50.01"]
    assert competition_rank(scores).tolist() == [1, 2, 2, 5, 2, pd.NA]
    assert competition_rank(scores, pd.Series(["a", "a", "b", "b", "b", "a"])).tolist() == [1, 2, 1, 3, 1, pd.NA]


def test_the_printed_score_is_the_four_decimal_one_shown_with_two():
    # a group mean of 50.004966… is written 50.005 (4 decimals) and shown 50.01: ranked as 50.01
    assert as_printed(np.array([(50.0 + 50.0 + 50.0149) / 3, 50.0149, math.nan])).tolist()[:2] == [50.01, 50.01]
    big = np.random.default_rng(0).integers(-10**6, 10**6, 100_000) / 1e4
    assert (as_printed(big) == [float(format_number(x, 2).replace(",", "")) for x in big]).all()
