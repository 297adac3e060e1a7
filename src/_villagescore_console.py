"""The ``villagescore`` console script's first step: a Ctrl-C while the command line is imported is said, not traced.

Importing villagescore, pluggy and click takes a tenth of a second or more; until
:func:`villagescore.cli.process_exit.run` is running, a Ctrl-C would be Python's
``KeyboardInterrupt`` traceback. This module is outside the ``villagescore`` package (importing
anything in it imports the package first) and imports only the standard library, so it is
already running when that happens: it says ``Interrupted.`` in the language the command line
would choose (``--lang``, else ``VILLAGESCORE_LANG``, else the locale, else Vietnamese), from
villagescore's own catalogue, and exits 130. ``python -m villagescore`` imports the package before
any of its code runs: this covers the installed command only.
"""

from __future__ import annotations

import os
import sys

__all__ = ["run"]

#: The command line's languages, the first the default (as :data:`villagescore.i18n.LANGS`).
_LANGS = ("vi", "en")
#: The exit status of a run stopped by Ctrl-C (the shell's 128 + SIGINT).
_INTERRUPTED = 130


def run() -> None:
    """Import and run the command line (:func:`villagescore.cli.process_exit.run`); a Ctrl-C meanwhile exits 130."""
    try:
        from villagescore.cli.process_exit import run as run_command
    except KeyboardInterrupt:
        _say_interrupted()
        os._exit(_INTERRUPTED)  # nothing of the run to finish: no exit handler of villagescore is registered yet
    run_command()


def _say_interrupted() -> None:
    import gettext
    import importlib.util

    try:
        spec = importlib.util.find_spec("villagescore")  # found, not imported
        folders = list(spec.submodule_search_locations or []) if spec else []
        locale = os.path.join(folders[0], "i18n", "locale") if folders else None
        words = gettext.translation("villagescore", locale, languages=[_language()], fallback=True)
        if sys.stderr is not None:
            sys.stderr.write(words.gettext("Interrupted.") + "\n")
            sys.stderr.flush()
    except (Exception, KeyboardInterrupt):  # noqa: BLE001 - said when it can be; the status says it anyway
        pass


def _language() -> str:
    """The language :func:`villagescore.cli.language.activate_from_environment` and ``--lang`` would choose."""
    args = sys.argv[1:]
    for k, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            args[k + 1] if arg == "--lang" and k + 1 < len(args) else None)
        if value in _LANGS:
            return value
    chosen = os.environ.get("VILLAGESCORE_LANG", "").strip().lower()
    if chosen:
        return chosen if chosen in _LANGS else _LANGS[0]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            if code in _LANGS:
                return code
            if name != "LANGUAGE":  # the first locale variable set decides (C, POSIX: no language)
                break
    return _LANGS[0]
