"""``villagescore validate``: every problem of every file, exit 1 if any."""

import json


def test_valid_files(toy_cli, support_dir, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    res = toy_cli("validate", support_dir / "toy.csv", support_dir / "toy-framework.yaml")
    assert res.exit_code == 0, res.output
    assert res.output.count("OK") == 2


def test_invalid_files_list_every_problem(toy_cli, support_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text((support_dir / "toy.csv").read_text(encoding="utf-8")
                   .replace(",80,", ",800,").replace("beta,2024", "gamma,2024"), encoding="utf-8")
    res = toy_cli("validate", bad, support_dir / "toy-framework.yaml", "--format", "json")
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    assert [r["valid"] for r in report] == [False, True]
    rules = sorted(p["rule"] for p in report[0]["problems"])
    assert rules == ["range", "unknown_sector", "unknown_sector"]  # v2 and v3 both name beta


def test_json_dataset_and_result_file(toy_cli, support_dir, tmp_path):
    from tests.datasets.helpers import toy_records

    data = tmp_path / "toy.json"
    data.write_text(json.dumps({"villages": toy_records(support_dir)}), encoding="utf-8")
    res = toy_cli("validate", data)
    assert res.exit_code == 0 and "(bộ dữ liệu)" in res.output, res.output  # Vietnamese by default
    result = tmp_path / "result.json"
    out = toy_cli("evaluate", data, "-f", support_dir / "toy-framework.yaml", "--format", "json", "-o", result)
    assert out.exit_code == 0, out.output
    res = toy_cli("evaluate", result, "-f", support_dir / "toy-framework.yaml")
    assert res.exit_code == 1 and "this is a result file" in res.output
