"""Shared fixtures: the toy plugin, framework and dataset under tests/support/."""

from __future__ import annotations

from pathlib import Path

import pytest

SUPPORT = Path(__file__).parent / "support"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _one_language_per_test(monkeypatch):
    """Every test starts in the default language and a wide terminal, whatever the developer's set-up.

    The command line makes its language current for the process (the i18n lookups, gettext's
    text domain and ``LANGUAGE``, which click's messages follow); this puts all three back.
    """
    import gettext

    from villagescore.i18n import use_language

    for name in ("VILLAGESCORE_LANG", "VILLAGESCORE_CATALOGUES", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "200")  # tables on one line each; the 80-column layout has its own tests
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", "")  # nothing written to the home; tests/test_cache.py tests it
    domain = gettext.textdomain()
    previous = use_language(None)
    yield
    use_language(previous if previous is None else None)
    gettext.textdomain(domain)


@pytest.fixture
def english_run():
    """A run in English: villagescore's warnings say their ``str()`` in the language of the run (Vietnamese here)."""
    from villagescore.i18n import use_language

    previous = use_language("en")
    yield
    use_language(previous)


@pytest.fixture
def support_dir() -> Path:
    return SUPPORT


@pytest.fixture
def toy_registry():
    from tests.support import toy_plugin
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin),))
    return Registry.from_plugin_manager(pm)


@pytest.fixture
def toy_framework(toy_registry):
    from villagescore.framework import load_framework

    return load_framework(SUPPORT / "toy-framework.yaml", toy_registry)


@pytest.fixture
def toy_dataset(toy_registry):
    from villagescore.datasets import read_dataset

    return read_dataset(SUPPORT / "toy.csv", toy_registry)


@pytest.fixture
def toy_result(toy_registry, toy_framework, toy_dataset):
    from villagescore.engine import Engine

    return Engine(toy_registry).evaluate(toy_framework, toy_dataset)


@pytest.fixture
def toy_cli(monkeypatch, toy_registry):
    """Run the CLI in-process with only the toy plugin installed; returns a function(args) -> Result."""
    from click.testing import CliRunner

    from villagescore import cli as cli_module
    from villagescore.registry import Registry

    monkeypatch.setattr(Registry, "default", classmethod(lambda cls, strict=None, catalogues=(): toy_registry))
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli_module.cli, [str(a) for a in args], catch_exceptions=True)

    return run
