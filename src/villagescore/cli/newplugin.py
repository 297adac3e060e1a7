"""``villagescore new-plugin NAME``: create a sector-plugin package that installs and tests itself."""

from __future__ import annotations

from pathlib import Path

import click

from .messages import message
from .options import messages_lang_option

__all__ = ["new_plugin"]


@click.command("new-plugin")
@click.argument("name")
@click.option("-d", "--directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Create the plugin folder inside this folder.")
@click.option("--title-en", metavar="TEXT", help="The sector's name in English [default: from NAME].")
@click.option("--title-vi", metavar="TEXT", help="The sector's name in Vietnamese [default: 'Nghề NAME'].")
@messages_lang_option
def new_plugin(name: str, directory: Path, title_en: str | None, title_vi: str | None) -> None:
    """Create villagescore-NAME/: a sector plugin with fields, an indicator, a framework and tests.

    NAME is lower-case ASCII, words joined by '-' or '_' (e.g. pottery, pottery-glaze).
    The new package installs with `pip install -e .` and passes its own tests unchanged;
    docs/plugins/tutorial.md walks through editing it. An existing folder is never
    overwritten.
    """
    from ..scaffold import create_plugin, plugin_names

    names = plugin_names(name, title_en=title_en, title_vi=title_vi)
    target = create_plugin(name, directory, title_en=title_en, title_vi=title_vi)
    click.echo(message("created {target}/ (plugin '{plugin}', package {package})", target=target,
                       plugin=names.snake, package=names.module))
    click.echo(message("next:"))
    click.echo(f"  cd {target}")
    click.echo("  pip install -e .          # " + message("villagescore now finds the plugin"))
    click.echo("  python -m pytest          # " + message("its own tests pass"))
    click.echo("  villagescore plugins      # " + message("lists '{plugin}'", plugin=names.snake))
    click.echo(f"  villagescore evaluate examples/villages.csv --framework {names.framework_id}")
