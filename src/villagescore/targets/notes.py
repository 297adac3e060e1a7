"""What a targets report says beside its figures: kind of data, estimates, unclassified villages, partial totals.

* **Kind of data** and **estimates**: the dataset kinds of the provenance (``synthetic`` …)
  and how many village-years rest mostly on estimated inputs, said with the words of
  ``evaluate``'s reports (``kind_notice``, ``estimates_some``, ``estimates_unknown``; from the
  store, ``targets.estimates_not_stored`` when no share was recorded); each row gives the
  share of estimated scoring inputs of its measured village-years.
* **Unclassified** village-years (:mod:`villagescore.targets.scope`): a warning per target and
  the coverage text ``5/8; 100 of 120 not classifiable: FIELD empty``.
* **Partial totals**: a ``sum`` or ``count`` over the villages of the data compared with a
  figure for all villages (:mod:`villagescore.targets.verdict`).
* The **verdict cell** of a row: the verdict on the row it is judged on (the target year, or
  the last year before it for a projection), a later year marked as not used.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, current_language, format_integer, format_number, gettext, t
from .measure import NATIONAL, VERDICTS

__all__ = ["data_facts", "total_group_text", "unclassified_warning", "header_notices", "framework_lines",
           "total_note", "coverage_text", "estimated_text",
           "verdict_text", "row_notes", "UNCLASSIFIED"]

#: Warning code of village-years a target's population cannot place.
UNCLASSIFIED = "unclassified_population"
_NOTICE_KINDS = ("real-shaped", "illustrative", "synthetic")
_UNCLASSIFIED_TEXT = N_("target {target}: {n} village-year(s) cannot be placed in or out of its population ({fields} "
                        "empty): they are counted as not classifiable beside the coverage, and a verdict they could "
                        "change is \"insufficient data\"")

_LEFT_OUT_TEXT = N_("{n} invalid dataset row(s) were left out of the results (--keep-going): those village-years "
                    "are in no figure, the same villages' other years are, and the coverage (measured/in scope) does "
                    "not count them")


def _datasets(provenance: dict[str, Any]) -> list[dict[str, Any]]:
    if provenance.get("source") == "store":
        return [e.get("dataset") or {} for e in provenance.get("evaluations") or []]
    return [provenance.get("dataset") or {}] if provenance else []


def _sources(provenance: dict[str, Any]) -> list[dict[str, Any]]:
    """The provenance of each result or stored evaluation the data comes from."""
    if provenance.get("source") == "store":
        return list(provenance.get("evaluations") or [])
    return [provenance] if provenance else []


def data_facts(data: Any) -> dict[str, Any]:
    """``kinds`` of the datasets, whether they declare themselves ``complete``, and the ``estimates`` of the data.

    ``rows_left_out``: how many invalid dataset rows ``--keep-going`` left out of the results (in no coverage).

    ``estimates`` is ``{"flagged": bool, "mostly_estimated": n}``: whether the quality of any
    input is known, and how many village-years rest mostly on estimates.

    ``provinces`` is ``{"present": n, "official": m}``: how many of the ``m`` current provinces
    have a village-year in the data (:func:`total_group_text` names the data's total by it).
    """
    import pandas as pd

    from ..compare.table import left_out_count
    from ..quality import ESTIMATED_WARNING

    datasets = _datasets(data.provenance or {})
    share = pd.to_numeric(data.villages.get("estimated_share", pd.Series(dtype=float)), errors="coerce")
    return {"kinds": sorted({str(d.get("kind")) for d in datasets if d.get("kind")}),
            "rows_left_out": sum(left_out_count(p) for p in _sources(data.provenance or {})),
            "complete": bool(datasets) and all(d.get("complete") is True for d in datasets),
            "estimates": {"flagged": bool(share.notna().any()),
                          "mostly_estimated": int((share >= ESTIMATED_WARNING).sum())},
            "provinces": _province_coverage(data.villages)}


def _province_coverage(villages: Any) -> dict[str, int]:
    """How many of the current provinces have a village-year in ``villages`` (``province``: the current one)."""
    from ..provinces import official_provinces

    official = official_provinces()
    present = set(villages["province"].dropna().unique()) if "province" in villages.columns else set()
    return {"present": len(present.intersection(official)), "official": len(official)}


def total_group_text(report: dict[str, Any], lang: str, row: dict[str, Any] | None = None) -> str:
    """What the row over all the data is called: the country only when every current province is in it.

    A total over 2 of the 34 provinces is no national figure: it reads ``Tất cả dữ liệu (2/34 tỉnh)``.
    ``row``: a total row, named by the provinces of its own year (``provinces``); without one (or
    in a report made before rows counted them) the data's count names it. A report made before
    it counted the provinces keeps the country's name.
    """
    provinces = (row or {}).get("provinces") or (report.get("data") or {}).get("provinces")
    if not provinces or provinces["present"] >= provinces["official"]:
        return t("targets.national", lang)
    return t("targets.all_data", lang, present=format_integer(provinces["present"], lang),
             official=format_integer(provinces["official"], lang))


def unclassified_warning(target: dict[str, Any], lang: str | None) -> dict[str, Any]:
    """The warning of a target whose population leaves village-years unclassified (``lang`` None: the current one)."""
    u = target["unclassified"]
    lang = lang or current_language()
    message = gettext(_UNCLASSIFIED_TEXT, lang).format(
        target=target["id"], n=format_integer(u["village_years"], lang), fields=", ".join(u["fields"]))
    return {"code": UNCLASSIFIED, "message": message, "target": target["id"], "fields": list(u["fields"]),
            "village_years": u["village_years"]}


def framework_lines(report: dict[str, Any], lang: str) -> list[str]:
    """What every format says beside its data line: each framework the results come from, once.

    Named by :func:`~villagescore.reports.framework_line.framework_line` (id, version, short hash,
    lineage of an overlay), in the order of the results or stored evaluations.
    """
    from ..reports.framework_line import framework_line

    # one file scored in several ways (resolved hashes) is one line: the warnings say how its scoring differs
    lines = (framework_line(source.get("framework") or {}, lang) for source in _sources(report.get("provenance") or {}))
    return [line for line in dict.fromkeys(lines) if line]


def header_notices(report: dict[str, Any], lang: str) -> list[str]:
    """What every format says under its data line: the kind of data, rows left out, how much rests on estimates."""
    from ..reports.view import kind_text

    data = report["data"]
    out = []
    kinds = data.get("kinds") or []
    if kinds:
        out.append(t("targets.data_kind_text", lang, kind=", ".join(kind_text(k, lang) for k in kinds)))
    if any(k in _NOTICE_KINDS for k in kinds):
        out.append(t("kind_notice", lang))
    if data.get("rows_left_out"):
        out.append(gettext(_LEFT_OUT_TEXT, lang).format(n=format_integer(data["rows_left_out"], lang)))
    estimates = data.get("estimates") or {}
    if not estimates.get("flagged"):  # from the store: not recorded (stored before the share was), not "no metadata"
        stored = (report.get("provenance") or {}).get("source") == "store"
        out.append(t("targets.estimates_not_stored" if stored else "estimates_unknown", lang))
    elif estimates.get("mostly_estimated"):
        out.append(t("estimates_some", lang).format(n=format_integer(estimates["mostly_estimated"], lang)))
    return out


def total_note(target: dict[str, Any], lang: str) -> str:
    """The note of a total over the villages of the data (``sum``, ``count``), or ``""``."""
    total = target.get("total")
    if not total:
        return ""
    return t("targets.partial_total_note" if total["partial"] else "targets.complete_total_note", lang)


def coverage_text(row: dict[str, Any], lang: str, target: dict[str, Any] | None = None) -> str:
    """``measured/in scope``, then the unclassified village-years and the fields left empty, if any."""
    text = f"{format_integer(row['measured'], lang)}/{format_integer(row['villages'], lang)}"
    if row.get("unclassified"):
        fields = ", ".join((target or {}).get("unclassified", {}).get("fields") or [])
        text += "; " + t("targets.unclassified_text", lang, n=format_integer(row["unclassified"], lang),
                         total=format_integer(row.get("village_years") or 0, lang), fields=fields)
    return text


def estimated_text(row: dict[str, Any], lang: str) -> str:
    """The share of estimated scoring inputs behind a row's value (``100 %``), ``—`` when unknown."""
    share = row.get("estimated_share")
    if share is None or row.get("value") is None:
        return "—"
    return f"{format_number(100 * float(share), 0, lang)} %"


def _verdict_year(target: dict[str, Any], group: str) -> int | None:
    """The year whose row carries the group's verdict."""
    trend = target["trend"].get(group) or {}
    if trend.get("judged_year") is not None:
        return trend["judged_year"]
    years = [r["year"] for r in target["rows"] if r["group"] == group]
    before = [y for y in years if y <= target["year"]]
    return max(before) if before else min(years) if years else None


def verdict_text(target: dict[str, Any], row: dict[str, Any], lang: str, number: Any = None) -> str:
    """The verdict cell of a row: the verdict on its row, ``after the target year`` later, nothing earlier.

    A projection is said with its value (``number`` formats it); a value unclassified
    village-years could change is given with its range.
    """
    group = row["group"]
    if group not in target["trend"]:
        return ""
    if row.get("after_target_year"):
        return t("targets.after_target_year", lang)
    if row["year"] != _verdict_year(target, group):
        return ""
    trend = target["trend"][group]
    text = VERDICTS[trend.get("verdict") or "no_data"][lang]
    fmt = number or (lambda x: format_number(x, 1, lang))
    if trend.get("basis") == "projection" and trend.get("projected") is not None:
        text += f" ({t('targets.projection', lang, year=target['year'], value=fmt(trend['projected']))})"
    if row.get("range"):
        low, high = row["range"]
        text += f" ({t('targets.range', lang, low=fmt(low), high=fmt(high))})"
    return text


def row_notes(target: dict[str, Any], row: dict[str, Any], lang: str) -> str:
    """The CSV's notes of a row: unclassified village-years, and the partial-total note on the country's rows."""
    notes = []
    if row.get("unclassified"):
        notes.append(coverage_text(row, lang, target).split("; ", 1)[1])
    if target.get("total") and (row["group"] == NATIONAL or target["scope"] == "province"):
        notes.append(total_note(target, lang))
    return " · ".join(notes)
