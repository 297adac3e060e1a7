"""What a report says of what its scores rest on: the data's kind, estimates, rows left out, unscored values.

The report-level notices are printed at the head of every report format, each format taking them
from one list, :func:`report_notices` (so a notice added there reaches them all);
:func:`unscored_in_rows` and :func:`unscored_text` say, for one village-year, which values were
given but not scored because their legal limit is unknown there, and which field to fill
(:mod:`villagescore.limit_gaps`). Such a value has the status "missing" in the result document (with
its flag), but it is not missing data: reports never ask to collect it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import N_, format_integer, gettext, t

__all__ = ["Notice", "NOTICE_KEYS", "kind_notice", "estimates_notice", "unscored_notice", "left_out_notice",
           "report_notices", "unscored_in_rows", "unscored_text", "unscored_status", "report_words", "gate_counts",
           "gate_why"]

#: The status a workbook shows for a value given but not scored because its limit is unknown.
_NOT_SCORED = N_("not scored: {why}")
#: What to do, by reason (:data:`villagescore.limit_gaps.REASONS`): fill the fields, or check them.
_FILL = N_("limit unknown — fill {fields}")
_CHECK = N_("limit unknown — check {fields}")
_NONE_IN_FORCE = N_("no limit in force on the reference date — check {fields}")
_EITHER = N_("{field} or {other}")
#: The headings and notes of the reports that say what the scores rest on (:func:`report_words`).
_WORDS = {
    "unscored_heading": N_("Values given but not scored"),
    "indicators_unscored": N_("Indicators not scored: limit unknown"),
    "gates_not_judged": N_("Mandatory rules not judged; their cap on the rating applies all the same"),
    "gate_no_data": N_("no data for this village-year"),
    "gates_not_judged_count": N_("Mandatory rules not judged"),
    "coverage_meaning": N_("Data coverage is the share of the pillars' weight that has a score: an indicator "
                           "without a score lowers the coverage of its criterion (see the criteria), not this one, "
                           "unless its criterion or pillar is left without a score"),
    "estimates_unknown_short": N_("Share of estimated inputs: unknown (the dataset flags the quality of no value)"),
    "regulations_cited": N_("Legal limits cited but not applied: the indicator was not scored against them"),
    "regulation_cited": N_("Regulation version cited"),
    "why_not_applied": N_("Why it scored nothing"),
    "regulations_none_applied": N_("none: no indicator of this village-year was scored against a legal limit"),
    "weakest_none": N_("none: no indicator of this village-year has a score"),
}
#: Rows a report names of those left out.
_LEFT_OUT_SHOWN = 20


#: The keys of the report-level notices (:class:`Notice`), in the order reports print them.
NOTICE_KEYS = ("kind", "estimates", "left_out", "unverified", "unscored")
#: The dataset kinds (``dataset.kind`` of the metadata) that are not real measured data.
NOT_MEASURED_KINDS = ("real-shaped", "illustrative", "synthetic")


@dataclass(frozen=True)
class Notice:
    """One report-level notice: which it is (``key``), its ``text`` and the ``items`` listed under it.

    ``warning`` is false for a notice that only informs (the data's kind), true for one that
    changes what the scores mean. ``brief``: what a page about one village-year (a fact sheet,
    the terminal profile) prints instead: ``None`` the text itself, ``""`` nothing, as the page
    says it of its own village (its share of estimates, its values not scored, its indicators
    left out for an unverified limit).
    """

    key: str
    text: str
    items: tuple[str, ...] = ()
    warning: bool = True
    brief: str | None = None

    def lines(self) -> list[str]:
        """The text, then each item: a format without lists prints one a line."""
        return [self.text, *self.items]

    def to_dict(self) -> dict[str, Any]:
        """``{"key", "text", "items", "warning"}`` for templates and JSON."""
        return {"key": self.key, "text": self.text, "items": list(self.items), "warning": self.warning,
                "brief": self.text if self.brief is None else self.brief}


def kind_notice(result: Any, lang: str) -> str:
    """That the dataset is not real measured data and must not be cited (its ``dataset.kind``), or ``""``."""
    kind = (((getattr(result, "provenance", None) or {}).get("dataset") or {}).get("kind")) or ""
    return t("kind_notice", lang) if kind in NOT_MEASURED_KINDS else ""


def estimates_notice(result: Any, lang: str) -> str:
    """The report-level warning when village-years rest mostly on estimated inputs, or ``""``.

    A dataset that flags the quality of nothing says so: how much rests on estimates is unknown.
    """
    import numpy as np

    from ..quality import ESTIMATED_WARNING

    if getattr(result, "estimated", None) is None:  # a workbook user has a sheet to fill, not a NAME.meta.json
        workbook = str(((result.provenance or {}).get("dataset") or {}).get("file", "")).lower().endswith(".xlsx")
        return t("estimates_unknown_workbook" if workbook else "estimates_unknown", lang)
    warned = int(np.sum(result.estimated_share >= ESTIMATED_WARNING))
    return t("estimates_some", lang).format(n=format_integer(warned, lang)) if warned else ""


def unscored_notice(result: Any, lang: str) -> tuple[str, list[str]]:
    """What a report says of the values given but not scored because their limit is unknown.

    ``(head, items)``: one sentence with the number of values, then one item per group of
    columns left unscored for the same reason, saying which village-years, why and what to fill
    (:mod:`villagescore.limit_gaps`); ``("", [])`` when every value given was scored. Their
    village-years lost coverage (the score rests on the other values).
    """
    from ..limit_gaps import limit_warnings

    found = limit_warnings(result.framework, result.frame, unknown=result.matrix.limit_unknown)
    if not found:
        return "", []
    n = sum(len(w.villages) * len(w.columns) for w in found)
    head = gettext(N_("{n} value(s) given were not scored because their limit is unknown: the scores of these "
                      "village-years rest on their other values."), lang).format(n=format_integer(n, lang))
    return head, [w.format(lang, word=False) for w in found]


def left_out_notice(provenance: dict[str, Any] | None, lang: str) -> str:
    """What a report says of the dataset rows ``--keep-going`` left out (``provenance.rows_left_out``), or ``""``.

    Each row by its number, village and year (the first :data:`_LEFT_OUT_SHOWN`; the result
    file lists them all, with their problems).
    """
    left = (provenance or {}).get("rows_left_out") or {}
    rows = left.get("rows") or []
    if not rows:
        return ""
    shown = [f"{r.get('row')} ({r.get('village_id')}{'' if r.get('year') is None else ' ' + str(r['year'])})"
             for r in rows[:_LEFT_OUT_SHOWN]]
    if len(rows) > _LEFT_OUT_SHOWN:
        shown.append("…")
    return gettext(N_("{n} invalid row(s) of the dataset were left out, not scored (--keep-going): rows {rows}"),
                   lang).format(n=format_integer(len(rows), lang), rows=", ".join(shown))


def report_notices(result: Any, lang: str) -> list[Notice]:
    """Every report-level notice of ``result``, in the order reports print them (empty ones left out).

    The data's kind (not measured data), the estimates, the rows left out, the unverified
    limits, then the values not scored for an unknown limit (with one item per group). Every
    report format prints all of these.
    """
    from .regulations import unverified_notice

    head, items = unscored_notice(result, lang)
    policy = (((result.provenance or {}).get("unverified_limits")) or {}).get("policy")
    notices = [Notice("kind", kind_notice(result, lang), warning=False),
               Notice("estimates", estimates_notice(result, lang), brief=""),
               Notice("left_out", left_out_notice(result.provenance, lang)),
               Notice("unverified", unverified_notice(result, lang), brief="" if policy == "exclude" else None),
               Notice("unscored", head, tuple(items), brief="")]
    return [n for n in notices if n.text]


def unscored_in_rows(result: Any, rows: slice) -> dict[int, dict[str, tuple[str, list[str]]]]:
    """Row → indicator id → ``(kind, fields)`` of the values given but not scored there, limit unknown.

    ``rows`` is a slice from the first row (a report's profiles). ``kind`` is ``fill``,
    ``check`` or ``none_in_force``; ``fields`` the columns to fill or check (the context field
    the limit depends on, and ``survey_date`` where the reference date decides and it is empty).
    """
    import numpy as np

    from ..limit_gaps import gap_fields, limit_gaps, survey_empty

    frame = result.frame.iloc[rows]
    out: dict[int, dict[str, tuple[str, list[str]]]] = {}
    gaps = limit_gaps(result.framework, frame, {j: mask[rows] for j, mask in result.matrix.limit_unknown.items()})
    if not gaps:
        return out
    empty = survey_empty(frame)
    start = rows.start or 0
    for gap in gaps:
        for k in np.flatnonzero(gap.mask).tolist():
            out.setdefault(start + k, {})[gap.node.id] = gap_fields(gap.reason, gap.params, bool(empty[k]))
    return out


def unscored_text(kind: str, fields: list[str], lang: str) -> str:
    """``limit unknown — fill 'a' or 'b'`` in ``lang`` (``kind`` as :func:`unscored_in_rows` gives it)."""
    names = [f"'{f}'" for f in fields]
    either = names[0]
    for other in names[1:]:
        either = gettext(_EITHER, lang).format(field=either, other=other)
    template = {"fill": _FILL, "check": _CHECK}.get(kind, _NONE_IN_FORCE)
    return gettext(template, lang).format(fields=either)


def report_words(lang: str) -> dict[str, str]:
    """The headings and notes of :data:`_WORDS` in ``lang``, and ``gate_unknown`` (a gate's limit unknown there)."""
    return {**{key: gettext(text, lang) for key, text in _WORDS.items()}, "gate_unknown": t("gate_rule.unknown", lang)}


def unscored_status(kind: str, fields: list[str], lang: str) -> str:
    """``not scored: limit unknown — fill 'a' or 'b'``: the status of such a value in a table of indicators."""
    return gettext(_NOT_SCORED, lang).format(why=unscored_text(kind, fields, lang))


def gate_counts(result: Any) -> tuple[list[int], list[int]]:
    """Per village-year, how many gates failed and how many capped the rating without being judged.

    A gate fires when it failed, or (by its policy) when its value is missing or its limit is
    unknown there: those did not fail, and a report counts them apart (:func:`gate_why`).
    """
    import numpy as np

    fired = np.asarray(result.fired, dtype=bool)
    failed = fired & (result.gate_states() == "failed")
    return failed.sum(axis=1).tolist(), (fired & ~failed).sum(axis=1).tolist()


def gate_why(status: str, lang: str, unverified: str = "") -> str:
    """Why a gate that fired was not judged (its ``status``: unknown or missing), or ``""`` when it failed.

    ``unverified``: why its legal limit is unverified there, when that left it unknown
    (:func:`~.regulations.gate_unverified_why`).
    """
    if status == "failed":
        return ""
    if status == "unknown" and unverified:
        return gettext(N_("limit unverified for this village-year ({why}), and this run leaves unverified limits "
                          "out"), lang).format(why=unverified)
    return t("gate_rule.unknown", lang) if status == "unknown" else gettext(_WORDS["gate_no_data"], lang)
