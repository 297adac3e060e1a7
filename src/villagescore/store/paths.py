"""Where the store lives: ``--store PATH``, else ``VILLAGESCORE_STORE``, else a per-user data folder.

The per-user folder follows each platform's convention (as ``platformdirs`` does, without
the dependency): ``$XDG_DATA_HOME/villagescore/store.sqlite`` (by default
``~/.local/share/villagescore/store.sqlite``) on Linux and other Unix systems,
``~/Library/Application Support/villagescore/store.sqlite`` on macOS and
``%LOCALAPPDATA%``, folder ``villagescore``, on Windows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["ENV_VAR", "FILE_NAME", "default_path", "resolve_path"]

#: Environment variable that overrides the default store path.
ENV_VAR = "VILLAGESCORE_STORE"
#: File name of the store in the per-user data folder.
FILE_NAME = "store.sqlite"


def _data_home() -> Path:
    home = Path.home()
    if sys.platform == "win32":  # pragma: no cover - not tested on this platform
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    if sys.platform == "darwin":  # pragma: no cover - not tested on this platform
        return home / "Library" / "Application Support"
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    # the XDG spec says a relative path is invalid and must be ignored
    return Path(xdg) if xdg and os.path.isabs(xdg) else home / ".local" / "share"


def default_path() -> Path:
    """The store used when no ``--store`` is given: ``VILLAGESCORE_STORE`` or the per-user data folder."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return _data_home() / "villagescore" / FILE_NAME


def resolve_path(path: str | os.PathLike[str] | None) -> Path:
    """``path`` when given, else :func:`default_path`."""
    return Path(path).expanduser() if path else default_path()
