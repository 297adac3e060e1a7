"""Shared by the report tests: the bundled pilot, scored once, with its improvement plans."""

import pytest


@pytest.fixture(scope="session")
def pilot_vi():
    """The Phùng Xá pilot in Vietnamese, with the improvement plans ``villagescore pilot`` attaches."""
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.explain import attach_plans
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    framework = load_framework(None, registry)
    result = Engine(registry).evaluate(framework, read_dataset(bundled.path(bundled.PILOT), registry))
    return attach_plans(Engine(registry), result, lang="vi")


@pytest.fixture
def summarised(monkeypatch):
    """3 toy village-years count as "many": reports give the national summary, with one profile."""
    from villagescore.reports import national

    monkeypatch.setattr(national, "SUMMARY_LIMIT", 2)
    monkeypatch.setattr(national, "NATIONAL_PROFILES", 1)
