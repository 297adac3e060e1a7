"""Compare villages across communes, provinces, sectors and years (``villagescore compare``).

The analyses work on matrices, not long tables: a :class:`ScoreTable` (:mod:`.table`) holds
one row per observation (a village-year of one run) and, per run, the overall/pillar/
criterion score matrices; indicator-level detail is loaded or computed only when a view
asks for it (the side-by-side gap explanation). It is built by :func:`load_table`
(:mod:`.loading`) from scored :class:`~villagescore.results.Result` objects, result
documents or result files (JSON and JSON Lines, read as a stream), so published results
compare exactly like fresh ones.

:func:`compare` (:mod:`.analysis`) turns a ``ScoreTable`` into the documented comparison
(``schemas/compare.schema.json``): rankings (:mod:`.ranking`), group statistics
(:mod:`.groups`), a side-by-side view with the indicators that explain a gap
(:mod:`.side_by_side`), and changes over time, computed only when a village has several
observations (:mod:`.over_time`). The ranked rows (``comparison["rankings"]["rows"]``) are a
:class:`~villagescore.compare.ranking.RankingRows` and the group rows (``comparison["groups"]["rows"]``)
a :class:`~villagescore.compare.group_rows.GroupRows`: read-only sequences of the documented row
dicts, held column by column (``list(rows)`` for a plain list; the group statistics are computed
over whole columns, :mod:`.group_summary`). Rules (documented in ``docs/compare.md``):

* **Ranks** are competition ranks ("1224") of scores as printed (2 decimals, more where a tier's
  minimum needs them: :mod:`villagescore.printed`), best first,
  within each period; ties are listed by village id; villages without a score are listed
  after the ranked ones, unranked.
* **Period**: by default each village's latest observation (highest year; in the same
  year, the run later in the canonical run order, :mod:`.run_order`); ``year=`` picks one
  year; ``per_year=True`` ranks and groups each year separately (:mod:`.periods`).
* **Frameworks**: results from different frameworks (id, version or sha256) are compared
  only on the pillars, criteria and indicators they share, with a warning naming what
  differs; changes over time pair only observations of one framework.
* **Provinces** are grouped by their current (post-2025) province through
  :mod:`villagescore.admin_mapping`; names that map nowhere are reported and kept apart.
"""

from __future__ import annotations

from .analysis import AS_RECORDED, compare
from .loading import is_result_csv, is_result_document, load_table, table_from_dict, table_from_result
from .ranks import competition_rank
from .result_files import table_from_file, table_from_stream
from .table import GROUP_BY, LEVELS, NOT_RECORDED, TIE_RULE, UNRATED, Level, ResultFileError, Run, ScoreTable

__all__ = [
    "Run",
    "Level",
    "ScoreTable",
    "ResultFileError",
    "load_table",
    "table_from_result",
    "table_from_dict",
    "table_from_file",
    "table_from_stream",
    "is_result_document",
    "is_result_csv",
    "competition_rank",
    "compare",
    "AS_RECORDED",
    "GROUP_BY",
    "LEVELS",
    "TIE_RULE",
    "UNRATED",
    "NOT_RECORDED",
]
