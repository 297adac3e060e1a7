"""The plugins the synthetic generator reads: recorded, and chosen exactly (``generate.py --plugins``)."""

import json
import shlex
import sys
from pathlib import Path

import pytest

from tests.test_plugins import ENV_VARS, FakeSite
from villagescore.errors import PluginError
from villagescore.synthetic import generate
from villagescore.synthetic_plugins import parse_plugin_names, plugin_metadata

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "datasets" / "synthetic" / "national-sample-synthetic.csv"


@pytest.fixture
def site(tmp_path, monkeypatch):
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    fake = FakeSite(tmp_path / "site", monkeypatch)
    yield fake
    for module in fake.modules:
        sys.modules.pop(module, None)


def _script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("vs_generate_script", ROOT / "datasets" / "synthetic" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_recorded_command_reproduces_the_shipped_sample_when_another_plugin_is_installed(site, tmp_path, capsys,
                                                                                             monkeypatch):
    """Audit 13 (B) #1: with one more plugin installed the command gave other values (499 of 500 rows changed)."""
    site.good("incense")
    recorded = json.loads(SHIPPED.with_name(SHIPPED.stem + ".meta.json").read_text(encoding="utf-8"))
    generator = recorded["dataset"]["generator"]
    assert "incense" not in generator["plugins"] and generator["plugins"]["vn_ttcn"]
    frame, meta = generate(500, 2026)  # every installed plugin: the extra one's fields and sector change the values
    assert meta["dataset"]["generator"]["plugins"]["incense"] == "1.2.3"
    assert "incense" in meta["dataset"]["generator"]["command"]
    words = shlex.split(generator["command"])
    assert words[:2] == ["python", "datasets/synthetic/generate.py"]
    monkeypatch.chdir(tmp_path)  # run as recorded, in a copy of the repository's layout
    out = tmp_path / "datasets" / "synthetic" / SHIPPED.name
    assert _script().main(words[2:]) == 0
    assert out.read_bytes() == SHIPPED.read_bytes()
    meta_name = SHIPPED.stem + ".meta.json"
    assert out.with_name(meta_name).read_bytes() == SHIPPED.with_name(meta_name).read_bytes()
    capsys.readouterr()
    assert _script().main(["--n", "500", "-o", str(out)]) == 0  # the default regenerates it with the extra plugin:
    assert "incense - → 1.2.3" in capsys.readouterr().err  # said, with the command that reproduces it


def test_plugins_chosen_exactly_whatever_the_environment_says(site, monkeypatch):
    site.good("incense")
    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", "incense,wood")
    found = plugin_metadata(["incense", "weaving"])
    assert found.selectable == ["incense", "weaving"]
    assert set(found.versions) == {"incense", "weaving", "villagescore"}
    assert "incense" in found.sectors
    with pytest.raises(PluginError, match="'no_such' was asked for but is not installed"):
        plugin_metadata(["no_such"])
    _, meta = generate(3, 1, plugins=[])
    assert meta["dataset"]["generator"]["command"].endswith("--plugins ''")
    assert parse_plugin_names("") == [] and parse_plugin_names(" a, b,") == ["a", "b"]


def _recorded_command(csv_path: Path) -> list[str]:
    meta = json.loads(csv_path.with_name(csv_path.stem + ".meta.json").read_text(encoding="utf-8"))
    words = shlex.split(meta["dataset"]["generator"]["command"])
    assert words[:2] == ["python", "datasets/synthetic/generate.py"]
    return words[2:]


def _regenerated_the_same(csv_path: Path) -> bool:
    """Run the file's recorded command from the current folder: the same bytes again, CSV and metadata?"""
    meta_path = csv_path.with_name(csv_path.stem + ".meta.json")
    before, command = (csv_path.read_bytes(), meta_path.read_bytes()), _recorded_command(csv_path)
    csv_path.unlink()
    meta_path.unlink()
    assert _script().main(command) == 0
    return (csv_path.read_bytes(), meta_path.read_bytes()) == before


def test_with_plugins_only_the_catalogues_named_are_read_and_the_command_names_every_one(site, tmp_path, monkeypatch):
    """Review (thirteenth walk): a ``VILLAGESCORE_CATALOGUES`` file was loaded with ``--plugins`` and not recorded."""
    bronze = ROOT / "docs" / "examples" / "catalogues" / "bronze-casting.yaml"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VILLAGESCORE_CATALOGUES", str(bronze))
    assert _script().main(["--n", "20", "--plugins", "weaving", "-o", "w-synthetic.csv"]) == 0
    recorded = json.loads(Path("w-synthetic.meta.json").read_text("utf-8"))["dataset"]["generator"]
    assert "bronze_casting" not in recorded["plugins"]
    named = ["--n", "20", "--plugins", "weaving", "--catalogue", str(bronze), "-o", "b-synthetic.csv"]
    assert _script().main(named) == 0
    assert ["--catalogue", str(bronze)] == _recorded_command(Path("b-synthetic.csv"))[6:8]
    assert _script().main(["--n", "20", "-o", "e-synthetic.csv"]) == 0  # the environment's file, read and named
    assert "--catalogue" in _recorded_command(Path("e-synthetic.csv"))
    monkeypatch.delenv("VILLAGESCORE_CATALOGUES")
    assert _regenerated_the_same(Path("b-synthetic.csv")) and _regenerated_the_same(Path("e-synthetic.csv"))


def test_the_recorded_command_rewrites_the_file_it_is_recorded_in_not_the_bundled_sample(site, tmp_path, monkeypatch):
    """Review (thirteenth walk): the command had no ``-o``: run as advised, it replaced the bundled sample."""
    monkeypatch.chdir(tmp_path)
    assert _script().main(["--n", "30", "--seed", "5", "--id", "mine-synthetic", "-o", "mine-synthetic.csv"]) == 0
    assert _recorded_command(Path("mine-synthetic.csv"))[-4:] == ["--id", "mine-synthetic", "-o", "mine-synthetic.csv"]
    assert _regenerated_the_same(Path("mine-synthetic.csv"))
    assert not Path("datasets").exists()
    shipped = _recorded_command(SHIPPED)
    assert "-o" not in shipped and "--id" not in shipped  # the defaults: the bundled sample's command is unchanged


def test_a_plugin_not_installed_is_said_in_the_language_of_the_run(site, tmp_path, monkeypatch, capsys):
    """Review (thirteenth walk): under ``VILLAGESCORE_LANG=vi`` the error was in English."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    assert _script().main(["--plugins", "nope", "-o", "x-synthetic.csv"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("lỗi: plugin 'nope' được yêu cầu") and "asked for" not in err
    assert _script().main(["--n", "3", "--plugins", "weaving", "-o", "x-synthetic.csv"]) == 0
    assert "đã ghi 3 làng ×" in capsys.readouterr().err
