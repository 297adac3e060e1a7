"""``villagescore datasets``: the datasets installed with villagescore, where they are, and a copy of them.

An installed user has no ``datasets/`` folder of a source checkout: this command prints the path of each
bundled file (:func:`villagescore.bundled.path`), to give wherever a command takes a dataset, and
``--copy DIR`` copies them into a folder of the user's own, keeping any file already there.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import N_
from .options import messages_lang_option

__all__ = ["datasets", "bundled_files", "copy_bundled"]

#: The kinds of file that are data (the package's own ``__init__.py`` and generator scripts are not).
_DATA_SUFFIXES = (".csv", ".json", ".xlsx", ".yaml")


def bundled_files() -> list[str]:
    """The bundled data files, as paths relative to :func:`villagescore.bundled.path` (``/``-separated, sorted)."""
    from villagescore import bundled

    root = bundled.path(".")
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.suffix in _DATA_SUFFIXES and "__pycache__" not in p.parts)


def _copy_new(source: Path, target: Path) -> bool:
    """Copy ``source`` to ``target`` whole (:func:`~villagescore.outputs.atomic_write`); False when it exists (kept)."""
    from ..outputs import atomic_write

    if target.exists() or target.is_symlink():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, source.read_bytes())
    return True


def copy_bundled(folder: Path) -> tuple[list[str], list[str]]:
    """Copy every bundled file into ``folder`` under its relative path; (copied, kept as they were)."""
    from villagescore import bundled

    from ..errors import OutputError, os_reason, said

    copied, kept = [], []
    for name in bundled_files():
        target = folder / name
        try:
            (copied if _copy_new(bundled.path(name), target) else kept).append(name)
        except OSError as exc:
            raise said(OutputError, N_("cannot copy {name} to {path}: {reason}"), name=name, path=str(target),
                       reason=os_reason(exc)) from None
    return copied, kept


@click.command()
@click.option("--copy", "copy_to", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Copy the bundled datasets (with their .meta.json files) into DIR; "
                   "a file already there is kept, never overwritten.")
@messages_lang_option
def datasets(copy_to: Path | None) -> None:
    """List the datasets installed with villagescore and the path of each.

    Give a path shown here wherever a command takes a dataset, e.g.
    `villagescore evaluate PATH` or `villagescore store add PATH`; in Python,
    `villagescore.bundled.path("phung-xa/phung-xa.csv")`. `--copy DIR` copies them
    into a folder of your own, to read or edit.
    """
    from villagescore import bundled

    from .messages import message, note, warning

    if copy_to is None:
        click.echo(message("Bundled datasets (relative name, then path):"))
        for name in bundled_files():
            click.echo(f"{name}\t{bundled.path(name)}")
        return
    copied, kept = copy_bundled(copy_to)
    for name in kept:
        warning(message("{path} exists: kept, not overwritten", path=copy_to / name))
    note(message("files copied to {folder}: {count}", folder=copy_to, count=len(copied)))
