"""Plans computed when a result is added to a store."""

from __future__ import annotations

import dataclasses
import warnings


def test_a_scorer_whose_breakpoints_fail_is_said_once_for_all_rows(toy_registry, toy_dataset):
    """Review 7 #4: ``store add --plans all`` said the failing breakpoints once per village-year."""
    from tests.conftest import SUPPORT
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.plugins import PluginLoadWarning
    from villagescore.store.plans import compute_plans

    linear = toy_registry.scorers["linear"]
    toy_registry.scorers["linear"] = dataclasses.replace(linear, breakpoints=lambda params: 1 / 0)
    framework = load_framework(SUPPORT / "toy-framework.yaml", toy_registry)
    result = Engine(toy_registry).evaluate(framework, toy_dataset)
    assert len(result) > 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plans = compute_plans(result, toy_registry)
    assert len(plans) == len(result)
    said = [w.message for w in caught if issubclass(w.category, PluginLoadWarning)]
    assert len(said) == 1, [m.text("en") for m in said]
