"""villagescore.compare.group_summary: the columnar group statistics equal a per-group computation."""

import math
import random

import numpy as np
import pandas as pd
import pytest

from villagescore.compare.group_summary import by_village, group_summary, member_layout

TIERS = ["high", "mid", "low", "unrated"]


def _frame(seed: int, n: int = 400) -> pd.DataFrame:
    """Random village-years: few groups and many (single-member ones), tied and missing scores and shares."""
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        score = rnd.choice([None, 50.0, 50.004, 49.996, round(rnd.uniform(0, 100), 4)])
        rows.append({
            "period": rnd.choice(["latest", "latest", 2024]) if seed % 2 else "latest",
            "key": rnd.choice(["A", "B", "Đ", "c"]) if rnd.random() < 0.7 else f"solo-{rnd.randrange(10_000)}",
            "village_id": f"v{rnd.randrange(60):03d}", "year": rnd.choice([2023, 2024, 2025]),
            "overall_score": score, "rating": rnd.choice(["high", "mid", "low", None, "other"]),
            "estimated_share": rnd.choice([None, 0.2, 0.5, 0.75, 1.0]), "mapped": rnd.random() < 0.9,
            "not_recorded": False, "name": rnd.choice(["Làng", "", None]),
        })
    g = pd.DataFrame(rows)
    g["period"] = g["period"].astype(object)
    g["label"] = g["key"].str.upper()
    g["not_recorded"] = g["key"] == "c"
    return g


def _expected(g: pd.DataFrame) -> dict:
    """Each group's statistics, computed one group at a time (the groups in order of first appearance)."""
    out = {}
    for k, row in enumerate(g.itertuples(index=False)):
        out.setdefault((row.period, row.key), []).append(k)
    result = {}
    for idx, at in out.items():
        part = g.iloc[at]
        scores = part["overall_score"].astype(float)
        est = part["estimated_share"].astype(float)
        tiers = part["rating"].where(part["rating"].notna(), "unrated")
        ordered = part.sort_values(["village_id", "year"], kind="stable")
        scored = ordered[ordered["overall_score"].notna()]
        r2 = scored["overall_score"].astype(float).round(2)
        result[idx] = {
            "size": len(part), "count": int(scores.notna().sum()), "mean": scores.mean(), "median": scores.median(),
            "min": scores.min(), "max": scores.max(), "label": part["label"].iloc[0],
            "mapped": bool(part["mapped"].all()), "not_recorded": bool(part["not_recorded"].all()),
            "estimated": est.mean(), "mostly": int((est >= 0.5).sum()), "known": int(est.notna().sum()),
            **{f"count:{t}": int((tiers == t).sum()) for t in TIERS},
            "best": int(r2.idxmax()) if len(r2) else -1, "worst": int(r2.idxmin()) if len(r2) else -1,
            "members": ordered.index.tolist(),
        }
    return result


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):  # a mean summed in another order may differ in its last digit
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12)
    return a == b


@pytest.mark.parametrize("seed", range(6))
def test_the_columnar_summary_equals_the_per_group_computation(seed):
    g = _frame(seed)
    table, gid = group_summary(g, ["period", "key"], TIERS, 0.5, "unrated")
    expected = _expected(g)
    assert list(zip(table["period"], table["key"], strict=True)) == list(expected)  # in order of first appearance
    for k, (idx, want) in enumerate(expected.items()):
        got = table.iloc[k]
        for name, value in want.items():
            if name != "members":
                assert _same(got[name], value), (idx, name, got[name], value)
        assert sorted(np.flatnonzero(gid == k).tolist()) == sorted(want["members"])


@pytest.mark.parametrize("seed", range(3))
def test_the_statistics_are_those_of_a_grouping_by_the_keys_to_the_last_digit(seed):
    g = _frame(seed)
    table, _ = group_summary(g, ["period", "key"], TIERS, 0.5, "unrated")
    g["_est"] = g["estimated_share"].astype(float)
    grouped = g.assign(overall_score=g["overall_score"].astype(float)).groupby(["period", "key"], sort=False)
    stats = grouped["overall_score"].agg(["size", "count", "mean", "median", "min", "max"])
    for name in stats.columns:
        assert table[name].tolist() == pytest.approx(stats[name].tolist(), nan_ok=True, rel=0, abs=0)
    assert table["estimated"].tolist() == pytest.approx(grouped["_est"].mean().tolist(), nan_ok=True, rel=0, abs=0)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("missing_labels", [False, True])
def test_labels_and_flags_are_those_of_pandas_first_and_all(seed, missing_labels):
    g = _frame(seed)
    if missing_labels:  # "first" skips a missing label: a group may then take a later row's, or none
        g["label"] = g["label"].where(np.arange(len(g)) % 3 != 0, None)
    table, _ = group_summary(g, ["period", "key"], TIERS, 0.5, "unrated")
    grouped = g.groupby(["period", "key"], sort=False)
    assert table["label"].tolist() == grouped["label"].first().tolist()
    assert table["mapped"].tolist() == grouped["mapped"].all().tolist()
    assert table["not_recorded"].tolist() == grouped["not_recorded"].all().tolist()
    assert table["mapped"].dtype == bool and table["not_recorded"].dtype == bool


@pytest.mark.parametrize("seed", range(3))
def test_the_members_are_laid_out_group_after_group_in_the_order_listed(seed):
    g = _frame(seed)
    table, gid = group_summary(g, ["period", "key"], TIERS, 0.5, "unrated")
    order = np.random.default_rng(seed).permutation(len(table))
    rows, starts = member_layout(g, gid, order)
    expected = _expected(g)
    for k, number in enumerate(order.tolist()):
        idx = (table["period"].iloc[number], table["key"].iloc[number])
        assert rows[starts[k]:starts[k + 1]].tolist() == expected[idx]["members"]
    assert starts[-1] == len(g)


def test_rows_by_village_keep_ties_in_their_order():
    g = pd.DataFrame({"village_id": ["b", "a", "b", "a"], "year": [2024, 2025, 2024, 2024]})
    assert by_village(g).tolist() == [3, 1, 0, 2]


@pytest.mark.parametrize("seed", range(4))
def test_rows_already_in_village_order_are_left_in_place_as_the_sort_would(seed):
    rng = np.random.default_rng(seed)
    g = pd.DataFrame({"village_id": rng.choice(["a", "b", "Đ", "syn-2"], 30).astype(object),
                      "year": rng.integers(2022, 2025, 30)})
    g = g.sort_values(["village_id", "year"], kind="stable").reset_index(drop=True) if seed % 2 else g
    plain = pd.DataFrame({"village_id": g["village_id"].to_numpy(), "year": g["year"].to_numpy()})
    assert by_village(g).tolist() == plain.sort_values(["village_id", "year"], kind="stable").index.tolist()


def test_an_empty_table_has_no_group():
    g = _frame(0).iloc[:0]
    table, gid = group_summary(g, ["period", "key"], TIERS, 0.5, "unrated")
    assert len(table) == 0 and len(gid) == 0


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("dtype", [object, "str"])
def test_group_numbers_are_those_of_grouping_by_every_key(seed, dtype):
    from villagescore.compare.group_summary import group_numbers

    g = _frame(seed)  # one period (even seeds) or two
    g["key"] = g["key"].astype(dtype)
    expected = g.groupby(["period", "key"], sort=False).ngroup().to_numpy().astype(np.int64)
    assert group_numbers(g, ["period", "key"]).tolist() == expected.tolist()
    assert group_numbers(g, ["key"]).tolist() == g.groupby(["key"], sort=False).ngroup().tolist()


@pytest.mark.parametrize("gid", [[0, 0, 1, 0, 2, 1, 3], [0], [], [1, 0, 1], [0, 2, 1], [-1, 0, 0, 1], [0, 1, 1, 5],
                                 list(np.random.default_rng(5).integers(0, 40, 500))])
def test_each_groups_first_row_is_that_of_sorting_the_group_numbers(gid):
    from villagescore.compare.group_summary import _first_rows

    gid = np.asarray(gid, dtype=np.int64)
    expected = np.unique(gid, return_index=True)[1]
    assert _first_rows(gid, len(expected)).tolist() == expected.tolist()
    if len(gid) > 1:  # numbered by first appearance, as group_numbers numbers them
        codes = pd.factorize(gid)[0].astype(np.int64)
        assert _first_rows(codes, codes.max() + 1).tolist() == np.unique(codes, return_index=True)[1].tolist()
