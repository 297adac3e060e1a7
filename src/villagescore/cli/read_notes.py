"""What the command line says beside a dataset it read: the reader's notes, the rows that break plausibility checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["echo_notes", "echo_plausibility"]


def echo_plausibility(path: Path | str, dataset: Any, framework: Any = None, catalogues: Any = ()) -> None:
    """One line on standard error when rows break plausibility checks: how many, and how to see them.

    The data is scored as it is; ``villagescore validate`` lists every warning. The command shown
    names the catalogue files of the run (``--catalogue``) and a framework that reads the data
    otherwise than the default one (fields of its own, no ``sectors`` column needed, ``-f``):
    without them, validate would refuse the file.
    """
    warnings = getattr(dataset, "warnings", None)
    if warnings:
        import shlex

        from ..i18n import t
        from .messages import warning

        words = ["villagescore", *(f"--catalogue {shlex.quote(str(c))}" for c in catalogues), "validate",
                 shlex.quote(str(path))]
        if framework is not None and (framework.local_fields or not framework.uses_sectors):
            words += ["-f", shlex.quote(str(framework.source))]
        warning(t("plausibility_summary", n=len(warnings), file=path, command=" ".join(words)))


def echo_notes(path: Path | str, notes: list[str]) -> None:
    """Print the reader's notes (which sheet was read …) on standard error, in the run's language."""
    from ..errors import Said
    from ..i18n import current_language
    from .messages import note as say

    lang = current_language()
    for note in notes:
        say(f"{path}: {note.text(lang) if isinstance(note, Said) else note}")
