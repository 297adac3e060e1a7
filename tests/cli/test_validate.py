"""``villagescore validate``: every problem of every file, exit 1 if any."""

import json

import pytest


def test_valid_files(toy_cli, support_dir, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    res = toy_cli("validate", support_dir / "toy.csv", support_dir / "toy-framework.yaml")
    assert res.exit_code == 0, res.output
    assert res.output.count("OK") == 2


def test_the_first_file_is_read_ahead_when_a_csv_and_its_bytes_taken_or_dropped(toy_cli, support_dir, tmp_path,
                                                                                monkeypatch):
    from villagescore import read_ahead

    started, taken = [], []
    start, take = read_ahead.start, read_ahead.take
    monkeypatch.setattr(read_ahead, "start", lambda path, limit: started.append(path) or start(path, limit))
    monkeypatch.setattr(read_ahead, "take", lambda path, stat: taken.append(take(path, stat)) or taken[-1])
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    from tests.cli.conftest import settled_copy

    data = settled_copy(support_dir / "toy.csv", tmp_path)
    res = toy_cli("validate", data, support_dir / "toy-framework.yaml", data)
    assert res.exit_code == 0, res.output
    assert started == [data]
    assert taken[0] == data.read_bytes() and taken[1:] == [None]  # the second read is a read
    assert read_ahead._pending == {}
    started.clear()
    res = toy_cli("validate", support_dir / "toy-framework.yaml", data)  # a CSV not first: read when its turn comes
    assert res.exit_code == 0, res.output
    assert started == [] and read_ahead._pending == {}


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
    assert res.exit_code == 1 and "đây là tệp kết quả" in " ".join(res.output.split())


def _broken_villages(tmp_path, poor_pct=None):
    """villages.csv with Phú Vinh's craft workers multiplied by 100 (row 4) and Dương Ổ's effluent BOD5 above
    its COD (row 7, the value before its correction), written in ``tmp_path`` (docs/datasets.md shows it)."""
    from tests.datasets.helpers import villages_copy

    def change(rows):
        rows[2]["workers_total"] = str(int(rows[2]["workers_total"]) * 100)
        rows[5]["effluent_bod5_mg_l"] = "162"
        if poor_pct is not None:
            rows[0]["poor_households_pct"] = poor_pct

    return villages_copy(tmp_path, change)


def test_the_warning_is_printed_by_validate_which_still_exits_0(tmp_path):
    from click.testing import CliRunner

    from villagescore.cli import cli

    path = _broken_villages(tmp_path)
    res = CliRunner().invoke(cli, ["validate", str(path)], env={"VILLAGESCORE_LANG": "en"})
    assert res.exit_code == 0, res.output
    assert "OK      " in res.output and "plausibility warnings: 2" in res.output
    assert "row 4 (phu-vinh-chuong-my): plausibility warning: More than 6 craft workers" in res.output
    res = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"], env={"VILLAGESCORE_LANG": "vi"})
    assert res.exit_code == 0, res.output
    (report,) = json.loads(res.stdout)
    assert report["valid"] is True and report["problems"] == []
    mine = [w for w in report["warnings"] if w["check"] == "society.workers_per_craft_household_max"]
    assert mine == [{
        "where": "row 4", "village_id": "phu-vinh-chuong-my", "check": "society.workers_per_craft_household_max",
        "severity": "warning", "columns": ["workers_total", "households_craft"],
        "values": {"workers_total": 600000, "households_craft": 2150}, "limit": 12900,
        "rule": mine[0]["rule"], "message": "Hơn 6 lao động nghề trên mỗi hộ làm nghề: quá cao đối với sản xuất hộ "
                                            "gia đình", "advice": mine[0]["advice"], "source": mine[0]["source"]}]
    assert mine[0]["rule"].startswith("Tổng số lao động làng nghề (workers_total) thường không vượt quá 6 ×")
    assert mine[0]["source"].startswith("[E]")


def test_an_invalid_file_lists_its_plausibility_warnings_too(tmp_path):
    from click.testing import CliRunner

    from villagescore.cli import cli

    res = CliRunner().invoke(cli, ["validate", str(_broken_villages(tmp_path, poor_pct="250"))],
                             env={"VILLAGESCORE_LANG": "en"})
    assert res.exit_code == 1
    assert "INVALID" in res.output and "1 problem(s), plausibility warnings: 2" in res.output
    assert "plausibility warning: More than 6" in res.output



@pytest.mark.parametrize(("lang", "message", "allowed"), [("vi", "ngoài khoảng cho phép", "từ 0 đến 100 %"),
                                                          ("en", "out of range", "0 to 100 %")])
def test_json_says_a_problem_in_the_run_s_language_as_its_warnings(tmp_path, lang, message, allowed):
    """Audit 12 #3a: `validate --format json --lang vi` gave problems in English beside Vietnamese warnings."""
    from click.testing import CliRunner

    from villagescore.cli import cli

    path = _broken_villages(tmp_path, poor_pct="250")
    res = CliRunner().invoke(cli, ["validate", str(path), "--format", "json", "--lang", lang])
    assert res.exit_code == 1
    (problem,) = json.loads(res.stdout)[0]["problems"]
    assert problem == {"file": str(path), "where": "row 2", "column": "poor_households_pct",
                       "village_id": problem["village_id"], "value": "250", "rule": "range", "message": message,
                       "allowed": allowed}

def test_text_shows_the_first_warnings_of_each_check_and_counts_the_rest(tmp_path, monkeypatch):
    """A national file may break one check on most rows: text lists a few, JSON keeps every one."""
    from click.testing import CliRunner

    import villagescore.cli.validate as validate_command
    from tests.datasets.helpers import villages_copy
    from villagescore.cli import cli

    def change(rows):
        for row in rows[:3]:
            row["workers_total"] = str(int(row["workers_total"]) * 100)

    path = villages_copy(tmp_path, change)
    monkeypatch.setattr(validate_command, "SHOWN_PER_CHECK", 1)
    res = CliRunner().invoke(cli, ["validate", str(path)], env={"VILLAGESCORE_LANG": "en"})
    assert res.exit_code == 0, res.output
    assert res.output.count("More than 6 craft workers") == 1
    assert "… 2 more rows break society.workers_per_craft_household_max; --format json lists every warning" in (
        res.output)
    res = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"], env={"VILLAGESCORE_LANG": "en"})
    (report,) = json.loads(res.stdout)
    assert len([w for w in report["warnings"] if w["check"] == "society.workers_per_craft_household_max"]) == 3


def test_a_file_s_error_is_a_problem_said_in_the_run_s_language():
    from villagescore.cli.validate import _in_each_language
    from villagescore.errors import EnvironmentVariableError, Problem, said
    from villagescore.i18n import N_

    exc = said(EnvironmentVariableError, N_("use vi or en"))
    found = Problem("f.yaml", "", _in_each_language(exc))
    assert found.format("vi") == "f.yaml: dùng vi hoặc en" and found.format("en") == "f.yaml: use vi or en"


def test_a_malformed_json_dataset_is_reported_as_a_dataset_not_a_framework(toy_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    docs = {"rows.json": json.dumps({"a": {"village_id": "a"}}),
            "lines.json": '{"village_id": "a"}\n{"village_id": "b"}\n',  # JSON Lines
            "text.json": json.dumps("hello"), "villages.json": json.dumps({"villages": {"a": {"village_id": "a"}}})}
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    res = toy_cli("validate", *(tmp_path / n for n in docs), "--format", "json")
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    assert [r["kind"] for r in report] == ["dataset"] * 4, report
    assert "required property" not in res.stdout


def test_an_invalid_framework_is_followed_by_the_note_naming_the_variable_that_kept_plugins_out(
        toy_cli, tmp_path, monkeypatch):
    """As evaluate does (docs/plugins/loading.md): the unknown indicator may be a disabled plugin's."""
    from importlib.metadata import entry_points

    installed = sorted(ep.name for ep in entry_points(group="villagescore"))
    if not installed:
        pytest.skip("no installed plugin to disable")
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", installed[0])
    (tmp_path / "fw.json").write_text(json.dumps({"id": "x", "version": "1.0.0"}), encoding="utf-8")
    res = toy_cli("validate", tmp_path / "fw.json")
    assert res.exit_code == 1
    assert res.output.splitlines()[-1] == (f"note: VILLAGESCORE_DISABLE_PLUGINS='{installed[0]}' is set, so plugins "
                                           f"{installed[0]} were not loaded")


def test_a_json_framework_or_overlay_is_still_a_framework(toy_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    (tmp_path / "fw.json").write_text(json.dumps({"id": "x", "version": "1.0.0"}), encoding="utf-8")
    (tmp_path / "overlay.json").write_text(json.dumps({"extends": {"framework": "toy"}}), encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"id": "x", "pillars": [,]}', encoding="utf-8")
    res = toy_cli("validate", tmp_path / "fw.json", tmp_path / "overlay.json", tmp_path / "broken.json",
                  "--format", "json")
    assert [r["kind"] for r in json.loads(res.stdout)] == ["framework"] * 3


def _doc_catalogue() -> str:
    """The YAML example of ``docs/catalogues.md`` (the first block that declares a catalogue)."""
    import re
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "catalogues.md").read_text(encoding="utf-8")
    return next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if b.startswith("catalogue:"))


def test_a_catalogue_is_checked_as_a_catalogue_not_as_a_framework(toy_cli, tmp_path, monkeypatch):
    """The audit's repro: the catalogue of docs/catalogues.md was INVALID … (framework): 'pillars' is required."""
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    (tmp_path / "catalogue.yaml").write_text(_doc_catalogue(), encoding="utf-8")
    res = toy_cli("validate", tmp_path / "catalogue.yaml")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines() == [
        f"OK      {tmp_path / 'catalogue.yaml'} (catalogue)",
        "  note: indicators non_la.sulphur_free_share name compute functions, so a plugin package must load this "
        "catalogue: --catalogue (a file without code) cannot"]
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    assert "(danh mục)" in toy_cli("validate", tmp_path / "catalogue.yaml").output


def test_a_catalogue_indicator_requiring_a_field_nothing_declares_is_a_warning_an_error_when_strict(
        toy_cli, toy_registry, tmp_path, monkeypatch):
    """The audit's repro: the example of docs/catalogues.md required a field it never declared; validate said OK."""
    import yaml

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    doc = yaml.safe_load(_doc_catalogue())
    doc["fields"] = [f for f in doc["fields"] if f["id"] != "non_la_sulphur_free_households"]
    (tmp_path / "catalogue.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    res = toy_cli("validate", tmp_path / "catalogue.yaml")
    assert res.exit_code == 0, res.output
    warning = ("$.indicators[0].requires[1]: indicator 'non_la.sulphur_free_share' requires unknown field "
               "'non_la_sulphur_free_households' (did you mean 'non_la_households'?): neither this catalogue nor an "
               "installed plugin declares it, so the indicator could never be scored")
    assert res.output.splitlines()[1] == f"  warning: {tmp_path / 'catalogue.yaml'}: {warning}"
    monkeypatch.setattr(toy_registry, "strict", True)
    res = toy_cli("validate", tmp_path / "catalogue.yaml")
    assert res.exit_code == 1 and "INVALID" in res.output and warning in res.output


def test_a_catalogue_measure_improving_an_indicator_nothing_declares_is_an_error_as_loading_says(
        toy_cli, toy_registry, tmp_path, monkeypatch):
    """Review 7 #1: a typo in ``improves`` was a warning of validate, then stopped every command loading the file."""
    import yaml

    from villagescore.errors import PluginError

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    doc = _bronze()
    doc["measures"] = [{"id": "bronze_casting.bag_filter", "label": {"vi": "Lọc bụi túi vải", "en": "Bag filter"},
                        "sectors": ["bronze_casting"], "improves": ["bronze_casting.furnace_dust_contrl"]}]
    (tmp_path / "catalogue.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    res = toy_cli("validate", tmp_path / "catalogue.yaml")
    assert res.exit_code == 1 and "INVALID" in res.output, res.output
    error = (f"$.measures[0]: plugin 'bronze_casting': measure '{doc['measures'][0]['id']}' improves unknown "
             "indicator 'bronze_casting.furnace_dust_contrl' (did you mean 'bronze_casting.furnace_dust_control'?)")
    assert res.output.splitlines()[1].startswith(f"  {tmp_path / 'catalogue.yaml'}: {error}")
    with pytest.raises(PluginError, match="improves unknown indicator 'bronze_casting.furnace_dust_contrl'"):
        _loaded_beside_toy(tmp_path / "catalogue.yaml")


def test_a_catalogue_a_plugin_package_loads_is_warned_of_its_links_as_that_package_would_be(
        toy_cli, toy_registry, tmp_path, monkeypatch):
    """A catalogue naming compute functions loads through its package: outside strict mode, a warning."""
    import yaml

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    doc = yaml.safe_load(_doc_catalogue())
    doc["measures"][0]["improves"] = ["non_la.sulphur_free_shar"]
    (tmp_path / "catalogue.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    res = toy_cli("validate", tmp_path / "catalogue.yaml")
    assert res.exit_code == 0, res.output
    warning = (f"$.measures[0]: plugin '{doc['catalogue']}': measure 'non_la.steam_bleaching' improves unknown "
               "indicator 'non_la.sulphur_free_shar' (did you mean 'non_la.sulphur_free_share'?)")
    assert res.output.splitlines()[1].startswith(f"  warning: {tmp_path / 'catalogue.yaml'}: {warning}")
    monkeypatch.setattr(toy_registry, "strict", True)
    res = toy_cli("validate", tmp_path / "catalogue.yaml")
    assert res.exit_code == 1 and "INVALID" in res.output and warning in res.output


def test_a_catalogue_regulation_replacing_a_version_nothing_declares_is_an_error_as_loading_says(
        toy_cli, tmp_path, monkeypatch):
    """Review 7 #1: ``replaces: [a version nothing declares]``: validate said VALID, every command then failed."""
    import yaml

    from villagescore.errors import PluginError

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    doc = _bronze()
    doc["regulations"] = [{"id": "non-la-rule-2025", "document": "Example rule 2025",
                           "title": {"vi": "Quy định mẫu 2025", "en": "Example rule 2025"}, "confidence": "estimate",
                           "valid_from": "2025-01-01", "replaces": ["non-la-rule-2020"]}]
    (tmp_path / "catalogue.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    res = toy_cli("validate", tmp_path / "catalogue.yaml")
    assert res.exit_code == 1 and "INVALID" in res.output, res.output
    error = ("$.regulations[0]: plugin 'bronze_casting': regulation 'non-la-rule-2025' refers to unknown "
             "regulation 'non-la-rule-2020' in replaces: declare that version, or correct the id")
    assert res.output.splitlines()[1] == f"  {tmp_path / 'catalogue.yaml'}: {error}"
    assert "left out" not in res.output
    with pytest.raises(PluginError, match=error.split(": ", 1)[1]):
        _loaded_beside_toy(tmp_path / "catalogue.yaml")


def _bronze() -> dict:
    """The bronze-casting example catalogue: a catalogue file, loaded without code."""
    from pathlib import Path

    import yaml

    path = Path(__file__).parents[2] / "docs" / "examples" / "catalogues" / "bronze-casting.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _loaded_beside_toy(path):
    """Load the catalogue file ``path`` as ``--catalogue`` does, beside the toy plugin."""
    from tests.support import toy_plugin
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin),), catalogues=[path])
    return Registry.from_plugin_manager(pm, strict=False)


def test_a_catalogue_declaring_an_id_an_installed_plugin_registers_is_invalid_even_without_strict(
        toy_cli, toy_registry, tmp_path, monkeypatch):
    """The audit's repro: a catalogue re-declaring an installed id was OK, then failed when loaded with --catalogue."""
    import yaml

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    doc = yaml.safe_load(_doc_catalogue())
    doc["fields"][0]["id"] = "total"  # the toy plugin's field
    doc["indicators"][0]["requires"] = ["total" if f == "non_la_households" else f
                                        for f in doc["indicators"][0]["requires"]]
    for field in doc["fields"]:
        if field.get("not_greater_than") == "non_la_households":
            field["not_greater_than"] = "total"
    (tmp_path / "catalogue.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    res = toy_cli("validate", tmp_path / "catalogue.yaml")
    assert res.exit_code == 1, res.output
    assert res.output.splitlines()[1] == (
        f"  {tmp_path / 'catalogue.yaml'}: $.fields[0].id: field id 'total' is already registered by plugin 'toy': "
        "loaded with it, this catalogue would be refused; give it an id of its own (prefix it with your sector)")


def test_a_catalogue_s_problems_are_its_schema_s_then_its_builder_s(toy_cli, tmp_path, monkeypatch):
    import yaml

    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    doc = yaml.safe_load(_doc_catalogue())
    schema = dict(doc, fields=[dict(doc["fields"][0], type="number_ish")])
    built = dict(doc, measures=[{"id": "stray", "label": {"vi": "a", "en": "a"}, "sectors": ["nobody"],
                                 "improves": ["non_la.sulphur_free_share"]}])
    (tmp_path / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / "built.yaml").write_text(yaml.safe_dump(built, allow_unicode=True), encoding="utf-8")
    res = toy_cli("validate", tmp_path / "schema.json", tmp_path / "built.yaml", "--format", "json")
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    assert [r["kind"] for r in report] == ["catalogue", "catalogue"]
    assert report[0]["problems"][0]["where"] == "$.fields[0].type"
    assert any("measure 'stray' names no sector of this catalogue" in p["message"] for p in report[1]["problems"])
    assert "pillars" not in res.stdout


def _ocop_variants(tmp_path):
    """The OCOP example's data as shipped, with a field's value out of its range, and with a misspelt field column."""
    from tests.conftest import REPO

    shipped = REPO / "docs/examples/frameworks/ocop-products.csv"
    text = shipped.read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    out_of_range = tmp_path / "out-of-range.csv"
    out_of_range.write_text("\n".join([header, first.replace(",2025,9,", ",2025,12,", 1), rest]), encoding="utf-8")
    misspelt = tmp_path / "misspelt.csv"
    misspelt.write_text(text.replace("ocop_b1_packaging_points", "ocop_b1_packagng_points", 1), encoding="utf-8")
    return {shipped: True, out_of_range: False, misspelt: False}


def test_validate_and_evaluate_accept_and_reject_the_same_files_for_a_framework_declaring_fields(tmp_path):
    """OCOP declares its fields and scores no sector: validate -f reads its data as evaluate -f does."""
    from click.testing import CliRunner

    from tests.conftest import REPO
    from villagescore.cli import cli

    framework = str(REPO / "docs/examples/frameworks/ocop.yaml")
    for path, valid in _ocop_variants(tmp_path).items():
        checked = CliRunner().invoke(cli, ["validate", str(path), "-f", framework], env={"VILLAGESCORE_LANG": "vi"})
        scored = CliRunner().invoke(cli, ["evaluate", str(path), "-f", framework, "--format", "json"],
                                    env={"VILLAGESCORE_LANG": "vi"})
        assert (checked.exit_code == 0, scored.exit_code == 0) == (valid, valid), (path, checked.output)
        assert "sectors" not in checked.output  # OCOP scores no sector: the column is not needed
        if path.name == "misspelt.csv":
            assert "có phải là 'ocop_b1_packaging_points'?" in checked.output


@pytest.mark.parametrize(("lang", "hint"), [
    ("en", "prefix it with 'x_' to keep it unscored, or give -f F if your framework declares this field"),
    ("vi", "thêm tiền tố 'x_' để giữ cột mà không chấm điểm, hoặc dùng -f F nếu bộ tiêu chí của bạn khai báo "
           "trường này"),
])
def test_without_f_an_unknown_column_may_be_a_field_of_a_framework_file(tmp_path, lang, hint):
    """Review 2026-12 #7: the OCOP data without -f advised only the 'x_' prefix, which leaves the column unscored."""
    from click.testing import CliRunner

    from tests.conftest import REPO
    from villagescore.cli import cli

    data = str(REPO / "docs/examples/frameworks/ocop-products.csv")
    alone = CliRunner().invoke(cli, ["validate", data], env={"VILLAGESCORE_LANG": lang})
    assert alone.exit_code == 1 and hint in alone.output
    # with -f the framework's fields are known: a column still unknown is not one of them
    misspelt = next(path for path in _ocop_variants(tmp_path) if path.name == "misspelt.csv")
    framework = str(REPO / "docs/examples/frameworks/ocop.yaml")
    chosen = CliRunner().invoke(cli, ["validate", str(misspelt), "-f", framework], env={"VILLAGESCORE_LANG": lang})
    assert chosen.exit_code == 1 and hint.split(", ")[0] in chosen.output and hint not in chosen.output


@pytest.mark.parametrize(("name", "warned"), [("toy.csv", True), ("toy-synthetic.csv", False)])
def test_synthetic_data_whose_file_name_does_not_say_so_is_warned_of_not_refused(toy_cli, support_dir, tmp_path,
                                                                                monkeypatch, name, warned):
    """Audit 13 (B) #2: ``generate.py -o mydata.csv`` gave synthetic data a name that passed for real data."""
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    data = tmp_path / name
    data.write_bytes((support_dir / "toy.csv").read_bytes())
    meta = {"dataset": {"id": "toy-synthetic", "title": {"vi": "Giả lập", "en": "Synthetic"}, "kind": "synthetic"},
            "columns": {}}
    data.with_name(data.stem + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    res = toy_cli("validate", data, support_dir / "toy-framework.yaml")
    assert res.exit_code == 0, res.output
    said = "its metadata says the data is synthetic but its file name does not" in res.output
    assert said is warned, res.output
    if warned:
        assert "toy-synthetic.csv" in " ".join(res.output.split()), res.output


def test_a_catalogue_whose_sector_cannot_join_the_framework_is_invalid(tmp_path):
    """Audit (thirteenth walk): a criterion of another sector, or a misspelt one, passed ``validate`` (exit 0)."""
    from click.testing import CliRunner

    from tests.conftest import REPO
    from villagescore.cli import cli

    text = (REPO / "docs" / "examples" / "catalogues" / "bronze-casting.yaml").read_text(encoding="utf-8")
    path = tmp_path / "bronze.yaml"
    path.write_text(text.replace("criterion: bronze_casting_economy", "criterion: bronze_casting_econmy"),
                    encoding="utf-8")
    res = CliRunner().invoke(cli, ["validate", "--lang", "en", str(path)])
    assert res.exit_code == 1, res.output
    assert f"INVALID {path} (catalogue): 1 problem(s)" in res.output
    assert f"{path}: $.indicators[2].criterion: criterion 'bronze_casting_econmy' is not declared" in res.output


def test_a_catalogue_s_link_slip_is_placed_in_the_file_with_the_real_plugins(tmp_path):
    """Review 9 #2: with the installed plugins, the join checks' loading stopped first and said it as a file problem."""
    import yaml
    from click.testing import CliRunner

    from villagescore.cli import cli

    doc = {"catalogue": "bronze9", "version": "0.1.0",
           "regulations": [{"id": "bronze9-rule-2025", "document": "Rule 2025", "title": {"vi": "Quy", "en": "Rule"},
                            "confidence": "estimate", "replaces": ["bronze9-rule-2020"]}],
           "sectors": [{"id": "bronze9", "label": {"vi": "Đồng", "en": "Bronze"}}]}
    path = tmp_path / "bronze9.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    res = CliRunner().invoke(cli, ["validate", str(path)], env={"VILLAGESCORE_LANG": "en"})
    assert res.exit_code == 1, res.output
    assert "(catalogue)" in res.output and "$.regulations[0]" in res.output and "bronze9-rule-2020" in res.output


def test_a_weight_that_looks_like_a_slip_is_a_warning_and_the_file_stays_valid(toy_cli, support_dir, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    (tmp_path / "toy-framework.yaml").write_bytes((support_dir / "toy-framework.yaml").read_bytes())
    (tmp_path / "v.yaml").write_text("id: v\nversion: '1.0'\ntitle: {vi: V, en: V}\n"
                                     "extends: {framework: toy-framework.yaml}\n"
                                     "change: {pillars: {env: {weight: 0}}}\n", encoding="utf-8")
    res = toy_cli("validate", tmp_path / "v.yaml")
    assert res.exit_code == 0, res.output
    assert "warning: " in res.output and "pillar 'env' weighs 0" in res.output
    res = toy_cli("validate", tmp_path / "v.yaml", "--format", "json")
    [entry] = json.loads(res.stdout)
    assert entry["valid"] and [w["kind"] for w in entry["warnings"]] == ["weights"]
    quiet = json.loads(toy_cli("validate", tmp_path / "toy-framework.yaml", "--format", "json").stdout)
    assert "warnings" not in quiet[0]


def test_json_names_the_file_of_each_problem_a_base_overlay_s_for_a_value_it_set(toy_cli, support_dir, tmp_path,
                                                                                 monkeypatch):
    """Fifteenth walk: b.yaml extending a.yaml that sets `weight: "8O"` said it under b.yaml, at the resolved path."""
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    (tmp_path / "toy-framework.yaml").write_bytes((support_dir / "toy-framework.yaml").read_bytes())
    head = "version: '0.1'\ntitle: {vi: V, en: V}\n"
    (tmp_path / "a.yaml").write_text(f"id: a\n{head}extends: {{framework: toy-framework.yaml}}\n"
                                     "change: {criteria: {env.alpha: {weight: '8O'}}}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(f"id: b\n{head}extends: {{framework: a.yaml}}\n", encoding="utf-8")
    res = toy_cli("validate", "--format", "json", tmp_path / "b.yaml")
    [entry] = json.loads(res.stdout)
    assert entry["file"] == str(tmp_path / "b.yaml") and [(p["file"], p["where"]) for p in entry["problems"]] == [
        (str(tmp_path / "a.yaml"), "$.change.criteria.env.alpha.weight ($.pillars[0].criteria[1].weight)")]
    text = toy_cli("validate", tmp_path / "b.yaml")
    assert f"  {tmp_path / 'a.yaml'}: $.change.criteria.env.alpha.weight (" in text.stdout


def test_an_ods_workbook_is_a_dataset_told_to_be_saved_as_xlsx_and_an_unknown_file_is_said_in_vietnamese(
        toy_cli, tmp_path):
    """Audit 16 I#2: an .ods was of kind '(unknown)', its 'allowed' in English under --lang vi."""
    (tmp_path / "survey.ods").write_bytes(b"PK\x03\x04")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    res = toy_cli("validate", tmp_path / "survey.ods", tmp_path / "notes.txt", "--lang", "vi")
    assert res.exit_code == 1
    assert "survey.ods (bộ dữ liệu): 1 lỗi" in res.output and "sổ tính .ods không đọc được" in res.output
    assert "notes.txt (không rõ loại): 1 lỗi" in res.output
    assert "(cho phép: bộ tiêu chí hoặc danh mục .yaml/.yml/.json, bộ dữ liệu .csv, .json, .xlsx" in res.output
