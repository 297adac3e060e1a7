"""The identity of a stored evaluation: what determines its numbers, and keys of stores written before."""

import json
import shutil

import pytest

from villagescore.store import Store
from villagescore.store.keys import KEY_OPTIONS, evaluation_key, legacy_evaluation_key

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
    changed = {"as_of": "2025-06-30", "unverified_limits": "exclude", "csv_locale": "vi", "percent_scale": "fraction",
               "input_format": "xlsx", "keep_going": True, "villages": ["a"]}
    assert set(changed) <= set(KEY_OPTIONS)
    keys = {key}
    for name, value in changed.items():
        other = json.loads(json.dumps(prov))
        other["options"][name] = value
        keys.add(evaluation_key(other))
    assert len(keys) == 1 + len(changed)
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
