"""villagescore.compare (analysis, loading): rankings, groups, gaps and changes, with hand-computed expectations.

Toy results (tests/support, 2024): v1 88.3333 high (env 82.5, soc 100), v2 29.5833 low
(env 32.5, soc 23.75; gate flag-required fired), v3 43.3333 mid (env 50, soc 30).
tests/fixtures/compare_toy_2025.csv: v1 with flag 0 and v2 with flag 1, kind x, craft 40.
"""

import copy
import json
from pathlib import Path

import pandas as pd
import pytest

from villagescore import schemas
from villagescore.admin_mapping import load_mapping
from villagescore.compare import (
    ResultFileError,
    compare,
    competition_rank,
    load_table,
)
from villagescore.errors import UnknownIdError, VillageScoreError

FIXTURES = Path(__file__).parents[1] / "fixtures"
SUPPORT = Path(__file__).parents[1] / "support"


@pytest.fixture
def evaluate(toy_registry, toy_framework):
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    def run(csv, framework=None):
        return Engine(toy_registry).evaluate(framework or toy_framework, read_dataset(csv, toy_registry))

    return run


@pytest.fixture
def toy_doc(toy_result):
    return json.loads(toy_result.to_json())


@pytest.fixture
def framework_v11(tmp_path, toy_registry):
    """The toy framework, version 1.1, without indicator toy.a."""
    from villagescore.framework import load_framework

    text = (SUPPORT / "toy-framework.yaml").read_text(encoding="utf-8")
    assert 'version: "1.0"' in text and "          - {id: toy.a, weight: 1}\n" in text
    text = text.replace('version: "1.0"', 'version: "1.1"').replace("          - {id: toy.a, weight: 1}\n", "")
    path = tmp_path / "toy-1.1.yaml"
    path.write_text(text, encoding="utf-8")
    return load_framework(path, toy_registry)


def _valid(c):
    """``c`` as written (``--format json``) holds to the schema; ``c`` itself is returned."""
    import json

    from villagescore.reports.comparison_json import comparison_json

    errors = sorted(schemas.validator("compare").iter_errors(json.loads(comparison_json(c))), key=str)
    assert not errors, errors[0]
    return c


def _rows(c):
    return {r["village_id"]: r for r in c["rankings"]["rows"]}


# ---------------------------------------------------------------- loading


def test_result_and_saved_json_give_the_same_table_and_comparison(toy_result, toy_doc):
    a = load_table([("toy", toy_result)])
    b = load_table([("toy", toy_doc)])
    pd.testing.assert_frame_equal(a.villages, b.villages, check_dtype=False)
    pd.testing.assert_frame_equal(a.nodes, b.nodes, check_dtype=False)
    kw = {"by": "sector", "villages": ["v1", "v2", "v3"], "min_group": 1, "mapping": load_mapping()}
    assert compare(a, **kw) == compare(b, **kw)


def test_compare_takes_one_source_as_load_table_would(toy_result, toy_doc, tmp_path):
    """A notebook user's first try, ``compare(result)``, was an AttributeError ('Result' has no 'runs')."""
    kw = {"by": "sector", "min_group": 1}
    assert compare(toy_result, **kw) == compare(load_table([("result", toy_result)]), **kw)
    assert compare(toy_doc, **kw) == compare(load_table([("result", toy_doc)]), **kw)
    saved = tmp_path / "toy.json"
    saved.write_text(json.dumps(toy_doc), encoding="utf-8")
    assert compare(str(saved), **kw)["runs"][0]["label"] == "toy.json"
    with pytest.raises(VillageScoreError, match="not int"):
        compare(5)


def test_tidy_table_shape(toy_result):
    t = load_table([("toy", toy_result)])
    assert len(t.villages) == 3
    # 3 villages x (2 pillars + 4 criteria + 6 indicators)
    assert len(t.nodes) == 3 * (2 + 4 + 6)
    ind = t.nodes[(t.nodes["level"] == "indicator") & (t.nodes["obs"] == 0)].set_index("node")
    # v1: toy.b effective weight 1/3 (pillar env 2/3 x criterion env.alpha 1/2 x 1), score 75 -> 25 points
    assert ind.at["toy.b", "weight"] == pytest.approx(0.333333)
    assert ind.at["toy.b", "contribution"] == pytest.approx(25.0)
    assert ind["contribution"].sum() == pytest.approx(88.3333, abs=1e-3)


def test_not_a_result_document():
    with pytest.raises(ResultFileError, match="x.json: not a villagescore result"):
        load_table([("x.json", {"villages": []})])
    with pytest.raises(ResultFileError, match=r"villages\[0\] lacks overall"):
        load_table([("x.json", {"provenance": {"framework": {"id": "f", "version": "1"}},
                                "villages": [{"village_id": "a", "year": 2024, "pillars": {}, "indicators": []}]})])


# ---------------------------------------------------------------- rankings


def test_competition_rank_on_two_decimals():
    s = pd.Series([71.004, 70.996, 70.0, None, 70.0])
    # 71.004 and 70.996 both round to 71.00 -> rank 1, 1; the two 70.00 -> 3, 3; None unranked
    assert competition_rank(s).tolist() == [1, 1, 3, pd.NA, 3]


def test_rankings_overall_and_per_pillar(toy_result):
    c = _valid(compare(load_table([("toy", toy_result)])))
    rows = c["rankings"]["rows"]
    assert [r["village_id"] for r in rows] == ["v1", "v3", "v2"]  # 88.33 > 43.33 > 29.58
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert [r["pillars"]["env"]["rank"] for r in rows] == [1, 2, 3]  # 82.5 > 50 > 32.5
    assert [r["pillars"]["soc"]["score"] for r in rows] == [100.0, 30.0, 23.75]
    assert c["rankings"]["periods"] == [{"period": "latest", "villages": 3, "ranked": 3}]
    assert "1224" in c["rankings"]["tie_rule"]


def test_ties_share_a_rank_and_missing_scores_are_listed_unranked(toy_doc):
    doc = copy.deepcopy(toy_doc)
    v1, v2, v3 = doc["villages"]
    v2["overall"]["score"] = 88.3349  # rounds to 88.33 like v1's 88.3333 -> tie
    v3["overall"].update(score=None, rating=None, rating_label=None)
    v4 = copy.deepcopy(v1)
    v4["village_id"] = "v0"  # ties are displayed by id: v0 before v1
    v4["overall"]["score"] = 88.33
    v5 = copy.deepcopy(v1)
    v5["village_id"] = "v5"
    v5["overall"]["score"] = 50.0
    doc["villages"] += [v4, v5]
    c = _valid(compare(load_table([("doc", doc)])))
    order = [(r["village_id"], r["rank"]) for r in c["rankings"]["rows"]]
    # three villages at 88.33 share rank 1, the next is rank 4 ("1114"), v3 is unranked and last
    assert order == [("v0", 1), ("v1", 1), ("v2", 1), ("v5", 4), ("v3", None)]
    assert c["rankings"]["periods"] == [{"period": "latest", "villages": 5, "ranked": 4}]


# ---------------------------------------------------------------- groups


def test_group_statistics_by_province(toy_result):
    c = _valid(compare(load_table([("toy", toy_result)]), by="province", min_group=2, mapping=load_mapping()))
    groups = {g["key"]: g for g in c["groups"]["rows"]}
    hn = groups["Hà Nội"]
    assert hn["count"] == 2 and hn["villages"] == ["v1", "v2"]
    assert hn["mean"] == pytest.approx((88.3333 + 29.5833) / 2, abs=1e-4)  # 58.9583
    assert hn["median"] == pytest.approx(58.9583, abs=1e-4)
    assert (hn["min"], hn["max"]) == (29.5833, 88.3333)
    assert hn["tier_shares"] == {"high": 0.5, "mid": 0.0, "low": 0.5, "unrated": 0.0}
    assert hn["best"]["village_id"] == "v1" and hn["worst"]["village_id"] == "v2"
    assert hn["rank"] == 1
    bn = groups["Bắc Ninh"]  # one village < --min-group 2: flagged, summarised with caution, not ranked
    assert bn["small_group"] and bn["too_small"] and bn["note"] == "fewer than 2 village-years: read with caution"
    assert bn["count"] == 1 and bn["villages"] == ["v3"]
    assert bn["rank"] is None and bn["mean"] == bn["min"] == bn["max"] == bn["best"]["score"]
    assert sum(bn["tier_shares"].values()) == pytest.approx(1)
    assert not hn["small_group"] and hn["note"] is None


def test_default_min_group_flags_every_toy_group(toy_result):
    c = compare(load_table([("toy", toy_result)]), by="province")
    assert [g["small_group"] for g in c["groups"]["rows"]] == [True, True]  # 1 and 2 villages < 3


def test_multi_sector_village_counts_in_each_sector(toy_result):
    c = _valid(compare(load_table([("toy", toy_result)]), by="sector", min_group=1))
    groups = {g["key"]: g for g in c["groups"]["rows"]}
    assert groups["alpha"]["villages"] == ["v1", "v3"]
    assert groups["beta"]["villages"] == ["v2", "v3"]
    assert groups["alpha"]["mean"] == pytest.approx((88.3333 + 43.3333) / 2, abs=1e-4)  # 65.8333
    assert groups["beta"]["mean"] == pytest.approx((29.5833 + 43.3333) / 2, abs=1e-4)  # 36.4583
    assert [groups[k]["rank"] for k in ("alpha", "beta")] == [1, 2]


def test_compare_maps_provinces_by_the_shipped_table_unless_told_not_to(evaluate):
    # as `villagescore compare` does: v3 "Tỉnh Bắc Giang" joins Bắc Ninh with no mapping given;
    # AS_RECORDED keeps the provinces as the data records them
    from villagescore.compare import AS_RECORDED

    table = load_table([("reform", evaluate(FIXTURES / "compare_toy_reform.csv"))])
    default = compare(table, by="province", min_group=1)
    assert default == compare(table, by="province", min_group=1, mapping=load_mapping())
    assert {g["key"]: g["count"] for g in default["groups"]["rows"]}["Bắc Ninh"] == 2
    recorded = compare(table, by="province", min_group=1, mapping=AS_RECORDED)
    assert {g["key"] for g in recorded["groups"]["rows"]} == {"Bắc Ninh", "Hà Nội", "Hà Tây", "Tỉnh Bắc Giang"}



def test_the_options_record_which_mapping_table_grouped_the_provinces(evaluate, tmp_path):
    import hashlib

    from villagescore.admin_mapping import default_path
    from villagescore.compare import AS_RECORDED

    table = load_table([("reform", evaluate(FIXTURES / "compare_toy_reform.csv"))])
    shipped = _valid(compare(table, by="province", min_group=1))["options"]["mapping"]
    assert shipped == {"file": "provinces-2025.csv", "sha256": hashlib.sha256(default_path().read_bytes()).hexdigest(),
                       "shipped": True, "confidence": shipped["confidence"]}
    assert sum(shipped["confidence"].values()) == 63
    assert _valid(compare(table, by="province", min_group=1, mapping=AS_RECORDED))["options"]["mapping"] == \
        "as_recorded"
    own = tmp_path / "own.csv"
    own.write_text("former_province,province,confidence\nBắc Giang,Bắc Ninh,verified\nBắc Ninh,Bắc Ninh,\n",
                   encoding="utf-8")
    mine = _valid(compare(table, by="province", min_group=1, mapping=load_mapping(own)))["options"]["mapping"]
    assert mine == {"file": "own.csv", "sha256": hashlib.sha256(own.read_bytes()).hexdigest(), "shipped": False,
                    "confidence": {"verified": 1}}


def test_pre_reform_province_is_grouped_with_its_current_province(evaluate):
    # v3 recorded as "Tỉnh Bắc Giang" (merged into Bắc Ninh in 2025) joins v4 of Bắc Ninh;
    # v2 recorded as "Hà Tây" maps nowhere: warned about and kept apart.
    r = evaluate(FIXTURES / "compare_toy_reform.csv")
    c = _valid(compare(load_table([("reform", r)]), by="province", min_group=1, mapping=load_mapping()))
    groups = {g["key"]: g for g in c["groups"]["rows"]}
    assert set(groups) == {"Bắc Ninh", "Hà Nội", "Hà Tây"}
    bn = groups["Bắc Ninh"]
    assert bn["villages"] == ["v3", "v4"] and bn["mapped"]
    assert bn["recorded_names"] == ["Bắc Giang", "Bắc Ninh"]
    assert bn["mean"] == pytest.approx((43.3333 + 88.3333) / 2, abs=1e-4)
    assert groups["Hà Tây"]["mapped"] is False and groups["Hà Tây"]["villages"] == ["v2"]
    assert groups["Hà Nội"]["villages"] == ["v1"]
    (warning,) = [w for w in c["warnings"] if w["code"] == "unknown_province"]
    assert warning["names"] == ["Hà Tây"] and warning["villages"] == ["v2"]
    rows = _rows(c)
    assert rows["v3"]["province"] == "Tỉnh Bắc Giang"  # the original name is kept
    assert rows["v3"]["province_current"] == "Bắc Ninh"


def test_inconsistent_former_province_is_reported(toy_doc):
    doc = copy.deepcopy(toy_doc)
    doc["villages"][0]["former_province"] = "Yên Bái"  # merged into Lào Cai, but province is Hà Nội
    c = compare(load_table([("doc", doc)]), by="province", mapping=load_mapping())
    (w,) = [w for w in c["warnings"] if w["code"] == "province_inconsistent"]
    assert w["villages"] == ["v1"]


def test_by_commune_and_former_district(toy_doc):
    doc = copy.deepcopy(toy_doc)
    doc["villages"][0]["former_district"] = "Mỹ Đức"
    doc["villages"][0]["former_province"] = "Hà Nội"
    c = compare(load_table([("doc", doc)]), by="former_district", min_group=1, mapping=load_mapping())
    assert {g["key"]: g["villages"] for g in c["groups"]["rows"]} == {
        "Mỹ Đức — Hà Nội": ["v1"], "(not recorded)": ["v2", "v3"]}
    c = compare(load_table([("doc", doc)]), by="commune", min_group=1, mapping=load_mapping())
    # the toy villages' year is before the reform: their communes are pre-reform ones (audit 17 #1)
    assert [g["key"] for g in c["groups"]["rows"]] == ["Xã Ba — Bắc Ninh (< 2025)", "Xã Hai — Hà Nội (< 2025)",
                                                       "Xã Một — Mỹ Đức — Hà Nội (< 2025)"]


# ---------------------------------------------------------------- side by side


def test_gap_explanation(toy_result):
    c = _valid(compare(load_table([("toy", toy_result)]), villages=["v1", "v2"], top=3))
    s = c["side_by_side"]
    nodes = {(n["level"], n["id"]): n for n in s["nodes"]}
    assert nodes[("overall", "overall")]["scores"] == [88.3333, 29.5833]
    assert nodes[("overall", "overall")]["differences"] == [None, -58.75]
    assert nodes[("pillar", "soc")]["differences"] == [None, -76.25]  # 23.75 - 100
    assert nodes[("indicator", "toy.b")]["scores"] == [75.0, None]  # not applicable for v2
    (gap,) = s["gaps"]
    assert gap["overall_gap"] == -58.75
    # contribution differences v2 - v1 (weight x score):
    #   toy.b     0      - 25      = -25
    #   toy.share 3.75   - 18.75   = -15
    #   toy.c     8.3333 - 16.6667 = -8.3334
    #   toy.flag  0      - 6.25    = -6.25
    #   toy.kind  4.1667 - 8.3333  = -4.1666
    #   toy.a     13.3333- 13.3333 = 0
    assert [(i["id"], i["difference"]) for i in gap["indicators"]] == [
        ("toy.b", -25.0), ("toy.share", -15.0), ("toy.c", -8.3334), ("toy.flag", -6.25),
        ("toy.kind", -4.1666), ("toy.a", 0.0)]
    assert gap["contributions_gap"] == pytest.approx(-58.75, abs=1e-4)
    assert gap["residual"] == pytest.approx(0.0, abs=1e-3)  # weighted arithmetic: contributions add up
    # the top 3 explain (25 + 15 + 8.3334) / 58.75 = 82.27 % of the gap
    assert gap["top"] == 3 and gap["top_difference"] == pytest.approx(-48.3334)
    assert gap["top_share"] == pytest.approx(48.3334 / 58.75, abs=1e-4)
    assert gap["indicators"][0]["share_of_gap"] == pytest.approx(25 / 58.75, abs=1e-4)
    # rankings are restricted to the named villages; their ranks count all three
    assert [(r["village_id"], r["rank"]) for r in c["rankings"]["rows"]] == [("v1", 1), ("v2", 3)]


def test_unknown_village_and_year(toy_result):
    from villagescore.i18n import use_language

    use_language("en")  # the messages are in the language of the run
    t = load_table([("toy", toy_result)])
    with pytest.raises(UnknownIdError, match="no village 'nope'; known villages include: v1, v2, v3"):
        compare(t, villages=["v1", "nope"])
    with pytest.raises(UnknownIdError, match="village 'v1' has no result for 2020; its years: 2024"):
        compare(t, villages=["v1@2020", "v2"])
    with pytest.raises(VillageScoreError, match="no result for year 2019; years present: 2024"):
        compare(t, year=2019)
    with pytest.raises(VillageScoreError, match="cannot group by 'district'"):
        compare(t, by="district")


# ---------------------------------------------------------------- over time


def test_changes_over_time(toy_result, evaluate):
    later = evaluate(FIXTURES / "compare_toy_2025.csv")
    t = load_table([("2024", toy_result), ("2025", later)])
    c = _valid(compare(t))
    changes = {ch["village_id"]: ch for ch in c["over_time"]["changes"]}
    assert set(changes) == {"v1", "v2"}  # v3 has one year only
    # v1 2025: flag 0 -> soc.one (0 + 3x100)/4 = 75, soc (3x75 + 100)/4 = 81.25,
    #          overall (2x82.5 + 81.25)/3 = 82.0833; gate fires -> capped to low
    assert changes["v1"]["to"]["score"] == 82.0833
    assert changes["v1"]["delta"] == pytest.approx(82.0833 - 88.3333, abs=1e-4)  # -6.25
    assert (changes["v1"]["from"]["rating"], changes["v1"]["to"]["rating"], changes["v1"]["tier_change"]) == (
        "high", "low", "down")
    # v2 2025: flag 1, craft 40 (share 20 % -> 40), kind x -> soc.one (100 + 3x40)/4 = 55,
    #          soc (3x55 + 100)/4 = 66.25, overall (2x32.5 + 66.25)/3 = 43.75 -> mid
    assert changes["v2"]["to"]["score"] == 43.75
    assert changes["v2"]["delta"] == pytest.approx(43.75 - 29.5833, abs=1e-4)  # +14.1667
    assert changes["v2"]["tier_change"] == "up"
    # pillar-level changes for every village
    nodes = {(n["village_id"], n["id"]): n["delta"] for n in c["over_time"]["node_changes"]}
    assert c["over_time"]["levels"] == ["pillar"]
    assert nodes == {("v1", "env"): 0.0, ("v1", "soc"): -18.75, ("v2", "env"): 0.0, ("v2", "soc"): 42.5}
    # rankings use each village's latest result: v1 2025 82.08, v3 2024 43.33, v2 2025 43.75
    assert [(r["village_id"], r["year"], r["rank"]) for r in c["rankings"]["rows"]] == [
        ("v1", 2025, 1), ("v2", 2025, 2), ("v3", 2024, 3)]


def test_named_villages_get_every_node_over_time(toy_result, evaluate):
    t = load_table([("2024", toy_result), ("2025", evaluate(FIXTURES / "compare_toy_2025.csv"))])
    c = _valid(compare(t, villages=["v2@2024", "v2@2025"]))
    assert c["over_time"]["levels"] == ["pillar", "criterion", "indicator"]
    nodes = {n["id"]: n["delta"] for n in c["over_time"]["node_changes"]}
    assert nodes["soc.one"] == 40.0  # 15 -> 55
    assert nodes["toy.share"] == 20.0  # 20 -> 40
    assert nodes["toy.flag"] == 100.0
    assert nodes["toy.b"] is None  # not applicable both years
    gap = c["side_by_side"]["gaps"][0]
    # flag +6.25, kind +4.1667, share +3.75: the whole 14.1667 gap
    assert [i["id"] for i in gap["indicators"][:3]] == ["toy.flag", "toy.kind", "toy.share"]
    assert gap["top_share"] == pytest.approx(1.0, abs=1e-3)


def test_per_year_and_year(toy_result, evaluate):
    t = load_table([("2024", toy_result), ("2025", evaluate(FIXTURES / "compare_toy_2025.csv"))])
    c = compare(t, per_year=True)
    assert c["rankings"]["periods"] == [{"period": "2024", "villages": 3, "ranked": 3},
                                        {"period": "2025", "villages": 2, "ranked": 2}]
    c = compare(t, year=2024)
    assert [r["village_id"] for r in c["rankings"]["rows"]] == ["v1", "v3", "v2"]


# ---------------------------------------------------------------- frameworks


def test_different_framework_versions_compare_only_what_they_share(toy_doc, evaluate, framework_v11):
    newer = json.loads(evaluate(FIXTURES / "compare_toy_2025.csv", framework_v11).to_json())
    c = _valid(compare(load_table([("a.json", toy_doc), ("b.json", newer)]), villages=["v1@2024", "v1@2025"]))
    (w,) = [w for w in c["warnings"] if w["code"] == "framework_differs"]
    assert [(f["run"], f["version"]) for f in w["frameworks"]] == [("a.json", "1.0"), ("b.json", "1.1")]
    assert w["only_in"] == {"a.json": {"pillars": [], "criteria": [], "indicators": ["toy.a"]}}
    assert "toy 1.0" in w["message"] and "toy 1.1" in w["message"] and "toy.a" in w["message"]
    assert c["shared"]["indicators"] == ["toy.c", "toy.b", "toy.flag", "toy.share", "toy.kind"]
    ids = {n["id"] for n in c["side_by_side"]["nodes"]} | {n["id"] for n in c["over_time"]["node_changes"]}
    assert "toy.a" not in ids and "toy.c" in ids
    gap = c["side_by_side"]["gaps"][0]
    assert "toy.a" not in {i["id"] for i in gap["indicators"]}


def test_villages_are_ranked_within_each_framework_whatever_the_order_of_the_results(evaluate, framework_v11):
    # the auditor's case: one year scored with v1 and v2; each village's "latest" was the result given last,
    # so which framework a village was ranked under (and against whom) followed the order of the arguments
    from villagescore.reports.comparison_json import comparison_json

    v10 = ("v10.json", json.loads(evaluate(SUPPORT / "toy.csv").to_json()))
    v11 = ("v11.json", json.loads(evaluate(SUPPORT / "toy.csv", framework_v11).to_json()))
    texts = []
    for runs in ([v10, v11], [v11, v10]):
        c = _valid(compare(load_table(runs), by="province", lang="en"))
        periods = c["rankings"]["periods"]
        assert [{k: p[k] for k in ("period", "villages", "ranked")} for p in periods] == [
            {"period": "latest · toy 1.0", "villages": 3, "ranked": 3},
            {"period": "latest · toy 1.1", "villages": 3, "ranked": 3}]
        assert [(p["framework"]["id"], p["framework"]["version"]) for p in periods] == [("toy", "1.0"), ("toy", "1.1")]
        rows = c["rankings"]["rows"]
        assert {(r["period"], r["run"]) for r in rows} == {("latest · toy 1.0", "v10.json"),
                                                           ("latest · toy 1.1", "v11.json")}
        doc = json.loads(comparison_json(c))
        texts.append(json.dumps({k: doc[k] for k in ("rankings", "groups")}, ensure_ascii=False))
    assert texts[0] == texts[1]
    per_year = compare(load_table([v11, v10]), per_year=True)["rankings"]["periods"]
    assert [p["period"] for p in per_year] == ["2024 · toy 1.0", "2024 · toy 1.1"]


def test_same_framework_no_warning(toy_result, evaluate):
    t = load_table([("2024", toy_result), ("2025", evaluate(FIXTURES / "compare_toy_2025.csv"))])
    # no framework warning; tiers that moved as a gate failed or passed are said (villagescore.compare.gates)
    assert {w["code"] for w in compare(t)["warnings"]} == {"tier_change_gate"}


def test_results_scored_with_different_options_are_said_to_differ(toy_doc):
    """Audit 2026-12: two results of one dataset, one with --unverified-limits, were compared as like for like."""
    other = copy.deepcopy(toy_doc)
    other["provenance"]["unverified_limits"] = {"policy": "exclude", "source": "option", "left_out": {}}
    other["provenance"].setdefault("options", {})["as_of"] = "2024-06-30"
    table = load_table([("a.json", toy_doc), ("b.json", other)])
    assert [r.scoring for r in table.runs] == [(("unverified_limits", "score"),),
                                               (("unverified_limits", "exclude"), ("as_of", "2024-06-30"))]
    for lang, words in (("en", "scored with different options"), ("vi", "chấm với những tùy chọn khác nhau")):
        c = _valid(compare(table, lang=lang))
        (w,) = [w for w in c["warnings"] if w["code"] == "scoring_differs"]
        assert words in w["message"] and "b.json: --unverified-limits exclude, --as-of 2024-06-30" in w["message"]
        assert w["scoring"][0] == {"run": "a.json", "unverified_limits": "score"}
        assert {(ch["from"]["year"], ch["to"]["year"]) for ch in c["over_time"]["changes"]} == {(2024, 2024)}
    same = load_table([("a.json", toy_doc), ("c.json", copy.deepcopy(toy_doc))])
    assert not [w for w in compare(same)["warnings"] if w["code"] == "scoring_differs"]


def test_results_completed_by_other_plugin_or_catalogue_versions_are_said_to_differ(toy_doc):
    """Two results of one framework file, scored with other bytes of a catalogue file, were compared silently."""
    table = load_table([("a.json", toy_doc), ("c.json", copy.deepcopy(toy_doc))])
    assert not [w for w in compare(table)["warnings"] if w["code"] == "plugins_differ"]
    hashed = copy.deepcopy(toy_doc)  # options change the resolved hash too: scoring_differs says that, not this
    hashed["provenance"]["framework"]["resolved_sha256"] = "e" * 64
    table = load_table([("a.json", toy_doc), ("h.json", hashed)])
    assert not [w for w in compare(table)["warnings"] if w["code"] == "plugins_differ"]
    other = copy.deepcopy(toy_doc)
    other["provenance"]["framework"]["resolved_sha256"] = "f" * 64
    name = other["provenance"]["plugins_used"][0]
    for p in other["provenance"]["plugins"]:
        if p["name"] == name:
            p["version"] = "1.0.0 sha256:0123456789ab"  # the same plugin in another version: always said
    table = load_table([("a.json", toy_doc), ("b.json", other)])
    assert table.runs[0].signature == table.runs[1].signature
    assert table.runs[1].resolved_sha256 == "f" * 64
    assert f"{name}==1.0.0 sha256:0123456789ab" in table.runs[1].plugins_used
    for lang, words in (("en", "scored with different plugins or catalogue files"),
                        ("vi", "được chấm với những plugin hoặc tệp danh mục khác nhau")):
        c = _valid(compare(table, lang=lang))
        (w,) = [w for w in c["warnings"] if w["code"] == "plugins_differ"]
        assert words in w["message"]
        assert f"b.json: {name}==1.0.0 sha256:0123456789ab" in w["message"] and f"a.json: {name}==" in w["message"]
        shared = set(table.runs[0].plugins_used) & set(table.runs[1].plugins_used)
        assert not any(p in w["message"] for p in shared)  # only what is not shared by every run is named
        assert [p["run"] for p in w["plugins"]] == ["a.json", "b.json"]
        assert w["plugins"][1]["resolved_sha256"] == "f" * 64
    extra = copy.deepcopy(toy_doc)  # a plugin only one run used, that added no node of its own: no score differs
    extra["provenance"]["plugins"].append({"name": "bronze_casting", "version": "1.0.0 sha256:0123456789ab"})
    extra["provenance"]["plugins_used"] = sorted([*extra["provenance"]["plugins_used"], "bronze_casting"])
    table = load_table([("a.json", toy_doc), ("x.json", extra)])
    assert not [w for w in compare(table)["warnings"] if w["code"] == "plugins_differ"]


def test_results_of_one_plugin_version_with_other_catalogue_bytes_are_said_to_differ(toy_doc):
    """Fifteenth walk: a sector plugin's catalogue edited without its version raised was compared silently."""
    name = toy_doc["provenance"]["plugins_used"][0]

    def with_file(sha: str | None) -> dict:
        doc = copy.deepcopy(toy_doc)
        for p in doc["provenance"]["plugins"]:
            if p["name"] == name and sha:
                p["files"] = [{"file": "catalogue.yaml", "sha256": sha}]
        return doc

    same = load_table([("a.json", with_file("a" * 64)), ("b.json", with_file("a" * 64))])
    assert not [w for w in compare(same)["warnings"] if w["code"] == "plugins_differ"]
    oldest = with_file(None)  # older still: no plugins_used either
    oldest["provenance"].pop("plugins_used")
    table = load_table([("a.json", with_file("a" * 64)), ("oldest.json", oldest), ("b.json", with_file("c" * 64)),
                        ("old.json", with_file(None))])
    assert len({r.plugins_used for r in table.runs if r.plugins_used}) == 1  # the versions alike: the files tell
    for lang, unrecorded, none in (
            ("en", "catalogue files not recorded", "plugins and catalogue files not recorded"),
            ("vi", "chưa ghi lại tệp danh mục", "chưa ghi lại plugin và tệp danh mục")):
        (w,) = [w for w in _valid(compare(table, lang=lang))["warnings"] if w["code"] == "plugins_differ"]
        assert (f"a.json: {name}: catalogue.yaml sha256:{'a' * 12}; b.json: {name}: catalogue.yaml "
                f"sha256:{'c' * 12}; old.json: {unrecorded}; oldest.json: {none}") in w["message"]
        assert [p["catalogue_files"] for p in w["plugins"]] == [
            [{"plugin": name, "file": "catalogue.yaml", "sha256": "a" * 64}],
            [{"plugin": name, "file": "catalogue.yaml", "sha256": "c" * 64}], None, None]
        assert [p["run"] for p in w["plugins"]] == ["a.json", "b.json", "old.json", "oldest.json"]  # the run order


def test_a_result_that_records_no_plugins_is_not_judged(toy_doc):
    older = copy.deepcopy(toy_doc)
    older["provenance"]["framework"].pop("resolved_sha256")
    older["provenance"].pop("plugins")
    older["provenance"].pop("plugins_used")
    table = load_table([("a.json", toy_doc), ("old.json", older)])
    assert table.runs[1].resolved_sha256 is None and table.runs[1].plugins_used == ()
    assert not [w for w in compare(table)["warnings"] if w["code"] == "plugins_differ"]


def test_a_village_year_scored_twice_with_the_same_options_is_no_change_over_time(toy_result, toy_doc, evaluate):
    """Audit 2026-12: a store holding one year twice showed "2025 → 2025 +0.00 same" for every village."""
    later = json.loads(evaluate(FIXTURES / "compare_toy_2025.csv").to_json())
    t = load_table([("2024", toy_doc), ("2025a", later), ("2025b", copy.deepcopy(later))])
    c = _valid(compare(t))
    pairs = {(ch["village_id"], ch["from"]["year"], ch["from"]["run"], ch["to"]["year"], ch["to"]["run"])
             for ch in c["over_time"]["changes"]}
    assert pairs == {("v1", 2024, "2024", 2025, "2025b"), ("v2", 2024, "2024", 2025, "2025b")}  # the later stands
    assert {(n["from_year"], n["to_year"]) for n in c["over_time"]["node_changes"]} == {(2024, 2025)}
    twice = _valid(compare(load_table([("a.json", toy_doc), ("c.json", copy.deepcopy(toy_doc))])))
    assert twice["over_time"]["changes"] == [] and twice["over_time"]["node_changes"] == []
    corrected = copy.deepcopy(later)  # the same year's data corrected: its change within the year is kept
    corrected["villages"][0]["overall"]["score"] = round(corrected["villages"][0]["overall"]["score"] - 1.5, 4)
    c = _valid(compare(load_table([("2025a", later), ("2025c", corrected)])))
    assert [(ch["village_id"], ch["from"]["run"], ch["to"]["run"]) for ch in c["over_time"]["changes"]] == [
        (corrected["villages"][0]["village_id"], "2025a", "2025c")]
