"""The problems a scorer's own ``check`` finds: each message said in both languages, or the plugin's slip."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from ..errors import PluginError, Said, SaidText, in_languages, said
from ..i18n import N_

__all__ = ["scorer_check_or_slip", "scorer_check_problems"]


def scorer_check_problems(scorer: Any, params: Mapping[str, Any], field: Any) -> list[tuple[str, str | SaidText]]:
    """``(parameter path, message)`` for each problem ``scorer.check(params, field)`` finds.

    A message is a ``{"vi": …, "en": …}`` mapping (said in the reader's language, NFC), or a
    ``str`` (English, shown as it is in every language); what the core's own scorers give
    (:func:`villagescore.errors.in_languages`) is taken too. A path of ``None`` is the
    parameters as a whole (as ``""``). Anything else, a problem that is not a ``(path, message)``
    pair, a ``check`` that gives ``None`` instead of a list, or one that raises, is the plugin's
    error: a :class:`PluginError` naming it.
    """
    try:
        given = scorer.check(params, field)
        # listed here: a check written as a generator runs (and may raise) only when iterated
        found_all = None if given is None or isinstance(given, str | bytes | Mapping) else list(given)
    except Exception as exc:  # a plugin's bug: said as its error, never a traceback
        raise said(PluginError, N_("plugin {plugin!r}: the check of scorer {scorer!r} failed: {error}"),
                   plugin=scorer.plugin, scorer=scorer.name, error=f"{type(exc).__name__}: {exc}") from exc
    if found_all is None:
        raise _slip(scorer, given)
    out = []
    for found in found_all:
        if not (isinstance(found, tuple | list) and len(found) == 2 and isinstance(found[0], str | None)):
            raise _slip(scorer, found)
        where, message = found
        out.append((where or "", _message(scorer, message)))
    return out


def scorer_check_or_slip(scorer: Any, params: Mapping[str, Any], field: Any) -> list[tuple[str, str | SaidText]]:
    """:func:`scorer_check_problems`, the plugin's slip (a :class:`PluginError`) given as one problem at ``""``.

    The framework reports it at the parameters' path like any other problem: a sector plugin's
    slip leaves its sector out (an error only when strict), never stopping the framework for everyone.
    """
    try:
        return scorer_check_problems(scorer, params, field)
    except PluginError as slip:
        return [("", said(SaidText, slip.template or str(slip), **(slip.params or {})))]


def _message(scorer: Any, message: Any) -> str | SaidText:
    if isinstance(message, Said):
        return message
    if isinstance(message, str) and message.strip():
        return unicodedata.normalize("NFC", message)
    if isinstance(message, Mapping) and all(isinstance(message.get(k), str) and message[k].strip()
                                            for k in ("vi", "en")):
        return in_languages({k: unicodedata.normalize("NFC", message[k]) for k in ("vi", "en")})
    raise _slip(scorer, message)


def _slip(scorer: Any, given: Any) -> PluginError:
    return said(PluginError, N_(
        "plugin {plugin!r}: the check of scorer {scorer!r} gave {given!r}; it must give (parameter path, message) "
        "pairs, the message a mapping with non-empty 'vi' and 'en' texts (or an English str)"),
        plugin=scorer.plugin, scorer=scorer.name, given=given)
