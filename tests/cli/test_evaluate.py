"""``villagescore evaluate`` with the toy plugin: formats, output files, exit codes."""

import json


def test_json_to_stdout(toy_cli, support_dir):
    res = toy_cli("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [v["overall"]["rating"] for v in data["villages"]] == ["high", "low", "mid"]


def test_csv_output_file_is_written_atomically_and_identical_twice(toy_cli, support_dir, tmp_path):
    out = tmp_path / "r.csv"
    args = ("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--format", "csv",
            "-o", out)
    assert toy_cli(*args).exit_code == 0
    first = out.read_bytes()
    assert toy_cli(*args).exit_code == 0
    assert out.read_bytes() == first
    text = first.decode("utf-8-sig").splitlines()
    assert text[0].startswith("village_id,name,commune,province")
    assert text[1].startswith("v1,Làng Một,Xã Một,Hà Nội")
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]  # no temp files left behind


def test_table_shows_villages(toy_cli, support_dir):
    res = toy_cli("evaluate", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Làng Một" in res.output and "High" in res.output and "flag-required" in res.output


def test_invalid_dataset_exits_1_without_traceback_and_keeps_old_output(toy_cli, support_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text((support_dir / "toy.csv").read_text(encoding="utf-8").replace(",80,", ",800,"),
                   encoding="utf-8")
    out = tmp_path / "r.json"
    out.write_text("previous report", encoding="utf-8")
    res = toy_cli("evaluate", bad, "-f", support_dir / "toy-framework.yaml", "--format", "json", "-o", out)
    assert res.exit_code == 1
    assert "row 2: column 'a' = 800: out of range (allowed: 0 to 100 %)" in res.output
    assert "Traceback" not in res.output
    assert out.read_text(encoding="utf-8") == "previous report"


def test_keep_going_reports_and_scores_the_rest(toy_cli, support_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text((support_dir / "toy.csv").read_text(encoding="utf-8").replace(",80,", ",800,"),
                   encoding="utf-8")
    res = toy_cli("evaluate", bad, "-f", support_dir / "toy-framework.yaml", "--format", "json", "--keep-going")
    assert res.exit_code == 0
    assert "were not scored" in res.stderr and "column 'a' = 800" in res.stderr
    assert [v["village_id"] for v in json.loads(res.stdout)["villages"]] == ["v2", "v3"]


def test_usage_error_exits_2(toy_cli):
    res = toy_cli("evaluate", "--format", "pdf", "x.csv")
    assert res.exit_code == 2


def test_unknown_framework_exits_1(toy_cli, support_dir):
    res = toy_cli("evaluate", support_dir / "toy.csv", "-f", "nope")
    assert res.exit_code == 1
    assert "neither a file nor a known framework id" in res.output
