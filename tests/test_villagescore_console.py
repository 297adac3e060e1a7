"""_villagescore_console: the console script says a Ctrl-C while the command line is still being imported."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: A Ctrl-C landing while ``villagescore.cli.process_exit`` (and with it villagescore, pluggy, click) is imported.
_CTRL_C_WHILE_IMPORTING = """
import builtins, sys
real = builtins.__import__
def imported(name, *args, **kwargs):
    if name == "villagescore.cli.process_exit":
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = imported
import _villagescore_console
sys.argv[0] = "villagescore"
_villagescore_console.run()
"""


def _run(code, *args, **env):
    environ = {k: v for k, v in os.environ.items() if k not in ("VILLAGESCORE_LANG", "LC_ALL", "LC_MESSAGES")}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          env={**environ, **env}, timeout=120, check=False)


@pytest.mark.parametrize(("args", "env", "said"), [
    (("evaluate", "big.csv", "--lang", "en"), {"VILLAGESCORE_LANG": "vi"}, "Interrupted."),
    (("evaluate", "big.csv"), {"VILLAGESCORE_LANG": "vi"}, "Đã ngắt."),
    (("evaluate", "big.csv"), {"LANG": "en_US.UTF-8"}, "Interrupted."),
    (("evaluate", "big.csv"), {"LANG": "C"}, "Đã ngắt."),
], ids=["--lang", "VILLAGESCORE_LANG", "locale", "default"])
def test_a_ctrl_c_while_the_command_line_is_imported_says_interrupted_not_a_traceback(args, env, said):
    """Seventeenth walk: a Ctrl-C in the first tenths of a second gave a KeyboardInterrupt traceback, exit 1 or -2."""
    done = _run(_CTRL_C_WHILE_IMPORTING, *args, **env)
    assert (done.returncode, done.stderr.strip()) == (130, said)


def test_importing_the_console_module_imports_nothing_of_villagescore():
    code = "import sys, _villagescore_console; print(sorted(m for m in sys.modules if m.startswith('villagescore')))"
    done = _run(code)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_installed_command_starts_here_and_runs_the_command_line():
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["villagescore"] == "_villagescore_console:run"
    done = _run("import sys, _villagescore_console; sys.argv[0] = 'villagescore'; _villagescore_console.run()",
                "plugins", "--lang", "en")
    assert done.returncode == 0 and "weaving" in done.stdout, done.stderr
