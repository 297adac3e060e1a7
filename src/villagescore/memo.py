"""What thresholds derive from a frame's columns, worked out once per frame while it is scored.

Dozens of thresholds read the same columns of a frame (the year, a context column …): inside
:func:`frame_memo` each derivation (reference dates, version masks, a column's codes) is made once
per frame and kept until the block ends. :mod:`villagescore.model` re-exports the public names.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["frame_memo", "forget_frame", "column_codes", "in_memo", "shallow_copies_write_through",
           "warnings_and_scoring"]

#: Within :func:`frame_memo`, what thresholds derive from a frame's columns, per frame and key.
#: ``(memo, shared)``: ``shared`` when blocks opened inside it join it (:func:`frame_memo`).
_MEMO: contextvars.ContextVar[tuple[dict[tuple[int, Any], Any], bool] | None] = contextvars.ContextVar(
    "frame_memo", default=None)


@contextlib.contextmanager
def frame_memo(*, shared: bool = False) -> Iterator[None]:
    """While scoring one frame: derive each threshold's dates and context codes from its columns once.

    Dozens of thresholds read the same columns (the year, a context column …); the engine
    scores a frame inside this block, where the frame is not changed. Outside it every call
    works the values out again (a frame may have changed since). A block opened inside another
    starts a memo of its own, unless the enclosing one was opened with ``shared=True``: the
    command line and :func:`villagescore.evaluate` open one around the warnings they say
    before scoring and the scoring of the same frame, which read the same columns, and change
    nothing of the frame in between (see :func:`forget_frame` for a plugin's ``compute``).
    """
    enclosing = _MEMO.get()
    if enclosing is not None and enclosing[1]:
        yield
        return
    token = _MEMO.set(({}, shared))
    try:
        yield
    finally:
        _MEMO.reset(token)


def warnings_and_scoring(chosen: Any) -> contextlib.AbstractContextManager[None]:
    """The block around the warnings said before scoring a frame and its scoring: one shared memo.

    Not when villages are ``chosen`` (``--village``): the warnings and the engine then each filter
    their own frame, and the warnings' copy would be kept until the scoring ends.
    """
    return contextlib.nullcontext() if chosen else frame_memo(shared=True)


def forget_frame(frame: Any) -> None:
    """Drop what the current :func:`frame_memo` derived from ``frame`` (its columns may have changed)."""
    current = _MEMO.get()
    if current is not None:
        for k in [k for k in current[0] if k[0] == id(frame)]:
            del current[0][k]


def in_memo() -> bool:
    """Whether a :func:`frame_memo` block is running (what is derived there is kept, and shared)."""
    return _MEMO.get() is not None


def _memo(frame: Any, key: Any, make: Callable[[], Any]) -> Any:
    current = _MEMO.get()
    if current is None:
        return make()
    memo = current[0]
    k = (id(frame), key)
    if k not in memo:
        memo[k] = (frame, make())  # the frame is kept so that its id stays its own while the block lasts
    return memo[k][1]


def _taken(frame: Any, key: Any) -> Any:
    """What the current memo derived from ``frame`` under ``key``, forgotten by it (``None``: nothing)."""
    current = _MEMO.get()
    entry = None if current is None else current[0].pop((id(frame), key), None)
    return None if entry is None else entry[1]


def column_codes(frame: Any, column: str) -> tuple[Any, tuple[Any, ...]]:
    """Each cell's index among ``frame[column]``'s distinct values (``-1`` when empty), and those values.

    Within :func:`frame_memo` worked out once per frame and column (the thresholds' context columns,
    the ``sectors`` column).
    """
    return _memo(frame, ("codes", column), lambda: _codes(frame[column]))


def _codes(column: Any) -> tuple[Any, tuple[Any, ...]]:
    from .factorize import factorize

    codes, uniques = factorize(column)
    codes.flags.writeable = False  # shared by every reader within the block
    return codes, tuple(uniques)


def shallow_copies_write_through() -> bool:
    """Whether an in-place edit of ``frame.copy(deep=False)`` reaches ``frame`` (pandas 2 without copy-on-write).

    The engine gives a plugin's ``compute`` such a copy: from pandas 3 (copy-on-write always) an
    edit of it never reaches the frame scored, so what the memo derived from the frame still holds.
    """
    import pandas as pd

    if int(pd.__version__.split(".")[0]) >= 3:
        return False
    try:
        return pd.get_option("mode.copy_on_write") is not True
    except (KeyError, pd.errors.OptionError):
        return True
