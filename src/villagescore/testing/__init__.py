"""Testing kit for plugin authors: pytest fixtures and assertion helpers.

Installed with villagescore as a pytest plugin (entry point ``pytest11``), so a plugin's
tests can use the fixtures without importing anything::

    # tests/conftest.py of a plugin
    import pytest
    import villagescore_pottery

    @pytest.fixture
    def vs_plugins():
        return [villagescore_pottery]

    # tests/test_pottery.py
    def test_framework_validates(vs_registry):
        check_framework_validates(FRAMEWORK, vs_registry)

Fixtures (each test gets fresh ones):

``vs_plugins``
    The plugins under test: a list of modules (or ``(name, object)`` pairs). Empty by
    default; override it in ``conftest.py``.
``vs_load_entrypoints``
    ``False`` by default: installed plugins are *not* loaded, so a test sees only the
    built-ins and ``vs_plugins``. Override it to return ``True`` to test discovery, or
    when the plugin names another plugin's field, indicator or sector (a plausibility check
    comparing with another plugin's field): the strict registry fails otherwise.
``vs_plugin_manager``, ``vs_registry``, ``vs_engine``
    A new plugin manager, its registry (strict: a plugin that fails in a hook fails the
    test) and an :class:`~villagescore.engine.Engine` on that registry.
``vs_tiny_rows``, ``vs_tiny_dataset``
    Three villages with a value for every registered field, as rows and as a validated
    :class:`~villagescore.datasets.Dataset`.

This module imports neither pandas nor numpy at import time: pytest loads it in every
test session of a machine where villagescore is installed.
"""

from __future__ import annotations

from .asserts import assert_scores_equal
from .fixtures import (
    vs_engine,
    vs_load_entrypoints,
    vs_plugin_manager,
    vs_plugins,
    vs_registry,
    vs_tiny_dataset,
    vs_tiny_rows,
)
from .plugins import make_plugin_manager, make_registry
from .rows import IDENTITY_DEFAULTS, make_dataset, tiny_rows
from .runs import check_framework_validates, evaluate_rows, run_indicator

__all__ = [
    "make_plugin_manager",
    "make_registry",
    "make_dataset",
    "tiny_rows",
    "assert_scores_equal",
    "check_framework_validates",
    "run_indicator",
    "evaluate_rows",
    "IDENTITY_DEFAULTS",
    "vs_plugins",
    "vs_load_entrypoints",
    "vs_plugin_manager",
    "vs_registry",
    "vs_engine",
    "vs_tiny_rows",
    "vs_tiny_dataset",
]
