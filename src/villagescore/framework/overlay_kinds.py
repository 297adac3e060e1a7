"""Whether an overlay's ``change`` gives a value of the kind the base has there: a list, a mapping or one value.

``change`` merges a mapping into the base's mapping key by key and replaces anything else; a list
given where the base has one value, one value (or ``null``) where it has a list or a mapping, a
mapping where it has a list is a slip. It is said at its place in the overlay, with the value
given, what the base has and what to write, and the base keeps its value (so that the rest of
the overlay is applied and checked). A bilingual text is the one kind that may change form: a
string for both languages replaces a ``{vi, en}`` mapping, and the other way round.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Problem, SaidText, problem, said
from ..i18n import N_
from ..schema_messages import kind_of, shown

__all__ = ["kind_slip", "KIND_SLIP", "NULL_SLIP"]

#: A change whose value is not of the kind the base has at that place.
KIND_SLIP = N_("{value} is {given}, but the base has {kind} here ({base}): {write}")
#: A change to ``null`` where the base has a list or a mapping.
NULL_SLIP = N_("null gives no value, but the base has {kind} here ({base}): {write}")

#: What to write, by the kind the base has.
_WRITE = {
    "list": N_("write a list in brackets ([…]), the whole of it, since a list given in change replaces the base's"),
    "nodes": N_("write a list in brackets ([…]), the whole of it, since a list given in change replaces the base's; "
                "to add or take away one criterion, indicator, gate or tier, use add or remove"),
    "mapping": N_("write a mapping ({{key: value}}) of the keys to change: the others keep the base's values"),
    "value": N_("write one value of that kind in place of the base's"),
    "text": N_("write the text: one string for both languages, or {{vi: …, en: …}}"),
}

#: The keys holding the lists of nodes that ``add`` and ``remove`` change one by one.
_NODE_LISTS = frozenset({"criteria", "indicators", "gates", "tiers"})
#: The keys of a text given in both languages.
_LANGUAGES = frozenset({"vi", "en"})


def kind_slip(file: str, where: str, base: Any, given: Any) -> Problem | None:
    """The problem of ``given`` (at ``where`` in overlay ``file``) replacing ``base``, or ``None`` when it may.

    ``None`` too when the two are values of one kind (a number for a number, text for a number:
    the schema says which value it allows).
    """
    ours, theirs = _kind(base), _kind(given)
    if ours == theirs or _text(base, given) or _text(given, base):
        return None
    write = said(SaidText, _WRITE[_what_to_write(ours, where, base)])
    return problem(file, where, KIND_SLIP if given is not None else NULL_SLIP, params={
        "value": shown(given), "given": kind_of(given), "kind": kind_of(base), "base": shown(base), "write": write})


def _what_to_write(kind: str, where: str, base: Any) -> str:
    if _text("", base):  # a text in both languages: a string will do
        return "text"
    return "nodes" if kind == "list" and where.rpartition(".")[2] in _NODE_LISTS else kind


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "value"


def _text(one: Any, other: Any) -> bool:
    """Whether ``one`` is a string and ``other`` a text in both languages (``{vi: …, en: …}``)."""
    return isinstance(one, str) and isinstance(other, Mapping) and bool(other) and set(other) <= _LANGUAGES
