"""``villagescore sensitivity`` with the toy plugin: formats, seeds, output files, errors."""

import json

import pytest


def _args(support_dir, *extra):
    return ("sensitivity", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", "-n", "40",
            "--sa-samples", "8", *extra)


def test_json_is_reproducible_and_probabilities_sum_to_one(toy_cli, support_dir, tmp_path):
    out = tmp_path / "s.json"
    assert toy_cli(*_args(support_dir, "--format", "json", "--seed", "3", "-o", out)).exit_code == 0
    first = out.read_bytes()
    assert toy_cli(*_args(support_dir, "--format", "json", "--seed", "3", "-o", out)).exit_code == 0
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
    data = json.loads(first)
    assert data["settings"]["seed"] == 3 and data["settings"]["samples"] == 40
    for v in data["villages"]:
        assert abs(sum(v["tier_probabilities"].values()) - 1) < 1e-5
    assert set(data["indices"]) == {"weights", "aggregation", "thresholds", "missing", "data"}


def test_all_off_collapses_to_the_nominal_ranks(toy_cli, support_dir):
    res = toy_cli(*_args(support_dir, "--weights", "off", "--no-aggregation", "--threshold-spread", "0",
                         "--no-missing", "--no-data", "--format", "json"))
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["groups"] == []
    for v in data["villages"]:
        assert v["rank"]["p05"] == v["rank"]["median"] == v["rank"]["p95"] == v["nominal"]["rank"]
        assert v["probability_nominal_tier"] == 1.0


def test_table_and_markdown_in_both_languages(toy_cli, support_dir):
    res = toy_cli(*_args(support_dir, "--lang", "en"))
    assert res.exit_code == 0, res.output
    assert "Median rank" in res.output and "Làng Một" in res.output and "First order" in res.output
    res = toy_cli(*_args(support_dir, "--format", "md", "--lang", "vi"))
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("# Phân tích độ bất định và độ nhạy")
    assert "| Làng Một (v1) | 2024 | 88,3 | 1 |" in res.stdout  # numbers in the language's format


def test_bad_options_and_years(toy_cli, support_dir):
    assert toy_cli(*_args(support_dir, "--weight-spread", "1.5")).exit_code == 2
    res = toy_cli(*_args(support_dir, "--year", "1999", "--lang", "en"))
    assert res.exit_code == 1
    assert "no village rows for year 1999" in res.output


def test_name_with_brackets_and_html_in_table_and_markdown(toy_cli, support_dir, odd_name_csv):
    args = ("sensitivity", odd_name_csv, "-f", support_dir / "toy-framework.yaml", "-n", "20", "--no-indices",
            "--lang", "en")
    res = toy_cli(*args)
    assert res.exit_code == 0, res.output
    assert "Làng [cũ] [/x]" in " ".join(res.output.split())
    res = toy_cli(*args, "--format", "md")
    assert res.exit_code == 0, res.output
    assert "| Làng \\[cũ\\] \\[/x\\] &lt;b&gt;\\*một\\*&lt;/b&gt; (v1) | 2024 |" in res.stdout


def test_a_dominant_assumption_is_warned_about_on_every_format(tmp_path):
    from tests.corpus.harness import REPO, run_cli

    data = REPO / "datasets" / "villages" / "villages.csv"
    args = ["sensitivity", data, "--geometric-floor", "0", "--samples", "200", "--sa-samples", "64", "--lang", "en"]
    run = run_cli([*args, "-o", tmp_path / "sa.md"])
    assert run.exit_code == 0, run.output
    assert "of the variation of the ranks comes from the aggregation rule alone" in run.stderr
    assert "of the variation of the ranks comes from the aggregation rule alone" in (tmp_path / "sa.md").read_text(
        encoding="utf-8")
    quiet = run_cli(["sensitivity", data, "--samples", "200", "--sa-samples", "64", "--format", "json"])
    assert quiet.exit_code == 0, quiet.output
    assert "warning:" not in quiet.stderr


def test_villages_by_name(toy_cli, support_dir):
    res = toy_cli(*_args(support_dir, "--village", "Làng Một", "--village", "lang ba", "--no-indices",
                         "--format", "json"))
    assert res.exit_code == 0, res.output
    assert sorted(v["village_id"] for v in json.loads(res.stdout)["villages"]) == ["v1", "v3"]


def test_a_negative_seed_is_a_usage_error_not_a_traceback(toy_cli, support_dir):
    res = toy_cli(*_args(support_dir, "--seed", "-1", "--lang", "en"))
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "'--seed'" in res.output and "-1" in res.output


@pytest.mark.parametrize("option", ["--concentration", "--sigma-measured", "--sigma-reported", "--sigma-estimated",
                                    "--weight-spread", "--geometric-floor", "--threshold-spread"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_nan_and_inf_are_usage_errors_in_the_run_s_language(toy_cli, support_dir, option, value):
    res = toy_cli(*_args(support_dir, option, value))
    assert res.exit_code == 2, res.output
    if value == "nan" or option.startswith(("--sigma", "--concentration")) and value == "inf":
        assert f"{value} không phải một số hữu hạn" in " ".join(res.output.split()), res.output


def test_the_few_samples_warning_names_the_option_of_the_command_line(tmp_path):
    """Audit 2026-12: the command line said '(-n / Settings(samples=N))'; it names its own option only."""
    from tests.corpus.harness import REPO, run_cli

    data = REPO / "datasets" / "villages" / "villages.csv"
    for lang, words in (("en", "only 20 Monte Carlo samples (-n):"), ("vi", "chỉ có 20 mẫu Monte Carlo (-n):")):
        run = run_cli(["sensitivity", data, "--samples", "20", "--sa-samples", "8", "--format", "json", "--lang", lang])
        assert run.exit_code == 0, run.output
        assert words in run.stderr and "Settings(" not in run.stderr
        assert words in " ".join(json.loads(run.stdout)["warnings"])


def test_the_few_samples_warning_says_its_numbers_per_language_and_one_sample_in_the_singular():
    """Audit 13: '(mặc định là 1000)' beside a help saying 1.000; 'only 1 Monte Carlo samples'."""
    from tests.corpus.harness import REPO, run_cli

    data = REPO / "datasets" / "villages" / "villages.csv"
    argv = ["sensitivity", data, "-n", "1", "--seed", "1", "--no-indices", "--format", "json", "--lang"]
    en, vi = run_cli([*argv, "en"]), run_cli([*argv, "vi"])
    assert en.exit_code == vi.exit_code == 0, en.output + vi.output
    assert "only 1 Monte Carlo sample (-n):" in en.stderr and "the default is 1,000)" in en.stderr
    assert "(mặc định là 1.000)" in vi.stderr and "ít nhất 100 mẫu" in vi.stderr
