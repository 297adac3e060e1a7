"""The plugin contract: every hook a villagescore plugin can implement.

A plugin is a module (or object) whose functions are marked with
``villagescore.hookimpl`` and whose names match the hooks below. Every hook takes no
argument (except ``register_commands``) and returns a list of plain objects from
:mod:`villagescore.objects`. All implementations are called; their lists are
concatenated; the core sorts everything by id, so results never depend on the order in
which plugins load. Duplicate ids are errors naming both plugins.

The reference for plugin authors, with an example per hook, is ``docs/plugins/hooks.md``;
a test keeps it in step with this module.
"""

from __future__ import annotations

import pluggy

__all__ = ["hookimpl", "hookspec", "PROJECT"]

PROJECT = "villagescore"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ---- Data: what a plugin knows how to read from a village ----


@hookspec
def register_fields():
    """Return the raw fields (dataset columns) this plugin needs.

    Returns
    -------
    list[villagescore.Field]
        Each field's id is a dataset column name. All implementations are called; their
        lists are concatenated.

    .. versionadded:: 0.1
    """


@hookspec
def register_sectors():
    """Return the craft sectors this plugin defines, with their cleaner-production measures.

    Returns
    -------
    list[villagescore.Sector]
        A dataset may only name sectors some plugin registered. All implementations are
        called; their lists are concatenated.

    .. versionadded:: 0.1
    """


@hookspec
def register_indicators():
    """Return the indicators this plugin computes from fields.

    Returns
    -------
    list[villagescore.Indicator]
        Each indicator's ``compute(frame)`` works on whole columns and returns a Series
        aligned with ``frame``. All implementations are called; their lists are
        concatenated.

    .. versionadded:: 0.1
    """


@hookspec
def register_regulations():
    """Return the regulation versions this plugin declares, with the limits they set.

    Returns
    -------
    list[villagescore.Regulation]
        Each regulation version is declared once, by one plugin; frameworks, indicators
        and references cite it by id. All implementations are called; their lists are
        concatenated; two plugins declaring the same id is an error naming both.

    .. versionadded:: 0.2
    """


@hookspec
def register_checks():
    """Return the plausibility checks this plugin declares between fields.

    Returns
    -------
    list[villagescore.Check]
        Each compares two numeric fields of a row (``left <= factor × right`` or ``>=``);
        ``villagescore validate`` reports every row that breaks one as a warning, never as
        an error. The fields may be any plugin's. All implementations are called; their
        lists are concatenated; two plugins declaring the same id is an error naming both.

    .. versionadded:: 0.3
    """


# ---- Methods: how values become scores and scores combine ----


@hookspec
def register_scorers():
    """Return scoring methods that map indicator values onto 0–100.

    Returns
    -------
    list[villagescore.Scorer]
        Each with a JSON Schema for its parameters. All implementations are called; their
        lists are concatenated.

    Notes
    -----
    A parameter named ``limit`` is filled from the framework's threshold: a number when the
    threshold is one value for every village, else a float ``numpy.ndarray`` of the same
    shape as ``values`` (one limit per value, NaN where unknown) for a limit by a category
    field or regulation versions applied by date. ``function`` must take both; the
    ``params_schema`` describes one limit (``{"type": "number"}``).

    .. versionadded:: 0.1
    """


@hookspec
def register_aggregators():
    """Return aggregation rules that combine weighted child scores into a parent score.

    Returns
    -------
    list[villagescore.Aggregator]
        All implementations are called; their lists are concatenated.

    .. versionadded:: 0.1
    """


@hookspec
def register_frameworks():
    """Return the criteria-framework files (YAML or JSON) this plugin ships.

    Returns
    -------
    list[villagescore.FrameworkSource]
        All implementations are called; their lists are concatenated. A framework is
        known by the ``id`` inside the file.

    .. versionadded:: 0.1
    """


# ---- Input and output formats ----


@hookspec
def register_readers():
    """Return dataset readers, each for one or more file suffixes.

    Returns
    -------
    list[villagescore.Reader]
        All implementations are called; their lists are concatenated; two readers for
        the same suffix are an error.

    .. versionadded:: 0.1
    """


@hookspec
def register_reporters():
    """Return reporters, each rendering a Result in one named output format.

    Returns
    -------
    list[villagescore.Reporter]
        All implementations are called; their lists are concatenated.

    .. versionadded:: 0.1
    """


# ---- Command line ----


@hookspec
def register_commands(cli):
    """Add click commands to the ``villagescore`` command group.

    Parameters
    ----------
    cli : click.Group
        The ``villagescore`` group; call ``cli.add_command(...)`` or decorate with
        ``@cli.command()``.

    Returns
    -------
    None
        Called for its side effect; all implementations are called.

    .. versionadded:: 0.1
    """
