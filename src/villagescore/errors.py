"""Exceptions for user-facing problems.

Every :class:`VillageScoreError` is a problem with the user's input (a dataset, a
framework, an option, an installed plugin): the CLI prints its message and exits 1,
without a traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "VillageScoreError",
    "Problem",
    "FrameworkError",
    "CatalogueError",
    "DocumentError",
    "DatasetError",
    "PluginError",
    "UnknownIdError",
    "VillageChoiceError",
    "OutputError",
    "TargetsError",
    "SensitivityError",
    "ExplainError",
    "ResultFileError",
    "ResultReadError",
    "AdminMappingError",
    "EnvironmentVariableError",
    "PdfUnavailable",
    "Terminated",
    "FATAL",
    "EXIT_OK",
    "EXIT_INVALID",
    "EXIT_USAGE",
    "EXIT_INTERNAL",
]

#: Exit codes of the command line (documented in ``docs/cli.md``).
EXIT_OK = 0
EXIT_INVALID = 1  # invalid input, framework, plugin or output
EXIT_USAGE = 2  # bad command line (click's own code)
EXIT_INTERNAL = 3  # a bug in villagescore or a plugin: traceback printed


class VillageScoreError(Exception):
    """Base class: a problem the user can fix. The CLI shows the message, exit 1."""

    exit_code = EXIT_INVALID


@dataclass(frozen=True)
class Problem:
    """One problem found in a file.

    ``where`` locates it: a JSON path for framework files (``$.pillars[0].weight``), a
    row number (1-based, counting the header as row 1) for datasets.
    """

    file: str
    where: str
    message: str
    column: str = ""
    value: Any = None
    rule: str = ""
    village_id: str = ""
    allowed: str = ""

    def format(self) -> str:
        """Return the problem as one line: ``file: where: [column=value:] message``."""
        parts = [p for p in (self.file, self.where) if p]
        head = ": ".join(parts)
        detail = self.message
        if self.column:
            shown = "" if self.value is None else f" = {self.value!r}"
            detail = f"column {self.column!r}{shown}: {detail}"
        if self.allowed:
            detail = f"{detail} (allowed: {self.allowed})"
        return f"{head}: {detail}" if head else detail


class _ProblemsError(VillageScoreError):
    """An error that carries every problem found, not only the first."""

    title = "problems"

    def __init__(self, problems: list[Problem], title: str | None = None) -> None:
        self.problems = list(problems)
        if title:
            self.title = title
        super().__init__(self._summary())

    def _summary(self) -> str:
        n = len(self.problems)
        lines = [f"{self.title}: {n} problem{'s' if n != 1 else ''}"]
        shown = self.problems[:200]
        lines += [f"  {p.format()}" for p in shown]
        if n > len(shown):
            lines.append(f"  … and {n - len(shown)} more (use --format json or -o to get them all)")
        return "\n".join(lines)


class FrameworkError(_ProblemsError):
    """A criteria-framework file is invalid; ``problems`` lists every problem found."""

    title = "invalid framework"


class CatalogueError(_ProblemsError):
    """A catalogue file is invalid; ``problems`` lists every problem found."""

    title = "invalid catalogue"
class DocumentError(_ProblemsError):
    """A YAML or JSON document cannot be parsed strictly (:func:`villagescore.parsing.load_document`)."""

    title = "invalid file"


class DatasetError(_ProblemsError):
    """A dataset is invalid; ``problems`` lists every problem (row, column, value, rule)."""

    title = "invalid dataset"


class PluginError(VillageScoreError):
    """A plugin failed to load, broke the contract, or clashed with another plugin."""


class UnknownIdError(VillageScoreError, KeyError):
    """An id (framework, village, format …) that nothing registered."""

    def __str__(self) -> str:  # KeyError quotes its message otherwise
        return str(self.args[0]) if self.args else ""


class OutputError(VillageScoreError):
    """An output file could not be written (the previous file, if any, is untouched)."""


class TargetsError(VillageScoreError):
    """A targets file is missing or invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        n = len(problems)
        from .i18n import gettext

        head = gettext("invalid targets file: {n} problem(s)").format(n=n)
        super().__init__("\n".join([head] + [f"  {p.format()}" for p in problems[:100]]))


class SensitivityError(VillageScoreError):
    """A sensitivity setting the user can fix (e.g. a negative spread)."""


class ExplainError(VillageScoreError):
    """The village or year asked for cannot be explained."""


class ResultFileError(VillageScoreError):
    """A result document is not in the shape of ``schemas/result.schema.json``."""


class ResultReadError(VillageScoreError, ValueError):
    """A file is not a readable result document (also a :class:`ValueError`, as it was in ``resultdoc``)."""


class AdminMappingError(VillageScoreError):
    """The province mapping table is missing or invalid."""


class EnvironmentVariableError(VillageScoreError):
    """A ``VILLAGESCORE_*`` variable has a value villagescore cannot use."""


class PdfUnavailable(VillageScoreError):
    """WeasyPrint, or a system library it needs, is not installed."""


class Terminated(BaseException):
    """The process received SIGTERM: raised in the main thread so that clean-up code runs.

    Like :class:`KeyboardInterrupt` it derives from :class:`BaseException` and is never
    swallowed by the code that isolates plugins (see :data:`FATAL`).
    """


#: Exceptions that stop the run whatever code they come from: plugin isolation re-raises them.
FATAL: tuple[type[BaseException], ...] = (KeyboardInterrupt, Terminated)


class VillageChoiceError(UnknownIdError):
    """A ``--village`` or ``--year`` that names nothing, or more than one village."""
