"""Where the store lives: ``--store PATH``, else ``VILLAGESCORE_STORE``, else a per-user data folder.

The per-user folder follows each platform's convention (``platformdirs.user_data_dir``):
``$XDG_DATA_HOME/villagescore/store.sqlite`` (by default
``~/.local/share/villagescore/store.sqlite``; a relative ``XDG_DATA_HOME`` is ignored, as the
XDG spec says) on Linux and other Unix systems,
``~/Library/Application Support/villagescore/store.sqlite`` on macOS and
``%LOCALAPPDATA%``, folder ``villagescore``, on Windows. A user with no home folder (no ``HOME``
and no passwd entry: ``docker run --user 12345``, a CI job) has no such folder:
:class:`~villagescore.store.errors.StoreError` ``no_default_folder`` asks for ``--store`` or
``VILLAGESCORE_STORE``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "FILE_NAME", "default_path", "resolve_path"]

#: Environment variable that overrides the default store path.
ENV_VAR = "VILLAGESCORE_STORE"
#: File name of the store in the per-user data folder.
FILE_NAME = "store.sqlite"


def default_path() -> Path:
    """The store used when no ``--store`` is given: ``VILLAGESCORE_STORE`` or the per-user data folder."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return _expanded(env)
    import platformdirs

    try:
        folder = Path(platformdirs.user_data_dir("villagescore", appauthor=False))
        if not folder.is_absolute():  # a relative XDG_DATA_HOME, which older platformdirs releases take as it is
            folder = Path.home() / ".local" / "share" / "villagescore"
    except RuntimeError:  # "could not determine the home directory"
        from .errors import StoreError

        raise StoreError(key="no_default_folder", env=ENV_VAR) from None
    return folder / FILE_NAME


def resolve_path(path: str | os.PathLike[str] | None) -> Path:
    """``path`` when given, else :func:`default_path`."""
    return _expanded(path) if path else default_path()


def _expanded(path: str | os.PathLike[str]) -> Path:
    """``path`` with a leading ``~`` made the home folder; a home that cannot be found is a store error."""
    try:
        return Path(path).expanduser()
    except RuntimeError:  # "~/…" for a user with no home, or "~nosuchuser/…"
        from .errors import StoreError

        raise StoreError(key="no_home_folder", path=path, env=ENV_VAR) from None
