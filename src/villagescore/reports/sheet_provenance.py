"""What a one-page fact sheet says its scores rest on: the run's provenance in full and the versions applied.

A fact sheet goes out alone (a PDF of one village-year): its foot must let a reader check it
without the full report — the framework, its lineage and resolved form, the data and metadata
files (full SHA-256; the scored rows' too when a subset), the data's kind, the command and its
options (``--as-of``, ``--unverified-limits`` change what the scores mean), the plugins, their
versions and data files' SHA-256 (the first 8 hex digits: room is short), and the regulation
versions the village-year was scored against (with the transitional rule that kept one, when it
did). A run ``--as-of`` a day says so beside the year too (:func:`as_of_text`).
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, format_date, gettext
from .notices import report_words
from .provenance_rows import plugins_text
from .view import provenance_rows, tr

__all__ = ["sheet_provenance", "as_of_text"]

AS_OF = N_("scored as of {date} (--as-of)")


def sheet_provenance(result: Any, regulations: list[dict[str, Any]], lang: str
                     ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(run, applied)``: the ``(label, text)`` pairs of the run and of what scored the village-year.

    ``run``: engine, framework, data, their hashes in full; ``applied``: the plugins and their
    versions, the regulation versions applied (those that scored an indicator of the village-year:
    :func:`~villagescore.reports.regulations.scored_against`), or that none was.
    ``regulations``: the profile's rows (:func:`~villagescore.reports.regulations.regulation_rows`);
    each version is named once, ``document (id)``, in the order the indicators list them. The sheet
    prints the two where it has room (the foot, and below the mandatory rules).
    """
    # said elsewhere on the sheet (the left-out indicators, the notices) or by another row (plugins with their
    # versions); the kind and the options (--as-of, --unverified-limits …) change what the scores mean: kept
    prov = result.provenance or {}
    said = {tr(key, lang) for key in ("unverified_limits", "plugins_used", "plugins")}
    missing = getattr(getattr(result, "framework", None), "missing", None)
    rows = [row for row in provenance_rows(prov, lang, missing) if row[0] not in said]
    used: list[tuple[str, str]] = []
    plugins = prov.get("plugins") or []
    if plugins:
        used.append((tr("plugins", lang), plugins_text(plugins, digits=8)))
    # applied: a version that scored an indicator here (one cited for one with no data, or left out, scored nothing)
    applied = list(dict.fromkeys(r["regulation_text"] for r in regulations if r["applied"]))
    if applied:
        used.append((tr("regulation_applied", lang), _marked(applied)))
    elif regulations:
        used.append((tr("regulation_applied", lang), report_words(lang)["regulations_none_applied"]))
    return rows, used


def as_of_text(result: Any, lang: str) -> str:
    """``scored as of 01/06/2023 (--as-of)`` beside the year when the run gave ``--as-of``, else ``""``.

    The regulation versions applied are then those in force on that day, not on the village-year's own date.
    """
    options = (getattr(result, "provenance", None) or {}).get("options") or {}
    day = options.get("as_of") if isinstance(options, dict) else None
    return gettext(AS_OF, lang).format(date=format_date(str(day), lang)) if day else ""


def _marked(applied: list[str]) -> str:
    """The versions applied, each once; a transitional rule (``version — rule``) said once, marked † ‡ …."""
    marks, rules, named = "†‡§¶", {}, []
    for text in applied:
        version, _, rule = text.partition(" — ")
        if rule:
            mark = rules.setdefault(rule, marks[len(rules) % len(marks)] * (1 + len(rules) // len(marks)))
            version += mark
        named.append(version)
    return "; ".join(dict.fromkeys(named)) + "".join(f" {mark} {rule}" for rule, mark in rules.items())
