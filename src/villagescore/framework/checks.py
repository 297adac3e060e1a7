"""Pass 2 of loading a document: no unsafe characters or non-finite numbers, then its schema, each problem located."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import Count, Problem, SaidText, Term, close_matches, problem, said
from ..i18n import N_
from ..objects.checks import RESERVED_NODE_IDS
from ..unsafe_text import unsafe_text_problems
from ..written_numbers import as_written

__all__ = ["document_problems", "json_path", "value_errors", "did_you_mean", "known_list", "unknown_requires",
           "DUPLICATE_ID", "ZERO_WEIGHTS", "DECLARED_BY_PLUGIN", "SHOWN_KNOWN", "RESERVED_NODE_IDS", "RESERVED_NODE_ID",
           "UNKNOWN_FILE_SECTOR", "UNKNOWN_PLUGIN_SECTOR"]

#: Known ids an "allowed" list names at most when there are many (indicators, fields): the others are
#: counted, and a did-you-mean names the likely ones first.
SHOWN_KNOWN = 20

#: A repeated id in a framework file, by what the id names (one sentence each: the kind is translated with it).
DUPLICATE_ID = {
    "field": N_("duplicate field id {id!r} (first at {first})"),
    "regulation": N_("duplicate regulation id {id!r} (first at {first})"),
    "indicator": N_("duplicate indicator id {id!r} (first at {first})"),
    "pillar/criterion": N_("duplicate pillar/criterion id {id!r} (first at {first})"),
    "tier": N_("duplicate tier id {id!r} (first at {first})"),
    "gate": N_("duplicate gate id {id!r} (first at {first})"),
}
#: A pillar or criterion id that is reserved (:data:`villagescore.objects.checks.RESERVED_NODE_IDS`).
RESERVED_NODE_ID = N_("{id!r} is reserved for the overall score (columns overall_score and overall_coverage) and "
                      "cannot be a pillar or criterion id; give this one another id")
#: Sibling weights that sum to 0, by what the siblings are.
ZERO_WEIGHTS = {
    "pillars": N_("the weights of these pillars sum to 0; at least one must be positive"),
    "criteria": N_("the weights of these criteria sum to 0; at least one must be positive"),
    "indicators": N_("the weights of these indicators sum to 0; at least one must be positive"),
}
#: An unknown sector a framework file names (it cannot declare one) …
UNKNOWN_FILE_SECTOR = N_("unknown sector {sector!r}: a sector comes from a plugin, a framework file cannot add one; to "
                         "add it, write its plugin (villagescore new-plugin, docs/plugins/tutorial.md)")
#: … and one a plugin's indicator names in its own ``sectors``: the plugin's slip, not the file's.
UNKNOWN_PLUGIN_SECTOR = N_("unknown sector {sector!r} in the sectors of indicator {id!r}, given by plugin {plugin!r}: "
                           "no installed plugin registers it{hint}; correct the indicator's sectors, or the plugin "
                           "that should register the sector")

#: An object a framework file declares again though a plugin declares it, by kind.
DECLARED_BY_PLUGIN = {
    "field": N_("field {id!r} is already declared by plugin {plugin!r}: cite it by id instead of declaring it again"),
    "regulation": N_("regulation {id!r} is already declared by plugin {plugin!r}: cite it by id instead of declaring "
                     "it again; to end it, declare its successor with replaces: [{id}]"),
    "indicator": N_("indicator {id!r} is already declared by plugin {plugin!r}: cite it by id instead of declaring it "
                    "again"),
}


def did_you_mean(template: str, params: dict[str, Any], name: str, known: Iterable[str],
                 cutoff: float = 0.6) -> tuple[str, dict[str, Any]]:
    """The template and fields of an "unknown …" problem about ``name``, with "did you mean …?" for a slip.

    When known ids are close to ``name`` (:func:`villagescore.errors.close_matches`), the message
    becomes ``<message>; did you mean '<close>'?``, so that the likely ids come before the list
    of every known one (``allowed``); otherwise ``template`` and ``params`` are returned as they are.
    """
    close = [repr(c) for c in close_matches(name, known, cutoff)]
    if not close:
        return template, params
    suggestion = close[0] if len(close) == 1 else said(SaidText, N_("{choices} or {last}"),
                                                       choices=", ".join(close[:-1]), last=close[-1])
    return N_("{message}; did you mean {suggestion}?"), {**params, "message": said(SaidText, template, **params),
                                                         "suggestion": suggestion}


def known_list(known: Iterable[str], most: int | None = None) -> Any:
    """The known ids of an "allowed" list, ``a, b, c``; past ``most`` of them, the first ``most`` and how many more."""
    known = list(known)
    if not known:
        return Term("none")
    if most is None or len(known) <= most:
        return ", ".join(known)
    return said(SaidText, N_("{shown} … and {n} more"), shown=", ".join(known[:most]), n=Count(len(known) - most))


def unknown_requires(resolver: Any) -> None:
    """Each field an indicator of the file requires is known (``resolver.fields``), else a problem.

    An indicator requiring an unknown field would never be scored, silently: the known fields
    are listed with the file's own first, after a did-you-mean.
    """
    local = list(resolver.local_fields)
    known = [*local, *sorted(set(resolver.fields) - set(local))]
    for i, spec in enumerate(resolver.doc.get("indicators", ())):
        requires = spec.get("requires")
        for j, fid in enumerate(requires if isinstance(requires, list) else ()):
            if isinstance(fid, str) and fid not in resolver.fields:
                resolver.unknown(f"$.indicators[{i}].requires[{j}]", N_(
                    "indicator {indicator!r} requires unknown field {field!r}: no installed plugin registers it and "
                    "this file does not declare it (under 'fields'), so the indicator could never be scored{hint}"),
                    fid, known, {"indicator": spec.get("id"), "field": fid,
                                 "hint": resolver.reg.failure_hint("register_fields")}, most=SHOWN_KNOWN)


def json_path(parts: Any, root: str = "$") -> str:
    """``["pillars", 0, "weight"]`` → ``$.pillars[0].weight``."""
    out = root
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def document_problems(doc: Mapping[str, Any], name: str, schema: str, digest: str | None = None) -> list[Problem]:
    """Every problem of ``doc`` against the shipped schema ``schema`` (``framework``, ``catalogue``).

    With ``digest`` (the SHA-256 of the file ``doc`` was read from), a document found valid
    before is not checked again, and a valid one is remembered (:mod:`villagescore.cache`).
    """
    from villagescore import cache, schemas

    text = schemas.schema_text(schema) if digest else ""
    if digest and cache.known_valid(schema, text, digest):
        return []
    unsafe = unsafe_text_problems(doc, name)
    places = {p.where for p in unsafe}  # a text refused for its characters is not said again by the schema
    problems = unsafe + [p for p in _non_finite_problems(doc, name) or _schema_problems(doc, name, schema)
                         if p.where not in places]
    if digest and not problems:
        cache.remember_valid(schema, text, digest)
    return problems


def _schema_problems(doc: Mapping[str, Any], name: str, schema: str) -> list[Problem]:
    from villagescore import schemas

    from ..schema_messages import schema_problem

    problems = []
    for err in sorted(schemas.validator(schema).iter_errors(doc), key=lambda e: list(map(str, e.path))):
        where, threshold = json_path(err.absolute_path), err.validator == "oneOf" and "versions" in str(err.schema)
        blanks = _blank_texts(err) if err.validator == "oneOf" else []
        if blanks:  # the form is right but a text in it is blank: say that, not which forms exist
            problems.extend(schema_problem(name, json_path(e.absolute_path), e) for e in blanks)
        elif threshold and "parameter" in err.instance:
            problems.append(problem(name, where, N_("a threshold needs either 'value', or 'by_field' with 'values' "
                                                    "(not both)")))
        elif threshold and isinstance(err.instance, Mapping) and "limit" in err.instance and "regulation" not in \
                err.instance:
            problems.append(problem(name, where, N_(
                "the threshold cites limit {limit!r} but names no regulation: add 'regulation', the id of the "
                "regulation that sets it"), params={"limit": err.instance["limit"]}))
        elif threshold:
            problems.append(problem(name, where, N_(
                "a threshold cites a limit ({{regulation, limit}}), lists versions ({{versions: [...]}}), or writes "
                "one out (regulation, parameter, unit, confidence, and either 'value', or 'by_field' with 'values')")))
        elif (err.validator == "not" and isinstance(err.instance, Mapping) and "limit" in err.instance
              and "value" in err.instance):
            problems.append(problem(name, where, N_(
                "a gate condition compares with either 'value' (a number) or 'limit' (the indicator's legal "
                "limit), not both")))
        elif err.validator == "oneOf" and "by_field" in err.schema.get("properties", {}):
            problems.append(problem(name, where, N_("give either 'value', or 'by_field' with 'values' (not both)")))
        else:
            problems.append(schema_problem(name, where, err))
    return problems


def _blank_texts(err: Any) -> list[Any]:
    """The whitespace-only texts (the schema's pattern refusing blank texts) under a ``oneOf`` error, each once."""
    found = {}
    for sub in err.context or ():
        for e in [sub, *_blank_texts(sub)]:
            if e.validator == "pattern" and e.validator_value == r"\S":
                found.setdefault(tuple(e.absolute_path), e)
    return list(found.values())


def _non_finite_problems(value: Any, name: str, path: str = "$") -> list[Problem]:
    """Every NaN or infinite number (YAML ``.nan``/``.inf``, JSON ``NaN``/``Infinity``/``1e400``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return [problem(name, path, N_("{value} is not a finite number"), params={"value": as_written(value)})]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _non_finite_problems(v, name, json_path([k], path))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _non_finite_problems(v, name, json_path([i], path))]
    return []


def value_errors(schema: Mapping[str, Any], value: Any) -> list[Any]:
    """Jsonschema's errors of ``value`` against ``schema`` (a scorer's parameters, a limit).

    A pair found valid before (the same schema, value, jsonschema and villagescore) is not
    checked again (:mod:`villagescore.cache`): checking the default framework's 115 scorers'
    parameters is most of the cost of loading it. Only a value made of JSON's own types is
    remembered (a tuple, which the schema's ``array`` does not accept, is always checked). Each
    error's ``message`` is a :class:`~villagescore.errors.SaidText` (:func:`villagescore.schema_messages.schema_said`).
    """
    import hashlib
    import json

    from villagescore import cache

    digest = None
    if cache.plain_json(schema) and cache.plain_json(value):
        text = json.dumps([schema, value], sort_keys=True, allow_nan=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if cache.known_valid("value", "", digest):
            return []
    from jsonschema import Draft202012Validator

    from ..schema_messages import schema_said

    errors = list(Draft202012Validator(schema).iter_errors(value))
    if digest and not errors:
        cache.remember_valid("value", "", digest)
    for err in errors:  # said in the run's language where it is shown (a SaidText is a str: the English)
        err.message = schema_said(err)
    return errors
