"""``villagescore schema NAME``: print a JSON Schema, for editors that validate YAML and JSON.

``villagescore schema framework`` merges in the parameter schema of every registered
scoring method, so an editor checks ``params`` against the method named in ``method``
(the tox ``schema`` command does the same for its plugins' settings).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from .options import emit_bytes, messages_lang_option, output_option

__all__ = ["schema", "merged_framework_schema", "FILLED_BY_FRAMEWORK"]

#: Scorer parameters the framework may fill from elsewhere (``limit`` from ``threshold``).
FILLED_BY_FRAMEWORK = ("limit",)
_NAMES = ("framework", "catalogue", "dataset-metadata", "result", "compare", "targets")


def _params_schema(params_schema: Mapping[str, Any]) -> dict[str, Any]:
    """A scorer's params schema as used inside the framework schema."""
    out = copy.deepcopy(dict(params_schema))
    out.pop("$schema", None)
    if "required" in out:
        out["required"] = [r for r in out["required"] if r not in FILLED_BY_FRAMEWORK]
        if not out["required"]:
            del out["required"]
    return out


def merged_framework_schema(registry: Any) -> dict[str, Any]:
    """Return the framework schema with each registered scorer's ``params_schema`` merged in.

    The ``scorer`` definition gains one ``if``/``then`` per scoring method: *if*
    ``method`` is X *then* ``params`` must match X's parameter schema (placed under
    ``$defs`` as ``scorer_params_X``). ``method`` is limited to the registered methods.
    Parameters the framework fills itself (``limit``, from a ``threshold``) are not
    required here; loading a framework still checks them.

    Parameters
    ----------
    registry : villagescore.registry.Registry
        Gives the scorers.

    Returns
    -------
    dict
        A JSON Schema (draft 2020-12).
    """
    from villagescore import schemas

    doc = schemas.load("framework")
    defs = doc["$defs"]
    scorer = defs["scorer"]
    names = sorted(registry.scorers)
    scorer["properties"]["method"] = {"enum": names, "description": "A registered scoring method."}
    rules = []
    for name in names:
        params = _params_schema(registry.scorers[name].params_schema)
        key = f"scorer_params_{name}"
        description = registry.scorers[name].description
        defs[key] = {**({"description": description} if description else {}), **params}
        then: dict[str, Any] = {"properties": {"params": {"$ref": f"#/$defs/{key}"}}}
        if params.get("required"):
            then["required"] = ["params"]
        rules.append({"if": {"properties": {"method": {"const": name}}, "required": ["method"]}, "then": then})
    if rules:
        scorer["allOf"] = [*scorer.get("allOf", []), *rules]
    doc["description"] = (doc.get("description", "") + " Scorer parameters merged in for: "
                          + ", ".join(names) + ".").strip()
    return doc


@click.command()
@click.argument("name", type=click.Choice(_NAMES))
@click.option("--plain", is_flag=True,
              help="For 'framework': the shipped schema, without the installed scorers' parameters.")
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="json", show_default=True,
              help="json: the schema itself; md: a reference page (one table per object).")
@output_option
@messages_lang_option
@click.pass_obj
def schema(app, name: str, plain: bool, fmt: str, output: Path | None) -> None:
    """Print the JSON Schema of a framework, a catalogue, a dataset's metadata, a result, a comparison or targets.

    Point your editor's YAML/JSON schema setting at the output to get completion and
    checks while you write a framework: `villagescore schema framework -o framework.schema.json`.
    `--format md` prints the reference page (docs/reference/NAME.md is that output).
    """
    from villagescore import schemas

    from .options import pick_format

    if fmt == "md":
        from ..i18n import current_language
        from ..reports.schema_doc import schema_markdown

        emit_bytes(schema_markdown(schemas.load(name), name, current_language()).encode("utf-8"), output)
        return
    pick_format(None, output, ["json"])  # a JSON Schema, whatever else the suffix says
    if name == "framework" and not plain:
        doc = merged_framework_schema(app.registry)
    else:
        doc = schemas.load(name)
    emit_bytes((json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), output)
