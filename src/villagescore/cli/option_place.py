"""Where an option given on the wrong side of the command's name goes, added to click's "no such option"."""

from __future__ import annotations

import sys

import click

from ..errors import VillageScoreError

__all__ = ["say_where_the_option_goes"]


def say_where_the_option_goes(exc: click.NoSuchOption, argv: list[str] | None) -> None:
    """Add to "no such option" where the option belongs, when it is villagescore's or a command's.

    ``--catalogue`` and ``--strict-plugins`` come before the command's name, a command's options
    (``--lang``, ``--format`` …) after it: put on the wrong side, click knows only that it is not there.
    A misspelling of such an option (``--catalog``) is said with the name meant, as click suggests one
    of the options where it stands (:func:`difflib.get_close_matches`), when click has none to suggest.
    """
    from . import LazyGroup
    from .messages import message

    ctx, name = exc.ctx, exc.option_name
    if ctx is None or not name.startswith("-"):
        return
    root = ctx.find_root()
    close = not exc.possibilities  # click's own suggestion stands
    if ctx is not root:
        meant = _option_meant(root.command, name, close)
        if meant is None:
            return
        own = _param_named(root.command, meant)
        usage = f"{meant} {_metavar(own, ctx)}" if not getattr(own, "is_flag", False) else meant
        command = ctx.command_path.split(" ", 1)[-1]  # a group's: "store add"
        exc.message += " " + (message("{option} is an option of villagescore itself: put it before the command's "
                                      "name: villagescore {usage} {command} …", option=name, usage=usage,
                                      command=command) if meant == name else
                              message("Did you mean {option}? It is an option of villagescore itself: put it before "
                                      "the command's name: villagescore {usage} {command} …", option=meant,
                                      usage=usage, command=command))
    elif isinstance(root.command, LazyGroup):
        args = list(sys.argv[1:] if argv is None else argv)
        try:
            named = _command_named(root, args, name, close)
        except (VillageScoreError, ImportError):  # a command that cannot load: the usage error, without the hint
            return
        if named is not None:
            command, meant = named
            exc.message += " " + (message("{option} is an option of the command: put it after the command's name: "
                                          "villagescore {command} {option} …", option=name, command=command)
                                  if meant == name else
                                  message("Did you mean {option}? It is an option of the command: put it after the "
                                          "command's name: villagescore {command} {option} …", option=meant,
                                          command=command))


def _command_named(root: click.Context, args: list[str], option: str, close: bool = False) -> tuple[str, str] | None:
    """The built-in command named in ``args`` that has ``option`` (no plugin loaded), not an option's value.

    With the option's name as the command spells it: ``option``, or with ``close`` one close to it
    (:func:`_option_meant`).
    """
    builtin = root.command._available()
    for k, arg in enumerate(args):
        command = root.command.get_command(root, arg) if arg in builtin else None
        if command is None:
            continue
        before = args[k - 1] if k else ""
        if before.startswith("-") and "=" not in before:  # ``-o pilot evaluate``: pilot is the value of -o
            # the option not found may be misspelt (``--outpt pilot evaluate``): as the name it is close to
            spelt = (_option_meant(command, before, close) or before) if before == option else before
            valued = _param_named(root.command, spelt) or _param_named(command, spelt)
            if valued is not None and not getattr(valued, "is_flag", False):
                continue
        name = arg
        if isinstance(command, click.Group) and k + 1 < len(args):  # ``store add``: the group's command has it
            sub = command.get_command(root, args[k + 1])
            command, name = (sub, f"{arg} {args[k + 1]}") if sub is not None else (command, arg)
        meant = _option_meant(command, option, close)
        if meant is not None:
            return name, meant
    return None


def _option_meant(command: click.Command, name: str, close: bool) -> str | None:
    """``name`` if ``command`` has that option; else, with ``close``, its long option closest to it, if any.

    Close as click finds a suggestion (:func:`difflib.get_close_matches` over the long names).
    """
    if _param_named(command, name) is not None:
        return name
    if not close or not name.startswith("--"):
        return None
    import difflib

    names = [n for p in command.params if isinstance(p, click.Option) and not (p.is_eager and p.is_flag)
             for n in (*p.opts, *p.secondary_opts) if n.startswith("--")]
    found = difflib.get_close_matches(name, names, n=1)
    return found[0] if found else None


def _metavar(param: click.Parameter, ctx: click.Context) -> str:
    """``param``'s metavar (``PATH`` …): click takes the context from 8.2 on, none before."""
    import inspect

    if "ctx" in inspect.signature(param.make_metavar).parameters:
        return param.make_metavar(ctx)
    return param.make_metavar()  # type: ignore[call-arg]


def _param_named(command: click.Command, name: str) -> click.Parameter | None:
    """``command``'s option spelt ``name`` (``--no-x`` too), unless a flag acting at once (``--help`` …)."""
    return next((p for p in command.params if name in (*p.opts, *p.secondary_opts)
                 and not (p.is_eager and getattr(p, "is_flag", False))), None)
