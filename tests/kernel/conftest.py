"""Fixtures of the kernel's tests."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from villagescore.engine import Engine


@pytest.fixture(scope="session")
def bundled():
    """The default framework on the bundled villages, three of them given a second sector."""
    from villagescore.datasets import read_dataset
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    framework = load_framework(None, registry)
    path = Path(__file__).resolve().parents[2] / "datasets" / "villages" / "villages.csv"
    dataset = read_dataset(path, registry)
    frame = dataset.frame.copy()
    frame.loc[frame.index[:3], "sectors"] = frame["sectors"].iloc[:3] + ";wood"
    engine = Engine(registry)
    return engine, framework, engine.evaluate(framework, dataclasses.replace(dataset, frame=frame))
