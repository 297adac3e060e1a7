"""A comparison dict as JSON bytes: indented when small, compact (the C encoder) when large."""

from __future__ import annotations

from typing import Any

__all__ = ["comparison_json", "PRETTY_ROWS"]

#: Up to this many ranked rows a comparison's JSON is indented; above, compact (the C encoder).
PRETTY_ROWS = 100


def comparison_json(c: dict[str, Any]) -> bytes:
    """The comparison as JSON: indented by 2 spaces up to :data:`PRETTY_ROWS` ranked rows, compact above.

    Indenting forces Python's pure-Python encoder (15 s for 100,000 villages); a large
    comparison is written compact with the C encoder, one line.
    """
    import json

    from ..results import to_json_bytes

    if len(c.get("rankings", {}).get("rows") or []) <= PRETTY_ROWS:
        return to_json_bytes(c)
    return (json.dumps(c, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")
