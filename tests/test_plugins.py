"""Plugin loading (villagescore.plugins): entry points, escape hatches, broken plugins, strict mode.

Installed plugins are simulated with a temporary ``*.dist-info`` folder on ``sys.path``
(METADATA + entry_points.txt in group ``villagescore``), which ``importlib.metadata``
discovers exactly as it discovers a pip-installed distribution.
"""

from __future__ import annotations

import sys
import textwrap
import warnings
from pathlib import Path

import pytest

from villagescore.errors import FrameworkError, PluginError
from villagescore.plugins import (
    BUILTIN_PLUGIN_NAME,
    ENTRY_POINT_GROUP,
    PluginLoadWarning,
    get_plugin_manager,
    load_state,
    plugin_infos,
)
from villagescore.registry import Registry

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")

ENV_VARS = ("VILLAGESCORE_LOAD_PLUGINS", "VILLAGESCORE_DISABLE_PLUGINS", "VILLAGESCORE_STRICT_PLUGINS")

GOOD_SOURCE = """
from villagescore import Field, Indicator, Sector, hookimpl

__version__ = "1.2.3"

@hookimpl
def register_fields():
    return [Field("{prefix}_x", {{"vi": "X", "en": "X"}}, minimum=0, maximum=100)]

@hookimpl
def register_sectors():
    return [Sector("{prefix}", {{"vi": "Nghề {prefix}", "en": "{prefix} craft"}})]

@hookimpl
def register_indicators():
    return [Indicator("{prefix}.x", {{"vi": "X", "en": "X"}}, "%", "higher", ("{prefix}_x",),
                      scorer={{"method": "linear", "params": {{"worst": 0, "best": 100}}}})]
"""


class FakeSite:
    """A folder on sys.path holding fake installed distributions."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.modules: list[str] = []
        root.mkdir()
        monkeypatch.syspath_prepend(str(root))

    def install(self, dist: str, entry_points: dict[str, str], modules: dict[str, str],
                version: str = "0.4.0") -> None:
        """Write modules and a dist-info with the given entry points (name -> module)."""
        for module, source in modules.items():
            (self.root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
            self.modules.append(module)
        info = self.root / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n",
                                       encoding="utf-8")
        lines = [f"[{ENTRY_POINT_GROUP}]"] + [f"{name} = {target}" for name, target in entry_points.items()]
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        import importlib

        importlib.invalidate_caches()

    def good(self, name: str, version: str = "0.4.0") -> None:
        """Install a working plugin ``name`` (module ``vsfake_<name>``, dist ``vsfake-<name>``)."""
        self.install(f"vsfake-{name}", {name: f"vsfake_{name}"},
                     {f"vsfake_{name}": GOOD_SOURCE.format(prefix=name)}, version)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def site(tmp_path, monkeypatch):
    fake = FakeSite(tmp_path / "site", monkeypatch)
    yield fake
    for module in fake.modules:
        sys.modules.pop(module, None)


def _names(pm) -> list[str]:
    return [i.name for i in plugin_infos(pm)]


def _only(monkeypatch, *names: str) -> None:
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", ",".join(names))


# ---- the factory ----


def test_without_entry_points_only_builtins():
    pm = get_plugin_manager(entrypoints=False)
    assert _names(pm) == [BUILTIN_PLUGIN_NAME]
    assert load_state(pm).failures == []


def test_each_call_returns_a_new_manager():
    assert get_plugin_manager(entrypoints=False) is not get_plugin_manager(entrypoints=False)


def test_entry_point_plugin_is_loaded_with_its_distribution_and_version(site, monkeypatch):
    site.good("alpha", version="2.0.1")
    _only(monkeypatch, "alpha")
    pm = get_plugin_manager()
    infos = {i.name: i for i in plugin_infos(pm)}
    assert sorted(infos) == ["alpha", BUILTIN_PLUGIN_NAME]
    alpha = infos["alpha"]
    assert alpha.module == "vsfake_alpha"
    assert alpha.distribution == "vsfake-alpha"
    assert alpha.version == "1.2.3"  # the module's __version__ wins over the distribution's
    assert alpha.hooks == ["register_fields", "register_indicators", "register_sectors"]
    registry = Registry.from_plugin_manager(pm)
    assert registry.indicators["alpha.x"].plugin == "alpha"


def test_plugins_are_listed_sorted_by_name(site, monkeypatch):
    for name in ("zeta", "alpha", "mid"):
        site.good(name)
    _only(monkeypatch, "zeta", "alpha", "mid")
    assert _names(get_plugin_manager()) == ["alpha", "mid", BUILTIN_PLUGIN_NAME, "zeta"]


# ---- a plugin that fails to import ----


BROKEN_SOURCE = """
raise ImportError("needs the 'kilnlib' package")
"""


def test_broken_plugin_warns_naming_it_and_the_others_still_load(site, monkeypatch):
    site.good("alpha")
    site.install("vsfake-broken", {"broken": "vsfake_broken"}, {"vsfake_broken": BROKEN_SOURCE})
    site.good("zeta")
    _only(monkeypatch, "alpha", "broken", "zeta")
    with pytest.warns(PluginLoadWarning) as record:
        pm = get_plugin_manager()
    messages = [str(w.message) for w in record]
    assert len(messages) == 1
    assert "plugin 'broken' (vsfake-broken) failed to load" in messages[0]
    assert "ImportError: needs the 'kilnlib' package" in messages[0]
    assert _names(pm) == ["alpha", BUILTIN_PLUGIN_NAME, "zeta"]
    assert [name for name, _ in load_state(pm).failures] == ["broken"]


EXITING_SOURCE = """
import sys
sys.exit("this plugin needs Python 4")
"""


def test_a_plugin_calling_sys_exit_at_import_is_skipped_naming_it(site, monkeypatch):
    site.good("alpha")
    site.install("vsfake-exits", {"exits": "vsfake_exits"}, {"vsfake_exits": EXITING_SOURCE})
    _only(monkeypatch, "alpha", "exits")
    with pytest.warns(PluginLoadWarning, match="plugin 'exits' .vsfake-exits. failed to load: SystemExit: "
                                               "this plugin needs Python 4"):
        pm = get_plugin_manager()
    assert _names(pm) == ["alpha", BUILTIN_PLUGIN_NAME]
    assert [name for name, _ in load_state(pm).failures] == ["exits"]


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_broken_plugin_in_strict_mode_is_an_error(site, monkeypatch, how):
    site.install("vsfake-broken", {"broken": "vsfake_broken"}, {"vsfake_broken": BROKEN_SOURCE})
    _only(monkeypatch, "broken")
    kwargs = {}
    if how == "argument":
        kwargs["strict"] = True
    else:
        monkeypatch.setenv("VILLAGESCORE_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match=r"plugin 'broken' \(vsfake-broken\) failed to load"):
        get_plugin_manager(**kwargs)


def test_strict_argument_false_overrides_the_environment(site, monkeypatch):
    site.install("vsfake-broken", {"broken": "vsfake_broken"}, {"vsfake_broken": BROKEN_SOURCE})
    _only(monkeypatch, "broken")
    monkeypatch.setenv("VILLAGESCORE_STRICT_PLUGINS", "1")
    with pytest.warns(PluginLoadWarning, match="'broken'"):
        get_plugin_manager(strict=False)


def test_entry_point_naming_a_missing_module_warns(site, monkeypatch):
    site.install("vsfake-ghost", {"ghost": "vsfake_no_such_module"}, {})
    _only(monkeypatch, "ghost")
    with pytest.warns(PluginLoadWarning, match=r"plugin 'ghost' \(vsfake-ghost\) failed to load: "
                                                r"ModuleNotFoundError"):
        pm = get_plugin_manager()
    assert _names(pm) == [BUILTIN_PLUGIN_NAME]


# ---- escape hatches ----


def test_disable_plugins_blocks_without_importing(site, monkeypatch):
    site.good("alpha")
    site.install("vsfake-broken", {"broken": "vsfake_broken"}, {"vsfake_broken": BROKEN_SOURCE})
    _only(monkeypatch, "alpha", "broken")
    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", "broken, other")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the broken module is never imported: no warning
        pm = get_plugin_manager()
    assert _names(pm) == ["alpha", BUILTIN_PLUGIN_NAME]
    assert pm.is_blocked("broken")
    assert "vsfake_broken" not in sys.modules


def test_load_plugins_restricts_to_the_names_given(site, monkeypatch):
    site.good("alpha")
    site.good("beta")
    _only(monkeypatch, "beta")
    assert _names(get_plugin_manager()) == ["beta", BUILTIN_PLUGIN_NAME]


def test_load_plugins_empty_loads_none_not_even_first_party(site, monkeypatch):
    site.good("alpha")
    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "")
    pm = get_plugin_manager()
    assert _names(pm) == [BUILTIN_PLUGIN_NAME]
    # the built-ins still work: scorers and readers are there
    registry = Registry.from_plugin_manager(pm)
    assert "linear" in registry.scorers and "csv" in registry.readers


def test_load_plugins_naming_an_uninstalled_plugin_warns(site, monkeypatch):
    site.good("alpha")
    _only(monkeypatch, "alpha", "nosuch")
    with pytest.warns(PluginLoadWarning, match="VILLAGESCORE_LOAD_PLUGINS names 'nosuch'"):
        pm = get_plugin_manager()
    assert _names(pm) == ["alpha", BUILTIN_PLUGIN_NAME]


def test_entrypoints_false_ignores_installed_plugins(site, monkeypatch):
    site.good("alpha")
    _only(monkeypatch, "alpha")
    assert _names(get_plugin_manager(entrypoints=False)) == [BUILTIN_PLUGIN_NAME]


# ---- the contract is checked at load time ----


MISSPELT_SOURCE = """
from villagescore import hookimpl

@hookimpl
def register_indicator():   # singular: not a hook
    return []
"""


def test_misspelt_hook_is_caught_by_check_pending(site, monkeypatch):
    site.install("vsfake-typo", {"typo": "vsfake_typo"}, {"vsfake_typo": MISSPELT_SOURCE})
    site.good("alpha")
    _only(monkeypatch, "typo", "alpha")
    with pytest.warns(PluginLoadWarning) as record:
        pm = get_plugin_manager()
    (message,) = [str(w.message) for w in record]
    assert message == ("plugin 'typo' breaks the plugin contract: unknown hook 'register_indicator' (did you mean "
                       "'register_indicators'?): the hooks are listed in docs/plugins/hooks.md")
    assert "<module" not in message
    vi = record[0].message.text("vi")
    assert "có phải là 'register_indicators'?" in vi and "did you mean" not in vi
    assert _names(pm) == ["alpha", BUILTIN_PLUGIN_NAME]  # the offender is unregistered


def test_misspelt_hook_in_strict_mode_is_an_error(site, monkeypatch):
    site.install("vsfake-typo", {"typo": "vsfake_typo"}, {"vsfake_typo": MISSPELT_SOURCE})
    _only(monkeypatch, "typo")
    expected = r"(?s)plugin 'typo' breaks the plugin contract.*register_indicator"
    with pytest.raises(PluginError, match=expected):
        get_plugin_manager(strict=True)


def test_hookimpl_with_an_argument_the_spec_lacks_is_caught():
    from villagescore import hookimpl

    class Greedy:
        @hookimpl
        def register_fields(self, dataset):
            return []

    with pytest.warns(PluginLoadWarning) as record:
        pm = get_plugin_manager(entrypoints=False, plugins=(("greedy", Greedy()),))
    assert _names(pm) == [BUILTIN_PLUGIN_NAME]
    (warning,) = record
    assert str(warning.message) == ("plugin 'greedy' breaks the plugin contract: hook register_fields takes no "
                                    "arguments (it declares 'dataset')")
    vi = warning.message.text("vi")
    assert "hook register_fields không nhận tham số nào" in vi and "takes no" not in vi


def test_a_hook_with_an_argument_its_spec_does_not_have_names_those_it_has():
    from villagescore import hookimpl

    class Commands:
        @hookimpl
        def register_commands(self, cli, app):
            return None

    with pytest.warns(PluginLoadWarning, match=r"hook register_commands takes only 'cli' \(it declares 'cli', "
                                               r"'app'\)"):
        get_plugin_manager(entrypoints=False, plugins=(("commands", Commands()),))


def test_a_hook_like_name_far_from_every_hook_is_said_without_a_guess():
    from villagescore import hookimpl

    class Odd:
        @hookimpl
        def make_report(self):
            return None

    with pytest.warns(PluginLoadWarning, match="unknown hook 'make_report': not a villagescore hook"):
        get_plugin_manager(entrypoints=False, plugins=(("odd", Odd()),))


def test_a_hook_without_its_marker_is_said_not_silently_ignored():
    """A researcher's ``register_fields`` without ``@hookimpl``: pluggy ignores it; villagescore says so."""
    from villagescore import hookimpl
    from villagescore.hookspecs import register_indicators  # a hook's specification imported is not a mistake

    class Forgetful:
        def register_fields(self):
            return []

        @hookimpl
        def register_sectors(self):
            return []

    Forgetful.register_indicators = staticmethod(register_indicators)
    with pytest.warns(PluginLoadWarning) as record:
        pm = get_plugin_manager(entrypoints=False, plugins=(("forgetful", Forgetful()),))
    assert _names(pm) == [BUILTIN_PLUGIN_NAME]
    (warning,) = record
    assert str(warning.message) == ("plugin 'forgetful' breaks the plugin contract: register_fields has the name of a "
                                    "hook but is not marked @hookimpl (from villagescore import hookimpl): it would be "
                                    "ignored")
    vi = warning.message.text("vi")
    assert "@hookimpl" in vi and "bị bỏ qua" in vi and "would be ignored" not in vi


def test_same_entry_point_name_from_two_distributions_names_both(site, monkeypatch):
    site.install("vsfake-one", {"clash": "vsfake_one"}, {"vsfake_one": GOOD_SOURCE.format(prefix="one")})
    site.install("vsfake-two", {"clash": "vsfake_two"}, {"vsfake_two": GOOD_SOURCE.format(prefix="two")})
    _only(monkeypatch, "clash")
    with pytest.raises(PluginError, match=r"'clash' is provided twice: by vsfake-one and by vsfake-two"):
        get_plugin_manager(strict=True)
    with pytest.warns(PluginLoadWarning, match="provided twice"):
        pm = get_plugin_manager()
    assert _names(pm) == ["clash", BUILTIN_PLUGIN_NAME]  # the first one (sorted) is kept


def test_same_module_under_two_names_names_the_first(site, monkeypatch):
    site.install("vsfake-alias", {"first": "vsfake_alias", "second": "vsfake_alias"},
                 {"vsfake_alias": GOOD_SOURCE.format(prefix="alias")})
    _only(monkeypatch, "first", "second")
    with pytest.warns(PluginLoadWarning, match="plugin 'second' is already registered as 'first'"):
        pm = get_plugin_manager()
    assert _names(pm) == ["first", BUILTIN_PLUGIN_NAME]


def test_plugin_name_taken_by_the_builtins_is_refused():
    class Impostor:
        pass

    with pytest.raises(PluginError, match="plugin 'villagescore' is already registered"):
        get_plugin_manager(entrypoints=False, strict=True, plugins=((BUILTIN_PLUGIN_NAME, Impostor()),))


# ---- failures surface where they matter ----


def test_framework_needing_an_indicator_of_a_failed_plugin_names_both(site, monkeypatch, tmp_path):
    site.install("vsfake-broken", {"broken": "vsfake_broken"}, {"vsfake_broken": BROKEN_SOURCE})
    site.good("alpha")
    _only(monkeypatch, "alpha", "broken")
    framework = tmp_path / "fw.yaml"
    framework.write_text(textwrap.dedent("""
        id: needs-broken
        version: "1.0"
        title: {vi: Thử, en: Test}
        pillars:
          - id: env
            label: {vi: Môi trường, en: Environment}
            weight: 1
            criteria:
              - id: env.one
                label: {vi: Một, en: One}
                weight: 1
                indicators:
                  - {id: alpha.x, weight: 1}
                  - {id: broken.kiln_efficiency, weight: 1}
        rating:
          tiers:
            - {id: all, label: {vi: Tất cả, en: All}, min_score: 0}
    """), encoding="utf-8")
    with pytest.warns(PluginLoadWarning):
        registry = Registry.from_plugin_manager(get_plugin_manager())
    from villagescore.framework import load_framework

    with pytest.raises(FrameworkError) as info:
        load_framework(framework, registry)
    (problem,) = info.value.problems
    assert problem.where == "$.pillars[0].criteria[0].indicators[1].id"
    assert "unknown indicator 'broken.kiln_efficiency'" in problem.message
    assert "these plugins failed to load and may have provided it: broken" in problem.message


def test_load_names_exactly_the_plugins_whatever_the_environment_says(site, monkeypatch):
    """``get_plugin_manager(load=…)`` (``generate.py --plugins``): a recorded choice holds on any machine."""
    site.good("alpha")
    site.good("beta")
    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", "alpha")
    _only(monkeypatch, "beta")
    assert _names(get_plugin_manager(load=["alpha"])) == ["alpha", BUILTIN_PLUGIN_NAME]
    with pytest.warns(PluginLoadWarning, match="'gamma' was asked for but is not installed"):
        get_plugin_manager(load=["gamma"])
