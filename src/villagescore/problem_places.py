"""The places a problem names (``row 7``, ``sheet 'data' cell B2``, ``line 3, column 5`` …), said in a language.

Problems name their place in English words; :func:`where_text` says a place in another language
by matching it against the English patterns below and filling the translated template.
"""

from __future__ import annotations

import re

from .i18n import N_

__all__ = ["where_text"]


#: The places a problem names in words, with the English template that says each in another language.
_WHERE = tuple((re.compile(pattern), template) for pattern, template in (
    (r"row (?P<n>\d+)", N_("row {n}")),
    (r"row (?P<n>\d+) \(index (?P<label>.+)\)", N_("row {n} (index {label})")),
    (r"line (?P<line>\d+)", N_("line {line}")),
    (r"line (?P<line>\d+), column (?P<column>\d+)", N_("line {line}, column {column}")),
    (r"sheet (?P<sheet>'.*') cell (?P<cell>[A-Z]+[0-9]+)", N_("sheet {sheet} cell {cell}")),
    (r"sheet (?P<sheet>'.*') cells (?P<cells>[A-Z]+[0-9]+:[A-Z]+[0-9]+)", N_("sheet {sheet} cells {cells}")),
    (r"key (?P<key>'.*')", N_("key {key}")),
    (r"(?P<path>\$\S*) \(target (?P<target>\S+)\)", N_("{path} (target {target})")),
    (r"column (?P<column>'.*')", N_("column {column}")),
    (r"village (?P<village>\S+) \((?P<year>\d+)\)", N_("village {village} ({year})")),
    (r"sheet (?P<sheet>'.*')", N_("sheet {sheet}")),
))


def where_text(where: str, lang: str | None) -> str:
    """The place a problem names (``row 7``, ``sheet 'data' cell B2`` …) said in ``lang`` (others as they are)."""
    if lang is None or lang == "en":
        return where
    from .i18n import gettext

    for pattern, template in _WHERE:
        found = pattern.fullmatch(where)
        if found:
            return gettext(template, lang).format(**found.groupdict())
    return where
