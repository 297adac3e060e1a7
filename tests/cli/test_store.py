"""``villagescore store``: the acceptance checks of the store, through the command line."""

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli

REPO = Path(__file__).resolve().parents[2]
PHUNG_XA = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
VILLAGES = REPO / "datasets" / "villages" / "villages.csv"
NATIONAL = REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def counts(path):
    con = sqlite3.connect(path)
    try:
        from villagescore.store.reader import TABLES

        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def built_store(tmp_path_factory):
    """A store built from the three bundled datasets with `villagescore store add`."""
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    res = run("store", "add", PHUNG_XA, "--store", path, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "added evaluation #1: 2 village-years (2021, 2025)" in res.output
    assert "stored 2 improvement plans" in res.output
    for dataset in (VILLAGES, NATIONAL):
        res = run("store", "add", dataset, "--store", path, "--plans", "none", "--lang", "en")
        assert res.exit_code == 0, res.output
    return path


def test_history_of_phung_xa_shows_2021_and_2025_with_provenance(built_store):
    res = run("store", "history", "--village", "Phùng Xá", "--store", built_store, "--lang", "en")
    assert res.exit_code == 0, res.output
    out = res.output
    assert "Làng dệt Phùng Xá (phung-xa-my-duc)" in out
    lines = [line for line in out.splitlines() if line.startswith("20")]
    assert [line.split()[0] for line in lines] == ["2021", "2025"]
    assert "Provenance #1" in out
    assert "Pillars: Environment (environment), Economy (economy)" in " ".join(out.split())  # audit 13: the ids
    import villagescore as vs

    prov = vs.evaluate(PHUNG_XA).provenance
    assert prov["framework"]["resolved_sha256"][:12] in out
    assert prov["dataset"]["sha256"][:12] in out
    assert "vn-ttcn-sustainable 1.4.1" in out and "qcvn-40-2011" in out and "weaving 0.1.0" in out


def test_history_as_json(built_store):
    res = run("store", "history", "--village", "phung xa", "--store", built_store, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert [y["year"] for y in doc["years"]] == [2021, 2025]
    assert all(y["plan"] for y in doc["years"])
    assert doc["evaluations"][0]["dataset"]["file"] == "phung-xa.csv"


def test_adding_again_leaves_the_row_counts_unchanged(built_store):
    before = counts(built_store)
    for dataset in (PHUNG_XA, VILLAGES, NATIONAL):
        res = run("store", "add", dataset, "--store", built_store, "--lang", "vi")
        assert res.exit_code == 0, res.output
        assert "đã có trong kho" in res.output
    assert counts(built_store) == before


def test_list_shows_every_evaluation(built_store):
    res = run("store", "list", "--store", built_store, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert [e["dataset"]["file"] for e in doc["evaluations"]] == [
        "phung-xa.csv", "villages.csv", "national-sample-synthetic.csv"]
    assert doc["rows"]["village_years"] == 510
    res = run("store", "list", "--store", built_store, "--lang", "vi")
    assert res.exit_code == 0 and "national-sample-synthetic.csv" in res.output and "Số làng-năm" in res.output


def test_env_var_names_the_default_store(built_store, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_STORE", str(built_store))
    res = run("store", "list", "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["store"] == str(built_store)


def test_remove_then_add_again(tmp_path):
    path = tmp_path / "s.sqlite"
    assert run("store", "add", PHUNG_XA, "--store", path, "--plans", "none").exit_code == 0
    res = run("store", "remove", "1", "--store", path, "--lang", "en")
    assert res.exit_code == 0 and "removed evaluation #1 (2 village-years)" in res.output
    assert counts(path)["village_years"] == 0
    res = run("store", "add", PHUNG_XA, "--store", path, "--plans", "none", "--lang", "en")
    assert "added evaluation #2" in res.output


@pytest.mark.parametrize(("args", "message"), [
    (["store", "list", "--store", "{tmp}/missing.sqlite"], "no store at"),
    (["store", "history", "--village", "nowhere", "--store", "{store}"], "no village in the store matches"),
    (["store", "remove", "99", "--store", "{store}"], "no evaluation '99' in the store"),
    (["store", "add", str(PHUNG_XA), "--store", str(PHUNG_XA)], "is not a villagescore store"),
])
def test_user_errors_exit_1_without_traceback(built_store, tmp_path, args, message):
    args = [a.format(tmp=tmp_path, store=built_store) for a in args]
    res = run(*args, "--lang", "en")
    assert res.exit_code == 1, res.output
    assert message in res.output and "Traceback" not in res.output


def test_user_errors_are_worded_in_vietnamese(tmp_path):
    res = run("store", "list", "--store", tmp_path / "missing.sqlite", "--lang", "vi")
    assert res.exit_code == 1 and "không có kho kết quả" in res.output


def test_an_invalid_dataset_creates_no_store(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("village_id,name\nv1,x\n", encoding="utf-8")
    res = run("store", "add", bad, "--store", tmp_path / "s.sqlite", "--lang", "en")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert not (tmp_path / "s.sqlite").exists()


def test_adding_reports_the_plans_and_the_writing_as_progress(tmp_path, monkeypatch):
    from villagescore import progress
    from villagescore.i18n import use_language
    from villagescore.store.writer import STAGES

    from ..test_progress import Recorder

    rec = Recorder()
    monkeypatch.setattr("villagescore.cli.progress.terminal_progress", lambda: progress.listening(rec))
    previous = use_language("en")
    try:
        res = run("store", "add", PHUNG_XA, "--store", tmp_path / "s.sqlite", "--lang", "en")
    finally:
        use_language(previous)
    assert res.exit_code == 0, res.output
    begun = [e[1:] for e in rec.events if e[0] == "begin"]
    assert ("improvement plans", 2) in begun and ("writing s.sqlite", len(STAGES)) in begun
    steps = [e[1] for e in rec.events if e[0] == "advance"]
    assert steps[:2] == [1, 2] and steps[2:] == list(range(len(STAGES)))  # two village-years planned, then each stage


def test_history_names_gates_by_label_and_id_and_says_the_dataset_kind_in_vietnamese(built_store):
    con = sqlite3.connect(built_store)
    try:
        village, gates = con.execute("SELECT vy.village_id, vy.gates_fired FROM village_years vy "
                                     "JOIN evaluations e ON e.id = vy.evaluation WHERE e.dataset_file = ? "
                                     "AND vy.gates_fired NOT IN ('', '[]') ORDER BY vy.id LIMIT 1",
                                     (NATIONAL.name,)).fetchone()
        labels = dict(con.execute("SELECT gate_id, label_vi FROM gates"))
    finally:
        con.close()
    doc = json.loads(run("store", "history", "--village", village, "--store", built_store, "--format", "json").output)
    fired = json.loads(gates)
    assert doc["years"][0]["gates_fired"] == fired
    assert {g: x["vi"] for g, x in doc["years"][0]["gate_labels"].items()} == {g: labels[g] for g in fired}
    res = run("store", "history", "--village", village, "--store", built_store, "--lang", "vi")
    assert res.exit_code == 0, res.output
    flat = " ".join(res.output.split())
    for g in fired:  # "label (id)", the id whole even when the cell wraps
        assert f"({g}" in flat and g.rsplit(".", 1)[-1] in flat.replace(" ", "")
        assert " ".join(labels[g].split()[:2]) in flat
    assert "sinh tự động)" in flat and "; synthetic)" not in flat  # the file name itself says synthetic
    # the store keeps the gates that fired: failed or not judged, never called "failed" alone
    assert "Điều kiện bắt buộc không đạt hoặc chưa xét được" in flat
    assert flat.count("Điều kiện bắt buộc không đạt") == flat.count("Điều kiện bắt buộc không đạt hoặc chưa xét được")
    assert "Phiên bản phần mềm" in flat and "engine" not in flat


def test_a_file_that_is_not_a_store_is_said_in_the_run_s_language():
    for lang, words in (("vi", "tệp không phải cơ sở dữ liệu SQLite"), ("en", "the file is not an SQLite database")):
        res = run("targets", "--store", VILLAGES, "--lang", lang)
        assert res.exit_code == 1 and words in res.output, res.output
    assert "file is not a database" not in run("targets", "--store", VILLAGES, "--lang", "vi").output


def test_adding_groups_the_village_year_count_as_the_language_does(tmp_path, monkeypatch):
    from villagescore.store import Store
    from villagescore.store.writer import AddOutcome

    monkeypatch.setattr(Store, "add", lambda self, result, **kw: AddOutcome(3, True, 5000, [2024, 2025]))
    res = run("store", "add", PHUNG_XA, "--store", tmp_path / "s.sqlite", "--plans", "none", "--lang", "vi")
    assert res.exit_code == 0, res.output
    assert "#3: 5.000 làng-năm" in res.output
    res = run("store", "add", PHUNG_XA, "--store", tmp_path / "s.sqlite", "--plans", "none", "--lang", "en")
    assert "5,000" in res.output


@pytest.mark.parametrize("how", ["environment", "default"])
@pytest.mark.parametrize("command", [["store", "list", "--format", "json"],
                                     ["store", "history", "--village", "phung-xa-my-duc"],
                                     ["targets"]])
def test_o_never_overwrites_the_store_it_reads(built_store, tmp_path, monkeypatch, how, command):
    """The store is an input wherever it comes from (VILLAGESCORE_STORE, the per-user file), not only --store."""
    store = tmp_path / "store.sqlite"
    store.write_bytes(built_store.read_bytes())
    if how == "environment":
        monkeypatch.setenv("VILLAGESCORE_STORE", str(store))
    else:
        monkeypatch.delenv("VILLAGESCORE_STORE", raising=False)
        monkeypatch.setattr("villagescore.store.paths.default_path", lambda: store)
    before = store.read_bytes()
    res = run(*command, "-o", store, "--lang", "en")
    assert res.exit_code == 1, res.output
    # refused as soon as the options are read (a results store), before the store is opened as an input
    assert "it is a results store" in res.output or "it is an input of this command" in res.output
    assert store.read_bytes() == before


@pytest.mark.parametrize("command", [("store", "list"), ("store", "history", "--village", "Phùng Xá")])
def test_list_and_history_take_the_format_from_the_output_suffix(tmp_path, built_store, command):
    out = tmp_path / "h.json"
    res = run(*command, "--store", built_store, "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8"))
    for name in ("t.html", "t.csv", "t.xlsx"):
        res = run(*command, "--store", built_store, "-o", tmp_path / name, "--lang", "en")
        assert res.exit_code == 2 and "does not write" in res.output, res.output
        assert not (tmp_path / name).exists()
    res = run(*command, "--store", built_store, "--format", "table", "-o", tmp_path / "h2.json", "--lang", "en")
    assert res.exit_code == 2 and "does not match" in res.output
    res = run(*command, "--store", built_store, "-o", tmp_path / "t.txt", "--lang", "en")
    assert res.exit_code == 0 and not (tmp_path / "t.txt").read_text(encoding="utf-8").startswith("{")


def test_a_read_only_store_is_refused_before_scoring(tmp_path, built_store, monkeypatch):
    import shutil

    import villagescore.cli.evaluate
    from tests.store.conftest import make_read_only

    path = tmp_path / "ro.sqlite"
    shutil.copy(built_store, path)
    make_read_only(monkeypatch, path)
    before = path.read_bytes()

    def never(*args, **kwargs):  # pragma: no cover - reached only if the store is checked after scoring
        raise AssertionError("scored before checking the store")

    monkeypatch.setattr(villagescore.cli.evaluate, "run_evaluation", never)
    for lang, words in (("en", f"the store {path} is read-only: "), ("vi", f"kho kết quả {path} chỉ đọc được: ")):
        for args in (("add", PHUNG_XA), ("remove", "1")):
            res = run("store", *args, "--store", path, "--lang", lang)
            assert res.exit_code == 1, res.output
            assert words in res.output and "Traceback" not in res.output and "nội bộ" not in res.output
    assert path.read_bytes() == before


def test_reading_commands_read_an_older_store_they_may_not_write(tmp_path, built_store, monkeypatch):
    """Review r6: a schema-4 store mounted read-only was refused by `store list` (opening it tried to migrate it)."""
    import shutil

    from tests.store.conftest import make_read_only

    path = tmp_path / "ro4.sqlite"
    shutil.copy(built_store, path)
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE evaluations DROP COLUMN regulations")
    con.execute("DELETE FROM schema_migrations WHERE version >= 5")
    con.commit()
    con.close()
    make_read_only(monkeypatch, path)
    before = path.read_bytes()
    for command in (("store", "list"), ("store", "history", "--village", "Phùng Xá"), ("compare",), ("targets",)):
        for lang in ("en", "vi"):
            res = run(*command, "--store", path, "--lang", lang)
            assert res.exit_code == 0, (command, res.output)
            assert "Traceback" not in res.output
    assert path.read_bytes() == before


def test_reading_commands_do_not_turn_an_empty_file_into_a_store(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"")
    for args in (("targets",), ("store", "list"), ("store", "history", "--village", "x"), ("store", "remove", "1")):
        res = run(*args, "--store", notes, "--lang", "en")
        assert res.exit_code == 1 and "is not a villagescore store (the file is empty" in res.output, res.output
    assert notes.read_bytes() == b""


def test_remove_finds_every_evaluation_first_then_removes_them_together(tmp_path, built_store):
    import shutil

    path = tmp_path / "s.sqlite"
    shutil.copy(built_store, path)
    before = counts(path)
    res = run("store", "remove", "3", "999", "--store", path, "--lang", "en")
    assert res.exit_code == 1 and "no evaluation '999' in the store" in res.output
    assert "removed" not in res.output and counts(path) == before  # #3 is still there
    listed = json.loads(run("store", "list", "--store", path, "--format", "json").stdout)
    n = {e["id"]: e["village_years"] for e in listed["evaluations"]}
    res = run("store", "remove", "3", "#2", "3", "--store", path, "--lang", "vi")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines() == [f"đã xoá lần đánh giá #3 ({n[3]} làng-năm)",
                                       f"đã xoá lần đánh giá #2 ({n[2]} làng-năm)"]
    assert [e["id"] for e in json.loads(run("store", "list", "--store", path, "--format", "json").stdout)[
        "evaluations"]] == [1]


def test_remove_writes_the_count_as_add_and_list_do(tmp_path, built_store, monkeypatch):
    import shutil

    from villagescore.store import Store

    path = tmp_path / "s.sqlite"
    shutil.copy(built_store, path)
    monkeypatch.setattr(Store, "remove_all", lambda self, refs: [{"id": 3, "village_years": 3000}])
    res = run("store", "remove", "3", "--store", path, "--lang", "vi")
    assert res.exit_code == 0 and res.output == "đã xoá lần đánh giá #3 (3.000 làng-năm)\n"
    res = run("store", "remove", "3", "--store", path, "--lang", "en")
    assert res.output == "removed evaluation #3 (3,000 village-years)\n"


def test_a_folder_as_the_store_is_refused_with_the_right_advice(tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_STORE", str(tmp_path))
    res = run("store", "add", PHUNG_XA, "--lang", "en")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert f"{tmp_path} is a folder, not a store file: give the path of a file" in res.output
    assert "create one with" not in res.output


def test_list_tells_apart_two_evaluations_of_one_file_that_differ_by_options(tmp_path):
    """Audit 2026-12-07: two rows of the same file and hash, nothing to tell which was --unverified-limits score."""
    path = tmp_path / "s.sqlite"
    assert run("store", "add", PHUNG_XA, "--store", path, "--plans", "none").exit_code == 0
    assert run("store", "add", PHUNG_XA, "--store", path, "--plans", "none", "--unverified-limits",
               "score").exit_code == 0
    doc = json.loads(run("store", "list", "--store", path, "--format", "json").output)
    assert [e["options_not_default"] for e in doc["evaluations"]] == [{}, {"unverified_limits": "score"}]
    for lang, header in (("en", "Options (not at default)"), ("vi", "Tuỳ chọn (khác mặc định)")):
        res = CliRunner().invoke(cli, ["store", "list", "--store", str(path), "--lang", lang], terminal_width=200)
        assert res.exit_code == 0, res.output
        assert header in res.output and "--unverified-limits score" in res.output


def test_list_tells_two_framework_files_of_one_id_and_version_apart(tmp_path):
    """Audit 14 #3: a weight edited without a new version gave two identical rows (its sha256 was the dataset's)."""
    variant = REPO / "docs" / "examples" / "frameworks" / "hanoi-variant.yaml"
    edited = tmp_path / "hanoi-edited.yaml"
    edited.write_text(variant.read_text(encoding="utf-8").replace("weight: 0.35", "weight: 0.40", 1)
                      .replace("weight: 0.15", "weight: 0.10", 1), encoding="utf-8")
    path = tmp_path / "store.sqlite"
    for framework in (variant, edited):
        res = run("store", "add", PHUNG_XA, "-f", framework, "--store", path, "--plans", "none", "--lang", "en")
        assert res.exit_code == 0, res.output
    res = run("store", "list", "--store", path, "--lang", "en")
    text = " ".join(res.output.split())
    for framework in (variant, edited):
        digest = hashlib.sha256(framework.read_bytes()).hexdigest()[:12]
        assert f"vn-ttcn-hanoi-example 0.1.1 (sha256 {digest})" in text
    assert "Dataset SHA-256" in text  # the other hash is said to be the dataset's


def test_list_and_history_tell_an_overlay_over_a_changed_base_apart(tmp_path):
    """Audit 17 #1: one overlay file, its base's tier minimum edited between two `store add`: two frameworks."""
    from tests.compare.test_common import BASE, OVERLAY

    (tmp_path / "overlay.yaml").write_text(OVERLAY, encoding="utf-8")
    (tmp_path / "d.csv").write_text("village_id,name,commune,province,year,sectors,workers_trained_pct\n"
                                    "v-a,Làng A,Xã A,Hà Nội,2024,weaving,80\n", encoding="utf-8")
    path = tmp_path / "s.db"
    bases = []
    for least in ("60", "90"):
        (tmp_path / "base.yaml").write_bytes(BASE.replace("MIN", least).encode())
        bases.append(hashlib.sha256((tmp_path / "base.yaml").read_bytes()).hexdigest()[:12])
        assert run("store", "add", tmp_path / "d.csv", "-f", tmp_path / "overlay.yaml", "--store", path).exit_code == 0
    listed = CliRunner().invoke(cli, ["store", "list", "--store", str(path), "--lang", "en"], terminal_width=400)
    history = CliRunner().invoke(cli, ["store", "history", "--village", "v-a", "--store", str(path), "--lang", "en"],
                                 terminal_width=400)
    for base in bases:
        assert f"extending lin-base 1.0.0 (sha256 {base})" in listed.output
        assert f"lineage: lin-base 1.0.0 ({base}) → lin-overlay 1.0.0" in history.output
