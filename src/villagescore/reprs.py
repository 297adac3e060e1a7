"""Short reprs for a notebook: what identifies an object (its id beside its label), and counts, never a whole tree.

A framework's nodes hold their children, a dataset its frame, a score table its matrices:
their dataclass reprs ran to hundreds of kilobytes. Each public object's ``__repr__`` is
built here instead, one line of at most :data:`MAX_REPR` characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["MAX_REPR", "short_repr", "label_text", "counted", "node_repr", "shown_by"]

#: The longest repr (a longer one is cut with ``…`` before its closing parenthesis).
MAX_REPR = 300


def label_text(label: Mapping[str, str] | str | None) -> str:
    """The English label (else the Vietnamese one, else the text as it is): a repr is the same on every machine."""
    if not label:
        return ""
    if isinstance(label, str):
        return label
    return str(label.get("en") or label.get("vi") or "")


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 criterion``, ``4 criteria``: ``n`` and its noun."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def short_repr(kind: str, ident: Any = None, label: Mapping[str, str] | str | None = None, *parts: str,
               **fields: Any) -> str:
    """``Kind('id', label='Label', part, …, field=value, …)`` cut to :data:`MAX_REPR` characters.

    Fields whose value is ``None`` or ``""`` are left out; ``parts`` are written as they are.
    """
    items = [] if ident is None else [repr(ident)]
    text = label_text(label)
    if text and text != ident:
        items.append(f"label={_cut(text, 60)!r}")
    items += [p for p in parts if p]
    items += [f"{k}={v!r}" for k, v in fields.items() if v is not None and v != ""]
    out = f"{kind}({', '.join(items)})"
    return out if len(out) <= MAX_REPR else out[:MAX_REPR - 2] + "…)"


def _field(value: Any) -> Any:
    """A field as :func:`shown_by` shows it: ``None`` (left out) when empty or false, a number even when 0."""
    if isinstance(value, bool):
        return value or None
    if isinstance(value, int | float):
        return value  # a threshold of 0 is a threshold
    return value or None


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def node_repr(cls: type) -> type:
    """Class decorator of a framework node (pillar, criterion, indicator): its short repr replaces the dataclass's.

    Put above ``@dataclass``; equality and hashing stay the dataclass's.
    """
    cls.__repr__ = _node_repr
    return cls


def _node_repr(node: Any) -> str:
    kind = type(node).__name__
    if hasattr(node, "criteria"):  # a pillar
        return short_repr(kind, node.id, node.label, f"weight={node.weight!r}",
                          counted(len(node.criteria), "criterion", "criteria"), sector_weight=node.sector_weight)
    if hasattr(node, "indicators"):  # a criterion
        return short_repr(kind, node.id, node.label, f"weight={node.weight!r}", counted(len(node.indicators),
                          "indicator"), pillar=node.pillar, sector=node.sector)
    return short_repr(kind, node.id, getattr(node.indicator, "label", None), weight=node.weight,
                      scorer=getattr(node.scorer, "name", None), criterion=node.criterion, sectors=node.sectors or None)


def shown_by(*names: str, counts: tuple[tuple[str, str, str], ...] = ()) -> Any:
    """Class decorator of a registered object: a repr of its id (or name), its label and the fields ``names``.

    Put above ``@dataclass``: functions, schemas and descriptions are left out of the repr.
    ``counts`` are ``(attribute, noun, plural)`` of the objects it holds, shown counted
    (``3 measures``), never written out.
    """

    def apply(cls: type) -> type:
        def __repr__(self: Any) -> str:  # noqa: N807 - the method this decorator sets
            ident = getattr(self, "id", None) or getattr(self, "name", None)
            label = getattr(self, "label", None) or getattr(self, "title", None)
            held = [counted(len(getattr(self, attr)), noun, plural) for attr, noun, plural in counts]
            return short_repr(type(self).__name__, ident, label, *held,
                              **{n: _field(getattr(self, n)) for n in names})

        cls.__repr__ = __repr__
        return cls

    return apply
