"""End to end over the bundled content: the plugins a user gets and every bundled dataset."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli
from villagescore.resultdoc import expand

REPO = Path(__file__).resolve().parents[2]
DATASETS = sorted(p for p in (REPO / "datasets").rglob("*.csv") if p.with_name(p.stem + ".meta.json").is_file()
                  and "admin" not in p.parts)
PILLARS = ("environment", "economy", "society", "governance")


def test_plugins_json_lists_the_four_pillars_and_nine_sectors():
    res = CliRunner().invoke(cli, ["plugins", "--json"])
    assert res.exit_code == 0, res.output
    plugins = {p["name"]: p for p in json.loads(res.stdout)}
    assert set(PILLARS) <= set(plugins)
    sector_plugins = [p for p in plugins.values() if "register_sectors" in p["hooks"]]
    assert len(sector_plugins) >= 9, sorted(p["name"] for p in sector_plugins)
    assert all(p["version"] for p in plugins.values())


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_bundled_dataset_validates(path):
    res = CliRunner().invoke(cli, ["validate", str(path), str(path.with_name(path.stem + ".meta.json"))])
    assert res.exit_code == 0, res.output


def test_one_command_scores_every_real_shaped_village_on_all_four_pillars():
    res = CliRunner().invoke(cli, ["evaluate", str(REPO / "datasets" / "villages" / "villages.csv"),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    villages = [expand(doc, v) for v in doc["villages"]]
    names = {v["village_id"] for v in villages}
    assert len(names) >= 8
    for v in villages:
        for pillar in PILLARS:
            assert v["pillars"][pillar]["score"] is not None, (v["village_id"], pillar)
        scored_sector = [i for i in v["indicators"] if i["status"] == "scored" and "." in i["id"]
                         and i["id"].split(".")[0] in v["sectors"]]
        assert scored_sector, v["village_id"]  # its sector indicators count
