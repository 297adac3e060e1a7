"""Fixtures of the serve tests: a store of the bundled data, and Datasette when installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PHUNG_XA = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
NATIONAL = REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv"
ODD_NAME = 'Làng <script>alert("x")</script> & <b>đậm</b>'


def require_datasette():
    """Skip without Datasette, except in CI (the serve extra is installed there): fail."""
    try:
        import datasette  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Datasette is not installed (the 'serve' extra)")
        pytest.skip("Datasette is not installed (pip install '.[serve]')")


@pytest.fixture(scope="session")
def served_store(tmp_path_factory):
    """A store with Phùng Xá (with plans), the national sample, and a village with an odd name."""
    import pandas as pd

    import villagescore as vs
    from villagescore.store import Store
    from villagescore.store.plans import compute_plans

    path = tmp_path_factory.mktemp("served") / "store.sqlite"
    odd = pd.read_csv(PHUNG_XA)
    odd["village_id"] = "odd-village"
    odd["name"] = ODD_NAME
    with Store(path, create=True) as store:
        pilot = vs.evaluate(PHUNG_XA)
        store.add(pilot, plans=compute_plans(pilot, vs.api.default_registry()))
        store.add(vs.evaluate(NATIONAL))
        store.add(vs.evaluate(odd))
    return path
