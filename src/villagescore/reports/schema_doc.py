"""Render a JSON Schema as a Markdown reference: one table per object, generated, never hand-kept.

``docs/reference/*.md`` are this output for the shipped schemas (``villagescore schema NAME
--format md``); a test keeps them in step with ``schemas/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["schema_markdown"]


def _type(spec: Mapping[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.replace('_', '-')})"
    if "enum" in spec:
        return " | ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    if "oneOf" in spec or "anyOf" in spec:
        return " or ".join(_type(s) for s in spec.get("oneOf", spec.get("anyOf", [])))
    if "allOf" in spec:
        return " and ".join(_type(s) for s in spec["allOf"])
    kind = spec.get("type", "")
    kind = " or ".join(kind) if isinstance(kind, list) else kind
    if kind == "array" and isinstance(spec.get("items"), Mapping):
        return f"list of {_type(spec['items'])}"
    if kind == "object" and isinstance(spec.get("additionalProperties"), Mapping):
        return f"mapping to {_type(spec['additionalProperties'])}"
    bounds = [f"{k} {spec[k]}" for k in ("minimum", "maximum", "exclusiveMinimum", "minItems") if k in spec]
    return kind + (f" ({', '.join(bounds)})" if bounds else "") if kind else "any"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(spec: Mapping[str, Any]) -> list[str]:
    props = spec.get("properties", {})
    if not props:
        return []
    required = set(spec.get("required", ()))
    lines = ["| key | type | required | meaning |", "|---|---|---|---|"]
    for key, sub in props.items():
        lines.append(f"| `{key}` | {_cell(_type(sub))} | {'yes' if key in required else ''} | "
                     f"{_cell(sub.get('description', ''))} |")
    return lines


def schema_markdown(schema: Mapping[str, Any], name: str) -> str:
    """The schema ``name`` as Markdown: its top level, then each definition in turn."""
    lines = [f"# `{name}` reference", "",
             f"Generated from `schemas/{name}.schema.json` by `villagescore schema {name} --format md`; do not edit.",
             ""]
    if schema.get("description"):
        lines += [schema["description"], ""]
    lines += ["## Top level", "", *_table(schema), ""]
    for def_name, spec in sorted(schema.get("$defs", {}).items()):
        lines += [f"## {def_name}", ""]
        if spec.get("description"):
            lines += [_cell(spec["description"]), ""]
        table = _table(spec)
        lines += [*(table or [f"Type: {_type(spec)}."]), ""]
    return "\n".join(lines).rstrip() + "\n"
