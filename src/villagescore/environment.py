"""The ``VILLAGESCORE_*`` environment variables: their meaning, and a check of their values.

================================  =======================================================
variable                          values
================================  =======================================================
``VILLAGESCORE_LOAD_PLUGINS``     comma-separated entry-point names to load; set but empty
                                  loads none (the escape hatch when a plugin breaks the CLI)
``VILLAGESCORE_DISABLE_PLUGINS``  comma-separated entry-point names never to load
``VILLAGESCORE_STRICT_PLUGINS``   ``1``/``true``/``yes`` or ``0``/``false``/``no`` (any case);
                                  empty is unset
``VILLAGESCORE_LANG``             ``vi`` or ``en`` (the language of reports); empty is unset
``VILLAGESCORE_STORE``            path of the results store (``villagescore store``, ``serve``)
``VILLAGESCORE_CACHE_DIR``        folder of the per-user cache (:mod:`villagescore.cache`);
                                  set but empty: no cache
``VILLAGESCORE_WORKERS``          processes that write a large JSON result together
                                  (:mod:`villagescore.chunks`): a whole number from 1 (this
                                  process alone) to 64; empty is unset (the command line: the
                                  processors it may use, at most 4; the Python API: 1)
``VILLAGESCORE_CATALOGUES``       catalogue files loaded as plugins without code (a sector, its
                                  fields and indicators as data: :mod:`villagescore.catalogue.files`),
                                  separated by ``os.pathsep`` (``:`` on Linux and macOS, ``;`` on
                                  Windows, as ``PATH``); empty is unset
================================  =======================================================

An invalid value is refused (:class:`~villagescore.errors.VillageScoreError` naming the
variable) rather than silently ignored: ``VILLAGESCORE_STRICT_PLUGINS=maybe`` does not quietly
mean "not strict". Nothing here is read at import time.
"""

from __future__ import annotations

import os
import re

from .errors import EnvironmentVariableError, SaidText, said
from .i18n import N_

__all__ = ["VARIABLES", "EnvironmentVariableError", "check_environment", "flag", "names", "lang", "workers",
           "catalogue_paths"]

#: Every variable villagescore reads, with a one-line description.
VARIABLES = {
    "VILLAGESCORE_LOAD_PLUGINS": "comma-separated plugin names to load (empty: none)",
    "VILLAGESCORE_DISABLE_PLUGINS": "comma-separated plugin names never to load",
    "VILLAGESCORE_STRICT_PLUGINS": "1/true/yes or 0/false/no: a plugin that fails to load is an error",
    "VILLAGESCORE_LANG": "vi or en: the language of reports",
    "VILLAGESCORE_STORE": "path of the results store (store, serve, compare --store, targets --store)",
    "VILLAGESCORE_CACHE_DIR": "folder of the per-user cache (empty: no cache)",
    "VILLAGESCORE_WORKERS": "1 to 64: processes that write a large JSON result together (1: this process alone)",
    "VILLAGESCORE_CATALOGUES": "catalogue files loaded as plugins without code, separated as in PATH",
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_LANG = "VILLAGESCORE_LANG"
_WORKERS = "VILLAGESCORE_WORKERS"
_CATALOGUES = "VILLAGESCORE_CATALOGUES"
#: The most processes ``VILLAGESCORE_WORKERS`` may ask for.
MAX_WORKERS = 64


def _invalid(name: str, value: str, template: str, **params: object) -> EnvironmentVariableError:
    """The error of ``name=value``; ``template`` (marked with ``N_``) and ``params`` say what is allowed."""
    return said(EnvironmentVariableError, N_("environment variable {name}={value!r} is not valid: {allowed}; fix or "
                                             "unset it (unset {name})"), name=name, value=value,
                allowed=said(SaidText, template, **params))


def flag(name: str) -> bool:
    """The boolean value of ``name`` (unset or empty: ``False``); refuses anything else."""
    raw = os.environ.get(name)
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _invalid(name, raw, N_("use 1, true or yes to turn it on, 0, false or no to turn it off"))


def names(name: str) -> list[str] | None:
    """The comma-separated plugin names in ``name`` (``None`` when unset; ``[]`` when empty)."""
    raw = os.environ.get(name)
    if raw is None:
        return None
    parts = [part.strip() for part in raw.split(",")]
    bad = [p for p in parts if p and not _NAME.fullmatch(p)]
    if bad:
        raise _invalid(name, raw, N_("{bad!r} is not a plugin name; separate names with commas (a,b)"), bad=bad[0])
    return [p for p in parts if p]


def lang() -> str | None:
    """``VILLAGESCORE_LANG`` (``None`` when unset or empty); refuses anything but ``vi`` and ``en``."""
    raw = os.environ.get(_LANG)
    if raw is None or not raw.strip():
        return None
    value = raw.strip().lower()
    if value not in ("vi", "en"):
        raise _invalid(_LANG, raw, N_("use vi or en"))
    return value


def workers() -> int | None:
    """``VILLAGESCORE_WORKERS`` (``None`` when unset or empty); refuses anything but a whole number from 1 to 64."""
    raw = os.environ.get(_WORKERS)
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    if not value.isdecimal() or not 1 <= int(value) <= MAX_WORKERS:
        raise _invalid(_WORKERS, raw, N_("use a whole number from 1 (this process alone) to {most}"), most=MAX_WORKERS)
    return int(value)


def catalogue_paths() -> list[str]:
    """The files of ``VILLAGESCORE_CATALOGUES`` in order (``[]`` when unset or empty); refuses a path that is no file.

    Separated by :data:`os.pathsep`, as ``PATH``; an empty part is skipped, ``~`` is the home folder.
    """
    raw = os.environ.get(_CATALOGUES)
    if raw is None:
        return []
    parts = [os.path.expanduser(part.strip()) for part in raw.split(os.pathsep) if part.strip()]
    for part in parts:
        if not os.path.isfile(part):
            raise _invalid(_CATALOGUES, raw, N_("{path!r} is not a file; name catalogue files separated by {sep!r}"),
                           path=part, sep=os.pathsep)
    return parts


def check_environment() -> list[SaidText]:
    """Check every ``VILLAGESCORE_*`` variable; return warnings for names villagescore does not know.

    Each warning is a :class:`~villagescore.errors.SaidText`: ``str()`` is English, ``text(lang)`` any language.

    Raises
    ------
    EnvironmentVariableError
        The first variable whose value is invalid, named with what is allowed.
    """
    flag("VILLAGESCORE_STRICT_PLUGINS")
    names("VILLAGESCORE_LOAD_PLUGINS")
    names("VILLAGESCORE_DISABLE_PLUGINS")
    lang()
    workers()
    catalogue_paths()
    unknown = sorted(k for k in os.environ if k.startswith("VILLAGESCORE_") and k not in VARIABLES)
    return [said(SaidText, N_("environment variable {name} is not used by villagescore (known: {known}); a typo?"),
                 name=k, known=", ".join(VARIABLES)) for k in unknown]
