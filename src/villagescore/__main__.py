"""``python -m villagescore``: the same command line as ``villagescore``."""

from villagescore.cli import main

main()
