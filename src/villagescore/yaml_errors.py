r"""A YAML syntax error said as its author can act on it: where, the likely cause, what to do.

PyYAML words its errors for people who know its grammar (``while scanning for the next token
found character '\t' that cannot start any token``). :func:`yaml_error` names the line and
column, recognises the usual causes (a tab, an indentation that does not line up, a key without
``:``, a value that starts with a character YAML reserves) and says what to do, keeping the
parser's own words as a technical detail. A cause it does not recognise gets the place and the
detail only.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import DocumentError, Term, problem
from .i18n import N_

__all__ = ["yaml_error", "advice"]

_TAB = N_("a tab character: indent with spaces, not tabs")
_INDENT = N_("the indentation does not line up: indent each key with spaces exactly as far as the other keys of "
             "its mapping, and each '- ' item as far as the other items of its list")
_COLON = N_("a key without ':' after it: write 'key: value' (a space after the ':'), or put a value that runs over "
            "several lines in quotes")
_VALUE_COLON = N_("a ': ' inside a value, or a key indented too far: put the value in quotes, or line the key up "
                  "with the keys above it")
_RESERVED = N_("a value starting with {char}, a character YAML reserves: put the value in quotes ({example})")
_QUOTE = N_("a quote that is not closed: end the value with the same quote it starts with")

#: Causes whose fault is where PyYAML's context starts (the key without ':', the opening quote): its
#: problem is found later, on the next line or at the end of the file.
_AT_CONTEXT = (_COLON, _QUOTE)
#: Characters that cannot start a plain YAML value.
_RESERVED_CHARS = "@`%&*!|>"


def advice(exc: Any, text: str = "") -> tuple[str, dict[str, Any]] | None:
    """The likely cause of PyYAML's error ``exc`` and what to do, as ``(template, params)``; ``None`` if unknown.

    ``text``: the document, to look at the line the error points to (a tab in its indentation).
    """
    problem_text = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None)
    line = _line(text, mark.line) if mark is not None else ""
    if "'\\t'" in problem_text or (line[: len(line) - len(line.lstrip())].count("\t")):
        return _TAB, {}
    found = re.search(r"found character '(.)' that cannot start any token", problem_text)
    if found and found.group(1) in _RESERVED_CHARS:
        return _reserved(found.group(1))
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        return _reserved("*" if "alias" in context else "&")
    if "could not determine a constructor for the tag" in problem_text:
        return _reserved("!")
    if "while scanning a quoted scalar" in context:
        return _QUOTE, {}
    if "could not find expected ':'" in problem_text:
        return _COLON, {}
    if "mapping values are not allowed here" in problem_text:
        return _VALUE_COLON, {}
    if ("expected <block end>" in problem_text or "did not find expected key" in problem_text
            or "did not find expected '-' indicator" in problem_text):
        return _INDENT, {}
    return None


def _reserved(char: str) -> tuple[str, dict[str, Any]]:
    return _RESERVED, {"char": f"'{char}'", "example": f"\"{char}…\""}


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def yaml_error(name: str, exc: Any, text: str = "") -> DocumentError:
    """PyYAML's error ``exc`` in ``name``: its line and column, the likely cause and what to do, its words as detail."""
    cause = advice(exc, text)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if cause is not None and cause[0] in _AT_CONTEXT:
        mark = getattr(exc, "context_mark", None) or mark
    detail = (" ".join(str(p) for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p)
              or str(exc)).replace("\n", " ")
    if mark is None:
        return DocumentError([problem(name, "", N_("not valid YAML (technical detail: {detail})"),
                                      params={"detail": detail})])
    params: dict[str, Any] = {"line": mark.line + 1, "column": mark.column + 1, "detail": detail}
    if cause is None:
        template = N_("not valid YAML (line {line}, column {column}; technical detail: {detail})")
    else:
        template = N_("not valid YAML at line {line}, column {column}: {cause} (technical detail: {detail})")
        params["cause"] = _said(*cause)
    return DocumentError([problem(name, "", template, params=params)])


def _said(template: str, params: dict[str, Any]) -> Any:
    from .errors import SaidText, said

    return said(SaidText, template, **params) if params else Term(template)
