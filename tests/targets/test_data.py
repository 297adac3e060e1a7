"""villagescore.targets.data: village-years from a result or the store, with their current provinces."""

from pathlib import Path

import pytest

from villagescore.store import Store, StoreError
from villagescore.targets import NATIONAL, data_from_result, data_from_store, measure_targets
from villagescore.targets.render import render

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def reform(toy_registry, toy_framework):
    """v1 Hà Nội, v2 "Hà Tây" (not a 2025 unit), v3 "Tỉnh Bắc Giang" (now Bắc Ninh), v4 Bắc Ninh."""
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    return Engine(toy_registry).evaluate(toy_framework, read_dataset(FIXTURES / "compare_toy_reform.csv",
                                                                     toy_registry))


def _check(data):
    provinces = dict(zip(data.villages["village_id"], data.villages["province"], strict=True))
    mapped = dict(zip(data.villages["village_id"], data.villages["mapped"], strict=True))
    assert provinces == {"v1": "Hà Nội", "v2": "Hà Tây", "v3": "Bắc Ninh", "v4": "Bắc Ninh"}
    assert mapped == {"v1": True, "v2": False, "v3": True, "v4": True}
    (w,) = data.warnings
    assert w["code"] == "unknown_province" and w["names"] == ["Hà Tây"] and w["villages"] == ["v2"]
    assert "(provinces-2025.csv)" in w["message"]


def test_an_unmapped_province_is_kept_apart_marked_and_warned_about_as_compare_does(reform):
    from villagescore.admin_mapping import load_mapping
    from villagescore.compare import compare, load_table

    data = data_from_result(reform)
    _check(data)
    c = compare(load_table([("r", reform)]), by="province", mapping=load_mapping())
    assert [w["message"] for w in c["warnings"]] == [w["message"] for w in data.warnings]  # the same words


def test_the_store_gives_the_same_provinces_and_warning(reform, tmp_path):
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(reform)
        _check(data_from_store(st.con))


def test_the_report_marks_the_unmapped_group_and_carries_the_warning(reform):
    from villagescore.targets.model import Target, TargetSet

    t = Target(id="t", label={"vi": "t", "en": "t"}, source={"decision": "d", "provision": "p"},
               confidence="secondary", year=2030, unit="share_of_villages", op=">=", value=50.0,
               measure={"statistic": "share", "condition": {"rating_at_least": "mid"}},
               measure_confidence="estimate")
    report = measure_targets(data_from_result(reform), TargetSet("s", {"vi": "s", "en": "s"}, {"document": "d"},
                                                                   (t,), "mem"))
    assert report["warnings"][0]["code"] == "unknown_province"
    rows = [r for t in report["targets"] if t["measurable"] for r in t["rows"]]
    assert rows and {r["mapped"] for r in rows if r["group"] == "Hà Tây"} == {False}
    assert all(r["mapped"] for r in rows if r["group"] != "Hà Tây")
    for fmt in ("md", "html", "csv"):
        vi = render(report, fmt, "vi").decode("utf-8-sig")
        assert "Hà Tây (không có trong bảng chuyển đổi 2025)" in vi
        en = render(report, fmt, "en").decode("utf-8-sig")
        assert "Hà Tây (not in the 2025 mapping table)" in en
    assert "cảnh báo: tên tỉnh/thành không có trong bảng chuyển đổi" in render(report, "md", "vi").decode("utf-8")


def test_a_report_carries_the_provenance_evaluate_writes(reform, tmp_path):
    from villagescore.targets import load_targets

    report = measure_targets(data_from_result(reform), load_targets(None))
    prov = report["provenance"]
    assert prov["framework"]["id"] == reform.provenance["framework"]["id"]
    assert prov["framework"]["sha256"] == reform.provenance["framework"]["sha256"]
    assert prov["framework"]["lineage"] == reform.provenance["framework"]["lineage"]
    assert prov["dataset"]["sha256"] == reform.provenance["dataset"]["sha256"]
    assert {p["name"] for p in prov["plugins"]} >= {"toy"} and all(p["version"] for p in prov["plugins"])
    assert len(report["targets_file"]["sha256"]) == 64
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(reform)
        stored = measure_targets(data_from_store(st.con), load_targets(None))["provenance"]
    assert stored["source"] == "store" and stored["engine_version"]
    (evaluation,) = stored["evaluations"]
    assert evaluation["evaluation"] == 1 and evaluation["framework"]["sha256"] == prov["framework"]["sha256"]
    assert evaluation["dataset"]["sha256"] == prov["dataset"]["sha256"] and evaluation["plugins"]


def test_an_empty_store_gives_no_village_and_no_evaluation(tmp_path):
    with Store(tmp_path / "empty.sqlite", create=True) as st:
        data = data_from_store(st.con)
    assert data.villages.empty and data.warnings == []
    assert data.provenance["source"] == "store" and data.provenance["evaluations"] == []


def test_a_value_left_out_for_its_unverified_limit_is_still_measured(tmp_path):
    """Review 2026-12: targets read such values as none (their status is not applicable); the field reads them."""
    import numpy as np

    import villagescore as vs
    from tests.conftest import REPO

    result = vs.evaluate(REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv")
    j, mask = next(iter(result.matrix.limit_unverified.items()))
    node = result.framework.indicators[j]
    data = data_from_result(result)
    by_indicator = data.indicator(node.id)
    raw = np.asarray(result.matrix.values[j], dtype=object)
    given = np.flatnonzero(mask & np.asarray([v is not None and v == v for v in raw]))
    assert len(given)  # values given where the limit is unverified: the case of this test
    assert all(by_indicator[i] is not None for i in given)
    if len(node.indicator.requires) == 1:
        by_field = data.field(node.indicator.requires[0])
        assert [by_field[i] for i in given] == [by_indicator[i] for i in given]

def test_sector_codes_factorise_the_sectors_column_once():
    from .test_measure import _data

    data = _data([("A", 2025, "good", ("w",)), ("A", 2025, "good", ()), ("A", 2025, "good", ("w",)),
                  ("A", 2025, "good", ("r", "w"))])
    codes, distinct = data.sector_codes()
    assert [distinct[c] for c in codes] == [("w",), (), ("w",), ("r", "w")]
    assert len(distinct) == 3 and data.sector_codes() is data.sector_codes()


def test_sector_codes_take_lists_as_tuples_and_a_missing_value_as_code_minus_one():
    from .test_measure import _data

    data = _data([("A", 2025, "good", ["w"]), ("A", 2025, "good", None), ("A", 2025, "good", ["w"])])
    codes, distinct = data.sector_codes()
    assert codes.tolist() == [0, -1, 0] and distinct.tolist() == [("w",)]


def test_a_framework_id_the_store_does_not_hold_is_an_error(tmp_path):
    with Store(tmp_path / "empty.sqlite", create=True) as st, pytest.raises(StoreError) as exc:
        data_from_store(st.con, framework="vn-ttcn-sustanable")
    assert exc.value.key == "unknown_framework" and "its frameworks: -" in exc.value.text("en")


def test_the_store_warns_when_the_village_years_come_from_different_frameworks(reform, toy_registry, toy_framework,
                                                                                tmp_path):
    """Audit 2026-12: the latest evaluation of each village-year was taken across frameworks, without a word."""
    import dataclasses

    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.i18n import use_language
    from villagescore.targets import load_targets

    later = tmp_path / "2024.csv"  # a later year, scored with another version of the framework
    later.write_text((FIXTURES / "compare_toy_reform.csv").read_text(encoding="utf-8").replace(",2023,", ",2024,"),
                     encoding="utf-8")
    other = Engine(toy_registry).evaluate(dataclasses.replace(toy_framework, version="9.9"),
                                          read_dataset(later, toy_registry))
    other.provenance["framework"].update(version="9.9", resolved_sha256="another")  # as its own file would give
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(reform)
        assert [w["code"] for w in data_from_store(st.con).warnings] == ["unknown_province"]
        st.add(other)
        for lang, words in (("en", "different frameworks"), ("vi", "bộ tiêu chí khác nhau")):
            previous = use_language(lang)
            try:
                data = data_from_store(st.con)
            finally:
                use_language(previous)
            (w,) = [w for w in data.warnings if w["code"] == "framework_differs"]
            assert [f["version"] for f in w["frameworks"]] == [str(toy_framework.version), "9.9"]
            assert words in w["message"] and "--framework" in w["message"] and "#1" in w["message"]
            report = measure_targets(data, load_targets(None))
            assert w in report["warnings"]
            for fmt in ("json", "md", "html"):
                assert w["message"][:30] in render(report, fmt, lang).decode("utf-8-sig")


def test_the_store_warns_when_one_plugin_scored_the_village_years_in_two_versions(reform, tmp_path):
    """Reviewed 2026-12-07: evaluations of one framework file scored with other bytes of a catalogue were mixed."""
    import copy

    from villagescore.i18n import use_language

    later = copy.deepcopy(reform)
    later.frame = later.frame.assign(year=later.frame["year"] + 1)
    name = reform.provenance["plugins_used"][0]
    later.provenance = copy.deepcopy(reform.provenance)
    for p in later.provenance["plugins"]:
        if p["name"] == name:
            p["version"] = "1.0.0 sha256:0123456789ab"
    later.provenance["framework"]["resolved_sha256"] = "another"
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(reform)
        assert "plugins_differ" not in [w["code"] for w in data_from_store(st.con).warnings]
        st.add(later)
        for lang, words in (("en", "different plugins or catalogue files"), ("vi", "plugin hoặc tệp danh mục")):
            previous = use_language(lang)
            try:
                (w,) = [w for w in data_from_store(st.con).warnings if w["code"] == "plugins_differ"]
            finally:
                use_language(previous)
            assert words in w["message"] and f"#2: {name}==1.0.0 sha256:0123456789ab" in w["message"]
            assert [e["evaluation"] for e in w["plugins"]] == [1, 2]



def test_the_store_warns_when_one_plugin_version_scored_the_village_years_with_other_catalogue_files(reform, tmp_path):
    """Fifteenth walk: years of one framework file scored with other bytes of a plugin's catalogue were mixed."""
    import copy

    from villagescore.i18n import use_language

    name = reform.provenance["plugins_used"][0]

    def scored(shift: int, sha: str | None):
        later = copy.deepcopy(reform)
        later.frame = later.frame.assign(year=later.frame["year"] + shift)
        later.provenance = copy.deepcopy(reform.provenance)
        later.provenance["dataset"]["sha256"] = f"{shift}" * 64  # another year's file: another evaluation
        for p in later.provenance["plugins"]:
            if p["name"] == name and sha:
                p["files"] = [{"file": "catalogue.yaml", "sha256": sha}]
        return later

    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(scored(0, "a" * 64))
        st.add(scored(1, "a" * 64))
        assert "plugins_differ" not in [w["code"] for w in data_from_store(st.con).warnings]
        st.add(scored(2, "c" * 64))
        st.add(scored(3, None))  # stored as an older version recorded it: no file of any plugin
        oldest = scored(4, None)  # older still: no plugins_used either
        oldest.provenance.pop("plugins_used")
        st.add(oldest)
        for lang, unrecorded, none in (
                ("en", "catalogue files not recorded", "plugins and catalogue files not recorded"),
                ("vi", "chưa ghi lại tệp danh mục", "chưa ghi lại plugin và tệp danh mục")):
            previous = use_language(lang)
            try:
                (w,) = [w for w in data_from_store(st.con).warnings if w["code"] == "plugins_differ"]
            finally:
                use_language(previous)
            assert f"#1: {name}: catalogue.yaml sha256:{'a' * 12}" in w["message"]
            assert f"#3: {name}: catalogue.yaml sha256:{'c' * 12}" in w["message"]
            assert f"#4: {unrecorded}; #5: {none};" in w["message"]
            assert [e["evaluation"] for e in w["plugins"]] == [1, 2, 3, 4, 5]
            assert w["plugins"][3]["catalogue_files"] is None


def test_the_store_says_a_plugin_only_some_evaluations_used_only_where_its_nodes_apply_as_compare_does(tmp_path):
    """Reviewed 2026-12-07: ``targets`` judged only a plugin in two versions, not one some evaluations used."""
    import warnings

    import pandas as pd

    from villagescore import api
    from villagescore.compare import compare, load_table
    from villagescore.i18n import current_language, use_language
    from villagescore.registry import Registry
    from villagescore.store.compare_source import tables_from_store

    root = Path(__file__).resolve().parents[2]
    bronze = root / "docs" / "examples" / "catalogues" / "bronze-casting.yaml"
    rows = pd.read_csv(root / "datasets" / "synthetic" / "national-sample-synthetic.csv").head(3)
    rows["year"] = 2024
    plain = tmp_path / "plain.csv"
    rows.to_csv(plain, index=False)
    cast = rows.assign(village_id=["bz-1", "bz-2", "bz-3"], sectors=["bronze_casting", "bronze_casting;wood", "wood"],
                       bronze_furnace_dust_control_pct=[40, 90, None], bronze_slag_collected_pct=[60, 10, None],
                       bronze_recycled_copper_pct=[70, 30, None])
    practised, unpractised = tmp_path / "bronze.csv", tmp_path / "wood.csv"
    cast.to_csv(practised, index=False)
    cast.assign(village_id=["w-1", "w-2", "w-3"], sectors="wood").to_csv(unpractised, index=False)
    with_file = Registry.default(catalogues=[bronze])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scored = {"plain": api.evaluate(plain), "wood": api.evaluate(unpractised, registry=with_file),
                  "bronze": api.evaluate(practised, registry=with_file)}

    def said(*names: str) -> tuple[list[dict], list[dict]]:
        """The plugins_differ warnings of targets and of compare on a store of these results, in this order."""
        path = tmp_path / f"{'-'.join(names)}.sqlite"
        with Store(path, create=True) as st:
            for name in names:
                st.add(scored[name])
            targets = [w for w in data_from_store(st.con).warnings if w["code"] == "plugins_differ"]
            c = compare(load_table(tables_from_store(st.con)), lang=current_language())
        return targets, [w for w in c["warnings"] if w["code"] == "plugins_differ"]

    assert said("plain", "wood") == ([], [])  # the catalogue's sector is practised by none of its villages
    (t,), (c,) = said("plain", "bronze")
    assert "#1: —" in t["message"] and "#2: bronze_casting==0.1.1 sha256:" in t["message"]
    assert t["message"].replace("#1", "").replace("#2", "") == c["message"].replace(
        c["plugins"][0]["run"], "").replace(c["plugins"][1]["run"], "")  # the same words as compare's
    assert [e["evaluation"] for e in t["plugins"]] == [1, 2]
    assert any(p.startswith("bronze_casting==") for p in t["plugins"][1]["plugins_used"])
    for lang, words in (("en", "different plugins or catalogue files"), ("vi", "plugin hoặc tệp danh mục")):
        previous = use_language(lang)
        try:
            (t,), _ = said("plain", "bronze")
        finally:
            use_language(previous)
        assert words in t["message"]
    older = scored["bronze"]  # an evaluation that records no plugins_used is not judged
    older.provenance = {k: v for k, v in older.provenance.items() if k != "plugins_used"}
    assert said("plain", "bronze")[0] == []


def test_an_indicator_is_none_where_it_does_not_apply_as_its_status_says():
    """data_from_result reads applicability from its column (it read the status of every cell before)."""
    import numpy as np
    import pandas as pd

    import villagescore as vs

    result = vs.evaluate(Path(__file__).parents[2] / "datasets" / "synthetic" / "national-sample-synthetic.csv")
    data = data_from_result(result)
    status = result.indicator_status()
    for j, node in enumerate(result.framework.indicators):
        expected = pd.Series(np.asarray(result.matrix.values[j], dtype=object), dtype=object)
        absent = status[:, j] == "not_applicable"
        left_out = getattr(result.matrix, "limit_unverified", {}).get(j)
        expected[absent if left_out is None else absent & ~np.asarray(left_out, dtype=bool)] = None
        expected = expected.where(pd.notna(expected), None)
        pd.testing.assert_series_equal(data.indicator(node.id), expected, obj=node.id)


def _with_one_invalid_row(tmp_path):
    """Phùng Xá with one value out of range: ``keep_going`` leaves that row out."""
    import pandas as pd

    from tests.conftest import REPO

    frame = pd.read_csv(REPO / "datasets" / "phung-xa" / "phung-xa.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "workers_trained_pct"] = "150"
    path = tmp_path / "kg.csv"
    frame.to_csv(path, index=False)
    return path


def test_rows_keep_going_left_out_are_warned_of_as_compare_does_and_not_counted(tmp_path):
    """Audit 2026-12-07: the store's village-years of a --keep-going evaluation gave coverage 4/4 of 6, no word."""
    import villagescore as vs
    from villagescore.compare import compare, load_table
    from villagescore.i18n import current_language
    from villagescore.store.compare_source import tables_from_store
    from villagescore.targets import load_targets

    result = vs.evaluate(_with_one_invalid_row(tmp_path), keep_going=True)
    lang = current_language()
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(result)
        data = data_from_store(st.con)
        said = compare(load_table(tables_from_store(st.con, lang=lang)), lang=lang)["warnings"]
        report = measure_targets(data, load_targets(None))
    (w,) = [w for w in data.warnings if w["code"] == "rows_left_out"]
    assert w == next(x for x in said if x["code"] == "rows_left_out")  # the same words as compare --store
    assert w["count"] == 1
    assert report["data"]["rows_left_out"] == 1 and w in report["warnings"]
    assert "coverage (measured/in scope) does not count them" in render(report, "md", "en").decode("utf-8-sig")
    assert "độ phủ (số làng có số liệu / trong nhóm) không tính" in render(report, "html", "vi").decode("utf-8-sig")
    (fresh,) = [w for w in data_from_result(result).warnings if w["code"] == "rows_left_out"]
    assert fresh["count"] == 1


def test_evaluations_taken_with_different_scoring_options_are_warned_of_as_compare_does(tmp_path):
    """Audit 2026-12-07: the trend mixed evaluations scored with different --unverified-limits, without a word."""
    import villagescore as vs
    from tests.conftest import REPO

    phung_xa = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(vs.evaluate(phung_xa))
        st.add(vs.evaluate(phung_xa, unverified_limits="score"))  # the same village-years: only #2 is taken
        assert "scoring_differs" not in [w["code"] for w in data_from_store(st.con).warnings]
        st.add(vs.evaluate(REPO / "datasets" / "villages" / "villages.csv"))
        (w,) = [w for w in data_from_store(st.con).warnings if w["code"] == "scoring_differs"]
    assert [s["unverified_limits"] for s in w["scoring"]] == ["score", "exclude"]
    assert "#2" in w["message"] and "#3" in w["message"] and "#1" not in w["message"]


def test_the_store_says_which_of_its_frameworks_have_an_indicator(reform, tmp_path):
    """Audit 14 #3: where a target on an indicator the measured framework lacks can be measured."""
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(reform, now="2026-01-01T00:00:00+00:00")
        data = data_from_store(st.con)
        ident = reform.framework.indicators[0].id
        assert data.indicator_elsewhere(ident) == [{"id": reform.framework.id, "version": str(reform.framework.version),
                                                    "sha256": reform.framework.sha256, "evaluations": [1]}]
        assert data.indicator_elsewhere("no.such") == []
        assert [fw["id"] for fw in data.frameworks()] == [reform.framework.id]
    assert data_from_result(reform).indicator_elsewhere(ident) == []


def test_a_regrouped_row_names_the_provinces_its_village_years_were_recorded_in(reform, tmp_path):
    from villagescore.targets.model import Target, TargetSet

    t = Target(id="t", label={"vi": "t", "en": "t"}, source={"decision": "d", "provision": "p"},
               confidence="secondary", year=2030, unit="share_of_villages", op=">=", value=50.0,
               measure={"statistic": "share", "condition": {"rating_at_least": "mid"}},
               measure_confidence="estimate")
    targets = TargetSet("s", {"vi": "s", "en": "s"}, {"document": "d"}, (t,), "mem")
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(reform)
        stored = measure_targets(data_from_store(st.con), targets)
    report = measure_targets(data_from_result(reform), targets)
    for one in (report, stored):
        rows = {r["group"]: r for r in one["targets"][0]["rows"]}
        # v3 recorded "Tỉnh Bắc Giang" (former province Bắc Giang), measured in Bắc Ninh beside v4
        assert rows["Bắc Ninh"]["recorded_names"] == ["Bắc Giang", "Bắc Ninh"]
        assert rows["Hà Nội"]["recorded_names"] == ["Hà Nội"]
        assert "recorded_names" not in next(r for r in one["targets"][0]["rows"] if r["group"] == NATIONAL)
    for fmt in ("md", "html", "csv"):
        text = render(report, fmt, "vi").decode("utf-8-sig")
        assert "Bắc Ninh ← Bắc Giang" in text and "Hà Nội ←" not in text
