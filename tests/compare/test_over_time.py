"""Changes over time: the tier each observation's rating reaches, whatever pandas stores text in."""

import shutil

import numpy as np
import pandas as pd
import pytest

import villagescore as vs
from tests.conftest import REPO
from villagescore.compare import compare, load_table
from villagescore.compare.over_time import _min_scores

PILOT = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
LEVEL = {"good": 70.0, "fair": 50.0, "open": None}


def _text(storage):
    """pandas' ``str`` dtype stored by ``storage`` (pandas 2.3 and later; skipped before)."""
    if storage == "pyarrow":
        pytest.importorskip("pyarrow")
    try:
        return pd.StringDtype(storage, na_value=np.nan)
    except TypeError:
        pytest.skip("pandas before 2.3 has no str dtype with NaN")


@pytest.mark.parametrize("storage", ["python", "pyarrow", None])
def test_min_scores_are_floats_for_any_ratings(storage):
    dtype = object if storage is None else _text(storage)
    ratings = pd.Series(["good", np.nan, "fair", "unknown", "open"], dtype=dtype)
    got = _min_scores(ratings, LEVEL)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, [70.0, np.nan, 50.0, np.nan, np.nan])
    empty = _min_scores(pd.Series([], dtype=dtype), LEVEL)
    assert empty.dtype == np.float64 and empty.shape == (0,)


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_villages_compared_side_by_side_without_a_change_over_time(storage):
    # the pilot village has two years; the two villages named have one each: no change over time to show
    _text(storage)
    frame = pd.read_csv(PILOT)
    others = frame.iloc[[1, 1]].assign(village_id=["other-a", "other-b"])
    with pd.option_context("mode.string_storage", storage):
        table = load_table([("t", vs.evaluate(pd.concat([frame, others], ignore_index=True)))])
        out = compare(table, villages=["other-a@2025", "other-b@2025"])
    assert out["over_time"]["changes"] == [] and out["side_by_side"] is not None
    both = compare(table, villages=["phung-xa-my-duc@2021", "phung-xa-my-duc@2025"])
    assert [c["tier_change"] for c in both["over_time"]["changes"]] in (["up"], ["down"], ["same"])


def _pilot_change(table):
    out = compare(load_table([("t", table)]))
    change = out["over_time"]["changes"][0]
    return out, change


@pytest.mark.parametrize("indicators", [True, False])
def test_a_change_over_time_between_regulation_versions_is_flagged(tmp_path, indicators):
    # the auditor's case: 2021 → 2025 of the pilot, PM10 and TSP scored against QCVN 05:2013 then 05:2023
    from villagescore.compare.loading import table_from_result
    from villagescore.compare.result_files import table_from_file

    result = vs.evaluate(PILOT)
    path = tmp_path / "r.json"
    path.write_bytes(result.to_json())
    for table in (table_from_result(result, indicators=indicators), table_from_file(path, indicators=indicators)):
        out, change = _pilot_change(table)
        assert change["regulation_changed"] is True
        warning = next(w for w in out["warnings"] if w["code"] == "regulation_differs")
        assert warning["count"] == 1 and "environment.dust_pm10" in warning["indicators"]
        assert out["over_time"]["regulation_changes"]["changes"] == 1
        changed = set(out["over_time"]["regulation_changes"]["indicators"])
        assert {"environment.dust_pm10", "environment.dust_tsp"} <= changed


def test_a_change_within_one_regulation_version_is_not_flagged(tmp_path):
    import shutil

    frame = pd.read_csv(PILOT)
    frame.iloc[[0, 1]].assign(year=[2024, 2025]).to_csv(tmp_path / "two.csv", index=False)
    shutil.copy(PILOT.with_suffix(".meta.json"), tmp_path / "two.meta.json")
    out, change = _pilot_change(vs.evaluate(tmp_path / "two.csv"))
    assert "regulation_changed" not in change and "regulation_changes" not in out["over_time"]
    assert not [w for w in out["warnings"] if w["code"] == "regulation_differs"]


def test_a_version_kept_for_an_indicator_left_out_is_no_change_of_regulation():
    # the reviewer's case: in 2021 wage_to_minimum, income_to_poverty_line and BOD5 were left out (unverified
    # limits), not scored against the 2015 versions; with the indicator level loaded that is known
    from villagescore.compare.loading import table_from_result

    out, change = _pilot_change(table_from_result(vs.evaluate(PILOT), indicators=True))
    changed = set(out["over_time"]["regulation_changes"]["indicators"])
    assert changed == {"environment.dust_pm10", "environment.dust_tsp"}


def _pilot_in_two_frameworks(tmp_path):
    """The pilot (2021, 2025) scored with the default framework and with an overlay that reweights it."""
    overlay = tmp_path / "v2.yaml"
    overlay.write_text("id: mine-v2\nversion: '2.0'\ntitle: {vi: V2, en: V2}\nextends: {framework: vn-ttcn-sustainable}"
                       "\nchange: {pillars: {environment: {weight: 0.4}, governance: {weight: 0.1}}}\n",
                       encoding="utf-8")
    return ("v1.json", vs.evaluate(PILOT)), ("v2.json", vs.evaluate(PILOT, overlay))


def _changes(out):
    return [(c["from"]["year"], c["from"]["run"], c["to"]["year"], c["to"]["run"], c["delta"])
            for c in out["over_time"]["changes"]]


def test_changes_over_time_pair_observations_of_one_framework_only(tmp_path):
    # the auditor's case: the pilot scored with v1 and v2; 2021 v2 → 2025 v1 was listed as a change, and which
    # pair came out depended on the order the results were given in
    from villagescore.compare.loading import load_table

    v1, v2 = _pilot_in_two_frameworks(tmp_path)
    alone = {r[0]: compare(load_table([r]))["over_time"]["changes"][0]["delta"] for r in (v1, v2)}
    outs = [compare(load_table([v1, v2])), compare(load_table([v2, v1]))]
    for out in outs:
        got = _changes(out)
        assert sorted(got) == sorted((2021, r, 2025, r, d) for r, d in alone.items())
        assert {n["from_run"] == n["to_run"] for n in out["over_time"]["node_changes"]} == {True}
        # both years scored with both frameworks: no change is lost, no warning (it used to count 3 "pairs")
        assert "across_frameworks" not in out["over_time"]
        assert not [w for w in out["warnings"] if w["code"] == "changes_across_frameworks"]
        # the regulation check counts the two changes between years only, never a change of framework
        assert out["over_time"]["regulation_changes"]["changes"] == 2
    assert sorted(_changes(outs[0])) == sorted(_changes(outs[1]))
    assert "across_frameworks" not in compare(load_table([v1]))["over_time"]


def test_the_across_frameworks_warning_names_only_villages_a_change_is_lost_for():
    # the auditor's case: the same years scored with v1 and v2 warned of "3 pair(s)" though nothing was lost;
    # a change is lost only where a village's years were scored with different frameworks
    from villagescore.compare.over_time import _pairs_across

    obs = [("v0", 0, 2021), ("v0", 1, 2025),  # two years, one framework each: its change is lost
           ("v1", 0, 2021), ("v1", 0, 2025), ("v1", 1, 2021), ("v1", 1, 2025),  # both years, both frameworks
           ("v2", 0, 2021), ("v2", 0, 2023), ("v2", 1, 2025),  # 2025 is in no change
           ("v3", 0, 2021), ("v3", 0, 2025), ("v3", 1, 2021),  # every year is in a change under framework 0
           ("v4", 1, 2025), ("v5", 0, 2024), ("v5", 1, 2024)]  # one year each: nothing to change
    o = pd.DataFrame(obs, columns=["village_id", "framework", "year"])
    assert _pairs_across(o) == {"villages": 2, "village_ids": ["v0", "v2"]}
    assert _pairs_across(o.iloc[::-1]) == {"villages": 2, "village_ids": ["v0", "v2"]}
    assert _pairs_across(o[o["village_id"].isin(["v1", "v3", "v4", "v5"])]) is None


def test_a_village_scored_one_year_per_framework_is_named_in_the_warning(tmp_path):
    frame = pd.read_csv(PILOT)
    overlay = tmp_path / "v2.yaml"
    overlay.write_text("id: mine-v2\nversion: '2.0'\ntitle: {vi: V2, en: V2}\nextends: {framework: vn-ttcn-sustainable}"
                       "\nchange: {pillars: {environment: {weight: 0.4}}}\n", encoding="utf-8")
    runs = []
    for name, year, spec in (("v1", 2021, None), ("v2", 2025, overlay)):
        frame[frame["year"] == year].to_csv(tmp_path / f"{name}.csv", index=False)
        shutil.copy(PILOT.with_suffix(".meta.json"), tmp_path / f"{name}.meta.json")
        runs.append((f"{name}.json", vs.evaluate(tmp_path / f"{name}.csv", spec, percent_scale="percent")))
    for given in (runs, runs[::-1]):
        out = compare(load_table(given), lang="en")
        assert out["over_time"]["changes"] == []
        assert out["over_time"]["across_frameworks"] == {"villages": 1, "village_ids": ["phung-xa-my-duc"]}
        warning = next(w for w in out["warnings"] if w["code"] == "changes_across_frameworks")
        assert warning["count"] == 1 and warning["message"].startswith("1 village(s) (phung-xa-my-duc) have years")


def test_a_village_year_scored_alike_by_two_frameworks_keeps_both_chains(tmp_path):
    # the two frameworks give 2021 the same score: it is not "scored again", each framework keeps its change
    from villagescore.compare.loading import load_table

    v1, v2 = _pilot_in_two_frameworks(tmp_path)
    table = load_table([v1, v2])
    first = table.villages.index[(table.villages["year"] == 2021) & (table.villages["run_label"] == "v1.json")]
    same = table.villages.index[(table.villages["year"] == 2021) & (table.villages["run_label"] == "v2.json")]
    table.villages.loc[same, "overall_score"] = table.villages.loc[first, "overall_score"].to_numpy()
    changes = compare(table)["over_time"]["changes"]
    # runs in their canonical order: framework mine-v2 (v2.json) before vn-ttcn-sustainable (v1.json)
    assert [(c["from"]["run"], c["to"]["run"]) for c in changes] == [("v2.json", "v2.json"), ("v1.json", "v1.json")]


@pytest.mark.parametrize(("years", "lost"), [
    ({"v1": [2021, 2022], "v2": [2023, 2024]}, True),  # a survey moved to v2: 2022 → 2023 is not listed
    ({"v1": [2021], "v2": [2025]}, True),
    ({"v1": [2021, 2025], "v2": [2023]}, True),  # 2023 joins no change
    ({"v1": [2021, 2025], "v2": [2021, 2025]}, False),  # the same years scored twice lose nothing
    ({"v1": [2021, 2022, 2023], "v2": [2023, 2024]}, False),  # the frameworks' years meet in 2023
    ({"v1": [2021]}, False),
])
def test_a_change_is_lost_where_no_framework_joins_a_village_s_years(years, lost):
    """Review (fourteenth walk): v1 in 2021–2022 and v2 in 2023–2024 lost 2022 → 2023 without a word."""
    from villagescore.compare.over_time import _pairs_across

    rows = [(f, y) for f, ys in years.items() for y in ys]
    o = pd.DataFrame({"village_id": "a", "framework": [0 if f == "v1" else 1 for f, _ in rows],
                      "year": [y for _, y in rows]})
    found = _pairs_across(pd.concat([o, o.assign(village_id="b", framework=0)], ignore_index=True))
    assert found == ({"villages": 1, "village_ids": ["a"]} if lost else None)
