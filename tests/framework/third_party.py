"""A third-party plugin for the framework tests: an open-ended regulation version a framework may replace."""

from villagescore import Limit, Regulation, hookimpl
from villagescore.plugins import get_plugin_manager
from villagescore.registry import Registry


class ThirdParty:
    """A third-party plugin's open-ended regulation version with two limits: not a built-in, replaced the same way."""

    @hookimpl
    def register_regulations(self):
        return [Regulation("air-2020", "Air rule 2020", "verified", valid_from="2020-01-01",
                           limits=(Limit("c", "C", "mg/L", "verified", value=100),))]


def third_party_registry() -> Registry:
    """The toy plugin and :class:`ThirdParty`, as a registry."""
    from tests.support import toy_plugin

    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), ("third", ThirdParty())))
    return Registry.from_plugin_manager(pm)
