"""``villagescore plugins``: what is installed and which hooks each plugin implements."""

from __future__ import annotations

import json

import click

__all__ = ["plugins"]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of {name, version, hooks}.")
@click.pass_obj
def plugins(app, as_json: bool) -> None:
    """List installed plugins with their versions and hooks, and the plugins that failed to load.

    Exits 1 when a plugin failed to load (it is listed as FAILED, with the reason).
    """
    import warnings

    from ..plugins import get_plugin_manager, plugin_infos

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pm = get_plugin_manager(strict=app.strict)
    infos = plugin_infos(pm)
    failures = getattr(pm, "villagescore_failures", [])
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)
    if as_json:
        data = [{"name": i.name, "version": i.version, "hooks": i.hooks, "module": i.module,
                 "distribution": i.distribution} for i in infos]
        data += [{"name": name, "failed": message} for name, message in failures]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        if failures:
            raise click.exceptions.Exit(1)
        return
    width = max((len(i.name) for i in infos), default=4)
    for info in infos:
        click.echo(f"{info.name:<{width}}  {info.version:<8}  {', '.join(info.hooks)}")
    for name, message in failures:
        click.echo(f"{name:<{width}}  FAILED    {message}")
    if failures:
        raise click.exceptions.Exit(1)
