"""Where a data file's metadata sidecar is (``NAME.meta.json``), without importing pandas (``-o`` checks use it)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["metadata_path_for"]


def metadata_path_for(path: str | Path) -> Path:
    """Return the sidecar metadata path of a data file: ``NAME.meta.json``.

    Beside the name as given when a sidecar is there; otherwise, for a symbolic link
    (``latest.csv`` → ``2024-synthetic.csv``), beside the file it points to when that one
    has a sidecar: the metadata belongs to the data, not to the name it is reached by, and a
    link must not lose the data's synthetic mark or its estimates.
    """
    path = Path(path)
    beside = path.with_name(path.stem + ".meta.json")
    if beside.is_file():
        return beside
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a loop of links: the name as given
        return beside
    followed = target.with_name(target.stem + ".meta.json")
    return followed if target != path.absolute() and followed.is_file() else beside
