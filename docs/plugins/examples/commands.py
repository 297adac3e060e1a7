"""An example plugin adding a command to the villagescore CLI (quoted by docs/plugins/hooks.md)."""

from __future__ import annotations

import click

from villagescore import hookimpl


# [start commands]
@hookimpl
def register_commands(cli):
    """Add `villagescore pottery-measures`."""

    @cli.command(name="pottery-measures")
    @click.option("--lang", type=click.Choice(["vi", "en"]), default="vi")
    def pottery_measures(lang):
        """List the cleaner-production measures of the pottery sector."""
        from villagescore.registry import Registry

        sector = Registry.default().sectors.get("pottery")
        for measure in sector.measures if sector else ():
            click.echo(f"{measure.id}: {measure.label[lang]}")
# [end commands]
