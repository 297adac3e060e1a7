"""Exceptions for user-facing problems.

Every :class:`VillageScoreError` is a problem with the user's input (a dataset, a
framework, an option, an installed plugin): the CLI prints its message and exits 1,
without a traceback. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from .i18n import N_, current_language
from .problem_places import where_text
from .suggest import close_matches, closest  # re-exported: errors name slips with them

__all__ = ["VillageScoreError", "Said", "SaidText", "in_languages", "where_text", "ProblemLines", "said", "Count",
           "Problem", "Term", "Texts", "Unit", "problem", "close_matches", "closest", "FrameworkError",
           "CatalogueError", "DocumentError", "DatasetError", "PluginError", "UnknownIdError", "VillageChoiceError",
           "OutputError", "TargetsError", "SensitivityError", "ExplainError", "ResultFileError", "ResultReadError",
           "AdminMappingError", "EnvironmentVariableError", "PdfUnavailable", "InvalidObjectError", "message_of",
           "exception_text", "os_reason", "Terminated", "FATAL", "StdoutClosed", "EXIT_OK", "EXIT_INVALID",
           "EXIT_USAGE", "EXIT_INTERNAL", "OptionError", "SaidWarning", "DataWarning"]

#: Exit codes of the command line (documented in ``docs/cli.md``).
EXIT_OK = 0
EXIT_INVALID = 1  # invalid input, framework, plugin or output
EXIT_USAGE = 2  # bad command line (click's own code)
EXIT_INTERNAL = 3  # a bug in villagescore or a plugin: traceback printed


class Said:
    """A message that can be said in any language: made by :func:`said` from an English template and its values.

    ``str()`` is the English message; :meth:`text` says it in another language when the
    catalogue translates the template (a :class:`Term`, :class:`Unit`, :class:`Count` or
    :class:`Texts` value is translated too; other values, such as a Python error's own words,
    are kept).
    """

    template: str | None = None
    params: dict[str, Any] | None = None

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` where it is known in that language (``str(self)`` is English)."""
        if self.template is None or lang in (None, "en"):
            return str(self)
        from .i18n import gettext

        params = {k: _translated(v, lang) for k, v in (self.params or {}).items()}
        return gettext(self.template, lang).format(**params)


class SaidText(Said, str):
    """A ``str`` (the English) kept with its template (``said(SaidText, …)``): :meth:`text` says it in any language.

    For messages kept in lists rather than raised: the plugins that failed to load.
    """


def in_languages(texts: Mapping[str, str]) -> SaidText:
    """A :class:`SaidText` of a text already written in each language (``{"vi": …, "en": …}``; ``str()`` is English)."""
    return said(SaidText, "{text}", text=Texts(texts))


def said(kind: type[Any], template: str, /, **params: Any) -> Any:
    """An instance of ``kind`` (a :class:`Said` exception or warning) whose message is ``template`` filled in.

    ``template`` is an English sentence marked with ``N_`` so that the catalogues translate it.
    """
    obj = kind(template.format(**{k: _translated(v, "en") for k, v in params.items()}))
    obj.template, obj.params = template, params
    if isinstance(obj, SaidWarning):  # said as it happens: in the language of the run, as the command line says it
        obj.args = (obj.text(current_language()),)
    return obj


class VillageScoreError(Said, Exception):
    """Base class: a problem the user can fix. The CLI shows the message, exit 1."""

    exit_code = EXIT_INVALID


class ProblemLines(SaidText):
    """Problems given as one field of a message, one indented line each (:meth:`of` makes it).

    ``str()`` is the English lines; :meth:`text` says every problem in ``lang``.
    """

    problems: tuple[Problem, ...] = ()

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> ProblemLines:
        """The lines of ``problems``."""
        problems = tuple(problems)
        obj = cls("\n".join(f"  {p.format()}" for p in problems))
        obj.problems = problems
        return obj

    def text(self, lang: str | None = None) -> str:
        """Every problem in ``lang`` (English by default), one indented line each."""
        return "\n".join(f"  {p.format(lang)}" for p in self.problems)


class Term(str):
    """A word given as a problem's field that is translated too (``not a number`` inside a longer message)."""


class Texts(dict):
    """A problem's field given in each language (``{"vi": …, "en": …}``): the one of the language asked is shown."""


class Count(int):
    """A count given as a message's value: ``1,048,575`` in English, ``1.048.575`` in Vietnamese."""

    def __str__(self) -> str:
        return f"{int(self):,}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class Unit(Term):
    """A unit of measure given as a problem's field: translated as units are (``households`` → ``hộ``)."""


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
    #: the English templates of ``message`` and ``allowed`` and their fields, for other languages
    template: str = field(default="", compare=False, repr=False)
    allowed_template: str = field(default="", compare=False, repr=False)
    params: tuple[tuple[str, Any], ...] = field(default=(), compare=False, repr=False)
    column_label: Mapping[str, str] | None = field(default=None, compare=False, repr=False)  # {vi, en}: shown beside

    def format(self, lang: str | None = None) -> str:
        """Return the problem as one line: ``file: where: [column=value:] message``.

        In English by default; with ``lang`` the words, the message and what is allowed are
        looked up in that language's catalogue (a message it lacks stays in English).
        """
        if lang is None or lang == "en":
            return self._line(self.where, self.message, self.allowed, _ENGLISH, "en")
        from .i18n import gettext

        where = where_text(self.where, lang)
        words = {key: gettext(text, lang) for key, text in _ENGLISH.items()}
        return self._line(where, *self.said(lang), words, lang)

    def said(self, lang: str | None) -> tuple[str, str]:
        """``(message, allowed)`` in ``lang`` (English for ``None``); a sentence the catalogue lacks stays English."""
        if lang is None or lang == "en":
            return self.message, self.allowed
        from .i18n import gettext

        fields = {k: _translated(v, lang) for k, v in self.params}

        def text(template: str, english: str) -> str:
            if isinstance(english, Said) and not template:  # a SaidText given as the message
                return english.text(lang)
            if template:
                return gettext(template, lang).format(**fields)
            return gettext(english, lang) if english else ""

        return text(self.template, self.message), text(self.allowed_template, self.allowed)

    def _line(self, where: str, detail: str, allowed: str, words: dict[str, str], lang: str) -> str:
        file = self.file.text(lang) if isinstance(self.file, Said) else self.file  # NAME (metadata) …
        head = ": ".join(p for p in (file, where) if p)
        if self.column:
            template = words["cell"] if self.value is not None else words["column"]
            value = _quoted(self.value, lang)
            detail = template.format(column=column_text(self.column, self.column_label, lang), value=value,
                                     detail=detail)
        if allowed:
            detail = words["allowed"].format(detail=detail, allowed=allowed)
        return f"{head}: {detail}" if head else detail


def _quoted(value: Any, lang: str) -> str:
    """A cell's value as a problem quotes it: a text in quotes, a number with all its digits in ``lang``'s digits.

    A boolean cell is ``TRUE``/``FALSE``, as a spreadsheet shows it (Python's ``True`` is no word a user typed).
    """
    from .i18n.numbers import format_exact

    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return format_exact(value, lang) if number else repr(value.text(lang) if isinstance(value, Said) else value)


def column_text(column: str, labels: Mapping[str, str] | None, lang: str) -> str:
    """A column as problems name it: ``'a'``, and its label in ``lang`` beside it when it has one (``'a' (A)``)."""
    text = (labels or {}).get(lang) or (labels or {}).get("en")
    return f"{column!r} ({text})" if text and text.casefold() != column.casefold() else repr(column)


def problem(file: str, where: str, template: str, *, params: dict[str, Any] | None = None, allowed: str = "",
            **rest: Any) -> Problem:
    """A :class:`Problem` whose ``template`` and ``allowed`` are English templates filled with ``params``.

    The English text is filled in at once (``message``, ``allowed``); the templates are kept so
    that :meth:`Problem.format` can say the problem in another language.
    """
    params = params or {}
    english = {k: _translated(v, "en") for k, v in params.items()}
    return Problem(file, where, template.format(**english), allowed=allowed.format(**english) if allowed else "",
                   template=template, allowed_template=allowed, params=tuple(params.items()), **rest)


def _translated(value: Any, lang: str) -> Any:
    from .i18n import gettext, unit_label

    if isinstance(value, Texts):
        return value.get(lang) or value.get("en", "")
    if isinstance(value, Unit):
        return unit_label(value, lang)
    if isinstance(value, Said):
        return value.text(lang)
    if isinstance(value, Count):
        from .i18n import format_integer

        return format_integer(int(value), lang)
    return gettext(value, lang) if isinstance(value, Term) else value



#: The words around a problem's message, in English (the keys of the catalogues).
_ENGLISH = {"cell": N_("column {column} = {value}: {detail}"), "column": N_("column {column}: {detail}"),
            "allowed": N_("{detail} (allowed: {allowed})")}


class _ProblemsError(VillageScoreError):
    """An error that carries every problem found, not only the first."""

    title = N_("problems")

    def __init__(self, problems: list[Problem], title: str | None = None) -> None:
        self.problems = list(problems)
        if title:
            self.title = title
        super().__init__(self._summary())

    def _summary(self) -> str:
        return self.text("en")

    def text(self, lang: str | None = None) -> str:
        """Every problem (the first 200) under a title, in ``lang`` (English by default)."""
        n = len(self.problems)
        shown = self.problems[:200]
        if lang in (None, "en"):
            lines = [f"{self.title}: {n} problem{'s' if n != 1 else ''}"]
            more = "  … and {n} more (use --format json or -o to get them all)"
        else:
            from .i18n import gettext

            lines = [gettext("{title}: {n} problem(s)", lang).format(title=gettext(self.title, lang), n=n)]
            more = "  " + gettext("… and {n} more (use --format json or -o to get them all)", lang)
        lines += [f"  {p.format(lang)}" for p in shown]
        if n > len(shown):
            lines.append(more.format(n=n - len(shown)))
        return "\n".join(lines)


class FrameworkError(_ProblemsError):
    """A criteria-framework file is invalid; ``problems`` lists every problem found."""

    title = N_("invalid framework")


class CatalogueError(_ProblemsError):
    """A catalogue file is invalid; ``problems`` lists every problem found."""

    title = N_("invalid catalogue")
class DocumentError(_ProblemsError):
    """A YAML or JSON document cannot be parsed strictly (:func:`villagescore.parsing.load_document`)."""

    title = N_("invalid file")


class DatasetError(_ProblemsError):
    """A dataset is invalid; ``problems`` lists every problem (row, column, value, rule)."""

    title = N_("invalid dataset")


class OptionError(VillageScoreError, ValueError):
    """A value given to a function of the Python API that it cannot take (a date, a language …)."""


class SaidWarning(Said, UserWarning):
    """A warning villagescore says to its user (the data, a plugin, a framework file): the base of its own warnings.

    ``str()`` is the message in the language of the run when it was made; :meth:`text` says it in any. The
    command line shows them as ``warning: …`` lines, never made errors by a warnings filter (``python -W
    error``: :mod:`villagescore.cli.warning_filters`); the Python API issues them with :func:`warnings.warn`.
    """

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (English for ``None``)."""
        if self.template is not None and lang in (None, "en"):
            return self.template.format(**{k: _translated(v, "en") for k, v in (self.params or {}).items()})
        return super().text(lang)


class DataWarning(SaidWarning):
    """What the data's reader and validator warn of (the Python API issues it with :func:`warnings.warn`)."""


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
        super().__init__(self.text("en"))

    def text(self, lang: str | None = None) -> str:
        """The head and every problem (the first 100) in ``lang`` (``None``: English, as ``str()``)."""
        lang = lang or "en"
        from .i18n import gettext

        head = gettext("invalid targets file: {n} problem(s)", lang).format(n=len(self.problems))
        return "\n".join([head] + [f"  {p.format(lang)}" for p in self.problems[:100]])


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


class InvalidObjectError(Said, ValueError):
    """A plugin object (a field, an indicator, a limit, a check …) given a value it cannot take.

    A :class:`ValueError`, as before, for the plugin's author; its message is said in the run's
    language where it is shown (``villagescore plugins``, a catalogue's problems).
    """


def message_of(exc: BaseException) -> str:
    """The message of ``exc``: a :class:`SaidText` when the error is said in any language, else ``str(exc)``."""
    if isinstance(exc, Said) and exc.template is not None:
        return said(SaidText, exc.template, **(exc.params or {}))
    return str(exc)


def os_reason(exc: OSError) -> Any:
    """Why a file cannot be read or written, in words each language has (see :mod:`villagescore.system_reasons`)."""
    from .system_reasons import os_reason as reason

    return reason(exc)


def exception_text(exc: BaseException) -> str:
    """``ValueError: message`` of an exception a plugin raised (a :class:`SaidText` when it is said in any language)."""
    if not (isinstance(exc, Said) and exc.template is not None):
        return f"{type(exc).__name__}: {exc}"
    kind = next(c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins")
    return said(SaidText, "{kind}: {message}", kind=kind, message=message_of(exc))


class Terminated(BaseException):
    """The process received SIGTERM: raised in the main thread so that clean-up code runs.

    Like :class:`KeyboardInterrupt` it derives from :class:`BaseException` and is never
    swallowed by the code that isolates plugins (see :data:`FATAL`).
    """


class StdoutClosed(BaseException):  # noqa: N818 - not an error: the reader has all it wanted
    """Standard output's reader went away (a broken pipe: ``… | head -1``): the run ends quietly, exit 0.

    Raised by the command line's standard output; never swallowed by plugin isolation.
    """


#: Exceptions that stop the run whatever code they come from: plugin isolation re-raises them.
FATAL: tuple[type[BaseException], ...] = (KeyboardInterrupt, Terminated, StdoutClosed)


class VillageChoiceError(UnknownIdError):
    """A ``--village`` or ``--year`` that names nothing, or more than one village."""



#: The warnings other modules say, importable from here too (on first use: those modules import this one).
_ELSEWHERE = {"PluginLoadWarning": "plugins", "FrameworkWarning": "framework.percent", "LimitWarning": "limit_gaps"}


def __getattr__(name: str) -> Any:
    if name in _ELSEWHERE:
        return getattr(import_module(f".{_ELSEWHERE[name]}", __package__), name)
    raise AttributeError(name, name=name)
