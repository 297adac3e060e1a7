"""``python -m villagescore``: the same command line as ``villagescore``."""

from villagescore.cli.process_exit import run

run()
