import pytest

from villagescore.store import Store, StoreError


def test_history_by_name_ignores_diacritics_and_case(store_of_bundled):
    for query in ("Phùng Xá", "phung xa", "PHUNG XA", "Làng dệt Phùng Xá", "phung-xa-my-duc"):
        doc = store_of_bundled.history(query)
        assert doc["village_id"] == "phung-xa-my-duc"
        assert [y["year"] for y in doc["years"]] == [2021, 2025]


def test_history_carries_provenance_of_each_evaluation(store_of_bundled, bundled_results):
    doc = store_of_bundled.history("Phùng Xá")
    prov = bundled_results["phung-xa"].provenance
    (evaluation,) = doc["evaluations"]
    assert evaluation["framework"]["id"] == prov["framework"]["id"]
    assert evaluation["framework"]["resolved_sha256"] == prov["framework"]["resolved_sha256"]
    assert evaluation["framework"]["lineage"] == prov["framework"]["lineage"]
    assert evaluation["dataset"]["sha256"] == prov["dataset"]["sha256"]
    assert "weaving==0.1.0" in evaluation["plugins"]
    assert all(y["evaluation"] == evaluation["id"] for y in doc["years"])
    assert {"qcvn-40-2011"} <= {r["regulation"] for r in doc["years"][0]["regulations"]}
    assert set(doc["years"][0]["pillars"]) == {"environment", "economy", "society", "governance"}


def test_history_names_each_regulation_in_both_languages(store_of_bundled):
    """Like the labels beside it, a regulation's document is ``{vi, en}``: not English alone (audit 13)."""
    regulations = store_of_bundled.history("Phùng Xá")["years"][0]["regulations"]
    qcvn = next(r for r in regulations if r["regulation"] == "qcvn-40-2011")
    assert qcvn["document"] == {"vi": "QCVN 40:2011/BTNMT", "en": "QCVN 40:2011/BTNMT: industrial wastewater"}
    assert all(r["document"]["vi"] and "Decree" not in r["document"]["vi"] for r in regulations if r["document"])


def test_history_names_a_third_party_regulation_with_its_vietnamese_title(tmp_path, toy_registry):
    """Walk 15: the store's views named a regulation by its stored document alone, without its declared title."""
    from tests.support import gate_limits as gl
    from villagescore.store.text import regulation_names

    with Store(gl.titled_store(tmp_path / "s.sqlite", toy_registry)) as store:
        doc = store.history("v0")
    regulations = doc["years"][0]["regulations"]
    assert regulations == [{"regulation": "rule-2011", "document": {
        "vi": "Rule 40:2011 về nước thải của làng nghề", "en": "Rule 40:2011: effluent"}}]
    assert regulation_names(regulations, "vi") == ["Rule 40:2011 về nước thải của làng nghề (rule-2011)"]
    assert regulation_names(regulations, "en") == ["Rule 40:2011 (rule-2011)"]
    used = {u["regulation"]: u["document"]["vi"] for u in doc["evaluations"][0]["regulations_used"]}
    assert used["rule-2011"] == "Rule 40:2011 về nước thải của làng nghề"


def test_ambiguous_and_unknown_names_are_clear_errors(store_of_bundled):
    with pytest.raises(StoreError) as exc:
        store_of_bundled.history("Làng nghề mẫu")  # the synthetic sample: hundreds of villages
    assert exc.value.key == "ambiguous_village" and "syn-000001" in str(exc.value)
    with pytest.raises(StoreError) as exc:
        store_of_bundled.history("no such village")
    assert exc.value.key == "unknown_village"
    assert "không có làng nghề" in exc.value.text("vi")


def test_like_wildcards_in_a_name_are_literal(store_of_bundled):
    with pytest.raises(StoreError):
        store_of_bundled.history("%")
    with pytest.raises(StoreError):
        store_of_bundled.history("_")


def test_history_can_be_limited_to_one_framework(store_of_bundled):
    assert len(store_of_bundled.history("phung xa", framework="vn-ttcn-sustainable")["years"]) == 2


def test_evaluations_are_listed_with_provenance(store_of_bundled):
    rows = store_of_bundled.evaluations()
    assert [e["id"] for e in rows] == [1, 2, 3]
    assert [e["village_years"] for e in rows] == [2, 8, 500]
    assert rows[2]["years"] == [2022, 2023, 2024, 2025]
    assert rows[0]["dataset"]["file"] == "phung-xa.csv"
    assert rows[0]["added_at"] == "2026-01-01T00:00:00+00:00"


def test_remove_deletes_every_row_of_an_evaluation(store_of_bundled, bundled_results, tmp_path):
    with Store(tmp_path / "two.sqlite", create=True) as reference:
        reference.add(bundled_results["phung-xa"])
        reference.add(bundled_results["national"])
        expected = reference.counts()
    info = store_of_bundled.remove("2")
    assert info["village_years"] == 8
    assert store_of_bundled.counts() == expected | {"regulations": store_of_bundled.counts()["regulations"]}
    assert store_of_bundled.con.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(StoreError) as exc:
        store_of_bundled.remove("2")
    assert exc.value.key == "unknown_evaluation" and "#1, #3" in str(exc.value)


def test_removing_every_evaluation_of_a_framework_removes_the_framework(store_of_bundled):
    key = store_of_bundled.evaluations()[0]["key"]
    for ref in (key[:10], "#2", "3"):
        store_of_bundled.remove(ref)
    counts = store_of_bundled.counts()
    assert {k: v for k, v in counts.items() if k != "regulations"} == {k: 0 for k in counts if k != "regulations"}


def test_villages_view_gives_the_latest_year_of_each_village(store_of_bundled):
    rows = store_of_bundled.con.execute(
        "SELECT village_id, latest_year, village_years FROM villages WHERE village_id = 'phung-xa-my-duc'").fetchall()
    assert rows == [("phung-xa-my-duc", 2025, 2)]
    total = store_of_bundled.con.execute("SELECT count(*) FROM villages").fetchone()[0]
    distinct = store_of_bundled.con.execute("SELECT count(DISTINCT village_id) FROM village_years").fetchone()[0]
    assert total == distinct


def test_a_framework_id_the_store_does_not_hold_is_an_error_with_a_suggestion(store_of_bundled):
    for typo, near in (("vn-ttcn-sustanable", "'vn-ttcn-sustainable'"), ("other", None)):
        with pytest.raises(StoreError) as exc:
            store_of_bundled.history("phung xa", framework=typo)
        assert exc.value.key == "unknown_framework"
        en, vi = exc.value.text("en"), exc.value.text("vi")
        assert f"no evaluation of framework {typo!r}" in en and "its frameworks: vn-ttcn-sustainable" in en
        assert "các bộ tiêu chí trong kho: vn-ttcn-sustainable" in vi
        assert (f"did you mean {near}?" in en and f"có phải là {near}?" in vi) if near else "did you mean" not in en


def test_remove_all_resolves_every_reference_first_and_removes_all_or_none(store_of_bundled):
    before = store_of_bundled.counts()
    with pytest.raises(StoreError) as exc:
        store_of_bundled.remove_all(["1", "999"])
    assert exc.value.key == "unknown_evaluation" and store_of_bundled.counts() == before
    removed = store_of_bundled.remove_all(["#2", "1", "2"])
    assert [r["id"] for r in removed] == [2, 1]
    assert [e["id"] for e in store_of_bundled.evaluations()] == [3]


def test_require_evaluations_names_the_empty_store_and_passes_a_store_with_one(tmp_path, store_of_bundled):
    from villagescore.store.reader import require_evaluations

    with Store(tmp_path / "empty.sqlite", create=True) as st:
        with pytest.raises(StoreError) as caught:
            require_evaluations(st.con, st.path, "nothing_to_measure")
    assert caught.value.key == "nothing_to_measure" and "empty.sqlite" in caught.value.text("vi")
    require_evaluations(store_of_bundled.con, store_of_bundled.path, "nothing_to_compare")


def test_an_evaluation_lists_its_options_not_at_default_and_only_those_that_change_values(tmp_path):
    import villagescore as vs

    from .conftest import BUNDLED

    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(vs.evaluate(BUNDLED["phung-xa"]))
        st.add(vs.evaluate(BUNDLED["phung-xa"], as_of="2025-06-30"))
        listed = st.evaluations()
    assert [e["options_not_default"] for e in listed] == [{}, {"as_of": "2025-06-30"}]
    assert listed[1]["options"]["api"] is True  # the whole record is still there


def test_a_listed_evaluation_gives_what_makes_it_differ_from_another(store_of_bundled, bundled_results):
    """Audit 14 #3: ``store list``/``history`` JSON dropped the metadata hash and the plugins' file hashes (both in
    the key) and gave a regulation's document in English alone."""
    listed = store_of_bundled.evaluations()[0]
    prov = bundled_results["phung-xa"].provenance
    assert listed["dataset"]["metadata_sha256"] == prov["dataset"]["metadata_sha256"] is not None
    assert listed["dataset"]["rows_sha256"] is None  # every row of the file was scored
    weaving = next(p for p in prov["plugins"] if p["name"] == "weaving")
    assert listed["plugin_files"]["weaving"] == weaving["files"]
    assert set(listed["plugin_files"]) <= {p.split("==")[0] for p in listed["plugins"]}
    qcvn = next(r for r in listed["regulations_used"] if r["regulation"] == "qcvn-40-2011")
    assert qcvn["document"] == {"vi": "QCVN 40:2011/BTNMT", "en": "QCVN 40:2011/BTNMT: industrial wastewater"}
    assert store_of_bundled.history("Phùng Xá")["evaluations"][0] == listed


def test_an_evaluation_stored_before_these_were_recorded_is_listed_with_nulls():
    import json

    from villagescore.store.reader import _evaluation_dict

    row = {"id": 1, "key": "k", "framework_id": "toy", "framework_version": "1", "dataset_file": "a.csv",
           "dataset_sha256": "a" * 64, "dataset_kind": None, "engine_version": "0.1.0", "plugins": '["toy==1.0"]',
           "options": None, "village_years": 1, "years": "[2024]", "plans": 0, "added_at": "2026-01-01",
           "provenance": json.dumps({"plugins": [{"name": "toy", "version": "1.0"}]}),
           "regulations_used": json.dumps([{"indicator": "x", "regulation": "r", "document": None,
                                            "village_years": 1}])}
    listed = _evaluation_dict(row)
    assert listed["dataset"]["metadata_sha256"] is None and listed["plugin_files"] == {}
    assert listed["regulations_used"][0]["document"] is None
