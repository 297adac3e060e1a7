"""A number between 0 and 1 that a framework compares an indicator measured in % with: a fraction meant as %.

A gate ``value: 0.2`` on the share of craft households (20 % meant) never fires for a village at
15 %; a threshold written out as ``value: 0.5`` for a % indicator sets a limit of 0.5 %. Such a
number is said as a **warning**, not an error, unlike the dataset's guard (a column whose values
all lie between 0 and 1 is an error until its scale is declared): there, every value of a column
agrees, and the file has a way to say which scale is meant; here one number is the only evidence,
a condition below 1 % can be meant (an accident rate of 0.5 %), and a framework file has no scale
to declare, so an error would refuse a correct file with no way out.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from ..errors import SaidText, SaidWarning, Texts, said
from ..i18n import LANGS, N_

__all__ = ["FileOf", "FrameworkWarning", "framework_warning", "fraction_warnings", "warn_fractions", "written_in"]

#: The file of an overlay chain that wrote the value under the first node found of ``(node id, key)`` pairs, or ``None``
#: (:func:`villagescore.framework.overlay_places.file_that_set`).
FileOf = Callable[..., str | None]

#: The unit of an indicator measured in percent (0 to 100).
PERCENT = "%"
#: The kind of these warnings (:attr:`FrameworkWarning.check`).
FRACTION = "percent_fraction"

_GATE = N_("{file}: gate {gate!r} compares indicator {indicator!r}, measured in % (0 to 100), with {value}{effect}: "
           "if {percent} % is meant, write {percent} (a framework file writes percentages from 0 to 100, as the data "
           "do); if {value} % is meant, leave it as it is")
_THRESHOLD = N_("{file}: the threshold of indicator {indicator!r}, measured in % (0 to 100), is {value}: if "
                "{percent} % is meant, write {percent} (a framework file writes percentages from 0 to 100, as the data "
                "do); if {value} % is meant, leave it as it is")
#: What the gate does as written, by its operator: fires (caps the tier) only on one side of the small number.
_EFFECT = {">=": N_(" (as written, it fails only below {value} %)"),
           ">": N_(" (as written, it fails only at or below {value} %)"),
           "<=": N_(" (as written, it fails above {value} %)"),
           "<": N_(" (as written, it fails at or above {value} %)")}


class FrameworkWarning(SaidWarning):
    """A framework file that resolves, with a number that looks like a slip (a fraction where % is meant).

    ``check`` names the kind of slip for programs (``validate --format json``): ``percent_fraction``
    here, ``replaced_limit`` (:mod:`villagescore.framework.replaced_limits`).
    """

    check = ""

    def to_dict(self, lang: str) -> dict[str, Any]:
        """The warning as JSON in ``lang``: its ``kind`` (:attr:`check`), ``file``, the ``id`` it names, ``message``."""
        params = self.params or {}
        ident = params.get("gate") or params.get("indicator")
        return {"kind": self.check, "file": str(params.get("file") or "") or None, "id": ident,
                "message": self.text(lang)}


def framework_warning(check: str, template: str, /, **params: Any) -> FrameworkWarning:
    """A :class:`FrameworkWarning` of kind ``check`` saying ``template`` filled with ``params``."""
    found = said(FrameworkWarning, template, **params)
    found.check = check
    return found


def _number(x: float) -> Texts:
    """``0.2`` / ``0,2``: a number written as the file writes it, in each language's decimal mark."""
    text = f"{x:g}"
    return Texts({lang: text.replace(".", ",") if lang == "vi" else text for lang in LANGS})


def fraction_warnings(framework: Any, file_of: FileOf | None = None) -> list[FrameworkWarning]:
    """The gates comparing a % indicator's value with a number between 0 and 1, then such written-out thresholds.

    ``file_of``: the file of an overlay chain that wrote a node's value (:data:`FileOf`), named as the
    file to edit; without it, or when it knows none, the framework's own file.
    """
    units = {node.id: node.indicator.unit for node in framework.indicators}
    out = []
    for gate in framework.gates:
        value = gate.value
        if gate.on == "value" and value is not None and 0 < value < 1 and units.get(gate.indicator) == PERCENT:
            effect = said(SaidText, _EFFECT[gate.op], value=_number(value)) if gate.op in _EFFECT else ""
            file = written_in(framework, file_of, (gate.id, "condition.value"))
            out.append(framework_warning(FRACTION, _GATE, file=file, gate=gate.id, indicator=gate.indicator,
                            value=_number(value), percent=_number(value * 100), effect=effect))
    for node in framework.indicators:
        if node.threshold is None or node.indicator.unit != PERCENT:
            continue
        for version in node.threshold.versions:
            limit = version.limit
            values = [v.get("value") for v in limit.values.values()] if limit.by_field else [limit.value]
            numbers = [float(v) for v in values if isinstance(v, int | float)]
            if limit.id == "inline" and numbers and all(0 < v < 1 for v in numbers):
                file = written_in(framework, file_of, (node.id, "threshold"))
                out.append(framework_warning(FRACTION, _THRESHOLD, file=file, indicator=node.id,
                                             value=_number(max(numbers)), percent=_number(max(numbers) * 100)))
    return out


def written_in(framework: Any, file_of: FileOf | None, *named: tuple[str, str]) -> str:
    """The file that wrote the first of ``named`` (``(node id, key)``) by ``file_of``, else the framework's file."""
    return (file_of(*named) if file_of is not None else None) or framework.source


def warn_fractions(framework: Any, file_of: FileOf | None = None) -> None:
    """Issue each :func:`fraction_warnings` (the command line prints them as ``warning: …`` lines)."""
    for found in fraction_warnings(framework, file_of):
        warnings.warn(found, stacklevel=3)
