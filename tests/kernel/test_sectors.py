"""``sector_scale`` gives exactly the factors of its reference (one column of sector flags, summed by rows)."""

from types import SimpleNamespace

import numpy as np
import pytest

from villagescore.kernel.sectors import sector_scale


def _reference(pillar, applicable):
    """The former implementation: a (villages, sectors) flag matrix, its row sums, one division per criterion."""
    keys = [c.sector for c in pillar.criteria]
    if pillar.sector_weight is None or not any(keys):
        return None
    n = applicable.shape[0]
    sectors = sorted({k for k in keys if k})
    present = np.zeros((n, len(sectors)), dtype=bool)
    for j, key in enumerate(keys):
        if key:
            present[:, sectors.index(key)] |= applicable[:, j]
    count = np.maximum(present.sum(axis=1), 1)
    scale = np.ones(applicable.shape)
    for j, crit in enumerate(pillar.criteria):
        if crit.sector:
            scale[:, j] = crit.share / count
    return scale


def _pillar(keys, shares, sector_weight=0.4):
    crits = tuple(SimpleNamespace(sector=k, share=s) for k, s in zip(keys, shares, strict=True))
    return SimpleNamespace(criteria=crits, sector_weight=sector_weight)


CASES = [
    (["", "a", "a", "b", "a+b", "c"], [1.0, 0.5, 0.5, 1.0, 1.0, 1 / 3]),
    (["a", "b", "c", "d"], [1 / 3, 2 / 7, 1.0, 0.1]),
    (["", "", "a"], [1.0, 1.0, 1.0]),
    (["a", "a", "a"], [0.2, 0.2, 0.6]),
]


@pytest.mark.parametrize(("keys", "shares"), CASES)
@pytest.mark.parametrize("order", ["C", "F"])
def test_equals_reference(keys, shares, order):
    rng = np.random.default_rng(len(keys))
    applicable = rng.random((500, len(keys))) > 0.4
    applicable[:7] = False  # villages with no sector here: count 1
    pillar = _pillar(keys, shares)
    got = sector_scale(pillar, applicable, order=order)
    want = _reference(pillar, applicable)
    assert got.flags.f_contiguous if order == "F" else got.flags.c_contiguous
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_no_block():
    applicable = np.ones((4, 2), dtype=bool)
    assert sector_scale(_pillar(["a", ""], [1.0, 1.0], sector_weight=None), applicable) is None
    assert sector_scale(_pillar(["", ""], [1.0, 1.0]), applicable) is None
