"""The command a result records, written back as a user types it (the reports' "options" row)."""

from __future__ import annotations

import re
import shlex
from typing import Any

__all__ = ["options_text", "GLOBAL_OPTIONS", "ARGUMENTS"]

#: The recorded options that belong to ``villagescore`` itself, typed before the command's name.
GLOBAL_OPTIONS = ("catalogue",)
#: The recorded arguments of a command, typed after its options: ``villagescore targets --by national d.csv``.
ARGUMENTS = ("dataset",)
#: The recorded options whose keyword of :func:`villagescore.evaluate` is another word than the option's.
_API_KEYWORDS = {"catalogue": "catalogues"}


def options_text(options: dict[str, Any]) -> str:
    """The recorded options as the command that gave them: ``villagescore evaluate --framework my-framework.yaml``.

    Option names are what a user types (``--keep-going``), the same in every language; an
    option left at its default (false, empty) is not written. A result of the Python API reads
    ``villagescore.evaluate(framework='…')``. The options of ``villagescore`` itself
    (:data:`GLOBAL_OPTIONS`) come before the command: ``villagescore --catalogue bronze.yaml evaluate …``;
    its arguments (:data:`ARGUMENTS`, the dataset's file name) after the options.
    """
    given = {k: v for k, v in sorted(options.items()) if k not in ("command", "api")
             and v is not None and v is not False and v != [] and v != ()}
    if options.get("api"):
        return "villagescore.evaluate(" + ", ".join(f"{_API_KEYWORDS.get(k, k)}={v!r}" for k, v in given.items()) + ")"
    if not options.get("command"):
        return " ".join(_flags(given))
    first = {k: v for k, v in given.items() if k in GLOBAL_OPTIONS}
    rest = {k: v for k, v in given.items() if k not in GLOBAL_OPTIONS and k not in ARGUMENTS}
    last = [_shell_word(given[k]) for k in ARGUMENTS if k in given]
    return " ".join(["villagescore", *_flags(first), options["command"], *_flags(rest), *last])


def _flags(given: dict[str, Any]) -> list[str]:
    """Each option as typed: ``--keep-going``, ``--village a --village b``."""
    parts: list[str] = []
    for key, value in given.items():
        flag = "--" + key.replace("_", "-")
        if value is True:
            parts.append(flag)
        else:  # a repeatable option (--village a --village b) is typed once a value
            parts.extend(f"{flag} {_shell_word(v)}" for v in (value if isinstance(value, list | tuple) else [value]))
    return parts


def _shell_word(value: Any) -> str:
    """``value`` as a shell reads it back: as it is when plain (``Bát-Tràng``, ``hv.yaml``), else quoted."""
    text = str(value)
    return text if re.fullmatch(r"[\w@%+=:,./-]+", text) else shlex.quote(text)
