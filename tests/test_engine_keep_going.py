"""``evaluate --keep-going`` / ``validate(keep_going=True)``: score the valid villages, report the others.

``tests/corpus/datasets/keep-going.csv`` is ``tests/support/toy.csv`` with two bad rows:
row 3 (v2) has ``a = 140`` (the field allows 0 to 100 %) and row 4 (v3) names the unknown
sector ``gamma``. Only v1 is valid; its scores must be exactly those it gets in the clean file
(hand-computed in tests/support: overall 88.3333, tier high).
"""

from __future__ import annotations

import json

import pytest

from tests.corpus.harness import CORPUS, TOY_CSV, TOY_FRAMEWORK, run_cli, toy_registry
from villagescore.datasets import read_dataset
from villagescore.errors import EXIT_INVALID, EXIT_OK, DatasetError

KEEP_GOING = CORPUS / "datasets" / "keep-going.csv"


@pytest.fixture(scope="module")
def registry():
    return toy_registry()


def test_validate_keep_going_drops_only_the_bad_rows(registry):
    dataset = read_dataset(KEEP_GOING, registry, keep_going=True)

    assert dataset.frame["village_id"].tolist() == ["v1"]
    found = sorted((p.where, p.column, p.rule, p.village_id) for p in dataset.problems)
    assert found == [("row 3", "a", "range", "v2"), ("row 4", "sectors", "unknown_sector", "v3")]


def test_without_keep_going_every_problem_is_reported_in_one_error(registry):
    with pytest.raises(DatasetError) as caught:
        read_dataset(KEEP_GOING, registry)
    assert sorted(p.where for p in caught.value.problems) == ["row 3", "row 4"]


def test_cli_keep_going_scores_valid_villages_and_reports_the_rest(registry):
    run = run_cli(["evaluate", KEEP_GOING, "-f", TOY_FRAMEWORK, "--keep-going", "--format", "json", "--lang", "en"],
                  registry)

    assert run.exit_code == EXIT_OK, run.output
    assert "Traceback" not in run.output
    assert "warning: 2 problem(s); the rows concerned were not scored" in run.stderr
    assert "keep-going.csv: row 3: column 'a' = 140: out of range (allowed: 0 to 100 %)" in run.stderr
    assert "keep-going.csv: row 4: column 'sectors' = 'alpha;gamma': unknown sector" in run.stderr
    doc = json.loads(run.stdout)
    villages = doc["villages"]
    assert [v["village_id"] for v in villages] == ["v1"]
    # v1 in tests/support: env 82.5, soc 100, overall (2·82.5 + 1·100) / 3 = 88.3333 → high
    assert villages[0]["overall"]["score"] == pytest.approx(88.3333, abs=1e-4)
    assert doc["provenance"]["options"]["keep_going"] is True


def test_cli_keep_going_gives_the_valid_village_the_same_scores_as_a_clean_run(registry):
    kept = run_cli(["evaluate", KEEP_GOING, "-f", TOY_FRAMEWORK, "--keep-going", "--format", "csv"], registry)
    clean = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--village", "v1", "--format", "csv"], registry)

    assert kept.exit_code == clean.exit_code == EXIT_OK
    assert kept.stdout == clean.stdout
    assert "v1,Làng Một" in kept.stdout and "v2" not in kept.stdout and "v3" not in kept.stdout


def test_cli_without_keep_going_fails_and_lists_both_rows(registry, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the English messages
    run = run_cli(["evaluate", KEEP_GOING, "-f", TOY_FRAMEWORK, "--format", "csv"], registry)

    assert run.exit_code == EXIT_INVALID
    assert run.stdout == ""
    assert "invalid dataset: 2 problems" in run.stderr
    assert "row 3" in run.stderr and "row 4" in run.stderr


def test_keep_going_with_no_valid_row_is_an_error(tmp_path, registry, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the English messages
    bad = tmp_path / "all-bad.csv"
    text = TOY_CSV.read_text(encoding="utf-8").replace(",2024,", ",1850,")
    bad.write_text(text, encoding="utf-8")

    run = run_cli(["evaluate", bad, "-f", TOY_FRAMEWORK, "--keep-going"], registry)

    assert run.exit_code == EXIT_INVALID
    assert "Traceback" not in run.output
    assert run.stderr.count("column 'year' = '1850'") == 3


def test_keep_going_does_not_excuse_file_level_problems(registry, monkeypatch):
    """An unknown column concerns the whole file: --keep-going still stops."""
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the English messages
    run = run_cli(["evaluate", CORPUS / "datasets" / "unknown-column.csv", "-f", TOY_FRAMEWORK, "--keep-going"],
                  registry)

    assert run.exit_code == EXIT_INVALID
    assert "unknown column 'colour'" in run.stderr
    assert run.stdout == ""


def test_result_records_the_rows_left_out(registry):
    """Nothing is lost: the result file itself names the dropped rows, their years and problems (M8)."""
    run = run_cli(["evaluate", KEEP_GOING, "-f", TOY_FRAMEWORK, "--keep-going", "--format", "jsonl"], registry)

    assert run.exit_code == EXIT_OK, run.output
    head = json.loads(run.stdout.splitlines()[0])
    left = head["provenance"]["rows_left_out"]
    assert left["count"] == 2 and left["problems"] == 2
    assert [(r["row"], r["village_id"], r["year"]) for r in left["rows"]] == [(3, "v2", 2024), (4, "v3", 2024)]
    assert left["rows"][0]["problems"] == [{"rule": "range", "column": "a", "message": "out of range"}]
    assert left["rows"][1]["problems"][0]["rule"] == "unknown_sector"


@pytest.mark.parametrize("fmt", ["md", "html", "table"])
def test_reports_say_which_rows_were_left_out(registry, fmt):
    run = run_cli(["evaluate", KEEP_GOING, "-f", TOY_FRAMEWORK, "--keep-going", "--format", fmt, "--lang", "en"],
                  registry)

    assert run.exit_code == EXIT_OK, run.output
    assert "2 invalid row(s) of the dataset were left out, not scored (--keep-going): rows 3 (v2 2024), " \
           "4 (v3 2024)" in " ".join(run.stdout.split())


def test_a_clean_run_records_nothing_left_out(registry):
    run = run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--keep-going", "--format", "json"], registry)
    assert "rows_left_out" not in json.loads(run.stdout)["provenance"]


def test_the_python_api_records_the_rows_left_out_too(registry):
    import villagescore as vs

    result = vs.evaluate(KEEP_GOING, TOY_FRAMEWORK, registry=registry, keep_going=True)
    assert [r["village_id"] for r in result.provenance["rows_left_out"]["rows"]] == ["v2", "v3"]


def test_the_record_of_the_rows_left_out_follows_the_schema(registry):
    from villagescore import schemas

    run = run_cli(["evaluate", KEEP_GOING, "-f", TOY_FRAMEWORK, "--keep-going", "--format", "json"], registry)
    schemas.validator("result").validate(json.loads(run.stdout))


def test_compare_warns_that_a_result_left_rows_out(registry, tmp_path):
    """A comparison of a kept-going result says which result left rows out: those village-years are not compared."""
    from villagescore.compare import compare, load_table, table_from_file

    out = tmp_path / "kept.jsonl"
    run = run_cli(["evaluate", KEEP_GOING, "-f", TOY_FRAMEWORK, "--keep-going", "--format", "jsonl", "-o", out],
                  registry)
    assert run.exit_code == EXIT_OK, run.output
    doc = compare(load_table([("kept.jsonl", table_from_file(out))]), lang="en")
    (warning,) = [w for w in doc["warnings"] if w["code"] == "rows_left_out"]
    assert (warning["run"], warning["count"]) == ("kept.jsonl", 2)
    assert warning["message"] == ("kept.jsonl left 2 invalid row(s) of its dataset out (--keep-going): those "
                                  "village-years are not compared, the same villages' other years are; where a row "
                                  "left out was a village's latest year, its latest observation here is an earlier "
                                  "year")
    vi = compare(load_table([("kept.jsonl", table_from_file(out))]), lang="vi")
    (warning,) = [w for w in vi["warnings"] if w["code"] == "rows_left_out"]
    assert "các lượt làng-năm đó không được so sánh, còn các năm khác của những làng ấy" in warning["message"]
    clean = tmp_path / "clean.jsonl"
    assert run_cli(["evaluate", TOY_CSV, "-f", TOY_FRAMEWORK, "--format", "jsonl", "-o", clean],
                   registry).exit_code == EXIT_OK
    clean_doc = compare(load_table([("clean.jsonl", table_from_file(clean))]), lang="en")
    assert not [w for w in clean_doc["warnings"] if w["code"] == "rows_left_out"]
