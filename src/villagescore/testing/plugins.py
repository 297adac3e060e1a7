"""Plugin managers and registries built from the plugins under test."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _named(plugins: Iterable[Any]) -> tuple[tuple[str, Any], ...]:
    out = []
    for item in plugins:
        if isinstance(item, tuple):
            name, obj = item
        else:
            name = getattr(item, "__name__", type(item).__name__).rsplit(".", 1)[-1]
            name = name.removeprefix("villagescore_")
            obj = item
        out.append((str(name), obj))
    return tuple(out)


def make_plugin_manager(*plugins: Any, entrypoints: bool = False, strict: bool = True) -> Any:
    """Return a new plugin manager with the built-ins and ``plugins`` registered.

    Parameters
    ----------
    *plugins : module, object or (name, object)
        Plugins to register. A module is registered under its name without the
        ``villagescore_`` prefix (``villagescore_pottery`` → ``pottery``), as its entry
        point would be.
    entrypoints : bool
        Also load the installed plugins (entry-point group ``villagescore``).
    strict : bool
        A plugin that fails to load or breaks the contract raises
        :class:`~villagescore.errors.PluginError` instead of warning.

    Returns
    -------
    pluggy.PluginManager
    """
    from ..plugins import get_plugin_manager

    return get_plugin_manager(entrypoints=entrypoints, strict=strict, plugins=_named(plugins))


def make_registry(*plugins: Any, entrypoints: bool = False, strict: bool = True) -> Any:
    """Return the :class:`~villagescore.registry.Registry` of the built-ins and ``plugins``.

    Parameters are those of :func:`make_plugin_manager`.

    Returns
    -------
    villagescore.registry.Registry
    """
    from ..registry import Registry

    pm = make_plugin_manager(*plugins, entrypoints=entrypoints, strict=strict)
    return Registry.from_plugin_manager(pm, strict=strict)
