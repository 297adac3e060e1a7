"""Values given but not scored because the legal limit they are scored against is unknown.

A threshold that varies by village-year (:attr:`villagescore.model.Threshold.per_village`)
leaves the limit unknown (NaN) where the context it depends on is missing: a category field
that is empty (the category a limit is chosen by), a reference date on which no regulation version is in
force, or a transitional flag left empty after the version it keeps has ended. The engine then
counts the value as missing (the ``exclude`` policy renormalises over the others), which raises
or lowers a score while the value is right there in the sheet. Nothing of this is silent:
:func:`limit_gaps` finds those cells per indicator and says why, from the threshold's data
(:attr:`~villagescore.model.Threshold.context_fields`, the regulations' ``valid_to`` and
``transition`` rules), never from an indicator's or a field's name; :func:`limit_warnings`
groups them per column and reason into :class:`LimitWarning` objects that ``validate`` and
``evaluate`` print, in Vietnamese and English.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .citations import cited_in, regulation_citations
from .errors import column_text
from .i18n import N_, format_date, gettext
from .i18n.legal import provision_text
from .model import Framework, IndicatorNode, column_codes, frame_memo, reference_dates
from .versions_applied import transition_flag, transition_window

__all__ = ["LimitGap", "LimitWarning", "limit_gaps", "limit_warnings", "dataset_limit_warnings", "gap_texts",
           "gap_fields", "survey_empty", "REASONS", "WARNING", "WHAT_TO_DO",
           "NOTHING_TO_FILL", "SURVEY_DATE", "gap_dated_params"]

#: The column whose date decides which regulation version applies (31 December of the year without it).
SURVEY_DATE = "survey_date"

#: Why a limit is unknown: reason code → (message, what to do), English templates marked for translation.
REASONS: dict[str, tuple[str, str]] = {
    "transition_flag_empty": (
        N_("value(s) given but not scored: the limit is unknown. The regulation version(s) {regulation} ended on "
           "{valid_to}; after that date, until {until}, they apply only where {field} is yes, and on the reference "
           "date ({dates}) {field} is empty"),
        N_("fill {field_named} in these rows, yes or no: yes applies the transitional rule{provision}")),
    "transition_flag_no": (
        N_("value(s) given but not scored: no regulation version is in force on the reference date ({dates}). "
           "{regulation} was in force until {valid_to}, and {field} is no, so its transitional rule (until {until}) "
           "does not apply; this framework has no limit of a later version"),
        N_("nothing to fill: they stay unscored until the framework gives the limit in force on that date; check "
           "{field_named} and the survey date")),
    "no_version_in_force": (
        N_("value(s) given but not scored: none of the regulation versions this framework scores it against "
           "({regulation}) is in force on the reference date ({dates})"),
        N_("nothing to fill: they stay unscored until the framework gives the limit in force on that date; check "
           "the survey date")),
    "no_reference_date": (
        N_("value(s) given but not scored: the reference date is unknown (no year and no survey date), so the "
           "regulation version in force cannot be chosen"),
        N_("fill the year or the survey date of these rows")),
    "category_empty": (
        N_("value(s) given but not scored: the limit ({regulation}) depends on {field}, which is empty"),
        N_("fill {field_named} in these rows (the limit is known for: {allowed})")),
    "category_without_limit": (
        N_("value(s) given but not scored: {regulation} sets no limit for {field} = {value}"),
        N_("check {field_named} in these rows (the limit is known for: {allowed})")),
}

#: Reasons where no field can make the value scorable (the framework lacks the limit in force).
NOTHING_TO_FILL = ("transition_flag_no", "no_version_in_force")
#: Reasons where the reference date decides the limit: an empty survey date is a field to fill with them.
_BY_DATE = ("transition_flag_empty", "transition_flag_no", "no_version_in_force", "no_reference_date")
#: Of those, the reasons whose message names the reference date: the survey date is said in a sentence of its
#: own (the advice of ``no_reference_date`` asks for it already).
_DATED = _BY_DATE[:3]
_SURVEY_EMPTY = N_("{survey} is empty in these rows, so they are judged on 31 December of their year: if the survey "
                   "was earlier, fill {survey} with its date")


def gap_fields(reason: str, params: Mapping[str, Any], survey_is_empty: bool) -> tuple[str, list[str]]:
    """``(kind, fields)`` of a value not scored for ``reason`` (a :class:`LimitGap`'s) in a row: what to do there.

    ``kind`` is ``fill``, ``check`` (a category the regulation sets no limit for) or
    ``none_in_force`` (no field can give a limit: :data:`NOTHING_TO_FILL`); ``fields`` the context
    field the limit depends on (``params["field"]``), then the survey date where the reference date
    decides and the row's is empty (``survey_is_empty``, :func:`survey_empty`); the survey date
    alone when there is nothing else to name.
    """
    kind = ("none_in_force" if reason in NOTHING_TO_FILL
            else "check" if reason == "category_without_limit" else "fill")
    by_date = SURVEY_DATE if survey_is_empty and reason in _BY_DATE else None
    return kind, [f for f in (params.get("field"), by_date) if f] or [SURVEY_DATE]


def survey_empty(frame: pd.DataFrame) -> np.ndarray:
    """Per row of ``frame``, whether its survey date is empty (or the column absent): the year decides its date."""
    if SURVEY_DATE not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    return frame[SURVEY_DATE].isna().to_numpy()


@dataclass(frozen=True)
class LimitGap:
    """The village-years (``mask``) where indicator ``node``'s value is given but its limit unknown, and why.

    ``params`` hold the plain values the reason's message names: ``field`` (the context field
    to fill), ``regulation``, ``valid_to``, ``until``, ``provision``, ``allowed``, ``value``,
    ``dates`` and ``survey_empty``.
    """

    node: IndicatorNode
    reason: str
    mask: np.ndarray
    params: Mapping[str, Any]


def limit_gaps(framework: Framework, frame: pd.DataFrame, unknown: Mapping[int, np.ndarray] | None = None
               ) -> list[LimitGap]:
    """Every (indicator, reason) whose given values cannot be scored because the limit is unknown.

    Whole columns: one limit per threshold that varies by village-year, a few masks per reason.
    ``unknown``: where each indicator's limit is unknown as scoring ``frame`` found it (by indicator
    index, :attr:`villagescore.engine.IndicatorMatrix.limit_unknown`); those limits are then not worked out again,
    so the answer is the scoring's even if ``frame`` was changed since (leave it out to read ``frame`` as it is).
    """
    out: list[LimitGap] = []
    if len(frame) == 0:
        return out
    sectors: list[Any] = []  # the frame's sectors column factorised, once, when an indicator needs it
    with frame_memo():
        for j, node in enumerate(framework.indicators):
            threshold = node.threshold
            if threshold is None or not threshold.per_village:
                continue
            # a limit of the scorer's own (``limit`` in its parameters): scoring kept no mask of the threshold's
            where = np.isnan(np.asarray(threshold.limit(frame), dtype=float)) if unknown is None or \
                "limit" in node.params else unknown.get(j)
            if where is None or not where.any():
                continue
            rows = np.flatnonzero(where)  # few rows, as a rule: the fields and sectors are read there only
            given = np.zeros(len(frame), dtype=bool)
            given[rows[_given(node, frame, rows) & _applicable(node, frame, sectors, rows)]] = True
            if given.any():
                out += [LimitGap(node, reason, mask, params) for reason, mask, params in _reasons(node, frame, given)]
    return out


def _given(node: IndicatorNode, frame: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Of ``rows`` (positions), those where every field the indicator reads is in the frame and not empty."""
    given = np.ones(len(rows), dtype=bool)
    for fid in node.indicator.requires:
        if fid not in frame.columns:
            return np.zeros(len(rows), dtype=bool)
        column = frame[fid]
        if isinstance(column.dtype, np.dtype) and column.dtype.kind == "f":  # a number field: no Series made
            given &= ~np.isnan(column.to_numpy()[rows])
        else:
            given &= column.take(rows).notna().to_numpy()
    return given


def _applicable(node: IndicatorNode, frame: pd.DataFrame, sectors: list[Any], rows: np.ndarray) -> np.ndarray:
    """Of ``rows`` (positions), where the indicator applies: all, or those whose ``sectors`` name one of its sectors.

    ``sectors`` holds ``(codes, sector sets)`` of the frame's column once the first sector
    indicator has factorised it (an empty list before; the codes are the scoring's within one
    :func:`~.model.frame_memo`).
    """
    if not node.sectors:
        return np.ones(len(rows), dtype=bool)
    if "sectors" not in frame.columns:
        return np.zeros(len(rows), dtype=bool)
    if not sectors:
        codes, uniques = column_codes(frame, "sectors")
        sectors += [codes, [{p.strip() for p in str(u).split(";")} for u in uniques]]
    codes, named = sectors
    wanted = set(node.sectors)
    table = np.array([bool(wanted & names) for names in named] + [False])
    return table[codes[rows]]


def _reasons(node: IndicatorNode, frame: pd.DataFrame, given: np.ndarray) -> Iterator[tuple[str, np.ndarray, dict]]:
    threshold = node.threshold
    assert threshold is not None
    dates = reference_dates(frame)
    applied = threshold.version_index(frame)
    left = given.copy()
    if threshold.by_date:
        undated = left & np.isnat(dates)
        if undated.any():
            yield "no_reference_date", undated, {}
            left &= ~undated
        none = left & (applied < 0)
        if none.any():
            yield from _no_version(threshold, frame, none)
            left &= ~none
    for k, version in enumerate(threshold.versions):
        rows = left & (applied == k)
        limit = version.limit
        if not rows.any() or limit.by_field is None:
            continue
        params = {"field": limit.by_field, **regulation_citations((version.regulation,)),
                  "allowed": ", ".join(str(key) for key in limit.values)}
        if limit.by_field not in frame.columns:
            yield "category_empty", rows, params
            continue
        cells = frame[limit.by_field]
        empty = rows & cells.isna().to_numpy()
        if empty.any():
            yield "category_empty", empty, params
        for value in pd.unique(cells[rows & ~empty]):
            yield "category_without_limit", rows & (cells == value).to_numpy(), {**params, "value": str(value)}


def _no_version(threshold: Any, frame: pd.DataFrame, rows: np.ndarray
                ) -> Iterator[tuple[str, np.ndarray, dict]]:
    """Rows on whose date no version is in force: a transitional flag empty or no, or no version at all."""
    left = rows.copy()
    for version in threshold.versions:
        reg, rule = version.regulation, version.regulation.transition
        if not left.any() or not rule or not reg.valid_to:
            continue
        covered = left & transition_window(reg, frame)
        if not covered.any():
            continue
        flag_field = rule["field"]
        flag = transition_flag(flag_field, frame)
        params = {"field": flag_field, **regulation_citations((reg,)), "valid_to": reg.valid_to, "until": rule["until"],
                  "provision": rule.get("provision", "")}
        for reason, mask in (("transition_flag_empty", covered & np.isnan(flag)),
                             ("transition_flag_no", covered & ~np.isnan(flag))):
            if mask.any():
                yield reason, mask, params
        left &= ~covered
    if left.any():
        # every version cited: the first alone (QCVN 05:2013) misled when a later one had ended (QCVN 05:2023)
        yield "no_version_in_force", left, regulation_citations(v.regulation for v in threshold.versions)


def gap_texts(reason: str, params: Mapping[str, Any], lang: str, labels: Mapping[str, Any] | None = None
              ) -> tuple[str, str]:
    """``(message, what to do)`` of a reason in ``lang``; ``labels`` maps field ids to their ``{vi, en}`` labels."""
    message, advice = REASONS[reason]
    labels = labels or {}
    fid = params.get("field", "")
    provision = provision_text(params.get("provision") or "", lang)
    values = {
        "field": repr(fid), "field_named": column_text(fid, labels.get(fid), lang) if fid else "",
        "regulation": cited_in(params.get("regulation", ""), lang, params.get("regulation_vi", "")),
        "valid_to": _dates(params.get("valid_to", ""), lang),
        "until": _dates(params.get("until", ""), lang), "provision": f" ({provision})" if provision else "",
        "allowed": params.get("allowed", ""), "value": params.get("value", ""),
        "dates": _dates(params.get("dates", ""), lang),
    }
    said_message = gettext(message, lang).format(**values)
    said_advice = gettext(advice, lang).format(**values)
    if reason in _DATED and params.get("survey_empty"):  # the survey date to fill (gap_fields), said apart
        survey = column_text(SURVEY_DATE, labels.get(SURVEY_DATE), lang)
        said_advice += "; " + gettext(_SURVEY_EMPTY, lang).format(survey=survey)
    return said_message, said_advice

def _dates(text: str, lang: str) -> str:
    """The ``YYYY-MM-DD`` dates in ``text`` as readers of ``lang`` write them (``31/08/2025`` in Vietnamese)."""
    return _ISO_DATE.sub(lambda m: format_date(m.group(0), lang), str(text))


_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_ROWS = N_("row(s) {rows}")
WARNING = N_("warning")
WHAT_TO_DO = N_("what to do")


@dataclass(frozen=True)
class LimitWarning:
    """Values of one column given but not scored, for one reason: the rows, the villages, what to fill.

    ``rows`` are spreadsheet rows (empty when the frame's rows cannot be traced to the file),
    ``villages`` the village-years (``id year``), ``indexes`` each row's index label when the
    dataset was a DataFrame (as a user types it: ``12``, ``'r103'``; empty for a file).
    :meth:`format` and :meth:`to_dict` say it in a language; the check is ``unknown_limit``, a
    warning that never makes a file invalid.
    """

    file: str
    columns: tuple[str, ...]
    indicators: tuple[str, ...]
    rows: tuple[int, ...]
    villages: tuple[str, ...]
    reason: str
    params: Mapping[str, Any]
    labels: Mapping[str, Any] = field(default_factory=dict)
    indexes: tuple[str, ...] = ()
    check: str = "unknown_limit"
    severity: str = "warning"

    def texts(self, lang: str) -> tuple[str, str]:
        """``(message, what to do)`` in ``lang``."""
        return gap_texts(self.reason, self.params, lang, self.labels)

    def where(self, lang: str) -> str:
        """``rows 3, 5 (v1 2025, v2 2025)`` (``rows 3 (index 'r1'), …`` of a DataFrame), or the village-years alone."""
        villages = ", ".join(_shown(self.villages))
        if not self.rows:
            return villages
        labelled = gettext(N_("{n} (index {label})"), lang)
        rows = ", ".join(_shown([labelled.format(n=r, label=i) for r, i in zip(self.rows, self.indexes, strict=True)]
                                if self.indexes else [str(r) for r in self.rows]))
        return f"{gettext(_ROWS, lang).format(rows=rows)} ({villages})"

    def format(self, lang: str, *, word: bool = True) -> str:
        """One line: ``file: rows 3 (v1 2025): warning: column 'x' (X): message. what to do: advice``.

        ``word``: say ``warning`` (a command that prints it after its own ``warning:`` does not).
        """
        message, advice = self.texts(lang)
        columns = ", ".join(column_text(c, self.labels.get(c), lang) for c in self.columns)
        head = ": ".join(p for p in (self.file, self.where(lang), gettext(WARNING, lang) if word else "") if p)
        return f"{head}: {columns}: {message}. {gettext(WHAT_TO_DO, lang)}: {advice}"

    def to_dict(self, lang: str) -> dict[str, Any]:
        """A JSON-ready mapping in ``lang`` (``villagescore validate --format json``)."""
        message, advice = self.texts(lang)
        return {"check": self.check, "severity": self.severity, "reason": self.reason, "columns": list(self.columns),
                "indicators": list(self.indicators), "rows": list(self.rows), "villages": list(self.villages),
                **({"indexes": list(self.indexes)} if self.indexes else {}),
                "context_field": self.params.get("field") or None, "message": message, "advice": advice}


#: Rows and village-years a warning names one by one (then a count).
_SHOWN = 10


def _shown(items: Any) -> list[str]:
    items = list(items)
    return items if len(items) <= _SHOWN else [*items[:_SHOWN], f"… ({len(items)})"]


def limit_warnings(framework: Framework, frame: pd.DataFrame, *, file: str = "", rows: Any = None,
                   fields: Mapping[str, Any] | None = None, unknown: Mapping[int, np.ndarray] | None = None
                   ) -> list[LimitWarning]:
    """:func:`limit_gaps` grouped per column and reason: one :class:`LimitWarning` each.

    ``rows``: the spreadsheet row of each frame row (by position), when known; ``fields`` the
    registered fields, whose labels name the columns; ``unknown`` as for :func:`limit_gaps`.
    """
    gaps = limit_gaps(framework, frame, unknown)
    if not gaps:
        return []
    labels = {fid: dict(f.label) for fid, f in (fields or {}).items() if getattr(f, "label", None)}
    dates = reference_dates(frame)
    survey = survey_empty(frame)
    ids = frame["village_id"]
    years = frame["year"].to_numpy()
    year_texts: dict[Any, str] = {}  # each distinct year spelt once
    per_column: dict[tuple, list] = {}  # (column, reason, params): [mask, indicators, params, regulations]
    for gap in gaps:
        params = dict(gap.params)
        regulation = (params.pop("regulation", ""), params.pop("regulation_vi", ""))
        params.update(gap_dated_params(gap.reason, gap.mask, frame, dates, survey))
        key = (", ".join(gap.node.indicator.requires), gap.reason, tuple(sorted(params.items())))
        entry = per_column.setdefault(key, [np.zeros(len(frame), dtype=bool), [], params, []])
        entry[0] |= gap.mask
        entry[1].append(gap.node.id)
        entry[3].append(regulation)
    # columns with the same reason, context and rows are said together
    groups: dict[tuple, list] = {}
    for (column, reason, items), (mask, indicators, params, regulations) in per_column.items():
        where = np.flatnonzero(mask)
        entry = groups.setdefault((reason, items, tuple(where.tolist())), [where, [], [], params, []])
        entry[1].append(column)
        entry[2] += indicators
        entry[4] += regulations
    out = []
    numbered = rows is not None and len(rows) == len(frame)
    for (reason, _, _), (where, columns, indicators, params, regulations) in groups.items():
        params = {**params, "regulation": ", ".join(dict.fromkeys(en for en, _ in regulations if en)),
                  "regulation_vi": ", ".join(dict.fromkeys(vi for _, vi in regulations if vi))}
        out.append(LimitWarning(
            file, tuple(columns), tuple(indicators), tuple(int(r) for r in np.asarray(rows)[where]) if numbered else (),
            _village_years(ids, years, where, year_texts), reason, params, labels))
    return sorted(out, key=lambda w: (w.rows[:1] or (0,), w.villages[:1], w.columns, w.reason))


def gap_dated_params(reason: str, mask: np.ndarray, frame: pd.DataFrame, dates: Any = None, survey: Any = None
                     ) -> dict[str, Any]:
    """The reference dates (``dates``) and ``survey_empty`` a reason naming the date says of rows ``mask``; ``{}`` else.

    ``dates`` and ``survey`` (:func:`~.model.reference_dates`, :func:`survey_empty` of ``frame``) when known.
    """
    if reason not in _DATED:
        return {}
    dates = reference_dates(frame) if dates is None else dates
    survey = survey_empty(frame) if survey is None else survey
    shown = sorted({str(d) for d in np.unique(dates[mask])})  # each distinct date spelt once
    return {"dates": ", ".join(shown[:3]) + (" …" if len(shown) > 3 else ""), "survey_empty": bool(survey[mask].all())}


def _village_years(ids: pd.Series, years: np.ndarray, where: np.ndarray, texts: dict[Any, str]) -> tuple[str, ...]:
    """``id year`` of the rows at ``where`` (the ids as text, each distinct year spelt once into ``texts``)."""
    out = []
    for village, year in zip(ids.take(where).astype(str).tolist(), years[where].tolist(), strict=True):
        text = texts.get(year)
        if text is None:
            text = texts[year] = _year(year)
        out.append(f"{village} {text}")
    return tuple(out)


def _year(value: Any) -> str:
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return str(value)


def dataset_limit_warnings(framework: Framework, dataset: Any, registry: Any, villages: Any = (),
                           file: str | None = None) -> list[LimitWarning]:
    """:func:`limit_warnings` of a validated dataset's village-years to score (``villages``: ids, all by default).

    Each warning names the rows as the file numbers them and the fields by the labels the
    registry (and the framework's own fields) give them; the command line prints them, the
    Python API issues them as warnings.
    """
    frame = dataset.frame
    if villages:
        frame = frame[frame["village_id"].isin(list(villages))]
    rows = None if dataset.rows is None else dataset.rows[frame.index.to_numpy()]
    found = limit_warnings(framework, frame, file=str(dataset.path if file is None else file), rows=rows,
                           fields=registry.with_fields(framework.local_fields).fields)
    labels = getattr(dataset, "row_labels", None)
    if labels is None:
        return found
    from .datasets.collector import index_label_text

    return [dataclasses.replace(w, indexes=tuple(index_label_text(labels[r - 2]) for r in w.rows)) for w in found]
