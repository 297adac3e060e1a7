"""Run the ``villagescore`` command line in-process, the way a user runs it.

:func:`run_cli` calls :func:`villagescore.cli.main` (what the console script runs, which
turns a :class:`~villagescore.errors.VillageScoreError` into a message and exit code 1)
inside :class:`click.testing.CliRunner`'s isolation, so stdout, stderr and the exit code are
exactly what a user would see. :func:`toy_registry` builds a registry holding only the
built-ins and the toy plugin of ``tests/support``; :func:`use_registry` makes
:meth:`Registry.default` return it for the duration of a ``with`` block.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPPORT = Path(__file__).resolve().parents[1] / "support"
CORPUS = Path(__file__).resolve().parent
REPO = Path(__file__).resolve().parents[2]
TOY_FRAMEWORK = SUPPORT / "toy-framework.yaml"
TOY_CSV = SUPPORT / "toy.csv"


@dataclass
class CliRun:
    """What one command-line run printed and returned."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Standard output and standard error together."""
        return self.stdout + self.stderr


def toy_registry(*extra_plugins: tuple[str, object]):
    """Return a registry with the built-ins, the toy plugin and ``extra_plugins`` (no entry points)."""
    from tests.support import toy_plugin
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), *extra_plugins))
        return Registry.from_plugin_manager(pm)


@contextlib.contextmanager
def use_registry(registry) -> Iterator[None]:
    """Make ``Registry.default()`` return ``registry`` inside the block (``None``: leave it alone)."""
    from villagescore.registry import Registry

    if registry is None:
        yield
        return
    original = Registry.__dict__["default"]
    Registry.default = classmethod(lambda cls, strict=None, catalogues=(): registry)
    try:
        yield
    finally:
        Registry.default = original


def load_plugin(path: Path) -> object:
    """Import a plugin module from a file (the corpus' extra plugins are not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"corpus_plugin_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cli(args: list[str], registry=None) -> CliRun:
    """Run ``villagescore ARGS`` in-process through ``villagescore.cli.main``; never raises."""
    from click.testing import CliRunner

    from villagescore.cli import main

    runner = CliRunner()
    code = 0
    with use_registry(registry), runner.isolation() as streams:
        out, err = streams[0], streams[1]
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace")
    return CliRun(code, stdout, stderr)
