"""``python -m villagescore``: the same command line as ``villagescore``, started the same way."""

if __name__ == "__main__":  # importing this module (pydoc, tools) must not run the command and end the process
    from _villagescore_console import run

    run()
