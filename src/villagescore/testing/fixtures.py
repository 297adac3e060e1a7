"""The pytest fixtures (each test gets fresh ones): ``vs_plugins`` … ``vs_tiny_dataset``."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from .plugins import make_plugin_manager
from .rows import make_dataset, tiny_rows


@pytest.fixture
def vs_plugins() -> list[Any]:
    """The plugins under test (modules or ``(name, object)`` pairs); override in conftest.py."""
    return []


@pytest.fixture
def vs_load_entrypoints() -> bool:
    """Whether ``vs_plugin_manager`` also loads installed plugins; ``False`` unless overridden."""
    return False


@pytest.fixture
def vs_plugin_manager(vs_plugins: list[Any], vs_load_entrypoints: bool) -> Any:
    """A new, strict plugin manager: the built-ins plus ``vs_plugins``."""
    plugins = [vs_plugins] if isinstance(vs_plugins, ModuleType) else list(vs_plugins)
    return make_plugin_manager(*plugins, entrypoints=vs_load_entrypoints, strict=True)


@pytest.fixture
def vs_registry(vs_plugin_manager: Any) -> Any:
    """The registry of ``vs_plugin_manager`` (strict: a plugin failing in a hook fails the test)."""
    from ..registry import Registry

    return Registry.from_plugin_manager(vs_plugin_manager, strict=True)


@pytest.fixture
def vs_engine(vs_registry: Any) -> Any:
    """An :class:`~villagescore.engine.Engine` on ``vs_registry``."""
    from ..engine import Engine

    return Engine(vs_registry)


@pytest.fixture
def vs_tiny_rows(vs_registry: Any) -> list[dict[str, Any]]:
    """Three villages with a value for every registered field (see :func:`tiny_rows`)."""
    return tiny_rows(vs_registry, 3)


@pytest.fixture
def vs_tiny_dataset(vs_tiny_rows: list[dict[str, Any]], vs_registry: Any) -> Any:
    """``vs_tiny_rows`` validated as a :class:`~villagescore.datasets.Dataset`."""
    return make_dataset(vs_tiny_rows, vs_registry, name="vs_tiny_dataset")
