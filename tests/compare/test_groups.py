"""villagescore.compare.groups: tier counts, estimates per group, the not-recorded group, words in the run's lang."""

import copy
import json

import pytest

from villagescore.admin_mapping import load_mapping
from villagescore.compare import NOT_RECORDED, compare, load_table


@pytest.fixture
def toy_doc(toy_result):
    return json.loads(toy_result.to_json())


def _doc_of(toy_doc, plan):
    """A result document of copies of the toy villages: ``plan`` is ``[(source id, province, n), …]``."""
    doc = copy.deepcopy(toy_doc)
    by_id = {v["village_id"]: v for v in toy_doc["villages"]}
    out = []
    for source, province, n in plan:
        for k in range(n):
            v = copy.deepcopy(by_id[source])
            v["village_id"] = f"{source}-{province or 'none'}-{k}"
            v["province"] = province
            out.append(v)
    doc["villages"] = out
    return doc


def test_groups_carry_tier_counts_beside_the_rounded_shares(toy_doc):
    doc = _doc_of(toy_doc, [("v1", "Hà Nội", 1), ("v2", "Hà Nội", 25)])  # 1 of 26 = 3.846 %
    c = compare(load_table([("doc", doc)]), by="province", mapping=load_mapping())
    (g,) = c["groups"]["rows"]
    assert g["tier_counts"] == {"high": 1, "mid": 0, "low": 25, "unrated": 0}
    assert g["tier_shares"]["high"] == 0.0385  # JSON: 4 decimals, as before


def test_groups_say_how_much_rests_on_estimates(toy_doc):
    doc = _doc_of(toy_doc, [("v1", "Hà Nội", 2), ("v3", "Bắc Ninh", 2)])
    shares = [0.8, 0.2, None, None]  # the second group's source does not say
    for v, share in zip(doc["villages"], shares, strict=True):
        v["estimates"] = None if share is None else {"share": share}
    c = compare(load_table([("doc", doc)]), by="province", min_group=1, mapping=load_mapping())
    groups = {g["key"]: g for g in c["groups"]["rows"]}
    assert groups["Hà Nội"]["estimated_share"] == pytest.approx(0.5)
    assert groups["Hà Nội"]["mostly_estimated"] == 1
    assert groups["Bắc Ninh"]["estimated_share"] is None and groups["Bắc Ninh"]["mostly_estimated"] is None
    assert c["groups"]["estimates"] == {"village_years": 4, "known": 2, "mostly_estimated": 1, "threshold": 0.5}


def test_the_not_recorded_group_is_listed_last_unranked_and_named_in_the_language(toy_doc):
    doc = _doc_of(toy_doc, [("v1", None, 3), ("v2", "Hà Nội", 3), ("v3", "Bắc Ninh", 3)])
    for v in doc["villages"]:
        v["former_province"] = None
    for lang, word in (("vi", "(không ghi nhận)"), ("en", "(not recorded)")):
        c = compare(load_table([("doc", doc)]), by="province", mapping=load_mapping(), lang=lang)
        rows = c["groups"]["rows"]
        assert [g["key"] for g in rows] == ["Bắc Ninh", "Hà Nội", NOT_RECORDED]  # best mean, yet last
        last = rows[-1]
        assert last["not_recorded"] and last["rank"] is None and last["label"] == word
        assert [g["rank"] for g in rows[:2]] == [1, 2]


def test_free_text_for_people_follows_the_language(toy_result):
    c = compare(load_table([("toy", toy_result)]), by="province", mapping=load_mapping(), lang="vi")
    assert c["rankings"]["tie_rule"].startswith("thứ hạng đồng hạng")
    notes = {g["note"] for g in c["groups"]["rows"]}
    assert notes == {"ít hơn 3 lượt làng-năm: cần thận trọng khi đọc"}
    en = compare(load_table([("toy", toy_result)]), by="province", mapping=load_mapping(), lang="en")
    assert en["rankings"]["tie_rule"].startswith("competition ranking (1224)")
    assert {g["note"] for g in en["groups"]["rows"]} == {"fewer than 3 village-years: read with caution"}


def test_a_village_recorded_only_under_its_former_province_is_grouped_by_its_current_one(tmp_path, toy_registry,
                                                                                        toy_framework):
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    path = tmp_path / "noprov.csv"
    path.write_text("village_id,name,commune,province,former_province,sectors,year,a,b,c,flag,zone,kind,total,craft\n"
                    "v1,Làng Một,Xã Một,,Bắc Giang,alpha,2024,80,90,25,1,A,x,100,50\n"
                    "v2,Làng Hai,Xã Hai,Bắc Ninh,,beta,2024,40,,150,0,B,y,200,20\n", encoding="utf-8")
    result = Engine(toy_registry).evaluate(toy_framework, read_dataset(path, toy_registry))
    c = compare(load_table([("noprov", result)]), by="province", min_group=1, mapping=load_mapping())
    (g,) = c["groups"]["rows"]
    assert g["key"] == "Bắc Ninh" and g["villages"] == ["v1", "v2"] and not g["not_recorded"]
    assert g["recorded_names"] == ["Bắc Giang", "Bắc Ninh"]
    row = next(r for r in c["rankings"]["rows"] if r["village_id"] == "v1")
    assert row["province"] is None and row["province_current"] == "Bắc Ninh"  # as recorded, and as mapped


def test_recorded_names_are_each_group_s_distinct_names_sorted_as_before():
    import numpy as np
    import pandas as pd

    from villagescore.compare.common import _sort_key
    from villagescore.compare.groups import _recorded_names

    rng = np.random.default_rng(3)
    names = np.array(["Hà Tây", "Hà Nội", "hà nội", "Đồng Nai", "Bình Dương", None, np.nan], dtype=object)
    for n in (0, 1, 50, 400):
        recorded = names[rng.integers(0, len(names), n)]
        gid = rng.integers(0, 5, n)
        frame = pd.DataFrame({"g": gid, "recorded": recorded})
        pairs = frame.dropna(subset=["recorded"]).drop_duplicates()  # the way the names were found before
        expected = {int(k): sorted(v, key=_sort_key) for k, v in pairs.groupby("g")["recorded"].unique().items()}
        assert _recorded_names(recorded, gid) == expected


def test_group_ranks_best_and_worst_follow_the_scores_as_printed(toy_doc):
    # the auditor's case: 50.015 prints 50.02, 50.0149 and 50.005 print 50.01, 49.995 prints 50.00
    scores = {"A": [50.015, 49.995, 50.0149], "B": [50.0149, 50.005, 49.995]}
    doc = _doc_of(toy_doc, [("v1", "Hà Nội", 3), ("v1", "Huế", 3)])
    for v, score in zip(doc["villages"], scores["A"] + scores["B"], strict=True):
        v["overall"]["score"] = score
    c = compare(load_table([("doc", doc)]), by="province", min_group=1, mapping=load_mapping())
    rows = {g["key"]: g for g in c["groups"]["rows"]}
    assert [rows[k]["mean"] for k in ("Hà Nội", "Huế")] == [50.0083, 50.005]  # both print 50.01
    assert [rows[k]["rank"] for k in ("Hà Nội", "Huế")] == [1, 1]
    huế = rows["Huế"]  # v1-Huế-0 (50.0149) and v1-Huế-1 (50.005) both print 50.01: the first by village id
    assert (huế["best"]["village_id"], huế["worst"]["village_id"]) == ("v1-Huế-0", "v1-Huế-2")
    ranked = {r["village_id"]: r["rank"] for r in c["rankings"]["rows"]}
    assert [ranked[f"v1-Hà Nội-{k}"] for k in range(3)] == [1, 5, 2]
    assert [ranked[f"v1-Huế-{k}"] for k in range(3)] == [2, 2, 5]
