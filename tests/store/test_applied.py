"""``compare --store`` flags a changed regulation exactly as the result file of the same evaluation does.

The pilot village's income against the poverty line is scored against Decision 59/2015/QĐ-TTg in
2021 and Decree 07/2021/NĐ-CP in 2025. Comparing the two years from the result file flagged it
(and four other indicators); from the store nothing was flagged, since the store did not give the
versions applied back. Schema version 3 records what was missing (the versions table of every
regulated indicator, the versions of indicators left out for an unverified limit); an evaluation
stored before it is read with the versions it did record, and the comparison says what it may miss.

The pilot is scored with ``--unverified-limits score`` where the 2021 poverty line must be scored
(the default framework leaves that unverified limit out of the score).
"""

import io
import json

import numpy as np
import pytest
from click.testing import CliRunner

from villagescore.cli import cli

from .conftest import BUNDLED
from .helpers import downgrade_to_version_2

PAIR = ["phung-xa-my-duc@2021", "phung-xa-my-duc@2025"]
POVERTY = "society.income_to_poverty_line"
CHANGED = {"environment.receiving_water_bod5": ["qcvn-08-mt-2015", "qcvn-08-2023"],
           "environment.dust_tsp": ["qcvn-05-2013", "qcvn-05-2023"],
           "environment.dust_pm10": ["qcvn-05-2013", "qcvn-05-2023"],
           "economy.wage_to_minimum": ["decree-90-2019", "decree-74-2024"],
           POVERTY: ["decision-59-2015", "decree-07-2021"]}


def run(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture(scope="module")
def pilot(tmp_path_factory):
    """The pilot scored with ``--unverified-limits score``: its result file and a store of the same run."""
    folder = tmp_path_factory.mktemp("pilot")
    run("store", "add", BUNDLED["phung-xa"], "--store", folder / "store.sqlite", "--plans", "none",
        "--unverified-limits", "score")
    run("evaluate", BUNDLED["phung-xa"], "--unverified-limits", "score", "--format", "json",
        "-o", folder / "pilot.json")
    return folder


#: The heading of a comparison report's provenance block (the runs' commands, options and hashes).
PROVENANCE = {"vi": "Nguồn gốc kết quả", "en": "Provenance"}


def _compare(source, lang, fmt, out, *extra):
    where = ["--store", source] if str(source).endswith(".sqlite") else [source]
    run("compare", *where, "--villages", *PAIR, "--lang", lang, "--format", fmt, "-o", out, *extra)
    return out.read_bytes()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_store_flags_the_same_indicators_with_the_same_versions_as_the_result_file(pilot, tmp_path, lang):
    docs = {}
    for name, source in (("file", pilot / "pilot.json"), ("store", pilot / "store.sqlite")):
        docs[name] = json.loads(_compare(source, lang, "json", tmp_path / f"{name}.json"))
    file, store = docs["file"], docs["store"]
    changes = store["side_by_side"]["regulation_changes"]
    assert {c["id"]: [v["regulation"] for v in c["versions"]] for c in changes} == CHANGED
    assert changes == file["side_by_side"]["regulation_changes"]
    regulated = {n["id"]: (n["regulations"], n["regulation_changed"]) for n in store["side_by_side"]["nodes"]
                 if "regulations" in n}
    assert regulated == {n["id"]: (n["regulations"], n["regulation_changed"]) for n in file["side_by_side"]["nodes"]
                         if "regulations" in n}
    assert regulated["environment.effluent_cod"][1] is False  # the same version on both sides: not flagged
    assert store["warnings"] == file["warnings"]  # no run is named in them: the same text
    warning = next(w for w in store["warnings"] if w["code"] == "regulation_differs")
    assert f"{POVERTY}: decision-59-2015 → decree-07-2021" in warning["message"]
    assert ("phiên bản văn bản quy định khác nhau" if lang == "vi" else "different regulation versions") \
        in warning["message"]


@pytest.mark.parametrize(("lang", "named"), [
    ("vi", "A: Quyết định 59/2015/QĐ-TTg (decision-59-2015), B: Nghị định 07/2021/NĐ-CP (decree-07-2021)"),
    ("en", "A: Decision 59/2015/QĐ-TTg (decision-59-2015), B: Decree 07/2021/NĐ-CP (decree-07-2021)"),
])
def test_every_format_of_the_store_marks_the_rows_and_names_the_versions_as_the_file_does(pilot, tmp_path, lang,
                                                                                         named):
    labels = [json.loads(_compare(s, lang, "json", tmp_path / f"{k}.json"))["runs"][0]["label"]
              for k, s in enumerate((pilot / "pilot.json", pilot / "store.sqlite"))]
    for fmt, extra in (("md", ()), ("html", ()), ("csv", ("--table", "side-by-side")), ("table", ())):
        file = _compare(pilot / "pilot.json", lang, fmt, tmp_path / f"file.{fmt}", *extra).decode("utf-8-sig")
        store = _compare(pilot / "store.sqlite", lang, fmt, tmp_path / f"store.{fmt}", *extra).decode("utf-8-sig")
        # the provenance block differs as it should (the command; a store keeps no regulation titles): the rest alike
        head = {"md": "## " + PROVENANCE[lang], "html": f"<h3>{PROVENANCE[lang]}</h3>"}.get(fmt)
        assert (head is None) == (fmt not in ("md", "html")) and (head is None or head in store), fmt
        assert store.replace(labels[1], labels[0]).split(head)[0] == file.split(head)[0], fmt
        if fmt in ("md", "html"):
            assert named in store and "§" in store
        if fmt == "csv":
            row = next(r for r in store.splitlines() if POVERTY in r)
            assert row.endswith("decision-59-2015 → decree-07-2021," + ("có" if lang == "vi" else "yes"))


def test_the_workbook_of_the_store_carries_the_versions(pilot, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(_compare(pilot / "store.sqlite", "vi", "xlsx", tmp_path / "s.xlsx")),
                                  read_only=True)
    cells = {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    assert "regulation_differs" in cells and "decision-59-2015 → decree-07-2021" in cells
    assert "regulations_not_recorded" not in cells


def test_indicators_left_out_for_an_unverified_limit_keep_their_version_as_in_the_result_file(
        store_of_bundled, bundled_results, tmp_path):
    """Under the default ``exclude`` policy the left-out indicators are not applicable, yet keep their version."""
    from villagescore.compare import table_from_file
    from villagescore.store.compare_source import table_from_evaluation

    national = bundled_results["national"]
    assert national.matrix.limit_unverified  # the case this test is about
    left_out = store_of_bundled.con.execute("SELECT count(*) FROM unverified_left_out").fetchone()[0]
    assert left_out == sum(int(m.sum()) for r in bundled_results.values() for m in r.matrix.limit_unverified.values())
    for evaluation, name in ((1, "phung-xa"), (3, "national")):
        path = tmp_path / f"{name}.json"
        path.write_bytes(bundled_results[name].to_json())
        stored = table_from_evaluation(store_of_bundled.con, evaluation, "x").level(0, "indicator")
        file = table_from_file(path, "x").level(0, "indicator")
        assert stored.ids == file.ids and not stored.regulations_partial
        assert np.array_equal(stored.regulation, file.regulation)  # every village-year and indicator
        assert {r: file.documents[r] for r in stored.documents} == stored.documents
        assert (stored.regulation == "").any() or name == "phung-xa"  # none in force: "" as in the file


def test_without_a_regulated_indicator_there_is_no_matrix(tmp_path):
    import villagescore as vs
    from villagescore.store import Store
    from villagescore.store.compare_source import table_from_evaluation

    examples = BUNDLED["phung-xa"].parents[2] / "docs" / "examples" / "frameworks"
    result = vs.evaluate(examples / "ocop-products.csv", framework=str(examples / "ocop.yaml"))
    assert all(node.threshold is None for node in result.framework.indicators)
    with Store(tmp_path / "s.sqlite", create=True) as store:
        store.add(result)
        level = table_from_evaluation(store.con, 1, "x").level(0, "indicator")
        assert store.con.execute("SELECT count(*) FROM threshold_versions").fetchone()[0] == 0
    assert level.regulation is None and level.documents == {} and not level.regulations_partial


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_older_store_is_read_unmigrated_and_says_what_it_does_not_record(tmp_path, lang):
    from villagescore.store import Store
    from villagescore.store.schema import SCHEMA_VERSION, current_version

    path = tmp_path / "old.sqlite"
    run("store", "add", BUNDLED["phung-xa"], "--store", path, "--plans", "none")  # the default policy: exclude
    downgrade_to_version_2(path)
    out = json.loads(_compare(path, lang, "json", tmp_path / "old.json"))  # reading it leaves it at version 2
    with Store(path) as store:
        assert current_version(store.con) == 2
        assert store.con.execute("SELECT regulations_recorded FROM evaluations").fetchall() == [(None,)]
    changes = {c["id"]: [v and v["regulation"] for v in c["versions"]]
               for c in out["side_by_side"]["regulation_changes"]}
    # the versions the old store did record (scored rows) are flagged; those of indicators left out of the
    # score for an unverified limit (the 2021 poverty line among them) were not recorded: nothing is invented
    import villagescore as vs

    result = vs.evaluate(BUNDLED["phung-xa"])
    left_out = {result.framework.indicators[j].id for j, m in result.matrix.limit_unverified.items() if m.any()}
    assert POVERTY in left_out and set(CHANGED) - left_out
    assert changes == {k: v for k, v in CHANGED.items() if k not in left_out}
    poverty = next(n for n in out["side_by_side"]["nodes"] if n["id"] == POVERTY)
    assert poverty["regulations"] == [None, "decree-07-2021"] and poverty["regulation_changed"] is False
    note = next(w for w in out["warnings"] if w["code"] == "regulations_not_recorded")
    assert note["runs"] == [out["runs"][0]["label"]] and out["runs"][0]["label"] in note["message"]
    assert ("được lưu trước khi kho kết quả ghi lại mọi phiên bản văn bản quy định" if lang == "vi" else
            "stored before the results store recorded every regulation version applied") in note["message"]
    md = _compare(path, lang, "md", tmp_path / "old.md").decode("utf-8")
    assert note["message"] in md
    # added again (`store remove` migrates it), the same dataset records every version: flagged as in the result
    run("store", "remove", "1", "--store", path)
    with Store(path) as store:
        assert current_version(store.con) == SCHEMA_VERSION
    run("store", "add", BUNDLED["phung-xa"], "--store", path, "--plans", "none")
    again = json.loads(_compare(path, lang, "json", tmp_path / "again.json"))
    assert POVERTY in {c["id"] for c in again["side_by_side"]["regulation_changes"]}
    assert not [w for w in again["warnings"] if w["code"] == "regulations_not_recorded"]


def test_a_new_evaluation_beside_an_old_one_is_read_in_full_and_only_the_old_one_is_noted(tmp_path):
    from villagescore.compare import compare, load_table
    from villagescore.store import Store
    from villagescore.store.compare_source import tables_from_store

    path = tmp_path / "mixed.sqlite"
    run("store", "add", BUNDLED["phung-xa"], "--store", path, "--plans", "none")
    downgrade_to_version_2(path)
    # the same framework, now stored by this version: its versions table is written for the old framework row
    run("store", "add", BUNDLED["national"], "--store", path, "--plans", "none")
    with Store(path) as store:
        assert store.con.execute("SELECT id, regulations_recorded FROM evaluations ORDER BY id").fetchall() == [
            (1, None), (2, 1)]
        assert store.con.execute("SELECT count(DISTINCT framework) FROM evaluations").fetchone()[0] == 1
        assert store.con.execute("SELECT count(*) FROM threshold_versions").fetchone()[0] > 0
        tables = tables_from_store(store.con)
    table = load_table(tables)
    assert [table.level(k, "indicator").regulations_partial for k in range(2)] == [True, False]
    both = compare(table, villages=["phung-xa-my-duc@2025", "syn-000001@2022"])
    note = next(w for w in both["warnings"] if w["code"] == "regulations_not_recorded")
    assert note["runs"] == [tables[0][0]]
    new_only = compare(table, villages=["syn-000001@2022", "syn-000005@2024"])
    assert not [w for w in new_only["warnings"] if w["code"] == "regulations_not_recorded"]
    assert new_only["side_by_side"]["regulation_changes"]
