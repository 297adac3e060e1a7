"""Build the plugin manager: entry points loaded one by one, built-ins, then check_pending.

Nothing happens at import time. :func:`get_plugin_manager` reads the environment when
called:

``VILLAGESCORE_LOAD_PLUGINS``
    Comma-separated entry-point names to load; set but empty loads none (the escape
    hatch when an installed plugin breaks the command line).
``VILLAGESCORE_DISABLE_PLUGINS``
    Comma-separated entry-point names never to load.
``VILLAGESCORE_STRICT_PLUGINS``
    ``1`` turns a plugin that fails to load into an error instead of a warning.
``VILLAGESCORE_CATALOGUES``
    Catalogue files to load as plugins without code (:mod:`villagescore.catalogue.files`),
    separated as in ``PATH``. A file named there (or by ``catalogues=``) that cannot be
    loaded is always an error: the run would otherwise score without the sector asked for.

Invalid values are refused, naming the variable (:mod:`villagescore.environment`). A plugin
that raises anything while it is imported — ``SystemExit`` included — is skipped with a
warning naming it; only Ctrl-C and SIGTERM stop the run.

The loading policy is documented for plugin authors in ``docs/plugins/loading.md``.
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pluggy

from . import environment, hookspecs
from .errors import FATAL, PluginError, SaidText, SaidWarning, Term, VillageScoreError, exception_text, said
from .i18n import N_

__all__ = [
    "ENTRY_POINT_GROUP",
    "BUILTIN_PLUGIN_NAME",
    "PluginLoadWarning",
    "PluginInfo",
    "get_plugin_manager",
    "plugin_infos",
    "environment_note",
]

ENTRY_POINT_GROUP = "villagescore"
BUILTIN_PLUGIN_NAME = "villagescore"


@dataclass
class LoadState:
    """What loading the plugins of one plugin manager found: the plugins skipped, and each plugin's details."""

    failures: list[tuple[str, str]] = field(default_factory=list)
    infos: dict[str, PluginInfo] = field(default_factory=dict)
    #: the plugins that are catalogue files (:mod:`villagescore.catalogue.files`), name -> path: their slips are errors
    catalogue_files: dict[str, str] = field(default_factory=dict)


#: The load state of every plugin manager this module built (kept beside pluggy's object, not on it).
_STATE: weakref.WeakKeyDictionary[pluggy.PluginManager, LoadState] = weakref.WeakKeyDictionary()


def load_state(pm: pluggy.PluginManager) -> LoadState:
    """The :class:`LoadState` of a plugin manager (empty for one this module did not build)."""
    return _STATE.get(pm) or LoadState()


class PluginLoadWarning(SaidWarning):
    """A plugin could not be loaded (or broke the contract) and was skipped (``text(lang)``: said in ``lang``)."""


@dataclass
class PluginInfo:
    """What villagescore knows about one registered plugin."""

    name: str
    version: str
    module: str
    distribution: str = ""
    hooks: list[str] = field(default_factory=list)


def _env_list(name: str) -> list[str] | None:
    return environment.names(name)


def _strict_from_env() -> bool:
    return environment.flag("VILLAGESCORE_STRICT_PLUGINS")


def _fail(strict: bool, failures: list[tuple[str, str]], name: str, template: str, **params: Any) -> None:
    """Record a plugin that cannot be used: a warning saying ``template`` with ``params`` (an error when strict)."""
    failures.append((name, said(SaidText, template, **params)))
    if strict:
        raise said(PluginError, template, **params)
    warnings.warn(said(PluginLoadWarning, template, **params), stacklevel=3)


def get_plugin_manager(
    *,
    entrypoints: bool = True,
    strict: bool | None = None,
    plugins: tuple[tuple[str, object], ...] = (),
    catalogues: Sequence[str | Path] = (),
    load: Sequence[str] | None = None,
) -> pluggy.PluginManager:
    """Return a new plugin manager with the hookspecs, plugins and built-ins registered.

    Parameters
    ----------
    entrypoints : bool
        Load plugins from the ``villagescore`` entry-point group (subject to the
        environment variables above).
    strict : bool, optional
        A plugin that fails to import, implements an unknown hook or clashes with another
        raises :class:`PluginError` instead of a :class:`PluginLoadWarning`. Defaults to
        ``VILLAGESCORE_STRICT_PLUGINS``.
    plugins : tuple of (name, module or object)
        Extra plugins to register (tests, ``--plugins`` style use).
    catalogues : paths
        Catalogue files to load as plugins without code, after those of
        ``VILLAGESCORE_CATALOGUES`` (``villagescore --catalogue FILE``); a file named twice is
        loaded once.
    load : names, optional
        Exactly the entry-point plugins to load, whatever ``VILLAGESCORE_LOAD_PLUGINS`` and
        ``VILLAGESCORE_DISABLE_PLUGINS`` say, and of the catalogue files only ``catalogues``,
        not those of ``VILLAGESCORE_CATALOGUES`` (``generate.py --plugins``: a recorded command
        gives the same plugins wherever it runs).

    Returns
    -------
    pluggy.PluginManager
        ``load_state(pm).failures`` lists ``(plugin name, message)`` for every plugin
        that was skipped, so that a framework needing one of its indicators can say so.
    """
    from . import builtin_plugin

    if strict is None:
        strict = _strict_from_env()
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    state = LoadState()
    _STATE[pm] = state
    failures, infos = state.failures, state.infos

    pm.register(builtin_plugin, name=BUILTIN_PLUGIN_NAME)
    from . import __version__

    infos[BUILTIN_PLUGIN_NAME] = PluginInfo(BUILTIN_PLUGIN_NAME, __version__, builtin_plugin.__name__,
                                            "villagescore")

    if entrypoints:
        _load_entry_points(pm, strict, failures, infos, load)
    for name, obj in plugins:
        if entrypoints and pm.get_plugin(name) is obj:
            continue  # the installed plugin itself, already loaded from its entry point (a plugin's own tests)
        _register_one(pm, name, lambda obj=obj: obj, "", strict, failures, infos)
    if isinstance(catalogues, (str, Path)):
        catalogues = [catalogues]
    # an isolated manager (entrypoints=False: tests, a plugin's own fixtures) takes only the files it is given
    # with load=, exactly the plugins named: the files of VILLAGESCORE_CATALOGUES are not, so only catalogues are read
    from_environment = environment.catalogue_paths() if entrypoints and load is None else ()
    _load_catalogue_files(pm, [*from_environment, *catalogues], state)
    return pm


def _load_catalogue_files(pm, paths: Sequence[str | Path], state: LoadState) -> None:
    """Register each catalogue file as a plugin named by its id (strictly: a file asked for must load).

    Raises
    ------
    CatalogueError
        A file is invalid (every problem of it).
    PluginError
        Its id is the name of a plugin already registered, or of another file's.
    """
    from .catalogue.files import CatalogueFile

    seen: set[Path] = set()
    for path in paths:
        resolved = Path(path).resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        plugin = CatalogueFile(path)
        other = state.catalogue_files.get(plugin.name)
        if other is not None:
            raise said(PluginError, N_("catalogue files {first} and {second} have the same id {id!r}; name one of them "
                                       "only, or give each an id of its own (its 'catalogue' key)"), first=other,
                       second=str(path), id=plugin.name)
        if pm.has_plugin(plugin.name):
            raise said(PluginError, N_("catalogue file {path}: its id {id!r} is already the name of a plugin; give the "
                                       "catalogue an id of its own (its 'catalogue' key)"), path=str(path),
                       id=plugin.name)
        if pm.is_blocked(plugin.name):  # an installed plugin of that name was disabled: the file takes its place
            pm.unblock(plugin.name)
        _register_one(pm, plugin.name, lambda plugin=plugin: plugin, "", True, state.failures, state.infos)
        state.infos[plugin.name] = PluginInfo(plugin.name, plugin.__version__, str(plugin.path))
        state.catalogue_files[plugin.name] = str(path)


def _load_entry_points(pm, strict, failures, infos, load: Sequence[str] | None = None) -> None:
    only = _env_list("VILLAGESCORE_LOAD_PLUGINS") if load is None else list(load)
    disabled = set(_env_list("VILLAGESCORE_DISABLE_PLUGINS") or ()) if load is None else set()
    seen: dict[str, str] = {}
    dists: dict[int, tuple[str, str]] = {}  # a distribution's metadata is parsed once, whatever its plugins
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
        if id(ep.dist) not in dists:
            dists[id(ep.dist)] = _name_and_version(ep.dist)
        dist, version = dists[id(ep.dist)]
        if ep.name in seen:
            _fail(strict, failures, ep.name, N_("plugin {plugin!r} is provided twice: by {first} and by {second}; "
                                                "uninstall one of them"),
                  plugin=ep.name, first=seen[ep.name] or "?", second=dist or "?")
            continue
        seen[ep.name] = dist
        if ep.name in disabled or (only is not None and ep.name not in only):
            pm.set_blocked(ep.name)
            continue
        _register_one(pm, ep.name, ep.load, dist, strict, failures, infos, version)
    for name in sorted(set(only or ()) - set(seen)):  # (disabling a plugin that is not installed is no error)
        _fail(strict, failures, name, N_("VILLAGESCORE_LOAD_PLUGINS names {plugin!r}, which is not installed; "
                                         "installed: {installed}") if load is None else
              N_("plugin {plugin!r} was asked for but is not installed; installed: {installed}"),
              plugin=name, installed=", ".join(sorted(seen)) or Term("none"))


def _name_and_version(dist: Any) -> tuple[str, str]:
    """A distribution's name and version, its metadata read once (``dist.name`` and ``dist.version`` read it each)."""
    if dist is None:
        return "", ""
    meta = dist.metadata
    return meta["Name"] or "", meta["Version"] or ""


def _register_one(pm, name, load, dist, strict, failures, infos, dist_version: str = "") -> None:
    try:
        obj = load()
    except FATAL:
        raise
    except BaseException as exc:  # a broken plugin (even one calling sys.exit) must not stop the others
        _fail(strict, failures, name, N_("plugin {plugin!r} ({distribution}) failed to load: {error}"),
              plugin=name, distribution=dist or Term(N_("no distribution")), error=exception_text(exc))
        return
    if pm.has_plugin(name) or pm.is_registered(obj):
        other = pm.get_name(obj) if pm.is_registered(obj) else name
        _fail(strict, failures, name, N_("plugin {plugin!r} is already registered as {other!r}"), plugin=name,
              other=other)
        return
    problems = _contract_problems(pm, name, obj)
    if problems:
        error = problems[0]
        for more in problems[1:]:
            error = said(SaidText, "{first}; {then}", first=error, then=more)
        _fail(strict, failures, name, N_("plugin {plugin!r} breaks the plugin contract: {error}"), plugin=name,
              error=error)
        return
    try:
        pm.register(obj, name=name)
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        if pm.has_plugin(name):
            pm.unregister(name=name)
        _fail(strict, failures, name, N_("plugin {plugin!r} breaks the plugin contract: {error}"), plugin=name,
              error=exc)
        return
    version = getattr(obj, "__version__", None) or dist_version or ""
    infos[name] = PluginInfo(name, str(version), getattr(obj, "__name__", type(obj).__name__), dist)


def _contract_problems(pm: pluggy.PluginManager, name: str, obj: object) -> list[str]:
    """What pluggy would refuse in ``obj``, said in any language with the fix: an unknown hook, a wrong signature.

    An unknown hook gets "did you mean …" (a misspelt ``register_indicators``); a hook declaring an
    argument its specification lacks names the arguments it takes.
    """
    import inspect

    from .suggest import closest

    specs = {hook: caller.spec.argnames for hook, caller in vars(pm.hook).items()
             if getattr(caller, "spec", None) is not None}
    out = []
    for attr in sorted(dir(obj)):
        try:
            opts = pm.parse_hookimpl_opts(obj, attr)
        except Exception:  # noqa: BLE001 - an attribute pluggy cannot read is pluggy's to report
            opts = None
        if opts is None:
            if attr in specs and callable(getattr(obj, attr, None)) and not _is_hookspec(getattr(obj, attr)):
                out.append(said(SaidText, N_("{hook} has the name of a hook but is not marked @hookimpl (from "
                                             "villagescore import hookimpl): it would be ignored"), hook=attr))
            continue
        hook = opts.get("specname") or attr
        if hook not in specs:
            close = closest(hook, specs)
            out.append(said(SaidText, N_("unknown hook {hook!r} (did you mean {close!r}?): the hooks are listed in "
                                         "docs/plugins/hooks.md"), hook=hook, close=close) if close else
                       said(SaidText, N_("unknown hook {hook!r}: not a villagescore hook; the hooks are listed in "
                                         "docs/plugins/hooks.md"), hook=hook))
            continue
        try:
            declared = [p.name for p in inspect.signature(getattr(obj, attr)).parameters.values()
                        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        except (TypeError, ValueError):
            continue
        if any(a not in specs[hook] for a in declared):
            args = ", ".join(repr(a) for a in declared)
            out.append(said(SaidText, N_("hook {hook} takes no arguments (it declares {args})"), hook=hook, args=args)
                       if not specs[hook] else
                       said(SaidText, N_("hook {hook} takes only {allowed} (it declares {args})"), hook=hook,
                            args=args, allowed=", ".join(repr(a) for a in specs[hook])))
    return out


def _is_hookspec(function: Any) -> bool:
    """Whether ``function`` is one of villagescore's hook specifications (a module may import them)."""
    from .hookspecs import PROJECT

    return hasattr(function, PROJECT + "_spec")


def plugin_infos(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """Return every registered plugin with its version and the hooks it implements, by name."""
    infos = load_state(pm).infos
    out = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:  # blocked
            continue
        info = infos.get(name) or PluginInfo(name, str(getattr(plugin, "__version__", "")),
                                             getattr(plugin, "__name__", ""))
        info.hooks = sorted(h.name for h in (pm.get_hookcallers(plugin) or []))
        out.append(info)
    return sorted(out, key=lambda i: i.name)


def environment_note(lang: str = "en") -> str:
    """A sentence naming the environment variables that kept installed plugins from loading, or ''.

    Shown under an error message, so that an "unknown indicator" caused by
    ``VILLAGESCORE_DISABLE_PLUGINS=weaving`` says so; in ``lang``. Reads entry points, never imports them.
    """
    from .i18n import gettext

    try:
        only = environment.names("VILLAGESCORE_LOAD_PLUGINS")
        disabled = set(environment.names("VILLAGESCORE_DISABLE_PLUGINS") or ())
    except VillageScoreError:  # an invalid value: the error itself names the variable
        return ""
    installed = sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})
    notes = []
    if only is not None:
        skipped = [n for n in installed if n not in only]
        if skipped:
            notes.append(gettext("VILLAGESCORE_LOAD_PLUGINS={value} is set, so {plugins} (installed) were not loaded",
                                 lang).format(value=repr(",".join(only)), plugins=_some(skipped, lang)))
    off = [n for n in installed if n in disabled and (only is None or n in only)]
    if off:
        notes.append(gettext("VILLAGESCORE_DISABLE_PLUGINS={value} is set, so {plugins} were not loaded",
                             lang).format(value=repr(",".join(sorted(disabled))), plugins=_some(off, lang)))
    return "; ".join(notes)


def _some(names: list[str], lang: str, shown: int = 6) -> str:
    from .i18n import gettext

    listed = ", ".join(names[:shown])
    if len(names) > shown:
        return gettext("plugins {names} and {n} more", lang).format(names=listed, n=len(names) - shown)
    return gettext("plugins {names}", lang).format(names=listed)
