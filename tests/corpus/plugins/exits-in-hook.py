"""A plugin whose hook calls sys.exit(): it must be skipped, never end the run."""

from villagescore import hookimpl


@hookimpl
def register_reporters():
    raise SystemExit("this plugin gives up")
