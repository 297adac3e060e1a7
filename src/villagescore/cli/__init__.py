"""The ``villagescore`` command line (click).

Commands are imported only when used, so ``villagescore --help`` and
``villagescore plugins`` never import pandas. User mistakes (a
:class:`~villagescore.errors.VillageScoreError`) print a clear message and exit 1;
click's usage errors exit 2; anything else is a bug: its traceback is printed and the
exit code is 3. Exit codes are documented in ``docs/cli.md``.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import traceback
from typing import Any

import click

from ..errors import EXIT_INTERNAL, VillageScoreError

__all__ = ["cli", "main", "AppContext"]

#: command name -> "module:attribute" (relative to villagescore.cli)
COMMANDS = {
    "pilot": "evaluate:pilot",
    "evaluate": "evaluate:evaluate",
    "validate": "validate:validate",
    "plugins": "plugins:plugins",
    "framework": "framework:framework",
    "compare": "compare:compare",
    "sensitivity": "sensitivity:sensitivity",
    "explain": "explain:explain",
    "template": "template:template",
    "new-plugin": "newplugin:new_plugin",
    "schema": "schema:schema",
    "store": "store:store",
    "targets": "targets:targets",
    "serve": "serve:serve",
}


class AppContext:
    """Shared state of one command-line run: the registry is built on first use."""

    def __init__(self, strict: bool | None) -> None:
        self.strict = strict
        self._registry = None

    @property
    def registry(self) -> Any:
        """The registry of every installed plugin (built once per run)."""
        if self._registry is None:
            from ..registry import Registry

            self._registry = Registry.default(strict=self.strict)
        return self._registry


class UserError(click.ClickException):
    """A :class:`VillageScoreError` shown to the user: message on stderr, exit 1, no traceback."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


class LazyGroup(click.Group):
    """A group whose commands are imported on demand, plus commands from plugins."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VillageScoreError as exc:
            raise UserError(str(exc)) from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plugin_commands_loaded = False

    def _available(self) -> dict[str, str]:
        out = {}
        for name, target in COMMANDS.items():
            module = target.split(":")[0]
            if importlib.util.find_spec(f"{__name__}.{module}") is not None:
                out[name] = target
        return out

    def _load_plugin_commands(self) -> None:
        if self._plugin_commands_loaded:
            return
        self._plugin_commands_loaded = True
        import warnings

        from ..errors import PluginError
        from ..plugins import _strict_from_env, get_plugin_manager

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # shown when the registry is built
            try:
                pm = get_plugin_manager()
            except VillageScoreError:
                return
        for impl in pm.hook.register_commands.get_hookimpls():
            if impl.plugin_name == "villagescore":
                continue
            try:
                impl.function(cli=self)
            except Exception as exc:  # one plugin's broken command must not break the CLI (unless strict)
                message = f"plugin {impl.plugin_name!r} failed to add its commands: {type(exc).__name__}: {exc}"
                if _strict_from_env():
                    raise PluginError(message) from exc
                click.echo(f"warning: {message}", err=True)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted(set(self._available()) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self._available().get(cmd_name)
        if target is not None:
            module, attr = target.split(":")
            return getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        if cmd_name not in self.commands:
            self._load_plugin_commands()
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="villagescore")
@click.option("--strict-plugins", is_flag=True, default=None,
              help="A plugin that fails to load is an error, not a warning (also VILLAGESCORE_STRICT_PLUGINS=1).")
@click.pass_context
def cli(ctx: click.Context, strict_plugins: bool | None) -> None:
    """Score Vietnamese craft villages (làng nghề) against a criteria set for sustainable craft villages.

    Start with `villagescore pilot` (the Phùng Xá weaving village on the bundled data),
    then `villagescore evaluate DATASET`. Exit codes: 0 success, 1 invalid input,
    framework, plugin or output, 2 usage error, 3 internal error (a bug: please report it).
    """
    ctx.obj = AppContext(strict_plugins)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; turn user errors into messages and exit codes."""
    try:
        rc = cli.main(args=argv, prog_name="villagescore", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except VillageScoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception:  # a bug: keep the traceback, say so
        traceback.print_exc()
        click.echo("internal error: this is a bug in villagescore or a plugin; please report it "
                   "with the traceback above", err=True)
        sys.exit(EXIT_INTERNAL)
    # without standalone mode click returns the code of ctx.exit()/Exit instead of exiting
    sys.exit(rc if isinstance(rc, int) else 0)
