"""Fixtures of the result-document tests."""

import pytest


@pytest.fixture(scope="package")
def national(tmp_path_factory):
    """A 2,000-village synthetic national result of the default framework."""
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.synthetic import generate, write

    folder = tmp_path_factory.mktemp("national")
    frame, meta = generate(2000, 11)
    path, _ = write(frame, meta, folder / "national-synthetic.csv")
    reg = Registry.default()
    fw = load_framework(None, reg)
    return Engine(reg).evaluate(fw, read_dataset(path, reg))
