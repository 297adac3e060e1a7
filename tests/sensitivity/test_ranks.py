"""villagescore.sensitivity.ranks: ranks of a batch and rank quantiles."""

import numpy as np

from villagescore import sensitivity as sa
from villagescore.sensitivity.ranks import rank_quantiles


def test_rank_desc_ties_share_the_best_rank_and_missing_is_last():
    ranks = sa.rank_desc(np.array([[50.0, 70.0, 50.0 + 1e-12, np.nan], [1.0, 2.0, 3.0, 4.0]]))
    assert ranks.tolist() == [[2, 1, 2, 4], [4, 3, 2, 1]]


def test_rank_desc_ties_on_the_published_score():
    """59.99999999 is published 60.0 and ties 60.0; 59.9999 ranks below it, as the tiers decide."""
    ranks = sa.rank_desc(np.array([[60.0, 59.99999999, 59.9999, 59.99995]]))
    assert ranks.tolist() == [[1, 1, 3, 3]]  # 59.99995 is published 59.9999, as Python rounds it


def _reference_ranks(scores):
    """1 + how many villages of the row score more (as published, 4 decimals; a missing score below every other)."""
    published = np.vectorize(lambda x: round(x, 4) if x == x else x)(np.clip(scores, 0.0, 100.0)) if scores.size \
        else scores
    key = np.where(np.isnan(scores), -1.0, np.rint(published * 1e4))
    return (key[:, None, :] > key[:, :, None]).sum(axis=2) + 1


def test_rank_desc_gives_the_ranks_of_counting_better_scores():
    rng = np.random.default_rng(11)
    for rows, villages in ((1, 1), (3, 2), (7, 60), (40, 333), (2, 0), (0, 4)):
        scores = rng.uniform(0.0, 100.0, (rows, villages))
        if villages > 4:  # ties (whole points, equal after rounding), missing scores, the ends of the scale
            scores[:, : villages // 3] = np.round(scores[:, : villages // 3])
            scores[:, 1] = scores[:, 2] + 1e-9
            scores[::2, -3:] = np.nan
            scores[1::2, -2:] = [0.0, 100.0]
        ranks = sa.rank_desc(scores)
        assert ranks.dtype == np.int32 and ranks.shape == (rows, villages)
        assert np.array_equal(ranks, _reference_ranks(scores)), (rows, villages)


def test_rank_quantiles_are_observed_ranks():
    store = np.array([[1, 3], [2, 3], [3, 1], [1, 2]] * 5, dtype=np.uint16)  # 20 samples, 2 villages
    quant = rank_quantiles(store)
    # inverted CDF: the 5 % rank is the 1st smallest of 20, the median the 10th, the 95 % the 19th
    assert quant[:, 0].tolist() == [1, 1, 3]
    assert quant[:, 1].tolist() == [1, 2, 3]


def _sorted_quantiles(store):
    import math

    s = store.shape[0]
    pick = [max(0, math.ceil(q * s) - 1) for q in (0.05, 0.5, 0.95)]
    return np.sort(store, axis=0)[pick].astype(np.int64)


def test_rank_quantiles_count_or_select_exactly_what_a_full_sort_gives():
    rng = np.random.default_rng(5)
    # more samples than possible ranks (counted), fewer (selected), and one sample
    for samples, villages in ((400, 60), (30, 500), (1, 40), (999, 3)):
        store = rng.integers(1, villages + 1, size=(samples, villages)).astype(np.uint16)
        store[:, 0] = store[0, 0]  # one village always at the same rank
        assert np.array_equal(rank_quantiles(store), _sorted_quantiles(store)), (samples, villages)


def test_rank_quantiles_count_in_blocks_of_villages(monkeypatch):
    from villagescore.sensitivity import ranks

    monkeypatch.setattr(ranks, "_COUNT_CELLS", 7)  # one village (or fewer cells than ranks) per block
    store = np.random.default_rng(2).integers(1, 9, size=(50, 8)).astype(np.uint32)
    assert np.array_equal(rank_quantiles(store), _sorted_quantiles(store))


def test_rank_quantiles_of_no_village_is_empty():
    assert rank_quantiles(np.empty((10, 0), dtype=np.uint16)).shape == (3, 0)
