"""``villagescore template``: writes the workbook, checks sectors, needs -o."""

import openpyxl

from villagescore.template import IDENTITY


def test_writes_a_workbook(toy_cli, support_dir, tmp_path):
    out = tmp_path / "survey.xlsx"
    res = toy_cli("template", "-f", support_dir / "toy-framework.yaml", "--lang", "en", "-o", out)
    assert res.exit_code == 0, res.output
    header = [c.value.split("\n")[-1] for c in openpyxl.load_workbook(out)["data"][1]]
    assert header == list(IDENTITY) + ["a", "c", "zone", "b", "flag", "craft", "total", "kind"]
    assert "17 columns (toy 1.0)" in res.stderr  # 9 identity + 8 fields


def test_sector_filter_and_note(toy_cli, support_dir, tmp_path):
    out = tmp_path / "beta.xlsx"
    res = toy_cli("template", "-f", support_dir / "toy-framework.yaml", "--sector", "beta", "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    header = [c.value.split("\n")[-1] for c in openpyxl.load_workbook(out)["data"][1]]
    assert "b" not in header and "a" in header
    assert "no indicator specific to sector Beta craft (beta)" in res.stderr  # the id beside its label


def test_unknown_sector_exits_1(toy_cli, support_dir, tmp_path):
    res = toy_cli("template", "-f", support_dir / "toy-framework.yaml", "--sector", "gamma", "-o",
                  tmp_path / "x.xlsx", "--lang", "en")
    assert res.exit_code == 1
    assert "unknown sector 'gamma'; known sectors: alpha, beta" in res.output
    assert not (tmp_path / "x.xlsx").exists()


def test_binary_output_needs_a_file(toy_cli, support_dir):
    res = toy_cli("template", "-f", support_dir / "toy-framework.yaml")
    assert res.exit_code == 2
    assert "hãy cho -o TỆP" in res.output  # in the default language, Vietnamese
