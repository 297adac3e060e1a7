"""A targets file's condition values read against the registry's fields, as a dataset's cells are read.

A condition may name a category by its code (``tourist_site``) or by its label in either language
(``điểm du lịch được công nhận``), and a yes/no by any word a dataset accepts (``yes``, ``có``,
``true``, ``1``): each is read as the code, or the 1/0, that the results hold, with the dataset
reader's own words (:func:`villagescore.catalogue.aliases.field_aliases`,
:data:`villagescore.datasets.BOOLEAN_WORDS`). A value that is none of them — a typo, a text
compared with a number field, ``>=`` on a category — is refused, with the nearest category
suggested, instead of being measured as 0 %. A field or indicator the registry does not know is
left as written: measuring says it is missing from the results.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..errors import Problem, TargetsError, Texts, column_text, problem
from ..i18n import LANGS, N_
from .model import ORDERING_OPS, Target, TargetSet, path_text

__all__ = ["resolve_conditions", "resolved_targets", "undeclared_fields", "with_framework_fields"]

#: A quantity computed by its indicator (not one field as it is): it holds numbers.
_COMPUTED = object()


def resolve_conditions(targets: TargetSet, registry: Any, *, framework: Any = None) -> TargetSet:
    """``targets`` with each condition's value read as the code or number the results hold.

    With ``framework``, the fields and indicators it declares itself are known as the registry's
    are (a condition on a framework file's own category field reads its labels too); a value
    already read stays as it is. Raises :class:`~villagescore.errors.TargetsError` listing every
    value that is no value of its field.
    """
    if framework is not None:
        registry = with_framework_fields(registry, framework)
    resolved, problems = resolved_targets(enumerate(targets.targets), registry, targets.path)
    if problems:
        raise TargetsError(problems)
    return dataclasses.replace(targets, targets=tuple(resolved))


def with_framework_fields(registry: Any, framework: Any) -> Any:
    """The fields and indicators of ``registry`` with those ``framework`` declares or places (for :func:`_field_of`)."""
    from types import SimpleNamespace

    fields = {**(getattr(registry, "fields", {}) or {}), **dict(framework.local_fields or {})}
    indicators = {**(getattr(registry, "indicators", {}) or {}), **{n.id: n.indicator for n in framework.indicators}}
    return SimpleNamespace(fields=fields, indicators=indicators)


def undeclared_fields(targets: TargetSet, registry: Any) -> list[tuple[str, str]]:
    """The fields and indicators ``registry`` does not know that a condition compares with a text, once each.

    Each is ``("field", id)`` or ``("indicator", id)``. Such a value (``Loại A``, ``có``) is left as
    written (:func:`resolve_conditions`): on a field or indicator only a framework file declares, a
    label or a yes/no word is not what the results hold.
    """
    known = {"field": getattr(registry, "fields", {}) or {}, "indicator": getattr(registry, "indicators", {}) or {}}
    found: dict[tuple[str, str], None] = {}
    for k, target in enumerate(targets.targets):
        for _path, condition in _conditions(dict(target.measure or {}), ("targets", k, "measure")):
            values = condition["value"] if isinstance(condition["value"], list) else [condition["value"]]
            key = "field" if "field" in condition else "indicator"
            if condition.get(key) not in known[key] and any(isinstance(v, str) for v in values):
                found.setdefault((key, condition[key]))
    return list(found)


def resolved_targets(indexed: Iterable[tuple[int, Target]], registry: Any, file: str
                     ) -> tuple[list[Target], list[Problem]]:
    """Each target of ``indexed`` (its index in ``file``, the target) with its conditions read, and the problems.

    The problems name each target by its index in the file: a file's other targets may have been
    left out (they failed its schema), and their problems are reported with these.
    """
    problems: list[Problem] = []
    resolved = []
    for k, target in indexed:
        if target.measure is None:
            resolved.append(target)
            continue
        measure = json.loads(json.dumps(target.measure))  # a copy: the loaded file's mapping is left alone
        for path, condition in _conditions(measure, ("targets", k, "measure")):
            where = f"{path_text((*path, 'value'))} (target {target.id})"
            field, named = _field_of(condition, registry)
            condition["value"] = _resolved(condition, field, named, file, where, problems)
        resolved.append(dataclasses.replace(target, measure=measure))
    return resolved, problems


def _conditions(measure: dict[str, Any], path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Each comparison of ``measure`` (its condition, then its population's) with its path."""
    if "op" in (measure.get("condition") or {}):
        yield (*path, "condition"), measure["condition"]
    for j, condition in enumerate((measure.get("population") or {}).get("where") or []):
        if "op" in condition:
            yield (*path, "population", "where", j), condition


def _field_of(condition: Mapping[str, Any], registry: Any) -> tuple[Any, Texts]:
    """The field a condition compares (a field, a one-field indicator's field, :data:`_COMPUTED` or ``None``), named.

    The name is the id with the label of the field, or of a computed indicator, beside it.
    """
    fields = getattr(registry, "fields", {}) or {}
    ident = condition.get("field") or condition.get("indicator")
    if "field" in condition:
        field = fields.get(ident)
        return field, _named(ident, getattr(field, "label", None))
    indicator = (getattr(registry, "indicators", {}) or {}).get(ident)
    if indicator is None:
        return None, _named(ident, None)
    if indicator.compute is None and len(indicator.requires) == 1:
        field = fields.get(indicator.requires[0])
        return field, _named(ident, getattr(field, "label", None) or indicator.label)
    return _COMPUTED, _named(ident, indicator.label)


def _resolved(condition: Mapping[str, Any], field: Any, named: Texts, file: str, where: str,
              problems: list[Problem]) -> Any:
    """The condition's value (each item of a list) as the results hold it; a problem for each it cannot be."""
    value = condition["value"]
    kind = "number" if field is _COMPUTED else getattr(field, "type", None)
    if kind in ("category", "text") and condition["op"] in ORDERING_OPS:
        problems.append(problem(file, where, N_("{op} compares numbers, and {field} does not hold numbers"),
                                params={"op": condition["op"], "field": named},
                                allowed=N_("==, != or in")))
        return value
    if condition["op"] in ORDERING_OPS and (isinstance(value, bool) or not isinstance(value, int | float)):
        # the schema refuses it too; a targets object made in Python never met the schema
        problems.append(problem(file, where, N_("{value} is not a number: {op} compares with a number"),
                                params={"value": _shown(value), "op": condition["op"]},
                                allowed=N_("a number; ==, != or in to compare with a text or a yes/no")))
        return value
    if condition["op"] in ORDERING_OPS:  # a threshold: any number, on a yes/no field too (> 0.5 is "yes")
        return value
    items = value if isinstance(value, list) else [value]
    out = [_one(item, kind, field, named, file, where, problems) for item in items]
    return out if isinstance(value, list) else out[0]


def _one(value: Any, kind: str | None, field: Any, named: Texts, file: str, where: str,  # noqa: PLR0913
         problems: list[Problem]) -> Any:
    """One value of ``==``, ``!=`` or ``in`` as the results hold it.

    ``kind``: the field's type, ``number`` for a computed indicator.
    """
    from ..catalogue.aliases import resolve
    from ..datasets import BOOLEAN_WORDS
    from ..datasets.text import nfc

    if kind == "category":
        code = resolve(value, _aliases(field)) if not isinstance(value, bool) else None
        if code is None:
            problems.append(_not_a_category(value, field, named, file, where))
        return value if code is None else code
    if kind == "boolean":
        word = BOOLEAN_WORDS.get(nfc(str(value)).strip().lower())  # as the dataset reader reads a yes/no cell
        if word is None:
            problems.append(problem(file, where, N_("{value} is not a yes/no value of {field}"),
                                    params={"value": _shown(value), "field": named},
                                    allowed=N_("1/0, true/false, yes/no, có/không")))
            return value
        return int(word)
    if kind in ("number", "integer"):
        return _number(value, kind, named, file, where, problems)
    return nfc(value) if isinstance(value, str) else value


def _number(value: Any, kind: str, named: Texts, file: str, where: str, problems: list[Problem]) -> Any:
    """``value`` as a number: a number as written, a text the dataset reader reads as one (``"12"``).

    A text the dataset reader refuses is refused too, with its hint where it has one: ``"1.000"``
    (1 or 1000?), ``"1.000.000"``, ``"12,345"``, ``"1,5"``, ``"1_000"``, and a number that is not
    whole for a whole-number field. The value as written, and a problem, otherwise.
    """
    import numpy as np
    import pandas as pd

    from ..datasets.numbers import numeric, separator_reading
    from ..datasets.text import nfc

    number = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = nfc(value).strip()
        separated = separator_reading(text)
        if separated is not None:
            rule, params = separated
            problems.append(problem(file, where, _SEPARATED[rule], params={"value": _shown(value), **params},
                                    allowed=N_("a number")))
            return value
        values, bad = numeric(pd.Series(np.array([text], dtype=object), dtype=object))
        number = None if bad[0] else float(values[0])
    if number is None or not math.isfinite(number):
        problems.append(problem(file, where, N_("{value} is not a number, and {field} holds numbers"),
                                params={"value": _shown(value), "field": named}, allowed=N_("a number")))
        return value
    if kind == "integer" and number % 1:
        problems.append(problem(file, where, N_("{value} is not a whole number, and {field} holds whole numbers"),
                                params={"value": _shown(value), "field": named}, allowed=N_("a whole number")))
        return value
    return number


#: A number written with a separator, as the dataset reader says it (without its CSV advice): by its reading.
_SEPARATED = {
    "thousands": N_("{value} is not a number: '{sep}' separates thousands; write {whole} without a thousands "
                    "separator"),
    "ambiguous": N_("{value} is ambiguous: '{sep}' separates thousands ({whole}) or decimals ({part}); write {whole} "
                    "or {part} without quotes"),
    "decimal_comma": N_("{value} is not a number: a decimal comma; write {number} with a point"),
}


def _aliases(field: Any) -> dict[str, str]:
    from ..catalogue.aliases import field_aliases

    return field_aliases(field)


def _not_a_category(value: Any, field: Any, named: Texts, file: str, where: str) -> Problem:
    """The problem of a value that is no category of ``field``, with the nearest one suggested."""
    from ..catalogue.aliases import display, suggest

    labels = field.category_labels or {}
    code = None if isinstance(value, bool) else suggest(value, _aliases(field))
    allowed = Texts({lang: ", ".join(display(c, labels.get(c), lang) for c in field.categories) for lang in LANGS})
    params = {"value": _shown(value), "field": named, "allowed": allowed}
    if code is None:
        return problem(file, where, N_("{value} is not one of the allowed values of {field}"), params=params,
                       allowed="{allowed}")
    params["suggestion"] = Texts({lang: display(code, labels.get(code), lang) for lang in LANGS})
    return problem(file, where,
                   N_("{value} is not one of the allowed values of {field}; did you mean {suggestion}?"),
                   params=params, allowed="{allowed}")


def _named(ident: str, label: Mapping[str, str] | None) -> Texts:
    """A field or indicator as problems name it: its id, and its label in each language beside it."""
    return Texts({lang: column_text(ident, label, lang) for lang in LANGS})


def _shown(value: Any) -> str:
    from ..schema_messages import shown

    return shown(value)
