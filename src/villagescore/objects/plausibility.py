"""Plausibility checks: soft rules between two fields of a row, declared as data."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import N_
from ..reprs import shown_by
from .checks import _check_id, _set_text, refused

#: The comparisons a check may make: ``left <= factor × right`` or ``left >= factor × right``.
CHECK_OPERATORS = ("<=", ">=")
#: How a failed check is reported. A warning never makes a dataset invalid.
CHECK_SEVERITIES = ("warning",)


@shown_by("left", "op", "factor", "right", "plugin")
@dataclass(frozen=True)
class Check:
    """A plausibility check between two numeric fields of the same row: ``left op factor × right``.

    A value that breaks it is not impossible — a hard rule would be a field's range or its
    ``not_greater_than`` — but unusual enough that someone should look at it (a unit slip, a
    typing error, two sources that count different things). ``villagescore validate``
    reports every row that breaks it as a warning; the file stays valid and is scored as it is.

    ``op`` is ``"<="`` or ``">="``; ``factor`` a number > 0. ``message`` (``{"vi", "en"}``)
    says what is implausible; ``advice`` (optional, ``{"vi", "en"}``) what to do about it;
    ``source`` where the factor comes from: a document, or ``"[E] ..."`` for the project's
    estimate, said in both languages (``{"vi", "en"}``) or as one text shown as written. A row
    where either value is missing is not checked. Nothing is evaluated from a file: the rule is
    these four parts, never an expression. ``origin`` says where the check
    was declared (``catalogue.yaml: $.checks[2]``), for messages.
    """

    id: str
    left: str
    op: str
    factor: float
    right: str
    message: Mapping[str, str]
    source: str | Mapping[str, str]
    severity: str = "warning"
    advice: Mapping[str, str] | None = None
    plugin: str = ""
    origin: str = ""

    def __post_init__(self) -> None:
        _check_id("check", self.id)
        for side in ("left", "right"):
            value = getattr(self, side)
            if not isinstance(value, str) or not value:
                raise refused(N_("{kind} {id!r}: {side!r} must name a field"), "check", self.id, side=side)
        if self.left == self.right:
            raise refused(N_("{kind} {id!r}: 'left' and 'right' name the same field {field!r}"), "check", self.id,
                          field=self.left)
        if self.op not in CHECK_OPERATORS:
            raise refused(N_("{kind} {id!r}: op {op!r} is not one of {allowed}"), "check", self.id, op=self.op,
                          allowed=", ".join(CHECK_OPERATORS))
        if isinstance(self.factor, bool) or not isinstance(self.factor, int | float) or not self.factor > 0:
            raise refused(N_("{kind} {id!r}: factor must be a number > 0, got {factor!r}"), "check", self.id,
                          factor=self.factor)
        if self.severity not in CHECK_SEVERITIES:
            raise refused(N_("{kind} {id!r}: severity {severity!r} is not one of {allowed}"), "check", self.id,
                          severity=self.severity, allowed=", ".join(CHECK_SEVERITIES))
        _set_text(self, "message", "check", self.id)
        _set_text(self, "advice", "check", self.id, optional=True)
        if isinstance(self.source, Mapping):
            _set_text(self, "source", "check", self.id)
        elif not isinstance(self.source, str) or not self.source.strip():
            raise refused(N_("{kind} {id!r}: give a 'source': the document the factor comes from, or '[E] …' for "
                             "the project's estimate"), "check", self.id)

    @property
    def fields(self) -> tuple[str, str]:
        """The two fields the check compares."""
        return (self.left, self.right)


#: Field types a check can compare (yes/no and categories have no ratio).
CHECK_FIELD_TYPES = ("number", "integer")


def check_field_problems(checks: Iterable[Check], fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(check id, message)`` for each field a check names that is not a known numeric field.

    The message says where the check was declared and, for a near miss, which field was meant.
    """
    out = []
    for check in checks:
        where = f"{check.origin}: " if check.origin else ""
        owner = f" (plugin {check.plugin!r})" if check.plugin else ""
        for side in ("left", "right"):
            fid = getattr(check, side)
            fld = fields.get(fid)
            if fld is None:
                close = difflib.get_close_matches(fid, list(fields), n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                out.append((check.id, f"{where}check {check.id!r}{owner}: {side} names unknown field {fid!r}{hint}"))
            elif getattr(fld, "type", "") not in CHECK_FIELD_TYPES:
                out.append((check.id, f"{where}check {check.id!r}{owner}: {side} names field {fid!r} of type "
                                      f"{fld.type!r}; a check compares {' or '.join(CHECK_FIELD_TYPES)} fields"))
    return out
