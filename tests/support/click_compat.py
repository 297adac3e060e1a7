"""click's test runner as click 8.2 has it, on click 8.1 (the oldest release pyproject.toml allows).

The tests read a run's ``stdout`` and ``stderr`` apart and its ``output`` as both mixed, as a terminal shows
them: click 8.2's :class:`~click.testing.CliRunner` keeps the three. Click 8.1's mixes stderr into stdout
(``stderr`` then raises) or, with ``mix_stderr=False``, keeps them apart but gives ``output`` as stdout
alone. :func:`install` makes click 8.1's runner keep all three, as 8.2's does; on 8.2 and later it does
nothing. ``tests/__init__.py`` calls it, so ``python -m tests.golden`` runs with it too.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import Any


class _Copy(io.BytesIO):
    """A stream whose writes are copied to ``copy_to`` (click 8.2's ``BytesIOCopy``)."""

    def __init__(self, copy_to: io.BytesIO) -> None:
        super().__init__()
        self.copy_to = copy_to

    def flush(self) -> None:
        super().flush()
        self.copy_to.flush()

    def write(self, b: Any) -> int:
        self.copy_to.write(b)
        return super().write(b)


def install() -> None:
    """On click 8.1: runners keep stdout and stderr apart and ``Result.output`` mixes them (click 8.2's)."""
    from click import testing

    if hasattr(testing, "StreamMixer"):  # click 8.2 and later
        return
    runner, result = testing.CliRunner, testing.Result
    if getattr(runner, "_villagescore_compat", False):
        return
    original_init, original_isolation, original_invoke = runner.__init__, runner.isolation, runner.invoke

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("mix_stderr", False)
        original_init(self, *args, **kwargs)

    @contextlib.contextmanager
    def isolation(self: Any, *args: Any, **kwargs: Any) -> Iterator[tuple[io.BytesIO, io.BytesIO, io.BytesIO]]:
        with original_isolation(self, *args, **kwargs):
            mixed = io.BytesIO()
            out, err = _Copy(mixed), _Copy(mixed)
            sys.stdout = testing._NamedTextIOWrapper(out, encoding=self.charset, name="<stdout>", mode="w")
            sys.stderr = testing._NamedTextIOWrapper(err, encoding=self.charset, name="<stderr>", mode="w",
                                                     errors="backslashreplace")
            self._villagescore_output = mixed
            yield out, err, mixed

    def invoke(self: Any, *args: Any, **kwargs: Any) -> Any:
        res = original_invoke(self, *args, **kwargs)
        res.output_bytes = self._villagescore_output.getvalue()
        return res

    def output(self: Any) -> str:
        mixed = getattr(self, "output_bytes", None)
        data = self.stdout_bytes if mixed is None else mixed
        return data.decode(self.runner.charset, "replace").replace("\r\n", "\n")

    runner.__init__, runner.isolation, runner.invoke = __init__, isolation, invoke
    result.output = property(output)
    runner._villagescore_compat = True
