"""``villagescore new-plugin``: the scaffolded package installs, is discovered and passes its own tests."""

from __future__ import annotations

import importlib
import json
import re
import sys

import pytest

from tests.test_plugins_external import Venv
from villagescore.cli import main
from villagescore.errors import VillageScoreError
from villagescore.scaffold import create_plugin, plugin_names, render_plugin

EXPECTED_FILES = [
    ".gitignore",
    "README.md",
    "examples/villages.csv",
    "pyproject.toml",
    "src/villagescore_pottery_glaze/__init__.py",
    "src/villagescore_pottery_glaze/frameworks/pottery-glaze-sector.yaml",
    "tests/conftest.py",
    "tests/test_villagescore_pottery_glaze.py",
]


def test_names_derived_from_name():
    names = plugin_names("pottery-glaze")
    assert (names.snake, names.module, names.distribution, names.framework_id) == (
        "pottery_glaze", "villagescore_pottery_glaze", "villagescore-pottery-glaze", "pottery-glaze-sector")
    assert (names.title_en, names.title_vi) == ("Pottery glaze", "Nghề pottery glaze")
    custom = plugin_names("gom", title_en="Pottery", title_vi="Gốm sứ")
    assert (custom.title_en, custom.title_vi) == ("Pottery", "Gốm sứ")


@pytest.mark.parametrize("name", ["", "Pottery", "gốm", "2pottery", "pottery--glaze", "pottery-", "pot tery",
                                  "pottery.glaze", "../pottery", "a" * 41, "villagescore", "villagescore_x", "test"])
def test_invalid_names_are_refused(name):
    with pytest.raises(VillageScoreError, match="invalid plugin name"):
        plugin_names(name)


def test_rendered_files():
    files = render_plugin(plugin_names("pottery-glaze"))
    assert list(files) == EXPECTED_FILES
    pyproject = files["pyproject.toml"]
    assert '[project.entry-points.villagescore]\npottery_glaze = "villagescore_pottery_glaze"' in pyproject
    assert 'name = "villagescore-pottery-glaze"' in pyproject
    assert "id: pottery-glaze-sector" in files["src/villagescore_pottery_glaze/frameworks/pottery-glaze-sector.yaml"]
    for rel, text in files.items():
        assert "$" not in text.replace("$.", ""), f"{rel} has an unfilled placeholder"
        assert text.endswith("\n")


def test_create_plugin_refuses_to_overwrite(tmp_path):
    target = create_plugin("pottery-glaze", tmp_path)
    assert target == tmp_path / "villagescore-pottery-glaze"
    marker = target / "README.md"
    marker.write_text("mine", encoding="utf-8")
    with pytest.raises(VillageScoreError, match="already exists; choose another name or folder"):
        create_plugin("pottery-glaze", tmp_path)
    assert marker.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["villagescore-pottery-glaze"]  # no staging left


def test_create_plugin_refuses_an_installed_plugin_name(tmp_path):
    with pytest.raises(VillageScoreError, match="a plugin named 'weaving' is already installed"):
        create_plugin("weaving", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_create_plugin_needs_an_existing_parent(tmp_path):
    with pytest.raises(VillageScoreError, match="no such folder"):
        create_plugin("pottery", tmp_path / "missing")


def test_generated_plugin_registers_and_its_framework_validates(tmp_path, monkeypatch):
    from villagescore.testing import check_framework_validates, evaluate_rows, make_registry

    target = create_plugin("pottery-glaze", tmp_path)
    monkeypatch.syspath_prepend(str(target / "src"))
    module = importlib.import_module("villagescore_pottery_glaze")
    try:
        registry = make_registry(module)  # strict: check_pending and every hook
        assert list(registry.sectors) == ["pottery_glaze"]
        assert list(registry.indicators) == ["pottery_glaze.ventilated_workshops"]
        framework = check_framework_validates(module.register_frameworks()[0].path, registry)
        rows = [{"pottery_glaze_workshops": 4, "pottery_glaze_workshops_ventilated": 3}]
        # 3 of 4 workshops = 75 %, linear 0..100 -> 75 -> tier 'good' (min 70)
        result = evaluate_rows(framework, rows, registry)
        assert result.tree.overall_score.tolist() == [75.0]
        assert result.rating_id(0) == "good"
    finally:
        sys.modules.pop("villagescore_pottery_glaze", None)


HOSTILE_TITLES = [
    ('Nghề làm "nón lá"', 'Conical "hat" making'),
    ("Gốm C:\\Bát Tràng\\", "back\\slash \\n not a newline"),
    ("Dòng một\ndòng hai", "line one\nline two\ttab"),
    ("'''\"\"\" $snake ${module} # [x](y) *b* `c` | d", "It's \u2028 and more"),
]


@pytest.mark.parametrize(("title_en", "char"), [("line one\r\nline two", "U+000D"), ("It's \x7f", "U+007F"),
                                                 ("back\u202eward", "U+202E")])
def test_a_title_with_a_control_character_is_refused_before_anything_is_written(tmp_path, title_en, char):
    """Walk 16: framework files refuse control characters, so the plugin's own framework did not validate."""
    from villagescore.errors import VillageScoreError

    with pytest.raises(VillageScoreError, match=f"--title-en .* holds {re.escape(char)} at character"):
        create_plugin("pottery-glaze", tmp_path, title_en=title_en, check_installed=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("title_vi", "title_en"), HOSTILE_TITLES)
def test_titles_are_escaped_in_every_file_the_plugin_has(tmp_path, monkeypatch, title_vi, title_en):
    import ast
    import tomllib

    import yaml

    from villagescore.testing import check_framework_validates, make_registry

    target = create_plugin("pottery-glaze", tmp_path, title_en=title_en, title_vi=title_vi, check_installed=False)
    module_dir = target / "src" / "villagescore_pottery_glaze"
    for path in target.rglob("*.py"):  # every Python file is still Python
        ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    project = tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["description"] == f"villagescore plugin: the {title_en} sector ({title_vi})"
    document = yaml.safe_load((module_dir / "frameworks" / "pottery-glaze-sector.yaml").read_text(encoding="utf-8"))
    assert document["title"] == {"vi": f"Bộ tiêu chí thử nghiệm: {title_vi}", "en": f"Example criteria: {title_en}"}
    readme = (target / "README.md").read_text(encoding="utf-8").splitlines()
    assert readme[2].startswith("A villagescore plugin for the **")
    monkeypatch.syspath_prepend(str(target / "src"))
    module = importlib.import_module("villagescore_pottery_glaze")
    try:
        docstring = ast.get_docstring(ast.parse((module_dir / "__init__.py").read_text("utf-8")))
        def one_line(text):
            return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())

        expected = f"villagescore plugin: the {one_line(title_en)} sector ({one_line(title_vi)})."
        assert docstring.splitlines()[0] == expected
        registry = make_registry(module)
        assert dict(registry.sectors["pottery_glaze"].label) == {"vi": title_vi, "en": title_en}
        check_framework_validates(module.register_frameworks()[0].path, registry)
    finally:
        sys.modules.pop("villagescore_pottery_glaze", None)


def test_a_title_with_undecodable_bytes_is_refused(tmp_path):
    with pytest.raises(VillageScoreError, match="--title-vi .* is not valid text"):
        create_plugin("pottery", tmp_path, title_vi="G\udcf3m")
    assert list(tmp_path.iterdir()) == []


def test_cli_new_plugin_with_a_quoted_vietnamese_title(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["new-plugin", "non-la", "-d", str(tmp_path), "--title-vi", 'Nghề làm "nón lá"'])
    assert info.value.code == 0, capsys.readouterr().err
    init = (tmp_path / "villagescore-non-la" / "src" / "villagescore_non_la" / "__init__.py").read_text("utf-8")
    assert '{"vi": "Nghề làm \\"nón lá\\"",' in init


def test_cli_new_plugin(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")  # the messages below are the English ones
    with pytest.raises(SystemExit) as info:
        main(["new-plugin", "pottery", "-d", str(tmp_path), "--title-en", "Pottery", "--title-vi", "Gốm sứ"])
    out, err = capsys.readouterr()
    assert info.value.code == 0, err
    assert out.splitlines()[0] == f"created {tmp_path / 'villagescore-pottery'}/ (plugin 'pottery', package " \
                                  "villagescore_pottery)"
    init = (tmp_path / "villagescore-pottery" / "src" / "villagescore_pottery" / "__init__.py").read_text("utf-8")
    assert '{"vi": "Gốm sứ",\n             "en": "Pottery"}' in init
    with pytest.raises(SystemExit) as info:
        main(["new-plugin", "pottery", "-d", str(tmp_path)])
    out, err = capsys.readouterr()
    assert info.value.code == 1
    assert err == f"error: '{tmp_path / 'villagescore-pottery'}' already exists; choose another name or folder " \
                  "(nothing was overwritten)\n"


@pytest.mark.slow
def test_scaffolded_plugin_installs_passes_its_tests_and_scores(tmp_path):
    target = create_plugin("pottery-glaze", tmp_path)
    venv = Venv(tmp_path / "venv")
    venv.pip_install(target)

    tests = venv.run("-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", cwd=target)
    assert "5 passed" in tests.stdout

    listed = {p["name"]: p for p in json.loads(venv.villagescore("plugins", "--json").stdout)}
    assert listed["pottery_glaze"]["distribution"] == "villagescore-pottery-glaze"
    assert listed["pottery_glaze"]["hooks"] == ["register_fields", "register_frameworks", "register_indicators",
                                                "register_sectors"]

    out = venv.villagescore("evaluate", "examples/villages.csv", "--framework", "pottery-glaze-sector",
                            "--format", "json", cwd=target)
    villages = {v["village_id"]: v for v in json.loads(out.stdout)["villages"]}
    # demo-1: 5 of 20 workshops = 25 % -> linear 0..100 -> 25 (poor); demo-2: 8 of 8 = 100 % -> 100 (good)
    assert {v: (d["overall"]["score"], d["overall"]["rating"]) for v, d in villages.items()} == {
        "demo-1": (25.0, "poor"), "demo-2": (100.0, "good")}
