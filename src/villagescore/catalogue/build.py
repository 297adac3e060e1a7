"""Turn the entries of a catalogue (or of a framework's inline section) into plugin objects.

One function per kind, each taking a mapping already checked against the shared schema
(``schemas/definitions.schema.json``) and returning the same frozen object a plugin would
build in Python. Problems the schema cannot see (an unknown compute function, an object
that refuses its values) are collected by :class:`Builder`, with the JSON path of the entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import Problem, Term, message_of, problem
from ..i18n import N_
from ..objects import Check, Field, Indicator, Limit, Measure, Reference, Regulation, Sector, SectorCriterion

__all__ = ["Builder"]


def _tuple(value: Any) -> tuple:
    return tuple(value or ())


class Builder:
    """Builds objects from catalogue entries, collecting every problem with its file and path."""

    def __init__(self, name: str, computes: Mapping[str, Callable[..., Any]] | None = None, *,
                 allow_compute: bool = True) -> None:
        self.name = name
        self.computes = dict(computes or {})
        self.allow_compute = allow_compute
        self.problems: list[Problem] = []

    def _make(self, path: str, factory: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        try:
            return factory(*args, **kwargs)
        except (ValueError, TypeError) as exc:
            key = getattr(exc, "key", None)  # the key of the object the error is about, when it says so
            self.problems.append(Problem(self.name, f"{path}.{key}" if key else path, message_of(exc)))
            return None

    def references(self, items: Any, path: str) -> tuple[Reference, ...]:
        """References, each citing a regulation by id or naming a document."""
        out = []
        for i, spec in enumerate(items or ()):
            ref = self._make(f"{path}[{i}]", Reference, **dict(spec))
            if ref is not None:
                out.append(ref)
        return tuple(out)

    def field(self, spec: Mapping[str, Any], path: str) -> Field | None:
        """A raw field (one dataset column)."""
        return self._make(path, Field, spec["id"], dict(spec["label"]), type=spec.get("type", "number"),
                          unit=spec.get("unit", ""), minimum=spec.get("minimum"), maximum=spec.get("maximum"),
                          categories=_tuple(spec.get("categories")), not_greater_than=spec.get("not_greater_than"),
                          description=spec.get("description"), guidance=spec.get("guidance"),
                          category_labels=spec.get("category_labels"), category_dates=spec.get("category_dates"),
                          not_applicable_when=spec.get("not_applicable_when"))

    def indicator(self, spec: Mapping[str, Any], path: str) -> Indicator | None:
        """An indicator; ``compute`` names one of the functions the catalogue was loaded with."""
        compute = None
        name = spec.get("compute")
        if name is not None:
            if not self.allow_compute:
                self.problems.append(problem(self.name, f"{path}.compute", N_(
                    "an indicator declared here cannot name a compute function: it is the one field it requires, "
                    "scored by its scorer (a computed indicator needs a plugin)")))
                return None
            compute = self.computes.get(name)
            if compute is None:
                self.problems.append(problem(self.name, f"{path}.compute", N_("no compute function {name!r} was "
                                                                              "provided with this catalogue"),
                                             allowed="{known}", params={"name": name, "known": ", ".join(
                                                 sorted(self.computes)) or Term("none")}))
                return None
        feasible = spec.get("feasible")
        return self._make(
            path, Indicator, spec["id"], dict(spec["label"]), spec.get("unit", ""), spec["direction"],
            _tuple(spec["requires"]), compute=compute, sectors=_tuple(spec.get("sectors")),
            scorer=spec.get("scorer"), pillar=spec.get("pillar", ""), criterion=spec.get("criterion", ""),
            code=spec.get("code", ""), references=self.references(spec.get("references"), f"{path}.references"),
            measures=_tuple(spec.get("measures")), feasible=None if feasible is None else tuple(feasible),
            description=spec.get("description"), weight=spec.get("weight", 1.0), rationale=spec.get("rationale", ""),
            threshold=spec.get("threshold"),
        )

    def regulation(self, spec: Mapping[str, Any], path: str) -> Regulation | None:
        """A regulation version with the limits it sets."""
        limits = []
        for i, item in enumerate(spec.get("limits", ())):
            limit = self._make(f"{path}.limits[{i}]", Limit, item["id"], item["parameter"], item.get("unit", ""),
                               item["confidence"], provision=item.get("provision", ""),
                               column=item.get("column", ""), value=item.get("value"),
                               by_field=item.get("by_field"), values=dict(item.get("values", {})),
                               note=item.get("note", ""))
            if limit is not None:
                limits.append(limit)
        return self._make(path, Regulation, spec["id"], spec["document"], spec["confidence"], title=spec.get("title"),
                          issuing_act=spec.get("issuing_act", ""), valid_from=spec.get("valid_from"),
                          valid_to=spec.get("valid_to"), replaces=_tuple(spec.get("replaces")),
                          replaced_by=spec.get("replaced_by"), sources=_tuple(spec.get("sources")),
                          note=spec.get("note", ""), limits=tuple(limits), transition=spec.get("transition"),
                          in_force_verified_to=spec.get("in_force_verified_to"))

    def measure(self, spec: Mapping[str, Any], path: str) -> Measure | None:
        """A cleaner-production measure with the sectors it applies to."""
        return self._make(path, Measure, spec["id"], dict(spec["label"]), _tuple(spec["improves"]),
                          description=spec.get("description"),
                          references=self.references(spec.get("references"), f"{path}.references"),
                          sectors=_tuple(spec.get("sectors")))

    def sector(self, spec: Mapping[str, Any], path: str, measures: tuple[Measure, ...]) -> Sector | None:
        """A sector with its criteria and the measures that apply to it."""
        criteria = []
        for i, item in enumerate(spec.get("criteria", ())):
            crit = self._make(f"{path}.criteria[{i}]", SectorCriterion, item["id"], item["pillar"],
                              dict(item["label"]), weight=item.get("weight", 1.0),
                              rationale=item.get("rationale", ""))
            if crit is not None:
                criteria.append(crit)
        return self._make(path, Sector, spec["id"], dict(spec["label"]), description=spec.get("description"),
                          measures=measures, criteria=tuple(criteria))

    def check(self, spec: Mapping[str, Any], path: str) -> Check | None:
        """A plausibility check between two fields (which may be another plugin's: the registry checks them)."""
        return self._make(path, Check, spec["id"], spec["left"], spec["op"], spec["factor"], spec["right"],
                          dict(spec["message"]), _text_or_texts(spec["source"]),
                          severity=spec.get("severity", "warning"),
                          advice=spec.get("advice"), origin=f"{self.name}: {path}")


def _text_or_texts(value: Any) -> Any:
    """A text given in both languages (``{vi, en}``) as a plain dict, a single text as it is."""
    return dict(value) if isinstance(value, Mapping) else value
