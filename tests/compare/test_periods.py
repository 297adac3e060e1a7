"""villagescore.compare.periods: current provinces, their warnings and the names recorded for a group."""

import copy
import json

import numpy as np
import pandas as pd
import pytest

from villagescore.admin_mapping import load_mapping
from villagescore.compare import compare, load_table
from villagescore.compare.periods import current_provinces
from villagescore.reports.comparison import render


@pytest.fixture
def toy_doc(toy_result):
    return json.loads(toy_result.to_json())


def _villages(*rows):
    return pd.DataFrame(rows, columns=["village_id", "province", "former_province"])


def test_warnings_name_the_mapping_table_by_its_file_name_not_its_install_path():
    mapping = load_mapping()
    assert "/" in str(mapping.path)
    _, warnings = current_provinces(_villages(("a", "Ha Tay", None)), mapping)
    (w,) = warnings
    assert "(provinces-2025.csv)" in w["message"] and str(mapping.path) not in w["message"]


def test_an_inconsistent_former_province_is_named_in_the_warning_and_not_recorded_for_the_group():
    v, warnings = current_provinces(_villages(("a", "Hà Nội", "Bắc Giang"), ("b", "Ninh Bình", "Nam Định")),
                                    load_mapping())
    (w,) = warnings
    assert w["code"] == "province_inconsistent" and w["villages"] == ["a"] and w["names"] == ["Bắc Giang"]
    assert v["former_consistent"].tolist() == [False, True]
    assert v["province_current"].tolist() == ["Hà Nội", "Ninh Bình"]


def test_the_group_of_an_inconsistent_village_does_not_show_its_former_province(toy_doc):
    doc = copy.deepcopy(toy_doc)
    doc["villages"][0]["former_province"] = "Yên Bái"  # merged into Lào Cai, but province is Hà Nội
    c = compare(load_table([("doc", doc)]), by="province", min_group=1, mapping=load_mapping())
    (w,) = [w for w in c["warnings"] if w["code"] == "province_inconsistent"]
    assert w["names"] == ["Yên Bái"]
    hanoi = next(g for g in c["groups"]["rows"] if g["key"] == "Hà Nội")
    assert "Yên Bái" not in hanoi["recorded_names"]
    for fmt in ("md", "html"):
        assert "← Yên Bái" not in render(c, fmt, "vi").decode("utf-8")


def _reference_snapshot(v, keys):
    return v.sort_values(["village_id", "year", "run"], kind="stable").groupby(keys, sort=False).tail(1)


@pytest.mark.parametrize("seed", range(6))
def test_the_snapshot_of_rows_in_village_order_is_the_sorted_one(seed):
    """Rows already sorted by village, year and run (a result) skip the sort: the same snapshot."""
    import numpy as np

    from villagescore.compare.common import sorted_keys
    from villagescore.compare.group_summary import by_village
    from villagescore.compare.periods import _snapshot
    from villagescore.compare.ranking import _ranked_order
    from villagescore.compare.ranks import competition_rank

    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 40))
    v = pd.DataFrame({"village_id": rng.choice(["Bát Tràng", "a", "b", "syn-1"], n).astype(object),
                      "year": rng.integers(2022, 2025, n), "run": rng.integers(0, 2, n), "obs": np.arange(n)})
    if seed % 2:
        v = v.sort_values(["village_id", "year", "run"], kind="stable")
    v.index = rng.permutation(n) + 100  # labels kept, whatever they are
    order = sorted_keys([v[k].to_numpy() for k in ("village_id", "year", "run")])  # as compare reads it once
    for per_year, keys in ((False, ["village_id"]), (True, ["village_id", "year"])):
        snap = _snapshot(v, None, per_year)
        pd.testing.assert_frame_equal(snap.drop(columns="period"), _reference_snapshot(v, keys))
        pd.testing.assert_frame_equal(_snapshot(v, None, per_year, order), snap)
        if order is not None:  # rows known in order: ranked and grouped as when found so
            ranked = snap.assign(rank=competition_rank(snap["year"].astype(float)), _unranked=False)
            assert _ranked_order(ranked, True).tolist() == _ranked_order(ranked).tolist()
            assert by_village(snap.reset_index(drop=True)).tolist() == list(range(len(snap)))
        assert snap["period"].tolist() == ([str(y) for y in snap["year"]] if per_year else ["latest"] * len(snap))
    year = _snapshot(v, 2023, False)
    pd.testing.assert_frame_equal(year.drop(columns="period"),
                                  _reference_snapshot(v[v["year"] == 2023], ["village_id", "year"]))


def test_frameworks_sharing_an_id_and_version_are_told_apart_by_their_hash():
    from types import SimpleNamespace

    from villagescore.compare.periods import framework_names

    def run(ident, version, sha, *bases):
        framework = {"id": ident, "version": version, "sha256": sha, **({"bases": [
            {"id": "base", "version": "1", "sha256": b} for b in bases]} if bases else {})}
        return SimpleNamespace(framework_id=ident, framework_version=version, framework_sha256=sha, framework=framework)

    runs = [run("f", "1.0", sha) for sha in ("bbbbbbbbbbbb", "aaaaaaaaaaaa", "bbbbbbbbbbbb")]
    runs.append(run("g", "2.0", "cc"))
    assert framework_names(runs, np.array([1, 0, 1, 2])) == ["f 1.0 aaaaaaaa", "f 1.0 bbbbbbbb", "g 2.0"]
    # audit 17 #1: one overlay file over two bases
    runs = [run("o", "1.0", "dddddddddd", "1111111111"), run("o", "1.0", "dddddddddd", "2222222222")]
    assert framework_names(runs, np.array([0, 1])) == ["o 1.0 dddddddd+11111111", "o 1.0 dddddddd+22222222"]
