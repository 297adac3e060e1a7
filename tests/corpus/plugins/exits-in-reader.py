"""A plugin whose reader calls sys.exit(): a plugin error naming the reader, the plugin and the file."""

from villagescore import Reader, hookimpl


def _read(path):
    raise SystemExit("cannot read this")


@hookimpl
def register_readers():
    return [Reader("weird", (".weird",), _read, "Calls sys.exit.")]
