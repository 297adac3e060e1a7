"""The ``villagescore`` command line (click).

Commands are imported only when used, so ``villagescore --help`` and
``villagescore plugins`` never import pandas. User mistakes (a
:class:`~villagescore.errors.VillageScoreError`) print a clear message and exit 1;
click's usage errors exit 2; anything else is a bug: its traceback is printed and the
exit code is 3. Exit codes are documented in ``docs/cli.md``.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import traceback
from collections.abc import Iterator
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
    "datasets": "datasets:datasets",
    "store": "store:store",
    "targets": "targets:targets",
    "serve": "serve:serve",
}


class AppContext:
    """Shared state of one command-line run: the registry is built on first use."""

    def __init__(self, strict: bool | None) -> None:
        self.strict = strict
        self.catalogues: tuple[str, ...] = ()  # filled by --catalogue: catalogue files loaded as plugins
        self._registry = None
        self._plugin_manager = None
        self.load_warnings: list[Any] = []  # plugin-loading warnings, shown when the registry is built
        self.read_settings: dict[str, str] = {}  # filled by the --csv-locale / --percent-scale options
        self.as_of: str | None = None  # filled by --as-of: score under the rules in force on this date
        self.unverified_limits: str | None = None  # filled by --unverified-limits: the run's policy for them
        self.inputs: list[Any] = []  # files read besides those named on the command line (never an -o target)
        self.read_stdin = False  # a dataset was read from standard input (its --input-format is then recorded)

    @property
    def read_options(self) -> Any:
        """How datasets are read in this run (:class:`villagescore.datasets.ReadOptions`)."""
        from ..datasets import ReadOptions

        return ReadOptions(**self.read_settings)

    @property
    def plugin_manager(self) -> Any:
        """The one plugin manager of this run (plugin commands and the registry both come from it)."""
        if self._plugin_manager is None:
            import warnings

            from ..plugins import get_plugin_manager

            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self._plugin_manager = get_plugin_manager(strict=self.strict, catalogues=self.catalogues)
            self.load_warnings = list(caught)
        return self._plugin_manager

    @property
    def registry(self) -> Any:
        """The registry of every installed plugin (built once per run, sharing :attr:`plugin_manager`)."""
        if self._registry is None:
            import warnings

            from ..registry import Registry

            if self._plugin_manager is None:  # the usual run: no plugin command was looked up first
                self._registry = Registry.default(strict=self.strict, catalogues=self.catalogues)
                self._plugin_manager = self._registry.pm
            else:
                for caught in self.load_warnings:  # said once, when the plugins are first used
                    warnings.warn_explicit(caught.message, caught.category, caught.filename, caught.lineno)
                self._registry = Registry.from_plugin_manager(self._plugin_manager, strict=self.strict)
        return self._registry


def _app(ctx: click.Context | None) -> AppContext:
    """The run's :class:`AppContext` (created on first use: plugin commands are looked up before the group runs)."""
    if ctx is None:
        return AppContext(None)
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext(root.params.get("strict_plugins"))
        root.obj.catalogues = tuple(root.params.get("catalogues") or ())  # before a plugin command builds the manager
    return root.obj


class UserError(click.ClickException):
    """A :class:`VillageScoreError` shown to the user: message on stderr, exit 1, no traceback."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message + _environment_note(self.__cause__)

    def show(self, file: Any = None) -> None:
        from .messages import error

        error(self.format_message(), file=file)


class LazyGroup(click.Group):
    """A group whose commands are imported on demand, plus commands from plugins."""

    def invoke(self, ctx: click.Context) -> Any:
        from ..outputs import recording_inputs
        from .progress import terminal_progress

        try:  # every framework file read (an overlay's bases too) is an input: -o never overwrites it
            with terminal_progress(), recording_inputs(_app(ctx).inputs):  # long steps show on standard error
                return super().invoke(ctx)
        except VillageScoreError as exc:
            from ..i18n import current_language

            raise UserError(exc.text(current_language())) from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plugin_commands_loaded = False

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        """Activate the environment's language before anything is parsed or shown."""
        from .language import activate, activate_from_environment, asked_language, translate_command

        if parent is None:
            lang = activate_from_environment()
            asked = asked_language(args)
            if asked is not None and asked != lang:
                activate(asked)
            translate_command(self, asked or lang)
        return super().make_context(info_name, args, parent=parent, **extra)

    def _available(self) -> dict[str, str]:
        out = {}
        for name, target in COMMANDS.items():
            module = target.split(":")[0]
            if importlib.util.find_spec(f"{__name__}.{module}") is not None:
                out[name] = target
        return out

    def _load_plugin_commands(self) -> VillageScoreError | None:
        """Add the plugins' commands (once); the error that kept the plugins from loading, if any."""
        if self._plugin_commands_loaded:
            return None
        from ..errors import FATAL, PluginError
        from ..plugins import _strict_from_env

        try:
            pm = _app(click.get_current_context(silent=True)).plugin_manager  # the run's one plugin manager
        except VillageScoreError as exc:  # said when a command is asked for that only a plugin could give
            return exc
        self._plugin_commands_loaded = True
        for impl in pm.hook.register_commands.get_hookimpls():
            try:
                impl.function(cli=self)
            except FATAL:
                raise
            except BaseException as exc:  # one plugin's broken command (even SystemExit) must not break the CLI
                from ..errors import said
                from ..i18n import N_, current_language
                from .messages import warning

                failed = said(PluginError, N_("plugin {plugin!r} failed to add its commands: {error}"),
                              plugin=impl.plugin_name, error=f"{type(exc).__name__}: {exc}")
                if _strict_from_env():
                    raise failed from exc
                warning(failed.text(current_language()))

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted(set(self._available()) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self._available().get(cmd_name)
        if target is not None:
            from .language import translate_command

            module, attr = target.split(":")
            return translate_command(getattr(importlib.import_module(f"{__name__}.{module}"), attr))
        error = self._load_plugin_commands() if cmd_name not in self.commands else None
        command = self.commands.get(cmd_name)
        if command is None and error is not None:
            raise error  # "no such command" would hide why the plugins that may give it are missing
        if command is not None:
            from .language import translate_command

            translate_command(command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="villagescore")
@click.option("--strict-plugins", is_flag=True, default=None,
              help="A plugin that fails to load is an error, not a warning (also VILLAGESCORE_STRICT_PLUGINS=1).")
@click.option("--catalogue", "catalogues", multiple=True, metavar="PATH",
              type=click.Path(exists=True, dir_okay=False),
              help="Load a catalogue file as a plugin without code: a sector with its fields and indicators "
                   "(repeatable; also VILLAGESCORE_CATALOGUES).")
@click.pass_context
def cli(ctx: click.Context, strict_plugins: bool | None, catalogues: tuple[str, ...]) -> None:
    """Score Vietnamese craft villages (làng nghề) against a criteria set for sustainable craft villages.

    Start with `villagescore pilot` (the Phùng Xá weaving village on the bundled data),
    then `villagescore evaluate DATASET`. Exit codes: 0 success, 1 invalid input,
    framework, plugin or output, 2 usage error, 3 internal error (a bug: please report it).
    """
    from ..environment import check_environment
    from ..i18n import current_language
    from .messages import warning

    for said_text in check_environment():
        warning(said_text.text(current_language()))
    app = _app(ctx)
    app.strict = strict_plugins
    app.catalogues = catalogues


#: Exit codes of a run stopped by a signal (the shell's convention: 128 + the signal number).
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT)
EXIT_TERMINATED = 143  # SIGTERM


def main(argv: list[str] | None = None) -> None:
    """Run the command line; turn user errors into messages and exit codes.

    Ctrl-C exits 130 and SIGTERM 143; both stop the run through an exception, so an output
    being written is removed rather than left as a temporary file. A stop whose exception
    Python swallowed (a finalizer, a write to standard output) still ends the run with its code.
    """
    from ..allocator import keep_freed_memory
    from ..chunks import share_processors
    from .stdout import guard_stdout
    from .warning_filters import never_errors

    keep_freed_memory()  # freed column memory is reused, not faulted in again (villagescore.allocator)
    guard_stdout()  # a full disk under standard output is a message (exit 1), a closed pipe the end (exit 0)
    share_processors()  # a large JSON result is encoded on every usable processor (villagescore.chunks)
    from ..errors import Terminated
    from ..read_ahead import drop as drop_read_ahead

    try:
        with _stops_as_exceptions(), never_errors(), _said_warnings():
            try:
                _main(argv)
            except SystemExit as exc:
                _exit_if_stopped(exc.code)
                raise
    except Terminated:  # after _main ended (its output whole, said), before SIGTERM's own handler is back
        _say_stop_and_exit(EXIT_TERMINATED)
    except KeyboardInterrupt:  # the same for Ctrl-C
        _say_stop_and_exit(EXIT_INTERRUPTED)
    finally:
        drop_read_ahead()  # bytes a command read ahead and stopped before reading (an unknown -f …)


def _exit_if_stopped(code: Any) -> None:
    """Exit 130 or 143, saying so, if a stop was received during the command and ``code`` is not already that.

    The stop's exception may have been swallowed (a finalizer, a write to standard output): the
    output may then be cut short, and the run went on to exit with ``code`` (0, or another).
    """
    import signal

    from .. import stops

    stop = stops.received()
    if stop is None or code in (EXIT_INTERRUPTED, EXIT_TERMINATED):  # no stop, or one already said
        return
    _say_stop_and_exit(EXIT_INTERRUPTED if stop == signal.SIGINT else EXIT_TERMINATED)


def _say_stop_and_exit(code: int) -> None:
    """Say that the run was stopped (``Interrupted.`` or ``Terminated.``) and exit with ``code``."""
    from .messages import message

    click.echo(message("Interrupted.") if code == EXIT_INTERRUPTED else message("Terminated."), err=True)
    sys.exit(code)


@contextlib.contextmanager
def _said_warnings() -> Iterator[None]:
    """Show villagescore's own warnings (a plugin left out …) as ``warning: …`` lines in the run's language.

    Python would print them with the file and line that raised them; other warnings are shown as Python shows them.
    """
    import warnings

    from ..errors import Said

    previous = warnings.showwarning

    def show(message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None) -> None:
        if isinstance(message, Said):
            from ..i18n import current_language
            from .messages import warning

            warning(message.text(current_language()))
        else:
            previous(message, category, filename, lineno, file, line)

    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = previous


def _main(argv: list[str] | None) -> None:
    from ..errors import Terminated
    from .messages import error, message
    from .stdout import StdoutClosed

    try:
        rc = cli.main(args=argv, prog_name="villagescore", standalone_mode=False)
        sys.stdout.flush()  # what is left is written now, so that a failure is said (not at exit)
    except click.exceptions.Abort as exc:
        interrupted = isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt)
        click.echo(message("Interrupted.") if interrupted else message("Aborted."), err=True)
        sys.exit(EXIT_INTERRUPTED if interrupted else 1)
    except KeyboardInterrupt:
        click.echo(message("Interrupted."), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Terminated:
        click.echo(message("Terminated."), err=True)
        sys.exit(EXIT_TERMINATED)
    except click.ClickException as exc:
        if isinstance(exc, click.NoSuchOption):
            from .option_place import say_where_the_option_goes

            say_where_the_option_goes(exc, argv)
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except VillageScoreError as exc:  # raised outside a command (the group's --help or --version): said here
        from ..i18n import current_language

        error(f"{exc.text(current_language())}{_environment_note(exc)}")
        sys.exit(exc.exit_code)
    except (BrokenPipeError, StdoutClosed):  # the reader has what it wanted (… | head -1)
        sys.exit(0)
    except Exception:  # a bug: keep the traceback, say so
        traceback.print_exc()
        click.echo(message("internal error: this is a bug in villagescore or a plugin; please report it with "
                           "the traceback above"), err=True)
        sys.exit(EXIT_INTERNAL)
    # without standalone mode click returns the code of ctx.exit()/Exit instead of exiting
    sys.exit(rc if isinstance(rc, int) else 0)


@contextlib.contextmanager
def _stops_as_exceptions() -> Iterator[None]:
    """While the command runs (main thread only), remember each stop and raise it as an exception.

    SIGTERM raises :class:`~villagescore.errors.Terminated`; Ctrl-C raises :class:`KeyboardInterrupt`
    as Python's own handler does, unless the process ignores it (a job started in the background).
    Both are noted (:mod:`villagescore.stops`): the exception may be swallowed where it is raised,
    and Python's line about such an ignored stop is not printed (the stop is said when the run ends).
    """
    import signal
    import threading

    from .. import stops
    from ..errors import Terminated

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: Any) -> None:
        stops.note(signum)  # remembered: the exception may be swallowed where it is raised
        raise Terminated

    def interrupt(signum: int, frame: Any) -> None:
        stops.note(signum)
        raise KeyboardInterrupt

    stops.forget()
    previous_hook = sys.unraisablehook
    sys.unraisablehook = stops.quiet_unraisable(previous_hook)
    previous = {signal.SIGTERM: signal.signal(signal.SIGTERM, terminate)}
    if callable(signal.getsignal(signal.SIGINT)):  # not ignored (SIG_IGN), nor left to the system
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        sys.unraisablehook = previous_hook
        stops.forget()  # a program calling main() again, or writing through the Python API, starts afresh


def _environment_note(exc: BaseException | None) -> str:
    """Under an error a missing plugin may explain, name the environment variables that kept plugins out."""
    from ..errors import DatasetError, FrameworkError, UnknownIdError
    from ..plugins import environment_note

    missing_plugin = isinstance(exc, (UnknownIdError, FrameworkError)) or (
        isinstance(exc, DatasetError) and any(p.rule in ("unknown_column", "unknown_sector") for p in exc.problems))
    if not missing_plugin:
        return ""
    from ..i18n import current_language
    from .messages import message

    note = environment_note(current_language())
    return "\n" + message("note: {message}", message=note) if note else ""
