"""A comparison dict as JSON bytes: indented when small, compact (the C encoder) when large."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, BinaryIO

__all__ = ["comparison_json", "comparison_json_pieces", "write_comparison_json", "PRETTY_ROWS"]

#: Up to this many ranked rows a comparison's JSON is indented; above, compact (the C encoder).
PRETTY_ROWS = 100


def comparison_json(c: dict[str, Any]) -> bytes:
    """The comparison as JSON: indented by 2 spaces up to :data:`PRETTY_ROWS` ranked rows, compact above.

    Indenting forces Python's pure-Python encoder (15 s for 100,000 villages); a large
    comparison is written compact with the C encoder, one line, its ranked rows encoded
    column by column, a piece at a time (:meth:`~villagescore.compare.ranking.RankingRows.json_bytes`).
    """
    return b"".join(comparison_json_pieces(c))


def write_comparison_json(c: dict[str, Any], handle: BinaryIO) -> None:
    """Write :func:`comparison_json` to the binary ``handle`` piece by piece (a national one is never held whole)."""
    for piece in comparison_json_pieces(c):
        handle.write(piece)


def comparison_json_pieces(c: dict[str, Any]) -> Iterator[bytes]:
    """:func:`comparison_json` as pieces of UTF-8, the ranked rows 10,000 at a time."""
    import json

    from ..results import to_json_bytes

    rankings = c.get("rankings") or {}
    rows = rankings.get("rows") or []
    groups = c.get("groups")
    if len(rows) <= PRETTY_ROWS:
        yield to_json_bytes(_plain(c))
        return
    if not hasattr(rows, "json_bytes"):
        yield (json.dumps(_plain(c), ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")
        return
    # markers stand for the rows (ranked, and grouped) in the text of the rest
    marker = f"villagescore-rows-{uuid.uuid4().hex}"
    shell = {**c, "rankings": {**rankings, "rows": marker}}
    streams = [rows.json_bytes()]  # a piece of rows per processor held at a time
    if groups and hasattr(groups.get("rows"), "json_bytes"):
        shell["groups"] = {**groups, "rows": marker + "-groups"}
        streams.append(groups["rows"].json_bytes())  # 10,000 groups at a time
    text = json.dumps(shell, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    before, after = text.split(json.dumps(marker), 1)
    yield before.encode("utf-8")
    yield from streams[0]
    if len(streams) > 1:
        between, after = after.split(json.dumps(marker + "-groups"), 1)
        yield between.encode("utf-8")
        yield from streams[1]
    yield (after + "\n").encode("utf-8")


def _plain(c: dict[str, Any]) -> dict[str, Any]:
    """The comparison with its ranked and grouped rows as plain lists (for the pure-Python encoders)."""
    out = dict(c)
    if c.get("rankings"):
        out["rankings"] = {**c["rankings"], "rows": list(c["rankings"]["rows"])}
    if c.get("groups"):
        out["groups"] = {**c["groups"], "rows": list(c["groups"]["rows"])}
    return out
