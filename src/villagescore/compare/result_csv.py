"""A result table written with ``evaluate --format csv``: recognised by its header, refused in one message.

Such a table keeps the overall, pillar and criterion scores but no indicator score, so it cannot
be compared; :func:`refuse_result_csv` says so, and what to give instead, wherever a file is read
as a result (``villagescore compare`` and :func:`villagescore.compare.table_from_file` alike).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import said
from ..file_names import file_name
from ..i18n import N_
from .table import ResultFileError

__all__ = ["is_result_csv", "refuse_result_csv"]

#: Columns of ``villagescore evaluate --format csv`` beside the identity columns and ``<node>_score|_coverage``.
_RESULT_CSV_COLUMNS = frozenset({"overall_score", "overall_coverage", "rating", "rating_label", "gates_fired",
                                 "estimated_share", "unverified_limits_scored"})


def is_result_csv(header: list[str]) -> bool:
    """True when a CSV header is that of a result table (``evaluate --format csv``), not a dataset's.

    It has ``overall_score`` and ``rating``, and nothing else than identity columns, the
    result's own columns and ``<pillar or criterion>_score`` / ``_coverage``: no field to score.
    """
    from ..datasets import IDENTITY_COLUMNS

    names = [h.strip().lstrip("\ufeff") for h in header]
    if not {"overall_score", "rating"} <= set(names):
        return False
    return all(n in IDENTITY_COLUMNS or n in _RESULT_CSV_COLUMNS or n.endswith(("_score", "_coverage"))
               for n in names)


def refuse_result_csv(path: str | Path) -> None:
    """Raise :class:`ResultFileError` when ``path`` is a result table written with ``--format csv``.

    Any other file (a dataset, a JSON document, one that cannot be read) passes: its own reader
    says what is wrong with it.
    """
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return
    if is_result_csv(header):
        raise said(ResultFileError, N_("{path} is a result table written with --format csv, which keeps no indicator "
                                       "scores: compare reads results written with --format json or jsonl "
                                       "(villagescore evaluate DATASET --format json -o FILE), or the dataset itself"),
                   path=file_name(path))
