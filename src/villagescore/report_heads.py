"""The leading columns of the report tables that name a village id and a year, as the writers write them.

The writers build their headers from these (the result table of ``evaluate --format csv``,
the result workbook's summary and long sheets, the comparison's rankings in CSV and XLSX),
and :mod:`villagescore.protected` recognises a report by them: a header that starts with one
of these shapes, cell for cell, is a report's; one that merely has a ``Score`` or ``Hạng``
column is someone's data.
"""

from __future__ import annotations

from itertools import product

from .i18n import LANGS, t

__all__ = ["RESULT_IDENTITY", "RESULT_CSV_HEAD", "summary_head", "village_year_head", "ranking_head", "report_heads"]

#: The identity columns of a result table (:meth:`villagescore.results.Result.to_frame`), in order.
RESULT_IDENTITY = ("village_id", "name", "commune", "province", "former_commune", "former_district", "former_province",
                   "sectors", "year")
#: The columns that start a result table (``evaluate --format csv``), before the pillars' ``<id>_score``.
RESULT_CSV_HEAD = (*RESULT_IDENTITY, "overall_score", "overall_coverage", "rating", "rating_label")


def summary_head(lang: str) -> list[str]:
    """The identity, overall score, coverage and rating columns that start a result workbook's summary sheet."""
    return [t("village_id", lang), t("village", lang), t("commune", lang), t("province", lang),
            t("former_commune", lang), t("former_district", lang), t("former_province", lang), t("sectors", lang),
            t("year", lang),
            t("overall", lang), t("coverage", lang), t("rating", lang)]


def village_year_head(lang: str) -> list[str]:
    """The columns that start a result workbook's long and wide sheets (criteria, indicators, gates)."""
    return [t("village_id", lang), t("village", lang), t("year", lang)]


def _compare_word(key: str, lang: str) -> str:
    """The comparison's report word ``compare_view.KEY``, else the shared word ``KEY``."""
    text = t(f"compare_view.{key}", lang)
    return t(key, lang) if text == f"compare_view.{key}" else text


def ranking_head(lang: str, *, ids: bool, period: bool, run: bool) -> list[str]:
    """The columns that start a comparison's rankings, before the pillars.

    ``ids``: a village id column beside the village (CSV, XLSX), else one ``Name (id)`` column;
    ``period``: a period column first (several years); ``run``: a run column after the year (several results).
    """
    head = ([_compare_word("period", lang)] if period else []) + [_compare_word("rank", lang)]
    head += [_compare_word("village_id", lang), _compare_word("village", lang)] if ids \
        else [_compare_word("village", lang)]
    head += [_compare_word("year", lang)] + ([_compare_word("run", lang)] if run else [])
    return head + [_compare_word(key, lang) for key in ("province_current", "province_recorded", "overall", "rating")]


def report_heads() -> list[tuple[str, ...]]:
    """Every shape above with a village id, in both languages, each cell in lower case (longest first)."""
    heads = [list(RESULT_CSV_HEAD)]
    heads += [head for lang in LANGS for head in (summary_head(lang), village_year_head(lang))]
    # the same reports as written before they carried the former commune: still a report's, not someone's data
    heads += [[c for c in head if c != former] for head, former in [(list(RESULT_CSV_HEAD), "former_commune"),
                                                                     *((summary_head(lang), t("former_commune", lang))
                                                                       for lang in LANGS)]]
    heads += [ranking_head(lang, ids=True, period=period, run=run)
              for lang, period, run in product(LANGS, (False, True), (False, True))]
    return sorted({tuple(cell.casefold() for cell in head) for head in heads}, key=len, reverse=True)
