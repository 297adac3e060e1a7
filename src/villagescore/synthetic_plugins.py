"""What the synthetic generator takes from the plugins: their fields, sectors and checks, and their names.

The same seed gives the same villages only for the same fields and sectors: another installed
plugin adds fields (drawn in id order from one random stream) and sectors, and every value
after them changes. So the generator records the plugins it read (name → version) and the
entry-point plugins and catalogue files its command must load (``generate.py --plugins a,b
--catalogue FILE``), and it can be told to load exactly those, whatever else is installed or
``VILLAGESCORE_CATALOGUES`` names (:func:`plugin_metadata`).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .objects import Field

__all__ = ["PluginMetadata", "plugin_metadata", "derive", "parse_plugin_names", "record"]


@dataclass
class PluginMetadata:
    """The fields, sectors and checks the generator draws from, and the plugins they came from."""

    fields: list[Field] = field(default_factory=list)
    #: field id → the sectors whose villages have it
    field_sectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: field id → +1 (higher is better) or −1
    directions: dict[str, int] = field(default_factory=dict)
    sectors: list[str] = field(default_factory=list)
    checks: list[Any] = field(default_factory=list)
    #: every plugin read, name → version (the core, entry points, catalogue files)
    versions: dict[str, str] = field(default_factory=dict)
    #: the entry-point plugins among them: what ``--plugins`` names to load the same ones
    selectable: list[str] = field(default_factory=list)
    #: the catalogue files read, as given: what ``--catalogue`` names to load the same ones
    catalogue_files: list[str] = field(default_factory=list)


def plugin_metadata(plugins: Sequence[str] | None = None, catalogues: Sequence[str | Path] = ()) -> PluginMetadata:
    """Read the installed plugins and ``catalogues``; with ``plugins``, exactly those entry-point plugins.

    With ``plugins`` (each must load), the catalogue files read are ``catalogues`` only, not those
    of ``VILLAGESCORE_CATALOGUES``: what the recorded command names is all that is read.

    Raises
    ------
    PluginError
        A plugin named in ``plugins`` is not installed or fails to load.
    """
    from importlib.metadata import entry_points

    from .plugins import ENTRY_POINT_GROUP, get_plugin_manager
    from .registry import Registry

    if plugins is None:
        reg = Registry.default(catalogues=catalogues)
    else:
        reg = Registry.from_plugin_manager(get_plugin_manager(strict=True, load=list(plugins), catalogues=catalogues))
    sectors, directions = derive(reg.indicators.values())
    installed = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return PluginMetadata(list(reg.fields.values()), sectors, directions, list(reg.sectors), list(reg.checks.values()),
                          dict(sorted(reg.plugin_versions.items())),
                          sorted(name for name in reg.plugin_versions if name in installed),
                          list(reg.catalogue_files.values()))


def derive(indicators: Iterable[Any]) -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    """Field → the sectors of the indicators requiring it, and field → good direction of single-field indicators."""
    field_sectors: dict[str, set[str]] = {}
    directions: dict[str, int] = {}
    for ind in indicators:
        for fid in ind.requires:
            if ind.sectors:
                field_sectors.setdefault(fid, set()).update(ind.sectors)
        if ind.compute is None and len(ind.requires) == 1:
            sign = {"higher": 1, "lower": -1, "boolean": 1}.get(ind.direction)
            if sign is not None:
                directions[ind.requires[0]] = sign
    return {k: tuple(sorted(v)) for k, v in field_sectors.items()}, directions


def parse_plugin_names(text: str) -> list[str]:
    """``a,b`` → ``["a", "b"]`` (spaces and empty names dropped; ``''`` loads no plugin but the core)."""
    return [name.strip() for name in text.split(",") if name.strip()]


def record(generator: dict[str, Any], found: PluginMetadata) -> None:
    """Record the plugins read in the metadata's ``generator`` block, and in its command the ones to load."""
    generator["plugins"] = dict(found.versions)
    generator["command"] += f" --plugins {','.join(found.selectable) or repr('')}"
    generator["command"] += "".join(f" --catalogue {shlex.quote(path)}" for path in found.catalogue_files)
