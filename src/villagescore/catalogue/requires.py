"""Fields a catalogue's indicators require that nothing declares: such an indicator could never be scored.

(An indicator a measure improves that nothing declares is checked as loading checks it:
:mod:`villagescore.catalogue.links`.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import Problem, SaidText, problem, said
from ..i18n import N_

__all__ = ["ProblemAsWarning", "UnknownRequiredField", "unknown_required_fields"]

#: An indicator of a catalogue file requiring a field neither the file nor an installed plugin declares.
UNKNOWN_REQUIRED = N_("indicator {indicator!r} requires unknown field {field!r}{hint}: neither this catalogue nor an "
                      "installed plugin declares it, so the indicator could never be scored")


def unknown_required_fields(doc: Mapping[str, Any], name: str, installed: Iterable[str]) -> list[Problem]:
    """A problem for each field an indicator of ``doc`` requires that neither ``doc`` nor ``installed`` declares.

    The near miss among the known fields (the file's own and the installed ones) is named.
    """
    from ..suggest import closest

    own = {spec.get("id") for spec in doc.get("fields") or () if isinstance(spec, Mapping)}
    installed = set(installed)
    known = sorted(f for f in own | installed if isinstance(f, str))
    out = []
    for i, spec in enumerate(doc.get("indicators") or ()):
        requires = spec.get("requires") if isinstance(spec, Mapping) else None
        for j, field in enumerate(requires if isinstance(requires, list) else ()):
            if isinstance(field, str) and field not in own and field not in installed:
                near = closest(field, known)
                out.append(problem(name, f"$.indicators[{i}].requires[{j}]", UNKNOWN_REQUIRED, params={
                    "indicator": spec.get("id"), "field": field,
                    "hint": said(SaidText, N_(" (did you mean {name!r}?)"), name=near) if near else ""}))
    return out


class ProblemAsWarning:
    """A catalogue's problem said by ``validate`` as a warning (``check``: its kind in JSON)."""

    check = ""

    def __init__(self, found: Problem) -> None:
        self.problem = found

    def format(self, lang: str) -> str:
        """The warning, in ``lang``."""
        from ..i18n import gettext

        return gettext(N_("warning: {message}"), lang).format(message=self.problem.format(lang))

    def to_dict(self, lang: str) -> dict[str, Any]:
        """The warning as JSON: ``{"kind": check, "where": ..., "message": ...}``."""
        return {"kind": self.check, "where": self.problem.where, "message": self.format(lang)}


class UnknownRequiredField(ProblemAsWarning):
    """:func:`unknown_required_fields`'s problem as a warning of ``validate`` (an error under strict mode)."""

    check = "requires"
