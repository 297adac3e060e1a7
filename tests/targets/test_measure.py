import math

import numpy as np
import pandas as pd
import pytest

from villagescore.targets import NATIONAL, TargetData, measure_targets
from villagescore.targets.measure import _matches, compare_op
from villagescore.targets.model import Target, TargetSet


def _data(rows, indicators=None, fields=None):
    """A hand-made TargetData: rows of (province, year, rating, sectors)."""
    v = pd.DataFrame(rows, columns=["province", "year", "rating", "sectors"])
    v.insert(0, "obs", np.arange(len(v)))
    v.insert(1, "village_id", [f"v{i}" for i in range(len(v))])
    v["name"] = v["village_id"]
    v["framework"] = "fw"
    tiers = {"fw": ["best", "good", "poor"]}
    v["tier_rank"] = v["rating"].map({t: k for k, t in enumerate(tiers["fw"])}).astype(float)
    ind = {k: pd.Series(vals, dtype=object) for k, vals in (indicators or {}).items()}
    fld = {k: pd.Series(vals, dtype=object) for k, vals in (fields or {}).items()}
    return TargetData(v, "test", tiers, ind.get, fld.get)


def _target(**kw):
    base = {"id": "t", "label": {"vi": "t", "en": "t"}, "source": {"decision": "d", "provision": "p"},
            "confidence": "secondary", "year": 2030, "unit": "share_of_villages", "op": ">=", "value": 50.0,
            "measure": {"statistic": "share", "condition": {"rating_at_least": "good"}},
            "measure_confidence": "estimate"}
    base.update(kw)
    return Target(**base)


def _run(data, *targets):
    return measure_targets(data, TargetSet("s", {"vi": "s", "en": "s"}, {"document": "d"}, targets, "mem"))


def _row(report, group, year, k=0):
    return next(r for r in report["targets"][k]["rows"] if r["group"] == group and r["year"] == year)


ROWS = [("A", 2022, "best", ("w",)), ("A", 2022, "poor", ("w",)), ("A", 2024, "good", ("w",)),
        ("A", 2024, "good", ("r",)), ("B", 2022, "poor", ("w",)), ("B", 2024, None, ("r",))]


def test_share_of_villages_with_a_rating_per_province_and_year():
    report = _run(_data(ROWS), _target())
    assert _row(report, "A", 2022)["value"] == 50.0
    assert _row(report, "A", 2024)["value"] == 100.0
    assert _row(report, NATIONAL, 2022)["value"] == pytest.approx(100 / 3, abs=1e-4)
    b24 = _row(report, "B", 2024)  # unrated: in scope but not measured
    assert (b24["value"], b24["villages"], b24["measured"], b24["coverage"]) == (None, 1, 0, 0.0)
    n24 = _row(report, NATIONAL, 2024)
    assert (n24["value"], n24["measured"], n24["villages"], n24["coverage"]) == (100.0, 2, 3, pytest.approx(2 / 3,
                                                                                                         abs=1e-4))
    assert n24["gap"] == 0.0 and n24["reached"] is True
    assert _row(report, NATIONAL, 2022)["gap"] == pytest.approx(50 - 100 / 3, abs=1e-4)


def test_trend_verdicts():
    data = _data(ROWS)
    report = _run(data, _target(value=90.0))
    trend = report["targets"][0]["trend"]["A"]  # 50 % in 2022, 100 % in 2024: +25 points a year, capped at 100 %
    assert (trend["verdict"], trend["basis"], trend["projected"]) == ("on_track", "projection", 100.0)
    assert report["targets"][0]["trend"]["B"]["verdict"] == "unknown"  # one measured year before 2030
    report = _run(data, _target(value=90.0, year=2023))  # no data in 2023; 2024 (100 %) must not judge it
    assert report["targets"][0]["trend"][NATIONAL]["verdict"] == "no_target_year"
    report = _run(data, _target(op="<=", value=20.0, year=2030))
    trend = report["targets"][0]["trend"][NATIONAL]  # rising from 33 to 100: moving away from <= 20
    assert trend["verdict"] == "off_track" and trend["slope"] > 0
    report = _run(data, _target(op="<=", value=20.0, year=2024))
    assert report["targets"][0]["trend"][NATIONAL]["verdict"] == "missed"


def test_on_track_when_the_projection_reaches_the_target():
    rows = [("A", 2022, "poor", ()), ("A", 2022, "good", ()), ("A", 2023, "good", ()), ("A", 2023, "good", ()),
            ("A", 2023, "poor", ())]
    report = _run(_data(rows), _target(value=90.0, year=2025))
    trend = report["targets"][0]["trend"]["A"]
    assert trend["verdict"] == "on_track" and trend["projected"] > 90


def test_weighted_mean_is_a_share_of_workers():
    data = _data(ROWS, indicators={"trained": [100, 0, 50, 50, 10, None]}, fields={"workers": [10, 30, 1, 3, 5, 5]})
    t = _target(unit="share_of_workers", measure={"statistic": "mean", "value": {"indicator": "trained"},
                                                  "weight": {"field": "workers"}})
    report = _run(data, t)
    assert _row(report, "A", 2022)["value"] == 25.0  # (100*10 + 0*30) / 40
    assert _row(report, NATIONAL, 2022)["value"] == pytest.approx((1000 + 50) / 45, abs=1e-4)
    assert _row(report, "B", 2024)["measured"] == 0


def test_population_filters_by_sector_and_condition():
    data = _data(ROWS, indicators={"status": ["traditional", "other", "traditional", "traditional", None, "x"],
                                   "ocop": [1, 0, 0, 2, 3, 0]})
    t = _target(measure={"statistic": "share", "condition": {"indicator": "ocop", "op": ">=", "value": 1},
                         "population": {"sectors": ["w"],
                                        "where": [{"indicator": "status", "op": "==", "value": "traditional"}]}})
    report = _run(data, t)
    rows = report["targets"][0]["rows"]
    assert {(r["group"], r["year"]) for r in rows} == {(NATIONAL, 2022), (NATIONAL, 2024), ("A", 2022), ("A", 2024),
                                                      ("B", 2022)}
    assert _row(report, "A", 2022)["value"] == 100.0 and _row(report, "A", 2024)["value"] == 0.0
    b = _row(report, "B", 2022)  # status unknown: not classifiable, not silently out of scope
    assert (b["villages"], b["measured"], b["unclassified"], b["value"]) == (0, 0, 1, None)


def test_count_and_sum_with_national_scope():
    data = _data(ROWS, fields={"workers": [10, 30, 1, 3, 5, None]})
    count = _target(id="c", unit="count", value=3, scope="national",
                    measure={"statistic": "count", "condition": {"rating_at_least": "best"}})
    total = _target(id="s", unit="count", value=100, scope="national",
                    measure={"statistic": "sum", "value": {"field": "workers"}})
    report = _run(data, count, total)
    assert _row(report, NATIONAL, 2022, 0)["value"] == 1.0
    assert _row(report, NATIONAL, 2022, 1)["value"] == 45.0 and _row(report, NATIONAL, 2022, 1)["target"] == 100
    province = _row(report, "A", 2022, 1)
    assert province["value"] == 40.0 and province["target"] is None and province["gap"] is None
    assert set(report["targets"][1]["trend"]) == {NATIONAL}


def test_ratio_to_base_year():
    rows = [("A", 2020, "good", ()), ("A", 2020, "good", ()), ("A", 2025, "good", ())]
    data = _data(rows, indicators={"income": [100, 200, 300]})
    t = _target(unit="multiple_of_base_year", base_year=2020, value=1.5, year=2025,
                measure={"statistic": "ratio_to_base", "value": {"indicator": "income"}})
    report = _run(data, t)
    assert _row(report, "A", 2025)["value"] == 2.0 and _row(report, "A", 2020)["value"] == 1.0
    t2 = _target(unit="multiple_of_base_year", base_year=2019, value=1.5,
                 measure={"statistic": "ratio_to_base", "value": {"indicator": "income"}})
    out = _run(data, t2)["targets"][0]
    assert not out["measurable"] and "2019" in out["missing_data"][0]["en"]


def test_missing_data_is_named():
    data = _data(ROWS, indicators={"empty": [None] * 6})
    cases = [
        (_target(measure=None, missing={"vi": "thiếu X", "en": "X is missing"}), "X is missing"),
        (_target(measure={"statistic": "mean", "value": {"indicator": "absent"}}), "indicator absent is not in"),
        (_target(measure={"statistic": "mean", "value": {"field": "nofield"}}), "field nofield is not recorded"),
        (_target(measure={"statistic": "share", "condition": {"rating_at_least": "nope"}}), "tier nope"),
        (_target(measure={"statistic": "mean", "value": {"indicator": "empty"}}), "no village has a value for empty"),
    ]
    report = _run(data, *[c[0] for c in cases])
    for out, (_, expected) in zip(report["targets"], cases, strict=True):
        assert out["measurable"] is False and out["rows"] == []
        assert expected in out["missing_data"][0]["en"] and out["missing_data"][0]["vi"]


def test_compare_op_handles_text_numbers_and_unknown():
    s = pd.Series(["a", 1, None, "2"], dtype=object)
    assert compare_op(s, "in", ["a", 2]).tolist()[:2] == [1.0, 0.0]
    assert compare_op(s, "in", ["a", 2]).tolist()[3] == 1.0
    assert math.isnan(compare_op(s, "==", "a").tolist()[2])
    assert compare_op(pd.Series([1, 5, None], dtype=object), ">=", 2).tolist()[:2] == [0.0, 1.0]


def test_by_national_keeps_only_the_country():
    data = _data(ROWS)
    report = measure_targets(data, TargetSet("s", {"vi": "s", "en": "s"}, {"document": "d"}, (_target(),), "m"),
                             by="national")
    assert {r["group"] for r in report["targets"][0]["rows"]} == {NATIONAL}


def _ocop(status, ocop, year=2025):
    rows = [("A", year, "good", ("w",))] * len(status)
    t = _target(year=2025, measure={"statistic": "share", "condition": {"indicator": "ocop", "op": ">=", "value": 1},
                                    "population": {"where": [{"indicator": "status", "op": "==",
                                                              "value": "traditional"}]}})
    return _run(_data(rows, indicators={"status": status, "ocop": ocop}), t)


def test_villages_with_an_empty_population_field_are_unclassified_and_can_withhold_the_verdict():
    # 2 traditional villages, 1 with OCOP: 50 %; 2 of unknown status without OCOP could bring it to 1/4 = 25 %
    report = _ocop(["traditional", "traditional", None, None], [1, 0, 0, 0])
    row = _row(report, NATIONAL, 2025)
    assert (row["value"], row["villages"], row["measured"], row["unclassified"], row["village_years"]) == (
        50.0, 2, 2, 2, 4)
    assert row["range"] == [25.0, 50.0]
    assert report["targets"][0]["trend"][NATIONAL]["verdict"] == "insufficient_data"
    (warning,) = report["warnings"]
    assert (warning["code"], warning["target"], warning["fields"], warning["village_years"]) == (
        "unclassified_population", "t", ["status"], 2)


def test_unclassified_villages_that_cannot_change_the_verdict_leave_it_with_its_range():
    # 1 of 2 traditional villages with OCOP: 50 %; the unknowns all have OCOP: from 50 % to 3/4 = 75 %
    report = _ocop(["traditional", "traditional", None, None], [1, 0, 2, 1])
    row = _row(report, NATIONAL, 2025)
    assert (row["value"], row["range"]) == (50.0, [50.0, 75.0])
    assert report["targets"][0]["trend"][NATIONAL]["verdict"] == "met"
    clean = _ocop(["traditional", "other"], [1, 0])
    assert clean["warnings"] == [] and _row(clean, NATIONAL, 2025)["unclassified"] == 0
    assert _row(clean, NATIONAL, 2025)["range"] is None


def test_a_population_nobody_can_be_placed_in_says_so():
    out = _ocop([None, None], [1, 0])["targets"][0]
    assert not out["measurable"]
    assert "no village could be placed in the target's population: status empty" in out["missing_data"][1]["en"]


def test_the_rows_of_later_years_are_marked_and_do_not_judge():
    rows = [("A", 2025, "poor", ()), ("A", 2026, "good", ())]
    report = _run(_data(rows), _target(year=2025, value=30.0))
    assert report["targets"][0]["trend"][NATIONAL]["verdict"] == "missed"  # 0 % in 2025; 100 % in 2026 not used
    assert [r["after_target_year"] for r in report["targets"][0]["rows"] if r["group"] == NATIONAL] == [False, True]


def _totals(provenance):
    data = _data(ROWS, fields={"workers": [10, 30, 1, 3, 5, None]})
    data.provenance = provenance
    t = _target(id="s", unit="count", value=100, scope="national", year=2024,
                measure={"statistic": "sum", "value": {"field": "workers"}})
    return _run(data, t)["targets"][0]


def test_a_total_over_sample_villages_is_not_judged_missed():
    sample = _totals({"dataset": {"kind": "real"}})  # 2024: 1 + 3 = 4 workers, target 100
    assert sample["total"] == {"partial": True, "scope": "national"}
    assert sample["trend"][NATIONAL]["verdict"] == "partial_total"
    census = _totals({"dataset": {"kind": "real", "complete": True}})
    assert census["total"] == {"partial": False, "scope": "national"}
    assert census["trend"][NATIONAL]["verdict"] == "missed"


def test_each_row_gives_the_share_of_estimated_inputs_of_its_measured_villages():
    data = _data(ROWS)
    data.villages["estimated_share"] = [1.0, 0.5, 0.25, None, 0.0, 1.0]
    report = _run(data, _target())
    assert _row(report, "A", 2022)["estimated_share"] == 0.75  # (1 + 0.5) / 2
    assert _row(report, NATIONAL, 2022)["estimated_share"] == 0.5  # (1 + 0.5 + 0) / 3
    assert _row(report, "A", 2024)["estimated_share"] == 0.25  # the unknown share is left out
    assert _row(report, "B", 2024)["estimated_share"] is None  # unrated: nothing measured
    assert report["data"]["estimates"] == {"flagged": True, "mostly_estimated": 3}


def _compare_in_reference(values, allowed):
    """``compare_op(values, "in", allowed)`` as it was before it was memoised: every cell read."""
    hit = _matches(allowed if isinstance(allowed, list) else [allowed])
    return values.map(lambda x: hit(x) if x is not None else False).astype(float).where(values.notna(), np.nan)


def test_compare_op_reads_each_value_by_its_type_once_per_distinct_value():
    """``True``, ``1`` and ``1.0`` are one key to pandas, yet each is read as it is (memoised per type and value)."""
    cells = [True, 1, 1.0, "1", "True", None, float("nan"), ["x"], "yes", True, 1, "1.0", 2.5]
    values = pd.Series(cells, dtype=object)
    for allowed in (["True"], [1], ["1"], ["yes", "x"], "nan", [2.5, "True"]):
        got = compare_op(values, "in", allowed)
        pd.testing.assert_series_equal(got, _compare_in_reference(values, allowed))


def test_groups_come_in_the_order_of_their_names_with_the_unrecorded_province_among_them():
    """The groups are grouped by codes that follow their names' order (villagescore.targets.measure._Groups)."""
    rows = [("Đồng Tháp", 2024, "best", ("w",)), ("An Giang", 2024, "poor", ("w",)), (None, 2024, "good", ("w",)),
            ("Hà Nội", 2024, "good", ("w",)), ("An Giang", 2022, "best", ("w",)), ("Zeta", 2022, "poor", ("w",))]
    report = _run(_data(rows), _target())
    rows_out = report["targets"][0]["rows"]
    groups = [r["group"] for r in rows_out]
    assert groups[:2] == [NATIONAL, NATIONAL]
    assert {g for g in groups} == {NATIONAL, "An Giang", "Hà Nội", "Đồng Tháp", "Zeta", "(not recorded)"}
    counts = {(r["group"], r["year"]): r["village_years"] for r in rows_out}
    assert counts[(NATIONAL, 2024)] == 4 and counts[(NATIONAL, 2022)] == 2 and counts[("An Giang", 2022)] == 1
    assert counts[("(not recorded)", 2024)] == 1 and _row(report, "Đồng Tháp", 2024)["value"] == 100.0


def test_compare_op_reads_equal_datetimes_of_other_offsets_each_as_written():
    """Reviewed 2026-12-07: equal values written differently (one instant at two offsets) shared one answer."""
    from datetime import UTC, datetime, timedelta, timezone

    cells = [datetime(2020, 1, 1, 12, tzinfo=UTC), datetime(2020, 1, 1, 13, tzinfo=timezone(timedelta(hours=1)))]
    for order in (cells, cells[::-1]):
        values = pd.Series(order, dtype=object)
        for allowed in (["2020-01-01 12:00:00+00:00"], ["2020-01-01 13:00:00+01:00"]):
            pd.testing.assert_series_equal(compare_op(values, "in", allowed), _compare_in_reference(values, allowed))


def test_groups_give_what_grouping_by_the_names_gave():
    """_Groups' codes follow the names' order: the same groups, order and counts as pandas grouping the names."""
    from villagescore.targets.measure import _NOT_RECORDED, _Groups

    provinces = ["Đồng Tháp", "An Giang", None, "Hà Nội", "An Giang", "Zeta", "(not recorded)", "a", "Á", "Ấp"]
    villages = pd.DataFrame({"province": provinces, "year": [2024, 2024, 2024, 2022, 2022, 2022, 2024, 2022, 2024,
                                                             2024]})
    groups = _Groups.of(villages)
    named = villages.assign(province=villages["province"].fillna(_NOT_RECORDED))
    expected = named.groupby(["province", "year"]).size()
    got = groups.everyone[False]
    assert [(groups.names[c], y) for c, y in got.index] == list(expected.index)
    assert got.tolist() == expected.tolist()
    assert groups.everyone[True].equals(named.groupby(["year"]).size())
    assert list(groups.names[groups.codes]) == named["province"].tolist() and groups.names[-1] == NATIONAL
