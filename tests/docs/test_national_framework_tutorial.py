"""Tutorial step 7: third-party sectors join the national framework with no framework file of their own.

The nón lá example (docs/plugins/examples/non_la.py) and the pottery example, both written with
the Python object API and placed by pillar and criterion, are scored under the default
framework ``vn-ttcn-sustainable`` for their villages; other villages' scores do not change; the
two combine in one village and share the sector block.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import pytest

from tests.conftest import REPO
from villagescore.api import evaluate
from villagescore.plugins import get_plugin_manager
from villagescore.registry import Registry

EXAMPLES = REPO / "docs" / "plugins" / "examples"
PILOT = REPO / "datasets" / "phung-xa" / "phung-xa.csv"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"vsdocs_national_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def registries():
    installed = Registry.default()
    plugins = (("non_la", _load("non_la")), ("pottery", _load("pottery")))
    return installed, Registry.from_plugin_manager(get_plugin_manager(plugins=plugins))


@pytest.fixture(scope="module")
def frame():
    pilot = pd.read_csv(PILOT, dtype={"village_id": str})
    hat = pilot[pilot["year"] == 2025].copy()
    hat["village_id"], hat["name"], hat["sectors"] = "non-la-demo", "Làng nón minh hoạ", "non_la"
    hat["non_la_households"], hat["non_la_sulphur_free_households"] = 200, 50        # 25 %
    both = hat.copy()
    both["village_id"], both["sectors"] = "non-la-pottery-demo", "non_la;pottery"
    both["pottery_kilns"], both["pottery_clean_kilns"] = 10, 8                         # 80 % → 100
    return pd.concat([pilot, hat, both], ignore_index=True)


def test_both_sectors_join_the_environment_pillar_of_the_default_framework(registries, frame):
    _, registry = registries
    result = evaluate(frame, registry=registry)
    env = result.framework.pillars[0]
    joined = {c.id: c.sector for c in env.criteria if c.sector in ("non_la", "pottery")}
    assert joined == {"non_la_environment": "non_la", "pottery_kilns": "pottery"}
    assert result.framework.id == "vn-ttcn-sustainable"


def test_the_sector_indicators_are_scored_with_their_share_of_the_pillar(registries, frame):
    _, registry = registries
    result = evaluate(frame, registry=registry)
    ind = result.indicator_frame().set_index(["village_id", "indicator"])
    def row(village, indicator):  # a DataFrame of one row, then the row (pandas 2: the index is not unique)
        return ind.loc[[(village, indicator)]].iloc[0]

    hat = row("non-la-demo", "non_la.sulphur_free_share")
    assert (hat["status"], hat["score"]) == ("scored", 25.0)
    # environment weighs 0.30 of the overall score; the sector block 0.25 beside criteria summing to 1: 20 %
    assert hat["weight"] == pytest.approx(0.30 * 0.2, abs=1e-6)
    both_hat = row("non-la-pottery-demo", "non_la.sulphur_free_share")
    both_pot = row("non-la-pottery-demo", "pottery.clean_kiln_share")
    assert both_pot["score"] == 100.0
    # two sectors share the block: 10 % of the pillar each, the same 20 % together
    assert both_hat["weight"] == pytest.approx(0.30 * 0.1, abs=1e-6)
    assert both_pot["weight"] == pytest.approx(0.30 * 0.1, abs=1e-6)
    assert ind.loc[("phung-xa-my-duc", "non_la.sulphur_free_share")]["status"].tolist() == ["not_applicable"] * 2


def test_other_villages_keep_their_scores(registries, frame):
    installed, registry = registries
    pilot = pd.read_csv(PILOT, dtype={"village_id": str})
    before = evaluate(pilot, registry=installed).to_frame()
    after = evaluate(frame, registry=registry).to_frame()
    after = after[after["village_id"] == "phung-xa-my-duc"].reset_index(drop=True)
    columns = ["overall_score", "environment_score", "economy_score", "society_score", "governance_score"]
    np.testing.assert_array_equal(after[columns].to_numpy(), before[columns].to_numpy())
    assert after["rating"].tolist() == before["rating"].tolist()
