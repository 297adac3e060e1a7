"""Writing a result document as it is produced: JSON (compact or indented) and JSON Lines."""

from __future__ import annotations

import io
import json
from typing import IO, TYPE_CHECKING

from ..i18n import N_
from ..progress import phase
from .codes import CHUNK, PRETTY_LIMIT
from .encoding import encode, encoded_records
from .header import header, weight_profiles
from .records import to_document

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
    out = io.TextIOWrapper(handle, encoding="utf-8", newline="\n", write_through=False)
    try:
        if pretty:
            out.write(json.dumps(to_document(result), ensure_ascii=False, indent=2, allow_nan=False) + "\n")
            return
        weight_rows, profiles = weight_profiles(result)
        head = encode(header(result, profiles))
        out.write(head[:-1] + ',"villages":[\n')
        pending = ""
        with phase(WRITING, total=len(result)) as advance:
            for start in range(0, len(result), CHUNK):
                out.write(pending)
                pending = encoded_records(result, start, start + CHUNK, weight_rows, ",\n")
                advance(min(start + CHUNK, len(result)), len(result))
        # one record per line, each but the last followed by a comma
        out.write(pending[:-2] + "\n]}\n" if pending else "]}\n")
    finally:
        out.flush()
        out.detach()


def write_jsonl(result: Result, handle: IO[bytes]) -> None:
    """Write JSON Lines to the binary ``handle``: the header line, then one village-year per line."""
    out = io.TextIOWrapper(handle, encoding="utf-8", newline="\n", write_through=False)
    try:
        weight_rows, profiles = weight_profiles(result)
        out.write(encode({"record": "header", **header(result, profiles)}) + "\n")
        with phase(WRITING, total=len(result)) as advance:
            for start in range(0, len(result), CHUNK):
                out.write(encoded_records(result, start, start + CHUNK, weight_rows, "\n"))
                advance(min(start + CHUNK, len(result)), len(result))
    finally:
        out.flush()
        out.detach()
