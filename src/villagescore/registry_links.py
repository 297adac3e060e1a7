"""Ids that registered objects name across plugins: a regulation's predecessors and successor, a measure's indicators.

Each link is the slip of the plugin that wrote it, so it is said once, naming that plugin, when
every plugin is registered: a warning (an error in strict mode or for a catalogue file, as
:meth:`villagescore.Registry.strict_for` says, worded without "left out"), never later as a
problem of some framework file that does not mention it. ``validate`` runs the same checks on
a catalogue file (:mod:`villagescore.catalogue.links`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import PluginError, SaidText, said
from .i18n import N_
from .plugins import PluginLoadWarning

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .registry import Registry

__all__ = ["Say", "drop_unlinked_regulations", "say_unknown_improved"]

#: A regulation version whose ``replaces``/``replaced_by`` names a version no plugin declares (a warning: dropped).
UNKNOWN_LINK = N_("plugin {plugin!r}: regulation {id!r} refers to unknown regulation {other!r} in {attribute}{hint}; "
                  "the regulation is left out: declare that version, or correct the id")

#: The same slip as an error (strict mode, a catalogue file): nothing is left out, nothing loads.
UNKNOWN_LINK_ERROR = N_("plugin {plugin!r}: regulation {id!r} refers to unknown regulation {other!r} in "
                        "{attribute}{hint}: declare that version, or correct the id")

#: A regulation version linked to one left out for its own unknown link.
LINKED_TO_LEFT_OUT = N_("plugin {plugin!r}: regulation {id!r} refers to regulation {other!r} in {attribute}, which is "
                        "left out (see above); the regulation is left out too")

#: The same as an error: the version it names refers to an unknown one.
LINKED_TO_UNLINKED_ERROR = N_("plugin {plugin!r}: regulation {id!r} refers to regulation {other!r} in {attribute}, "
                              "which refers to an unknown version (see above): correct that one")

#: A measure improving an indicator no plugin registers.
UNKNOWN_IMPROVED = N_("plugin {plugin!r}: measure {measure!r} improves unknown indicator {indicator!r}{hint}: no "
                      "plugin registers it, so no improvement plan proposes the measure for it")

#: Why a regulation was left out, kept on the registry (:attr:`Registry.left_out_regulations`) for later hints.
_WHY_UNKNOWN = N_("it refers to unknown regulation {other!r} in {attribute}")
_WHY_LINKED = N_("it refers to regulation {other!r} in {attribute}, which is left out")

#: ``say(plugin, (warning, error), **params)``: how a slip is said (by default a warning, or an error when strict).
Say = Callable[..., None]


def _hint(registry: Registry, ident: str, known: object, hook: str) -> str:
    """" (did you mean …?)" for a near miss, then the plugins that failed to load such objects (``hook``)."""
    from .suggest import closest

    near = closest(ident, known)
    meant = said(SaidText, N_(" (did you mean {name!r}?)"), name=near) if near else ""
    failed = registry.failure_hint(hook)
    return said(SaidText, "{first}{then}", first=meant, then=failed) if failed else meant


def _say(registry: Registry) -> Say:
    def say(plugin: str, templates: tuple[str, str], **params: object) -> None:
        warning, error = templates
        if registry.strict_for([plugin]):
            raise said(PluginError, error, plugin=plugin, **params)
        warnings.warn(said(PluginLoadWarning, warning, plugin=plugin, **params), stacklevel=5)
    return say


def drop_unlinked_regulations(registry: Registry, say: Say | None = None) -> None:
    """Leave out (saying why) each regulation whose ``replaces`` or ``replaced_by`` names an unknown version.

    Leaving one out may leave a version linked to it unlinked in turn: repeated until none is.
    Each one left out is recorded, with why, in ``registry.left_out_regulations``. ``say``
    receives each slip instead of the registry's warning or error (``validate`` collects them).
    """
    say = say or _say(registry)
    regulations = registry.regulations
    left_out = registry.left_out_regulations
    while True:
        dropped = False
        for ident, reg in list(regulations.items()):
            links = [("replaces", other) for other in reg.replaces]
            links += [("replaced_by", reg.replaced_by)] if reg.replaced_by else []
            unknown = [(attribute, other) for attribute, other in links if other not in regulations]
            if not unknown:
                continue
            attribute, other = unknown[0]
            if other in left_out:
                say(reg.plugin, (LINKED_TO_LEFT_OUT, LINKED_TO_UNLINKED_ERROR), id=ident, other=other,
                    attribute=attribute)
                why = _WHY_LINKED
            else:
                say(reg.plugin, (UNKNOWN_LINK, UNKNOWN_LINK_ERROR), id=ident, other=other, attribute=attribute,
                    hint=_hint(registry, other, [r for r in regulations if r != ident], "register_regulations"))
                why = _WHY_UNKNOWN
            del regulations[ident]
            left_out[ident] = (reg.plugin, said(SaidText, why, other=other, attribute=attribute))
            dropped = True
        if not dropped:
            return


def say_unknown_improved(registry: Registry, say: Say | None = None) -> None:
    """Say each indicator a sector's measure improves that no plugin registers (the measure stays: others may be).

    A plugin whose indicators failed to load (said already) is not told again of its own. An id in
    the namespace of a plugin installed but not loaded (``environment.x`` with ``environment``
    disabled or not chosen) is no slip: it names that plugin's indicator, improved when it is
    loaded. Any other unknown id is said, a misspelt namespace (``enviroment.x``) too. ``say``: as
    for :func:`drop_unlinked_regulations`.
    """
    say = say or _say(registry)
    said_once: set[tuple[str, str]] = set()  # a measure two sectors carry is said once
    failed = {plugin for plugin, hook, _ in registry.hook_failures if hook == "register_indicators"}
    loaded = {*registry.plugin_versions, *(ident.split(".", 1)[0] for ident in registry.indicators)}
    elsewhere = _installed_plugins() - loaded  # installed, not loaded in this run
    for sector in registry.sectors.values():
        if sector.plugin in failed:
            continue
        for measure in sector.measures:
            for indicator in measure.improves:
                if "." in indicator and indicator.split(".", 1)[0] in elsewhere:
                    continue
                if indicator not in registry.indicators and (measure.id, indicator) not in said_once:
                    said_once.add((measure.id, indicator))
                    say(sector.plugin, (UNKNOWN_IMPROVED, UNKNOWN_IMPROVED), measure=measure.id, indicator=indicator,
                        hint=_hint(registry, indicator, registry.indicators, "register_indicators"))


def _installed_plugins() -> set[str]:
    """The names of the plugins installed (entry points), whether or not this run loads them."""
    from importlib.metadata import entry_points

    from .plugins import ENTRY_POINT_GROUP

    return {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
