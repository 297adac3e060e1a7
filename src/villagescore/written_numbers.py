"""A number too large for a float (``1e400``), read as infinity, that remembers how it was written.

The strict parser (:mod:`villagescore.parsing`) reads such a number as infinity, which every
caller refuses as not finite; the problem then quotes it as written (``1e400``), not as
``inf``, which the file does not say. Reading JSON stays on the standard library's fast path
for a text over 5 MiB (a dataset: its reader reads it again, only when it holds such a number).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

__all__ = ["OverflowedFloat", "as_written", "overflowed", "json_float_reader", "json_written_floats",
           "construct_yaml_float"]

#: Longest text quoted of a number written with thousands of digits.
_SHOWN_DIGITS = 24
#: Longest JSON text whose numbers go through :func:`_float` (a framework, targets or metadata file: at most
#: 5 MiB). A longer one (a dataset) is read on the standard library's fast path, its floats unchecked.
_CHECKED_UP_TO = 5 * 1024 * 1024


class OverflowedFloat(float):
    """Infinity read from a finite number too large for a float; ``written`` is its text in the file."""

    written: str

    def __repr__(self) -> str:
        return self.written

    __str__ = __repr__


def overflowed(text: str) -> float:
    """``text`` (a number too large for a float) as an infinity that says ``text`` when quoted."""
    value = OverflowedFloat(float("-inf") if text.lstrip().startswith("-") else float("inf"))
    text = text.strip()
    value.written = text if len(text) <= _SHOWN_DIGITS else f"{text[:_SHOWN_DIGITS]}…"
    return value


def as_written(value: Any) -> Any:
    """``value``, or the text a number too large for a float was written as (``1e400``)."""
    return value.written if isinstance(value, OverflowedFloat) else value


def _float(text: str) -> float:
    value = float(text)
    return overflowed(text) if math.isinf(value) else value


def json_float_reader(text: str) -> Callable[[str], float]:
    """The ``parse_float`` for JSON ``text``: ``float`` itself (the fast path) for a text over 5 MiB (a dataset)."""
    return _float if len(text) <= _CHECKED_UP_TO else float


def json_written_floats(text: str) -> Any:
    """JSON ``text`` parsed with every float too large for a float kept as written (a dataset's rare second pass)."""
    import json

    return json.loads(text, parse_float=_float)


def construct_yaml_float(loader: Any, node: Any) -> float:
    """PyYAML's float, a finite number too large for a float (``1e400``; not ``.inf``) remembering its text."""
    value = loader.construct_yaml_float(node)
    text = str(node.value)
    return overflowed(text) if math.isinf(value) and "inf" not in text.lower() else value
