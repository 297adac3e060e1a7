"""Ids that registered objects name across plugins: a regulation's predecessors and successor, a measure's indicators.

Each link is the slip of the plugin that wrote it, so it is said once, naming that plugin, when
every plugin is registered: a warning (an error in strict mode or for a catalogue file, as
:meth:`villagescore.Registry.strict_for` says), never later as a problem of some framework file
that does not mention it.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from .errors import PluginError, SaidText, said
from .i18n import N_
from .plugins import PluginLoadWarning

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from .registry import Registry

__all__ = ["drop_unlinked_regulations", "say_unknown_improved"]

#: A regulation version whose ``replaces``/``replaced_by`` names a version no plugin declares.
UNKNOWN_LINK = N_("plugin {plugin!r}: regulation {id!r} refers to unknown regulation {other!r} in {attribute}{hint}; "
                  "the regulation is left out: declare that version, or correct the id")

#: A regulation version linked to one left out for its own unknown link.
LINKED_TO_LEFT_OUT = N_("plugin {plugin!r}: regulation {id!r} refers to regulation {other!r} in {attribute}, which is "
                        "left out (see above); the regulation is left out too")

#: A measure improving an indicator no plugin registers.
UNKNOWN_IMPROVED = N_("plugin {plugin!r}: measure {measure!r} improves unknown indicator {indicator!r}{hint}: no "
                      "plugin registers it, so no improvement plan proposes the measure for it")


def _hint(registry: Registry, ident: str, known: object, hook: str) -> str:
    """" (did you mean …?)" for a near miss, then the plugins that failed to load such objects (``hook``)."""
    from .suggest import closest

    near = closest(ident, known)
    meant = said(SaidText, N_(" (did you mean {name!r}?)"), name=near) if near else ""
    failed = registry.failure_hint(hook)
    return said(SaidText, "{first}{then}", first=meant, then=failed) if failed else meant


def _say(registry: Registry, plugin: str, template: str, **params: object) -> None:
    if registry.strict_for([plugin]):
        raise said(PluginError, template, plugin=plugin, **params)
    warnings.warn(said(PluginLoadWarning, template, plugin=plugin, **params), stacklevel=4)


def drop_unlinked_regulations(registry: Registry) -> None:
    """Leave out (saying why) each regulation whose ``replaces`` or ``replaced_by`` names an unknown version.

    Leaving one out may leave a version linked to it unlinked in turn: repeated until none is.
    """
    regulations = registry.regulations
    left_out: set[str] = set()
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
                _say(registry, reg.plugin, LINKED_TO_LEFT_OUT, id=ident, other=other, attribute=attribute)
            else:
                _say(registry, reg.plugin, UNKNOWN_LINK, id=ident, other=other, attribute=attribute,
                     hint=_hint(registry, other, [r for r in regulations if r != ident], "register_regulations"))
            del regulations[ident]
            left_out.add(ident)
            dropped = True
        if not dropped:
            return


def say_unknown_improved(registry: Registry) -> None:
    """Say each indicator a sector's measure improves that no plugin registers (the measure stays: others may be).

    A plugin whose indicators failed to load (said already) is not told again of its own. An id in
    a namespace no loaded plugin has (``environment.x`` with ``environment`` not loaded: disabled,
    not chosen, not installed) is no slip: it names another plugin's indicator, improved when that
    plugin is loaded. An id in a loaded namespace, or without one, is said.
    """
    said_once: set[tuple[str, str]] = set()  # a measure two sectors carry is said once
    failed = {plugin for plugin, hook, _ in registry.hook_failures if hook == "register_indicators"}
    loaded = {*registry.plugin_versions, *(ident.split(".", 1)[0] for ident in registry.indicators)}
    for sector in registry.sectors.values():
        if sector.plugin in failed:
            continue
        for measure in sector.measures:
            for indicator in measure.improves:
                if "." in indicator and indicator.split(".", 1)[0] not in loaded:
                    continue
                if indicator not in registry.indicators and (measure.id, indicator) not in said_once:
                    said_once.add((measure.id, indicator))
                    _say(registry, sector.plugin, UNKNOWN_IMPROVED, measure=measure.id, indicator=indicator,
                         hint=_hint(registry, indicator, registry.indicators, "register_indicators"))
