"""villagescore.store.framework_choice: one framework id in two versions, and how --framework picks one."""

import pytest

from villagescore.store import StoreError
from villagescore.store.framework_choice import frameworks_named, one_framework


def test_an_id_names_every_version_and_id_at_version_or_a_file_names_one(two_versions):
    store, v1, v2 = two_versions
    assert [(f.version, f.evaluations) for f in frameworks_named(store.con, "toy")] == [("1.0", (1,)), ("2.0", (2,))]
    assert [f.version for f in frameworks_named(store.con, "toy@1.0")] == ["1.0"]
    assert [f.version for f in frameworks_named(store.con, str(v1))] == ["1.0"]  # by the file's sha256
    assert [f.version for f in frameworks_named(store.con, str(v2))] == ["2.0"]


def test_an_id_in_several_versions_takes_the_latest_evaluated_and_says_how_to_choose_another(two_versions):
    """Audit 14 #1: ``--framework ID`` took 2.0.0 in silence; 1.4.1 could not be measured."""
    from villagescore.i18n import use_language

    store, _, _ = two_versions
    previous = use_language("en")
    try:
        chosen, warning = one_framework(store.con, "toy")
    finally:
        use_language(previous)
    assert chosen.version == "2.0" and warning["code"] == "framework_chosen"
    assert "toy 1.0 (sha256 " in warning["message"] and "--framework ID@VERSION" in warning["message"]
    assert [f["evaluations"] for f in warning["frameworks"]] == [[1], [2]]
    assert one_framework(store.con, "toy@1.0")[1] is None


def test_the_store_data_of_one_version_is_that_versions_alone(two_versions, toy_registry):
    from villagescore.targets import data_from_store

    store, _, _ = two_versions
    data = data_from_store(store.con, framework="toy@1.0", registry=toy_registry)
    assert {e["framework"]["version"] for e in data.provenance["evaluations"]} == {"1.0"}
    assert not [w for w in data.warnings if w["code"] == "framework_chosen"]
    chosen = data_from_store(store.con, framework="toy")
    assert {e["framework"]["version"] for e in chosen.provenance["evaluations"]} == {"2.0"}
    assert [w["code"] for w in chosen.warnings].count("framework_chosen") == 1


def test_a_spec_naming_nothing_lists_every_version_with_its_hash(two_versions, tmp_path):
    store, _, _ = two_versions
    other = tmp_path / "other.yaml"
    other.write_text("id: other\n", encoding="utf-8")
    for spec in ("toy@3.0", str(other)):
        with pytest.raises(StoreError) as exc:
            frameworks_named(store.con, spec)  # no registry: a file is matched by its bytes only
        en, vi = exc.value.text("en"), exc.value.text("vi")
        assert "toy 1.0 (sha256 " in en and "toy 2.0 (sha256 " in en and "ID@VERSION" in en
        assert "ở lần đánh giá #1" in vi and "MÃ@PHIÊN_BẢN" in vi
    assert "did you mean 'toy@1.0'" in StoreError.text(_raised(store, "toy@1.1"), "en")


def test_history_keeps_the_evaluations_of_the_version_named(two_versions):
    store, _, _ = two_versions
    village = store.con.execute("SELECT village_id FROM village_years LIMIT 1").fetchone()[0]
    assert {y["evaluation"] for y in store.history(village, framework="toy@2.0")["years"]} == {2}
    assert {y["evaluation"] for y in store.history(village, framework="toy")["years"]} == {1, 2}


def _raised(store, spec):
    with pytest.raises(StoreError) as exc:
        frameworks_named(store.con, spec)
    return exc.value


def test_one_file_scored_two_ways_is_one_framework_and_every_evaluation_is_measured(one_file_scored_twice,
                                                                                   toy_registry):
    """Audit 14 fix f1 #1: ``--framework ID`` took the rows of the latest resolved hash only (2 of 302)."""
    store, path = one_file_scored_twice
    assert store.con.execute("SELECT count(DISTINCT resolved_sha256) FROM frameworks").fetchone()[0] == 2
    everything = len(data_from_store_of(store, None).villages)
    for spec in ("toy", "toy@1.0", str(path)):
        (named,) = frameworks_named(store.con, spec, toy_registry)
        assert named.evaluations == (1, 2) and len(named.rows) == 2
        data = data_from_store_of(store, spec, toy_registry)
        assert len(data.villages) == everything
        assert not [w for w in data.warnings if w["code"] in ("framework_chosen", "framework_differs")]
        assert [w["code"] for w in data.warnings].count("scoring_differs") == 1  # said once, not mixed in silence


def test_the_framework_line_is_printed_once_for_one_file_scored_two_ways(one_file_scored_twice):
    from villagescore.targets.notes import framework_lines

    store, _ = one_file_scored_twice
    report = {"provenance": data_from_store_of(store, "toy").provenance}
    assert {e["framework"]["resolved_sha256"] for e in report["provenance"]["evaluations"]}.__len__() == 2
    assert len(framework_lines(report, "en")) == 1


def data_from_store_of(store, spec, registry=None):
    from villagescore.targets import data_from_store

    return data_from_store(store.con, framework=spec, registry=registry)
