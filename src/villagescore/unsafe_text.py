"""Characters a text read from a file may not hold: control characters and direction overrides.

A vertical tab (Word's soft line break, pasted) breaks an Excel workbook's XML; ``ESC`` starts a
terminal sequence that hides the rest of a line, sets the window's title or writes the clipboard;
U+202E shows a text backwards. Framework, catalogue and targets files, and result files, refuse
them with a located problem each (:func:`unsafe_text_problems`); the terminal shows any that
reaches it as a visible escape (:func:`visible`).
"""

from __future__ import annotations

import re
from typing import Any

from .errors import Problem, problem
from .i18n import N_

__all__ = ["UNSAFE_CHARACTER", "UNSAFE_TEXT", "Visible", "first_unsafe", "unsafe_text_problems", "visible"]

#: C0 control characters but tab and line feed, DEL, C1 controls, and the bidirectional embeddings,
#: overrides and isolates (U+202A–U+202E, U+2066–U+2069).
UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The same characters and carriage return too: what a terminal line may not hold raw.
_NOT_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\r]")

#: The problem of a text holding one of :data:`UNSAFE_CHARACTER`.
UNSAFE_TEXT = N_("the text holds {char} at character {position}, an invisible control character that can hide or "
                 "garble text on screen and breaks workbooks; delete it (a line break pasted from Word is U+000B: "
                 "write a new line instead)")


def first_unsafe(text: str) -> tuple[int, str] | None:
    """``(position, 'U+001B')`` of the first :data:`UNSAFE_CHARACTER` in ``text`` (1-based), or ``None``."""
    found = UNSAFE_CHARACTER.search(text)
    return None if found is None else (found.start() + 1, f"U+{ord(found.group()):04X}")


def unsafe_text_problems(value: Any, name: str, path: str = "$") -> list[Problem]:
    """A located problem for each text (a value or a key) of the document ``value`` holding an unsafe character."""
    if isinstance(value, str):
        found = first_unsafe(value)
        if found is None:
            return []
        return [problem(name, path, UNSAFE_TEXT, params={"position": found[0], "char": found[1]})]
    if isinstance(value, dict):
        out = []
        for k, v in value.items():
            where = f"{path}.{visible(str(k))}"
            out += unsafe_text_problems(str(k), name, where) if isinstance(k, str) else []
            out += unsafe_text_problems(v, name, where)
        return out
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in unsafe_text_problems(v, name, f"{path}[{i}]")]
    return []


def visible(text: str) -> str:
    r"""``text`` with each control character, carriage return and direction override written as an escape (``\x1b``).

    Tab and line feed stay as they are: they lay a text out, they do not act on the terminal.
    """
    if text.isprintable() or not _NOT_FOR_TERMINAL.search(text):
        return text
    return _NOT_FOR_TERMINAL.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class Visible:
    r"""A rich renderable shown with :func:`visible` applied to its text: the terminal never receives ``ESC`` from it.

    The last line of defence: the files a text comes from refuse control characters, but one
    that reaches a table (a plugin's label, a value) is shown as ``\x1b`` rather than acted on.
    """

    def __init__(self, renderable: Any) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            text, style, control = segment
            yield segment if control or not text else Segment(visible(text), style, control)
