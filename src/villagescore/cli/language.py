"""The language of a command-line run: help, click's own messages, errors and reports.

:func:`activate` makes a language current for the rest of the process: villagescore's lookups
(:func:`villagescore.i18n.use_language`), click's messages (click looks them up through the
standard :mod:`gettext` functions, so the process's text domain is pointed at villagescore's
catalogues and ``LANGUAGE`` at the language) and the help texts of the commands, which are
written in English in the source and translated through the same catalogues when shown.

The root command activates the language of the environment before it parses anything; a
command's ``--lang`` is an eager option that activates its value before the other options are
read, so ``villagescore evaluate --lang vi --help`` and its error messages are in Vietnamese.
"""

from __future__ import annotations

import gettext as _gettext
import inspect
import os
from typing import Any

import click

from ..i18n import N_, current_language, gettext, language_from_environment, use_language
from ..i18n.catalogues import DOMAIN, LOCALE_DIR

__all__ = ["activate", "activate_from_environment", "translate_command", "lang_callback"]

_TEXTS = {"help", "short_help", "epilog"}
_SOURCE = "_villagescore_source_texts"


def activate(lang: str) -> None:
    """Make ``lang`` the language of this process: lookups, click's messages and the help texts."""
    use_language(lang)
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang  # what gettext.gettext (and so click) reads to pick the catalogue


def activate_from_environment() -> str:
    """Activate ``VILLAGESCORE_LANG`` or the locale (Vietnamese when it names neither); returns it.

    An invalid ``VILLAGESCORE_LANG`` activates Vietnamese here; the root command reports the
    variable when it checks the environment.
    """
    from ..errors import VillageScoreError

    try:
        lang = language_from_environment()
    except VillageScoreError:
        lang = "vi"
    activate(lang)
    return lang


def asked_language(args: list[str]) -> str | None:
    """The language a command line asks for with ``--lang``, wherever it stands (``None`` if it asks none).

    ``--help`` is as eager as ``--lang`` and click runs eager options in the order they are
    typed, so ``villagescore targets --help --lang en`` would show the help before ``--lang``
    chose its language: the root command looks the choice up before anything is parsed.
    """
    from ..i18n import LANGS

    for k, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else (
            args[k + 1] if arg == "--lang" and k + 1 < len(args) else None)
        if value in LANGS:
            return value
    return None


def _translate(obj: Any, names: set[str], lang: str) -> None:
    """Set ``obj``'s text attributes to their translations, keeping the English sources aside."""
    sources = obj.__dict__.get(_SOURCE)
    if sources is None:
        sources = {n: getattr(obj, n, None) for n in names}
        setattr(obj, _SOURCE, sources)
    for name, source in sources.items():
        if isinstance(source, str) and source:
            key = inspect.cleandoc(source) if "\n" in source else source  # the catalogues key docstrings cleaned
            text = gettext(key, lang)
            setattr(obj, name, source if text == key else text)


#: click's names of the simple types, shown as an option's metavar when it gives none
TYPE_METAVARS = ("INTEGER", "FLOAT", "TEXT", "INTEGER RANGE", "FLOAT RANGE")
#: click's names of its number types, which its message "'abc' is not a valid integer range." holds, and the
#: plain word said instead in every language ("integer", not "integer range"; "number", not "float")
NUMBER_TYPE_NAMES = {"integer": N_("integer"), "float": N_("number"), "integer range": N_("integer"),
                     "float range": N_("number")}


def _type_source(kind: click.ParamType) -> str:
    """The English name click gives ``kind`` (``integer range``), kept aside when it is first translated."""
    return kind.__dict__.setdefault(_SOURCE, kind.name)


def _number_type_name(param: click.Parameter, lang: str) -> None:
    """Name a number parameter's type plainly in ``lang``, as click's message about a value it cannot read shows it.

    The name is set on the type (``click.INT`` is shared by every option of type ``int``), in the
    language of the run, as :func:`_path_kind` names a path's kind.
    """
    source = _type_source(param.type)
    if source in NUMBER_TYPE_NAMES:
        param.type.name = gettext(NUMBER_TYPE_NAMES[source], lang)


def _argument_metavar(param: click.Argument, lang: str) -> None:
    """An argument's placeholder in ``lang``, decorated as click does (``[NAME]`` when optional, ``...`` for many)."""
    sources = param.__dict__.setdefault(_SOURCE, {"metavar": param.metavar})
    source = sources["metavar"]
    if source is not None:
        param.metavar = gettext(source, lang)
        return
    name = (param.name or "").upper()
    text = gettext(name, lang)
    if text == name:
        param.metavar = None
        return
    if not param.required:
        text = f"[{text}]"
    param.metavar = text + ("..." if param.nargs != 1 else "")


def _option_metavar(param: click.Option, lang: str) -> None:
    """An option's placeholder in ``lang``: its own metavar, or the name of its simple type."""
    sources = param.__dict__.setdefault(_SOURCE, {})
    if "metavar" not in sources:
        sources["metavar"] = param.metavar
    source = sources["metavar"]
    if source is None and not param.is_flag and _type_source(param.type).upper() in TYPE_METAVARS:
        source = _type_source(param.type).upper()
    if source is not None:
        translated = gettext(source, lang)
        param.metavar = None if translated == source and sources["metavar"] is None else translated


def _path_kind(param: click.Parameter) -> None:
    """Name the kind of a path parameter (file, folder) in the current language, as click does when it is built.

    click translates the name once, in ``click.Path.__init__``, in the language current when the
    command's module was imported; its messages ("File 'x' does not exist") use that name.
    """
    kind = param.type
    if not isinstance(kind, click.Path):
        return
    if kind.file_okay and not kind.dir_okay:
        kind.name = _gettext.gettext("file")
    elif kind.dir_okay and not kind.file_okay:
        kind.name = _gettext.gettext("directory")
    else:
        kind.name = _gettext.gettext("path")


def translate_command(command: click.Command, lang: str | None = None) -> click.Command:
    """Show ``command``'s help (its options', and its loaded subcommands') in ``lang`` (default: current)."""
    lang = lang or current_language()
    _translate(command, _TEXTS | {"options_metavar"} | ({"subcommand_metavar"} if isinstance(command, click.Group)
                                                         else set()), lang)
    params = list(command.params)
    helper = getattr(command, "_help_option", None)
    if helper is not None:  # click makes it in the language current then: its source is click's English text
        helper.__dict__.setdefault(_SOURCE, {"help": "Show this message and exit."})
        params.append(helper)
    for param in params:
        _path_kind(param)
        _number_type_name(param, lang)
        if isinstance(param, click.Option):
            _translate(param, {"help", "show_default"}, lang)
            _option_metavar(param, lang)
        elif isinstance(param, click.Argument):
            _argument_metavar(param, lang)
    for sub in getattr(command, "commands", {}).values():
        translate_command(sub, lang)
    return command


def lang_callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """The eager ``--lang`` option: activate its value before the other options are read."""
    if value is not None:
        if value != current_language():
            activate(value)
        translate_command(ctx.command, value)
    return value
