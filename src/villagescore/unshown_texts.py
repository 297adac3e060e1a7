"""The texts of plugin objects that no report shows yet, given without both languages: said, never refused.

A sector's, a measure's and an indicator's ``description`` are kept for a plugin's own use and
for later reports; nothing in villagescore displays them. A plugin giving one in English only
(``{"en": …}``, as the annotation allowed) or as one ``str`` still loads: each such text is a
:class:`~villagescore.plugins.PluginLoadWarning` naming the plugin, an error only when strict.
The texts a user reads (labels, a field's description, messages, advice) are refused when the
object is made.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

from .errors import PluginError, said
from .i18n import N_
from .objects.checks import KINDS, complete_text

__all__ = ["say_unshown_texts"]

UNSHOWN = N_("plugin {plugin!r}: {kind} {id!r}: {name} should be a mapping with non-empty 'vi' and 'en' texts (no "
             "report shows it yet): give it in both languages")


def say_unshown_texts(registry: Any) -> None:
    """Warn of each unshown text of ``registry``'s objects not given in both languages (an error when strict)."""
    from .plugins import PluginLoadWarning

    for plugin, kind, ident in _incomplete(registry):
        params = {"plugin": plugin, "kind": KINDS[kind], "id": ident, "name": "description"}
        if registry.strict_for([plugin]):
            raise said(PluginError, UNSHOWN, **params)
        warnings.warn(said(PluginLoadWarning, UNSHOWN, **params), stacklevel=4)


def _incomplete(registry: Any) -> Iterator[tuple[str, str, str]]:
    for indicator in registry.indicators.values():
        if indicator.description is not None and not complete_text(indicator.description):
            yield indicator.plugin, "indicator", indicator.id
    for sector in registry.sectors.values():
        if sector.description is not None and not complete_text(sector.description):
            yield sector.plugin, "sector", sector.id
        for measure in sector.measures:
            if measure.description is not None and not complete_text(measure.description):
                yield sector.plugin, "measure", measure.id
