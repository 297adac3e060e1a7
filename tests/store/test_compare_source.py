import json

import pandas as pd
import pytest
from click.testing import CliRunner

from villagescore.cli import cli
from villagescore.compare import compare, load_table, table_from_result
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
    assert len(tables_from_store(store_of_bundled.con, framework="vn-ttcn-sustainable")) == 3
    assert tables_from_store(store_of_bundled.con, framework="other") == []
