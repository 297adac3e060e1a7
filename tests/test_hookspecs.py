"""The plugin contract polices itself: every hook is documented with its exact signature and tested.

Precedent: datasette's ``test_plugin_hooks_are_documented`` and
``test_plugin_hooks_have_tests``.
"""

from __future__ import annotations

import inspect
import re

import pytest

from tests.conftest import REPO
from villagescore import hookspecs
from villagescore.plugins import get_plugin_manager
from villagescore.registry import HOOK_TYPES

HOOKS_DOC = REPO / "docs" / "plugins" / "hooks.md"


def _hooks() -> dict[str, str]:
    """Hook name -> exact signature, e.g. ``register_commands(cli)``."""
    out = {}
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if hasattr(fn, f"{hookspecs.PROJECT}_spec"):
            out[name] = f"{name}{inspect.signature(fn)}"
    return out


HOOKS = _hooks()


def _doc_headings() -> list[str]:
    return re.findall(r"^## (\w+\(.*\))$", HOOKS_DOC.read_text(encoding="utf-8"), re.M)


def _test_names() -> set[str]:
    names = set()
    for path in (REPO / "tests").rglob("test_*.py"):
        names.update(re.findall(r"^def (test_hook_\w+)\(", path.read_text(encoding="utf-8"), re.M))
    return names


def test_the_hooks_are_the_ones_the_plugin_manager_knows():
    pm = get_plugin_manager(entrypoints=False)
    known = {name for name in dir(pm.hook) if not name.startswith("_")}
    assert set(HOOKS) == known
    assert len(HOOKS) == 11


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_plugin_hooks_are_documented(hook):
    assert HOOKS[hook] in _doc_headings(), (
        f"docs/plugins/hooks.md needs a heading '## {HOOKS[hook]}' (the exact signature in hookspecs.py)")


def test_documented_hooks_exist_in_the_same_order():
    by_line = sorted(HOOKS, key=lambda n: inspect.getsourcelines(getattr(hookspecs, n))[1])
    assert _doc_headings() == [HOOKS[n] for n in by_line], "hooks.md lists hooks not in hookspecs.py, or out of order"


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_plugin_hooks_have_tests(hook):
    assert f"test_hook_{hook}" in _test_names(), f"hook {hook} has no test named test_hook_{hook} under tests/"


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_hooks_have_a_docstring_with_returns(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert "Returns" in doc and ".. versionadded::" in doc


def test_registration_hooks_take_no_arguments_and_have_an_object_type():
    for hook, signature in HOOKS.items():
        if hook == "register_commands":
            assert signature == "register_commands(cli)"
            continue
        assert signature == f"{hook}()"
        assert hook in HOOK_TYPES, f"{hook} returns objects but the registry does not collect them"
