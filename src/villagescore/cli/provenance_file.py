"""Write a table's provenance beside it (``-o FILE.csv`` → ``FILE.provenance.json``), or say where it is."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..file_names import file_name
from ..i18n import N_
from .messages import message, note

__all__ = ["provenance_beside", "document_beside"]


@contextlib.contextmanager
def provenance_beside(reporter: Any, result: Any, output: Path | None, lang: str, output_locale: str = "default",
                      bom: bool = True) -> Iterator[None]:
    """Around the writing of ``result`` to ``output``: its provenance file, when ``reporter`` has no room for it.

    ``lang``: the language the table is written in (its labels), recorded in the provenance file, as
    ``output_locale`` (``--output-locale``) and ``bom`` (false with ``--no-bom``) when not at their defaults.

    The provenance file is refused before the table is written (a file the run reads, a
    read-only one: the rules of every output), is written to a temporary file, and both files
    are renamed together once both are whole and on the disk: a stopped run replaces both or
    neither (:mod:`villagescore.replaced_together`). Written to
    standard output (or a device), the table goes alone, and a note says where provenance is.
    """
    if not getattr(reporter, "provenance_file", False):
        yield
        return
    from ..provenance_file import provenance_bytes

    with document_beside(lambda name: provenance_bytes(result, name, lang, output_locale, bom), output):
        yield


@contextlib.contextmanager
def document_beside(document: Callable[[str], bytes], output: Path | None) -> Iterator[None]:
    """Around the writing of a table to ``output``: ``document(table's file name)`` in ``FILE.provenance.json``.

    As :func:`provenance_beside` says, for any table that keeps no provenance (a comparison's CSV section too).
    """
    from ..outputs import atomic_stream, is_special
    from ..provenance_file import provenance_path
    from ..replaced_together import replaced_together
    from .options import refuse_inputs

    if output is None or str(output) == "-" or is_special(Path(output)):
        note(message(N_("standard output gets the table alone: its provenance (framework, hashes, plugins, options, "
                        "regulation versions) is written beside the file with -o FILE (FILE.provenance.json), or "
                        "in the result of --format json")))
        yield
        return
    output = Path(output)
    beside = provenance_path(output)
    refuse_inputs(beside)
    data = document(file_name(output))
    with replaced_together(), atomic_stream(beside) as handle:  # both files renamed at the end, or neither
        handle.write(data)
        yield
    note(message(N_("the provenance of {table} (framework, hashes, plugins, options, regulation versions) is in "
                    "{file}"), table=file_name(output), file=beside))
