"""``villagescore explain`` with the toy plugin: formats, languages, errors."""

import json


def _args(support_dir, *extra):
    return ("explain", support_dir / "toy.csv", "-f", support_dir / "toy-framework.yaml", *extra)


def test_json_plan_and_output_file(toy_cli, support_dir, tmp_path):
    out = tmp_path / "e.json"
    res = toy_cli(*_args(support_dir, "--village", "v2", "--format", "json", "-o", out))
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["kind"] == "villagescore-explanation"
    assert data["plan"]["reached"] and data["plan"]["target_tier"] == "mid"
    assert [s["field"] for s in data["plan"]["steps"]] == ["flag", "a"]
    first = out.read_bytes()
    assert toy_cli(*_args(support_dir, "--village", "v2", "--format", "json", "-o", out)).exit_code == 0
    assert out.read_bytes() == first


def test_table_and_markdown(toy_cli, support_dir):
    res = toy_cli(*_args(support_dir, "--village", "v3", "--lang", "en"))
    assert res.exit_code == 0, res.output
    assert "Improvement plan" in res.output and "Improve B" in res.output
    res = toy_cli(*_args(support_dir, "--village", "v2", "--format", "md", "--lang", "vi"))
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("# Giải thích điểm số")
    assert "(flag-required)" in res.stdout and "(toy.a) | A (a): 40 % → 52,5 % |" in res.stdout


def test_errors(toy_cli, support_dir):
    assert toy_cli(*_args(support_dir)).exit_code == 2  # --village is required
    res = toy_cli(*_args(support_dir, "--village", "nope", "--lang", "en"))
    assert res.exit_code == 1 and "no village 'nope'" in res.output
    res = toy_cli(*_args(support_dir, "--village", "làng hai", "--lang", "en", "--year", "2019"))
    assert res.exit_code == 1 and "(v2): no village-year in 2019; the years present: 2024" in res.output


def test_village_by_name(toy_cli, support_dir):
    res = toy_cli(*_args(support_dir, "--village", "LANG MOT", "--format", "json"))
    assert res.exit_code == 0, res.output
    assert '"village_id": "v1"' in res.stdout


def test_name_with_brackets_and_html_in_table_and_markdown(toy_cli, support_dir, odd_name_csv):
    args = ("explain", odd_name_csv, "-f", support_dir / "toy-framework.yaml", "--village", "v1", "--lang", "en")
    res = toy_cli(*args)
    assert res.exit_code == 0, res.output
    assert "Làng [cũ] [/x]" in res.output
    res = toy_cli(*args, "--format", "md")
    assert res.exit_code == 0, res.output
    assert "- Làng \\[cũ\\] \\[/x\\] &lt;b&gt;\\*một\\*&lt;/b&gt; (v1)" in res.stdout
    assert "<b>" not in res.stdout


def test_a_threshold_s_note_in_both_languages_is_read_in_the_language_asked():
    """Walk 15 review: explain --format json --lang vi cited a food village's {vi, en} threshold note in English."""
    from pathlib import Path

    from click.testing import CliRunner

    from villagescore.cli import cli

    data = Path(__file__).resolve().parents[2] / "datasets" / "synthetic" / "national-sample-synthetic.csv"
    res = CliRunner().invoke(cli, ["explain", str(data), "--village", "syn-000001", "--format", "json", "--lang", "vi"])
    assert res.exit_code == 0, res.output
    assert "Đo tại cửa xả" in res.output and "Measured at the process discharge" not in res.output


def test_a_limit_s_own_note_is_read_in_the_language_asked_beside_a_threshold_s_note():
    """Walk 15 review: the wage minimum's limit note ("A minimum, not a maximum…") stayed English in vi: the
    threshold's own note was tried first, did not match, and the limit's was never looked at."""
    from pathlib import Path

    from click.testing import CliRunner

    from villagescore.cli import cli

    data = Path(__file__).resolve().parents[2] / "datasets" / "phung-xa" / "phung-xa.csv"
    res = CliRunner().invoke(cli, ["explain", str(data), "--village", "phung-xa-my-duc", "--format", "json",
                                   "--lang", "vi"])
    assert res.exit_code == 0, res.output
    assert "Đây là mức tối thiểu, không phải mức tối đa" in res.output
    assert "A minimum, not a maximum" not in res.output


def test_a_reference_s_own_column_and_parameter_are_read_in_the_language_asked():
    """Walk 16: a reference's column ("by area type (special/common) and period") and parameter ("NH4+ (as N)")
    were one plain string, English in `explain --format json --lang vi` beside the limits' Vietnamese."""
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from villagescore.cli import cli

    data = Path(__file__).resolve().parents[2] / "datasets" / "phung-xa" / "phung-xa.csv"
    args = ["explain", str(data), "--village", "phung-xa-my-duc", "--format", "json", "--lang"]
    vi, en = (CliRunner().invoke(cli, [*args, lang]) for lang in ("vi", "en"))
    assert vi.exit_code == 0 and en.exit_code == 0, vi.output + en.output
    assert "theo loại khu vực (đặc biệt/thông thường) và khoảng thời gian" in vi.output
    assert "by area type" not in vi.output and "NH4+ (as N)" not in vi.output
    assert "NH4+ (tính theo N)" in vi.output
    assert "by area type (special/common) and period" in en.output and "tính theo N" not in en.output
    json.loads(vi.output)


def test_a_reference_citing_a_limit_by_id_reads_its_own_note_in_the_language_asked(toy_cli, support_dir, tmp_path):
    """Walk 16: a reference that cites a limit by id and has its own {vi, en} note read it in English under
    --lang vi (a result held the English only, and no declaration had it to look up)."""
    text = (support_dir / "toy-framework.yaml").read_text(encoding="utf-8")
    text = text.replace("    valid_from: 2020-01-01\n", "    valid_from: 2020-01-01\n    limits:\n"
                        "      - {id: c, parameter: C, unit: mg/L, confidence: verified, by_field: zone,\n"
                        "         values: {A: {value: 50}, B: {value: 100}}}\n", 1)
    start = text.index("            threshold:\n              regulation: toy-rule")
    end = text.index("      - id: env.alpha")
    text = text[:start] + (
        "            threshold: {regulation: toy-rule, limit: c}\n"
        "            references:\n"
        "              - regulation: toy-rule\n"
        "                limit: c\n"
        "                note: {vi: Đo tại cửa xả của xưởng, en: Measured at the workshop's outfall}\n") + text[end:]
    framework = tmp_path / "toy-cited-by-id.yaml"
    framework.write_text(text, encoding="utf-8")
    notes = {}
    for lang in ("vi", "en"):
        res = toy_cli("explain", support_dir / "toy.csv", "-f", framework, "--village", "v1", "--format", "json",
                      "--lang", lang)
        assert res.exit_code == 0, res.output
        data = json.loads(res.stdout)
        (indicator,) = [x for p in data["pillars"] for c in p["criteria"] for x in c["indicators"]
                        if x["id"] == "toy.c"]
        notes[lang] = {r.get("note") for r in indicator["references"] if r.get("limit") == "c"}
    assert notes == {"vi": {"Đo tại cửa xả của xưởng"}, "en": {"Measured at the workshop's outfall"}}
