"""The registry the first-party plugins give equals the snapshot taken before they became catalogues.

``registry-snapshot.json`` was written by ``python -m tests.plugins.registry_dump`` from the
Python declarations, before any of them moved to a catalogue file. Every field, indicator,
sector and measure must still be there, field for field. The only differences allowed are
listed below, each with its reason; anything else fails with the path of the difference.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.plugins.registry_dump import dump_registry, first_party_registry

SNAPSHOT = Path(__file__).with_name("registry-snapshot.json")


@pytest.fixture(scope="module")
def registry():
    return first_party_registry()


@pytest.fixture(scope="module")
def snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def _differences(old: Any, new: Any, path: str = "$") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new)):
            if key not in new:
                out.append(f"{path}.{key}: missing now")
            elif key not in old:
                out.append(f"{path}.{key}: new")
            else:
                out += _differences(old[key], new[key], f"{path}.{key}")
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (a, b) in enumerate(zip(old, new, strict=True)) for d in _differences(a, b, f"{path}[{i}]")]
    return [] if old == new else [f"{path}: {old!r} -> {new!r}"]


@pytest.mark.parametrize("kind", ["fields", "indicators", "sectors", "measures"])
def test_same_ids(registry, snapshot, kind):
    now = dump_registry(registry)[kind]
    assert sorted(now) == sorted(snapshot[kind])


@pytest.mark.parametrize("kind", ["fields", "indicators", "sectors", "measures"])
def test_registry_equals_snapshot_field_for_field(registry, snapshot, kind):
    now = dump_registry(registry)[kind]
    problems = [d for ident in sorted(snapshot[kind]) if ident in now
                for d in _differences(snapshot[kind][ident], now[ident], f"{kind}[{ident!r}]")]
    assert not problems, "\n".join(problems[:40])


def test_compute_functions_kept(registry, snapshot):
    """The indicators that had a compute function still have one, of the same name; the others still have none."""
    had = {k: v["compute"] for k, v in snapshot["indicators"].items()}
    now = {k: (None if ind.compute is None else ind.compute.__name__) for k, ind in registry.indicators.items()}
    assert now == had
    assert sum(v is not None for v in had.values()) == 7
