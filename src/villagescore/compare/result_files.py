"""Reading a result file, or a result piped on standard input, into a :class:`ScoreTable`.

JSON Lines and compact JSON are streamed record by record, however the header line is spaced
and its keys ordered (``jq -S -c``); only the overall, pillar and criterion scores are kept
unless the indicators are asked for. A file and standard input holding the same bytes give
the same table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import GeneratorType
from typing import Any, BinaryIO

from ..errors import Count, VillageScoreError, os_reason, said
from ..file_names import file_name
from ..i18n import N_
from ..progress import phase
from ..resultdoc.reading import MAX_RESULT_DEPTH, NestedTooDeep
from .checks import check_village_ids
from .loading import _collect as collect
from .result_csv import refuse_result_csv
from .table import ResultFileError, ScoreTable

__all__ = ["NOT_JSON", "TOO_DEEP", "table_from_file", "table_from_stream"]

#: A result file that is not JSON: the parser's own words are labelled as such (they are in English).
NOT_JSON = N_("{path}: not valid JSON (line {line}, column {column}; technical detail: {detail})")

#: A JSON file nested deeper than a result can be (``[[[[…`` thousands of levels): refused, not parsed.
TOO_DEEP = N_("{path}: the JSON is nested more than {limit} levels deep, which no villagescore result is; refusing "
              "to read it")

Read = Callable[[bool], tuple[dict[str, Any], Iterator[dict[str, Any]]]]


def table_from_file(path: str | Path, label: str | None = None, *, indicators: bool = True) -> ScoreTable:
    """The table of a result file (JSON or JSON Lines), read record by record where its layout allows.

    ``indicators=False`` keeps only the overall, pillar and criterion scores (rankings,
    groups and changes over time need no more), and the regulation versions applied (changes over time).
    """
    from ..resultdoc import read_result

    label = label or file_name(path)
    return _table(lambda brief: read_result(path, brief=brief), label, indicators, path)


def table_from_stream(first: bytes, rest: BinaryIO, label: str, *, indicators: bool = True) -> ScoreTable:
    """The table of a result read from a stream (standard input) whose first line ``first`` was read already.

    Streamed as :func:`table_from_file` streams the same bytes in a file; ``label`` names it in messages.
    """
    from ..resultdoc import read_result_stream

    return _table(lambda brief: read_result_stream(first, rest, label, brief=brief), label, indicators, None)


def _table(read: Read, label: str, indicators: bool, path: str | Path | None) -> ScoreTable:
    """The table of what ``read`` gives, its errors said naming ``path`` (the file) or ``label`` (a stream)."""
    from ..resultdoc import ResultReadError

    named = label if path is None else path
    try:
        with phase(N_("reading {file}"), file=label if path is None else file_name(path)):
            head, villages = read(not indicators)
            lines = isinstance(villages, GeneratorType)  # streamed: one record a line after the header
            if not indicators and head.get("schema_version", 1) >= 2:  # records without indicator detail
                villages = ({"indicators": None, **v} for v in villages)
            table = collect(head, villages, label, indicators, lines)
            check_village_ids(table.villages["village_id"].tolist(), label, lines)  # villagescore writes slugs
            return table
    except ResultReadError as exc:  # the same words, in the user's language too
        template = getattr(exc, "template", None)
        raise (said(ResultFileError, template, **exc.params) if template else ResultFileError(str(exc))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise said(VillageScoreError, N_("cannot read {path}: {reason}"), path=named,
                   reason=os_reason(exc) if isinstance(exc, OSError) else exc) from None
    except NestedTooDeep:
        raise said(VillageScoreError, TOO_DEEP, path=named, limit=Count(MAX_RESULT_DEPTH)) from None
    except json.JSONDecodeError as exc:
        if path is not None:
            refuse_result_csv(path)  # a table written with --format csv: say so, not where the JSON broke
        raise said(VillageScoreError, NOT_JSON, path=named, line=exc.lineno, column=exc.colno,
                   detail=exc.msg) from None
