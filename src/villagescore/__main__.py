"""``python -m villagescore``: the same command line as ``villagescore``."""

if __name__ == "__main__":  # importing this module (pydoc, tools) must not run the command and end the process
    from villagescore.cli.process_exit import run

    run()
