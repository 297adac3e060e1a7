"""Render a JSON Schema as a Markdown reference: one table per object, generated, never hand-kept.

``docs/reference/*.md`` are this output for the shipped schemas (``villagescore schema NAME
--format md``); a test keeps them in step with ``schemas/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["schema_markdown"]

#: JSON types as the reference names them (``schema_doc.type.*`` in each language)
_KINDS = ("string", "number", "integer", "boolean", "object", "array", "null")
#: bounds shown beside a type → their words (``schema_doc.bound.*``)
_BOUNDS = {"minimum": "minimum", "maximum": "maximum", "exclusiveMinimum": "exclusive_minimum",
           "minItems": "min_items"}


def _w(key: str, lang: str, **fields: Any) -> str:
    from ..i18n import t

    return t(f"schema_doc.{key}", lang, **fields)


def _number(x: Any, lang: str) -> str:
    from ..i18n import format_value

    return str(x) if lang == "en" or isinstance(x, bool) or not isinstance(x, (int, float)) else format_value(x, lang)


def _type(spec: Mapping[str, Any], lang: str = "en") -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.replace('_', '-')})"
    if "enum" in spec:
        return " | ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    if "oneOf" in spec or "anyOf" in spec:
        return f" {_w('or', lang)} ".join(_type(s, lang) for s in spec.get("oneOf", spec.get("anyOf", [])))
    if "allOf" in spec:
        return f" {_w('and', lang)} ".join(_type(s, lang) for s in spec["allOf"])
    kind = spec.get("type", "")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    kind = f" {_w('or', lang)} ".join(_w(f"type.{k}", lang) if k in _KINDS else k for k in kinds)
    if kinds == ["array"] and isinstance(spec.get("items"), Mapping):
        return _w("list_of", lang, type=_type(spec["items"], lang))
    if kinds == ["object"] and isinstance(spec.get("additionalProperties"), Mapping):
        return _w("mapping_to", lang, type=_type(spec["additionalProperties"], lang))
    bounds = [f"{_w(f'bound.{w}', lang)} {_number(spec[k], lang)}" for k, w in _BOUNDS.items() if k in spec]
    return kind + (f" ({', '.join(bounds)})" if bounds else "") if kind else _w("any", lang)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(spec: Mapping[str, Any], lang: str = "en") -> list[str]:
    props = spec.get("properties", {})
    if not props:
        return []
    required = set(spec.get("required", ()))
    head = " | ".join(_w(k, lang) for k in ("key", "type", "required", "meaning"))
    lines = [f"| {head} |", "|---|---|---|---|"]
    for key, sub in props.items():
        lines.append(f"| `{key}` | {_cell(_type(sub, lang))} | {_w('yes', lang) if key in required else ''} | "
                     f"{_cell(sub.get('description', ''))} |")
    return lines


def schema_markdown(schema: Mapping[str, Any], name: str, lang: str = "en") -> str:
    """The schema ``name`` as Markdown: its top level, then each definition in turn.

    The scaffolding (title, headers, types) is in ``lang``; the schema's descriptions are English,
    which a line under the title says in another language. English is ``docs/reference/NAME.md``.
    """
    lines = [f"# {_w('title', lang, name=name)}", "", _w("generated", lang, name=name), ""]
    if lang != "en":
        lines += [_w("descriptions_in_english", lang), ""]
    if schema.get("description"):
        lines += [schema["description"], ""]
    lines += [f"## {_w('top_level', lang)}", "", *_table(schema, lang), ""]
    for def_name, spec in sorted(schema.get("$defs", {}).items()):
        lines += [f"## {def_name}", ""]
        if spec.get("description"):
            lines += [_cell(spec["description"]), ""]
        table = _table(spec, lang)
        lines += [*(table or [_w("type_line", lang, type=_type(spec, lang))]), ""]
    return "\n".join(lines).rstrip() + "\n"
