"""Every word a user reads, in Vietnamese and English, and numbers in the format of each.

Labels of pillars, criteria, indicators, tiers and fields come from the framework and the
plugins' catalogues (``label["vi"]`` / ``label["en"]``, read with :func:`label`). The words of
the interface itself live in the gettext catalogues of :mod:`villagescore.i18n.catalogues`:

* :func:`t` looks up a report word by its id (``t("village", "vi")`` → ``Làng nghề``);
* :func:`gettext` translates a command-line sentence whose id is its English text
  (``gettext("Language of labels and reports.", "vi")``);
* :func:`format_number`, :func:`format_value` and :func:`format_percent` format numbers per
  language; every output a person reads uses them.

The language of a run is :func:`current_language`: what :func:`use_language` set (the command
line's ``--lang``), else ``VILLAGESCORE_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``, ``LANGUAGE``) when it names Vietnamese or English, else Vietnamese.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from .catalogues import catalogue
from .numbers import (
    MISSING,
    format_change,
    format_date,
    format_datetime,
    format_gain,
    format_integer,
    format_number,
    format_percent,
    format_value,
    format_weight,
    shown_difference,
)

__all__ = ["LANGS", "check_language", "N_", "t", "in_each_language", "gettext", "ngettext", "label", "labelled",
           "estimates_text", "unit_label", "current_language", "use_language", "language_from_environment",
           "format_number", "format_integer", "format_value", "format_percent", "format_date", "format_datetime",
           "format_change", "shown_difference", "format_gain", "format_weight", "MISSING"]

#: The languages of the interface; the first is the default.
LANGS = ("vi", "en")

_active: str | None = None


def language_from_environment() -> str:
    """``VILLAGESCORE_LANG``, else the locale when it names a language of :data:`LANGS`, else ``vi``."""
    from ..environment import lang

    chosen = lang()
    if chosen:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            if code in LANGS:
                return code
            if name != "LANGUAGE":  # the first locale variable set decides (C, POSIX: no language)
                break
    return LANGS[0]


def current_language() -> str:
    """The language of this run (see the module documentation)."""
    return _active or language_from_environment()


def check_language(lang: str) -> str:
    """``lang`` when it is one of :data:`LANGS`; else :class:`~villagescore.errors.OptionError` (a ``ValueError``)."""
    if lang not in LANGS:
        from ..errors import OptionError, said

        raise said(OptionError, N_("unknown language {lang!r}: use one of {langs}"), lang=lang, langs=", ".join(LANGS))
    return lang


def use_language(lang: str | None) -> str | None:
    """Make ``lang`` the language of this run (``None``: back to the environment); returns the previous one."""
    global _active
    if lang is not None:
        check_language(lang)
    previous, _active = _active, lang
    return previous


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The report word ``key`` in ``lang`` (then English, then the key itself), formatted with ``fields``."""
    lang = lang or current_language()
    text = catalogue(lang).gettext(key)
    if text == key and lang != "en":
        text = catalogue("en").gettext(key)
    return text.format(**fields) if fields else text


def in_each_language(key: str) -> dict[str, str]:
    """The report word ``key`` in every language of :data:`LANGS` (``{"vi": …, "en": …}``)."""
    return {lang: t(key, lang) for lang in LANGS}


def N_(message: str) -> str:  # noqa: N802  (the conventional name of gettext_noop)
    """Mark ``message`` as a sentence to translate where it is looked up later (it is returned as it is).

    For English templates kept in data or passed along — a dataset problem's message, an
    error's title — so that :mod:`villagescore.i18n.extract` finds them and the catalogue check
    covers them; :func:`gettext` translates them when they are shown.
    """
    return message


def gettext(message: str, lang: str | None = None) -> str:
    """The command-line sentence ``message`` (its English text) in ``lang``."""
    return catalogue(lang or current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """``singular`` or ``plural`` by ``n``, in ``lang`` (Vietnamese has one form)."""
    return catalogue(lang or current_language()).ngettext(singular, plural, n)


def unit_label(unit: str, lang: str | None = None) -> str:
    """A unit of measure in ``lang``: words are translated (``households`` → ``hộ``), symbols kept (``mg/L``).

    A yes/no indicator's unit ``bool`` is a code, no word: it is said as its two answers (``có/không``, ``yes/no``).
    """
    if unit == "bool":
        return f"{t('yes', lang)}/{t('no', lang)}"
    if not unit or lang == "en":
        return unit
    return catalogue(lang or current_language()).pgettext("unit", unit)


def label(obj: Mapping[str, str] | str | None, lang: str, default: str = "") -> str:
    """Return ``obj[lang]`` from a ``{"vi": ..., "en": ...}`` label (or the other language).

    A plain string (a rationale or note written in one language only) is returned as it is.
    """
    if not obj:
        return default
    if isinstance(obj, str):
        return obj
    return obj.get(lang) or obj.get("en") or obj.get("vi") or default


def labelled(identifier: str, obj: Mapping[str, str] | None, lang: str) -> str:
    """``label (id)``: a user-facing id always shown beside its label in ``lang`` (the id alone without one)."""
    text = label(obj, lang)
    return f"{text} ({identifier})" if text and text != identifier else identifier


def estimates_text(estimates: Mapping[str, object] | None, lang: str) -> str:
    """The estimates line of one village-year (with the warning when it applies), or ``""``."""
    if not estimates or not estimates.get("inputs"):
        return ""
    share = format_number(100 * float(estimates["share"] or 0), 0, lang)  # rounded as every number shown
    line = t("estimates_line", lang).format(estimated=estimates["estimated"], inputs=estimates["inputs"], share=share)
    return f"{line}. {t('estimates_warning', lang)}" if estimates.get("warning") else line
