"""How a blocker's values that cannot be scored are said: its first line, then one line per reason.

An explanation (:mod:`villagescore.explain.unscored`) lists, per blocker, the indicators whose
value is given but whose legal limit is unknown; the reports say them with these words.
"""

from __future__ import annotations

from typing import Any

from .i18n import N_, gettext
from .limit_gaps import WHAT_TO_DO, gap_texts

__all__ = ["unscored_head", "unscored_lines"]


#: Said of a blocker whose indicators all have values that cannot be scored (nothing to collect).
_HEADS = {
    "overall": N_("No overall score: values given cannot be scored"),
    "pillar": N_("Pillar {pillar} has no score (it must reach ≥ {required}): values given cannot be scored"),
}


def unscored_head(kind: str, lang: str, **fields: Any) -> str:
    """The line a blocker starts with when it has nothing to collect, only values to make scorable."""
    return gettext(_HEADS["overall" if kind == "overall" else "pillar"], lang).format(**fields)


def unscored_lines(entries: list[dict[str, Any]], lang: str, named: Any) -> list[str]:
    """One line per reason: the indicators (``named(id)``), why their values are not scored, what to fill."""
    groups: dict[tuple, list[str]] = {}
    for entry in entries:
        key = (entry["reason"], tuple(sorted((k, str(v)) for k, v in entry["params"].items())))
        groups.setdefault(key, []).append(entry["indicator"])
    out = []
    by_indicator = {e["indicator"]: e for e in entries}
    for indicators in groups.values():
        first = by_indicator[indicators[0]]
        message, advice = gap_texts(first["reason"], first["params"], lang, first.get("labels"))
        names = ", ".join(named(x) for x in indicators)
        out.append(f"{names}: {message}. {gettext(WHAT_TO_DO, lang)}: {advice}")
    return out
