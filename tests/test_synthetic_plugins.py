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


def test_the_recorded_command_reproduces_the_shipped_sample_when_another_plugin_is_installed(site, tmp_path, capsys):
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
    out = tmp_path / "out" / SHIPPED.name
    assert _script().main([*words[2:], "-o", str(out)]) == 0
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
