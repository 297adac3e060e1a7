"""villagescore.sensitivity.ranks: ranks of a batch and rank quantiles."""

import numpy as np

from villagescore import sensitivity as sa
from villagescore.sensitivity.ranks import rank_quantiles


def test_rank_desc_ties_share_the_best_rank_and_missing_is_last():
    ranks = sa.rank_desc(np.array([[50.0, 70.0, 50.0 + 1e-12, np.nan], [1.0, 2.0, 3.0, 4.0]]))
    assert ranks.tolist() == [[2, 1, 2, 4], [4, 3, 2, 1]]


def test_rank_quantiles_are_observed_ranks():
    store = np.array([[1, 3], [2, 3], [3, 1], [1, 2]] * 5, dtype=np.uint16)  # 20 samples, 2 villages
    quant = rank_quantiles(store)
    # inverted CDF: the 5 % rank is the 1st smallest of 20, the median the 10th, the 95 % the 19th
    assert quant[:, 0].tolist() == [1, 1, 3]
    assert quant[:, 1].tolist() == [1, 2, 3]
