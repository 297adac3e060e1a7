"""A plugin's scorer gets what the built-in scorers get, through the same capabilities.

``Scorer.check`` (parameter checks beyond the schema, reported by ``validate``) and
``Scorer.breakpoints`` (values an improvement plan tries) are used for every scorer alike;
the core never names a built-in scorer.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.support import toy_plugin
from villagescore import Scorer, hookimpl
from villagescore.engine import Engine
from villagescore.errors import FrameworkError
from villagescore.explain import explain
from villagescore.framework import load_framework, load_framework_document
from villagescore.plugins import get_plugin_manager
from villagescore.registry import Registry
from villagescore.testing import make_dataset

SUPPORT = __import__("pathlib").Path(__file__).parent / "support"


def _step(values, params):
    """100 from ``at`` up, 0 below (NaN stays NaN)."""
    x = np.asarray(values, dtype=float)
    return np.where(np.isnan(x), np.nan, np.where(x >= float(params["at"]), 100.0, 0.0))


def _check(params, field):
    at = params.get("at")
    if field is not None and field.maximum is not None and isinstance(at, int | float) and at > field.maximum:
        return [("at", f"step: 'at' ({at:g}) is above the field's maximum ({field.maximum:g}): nothing can reach it")]
    return []


class StepPlugin:
    @hookimpl
    def register_scorers(self):
        return [Scorer("step", _step, {"type": "object", "required": ["at"], "additionalProperties": False,
                                       "properties": {"at": {"type": "number"}}},
                       "100 from 'at' up", check=_check, nan_preserving=True,
                       breakpoints=lambda params: [float(params["at"])])]


@pytest.fixture
def registry():
    pm = get_plugin_manager(entrypoints=False, strict=True, plugins=(("toy", toy_plugin), ("step", StepPlugin())))
    return Registry.from_plugin_manager(pm, strict=True)


def _framework(tmp_path, at):
    doc, _, _ = load_framework_document(SUPPORT / "toy-framework.yaml")  # YAML 1.2: `on:` stays a key
    doc["pillars"][0]["criteria"][0]["indicators"][0]["scorer"] = {"method": "step", "params": {"at": at}}
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_plugin_scorer_gets_its_parameter_check(tmp_path, registry):
    with pytest.raises(FrameworkError, match=r"indicators\[0\]\.scorer\.params\.at: step: 'at' \(150\) is above "
                                             r"the field's maximum \(100\)"):
        load_framework(_framework(tmp_path, 150), registry)


def test_a_plugin_scorer_gets_its_breakpoints_in_improvement_plans(tmp_path, registry):
    fw = load_framework(_framework(tmp_path, 63.5), registry)
    # a weak village (overall 18.3, tier 'low'): raising toy.a to the step reaches 'mid'
    rows = [{"village_id": "v1", "a": 10, "b": 20, "c": 60, "flag": 1, "zone": "A", "kind": "z", "total": 100,
             "craft": 10, "sectors": "beta"}]
    exp = explain(Engine(registry), fw, make_dataset(rows, registry), "v1")
    steps = {s.indicator: s for s in exp.steps}
    # the plan raises toy.a exactly to the scorer's breakpoint (63.5), not to a grid value past it
    assert steps["toy.a"].new == pytest.approx(63.5)
