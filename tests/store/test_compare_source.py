import json

import pandas as pd
import pytest
from click.testing import CliRunner

from villagescore.cli import cli
from villagescore.compare import compare, load_table, table_from_result
from villagescore.resultdoc.header import regulation_versions
from villagescore.store.compare_source import table_from_evaluation, tables_from_store

from .conftest import BUNDLED


@pytest.mark.parametrize(("evaluation", "name"), [(1, "phung-xa"), (2, "villages"), (3, "national")])
def test_a_stored_evaluation_gives_the_same_score_table_as_the_result(store_of_bundled, bundled_results,
                                                                      evaluation, name):
    fresh = table_from_result(bundled_results[name], "x")
    stored = table_from_evaluation(store_of_bundled.con, evaluation, "x")
    pd.testing.assert_frame_equal(stored.villages.reset_index(drop=True), fresh.villages.reset_index(drop=True),
                                  check_dtype=False)
    pd.testing.assert_frame_equal(stored.nodes.reset_index(drop=True), fresh.nodes.reset_index(drop=True),
                                  check_dtype=False)
    assert stored.runs == fresh.runs


def test_compare_of_the_store_equals_compare_of_the_files(store_of_bundled, bundled_results):
    from villagescore.admin_mapping import load_mapping

    stored = load_table(tables_from_store(store_of_bundled.con))
    fresh = load_table([(t.runs[0].label, bundled_results[name]) for t, name in zip(
        [x for _, x in tables_from_store(store_of_bundled.con)], ["phung-xa", "villages", "national"], strict=True)])
    mapping = load_mapping()
    a = compare(stored, by="province", mapping=mapping, lang="en")
    b = compare(fresh, by="province", mapping=mapping, lang="en")
    # the store records the tiers' pillar minimums (schema version 6): its pillars are printed against them
    assert any(p["minimums"] for p in a["pillars"])
    assert a == b
    assert len(a["rankings"]) and a["groups"]


def test_compare_cli_reads_the_store_with_or_without_files(store_of_bundled, tmp_path):
    path = str(store_of_bundled.path)
    res = CliRunner().invoke(cli, ["compare", "--store", path, "--by", "province", "--format", "json",
                                   "--lang", "en"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output[res.output.index("{"):])
    assert [r["label"] for r in doc["runs"]] == [
        "results store, evaluation #1 (phung-xa.csv)", "results store, evaluation #2 (villages.csv)",
        "results store, evaluation #3 (national-sample-synthetic.csv)"]
    res = CliRunner().invoke(cli, ["compare", str(BUNDLED["phung-xa"]), "--store", path, "--format", "json"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["compare"])
    assert res.exit_code == 2 and "--store" in res.output
    res = CliRunner().invoke(cli, ["compare", "--store", str(tmp_path / "none.sqlite"), "--lang", "en"])
    assert res.exit_code == 1 and "no store at" in res.output


def test_framework_filter(store_of_bundled):
    from villagescore.store import StoreError

    assert len(tables_from_store(store_of_bundled.con, framework="vn-ttcn-sustainable")) == 3
    with pytest.raises(StoreError) as exc:
        tables_from_store(store_of_bundled.con, framework="other")
    assert "vn-ttcn-sustainable " in exc.value.text("en")  # what the store holds is listed


def _evaluations(con, spec, registry=None):
    return [int(label.split("#")[1].split()[0]) for label, _ in tables_from_store(con, framework=spec,
                                                                                  registry=registry)]


def test_the_framework_is_chosen_as_targets_chooses_it(two_versions, toy_registry):
    """Audit 14 fix f1 #2: ``--framework ID@VERSION`` or a file was compared as a framework id (nothing matched)."""
    store, v1, v2 = two_versions
    assert _evaluations(store.con, "toy") == [1, 2]
    assert _evaluations(store.con, "toy@1.0") == [1]
    assert _evaluations(store.con, str(v2)) == [2]


def test_one_file_scored_two_ways_gives_every_evaluation_of_it(one_file_scored_twice, toy_registry):
    store, path = one_file_scored_twice
    assert _evaluations(store.con, "toy@1.0") == [1, 2]
    assert _evaluations(store.con, str(path), toy_registry) == [1, 2]


def test_compare_store_keeps_the_evaluations_of_the_framework_named(store_of_bundled, bundled_results):
    version = bundled_results["phung-xa"].framework.version
    path = str(store_of_bundled.path)
    res = CliRunner().invoke(cli, ["compare", "--store", path, "--framework", f"vn-ttcn-sustainable@{version}",
                                   "--format", "json", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.output[res.output.index("{"):])["runs"]) == 3
    res = CliRunner().invoke(cli, ["compare", "--store", path, "--framework", "vn-ttcn-sustainable@0.0.1",
                                   "--lang", "en"])
    assert res.exit_code == 1 and "vn-ttcn-sustainable@0.0.1" in res.output and "Traceback" not in res.output
    assert f"vn-ttcn-sustainable {version} (sha256 " in res.output


def test_scores_are_read_a_chunk_at_a_time_into_the_same_table(store_of_bundled, bundled_results, monkeypatch):
    from villagescore.store import compare_source

    monkeypatch.setattr(compare_source, "CHUNK", 7)  # many chunks, one ending mid-village
    stored = table_from_evaluation(store_of_bundled.con, 3, "x")
    fresh = table_from_result(bundled_results["national"], "x")
    pd.testing.assert_frame_equal(stored.nodes.reset_index(drop=True), fresh.nodes.reset_index(drop=True),
                                  check_dtype=False)


def test_without_indicators_the_indicator_scores_are_not_read(store_of_bundled):
    statements = []
    store_of_bundled.con.set_trace_callback(statements.append)
    try:
        (_, table), *_ = tables_from_store(store_of_bundled.con, indicators=False)
    finally:
        store_of_bundled.con.set_trace_callback(None)
    assert table.levels[0]["indicator"] is None and table.level(0, "criterion").score.shape[1] > 0
    # millions of rows for a national store: only the regulated indicators' versions applied are read
    read = [s for s in statements if "indicator_scores" in s]
    assert read and all(s.startswith("SELECT ((node - ") and "score" not in s.split(" FROM ")[0] for s in read)
    res = CliRunner().invoke(cli, ["compare", "--store", str(store_of_bundled.path), "--villages", "phung-xa-my-duc",
                                   "syn-000001", "--format", "json", "--lang", "en"])
    assert res.exit_code == 0, res.output  # --villages still reads them: the gap explanation needs them
    doc = json.loads(res.output[res.output.index("{"):])
    assert doc["side_by_side"]["gaps"][0]["indicators"]


@pytest.mark.parametrize("chunk", [7, 100_000])
def test_without_indicators_a_change_of_regulation_over_time_is_still_flagged(store_of_bundled, monkeypatch, chunk):
    """``compare --store`` (no --villages) flagged no change of regulation: the versions came with the indicators."""
    from villagescore.store import compare_source

    monkeypatch.setattr(compare_source, "CHUNK", chunk)
    full = compare(load_table(tables_from_store(store_of_bundled.con)), lang="en")["over_time"]
    light = compare(load_table(tables_from_store(store_of_bundled.con, indicators=False)), lang="en")["over_time"]
    assert light["regulation_changes"]["changes"] == full["regulation_changes"]["changes"] >= 1
    # without the indicator level an indicator left out (unverified limit) in one year cannot be told from one
    # scored, so its kept version may count as a change there: never fewer indicators than with the level
    assert set(full["regulation_changes"]["indicators"]) <= set(light["regulation_changes"]["indicators"])
    assert light["changes"] == full["changes"]


def test_compare_of_the_store_keeps_the_rows_left_out_warning(tmp_path):
    import csv

    rows = list(csv.reader(BUNDLED["villages"].open(encoding="utf-8")))
    year = rows[0].index("year")
    rows[1][year], rows[2][year] = "abc", "xyz"  # two rows --keep-going leaves out
    bad, store, result = tmp_path / "bad.csv", tmp_path / "kg.sqlite", tmp_path / "bad.json"
    with bad.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    runner = CliRunner()
    assert runner.invoke(cli, ["store", "add", str(bad), "--store", str(store), "--keep-going"]).exit_code == 0
    assert runner.invoke(cli, ["evaluate", str(bad), "--keep-going", "--format", "json", "-o", str(result)]
                         ).exit_code == 0

    def warnings(*args):
        res = runner.invoke(cli, ["compare", *args, "--format", "json", "--lang", "en"])
        assert res.exit_code == 0, res.output
        return json.loads(res.output[res.output.index("{"):])["warnings"]

    stored, filed = warnings("--store", str(store)), warnings(str(result))
    assert [(w["code"], w["count"]) for w in stored] == [("rows_left_out", 2)]
    assert [(w["code"], w["count"]) for w in filed] == [("rows_left_out", 2)]


def test_a_stored_evaluation_keeps_its_unverified_limits_policy(tmp_path, bundled_results):
    import villagescore as vs
    from villagescore.store import Store

    scored = vs.evaluate(BUNDLED["villages"], unverified_limits="score")
    with Store(tmp_path / "p.sqlite", create=True) as st:
        st.add(bundled_results["villages"])
        st.add(scored)
        runs = [table.runs[0] for _, table in tables_from_store(st.con)]
        assert [r.scoring for r in runs] == [table_from_result(r, "x").runs[0].scoring
                                             for r in (bundled_results["villages"], scored)]
        assert [dict(r.scoring)["unverified_limits"] for r in runs] == ["exclude", "score"]
        c = compare(load_table(tables_from_store(st.con)), lang="en")
    assert [w["code"] for w in c["warnings"]] == ["scoring_differs"]


def _downgrade_to_version_3(path):
    """The store as villagescore wrote it before schema version 4 (no village_years.gates_status)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        con.execute("ALTER TABLE village_years DROP COLUMN gates_status")
        con.execute("ALTER TABLE evaluations DROP COLUMN regulations")
        con.execute("DELETE FROM schema_migrations WHERE version >= 4")
        con.commit()
    finally:
        con.close()


@pytest.mark.parametrize(("lang", "said", "passed"), [
    ("en", "failed or not judged (status not recorded) 2021", "passed 2021"),
    ("vi", "không đạt hoặc chưa xét được (trạng thái không được ghi lại) 2021", "đạt 2021"),
])
def test_gates_stored_before_their_status_was_are_never_called_passed(tmp_path_factory, tmp_path, lang, said,
                                                                       passed):
    """Review 2026-12 #2: a schema-3 row (gates_status NULL) is read from the gates it fired, marked as not recorded."""
    from tests.compare.test_gates import COD, _score
    from villagescore.store import Store

    result = _score(tmp_path_factory, cap="needs_improvement")  # COD failed in 2021, caps the 2025 rating
    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    for path in (old, new):
        with Store(path, create=True) as store:
            store.add(result, now="2026-01-01T00:00:00+00:00")
    _downgrade_to_version_3(old)
    with Store(old) as store:  # read unmigrated: the column the migration adds is read NULL
        assert store.con.execute("SELECT count(*) FROM village_years WHERE gates_status IS NULL").fetchone()[0] == 2
        c = compare(load_table(tables_from_store(store.con)), lang=lang)
    [change] = c["over_time"]["changes"]
    assert {"id": COD, "from": "fired", "to": "fired"} in change["gates"]
    [warning] = [w for w in c["warnings"] if w["code"] == "tier_change_gate"]
    assert said in warning["message"] and passed not in warning["message"].replace(said, "")
    assert not [w for w in c["warnings"] if w["code"] == "gate_unknown"]  # not recorded: not claimed
    with Store(new) as store:  # recorded: read as the result says it
        c = compare(load_table(tables_from_store(store.con)), lang=lang)
    assert {"id": COD, "from": "failed", "to": "unknown"} in c["over_time"]["changes"][0]["gates"]


def test_sectors_cells_are_joined_as_each_was_before():
    import json

    from villagescore.store.compare_source import _joined_sectors

    cells = ['["weaving"]', None, "[]", '["lacquer", "weaving"]', '["weaving"]', ""]
    assert _joined_sectors(cells) == [";".join(json.loads(s or "[]")) for s in cells]


def test_a_store_of_two_framework_versions_pairs_changes_within_each(tmp_path):
    # the auditor's case on a store: the pilot stored under v1 and under a v2 overlay; 2021 v2 → 2025 v1 was a change
    import villagescore as vs
    from villagescore.store import Store

    overlay = tmp_path / "v2.yaml"
    overlay.write_text("id: mine-v2\nversion: '2.0'\ntitle: {vi: V2, en: V2}\nextends: {framework: vn-ttcn-sustainable}"
                       "\nchange: {pillars: {environment: {weight: 0.4}, governance: {weight: 0.1}}}\n",
                       encoding="utf-8")
    with Store(tmp_path / "two.sqlite", create=True) as st:
        st.add(vs.evaluate(BUNDLED["phung-xa"]))
        st.add(vs.evaluate(BUNDLED["phung-xa"], overlay))
        c = compare(load_table(tables_from_store(st.con)), lang="en")
    changes = [(x["from"]["year"], x["from"]["run"], x["to"]["year"], x["to"]["run"])
               for x in c["over_time"]["changes"]]
    runs = [r["label"] for r in c["runs"]]
    assert changes == [(2021, runs[0], 2025, runs[0]), (2021, runs[1], 2025, runs[1])]
    assert c["over_time"]["regulation_changes"]["changes"] == 2
    # every year scored with both frameworks: no change is lost, nothing to warn about
    assert "across_frameworks" not in c["over_time"]
    assert not [w for w in c["warnings"] if w["code"] == "changes_across_frameworks"]
def test_a_stored_evaluation_gives_its_run_the_provenance_it_recorded(store_of_bundled, bundled_results):
    run = table_from_evaluation(store_of_bundled.con, 1, "x").runs[0].describe()
    assert run["provenance"] == json.loads(json.dumps(bundled_results["phung-xa"].provenance))
    assert run["scoring"] == {"unverified_limits": "exclude"}
    assert run["regulations"] == json.loads(json.dumps(regulation_versions(bundled_results["phung-xa"].framework)))


def _two_regulation_file_states(st):
    """Store the villages twice: the second as scored after decree-74-2024's document was edited in its plugin's
    regulation file (not in the resolved hash: both evaluations share the stored framework)."""
    import copy

    import villagescore as vs

    first, second = vs.evaluate(BUNDLED["villages"]), vs.evaluate(BUNDLED["villages"])
    second.provenance = copy.deepcopy(second.provenance)
    for plugin in second.provenance["plugins"]:  # the regulation file's new hash: another evaluation
        for f in plugin.get("files", ()):
            if f["file"].endswith("regulations.yaml"):
                f["sha256"] = "0" * 64
    cited = list({id(v.regulation): v.regulation for n in second.framework.indicators if n.threshold is not None
                  for v in n.threshold.versions if v.regulation.id == "decree-74-2024"}.values())
    st.add(first)
    for reg in cited:  # the regulation file as edited before the second evaluation
        object.__setattr__(reg, "document", reg.document + " EDITED")
    try:
        st.add(second)
    finally:
        for reg in cited:
            object.__setattr__(reg, "document", reg.document.removesuffix(" EDITED"))
    assert st.con.execute("SELECT count(*) FROM frameworks").fetchone()[0] == 1


def test_each_stored_evaluation_gives_the_regulation_versions_it_was_scored_with(tmp_path):
    """A plugin's regulation file edited between two evaluations: each run names the version it was scored with."""
    from villagescore.store import Store

    with Store(tmp_path / "s.sqlite", create=True) as st:
        _two_regulation_file_states(st)
        documents = [t.runs[0].regulations["decree-74-2024"]["document"] for _, t in tables_from_store(st.con)]
    assert documents == ["Decree 74/2024/NĐ-CP: regional minimum wage",
                         "Decree 74/2024/NĐ-CP: regional minimum wage EDITED"]


def test_an_evaluation_stored_before_version_5_gives_its_framework_s_regulation_versions(tmp_path, bundled_results):
    import sqlite3

    from villagescore.store import Store

    path = tmp_path / "old.sqlite"
    with Store(path, create=True) as st:
        st.add(bundled_results["villages"])
    con = sqlite3.connect(path)
    con.execute("UPDATE evaluations SET regulations = NULL")  # as a store written before version 5 reads
    con.commit()
    con.close()
    with Store(path) as st:
        run = table_from_evaluation(st.con, 1, "x").runs[0]
    assert run.regulations["decree-74-2024"] == {"document": "Decree 74/2024/NĐ-CP: regional minimum wage",
                                                 "valid_from": "2024-07-01", "valid_to": "2025-12-31"}


def test_an_evaluation_stored_before_version_5_names_the_documents_it_applied(tmp_path):
    """Audit 14 (s2.db): evaluation #2, scored after the decree's document was edited and stored before its
    versions were recorded, gave the first evaluation's document: its regulations_used has its own."""
    import sqlite3

    from villagescore.store import Store

    path = tmp_path / "old.sqlite"
    with Store(path, create=True) as st:
        _two_regulation_file_states(st)
    con = sqlite3.connect(path)
    con.execute("UPDATE evaluations SET regulations = NULL")  # as a store written before version 5 reads
    con.commit()
    con.close()
    with Store(path) as st:
        documents = [t.runs[0].regulations["decree-74-2024"]["document"] for _, t in tables_from_store(st.con)]
    assert documents == ["Decree 74/2024/NĐ-CP: regional minimum wage",
                         "Decree 74/2024/NĐ-CP: regional minimum wage EDITED"]


def test_a_stored_evaluation_is_ordered_by_its_number_in_every_language(store_of_bundled):
    """The canonical run order reads ``store #N``, never the label said in the comparison's language."""
    for lang in ("vi", "en"):
        runs = [t.runs[0] for _, t in tables_from_store(store_of_bundled.con, lang=lang)]
        assert [r.order_label for r in runs] == ["store #1", "store #2", "store #3"]


def _toy_store(path, toy_registry, toy_framework, village_ids=None):
    """A store of the toy framework's result (tier high: every pillar >= 50), v3's env pillar at 49.996."""
    import sqlite3

    from tests.conftest import SUPPORT
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.store import Store

    result = Engine(toy_registry).evaluate(toy_framework, read_dataset(SUPPORT / "toy.csv", toy_registry),
                                           village_ids=village_ids)
    with Store(path, create=True) as st:
        st.add(result)
    con = sqlite3.connect(path)
    con.execute("UPDATE node_scores SET score = 49.996 WHERE node = (SELECT id FROM nodes WHERE node_id = 'env') "
                "AND village_year = (SELECT id FROM village_years WHERE village_id = 'v3')")
    con.commit()
    con.close()
    return result


def test_the_store_records_the_tiers_pillar_minimums_and_compare_prints_a_pillar_on_its_side(
        tmp_path, toy_registry, toy_framework):
    """Audit 17 #1: without --framework, a store's pillar at 49.996 printed 50.00 beside a tier needing 50."""
    from villagescore.compare.gates import tier_rules
    from villagescore.store import Store

    path = tmp_path / "s.sqlite"
    _toy_store(path, toy_registry, toy_framework)
    with Store(path) as st:
        run = table_from_evaluation(st.con, 1, "x").runs[0]
        doc = compare(load_table(tables_from_store(st.con)), lang="en")
    assert run.tier_rules == tuple({**x, "label": {"vi": x["label"]["vi"], "en": x["label"]["en"]}}
                                   for x in tier_rules(toy_framework))
    assert {p["id"]: p["minimums"] for p in doc["pillars"]} == {"env": [50.0], "soc": [50.0]}
    res = CliRunner().invoke(cli, ["compare", "--store", str(path), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "49.996" in res.output and "50.00 " not in res.output


def test_a_store_written_before_version_6_has_unknown_pillar_minimums_until_its_framework_is_added_again(
        tmp_path, toy_registry, toy_framework):
    import sqlite3

    from villagescore.store import Store

    path = tmp_path / "old.sqlite"
    _toy_store(path, toy_registry, toy_framework)
    con = sqlite3.connect(path)
    for statement in ("ALTER TABLE tiers DROP COLUMN min_pillar_score", "ALTER TABLE tiers DROP COLUMN "
                      "min_pillar_scores", "ALTER TABLE village_years DROP COLUMN province_mapped",
                      "ALTER TABLE village_years DROP COLUMN former_commune",
                      "DELETE FROM schema_migrations WHERE version >= 6"):
        con.execute(statement)
    con.commit()
    con.close()
    with Store(path) as st:  # a reader leaves it as it was: the minimums are not known (2 decimals, as before)
        assert table_from_evaluation(st.con, 1, "x").runs[0].tier_rules == ()
        assert all(p["minimums"] == [] for p in compare(load_table(tables_from_store(st.con)))["pillars"])
    result = _toy_store(tmp_path / "other.sqlite", toy_registry, toy_framework, village_ids=["v1", "v2"])
    with Store(path, write=True) as st:  # an evaluation of the same framework added: its tiers' minimums recorded
        st.add(result)
        assert [r.tier_rules != () for _, t in tables_from_store(st.con) for r in t.runs] == [True, True]


def test_the_former_commune_is_stored_and_read_back_by_compare(tmp_path, toy_registry, toy_framework):
    """Audit 17: the store had no column for former_commune, the only link of a merged commune to its old name."""
    import pandas as pd

    import villagescore as vs
    from tests.conftest import SUPPORT
    from villagescore.store import Store

    frame = pd.read_csv(SUPPORT / "toy.csv", dtype={"village_id": str})
    frame["former_commune"] = ["Xã Nhật Tân"] + [None] * (len(frame) - 1)
    path = tmp_path / "s.sqlite"
    with Store(path, create=True) as st:
        st.add(vs.evaluate(frame, toy_framework, registry=toy_registry))
    with Store(path) as st:
        assert st.con.execute("SELECT former_commune FROM village_years ORDER BY id LIMIT 2").fetchall() == [
            ("Xã Nhật Tân",), (None,)]
        villages = table_from_evaluation(st.con, 1, "x").villages
    assert [None if pd.isna(x) else x for x in villages["former_commune"].tolist()[:2]] == ["Xã Nhật Tân", None]
    assert villages["sectors"].tolist()[:2] == ["alpha", "beta"]  # the columns after it read from their own places


def test_the_same_evaluation_added_again_records_an_old_store_s_pillar_minimums(tmp_path, toy_registry, toy_framework):
    """Review 17: the evaluation already stored returned before the tiers' pillar minimums were recorded."""
    import sqlite3

    from villagescore.store import Store

    path = tmp_path / "old.sqlite"
    result = _toy_store(path, toy_registry, toy_framework)
    con = sqlite3.connect(path)
    for statement in ("ALTER TABLE tiers DROP COLUMN min_pillar_score", "ALTER TABLE tiers DROP COLUMN "
                      "min_pillar_scores", "ALTER TABLE village_years DROP COLUMN province_mapped",
                      "ALTER TABLE village_years DROP COLUMN former_commune",
                      "DELETE FROM schema_migrations WHERE version >= 6"):
        con.execute(statement)
    con.commit()
    con.close()
    with Store(path, write=True) as st:
        outcome = st.add(result)
        assert not outcome.created and outcome.minimums_recorded > 0
        assert [r.tier_rules != () for _, t in tables_from_store(st.con) for r in t.runs] == [True]
        assert st.add(result).minimums_recorded == 0  # once recorded, nothing more
