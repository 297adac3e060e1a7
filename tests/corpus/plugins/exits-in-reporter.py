"""A plugin whose reporter calls sys.exit() while rendering: a plugin error naming it, exit 1."""

from villagescore import Reporter, hookimpl


def _render(result, lang):
    raise SystemExit(3)


@hookimpl
def register_reporters():
    return [Reporter("boom", ".boom", _render, "Calls sys.exit.")]
