"""The JSON Schemas (draft 2020-12) of villagescore's documents, shipped inside the wheel.

This folder is installed as the package ``villagescore.schemas``; load a schema with
:func:`load` and get a validator with :func:`validator`. Data tables are not validated
with JSON Schema (that is done column-wise, see ``villagescore.datasets``): these
schemas are for documents — frameworks, dataset metadata, results, comparisons.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["load", "validator", "names", "schema_text"]


#: Definitions shared by other schemas (not a document type): ``definitions.schema.json#/$defs/…``.
SHARED = "definitions"
_SHARED_REF = f"{SHARED}.schema.json#/$defs/"


def names() -> list[str]:
    """Return the names of the shipped document schemas (``catalogue``, ``framework``, ``result`` …)."""
    return sorted(
        p.name.removesuffix(".schema.json")
        for p in files(__name__).iterdir()
        if p.name.endswith(".schema.json") and p.name != f"{SHARED}.schema.json"
    )


@cache
def _load_text(name: str) -> str:
    return (files(__name__) / f"{name}.schema.json").read_text(encoding="utf-8")


def schema_text(name: str) -> str:
    """The text of the schema called ``name`` with the shared definitions it uses (what validation depends on)."""
    text = _load_text(name)
    return text if name == SHARED or _SHARED_REF not in text else text + _load_text(SHARED)


def load(name: str) -> dict[str, Any]:
    """Return a fresh, self-contained copy of the schema called ``name`` (e.g. ``"framework"``).

    References into the shared definitions are bundled: the definitions are copied into
    the schema's own ``$defs`` and the references rewritten to point there, so the schema
    can be printed, saved and used on its own.
    """
    text = _load_text(name)
    schema = json.loads(text)
    if name == SHARED or _SHARED_REF not in text:
        return schema
    shared = json.loads(_load_text(SHARED))["$defs"]
    own = schema.setdefault("$defs", {})
    clash = sorted(set(own) & set(shared))
    if clash:
        msg = f"schema {name!r} defines {clash}, which the shared definitions also define"
        raise ValueError(msg)
    own.update(shared)
    return _local_refs(schema)


def _local_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (f"#/$defs/{v[len(_SHARED_REF):]}" if k == "$ref" and isinstance(v, str)
                    and v.startswith(_SHARED_REF) else _local_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_local_refs(v) for v in node]
    return node


@cache
def validator(name: str) -> Any:
    """Return a cached ``jsonschema`` Draft 2020-12 validator for the schema ``name``."""
    from jsonschema import Draft202012Validator

    # The shipped schemas are checked against the meta-schema by the test suite, not at
    # every run: that check alone cost ~0.25 s of `villagescore pilot` (benchmarks/bench_cli.py).
    return Draft202012Validator(load(name), format_checker=_date_checker())


@cache
def _date_checker() -> Any:
    """A format checker of ``date`` only: a ``YYYY-MM-DD`` text must be a day of the calendar.

    Other formats stay unchecked, as before. A value that is not text, or not written
    ``YYYY-MM-DD``, passes here: ``type`` and ``pattern`` report it, once.
    """
    import datetime
    import re

    from jsonschema import FormatChecker

    written = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def _is_date(value: Any) -> bool:
        if isinstance(value, str) and written.match(value):
            datetime.date.fromisoformat(value)
        return True

    return checker
