"""jsonschema's errors said in the run's language: one sentence per kind of check, with its values.

jsonschema words its errors in English (``'bogus' is not one of ['a', 'b']``, ``5 is not of type
'string'``). Every place a schema error reaches a person (framework, catalogue, dataset metadata,
targets, a scorer's parameters) says it through :func:`schema_problem` or :func:`schema_said`: the
error's validator (``required``, ``type``, ``enum`` …) picks an English template marked with
``N_``, filled with the error's values (the value shown shortened, the allowed values listed), so
that the catalogues translate it. A rare validator keeps jsonschema's own words as a technical
detail. Values are shown as a YAML or JSON author writes them (``null``, ``true``, ``[1, 2]``), and
the project's known patterns as words saying what is allowed (:data:`PATTERNS`), the pattern
itself only for one it does not know.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from .errors import Problem, SaidText, Term, problem, said
from .i18n import N_
from .schema_advice import BARE_WEIGHT, MISREAD_DIGITS, bare_weight, misread_digits

__all__ = ["PATTERNS", "schema_problem", "schema_said", "shown", "kind_of", "split_number", "SPLIT_NUMBER"]

#: How many characters of a value a message shows, and how many allowed values it lists.
MAX_SHOWN = 60
MAX_LISTED = 12

#: JSON Schema's type names as words (``{value} is not {expected}``).
_TYPES = {"string": N_("text"), "number": N_("a number"), "integer": N_("a whole number"),
          "object": N_("a mapping (key: value)"), "array": N_("a list"), "boolean": N_("true or false"),
          "null": N_("null")}


#: The shortest length limit of a text written in words (a label: 300); a shorter limit is of a code.
MIN_TEXT_LIMIT = 300

#: The patterns of the shipped schemas, each said as what it allows.
PATTERNS = {
    r"\S": N_("a text that is not only spaces"),
    r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$": N_("lowercase letters, digits, '_' or '-', starting with a letter; "
                                             "parts separated by '.'"),
    r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$": N_("lowercase letters, digits or '_', starting with a letter; parts "
                                           "separated by '.'"),
    r"^[a-z][a-z0-9_]*$": N_("lowercase letters, digits or '_', starting with a letter"),
    r"^[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$": N_("sector ids (lowercase letters, digits or '_', starting with a "
                                                "letter) joined by '+'"),
    r"^[a-z0-9][a-z0-9._-]*$": N_("lowercase letters, digits, '.', '_' or '-', starting with a letter or a digit"),
    r"^[a-z0-9][a-z0-9_.-]*$": N_("lowercase letters, digits, '.', '_' or '-', starting with a letter or a digit"),
    r"^[A-Za-z_][A-Za-z0-9_]*$": N_("letters, digits or '_', not starting with a digit (a Python name)"),
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": N_("a date written YYYY-MM-DD (e.g. 2025-06-30)"),
    r"^[0-9]+\.[0-9]+(\.[0-9]+)?([-+][0-9A-Za-z.-]+)?$": N_("a version number such as 1.0 or 1.2.0, in quotes in "
                                                          "YAML (version: \"1.0\")"),
    r"^[0-9a-f]{64}$": N_("64 hexadecimal digits (0-9, a-f)"),
}


def _written(value: Any) -> str:
    """``value`` as YAML and JSON write it: ``null``, ``true``, ``'text'``, ``[1, null]``, ``{a: 1}``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_written(k) if not isinstance(k, str) else k}: {_written(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, list):  # a tuple comes from Python code, not from a file: it keeps its repr
        return "[" + ", ".join(_written(v) for v in value) + "]"
    if isinstance(value, datetime.date):  # YAML reads 2024-01-01 as a date (a datetime is a date too)
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    return repr(value)


def shown(value: Any) -> str:
    """``value`` as a message shows it, as its author wrote it (:func:`_written`), cut short at :data:`MAX_SHOWN`."""
    text = _written(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _listed(values: Any) -> str:
    items = [shown(v) for v in values]
    return ", ".join(items[:MAX_LISTED]) + (", …" if len(items) > MAX_LISTED else "")


def _either(words: list[Any]) -> Any:
    """``a``, ``a or b``, ``a, b or c`` (each word translated)."""
    if len(words) == 1:
        return words[0]
    rest = said(SaidText, ", ".join(f"{{w{i}}}" for i in range(len(words) - 1)),
                **{f"w{i}": w for i, w in enumerate(words[:-1])})
    return said(SaidText, N_("{choices} or {last}"), choices=rest, last=words[-1])


def kind_of(value: Any) -> Any:
    """What ``value`` read from a YAML or JSON file is, in words to translate (``a list``, ``text``, ``null``).

    Never Python's type name (``list``, ``str``, ``NoneType``): people write files, not Python.
    """
    if value is None:
        name = "null"
    elif isinstance(value, bool):
        name = "boolean"
    elif isinstance(value, int):
        name = "integer"
    elif isinstance(value, float):
        name = "number"
    elif isinstance(value, str):
        name = "string"
    elif isinstance(value, Mapping):
        name = "object"
    elif isinstance(value, list | tuple):
        name = "array"
    else:  # a date YAML read, a value from Python code: said as it is
        return shown(value)
    return Term(_TYPES[name])


def _type_words(expected: Any) -> Any:
    names = [expected] if isinstance(expected, str) else list(expected)
    return _either([Term(_TYPES[n]) if n in _TYPES else n for n in names])


def _unexpected(err: Any) -> list[str]:
    """The keys an ``additionalProperties: false`` refused."""
    schema, instance = err.schema, err.instance
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [k for k in instance if k not in known and not any(p.search(str(k)) for p in patterns)]


def _numbers_expected(limit: Any) -> bool:
    """Whether a ``type`` keyword ``limit`` asks for a number (and not for text too)."""
    kinds = {limit} if isinstance(limit, str) else set(limit or ())
    return bool(kinds & {"number", "integer"}) and "string" not in kinds


def _decimal_comma(value: Any) -> bool:
    """Whether ``value`` is text reading as a number written with a decimal comma (``0,35``; not ``1,000``)."""
    found = isinstance(value, str) and re.fullmatch(r"\s*[-+]?(\d+),(\d+)\s*", value)
    return bool(found) and (len(found[2]) != 3 or int(found[1]) == 0)


#: A mapping in which YAML read a number with a decimal comma, ``{weight: 0,35}``, as ``weight: 0`` and a key ``35``.
SPLIT_NUMBER = N_("unknown key(s) {keys}: a decimal comma inside {{…}} splits the number in two ({key}: {before} and "
                  "a key {after}); write the number with a point (0.35, not 0,35)")


def split_number(value: Any, unexpected: list[Any]) -> dict[str, Any] | None:
    """``{key, before, after}`` when YAML read ``{weight: 0,35}`` as ``weight: 0`` and a key ``35`` with no value."""
    if not isinstance(value, Mapping) or len(unexpected) != 1 or not isinstance(unexpected[0], int):
        return None
    keys = list(value)
    at = keys.index(unexpected[0])
    before = value[keys[at - 1]] if at else None
    if value[unexpected[0]] is not None or not isinstance(before, int | float) or isinstance(before, bool):
        return None
    return {"key": str(keys[at - 1]), "before": shown(before), "after": shown(unexpected[0])}


def _quoted_name(message: str, suffix: str) -> str:
    """The quoted name jsonschema puts before ``suffix`` (``'vi' is a required property``), or the message."""
    found = re.match(r"^(.*) " + re.escape(suffix) + r"$", message)
    return found.group(1) if found else message


def _one_key_of(alternatives: Any) -> bool:
    """Whether a ``oneOf`` asks for exactly one of some keys (each alternative: ``{required: [key]}``)."""
    return isinstance(alternatives, list) and all(
        isinstance(a, Mapping) and set(a) == {"required"} and len(a["required"]) == 1 for a in alternatives)


def _text_or_both(alternatives: Any) -> bool:
    """Whether the alternatives are one string or a ``{vi, en}`` text (a note, a reference's document)."""
    refs = [a.get("$ref", "") for a in alternatives or () if isinstance(a, Mapping)]
    return any(r.endswith("/text") for r in refs) and any(
        isinstance(a, Mapping) and a.get("type") == "string" for a in alternatives)


def _template(err: Any) -> tuple[str, dict[str, Any]]:  # noqa: C901, PLR0911, PLR0912 - one branch per validator
    """The English template and values that say ``err``, chosen by its validator."""
    kind, limit, value = err.validator, err.validator_value, err.instance
    if kind == "required":
        return N_("{key} is a required key"), {"key": _quoted_name(err.message, "is a required property")}
    if kind == "type":
        if _numbers_expected(limit) and _decimal_comma(value):
            return N_("{value} is not a number: a decimal comma; write {number} with a point"), {
                "value": shown(value), "number": value.strip().replace(",", ".")}
        if _numbers_expected(limit) and (number := misread_digits(value)) is not None:
            return MISREAD_DIGITS, {"value": shown(value), "number": number}
        if limit == "object" and bare_weight(value, err.absolute_path):
            return BARE_WEIGHT, {"value": shown(value)}
        if limit == "string" and isinstance(value, int | float) and not isinstance(value, bool):
            return N_("{value} is not {expected}: write it in quotes ({quoted})"), {
                "value": shown(value), "expected": _type_words(limit), "quoted": f'"{value}"'}
        return N_("{value} is not {expected}"), {"value": shown(value), "expected": _type_words(limit)}
    if kind == "enum":
        return N_("{value} is not one of the allowed values: {allowed}"), {"value": shown(value),
                                                                          "allowed": _listed(limit)}
    if kind == "const":
        return N_("{value} must be {expected}"), {"value": shown(value), "expected": shown(limit)}
    if kind == "additionalProperties" and isinstance(value, Mapping) and limit is False:
        keys = ", ".join(shown(k) for k in _unexpected(err))
        split = split_number(value, _unexpected(err))
        if split:
            return SPLIT_NUMBER, {"keys": keys, **split}
        allowed = sorted(err.schema.get("properties", {}))
        if allowed:
            return N_("unknown key(s) {keys}; allowed keys: {allowed}"), {"keys": keys, "allowed": ", ".join(allowed)}
        return N_("unknown key(s) {keys}"), {"keys": keys}
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        template = {"minimum": N_("{value} is less than the minimum of {limit}"),
                    "maximum": N_("{value} is greater than the maximum of {limit}"),
                    "exclusiveMinimum": N_("{value} must be greater than {limit}"),
                    "exclusiveMaximum": N_("{value} must be less than {limit}"),
                    "multipleOf": N_("{value} is not a multiple of {limit}")}[kind]
        return template, {"value": shown(value), "limit": shown(limit)}
    if kind == "minLength":
        if limit == 1:
            return N_("the text is empty: write something"), {}
        return N_("{value} is too short: at least {limit} characters"), {"value": shown(value), "limit": limit}
    if kind == "maxLength":
        if isinstance(value, str) and limit >= MIN_TEXT_LIMIT:  # a label or a prose text, not a code
            return N_("{value} is too long: {n} characters, at most {limit}; shorten it (a longer explanation belongs "
                      "in a rationale, a description or a note)"), {"value": shown(value), "n": len(value),
                                                                   "limit": limit}
        return N_("{value} is too long: at most {limit} characters"), {"value": shown(value), "limit": limit}
    if kind == "pattern":
        if limit == r"\S":
            return N_("the text is blank (only spaces): write something"), {}
        if limit in PATTERNS:
            return N_("{value} is not in the allowed form: {allowed}"), {"value": shown(value),
                                                                         "allowed": Term(PATTERNS[limit])}
        return N_("{value} does not match the pattern {pattern}"), {"value": shown(value), "pattern": limit}
    if kind == "format" and limit == "date":
        return N_("{value} is not a date: write a day of the calendar as YYYY-MM-DD (e.g. 2025-02-28)"), {
            "value": shown(value)}
    if kind == "format":
        return N_("{value} is not a valid {format}"), {"value": shown(value), "format": limit}
    if kind == "minItems":
        if limit == 1:
            return N_("the list is empty: give at least one item"), {}
        return N_("the list has {n} item(s); at least {limit} are needed"), {"n": len(value), "limit": limit}
    if kind == "maxItems":
        return N_("the list has {n} items; at most {limit} are allowed"), {"n": len(value), "limit": limit}
    if kind == "uniqueItems":
        return N_("the list has an item twice"), {}
    if kind == "minProperties":
        return N_("the mapping is empty: give at least one key"), {}
    if kind == "dependentRequired" and " is a dependency of " in err.message:
        key, other = err.message.split(" is a dependency of ", 1)
        return N_("{key} is required here: it goes with {other}"), {"key": key, "other": other}
    if kind == "oneOf" and _one_key_of(limit):
        keys = [alternative["required"][0] for alternative in limit]
        given = [k for k in keys if isinstance(value, Mapping) and k in value]
        if given:
            return N_("the keys {keys} are given together: give exactly one of them"), {"keys": ", ".join(given)}
        return N_("one of the keys {keys} is needed: give exactly one"), {"keys": ", ".join(keys)}
    if kind in ("oneOf", "anyOf") and isinstance(value, Mapping) and _text_or_both(limit):
        return N_("{value} is neither one text nor a text in both languages: give one string, or a mapping with "
                  "both 'vi' and 'en' (each a text that is not blank), e.g. {{vi: …, en: …}}"), {"value": shown(value)}
    if kind in ("oneOf", "anyOf"):
        if kind == "oneOf" and not err.context:
            return N_("{value} matches more than one of the allowed forms"), {"value": shown(value)}
        return N_("{value} matches none of the allowed forms"), {"value": shown(value)}
    if kind in ("not", None, False):
        return N_("{value} is not allowed here"), {"value": shown(value)}
    return N_("the schema check refused this value (technical detail: {detail})"), {"detail": err.message}


def schema_problem(file: str, where: str, err: Any, **rest: Any) -> Problem:
    """The :class:`~villagescore.errors.Problem` of the jsonschema error ``err`` at ``where`` of ``file``."""
    template, params = _template(err)
    return problem(file, where, template, params=params, **rest)


def schema_said(err: Any) -> SaidText:
    """The jsonschema error ``err`` as a :class:`~villagescore.errors.SaidText` (English; ``text(lang)`` in any)."""
    template, params = _template(err)
    return said(SaidText, template, **params)
