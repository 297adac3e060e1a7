"""Resolve a threshold spec against the declared regulations: cited limits, versions by date, or written out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import InvalidObjectError, SaidText, Term, said
from ..i18n import N_
from ..model import Threshold, ThresholdVersion
from ..objects import Field, Limit, Regulation
from .checks import did_you_mean

__all__ = ["resolve_threshold", "limits_to_cite", "cited_regulations", "OVERLAP"]

Report = Callable[..., None]


def limits_to_cite(references: Any, regulations: Mapping[str, Regulation]) -> str:
    """The thresholds an indicator's own references suggest, as a framework writes them (``""``: none).

    A reference citing a regulation's limit gives ``{regulation: R, limit: L}``; one citing only a
    regulation that sets limits gives ``{regulation: R, limit: L1 | L2}`` (one of them); several are
    joined by "or". Said when an indicator that needs a limit has no default threshold: which limit
    to cite, not only that one is missing.
    """
    out: list[str] = []
    for ref in references:
        ref = ref.to_dict() if hasattr(ref, "to_dict") else ref
        reg = regulations.get(ref.get("regulation") or "")
        if reg is None or not reg.limits:
            continue
        limit = ref.get("limit") or " | ".join(item.id for item in reg.limits)
        text = f"{{regulation: {reg.id}, limit: {limit}}}"
        if text not in out:
            out.append(text)
    if len(out) < 2:
        return "".join(out)
    return said(SaidText, N_("{choices} or {last}"), choices=", ".join(out[:-1]), last=out[-1])


def cited_regulations(spec: Mapping[str, Any]) -> set[str]:
    """The ids of the regulations a threshold spec cites (one, or one per version)."""
    items = spec.get("versions") or [spec]
    return {item["regulation"] for item in items if isinstance(item, Mapping) and item.get("regulation")}


def resolve_threshold(spec: Mapping[str, Any] | None, path: str, regulations: Mapping[str, Regulation],
                      fields: Mapping[str, Field], problem: Report, *, hint: str = "",
                      in_plugin: bool = False) -> Threshold | None:
    """Build the :class:`Threshold` of ``spec`` (the three forms of ``definitions.schema.json#/$defs/threshold``).

    ``problem(path, message, allowed="", params=None)`` receives every problem (with ``params``,
    ``message`` and ``allowed`` are templates marked for translation); ``None`` is returned when
    the threshold cannot be built. ``hint`` is said after an unknown regulation (the plugins that
    failed to give theirs); ``in_plugin``: the threshold is a plugin's, not the file's.
    """
    if spec is None:
        return None
    unknown = (N_("unknown regulation {id!r}: no installed plugin declares it{hint}") if in_plugin else
               N_("unknown regulation {id!r}: no installed plugin or this file declares it{hint}"))

    def known(ident: str, where: str) -> Regulation | None:
        return _regulation(ident, where, regulations, problem, unknown, hint)

    if "versions" in spec:
        versions = [_cited(item, f"{path}.versions[{i}]", known, problem)
                    for i, item in enumerate(spec["versions"])]
        if any(v is None for v in versions):
            return None
        _check_order(versions, f"{path}.versions", problem)
        built = tuple(ThresholdVersion(v.regulation, v.limit, v.note or spec.get("note", "")) for v in versions)
        return _checked(Threshold(built, by_date=True), path, fields, problem)
    if "limit" in spec:
        version = _cited(spec, path, known, problem)
        return None if version is None else _checked(Threshold((version,)), path, fields, problem)
    return _inline(spec, path, known, fields, problem)


def _unknown(problem: Report, path: str, template: str, name: str, known: list[str], params: dict[str, Any]) -> None:
    """An unknown id: "did you mean …?" for a slip, then every known id."""
    params = {**params, "known": ", ".join(known) or Term("none")}
    template, params = did_you_mean(template, params, name, known)
    problem(path, template, "{known}", params=params)


def _regulation(ident: str, path: str, regulations: Mapping[str, Regulation], problem: Report, template: str,
                hint: str) -> Regulation | None:
    reg = regulations.get(ident)
    if reg is None:
        _unknown(problem, f"{path}.regulation", template, ident, sorted(regulations), {"id": ident, "hint": hint})
    return reg


def _cited(spec: Mapping[str, Any], path: str, known: Callable[[str, str], Regulation | None],
           problem: Report) -> ThresholdVersion | None:
    reg = known(spec["regulation"], path)
    if reg is None:
        return None
    try:
        limit = reg.limit(spec["limit"])
    except KeyError:
        _unknown(problem, f"{path}.limit", N_("regulation {id!r} sets no limit {limit!r}"), spec["limit"],
                 [item.id for item in reg.limits], {"id": reg.id, "limit": spec["limit"]})
        return None
    return ThresholdVersion(reg, limit, spec.get("note", ""))


def _inline(spec: Mapping[str, Any], path: str, known: Callable[[str, str], Regulation | None],
            fields: Mapping[str, Field], problem: Report) -> Threshold | None:
    reg = known(spec["regulation"], path)
    if reg is None:
        return None
    try:
        limit = Limit("inline", spec["parameter"], spec["unit"], spec["confidence"],
                      provision=spec.get("provision", ""), column=spec.get("column", ""), value=spec.get("value"),
                      by_field=spec.get("by_field"), values=dict(spec.get("values", {})), note=spec.get("note", ""))
    except InvalidObjectError as refused:  # e.g. a blank text: the file's problem, located, not a traceback
        problem(path, said(SaidText, refused.template or str(refused), **(refused.params or {})))
        return None
    return _checked(Threshold((ThresholdVersion(reg, limit),)), path, fields, problem)


def _check_order(versions: list[ThresholdVersion], path: str, problem: Report) -> None:
    """Versions must not overlap in time: on any date at most one applies."""
    spans = sorted((v.regulation.valid_from or "", v.regulation.valid_to or "9999-12-31", v.regulation.id)
                   for v in versions)
    owners = {v.regulation.id: _owner(v.regulation) for v in versions}
    for (_, end, first), (start, _, second) in zip(spans, spans[1:], strict=False):
        if start <= end:
            problem(path, OVERLAP,
                    params={"first": first, "second": second, "date": start or Term(N_("every date")),
                            "first_owner": owners[first], "second_owner": owners[second]})


#: Two versions of a threshold in force on one date (``first`` and ``second``: the regulations' ids).
OVERLAP = N_("regulations {first!r} ({first_owner}) and {second!r} ({second_owner}) are both in force on {date}: "
             "versions of a threshold must follow each other. Set valid_from/valid_to of the regulations this file "
             "declares, or give the later one, declared in this file, replaces: [{first}]: it ends {first!r} the day "
             "before it takes effect")


def _owner(regulation: Regulation) -> Any:
    """Who declares ``regulation``: a plugin (by name) or the framework file."""
    if regulation.plugin.startswith("framework:"):  # resolve.LOCAL_PLUGIN_PREFIX
        return Term(N_("declared by this file"))
    if not regulation.plugin:
        return Term(N_("declared by a plugin"))
    return said(SaidText, N_("declared by plugin {plugin!r}"), plugin=regulation.plugin)


def _checked(threshold: Threshold, path: str, fields: Mapping[str, Field], problem: Report) -> Threshold:
    """A limit by category must name a category field and give a value for each of its categories."""
    for version in threshold.versions:
        limit = version.limit
        if limit.by_field is None:
            continue
        fld = fields.get(limit.by_field)
        inline = limit.id == "inline"
        where = f"{path} ({version.regulation.id}, limit {limit.id!r})"
        if fld is None or fld.type != "category":
            problem(f"{path}.by_field" if inline else where,
                    N_("by_field {field!r} is not a registered category field"), params={"field": limit.by_field})
            continue
        keys = set(limit.values)
        missing = sorted(set(fld.categories) - keys)
        extra = sorted(keys - set(fld.categories))
        if missing:
            problem(f"{path}.values" if inline else where, N_("no limit for categories {missing} of {field!r}"),
                    params={"missing": missing, "field": limit.by_field})
        if extra:
            problem(f"{path}.values" if inline else where, N_("{extra} are not categories of {field!r}"),
                    "{allowed}", params={"extra": extra, "field": limit.by_field, "allowed": ", ".join(fld.categories)})
    return threshold
