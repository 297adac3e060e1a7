"""Which recorded names are other places, not other ways of writing one: the "←" of comparisons and targets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .admin_mapping import spelling_key

__all__ = ["other_spellings"]


def other_spellings(names: Iterable[Any], name: Any) -> list[Any]:
    """The names of ``names`` that are not spellings of ``name``, each place once (its first spelling), in order.

    Spellings are told apart by :func:`villagescore.admin_mapping.spelling_key`: ``compare``'s group
    notes and the targets report's "←" list the provinces a group's village-years were recorded in,
    never another way of writing the group's own name (``Tỉnh Thanh Hóa``, ``Thanh Hoá``, ``Phu Tho``).
    """
    seen = {spelling_key(name)} if name else set()
    out = []
    for other in names:
        spelt = spelling_key(other)
        if spelt not in seen:
            seen.add(spelt)
            out.append(other)
    return out
