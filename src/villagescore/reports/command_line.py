"""The command a result records, written back as a user types it (the reports' "options" row)."""

from __future__ import annotations

import re
import shlex
from typing import Any

__all__ = ["options_text"]


def options_text(options: dict[str, Any]) -> str:
    """The recorded options as the command that gave them: ``villagescore evaluate --framework my-framework.yaml``.

    Option names are what a user types (``--keep-going``), the same in every language; an
    option left at its default (false, empty) is not written. A result of the Python API reads
    ``villagescore.evaluate(framework='…')``.
    """
    given = {k: v for k, v in sorted(options.items()) if k not in ("command", "api")
             and v is not None and v is not False and v != [] and v != ()}
    if options.get("api"):
        return "villagescore.evaluate(" + ", ".join(f"{k}={v!r}" for k, v in given.items()) + ")"
    parts = [f"villagescore {options['command']}"] if options.get("command") else []
    for key, value in given.items():
        flag = "--" + key.replace("_", "-")
        if value is True:
            parts.append(flag)
        else:  # a repeatable option (--village a --village b) is typed once a value
            parts.extend(f"{flag} {_shell_word(v)}" for v in (value if isinstance(value, list | tuple) else [value]))
    return " ".join(parts)


def _shell_word(value: Any) -> str:
    """``value`` as a shell reads it back: as it is when plain (``Bát-Tràng``, ``hv.yaml``), else quoted."""
    text = str(value)
    return text if re.fullmatch(r"[\w@%+=:,./-]+", text) else shlex.quote(text)
