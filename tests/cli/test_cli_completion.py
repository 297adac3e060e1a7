"""Shell completion as docs/cli.md documents it (click's _VILLAGESCORE_COMPLETE protocol)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_completion_scripts_are_generated(shell):
    assert f"_VILLAGESCORE_COMPLETE={shell}_source villagescore" in DOC.read_text(encoding="utf-8")
    env = {**os.environ, "_VILLAGESCORE_COMPLETE": f"{shell}_source"}
    run = subprocess.run([sys.executable, "-m", "villagescore"], env=env, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert "_VILLAGESCORE_COMPLETE" in run.stdout


def test_commands_complete():
    env = {**os.environ, "_VILLAGESCORE_COMPLETE": "bash_complete", "COMP_WORDS": "villagescore eva",
           "COMP_CWORD": "1"}
    run = subprocess.run([sys.executable, "-m", "villagescore"], env=env, capture_output=True, text=True,
                         check=False)
    assert "evaluate" in run.stdout
