"""The identity of a stored evaluation: what determines its numbers, and keys of stores written before."""

import json
import shutil
from pathlib import Path

import pytest

from villagescore.store import Store
from villagescore.store.keys import KEY_OPTIONS, _typed_option_key, evaluation_key, legacy_evaluation_key

from .conftest import BUNDLED


@pytest.fixture
def phung_xa(tmp_path):
    """A copy of the bundled Phùng Xá dataset and its metadata file, free to change."""
    source = BUNDLED["phung-xa"]
    shutil.copy(source, tmp_path / "px.csv")
    shutil.copy(source.with_suffix(".meta.json"), tmp_path / "px.meta.json")
    return tmp_path / "px.csv"


def _flag_estimated(dataset, column="workers_trained_pct"):
    meta_path = dataset.with_suffix(".meta.json")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.setdefault("columns", {}).setdefault(column, {})["quality"] = "estimated"
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def test_a_changed_metadata_file_is_a_new_evaluation(tmp_path, phung_xa):
    import villagescore as vs

    with Store(tmp_path / "s.sqlite", create=True) as st:
        assert st.add(vs.evaluate(phung_xa)).created
        _flag_estimated(phung_xa)
        changed = vs.evaluate(phung_xa)
        outcome = st.add(changed)
        assert outcome.created and outcome.evaluation == 2
        assert st.add(vs.evaluate(phung_xa)).created is False  # the same changed inputs again: nothing changes


def test_another_reference_date_is_a_new_evaluation(tmp_path, phung_xa):
    import villagescore as vs

    with Store(tmp_path / "s.sqlite", create=True) as st:
        assert st.add(vs.evaluate(phung_xa)).created
        assert st.add(vs.evaluate(phung_xa, as_of="2025-06-30")).created
        assert st.add(vs.evaluate(phung_xa, as_of="2025-06-30")).created is False


def test_every_option_that_changes_values_enters_the_key_and_the_names_of_the_run_do_not(bundled_results):
    prov = bundled_results["phung-xa"].provenance
    key = evaluation_key(prov)
    changed = {"as_of": "2025-06-30", "csv_locale": "vi", "percent_scale": "fraction",
               "input_format": "xlsx", "keep_going": True, "villages": ["a"]}
    assert set(changed) <= set(KEY_OPTIONS)
    keys = {key}
    for name, value in changed.items():
        other = json.loads(json.dumps(prov))
        other["options"][name] = value
        keys.add(evaluation_key(other))
    assert len(keys) == 1 + len(changed)
    other = json.loads(json.dumps(prov))  # the unverified-limits policy applied enters it, not the option as typed
    other["unverified_limits"] = {"policy": "score", "source": "option", "left_out": {}}
    assert evaluation_key(other) != key
    for name, value in {"command": "store add", "api": True, "framework": "other-name.yaml"}.items():
        other = json.loads(json.dumps(prov))
        other["options"][name] = value
        assert evaluation_key(other) == key, name
    other = json.loads(json.dumps(prov))
    other["dataset"]["metadata_sha256"] = "f" * 64
    assert evaluation_key(other) != key


def _as_stored_before(store):
    """Give every evaluation the key the store gave it before metadata and values' options entered it."""
    rows = store.con.execute("SELECT id, provenance FROM evaluations").fetchall()
    with store.con:
        for ident, prov in rows:
            store.con.execute("UPDATE evaluations SET key = ? WHERE id = ?",
                              (legacy_evaluation_key(json.loads(prov)), ident))


def test_an_evaluation_stored_with_the_old_key_is_recognised_and_another_metadata_is_not(tmp_path, phung_xa):
    import villagescore as vs

    with Store(tmp_path / "s.sqlite", create=True) as st:
        first = vs.evaluate(phung_xa)
        st.add(first)
        _as_stored_before(st)
        assert st.add(first).created is False  # the same inputs re-added: no duplicate for the old key
        assert st.add(vs.evaluate(phung_xa)).created is False
        _flag_estimated(phung_xa)
        outcome = st.add(vs.evaluate(phung_xa))
        assert (outcome.created, outcome.evaluation) == (True, 2)  # the old key matched, its metadata did not
        assert st.add(first).created is False
        assert st.counts()["evaluations"] == 2


def test_the_new_key_never_equals_an_old_one(bundled_results):
    prov = json.loads(json.dumps(bundled_results["phung-xa"].provenance))
    prov["dataset"]["metadata_sha256"] = None
    assert evaluation_key(prov) != legacy_evaluation_key(prov)


def test_typing_the_framework_s_own_unverified_limits_is_no_new_evaluation(tmp_path, phung_xa):
    """Audit (twelfth walk): ``--unverified-limits exclude``, the shipped framework's own, stored a duplicate with
    identical scores, and ``store list`` showed it as an option not at its default."""
    import villagescore as vs

    own = vs.evaluate(phung_xa).framework.unverified_limits
    other = "score" if own == "exclude" else "exclude"
    with Store(tmp_path / "s.sqlite", create=True) as st:
        typed = st.add(vs.evaluate(phung_xa, unverified_limits=own))
        assert typed.created
        assert st.add(vs.evaluate(phung_xa)).created is False  # the same policy applied: the same evaluation
        changed = st.add(vs.evaluate(phung_xa, unverified_limits=other))
        assert (changed.created, changed.evaluation) == (True, 2)
        listed = st.evaluations()
    assert [e["options_not_default"] for e in listed] == [{}, {"unverified_limits": other}]
    assert listed[0]["options"]["unverified_limits"] == own  # the recorded options stay whole


def test_an_evaluation_stored_with_the_option_as_typed_is_recognised(tmp_path, phung_xa):
    """Stores written while the key held ``--unverified-limits`` as typed (version 2): no duplicate either way."""
    import villagescore as vs

    own = vs.evaluate(phung_xa).framework.unverified_limits
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(vs.evaluate(phung_xa, unverified_limits=own))
        rows = st.con.execute("SELECT id, provenance FROM evaluations").fetchall()
        with st.con:
            for ident, prov in rows:
                prov = json.loads(prov)
                st.con.execute("UPDATE evaluations SET key = ? WHERE id = ?",
                               (_typed_option_key(prov, prov["options"].get("unverified_limits")), ident))
        assert st.add(vs.evaluate(phung_xa)).created is False
        assert st.add(vs.evaluate(phung_xa, unverified_limits=own)).created is False
        assert st.counts()["evaluations"] == 1


def test_a_subset_of_villages_and_the_whole_file_are_two_evaluations(tmp_path):
    """Audit (thirteenth walk): ``vs.evaluate(path, villages=[…])`` was stored as the whole file's evaluation."""
    import villagescore as vs

    path = BUNDLED["villages"]
    with Store(tmp_path / "s.sqlite", create=True) as st:
        whole = vs.evaluate(path)
        assert st.add(vs.evaluate(path, villages=["bat-trang-gia-lam"])).created
        outcome = st.add(whole)
        assert (outcome.created, outcome.village_years) == (True, len(whole))
        assert st.add(vs.evaluate(path, villages=["Bát Tràng"])).created is False  # the same rows, named otherwise
        assert st.add(vs.evaluate(path, villages=["van-phuc-ha-dong"])).created
    # the whole file's key is the one it always had: stores written before recognise it
    assert evaluation_key(whole.provenance) == evaluation_key({**whole.provenance, "dataset": {
        k: v for k, v in whole.provenance["dataset"].items() if k != "rows_sha256"}})
def test_the_data_files_of_the_plugins_used_enter_the_key_and_a_provenance_without_them_keeps_its_key(
        bundled_results):
    """Audit (thirteenth walk): results scored with another regulations file recorded the same plugins."""
    import hashlib

    from villagescore.compare.table import scoring_options
    from villagescore.store.keys import _digest, _key_parts

    prov = json.loads(json.dumps(bundled_results["phung-xa"].provenance))
    shipped = Path(__file__).resolve().parents[2] / "plugins" / "villagescore_vn_ttcn" / "regulations.yaml"
    entry = next(p for p in prov["plugins"] if p.get("files") and p["files"][0]["file"] == "regulations.yaml")
    assert entry["files"] == [{"file": "regulations.yaml",
                               "sha256": hashlib.sha256(shipped.read_bytes()).hexdigest()}]
    key = evaluation_key(prov)
    entry["files"][0]["sha256"] = "0" * 64
    assert evaluation_key(prov) != key
    for plugin in prov["plugins"]:  # as recorded before plugins' files were: the key it had then
        plugin.pop("files", None)
    parts = _key_parts(prov, KEY_OPTIONS)
    parts.update(metadata=prov["dataset"]["metadata_sha256"], identity=3,
                 unverified_limits=dict(scoring_options(prov))["unverified_limits"])
    assert evaluation_key(prov) == _digest(parts)
