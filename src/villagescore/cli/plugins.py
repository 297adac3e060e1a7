"""``villagescore plugins``: what is installed and which hooks each plugin implements."""

from __future__ import annotations

import json

import click

from ..i18n import t
from .messages import warning
from .options import messages_lang_option

__all__ = ["plugins"]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of {name, version, hooks}.")
@messages_lang_option
@click.pass_obj
def plugins(app, as_json: bool) -> None:
    """List installed plugins with their versions and hooks, and the plugins that failed to load.

    Exits 1 when a plugin failed to load (it is listed as FAILED, with the reason). With
    --strict-plugins, every plugin's hooks are also called and the sectors joined to the
    shipped frameworks: a plugin failing in a hook, or a sector that cannot join, is an error.
    """
    from ..errors import Said
    from ..i18n import current_language
    from ..plugins import load_state, plugin_infos

    pm = app.plugin_manager
    infos = plugin_infos(pm)
    failures = load_state(pm).failures
    for w in app.load_warnings:
        warning(w.message.text(current_language()) if isinstance(w.message, Said) else str(w.message))
    if as_json:
        data = [{"name": i.name, "version": i.version, "hooks": i.hooks, "module": i.module,
                 "distribution": i.distribution} for i in infos]
        data += [{"name": name, "failed": reason} for name, reason in failures]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        if failures:
            raise click.exceptions.Exit(1)
        _check_contributions(app)
        return
    width = max((len(i.name) for i in infos), default=4)
    versions = max([8, *(len(i.version) for i in infos)])  # a catalogue file's version carries its digest
    for info in infos:
        click.echo(f"{info.name:<{width}}  {info.version:<{versions}}  {', '.join(info.hooks)}")
    failed = t("plugins.failed")
    lang = current_language()
    for name, reason in failures:
        said_reason = reason.text(lang) if isinstance(reason, Said) else reason
        click.echo(f"{name:<{width}}  {failed:<{versions}}  {said_reason}")
    if failures:
        raise click.exceptions.Exit(1)
    _check_contributions(app)


def _check_contributions(app) -> None:
    """In strict mode, what listing alone does not show: a plugin failing in a hook, a sector that cannot join.

    Both raise :class:`~villagescore.errors.PluginError` (exit 1, naming the plugin). Not done
    otherwise: calling the hooks imports numpy, which listing plugins never does.
    """
    from ..plugins import _strict_from_env

    if not (app.strict or (app.strict is None and _strict_from_env())):
        return
    from ..framework import join_shipped_frameworks
    from ..registry import Registry

    join_shipped_frameworks(Registry.from_plugin_manager(app.plugin_manager, strict=True))
