"""Serialise the objects the first-party plugins register (fields, indicators, sectors, measures) to plain JSON.

``python -m tests.plugins.registry_dump > tests/plugins/registry-snapshot.json`` wrote the
snapshot that :mod:`tests.plugins.test_catalogue_migration` compares today's registry with.
A compute function is recorded by its name (``{"compute": "wage_to_minimum"}``), never by
what it does: the migration test checks the functions by running them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Mapping
from typing import Any

FIRST_PARTY = ("environment,economy,society,governance,weaving,rattan_bamboo,lacquer,sericulture,seagrass,"
               "handmade_paper,ceramics,food_processing,wood,vn_ttcn")


def plain(value: Any) -> Any:
    """A plugin object (or any value inside one) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if callable(value):
        return {"function": getattr(value, "__name__", repr(value))}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def dump_registry(registry: Any) -> dict[str, Any]:
    """Fields, indicators, sectors (measures by id) and measures of ``registry``, by id."""
    indicators = {}
    for ident, ind in registry.indicators.items():
        data = plain(ind)
        data["compute"] = None if ind.compute is None else ind.compute.__name__
        indicators[ident] = data
    sectors = {}
    for ident, sector in registry.sectors.items():
        data = plain(sector)
        data["measures"] = [m.id for m in sector.measures]
        sectors[ident] = data
    return {
        "fields": {k: plain(v) for k, v in registry.fields.items()},
        "indicators": indicators,
        "sectors": sectors,
        "measures": {k: plain(v) for k, v in registry.measures().items()},
    }


def first_party_registry() -> Any:
    """The registry of the first-party plugins only (an installed third-party plugin is left out)."""
    from villagescore.registry import Registry

    old = os.environ.get("VILLAGESCORE_LOAD_PLUGINS")
    os.environ["VILLAGESCORE_LOAD_PLUGINS"] = FIRST_PARTY
    try:
        return Registry.default(strict=True)
    finally:
        if old is None:
            del os.environ["VILLAGESCORE_LOAD_PLUGINS"]
        else:
            os.environ["VILLAGESCORE_LOAD_PLUGINS"] = old


if __name__ == "__main__":
    json.dump(dump_registry(first_party_registry()), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")
