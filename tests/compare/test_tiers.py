"""The tiers of a comparison: the same whatever order the results come in; each framework's where they differ."""

import json
from pathlib import Path

import pytest

from villagescore import schemas
from villagescore.compare import compare, load_table
from villagescore.compare.table import Run
from villagescore.compare.tiers import compared_tiers

SUPPORT = Path(__file__).parents[1] / "support"
FIXTURES = Path(__file__).parents[1] / "fixtures"


def _run(label, version, high):
    tiers = ({"id": "high", "label": {"vi": "Cao", "en": "High"}, "min_score": high},
             {"id": "low", "label": {"vi": "Thấp", "en": "Low"}, "min_score": 0})
    return Run(label=label, framework_id="toy", framework_version=version, framework_sha256=version * 8,
               tiers=tiers, pillars=(), criteria=(), indicators=())


def test_one_framework_keeps_its_tiers_as_they_are():
    got = compared_tiers([_run("a", "1.0", 70), _run("b", "1.0", 70)], "vi")
    assert got == [{"id": "high", "label": "Cao", "min_score": 70}, {"id": "low", "label": "Thấp", "min_score": 0}]


def test_tiers_of_frameworks_that_differ_are_given_for_each_framework_in_any_order():
    v1, v2 = _run("v1.json", "1.0", 70), _run("v2.json", "2.0", 80)
    got = compared_tiers([v1, v2], "en")
    assert got == compared_tiers([v2, v1], "en")
    high, low = got
    assert high["min_score"] is None and low["min_score"] == 0  # no framework's 70 or 80 stands for the other's
    assert [(d["framework"]["version"], d["min_score"]) for d in high["by_framework"]] == [("1.0", 70), ("2.0", 80)]
    assert [d["min_score"] for d in low["by_framework"]] == [0, 0]


@pytest.fixture
def toy_v11(tmp_path, toy_registry):
    """The toy framework, version 1.1, whose tier ``high`` starts at 90 (70 in 1.0)."""
    from villagescore.framework import load_framework

    text = (SUPPORT / "toy-framework.yaml").read_text(encoding="utf-8")
    assert 'version: "1.0"' in text and "min_score: 70," in text
    path = tmp_path / "toy-1.1.yaml"
    path.write_text(text.replace('version: "1.0"', 'version: "1.1"').replace("min_score: 70,", "min_score: 90,"),
                    encoding="utf-8")
    return load_framework(path, toy_registry)


def test_the_comparison_s_tiers_do_not_depend_on_the_order_of_the_results(toy_registry, toy_framework, toy_v11):
    # the auditor's case: the tiers took each minimum from the first result given (70 with v1 first, 90 with v2)
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.reports.comparison_json import comparison_json

    def scored(csv, framework):
        return json.loads(Engine(toy_registry).evaluate(framework, read_dataset(csv, toy_registry)).to_json())

    runs = [(f"{name}-{year}.json", scored(csv, fw)) for name, fw in (("v10", toy_framework), ("v11", toy_v11))
            for year, csv in ((2024, SUPPORT / "toy.csv"), (2025, FIXTURES / "compare_toy_2025.csv"))]
    texts = []
    for given in (runs, runs[::-1]):
        for lang, number in (("en", "70 (toy 1.0), 90 (toy 1.1)"), ("vi", "70 (toy 1.0), 90 (toy 1.1)")):
            c = compare(load_table(given), lang=lang)
            doc = json.loads(comparison_json(c))
            assert not sorted(schemas.validator("compare").iter_errors(doc), key=str)
            (warning,) = [w for w in c["warnings"] if w["code"] == "tiers_differ"]
            assert warning["tiers"] == ["high"] and number in warning["message"]
        high = c["tiers"][0]
        assert high["id"] == "high" and high["min_score"] is None
        assert [d["min_score"] for d in high["by_framework"]] == [70, 90]
        # each change is judged by its own framework's tiers, never left without a tier change
        assert c["over_time"]["changes"] and all(ch["tier_change"] is not None for ch in c["over_time"]["changes"]
                                                 if ch["from"]["rating"] and ch["to"]["rating"])
        texts.append(json.dumps(doc["tiers"], ensure_ascii=False))
    assert texts[0] == texts[1]


def test_each_rating_is_named_as_its_own_framework_names_the_tier(tmp_path, toy_registry, toy_framework):
    """Audit 15 (g4 #3): a v2 overlay renaming tier ``mid``: every ``mid`` took one framework's label."""
    import shutil

    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework

    shutil.copy(SUPPORT / "toy-framework.yaml", tmp_path / "toy-framework.yaml")
    (tmp_path / "v2.yaml").write_text(
        "id: toy-v2\nversion: '2.0'\ntitle: {vi: Thử 2, en: Toy 2}\nextends: {framework: toy-framework.yaml}\n"
        "change:\n  tiers: {mid: {label: {vi: Khá (v2), en: Fair (v2)}}}\n", encoding="utf-8")
    v2 = load_framework(tmp_path / "v2.yaml", toy_registry)
    runs = [(f"{fw.id}-{year}.json", Engine(toy_registry).evaluate(fw, read_dataset(csv, toy_registry)))
            for fw in (toy_framework, v2)
            for year, csv in ((2024, SUPPORT / "toy.csv"), (2025, FIXTURES / "compare_toy_2025.csv"))]
    own = {"toy": {"en": {"high": "High", "mid": "Middle", "low": "Low"},
                   "vi": {"high": "Cao", "mid": "Trung bình", "low": "Thấp"}},
           "toy-v2": {"en": {"high": "High", "mid": "Fair (v2)", "low": "Low"},
                      "vi": {"high": "Cao", "mid": "Khá (v2)", "low": "Thấp"}}}
    for given in (runs, runs[::-1]):
        for lang in ("en", "vi"):
            c = compare(load_table(given), lang=lang, per_year=True)
            rows = list(c["rankings"]["rows"])
            assert {r["rating"] for r in rows} >= {"mid"} and {r["run"].split("-2")[0] for r in rows} == {"toy",
                                                                                                        "toy-v2"}
            for r in rows:
                assert r["rating_label"] == own[r["run"].split("-2")[0]][lang][r["rating"]], r
            ends = [e for ch in c["over_time"]["changes"] for e in (ch["from"], ch["to"])]
            assert {e["rating"] for e in ends} >= {"mid"}
            for e in ends:
                assert e["rating_label"] == own[e["run"].split("-2")[0]][lang][e["rating"]], e


def test_rating_labels_fall_back_to_the_comparison_s_where_a_run_records_none():
    import numpy as np
    import pandas as pd

    from villagescore.compare.tiers import rating_labels

    named, bare = _run("a.json", "1.0", 70), Run(
        label="old.json", framework_id="toy", framework_version="0.9", framework_sha256=None,
        tiers=({"id": "high", "label": {}, "min_score": None},), pillars=(), criteria=(), indicators=())
    got = rating_labels(pd.Series(["high", "low", None, "high"]), np.array([0, 0, 1, 1]), [named, bare], "vi",
                        {"high": "Cao (chung)", "low": "Thấp"})
    assert got[0] == "Cao" and got[1] == "Thấp" and pd.isna(got[2]) and got[3] == "Cao (chung)"


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Middle (mid): the same lowest score (40), named “Middle” by toy 1.0, “Fair (v2)” by toy-v2 2.0"),
    ("vi", "Trung bình (mid): cùng điểm thấp nhất (40), được gọi là “Trung bình” theo toy 1.0, “Khá (v2)” theo "
           "toy-v2 2.0"),
])
def test_a_tier_only_renamed_is_said_by_its_names_not_by_its_equal_minimums(tmp_path, toy_registry, toy_framework,
                                                                              lang, said):
    """Audit 2026-12 (15th walk, left over) #3: 'Trung bình (mid): 40 (toy 1.0), 40 (toy-v2 2.0)' read oddly."""
    import shutil

    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework

    shutil.copy(SUPPORT / "toy-framework.yaml", tmp_path / "toy-framework.yaml")
    (tmp_path / "v2.yaml").write_text(
        "id: toy-v2\nversion: '2.0'\ntitle: {vi: Thử 2, en: Toy 2}\nextends: {framework: toy-framework.yaml}\n"
        "change:\n  tiers: {mid: {label: {vi: Khá (v2), en: Fair (v2)}}}\n", encoding="utf-8")
    v2 = load_framework(tmp_path / "v2.yaml", toy_registry)
    runs = [(f"{fw.id}.json", Engine(toy_registry).evaluate(fw, read_dataset(SUPPORT / "toy.csv", toy_registry)))
            for fw in (toy_framework, v2)]
    (warning,) = [w for w in compare(load_table(runs), lang=lang)["warnings"] if w["code"] == "tiers_differ"]
    assert warning["tiers"] == ["mid"] and said in warning["message"]
    assert "40 (toy 1.0)" not in warning["message"]


def test_each_framework_s_pillar_minimums_are_carried_into_the_comparison():
    from dataclasses import replace

    from villagescore.compare.tiers import pillar_minimums

    every = replace(_run("v1.json", "1.0", 70), tier_rules=(
        {"id": "high", "min_score": 70, "min_pillar_score": 50, "min_pillar_scores": {"p2": 40}},))
    named = replace(_run("v2.json", "2.0", 80), tier_rules=(
        {"id": "high", "min_score": 80, "min_pillar_score": None, "min_pillar_scores": {"p1": 55}},))
    assert pillar_minimums([every, named], ["p1", "p2"]) == {"p1": [50.0, 55.0], "p2": [40.0, 50.0]}
    assert pillar_minimums([_run("s", "1.0", 70)], ["p1"]) == {"p1": []}  # a run recording no tier rules
