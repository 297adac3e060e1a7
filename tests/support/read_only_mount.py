"""Run Python code where a folder is bind-mounted read-only (a private mount namespace: root and ``unshare``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def require_mounting() -> None:
    """Skip the test unless this process may mount a folder read-only (root, with ``unshare``)."""
    if not shutil.which("unshare") or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root and unshare to mount a folder read-only")


def run_with_read_only_mount(source: Path, target: Path, code: str, *args: Any) -> subprocess.CompletedProcess:
    """``code`` run by this interpreter (``args`` as its ``sys.argv[1:]``) with ``source`` bind-mounted read-only
    at ``target`` (the same folder for a folder made read-only in place); skips where one cannot mount."""
    require_mounting()
    script = (f'mount --bind "{source}" "{target}" && mount -o remount,bind,ro "{target}" || exit 77\n'
              f'exec "{sys.executable}" -c "$0" "$@"')
    done = subprocess.run(["unshare", "-m", "sh", "-c", script, code, *map(str, args)], capture_output=True,
                          text=True)
    if done.returncode == 77 or "unshare failed" in done.stderr:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    return done
