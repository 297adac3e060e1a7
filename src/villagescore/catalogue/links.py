"""A catalogue file's links checked as loading checks them: its regulations' versions, its measures' indicators.

``validate`` must give the verdict loading gives. Rather than a copy of the loader's checks,
the catalogue's objects are put beside the installed plugins' in a view of the registry and
the loader's own checks (:mod:`villagescore.registry_links`) run on it, each slip collected
as a problem instead of being raised.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import Problem, problem
from .requires import ProblemAsWarning

__all__ = ["LinkSlip", "catalogue_link_problems"]


def catalogue_link_problems(doc: Mapping[str, Any], name: str, registry: Any,
                            computes: Mapping[str, Callable[..., Any]], *, fatal: bool = True) -> list[Problem]:
    """Every slip loading the valid catalogue ``doc`` beside ``registry``'s plugins would say of the catalogue.

    A regulation whose ``replaces``/``replaced_by`` names a version nothing declares, a measure
    improving an indicator nothing declares: loaded as a catalogue file, each stops loading
    (:meth:`villagescore.Registry.strict_for`); all are said here at once. ``fatal``: worded as
    the error loading gives (else as its warning: a package loading the file, outside strict mode).
    """
    from ..catalogue import build_catalogue
    from ..registry_links import drop_unlinked_regulations, say_unknown_improved

    catalogue = build_catalogue(doc, name, "", computes=computes)
    plugin = catalogue.id
    view = copy.copy(registry)
    view.regulations = {**registry.regulations,
                        **{r.id: dataclasses.replace(r, plugin=plugin) for r in catalogue.regulations}}
    view.indicators = {**registry.indicators, **{i.id: i for i in catalogue.indicators}}
    view.sectors = {s.id: dataclasses.replace(s, plugin=plugin) for s in catalogue.sectors}
    view.left_out_regulations = dict(registry.left_out_regulations)
    # loaded beside the others: an id in its own namespace is its slip, not another plugin's indicator
    view.plugin_versions = {**registry.plugin_versions, plugin: str(doc.get("version", ""))}
    found: list[Problem] = []

    def collect(slip_plugin: str, templates: tuple[str, str], **params: Any) -> None:
        if slip_plugin == plugin:  # the installed plugins' own slips were said when they loaded
            template = templates[1 if fatal else 0]
            found.append(problem(name, _where(doc, params), template, params={"plugin": plugin, **params}))

    drop_unlinked_regulations(view, collect)
    say_unknown_improved(view, collect)
    return found


def _where(doc: Mapping[str, Any], params: Mapping[str, Any]) -> str:
    """The JSON path of the regulation or measure a slip is about (``$.regulations[2]``)."""
    section, ident = ("measures", params["measure"]) if "measure" in params else ("regulations", params["id"])
    for i, spec in enumerate(doc.get(section) or ()):
        if isinstance(spec, Mapping) and spec.get("id") == ident:
            return f"$.{section}[{i}]"
    return ""


class LinkSlip(ProblemAsWarning):
    """A problem of :func:`catalogue_link_problems` as a warning of ``validate``.

    Only for a catalogue a plugin package loads (it names compute functions) outside strict
    mode: there the loader warns and leaves the regulation out, or proposes the measure for nothing.
    """

    check = "links"
