"""Pass 1 of loading a framework (or catalogue) file: read it and parse YAML or JSON safely.

Aliases are refused (no "billion laughs"), booleans follow YAML 1.2 (``on:`` is text),
files are capped at :data:`MAX_FRAMEWORK_BYTES`, text is NFC-normalised and dates become
ISO strings. Every failure is a :class:`~villagescore.errors.FrameworkError` naming the file.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import FrameworkError, Problem

__all__ = ["load_framework_document", "MAX_FRAMEWORK_BYTES"]

#: Framework files larger than this are refused (a criteria tree is a few hundred KB).
MAX_FRAMEWORK_BYTES = 5 * 1024 * 1024


def _yaml_loader():
    import yaml

    class NoAliasSafeLoader(yaml.SafeLoader):
        """A safe loader that refuses anchors/aliases (no 'billion laughs')."""

        def compose_node(self, parent, index):  # noqa: D102
            if self.check_event(yaml.events.AliasEvent):
                event = self.peek_event()
                mark = event.start_mark
                msg = (f"line {mark.line + 1}, column {mark.column + 1}: YAML aliases (*{event.anchor}) "
                       "are not allowed in framework files; write the value out")
                raise yaml.YAMLError(msg)
            return super().compose_node(parent, index)

    # YAML 1.1 reads on/off/yes/no as booleans (so a key "on:" becomes True); keep 1.2's true/false only.
    NoAliasSafeLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    import re

    NoAliasSafeLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    return NoAliasSafeLoader


def _fast_yaml(text: str) -> Any:
    """Parse with libyaml when available; ``None`` means "use the pure-Python loader".

    libyaml composes aliases as shared nodes without expanding them, so an alias is found
    by a walk over the node graph; a file with an alias or a syntax error is parsed again
    by the pure-Python loader, which gives the documented message. The resolvers are those
    of :func:`_yaml_loader` (YAML 1.2 booleans), so both paths build the same document.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", None)
    if base is None:
        return None
    cls = type("NoAliasCSafeLoader", (base,), {"yaml_implicit_resolvers": _yaml_loader().yaml_implicit_resolvers})
    loader = cls(text)
    try:
        node = loader.get_single_node()
        if node is None or _shares_nodes(node):
            return None
        return loader.construct_document(node)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _shares_nodes(root: Any) -> bool:
    """True when a YAML node is reachable twice (the mark of an alias)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        value = node.value
        if isinstance(value, list):
            for item in value:
                if isinstance(item, tuple):
                    stack.extend(item)
                else:
                    stack.append(item)
    return False


def _normalise(value: Any) -> Any:
    """Dates to ISO strings, text to NFC, recursively."""
    if isinstance(value, dict):
        return {_normalise(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def load_framework_document(path: str | Path | Any) -> tuple[dict[str, Any], str, str]:
    """Read and parse a framework file; return ``(document, sha256, display name)``.

    Raises
    ------
    FrameworkError
        The file cannot be read, is too large, is not UTF-8, or is not valid YAML/JSON.
    """
    if isinstance(path, str):
        path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FrameworkError([Problem(name, "", f"cannot read the file: {exc.strerror or exc}")]) from None
    if len(data) > MAX_FRAMEWORK_BYTES:
        msg = f"the file is {len(data):,} bytes; framework files are limited to {MAX_FRAMEWORK_BYTES:,}"
        raise FrameworkError([Problem(name, "", msg)])
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8"
        raise FrameworkError([Problem(name, "", msg)]) from None
    if not text.strip():
        raise FrameworkError([Problem(name, "", "the file is empty")])
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".json":
            doc = json.loads(text)
        else:
            doc = _fast_yaml(text)
            if doc is None:
                import yaml

                doc = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a SafeLoader subclass
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise FrameworkError([Problem(name, "", msg)]) from None
    except Exception as exc:  # yaml.YAMLError and its subclasses
        msg = f"not valid YAML: {exc}".replace("\n", " ")
        raise FrameworkError([Problem(name, "", msg)]) from None
    if not isinstance(doc, dict):
        msg = f"the top level must be a mapping (id, version, pillars …), not {type(doc).__name__}"
        raise FrameworkError([Problem(name, "$", msg)])
    return _normalise(doc), digest, name
