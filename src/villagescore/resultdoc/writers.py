"""Writing a result document as it is produced: JSON (compact or indented) and JSON Lines.

The records are encoded :data:`~villagescore.resultdoc.codes.CHUNK` village-years at a time,
shared between processors by :func:`villagescore.chunks.chunks_in_order` (the same bytes as
encoding them all here).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from ..chunks import chunks_in_order
from ..i18n import N_
from ..progress import phase
from .codes import CHUNK, PRETTY_LIMIT
from .encoding import encode, encoded_records
from .header import header
from .records import to_document
from .tables import RecordTables, record_tables

if TYPE_CHECKING:
    from ..results import Result

#: The progress phase of writing the records (its steps: village-years written).
WRITING = N_("writing village-years")


def write_json(result: Result, handle: IO[bytes], *, pretty: bool | None = None) -> None:
    """Write the JSON document to the binary ``handle``.

    ``pretty``: indent by 2 spaces; ``None`` indents results of at most :data:`PRETTY_LIMIT`
    village-years. Otherwise the document is compact, one village-year per line.
    """
    if pretty is None:
        pretty = len(result) <= PRETTY_LIMIT
    if pretty:
        text = json.dumps(to_document(result), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        handle.write(text.encode("utf-8"))
        return
    tables = record_tables(result)
    head = encode(header(result, tables.profiles))
    handle.write((head[:-1] + ',"villages":[\n').encode("utf-8"))
    pending = b""
    for chunk in _records(result, tables, ",\n"):
        handle.write(pending)
        pending = chunk
    # one record per line, each but the last followed by a comma
    handle.write(pending[:-2] + b"\n]}\n" if pending else b"]}\n")


def write_jsonl(result: Result, handle: IO[bytes]) -> None:
    """Write JSON Lines to the binary ``handle``: the header line, one village-year per line, the end record.

    The end record (:func:`end_record`) says the file is whole: JSON Lines has no closing
    bracket, so a file cut after a whole line would otherwise read as a smaller result.
    """
    tables = record_tables(result)
    handle.write((encode({"record": "header", **header(result, tables.profiles)}) + "\n").encode("utf-8"))
    for chunk in _records(result, tables, "\n"):
        handle.write(chunk)
    handle.write((encode(end_record(len(result))) + "\n").encode("utf-8"))


def end_record(village_years: int) -> dict[str, object]:
    """The last line of a JSON Lines result: ``{"record": "end", "village_years": N}``."""
    return {"record": "end", "village_years": village_years}


def _records(result: Result, tables: RecordTables, end: str) -> Iterator[bytes]:
    """The UTF-8 of the records, chunk by chunk in order, each record followed by ``end``; progress counted.

    ``tables`` are made before the chunks are shared out, so that no copy makes them again.
    """
    n = len(result)

    def make(start: int, stop: int) -> bytes:
        return encoded_records(result, start, stop, tables, end)

    with phase(WRITING, total=n) as advance, contextlib.closing(chunks_in_order(make, n, CHUNK)) as chunks:
        done = 0
        for chunk in chunks:
            yield chunk
            done = min(done + CHUNK, n)
            advance(done, n)
