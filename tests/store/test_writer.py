import json
import math
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from villagescore.api import default_registry
from villagescore.store import Store
from villagescore.store.reader import TABLES
from villagescore.store.writer import evaluation_key


def _dump(store):
    """Every row of every table, to compare a store before and after."""
    return {t: store.con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def test_adding_the_same_inputs_again_changes_nothing(store_of_bundled, bundled_results):
    before = store_of_bundled.counts()
    assert before["village_years"] == 2 + 8 + 500
    for name in ("phung-xa", "villages", "national"):
        outcome = store_of_bundled.add(bundled_results[name])
        assert outcome.created is False
    assert store_of_bundled.counts() == before


def test_scoring_the_same_file_again_is_recognised(store_of_bundled):
    import villagescore as vs

    from .conftest import BUNDLED

    fresh = vs.evaluate(BUNDLED["phung-xa"])  # a new Result object: same inputs, same key
    outcome = store_of_bundled.add(fresh)
    assert (outcome.created, outcome.evaluation, outcome.years) == (False, 1, [2021, 2025])


def test_key_depends_on_framework_dataset_plugins_and_row_options(bundled_results):
    prov = bundled_results["phung-xa"].provenance
    key = evaluation_key(prov)
    other_dataset = json.loads(json.dumps(prov))
    other_dataset["dataset"]["sha256"] = "0" * 64
    other_plugin = json.loads(json.dumps(prov))
    other_plugin["plugins"] = [dict(p, version="9.9") if p["name"] == "weaving" else p for p in prov["plugins"]]
    unused_plugin = json.loads(json.dumps(prov))
    unused_plugin["plugins"].append({"name": "not-used", "version": "1.0"})
    keep_going = json.loads(json.dumps(prov))
    keep_going["options"]["keep_going"] = True
    label_only = json.loads(json.dumps(prov))
    label_only["options"]["command"] = "something else"
    assert len({key, evaluation_key(other_dataset), evaluation_key(other_plugin), evaluation_key(keep_going)}) == 4
    assert evaluation_key(unused_plugin) == key  # a plugin the framework did not use does not change the numbers
    assert evaluation_key(label_only) == key


def test_scores_are_stored_at_full_precision(store_of_bundled, bundled_results):
    result = bundled_results["villages"]
    frame = result.to_frame()
    rows = store_of_bundled.con.execute(
        "SELECT village_id, year, overall_score, rating, gates_fired FROM village_years WHERE evaluation = 2 "
        "ORDER BY id").fetchall()
    assert [r[0] for r in rows] == frame["village_id"].tolist()
    assert [r[2] for r in rows] == pytest.approx(frame["overall_score"].tolist(), abs=0, rel=0)
    assert [r[3] for r in rows] == frame["rating"].tolist()
    assert [";".join(json.loads(r[4])) for r in rows] == frame["gates_fired"].tolist()
    pillars = dict(store_of_bundled.con.execute(
        "SELECT vy.village_id, ns.score FROM node_scores ns JOIN nodes n ON n.id = ns.node "
        "JOIN village_years vy ON vy.id = ns.village_year WHERE n.level = 'pillar' AND n.node_id = 'environment' "
        "AND vy.evaluation = 2").fetchall())
    assert [pillars[v] for v in frame["village_id"]] == frame["environment_score"].tolist()


def test_indicator_rows_hold_value_score_status_and_skip_not_applicable(store_of_bundled, bundled_results):
    result = bundled_results["phung-xa"]
    long = result.indicator_frame()
    applicable = long[long["status"] != "not_applicable"]
    stored = store_of_bundled.con.execute(
        "SELECT n.node_id, vy.year, i.value, i.score, i.status FROM indicator_scores i "
        "JOIN nodes n ON n.id = i.node JOIN village_years vy ON vy.id = i.village_year WHERE vy.evaluation = 1"
    ).fetchall()
    assert len(stored) == len(applicable) < len(long)
    by_key = {(r[0], r[1]): r for r in stored}
    for row in applicable.itertuples():
        node, year, value, score, status = by_key[(row.indicator, row.year)]
        assert status == row.status
        if isinstance(row.value, str):
            assert value == row.value
        elif row.value is None or (isinstance(row.value, float) and math.isnan(row.value)):
            assert value is None
        else:
            assert value == pytest.approx(float(row.value))
        assert (score is None) == (isinstance(row.score, float) and math.isnan(row.score))


def test_regulation_versions_applied_are_recorded_per_indicator_and_village_year(store_of_bundled):
    rows = store_of_bundled.con.execute(
        "SELECT vy.year, g.regulation_id, i.threshold FROM indicator_scores i JOIN nodes n ON n.id = i.node "
        "JOIN village_years vy ON vy.id = i.village_year JOIN regulations g ON g.id = i.regulation "
        "WHERE vy.village_id = 'phung-xa-my-duc' AND n.node_id = 'environment.effluent_cod' ORDER BY vy.year"
    ).fetchall()
    # QCVN 40:2011 is in force on 31/12/2021; column B is the dataset's discharge_column
    assert rows[0] == (2021, "qcvn-40-2011", 150.0)
    summary = json.loads(store_of_bundled.con.execute(
        "SELECT regulations_used FROM evaluations WHERE id = 1").fetchone()[0])
    cod = [s for s in summary if s["indicator"] == "environment.effluent_cod"]
    assert cod and cod[0]["regulation"] == "qcvn-40-2011" and cod[0]["village_years"] == len(rows)


def test_provenance_is_stored_whole(store_of_bundled, bundled_results):
    stored = json.loads(store_of_bundled.con.execute("SELECT provenance FROM evaluations WHERE id = 3").fetchone()[0])
    assert stored == json.loads(json.dumps(bundled_results["national"].provenance))


def test_context_fields_of_computed_indicators_are_stored(store_of_bundled):
    fields = {f for (f,) in store_of_bundled.con.execute("SELECT DISTINCT field FROM field_values")}
    assert {"workers_total", "households_total", "households_craft"} <= fields


def test_store_is_consistent(store_of_bundled):
    con = store_of_bundled.con
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


class _Interrupted(Exception):
    pass


def test_an_add_that_fails_half_way_leaves_the_store_unchanged(store_of_bundled, bundled_results, monkeypatch):
    import villagescore as vs
    from villagescore.store import writer

    from .conftest import BUNDLED

    before = _dump(store_of_bundled)
    variant = vs.evaluate(BUNDLED["villages"], framework=str(BUNDLED["phung-xa"].parents[2] / "docs" / "examples"
                                                             / "frameworks" / "hanoi-variant.yaml"))
    real = writer._indicator_scores
    reached = []

    def half_way(con, result, ids, *args):
        real(con, result, ids, *args)  # the indicator rows are written …
        reached.append(con.execute("SELECT count(*) FROM indicator_scores").fetchone()[0])
        raise _Interrupted("interrupted after the indicator rows")  # … then the add is interrupted

    monkeypatch.setattr(writer, "_indicator_scores", half_way)
    with pytest.raises(_Interrupted):
        store_of_bundled.add(variant)
    assert reached and reached[0] > len(before["indicator_scores"])
    assert _dump(store_of_bundled) == before
    monkeypatch.setattr(writer, "_indicator_scores", real)
    assert store_of_bundled.add(variant).created  # the store still works


def test_a_killed_add_leaves_the_store_unchanged(store_of_bundled, tmp_path):
    """The process is killed (SIGKILL: no clean-up at all) in the middle of the transaction."""
    from .conftest import BUNDLED

    before = _dump(store_of_bundled)
    path = store_of_bundled.path
    script = textwrap.dedent(f"""
        import os, signal
        import villagescore as vs
        from villagescore.store import Store

        result = vs.evaluate({str(BUNDLED['national'])!r}, framework={str(BUNDLED['phung-xa'].parents[2] / 'docs' /
                              'examples' / 'frameworks' / 'hanoi-variant.yaml')!r})
        def stage(name):
            if name == "gates_fired":
                os.kill(os.getpid(), signal.SIGKILL)
        Store({str(path)!r}).add(result, on_stage=stage)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode(errors="replace")[-2000:]
    store_of_bundled.close()
    reopened = Store(path)
    try:
        assert _dump(reopened) == before
        assert reopened.con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        reopened.close()


def test_plans_are_stored_in_both_languages(tmp_path, bundled_results):
    from villagescore.store.plans import compute_plans, plans_wanted

    result = bundled_results["phung-xa"]
    assert plans_wanted("auto", 2) and not plans_wanted("auto", 500) and plans_wanted("all", 500)
    assert not plans_wanted("none", 1)
    plans = compute_plans(result, default_registry())
    with Store(tmp_path / "s.sqlite", create=True) as store:
        assert store.add(result, plans=plans).plans == 2
        rows = store.con.execute("SELECT current_tier, target_tier, steps, plan_vi, plan_en FROM plans").fetchall()
    assert [r[0] for r in rows] == ["not_yet_sustainable", "needs_improvement"]
    vi, en = json.loads(rows[0][3]), json.loads(rows[0][4])
    assert vi["steps"] and len(vi["steps"]) == len(en["steps"]) == rows[0][2]
    assert vi["target_label"] != en["target_label"]  # worded in each language


def test_ids_of_an_evaluation_are_consecutive(store_of_bundled):
    for lo, hi, n in store_of_bundled.con.execute(
            "SELECT min(id), max(id), count(*) FROM village_years GROUP BY evaluation"):
        assert hi - lo + 1 == n


def test_a_missing_value_is_stored_as_null(tmp_path):
    import pandas as pd

    import villagescore as vs

    from .conftest import BUNDLED

    frame = pd.read_csv(BUNDLED["phung-xa"])
    frame.loc[0, "noise_day_dba"] = None
    # scored against QCVN 26:2010 in 2025 too: after 14/05/2025 its being in force is unverified (walk 16)
    result = vs.evaluate(frame, unverified_limits="score")
    with Store(tmp_path / "s.sqlite", create=True) as store:
        store.add(result)
        rows = store.con.execute(
            "SELECT vy.year, i.value, i.score, i.status FROM indicator_scores i JOIN nodes n ON n.id = i.node "
            "JOIN village_years vy ON vy.id = i.village_year WHERE n.node_id = 'environment.noise_day' "
            "ORDER BY vy.year").fetchall()
    assert rows[0] == (2021, None, None, "missing")
    assert rows[1][3] == "scored" and isinstance(rows[1][2], float) and not np.isnan(rows[1][2])


def test_province_current_uses_the_2025_mapping(store_of_bundled):
    rows = store_of_bundled.con.execute(
        "SELECT DISTINCT province, former_province, province_current FROM village_years").fetchall()
    assert rows
    from villagescore.admin_mapping import load_mapping

    mapping = load_mapping()
    for province, former, current in rows:
        expected = mapping.current(province or former) or province or former
        assert current == expected


def test_the_store_records_whether_the_province_is_in_the_2025_mapping_table(tmp_path, toy_registry, toy_framework):
    # audit 17 #1: an unknown name was stored as province_current with nothing to tell it from a province
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    csv = tmp_path / "names.csv"
    csv.write_text(
        "village_id,name,commune,province,former_province,sectors,year,a,b,c,flag,zone,kind,total,craft\n"
        "v1,Làng Một,Xã Một,Hà Tây,,alpha,2023,80,90,25,1,A,x,100,50\n"
        "v2,Làng Hai,Xã Hai,T. Thái Bình,,beta,2023,40,,150,0,B,y,200,20\n"
        "v3,Làng Ba,Xã Ba,,Hà Nam,alpha,2023,,60,50,1,A,z,100,10\n", encoding="utf-8")
    result = Engine(toy_registry).evaluate(toy_framework, read_dataset(csv, toy_registry))
    with Store(tmp_path / "s.sqlite", create=True) as store:
        store.add(result)
        rows = store.con.execute("SELECT village_id, province_current, province_mapped FROM village_years "
                                 "ORDER BY village_id").fetchall()
    assert rows == [("v1", "Hà Tây", 0), ("v2", "Hưng Yên", 1), ("v3", "Ninh Bình", 1)]


def test_stage_names_are_reported_in_order(tmp_path, bundled_results):
    seen = []
    with Store(tmp_path / "s.sqlite", create=True) as store:
        store.add(bundled_results["phung-xa"], on_stage=seen.append)
    assert seen == ["framework", "village_years", "node_scores", "indicator_scores", "gates_fired", "field_values",
                    "plans", "commit"]


def _py_reference(values):
    """What ``_py`` gave before its fast paths: one cell at a time through an object array."""
    arr = np.asarray(values)
    if arr.dtype.kind == "f":
        out = arr.astype(object)
        out[np.isnan(arr)] = None
        return out.tolist()
    if arr.dtype.kind in "iub":
        return arr.tolist()
    return [None if x is None or (isinstance(x, float) and x != x) else x if isinstance(x, (int, float, str))
            else str(x) for x in arr.tolist()]


@pytest.mark.parametrize("values", [
    np.array([1.5, np.nan, -0.0, 1e300, 0.1 + 0.2]),
    np.array([np.nan, np.nan]),
    np.array([0.1, np.nan], dtype=np.float32),
    np.array([], dtype=float),
    np.array(["polluted", None, "clean"], dtype=object),
    np.array([True, None, 3, "x"], dtype=object),
    np.array(["a", 1.5, float("nan"), None], dtype=object),
    np.array([np.str_("a"), pd.NaT, pd.NA, pd.Timestamp("2025-01-01")], dtype=object),
    np.array([1, 2], dtype=np.int64),
])
def test_cells_are_handed_to_sqlite_as_before_their_fast_paths(values):
    from villagescore.store.writer import _py

    got, expected = _py(values), _py_reference(values)
    assert got == expected
    assert [type(x) for x in got] == [type(x) for x in expected]


def test_sectors_and_regulation_cells_are_written_as_one_at_a_time_wrote_them():
    """The per-distinct and numpy paths of the writer against what a loop over the cells gave."""
    import json

    from villagescore.store.writer import _json_cells, _regulation_cells

    cells = [("weaving",), (), ("lacquer", "weaving"), ("weaving",), ["gốm", 'a"b'], ()]
    assert _json_cells(cells) == [json.dumps(list(s), ensure_ascii=False) for s in cells]
    db_ids = np.array([11, 12, 13, 0])
    version = np.array([0, -1, 2, 1, -1, 0])
    expected = [None if k < 0 else int(db_ids[k]) for k in version.tolist()]
    got = _regulation_cells(version, db_ids)
    assert got == expected and [type(x) for x in got] == [type(x) for x in expected]
    assert _regulation_cells(np.array([], dtype=int), db_ids) == []
