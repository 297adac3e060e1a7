"""A category field's row rules: categories that exist only on some dates, fields that do not apply in some rows.

Declared in a catalogue (``category_dates``, ``not_applicable_when`` on the field, see
:class:`~villagescore.objects.Field`) by any plugin; checked here on whole columns. Only the
refused cells are looked at one by one, to name what is allowed on their own dates.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import Texts, column_text
from ..i18n import LANGS, N_
from ..model import reference_dates
from .collector import Collector


def category_rules(out: dict[str, Any], registry: Any, col: Collector) -> None:
    """Refuse the cells of ``out`` a field's ``not_applicable_when`` or ``category_dates`` rule forbids."""
    ruled = [fld for fid, fld in registry.fields.items()
             if fid in out and fld.type == "category" and (fld.category_dates or fld.not_applicable_when)]
    if not ruled:
        return
    dates = None
    for fld in ruled:
        values = np.asarray(out[fld.id], dtype=object)
        given = ~pd.isna(values)  # a refused cell is None already: not refused twice
        rule = fld.not_applicable_when
        if rule and rule["field"] in out:
            _refuse_not_applicable(values, given, fld, rule, out, registry, col)
        if fld.category_dates and given.any():
            if dates is None:
                dates = _row_dates(out)
            _refuse_dated(values, given, fld, dates, col)


def _refuse_not_applicable(values: np.ndarray, given: np.ndarray, fld: Any, rule: Any, out: dict[str, Any],
                           registry: Any, col: Collector) -> None:
    """A value where the field does not apply (the village's unit is a ward): refused, the cell to be left empty."""
    other = rule["field"]
    deciding = np.asarray(out[other], dtype=object)
    where = np.zeros(len(values), dtype=bool)
    for value in rule["values"]:  # a few values: compared column-wise, one at a time
        where |= deciding == value
    where &= given
    if not where.any():
        return
    decider = registry.fields.get(other)
    if decider is None:  # a field no plugin declares: named by its id
        said, kinds = repr(other), ", ".join(rule["values"])
    else:
        said = Texts({lang: column_text(other, decider.label, lang) for lang in LANGS})
        kinds = Texts({lang: ", ".join(f"{decider.category_label(v, lang)} ({v})" for v in rule["values"])
                       for lang in LANGS})
    col.cells(where, fld.id, values, "not_applicable",
              N_("does not apply where {other} is {values}: the indicators that use it are not applicable in this "
                 "row (left out of the score, not scored 0)"), N_("an empty cell; or correct {other}"),
              {"other": said, "values": kinds})


def _refuse_dated(values: np.ndarray, given: np.ndarray, fld: Any, dates: np.ndarray, col: Collector) -> None:
    """A category that does not exist on the row's reference date: refused, naming those that do."""
    bad = np.zeros(len(values), dtype=bool)
    for code, span in fld.category_dates.items():
        first = np.datetime64(span.get("from") or "0001-01-01", "D")
        last = np.datetime64(span.get("to") or "9999-12-31", "D")
        with np.errstate(invalid="ignore"):
            bad |= given & (values == code) & ~np.isnat(dates) & ((dates < first) | (dates > last))
    if not bad.any():
        return
    days = [str(d) for d in dates[bad]]
    each = [{"date": Texts({"vi": "/".join(reversed(day.split("-"))), "en": day}),
             "allowed": Texts({lang: ", ".join(f"{fld.category_label(c, lang)} ({c})" for c in fld.categories_on(day))
                               for lang in LANGS})}
            for day in days]
    col.cells(bad, fld.id, values, "category_date",
              N_("does not exist on {date}, the row's reference date (survey_date, else 31 December of year)"),
              N_("what exists on that date: {allowed}; record the value in force then, or correct year or "
                 "survey_date"), {}, each)


def _row_dates(out: dict[str, Any]) -> np.ndarray:
    """Each row's reference date from the checked identity columns (NaT where the year was refused)."""
    columns = {k: out[k] for k in ("year", "survey_date") if k in out}
    if "year" not in columns:
        return np.full(len(next(iter(out.values()))), np.datetime64("NaT", "D"))
    return np.asarray(reference_dates(pd.DataFrame(columns)))
