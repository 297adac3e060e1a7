"""The JSON Schemas (draft 2020-12) of villagescore's documents, shipped inside the wheel.

This folder is installed as the package ``villagescore.schemas``; load a schema with
:func:`load` and get a validator with :func:`validator`. Data tables are not validated
with JSON Schema (that is done column-wise, see ``villagescore.datasets``): these
schemas are for documents — frameworks, dataset metadata, results, comparisons.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["load", "validator", "names"]


def names() -> list[str]:
    """Return the names of the shipped schemas (``framework``, ``result`` …)."""
    return sorted(
        p.name.removesuffix(".schema.json")
        for p in files(__name__).iterdir()
        if p.name.endswith(".schema.json")
    )


@cache
def _load_text(name: str) -> str:
    return (files(__name__) / f"{name}.schema.json").read_text(encoding="utf-8")


def load(name: str) -> dict[str, Any]:
    """Return a fresh copy of the schema called ``name`` (e.g. ``"framework"``)."""
    return json.loads(_load_text(name))


@cache
def validator(name: str) -> Any:
    """Return a cached ``jsonschema`` Draft 2020-12 validator for the schema ``name``."""
    from jsonschema import Draft202012Validator

    # The shipped schemas are checked against the meta-schema by the test suite, not at
    # every run: that check alone cost ~0.25 s of `villagescore pilot` (benchmarks/bench_cli.py).
    return Draft202012Validator(load(name))
