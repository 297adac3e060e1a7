"""``--unverified-limits``: a run's policy for legal limits of confidence ``unverified``.

See :mod:`villagescore.unverified`.
"""

from __future__ import annotations

from typing import Any

import click

from ..model import UNVERIFIED_POLICIES

__all__ = ["unverified_limits_option", "with_run_policy", "run_policy_options", "catalogue_names"]


def _store(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is not None and ctx.obj is not None:
        ctx.obj.unverified_limits = value
    return value


#: ``--unverified-limits exclude|score``: override the framework's ``defaults.unverified_limits`` for this run.
unverified_limits_option = click.option(
    "--unverified-limits", type=click.Choice(list(UNVERIFIED_POLICIES)), default=None, expose_value=False,
    callback=_store, show_default="the framework's",
    help="Legal limits whose value is unverified (a candidate nobody has checked): exclude leaves the indicator "
         "out of the score where its limit is unverified (like one that does not apply), score scores against "
         "it. The choice is recorded in the result's provenance.")


def with_run_policy(app: Any, framework: Any) -> Any:
    """``framework`` under the run's ``--unverified-limits`` (unchanged without it)."""
    from ..unverified import with_unverified_limits

    return with_unverified_limits(framework, getattr(app, "unverified_limits", None))


#: The read options and their defaults: a run records one only when it is not at its default.
READ_DEFAULTS = {"csv_locale": "default", "percent_scale": "auto"}


def run_policy_options(app: Any) -> dict[str, str]:
    """What the run's provenance ``options`` record of the options that change scores or how data is read.

    ``--unverified-limits`` when given; ``--csv-locale`` and ``--percent-scale`` when not at their
    default (``--percent-scale fraction`` multiplies a column by 100); ``--input-format`` when the
    dataset came from standard input in another format than CSV: nothing without them, so a run
    at the defaults records what it did before they were recorded. ``catalogue``: the names of the
    catalogue files loaded as plugins (``VILLAGESCORE_CATALOGUES``'s, then ``--catalogue``'s), when any.
    """
    policy = getattr(app, "unverified_limits", None)
    out = {"unverified_limits": policy} if policy else {}
    catalogues = catalogue_names(getattr(app, "catalogues", ()))
    if catalogues:
        out["catalogue"] = catalogues
    settings = getattr(app, "read_settings", None) or {}
    out.update({k: settings[k] for k, default in READ_DEFAULTS.items() if settings.get(k, default) != default})
    if getattr(app, "read_stdin", False):  # a named file's suffix says its format; standard input's, the option
        from .stdin import INPUT_FORMATS

        chosen = getattr(app, "input_format", None) or INPUT_FORMATS[0]
        if chosen != INPUT_FORMATS[0]:
            out["input_format"] = chosen
    return out


def catalogue_names(given: Any = ()) -> list[str]:
    """The file names (without folder) of the catalogue files a run loads, in load order, each once.

    Those of ``VILLAGESCORE_CATALOGUES`` first, then ``given`` (``--catalogue``), as
    :func:`villagescore.plugins.get_plugin_manager` loads them: re-typed as ``--catalogue`` options,
    they load the same plugins.
    """
    from ..environment import catalogue_paths
    from ..file_names import file_name

    names: list[str] = []
    for path in [*catalogue_paths(), *(given or ())]:
        name = file_name(str(path))
        if name not in names:
            names.append(name)
    return names
