"""Shared vocabularies and id/label checks of the plugin objects."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - annotations only
    pass


#: Types a raw field may have. ``boolean`` accepts 1/0, true/false, yes/no, có/không.
FIELD_TYPES = ("number", "integer", "boolean", "category", "text")


#: Direction of an indicator: which values are better.
DIRECTIONS = ("higher", "lower", "range", "boolean", "category")


#: How sure we are of a legal value or a citation (see ``docs/framework-format.md``).
CONFIDENCE_LEVELS = ("verified", "secondary", "unverified", "estimate")


_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


def _check_id(kind: str, value: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        msg = (
            f"{kind} id {value!r} is not a valid id: use lower-case ASCII letters, digits, "
            "'_' and '.' (e.g. 'environment.wastewater_treated')"
        )
        raise ValueError(msg)


def _check_label(kind: str, ident: str, label: Any, name: str = "label") -> None:
    if not isinstance(label, Mapping) or not label.get("vi") or not label.get("en"):
        msg = f"{kind} {ident!r}: {name} must be a mapping with non-empty 'vi' and 'en' texts"
        raise ValueError(msg)
