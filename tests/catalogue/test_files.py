"""Catalogue files loaded as plugins without code: a sector joins the frameworks as an installed one does."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from villagescore import api
from villagescore.catalogue.files import DIGEST_SHOWN, HOOKS, CatalogueFile
from villagescore.cli import main
from villagescore.errors import CatalogueError, EnvironmentVariableError, PluginError
from villagescore.plugins import get_plugin_manager, plugin_infos
from villagescore.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
#: The documented example (docs/catalogues.md, "A sector without code").
BRONZE = ROOT / "docs" / "examples" / "catalogues" / "bronze-casting.yaml"
SAMPLE = ROOT / "datasets" / "synthetic" / "national-sample-synthetic.csv"


def _bronze_villages(tmp_path: Path) -> Path:
    """Three villages of the national sample: two cast bronze (one also makes wood), one makes wood only."""
    rows = pd.read_csv(SAMPLE).head(3).copy()
    rows["village_id"] = ["bz-1", "bz-2", "bz-3"]
    rows["sectors"] = ["bronze_casting", "bronze_casting;wood", "wood"]
    rows["bronze_furnace_dust_control_pct"] = [40, 90, None]
    rows["bronze_slag_collected_pct"] = [60, 10, None]
    rows["bronze_recycled_copper_pct"] = [70, 30, None]
    path = tmp_path / "bronze.csv"
    rows.to_csv(path, index=False)
    return path


def _with_compute(tmp_path: Path) -> Path:
    text = BRONZE.read_text(encoding="utf-8").replace(
        "    requires: [bronze_recycled_copper_pct]\n",
        "    requires: [bronze_recycled_copper_pct]\n    compute: recycled_share\n")
    path = tmp_path / "computed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_catalogue_file_is_a_plugin_named_by_its_id_and_versioned_by_its_bytes():
    plugin = CatalogueFile(BRONZE)
    digest = hashlib.sha256(BRONZE.read_bytes()).hexdigest()
    assert plugin.name == "bronze_casting"
    assert plugin.__version__ == f"0.1.1 sha256:{digest[:DIGEST_SHOWN]}"
    # only the hooks the file fills: it declares no regulations and no checks
    assert [hook for hook, _kind in HOOKS if hasattr(plugin, hook)] == [
        "register_fields", "register_indicators", "register_sectors"]
    assert [f.id for f in plugin.register_fields()] == [
        "bronze_furnace_dust_control_pct", "bronze_slag_collected_pct", "bronze_recycled_copper_pct"]


def test_a_catalogue_file_cannot_name_a_compute_function(tmp_path):
    with pytest.raises(CatalogueError) as info:
        CatalogueFile(_with_compute(tmp_path))
    assert [p.where for p in info.value.problems] == ["$.indicators[2].compute"]
    assert "needs a plugin" in str(info.value)


def test_the_registry_holds_the_file_s_sector_fields_indicators_and_version():
    reg = Registry.default(catalogues=[BRONZE])
    assert "bronze_casting" in reg.sectors
    assert {"bronze_casting.furnace_dust_control", "bronze_casting.slag_collected",
            "bronze_casting.recycled_copper"} <= set(reg.indicators)
    assert reg.indicators["bronze_casting.recycled_copper"].plugin == "bronze_casting"
    assert reg.plugin_versions["bronze_casting"].startswith("0.1.1 sha256:")
    info = {i.name: i for i in plugin_infos(reg.pm)}["bronze_casting"]
    assert (info.module, info.distribution) == (str(BRONZE), "")


def test_the_environment_variable_names_files_in_path_order_each_loaded_once(monkeypatch, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(BRONZE.read_text(encoding="utf-8").replace("catalogue: bronze_casting", "catalogue: other"),
                     encoding="utf-8")
    monkeypatch.setenv("VILLAGESCORE_CATALOGUES", os.pathsep.join([str(BRONZE), "", str(other)]))
    pm = get_plugin_manager(catalogues=[BRONZE])  # named again: loaded once
    names = [i.name for i in plugin_infos(pm)]
    assert {"bronze_casting", "other"} <= set(names)


def test_the_environment_variable_refuses_a_path_that_is_no_file(monkeypatch, tmp_path):
    monkeypatch.setenv("VILLAGESCORE_CATALOGUES", str(tmp_path / "missing.yaml"))
    with pytest.raises(EnvironmentVariableError) as info:
        get_plugin_manager()
    assert "VILLAGESCORE_CATALOGUES" in str(info.value) and "missing.yaml" in str(info.value)


def test_an_id_taken_by_an_installed_plugin_is_an_error_unless_that_plugin_is_disabled(monkeypatch, tmp_path):
    clash = tmp_path / "clash.yaml"
    clash.write_text(BRONZE.read_text(encoding="utf-8").replace("catalogue: bronze_casting", "catalogue: wood"),
                     encoding="utf-8")
    with pytest.raises(PluginError) as info:
        get_plugin_manager(catalogues=[clash])
    assert "'wood'" in str(info.value) and "catalogue" in str(info.value)
    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", "wood")  # the file takes the disabled plugin's place
    infos = {i.name: i for i in plugin_infos(get_plugin_manager(catalogues=[clash]))}
    assert infos["wood"].module == str(clash)


def test_a_village_of_the_file_s_sector_is_scored_by_its_criteria_in_the_national_framework(tmp_path):
    result = api.evaluate(_bronze_villages(tmp_path), registry=Registry.default(catalogues=[BRONZE]))
    criteria = [c.id for c in result.framework.criteria]
    assert {"bronze_casting_environment", "bronze_casting_economy"} <= set(criteria)
    scores = result.matrix.scores
    j = [n.id for n in result.framework.indicators].index("bronze_casting.recycled_copper")
    # linear from 20 (0 points) to 90 (100 points): 70 % recycled is 71.43, 30 % is 14.29; the wood village has none
    assert scores[:2, j].round(2).tolist() == [71.43, 14.29]
    assert not result.matrix.applicable[2, j]


def test_the_command_line_loads_a_catalogue_and_records_its_version(capsys, tmp_path):
    out = tmp_path / "result.json"
    with pytest.raises(SystemExit) as info:
        main(["--catalogue", str(BRONZE), "evaluate", str(_bronze_villages(tmp_path)), "--format", "json",
              "-o", str(out)])
    assert info.value.code == 0, capsys.readouterr().err
    doc = json.loads(out.read_text(encoding="utf-8"))
    plugins = {p["name"]: p["version"] for p in doc["provenance"]["plugins"]}
    assert plugins["bronze_casting"] == CatalogueFile(BRONZE).__version__


@pytest.mark.parametrize(("fmt", "written"), [("json", "result.json"), ("csv", "result.provenance.json"),
                                             ("md", "result.md"), ("html", "result.html")])
def test_two_runs_with_other_catalogue_files_record_provenance_that_tells_them_apart(capsys, tmp_path, fmt, written):
    """Fifteenth walk (g2 #1): the same framework scored with two catalogue files must say which one scored."""
    other = tmp_path / "bronze-b.yaml"  # the same id and version, another scoring level
    other.write_text(BRONZE.read_text(encoding="utf-8").replace("worst: 20, best: 90", "worst: 30, best: 90"),
                     encoding="utf-8")
    assert other.read_bytes() != BRONZE.read_bytes()
    said = {}
    for catalogue in (BRONZE, other):
        out = tmp_path / catalogue.stem
        out.mkdir()
        with pytest.raises(SystemExit) as info:
            main(["--catalogue", str(catalogue), "evaluate", str(_bronze_villages(tmp_path)), "--format", fmt,
                  "-o", str(out / f"result.{fmt}")])
        assert info.value.code == 0, capsys.readouterr().err
        said[catalogue] = (out / written).read_text(encoding="utf-8-sig")
    for mine, theirs in ((BRONZE, other), (other, BRONZE)):
        digest = hashlib.sha256(mine.read_bytes()).hexdigest()[:12]
        assert f"{mine.name} {digest}" in said[mine] or f'"{mine.name}"' in said[mine]
        assert digest in said[mine] and hashlib.sha256(theirs.read_bytes()).hexdigest()[:12] not in said[mine]


def test_the_command_line_says_every_problem_of_a_bad_catalogue_without_a_traceback(capsys, tmp_path):
    with pytest.raises(SystemExit) as info:
        main(["--catalogue", str(_with_compute(tmp_path)), "--help"])
    assert info.value.code == 0  # help needs no plugin
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main(["--catalogue", str(_with_compute(tmp_path)), "plugins", "--lang", "en"])
    err = capsys.readouterr().err
    assert info.value.code == 1
    assert "computed.yaml: $.indicators[2].compute" in err and "Traceback" not in err


def test_without_the_file_its_sector_is_unknown(capsys, tmp_path):
    with pytest.raises(SystemExit) as info:
        main(["evaluate", str(_bronze_villages(tmp_path)), "--lang", "en"])
    assert info.value.code == 1
    assert "unknown sector" in capsys.readouterr().err


def _edited(tmp_path: Path, name: str, *changes: tuple[str, str]) -> Path:
    text = BRONZE.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_id_declared_twice_in_a_file_is_a_problem_of_the_file(tmp_path):
    twice = _edited(tmp_path, "twice.yaml",
                    ("  - id: bronze_slag_collected_pct\n", "  - id: bronze_furnace_dust_control_pct\n"))
    with pytest.raises(CatalogueError) as info:
        CatalogueFile(twice)
    assert "$.fields[1].id" in [p.where for p in info.value.problems]


def test_an_indicator_requiring_a_field_no_plugin_registers_stops_the_file(tmp_path):
    typo = _edited(tmp_path, "typo.yaml",
                   ("requires: [bronze_recycled_copper_pct]", "requires: [bronze_recycled_coper_pct]"))
    with pytest.raises(PluginError, match="requires unknown field 'bronze_recycled_coper_pct' .*did you mean "
                                          "'bronze_recycled_copper_pct'"):
        Registry.default(catalogues=[typo])


@pytest.mark.parametrize(("change", "said"), [
    (("pillar: economy\n    criterion: bronze_casting_economy",
      "pillar: culture\n    criterion: bronze_casting_economy"),
     "join no pillar of framework 'vn-ttcn-sustainable'"),
    (("scorer: {method: linear, params: {worst: 20, best: 90}}", "scorer: {method: linearr, params: {}}"),
     "Fix the catalogue file {slip}."),
])
def test_a_sector_of_a_file_that_cannot_join_the_framework_is_an_error_not_a_warning(tmp_path, change, said):
    slip = _edited(tmp_path, "slip.yaml", change)
    with pytest.raises(PluginError) as info:
        api.evaluate(_bronze_villages(tmp_path), registry=Registry.default(catalogues=[slip]))
    assert "plugin 'bronze_casting'" in str(info.value) and said.format(slip=slip) in str(info.value)


def test_two_files_with_one_id_are_an_error_naming_both(tmp_path, monkeypatch):
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(BRONZE.read_bytes())
    monkeypatch.setenv("VILLAGESCORE_CATALOGUES", str(copy))
    with pytest.raises(PluginError) as info:
        get_plugin_manager(catalogues=[BRONZE])
    assert str(copy) in str(info.value) and str(BRONZE) in str(info.value)


def test_an_isolated_manager_takes_only_the_files_given_and_a_single_path_is_one_file(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_CATALOGUES", str(BRONZE))
    assert "bronze_casting" not in [i.name for i in plugin_infos(get_plugin_manager(entrypoints=False))]
    monkeypatch.delenv("VILLAGESCORE_CATALOGUES")
    assert "bronze_casting" in [i.name for i in plugin_infos(get_plugin_manager(entrypoints=False,
                                                                               catalogues=str(BRONZE)))]


def test_a_plugin_s_own_command_sees_the_run_s_catalogue_files(capsys, monkeypatch):
    """Click looks a plugin command up before the group runs: the files must be known by then."""
    import click

    from villagescore import hookimpl
    from villagescore import plugins as plugins_module
    from villagescore.cli import cli as group

    class Commands:
        @hookimpl
        def register_commands(self, cli):
            @cli.command("list-sectors")
            @click.pass_obj
            def list_sectors(app):
                click.echo(",".join(sorted(app.registry.sectors)))

    real = plugins_module.get_plugin_manager
    monkeypatch.setattr(plugins_module, "get_plugin_manager", lambda **kw: real(
        entrypoints=False, plugins=(("cmds", Commands()),), catalogues=kw.get("catalogues", ())))
    monkeypatch.setattr(group, "_plugin_commands_loaded", False)
    monkeypatch.setattr(group, "commands", dict(group.commands))
    with pytest.raises(SystemExit) as info:
        main(["--catalogue", str(BRONZE), "list-sectors"])
    out, err = capsys.readouterr()
    assert info.value.code == 0, err
    assert "bronze_casting" in out.strip().split(",")


def test_compare_says_a_catalogue_changed_the_scores_only_where_its_sector_is_practised(tmp_path):
    """Reviewed 2026-12-07: results of villages without the catalogue's sector were said not to be like for like."""
    import warnings

    from villagescore.compare import compare, table_from_result

    bronze = _bronze_villages(tmp_path)
    plain = tmp_path / "plain.csv"
    rows = pd.read_csv(bronze)
    rows[~rows["sectors"].str.contains("bronze")].drop(columns=[c for c in rows if c.startswith("bronze_")]).to_csv(
        plain, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        without = api.evaluate(plain)
        with_file = api.evaluate(plain, registry=Registry.default(catalogues=[BRONZE]))
        practised = api.evaluate(bronze, registry=Registry.default(catalogues=[BRONZE]))

    def said(*results):
        from villagescore.compare.loading import load_table

        table = load_table([(f"r{k}", table_from_result(r, f"r{k}")) for k, r in enumerate(results)])
        return [w for w in compare(table)["warnings"] if w["code"] == "plugins_differ"]

    assert said(without, with_file) == []  # the sector is in one framework only, and no village practises it
    (w,) = said(without, practised)
    assert "r1: bronze_casting==0.1.1 sha256:" in w["message"] and "r0: —" in w["message"]



def test_an_empty_provision_or_document_is_taken_as_left_out_as_before(tmp_path):
    """Walk 15 review: `provision: ""` (valid before {vi, en} texts) was refused as matching "none of the forms".

    The catalogue file is validated against ``schemas/`` (definitions.schema.json's ``reference``), which
    refused the empty strings: with ``provision``/``document`` back to ``legal_text`` there, this test fails.
    """
    text = BRONZE.read_text(encoding="utf-8").replace(
        "        confidence: estimate\n        note: Scoring levels are an example, not a published standard.\n",
        "        confidence: estimate\n        provision: \"\"\n"
        "        note: Scoring levels are an example, not a published standard.\n"
        "      - {document: \"\", regulation: qcvn-40-2011, provision: \"\"}\n", 1)
    assert text.count('provision: ""') == 2 and 'document: ""' in text  # the bundled catalogue still has that place
    path = tmp_path / "empty-provision.yaml"
    path.write_text(text, encoding="utf-8")
    (indicator, *_rest) = CatalogueFile(path).register_indicators()
    first, second = indicator.references
    assert first.provision == "" and "provision" not in first.to_dict()
    assert second.document == "" and second.to_dict() == {"regulation": "qcvn-40-2011"}


def test_a_reference_s_column_and_parameter_may_be_given_in_both_languages(tmp_path):
    """Walk 16: the schema took a reference's column and parameter as one string only ("by area type and period")."""
    text = BRONZE.read_text(encoding="utf-8").replace(
        "        confidence: estimate\n        note: Scoring levels are an example, not a published standard.\n",
        "        confidence: estimate\n        note: Scoring levels are an example, not a published standard.\n"
        "      - {document: QCVN 26:2010/BTNMT, column: {vi: theo loại khu vực và khoảng thời gian, en: by area type "
        "and period}, parameter: {vi: 'NH4+ (tính theo N)', en: 'NH4+ (as N)'}}\n"
        "      - {document: QCVN 19:2009/BTNMT, column: B, parameter: SO₂}\n", 1)
    path = tmp_path / "column-in-both-languages.yaml"
    path.write_text(text, encoding="utf-8")
    (indicator, *_rest) = CatalogueFile(path).register_indicators()
    _first, both, plain = indicator.references
    assert both.column == {"vi": "theo loại khu vực và khoảng thời gian", "en": "by area type and period"}
    assert both.parameter == {"vi": "NH4+ (tính theo N)", "en": "NH4+ (as N)"}
    assert (plain.column, plain.parameter) == ("B", "SO₂")
