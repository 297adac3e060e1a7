"""A per-user cache of what is expensive to work out and never changes for the same bytes.

Today it holds one thing: which documents were found valid against which schema. Checking
the fourteen catalogues of the installed plugins against ``catalogue.schema.json`` costs
about 0.15 s of every command; a catalogue whose exact bytes were found valid before, by
the same schema and the same jsonschema, is not checked again. Only a *valid* result is
remembered (a file with a problem is always checked, so its problems are always listed), and
the key covers the document's SHA-256, so an edited file is checked afresh.

The folder is ``VILLAGESCORE_CACHE_DIR`` when set (set but empty: no cache at all), else the
platform's per-user cache folder (``platformdirs``: ``~/.cache/villagescore`` on Linux). A
folder that cannot be written is not an error: the work is done every time instead.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["ENV_VAR", "cache_dir", "known_valid", "remember_valid"]

#: Environment variable naming the cache folder (empty: no cache).
ENV_VAR = "VILLAGESCORE_CACHE_DIR"


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when ``VILLAGESCORE_CACHE_DIR`` is set but empty."""
    env = os.environ.get(ENV_VAR)
    if env is not None:
        return Path(env).expanduser() if env.strip() else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("villagescore", appauthor=False))


def _marker(schema: str, schema_text: str, digest: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    from importlib.metadata import version

    from . import __version__

    key = hashlib.sha256("\n".join((schema, hashlib.sha256(schema_text.encode("utf-8")).hexdigest(),
                                    version("jsonschema"), __version__, digest)).encode("utf-8")).hexdigest()
    return folder / "valid" / key


def known_valid(schema: str, schema_text: str, digest: str) -> bool:
    """Whether a document with SHA-256 ``digest`` was found valid against this schema before."""
    marker = _marker(schema, schema_text, digest)
    return marker is not None and marker.is_file()


def remember_valid(schema: str, schema_text: str, digest: str) -> None:
    """Remember that the document with SHA-256 ``digest`` is valid against this schema (best effort)."""
    marker = _marker(schema, schema_text, digest)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch(exist_ok=True)  # an empty file: its name is the fact
    except OSError:  # a read-only home, a full disk: validate again next time
        pass
