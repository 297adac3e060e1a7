"""Cheap checks of a result document as :mod:`.loading` reads it: its structure and the values it keeps.

A result file may have been cut short or edited by hand. What a comparison reads is checked
a block of records at a time, vectorised: scores within 0–100 or null, status letters from
the document's own ``status_codes`` table, whole-number years, arrays as long as the
header's tables. A problem names the file, the record (``line N`` of a streamed layout,
``villages[i]`` otherwise) and the field; a header that lacks what a result has is "not a
villagescore result", never a numpy error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import SaidText, said
from ..i18n import N_
from ..unsafe_text import UNSAFE_CHARACTER, first_unsafe, unsafe_text_problems, visible
from .table import ResultFileError

#: The meaning of each status code (a result's ``status_codes`` table) as :mod:`.loading` numbers it.
MEANINGS = {"scored": 0, "missing": 1, "not_applicable": 2}
#: The framework tables of each level, and the record field that holds the level.
TABLES = {"pillar": "pillars", "criterion": "criteria", "indicator": "indicators"}


def not_a_result(label: str, what: Any) -> ResultFileError:
    """The error of a file that is not a result: ``what`` (a :class:`SaidText`) says what it lacks."""
    return said(ResultFileError, N_("{file}: not a villagescore result: {problem}"), file=label, problem=what)


def check_structure(head: Mapping[str, Any], label: str) -> np.ndarray:
    """Check the header of a version-2 result; return the code (0, 1, 2; -1 unknown) of each byte as a status letter."""
    fw = head.get("framework")
    for name in ("pillars", "criteria", "indicators"):
        table = fw.get(name) if isinstance(fw, dict) else None
        if not isinstance(table, list) or not all(isinstance(x, dict) and isinstance(x.get("id"), str)
                                                  for x in table):
            raise not_a_result(label, said(SaidText, N_("its header has no table framework.{table} (a list of "
                                                        "nodes, each with its id)"), table=name))
    codes = head.get("status_codes", {"s": "scored", "m": "missing", "n": "not_applicable"})
    letters = np.full(256, -1, dtype=np.int8)
    if not isinstance(codes, dict) or not all(
            isinstance(k, str) and len(k) == 1 and k.isascii() and v in MEANINGS for k, v in codes.items()):
        raise not_a_result(label, said(SaidText, N_("status_codes must give one-letter codes of scored, missing "
                                                    "and not_applicable, not {codes}"), codes=_shown(codes)))
    for letter, meaning in codes.items():
        letters[ord(letter)] = MEANINGS[meaning]
    if not isinstance(head.get("weight_profiles", []), list):
        raise not_a_result(label, said(SaidText, N_("weight_profiles must be a list of rows of weights")))
    unsafe = unsafe_text_problems(head, label)  # the header's labels and provenance: a few hundred texts
    if unsafe:
        raise said(ResultFileError, N_("{file}: the header's text at {where} holds the control character {char}: "
                                       "{edited}"), file=label, where=unsafe[0].where,
                   char=dict(unsafe[0].params)["char"], edited=said(SaidText, EDITED))
    return letters


def record(i: int, lines: bool) -> SaidText:
    """Where record ``i`` (0-based) is: its line in a streamed layout (the header is line 1), else ``villages[i]``."""
    if lines:
        return said(SaidText, N_("line {line}"), line=i + 2)
    return said(SaidText, "villages[{i}]", i=i)


def check_scores(values: np.ndarray, label: str, first: int, lines: bool, field: str) -> None:
    """Refuse a score outside 0–100 (null is NaN); ``values`` are records ``first …`` (rows) of ``field``."""
    with np.errstate(invalid="ignore"):
        bad = (values < 0) | (values > 100) | np.isinf(values)
    if bad.any():
        where = np.argwhere(bad)[0]
        row = int(where[0])
        name = field if values.ndim == 1 else f"{field}[{int(where[1])}]"
        raise said(ResultFileError, N_("{file}: {record}: {field} = {value}: a score is a number from 0 to 100, "
                                       "or null"), file=label, record=record(first + row, lines), field=name,
                   value=values[tuple(where)].item())


def check_lengths(rows: Sequence[Any], k: int, label: str, first: int, lines: bool, field: str) -> None:
    """Refuse a record whose array ``field`` is not a list of ``k`` values (the header's table)."""
    try:
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        ok = bool((lengths == k).all()) and all(type(r) is list for r in rows[:1])
    except TypeError:
        lengths, ok = None, False
    if ok:
        return
    for i, r in enumerate(rows):
        if type(r) is not list or len(r) != k:
            raise said(ResultFileError, N_("{file}: {record}: {field} holds {value}, not a list of {count} values "
                                           "(one per node of the header's table)"), file=label,
                       record=record(first + i, lines), field=field, value=_shown(r), count=k)


def check_status(strings: Sequence[Any], letters: np.ndarray, k: int, label: str, lines: bool,
                 field: str) -> np.ndarray:
    """The ``(n, k)`` codes of ``n`` status strings of ``k`` letters of the document's ``status_codes``."""
    n = len(strings)
    joined = "".join(s if type(s) is str else "\0" for s in strings)
    codes = None
    if len(joined) == n * k and joined.isascii():
        codes = letters[np.frombuffer(joined.encode("ascii"), dtype=np.uint8)]
        if not (codes < 0).any():
            return codes.reshape(n, k)
    known = "".join(chr(c) for c in np.flatnonzero(letters >= 0))
    for i, s in enumerate(strings):
        if (type(s) is not str or len(s) != k or not s.isascii()
                or (letters[np.frombuffer(s.encode("ascii"), dtype=np.uint8)] < 0).any()):
            raise said(ResultFileError, N_("{file}: {record}: {field} = {value}: not {count} status codes of the "
                                           "document's status_codes ({codes})"), file=label,
                       record=record(i, lines), field=field, value=_shown(s), count=k, codes=", ".join(known))
    msg = "status strings"  # not reached: a bad string is found above
    raise AssertionError(msg)


def check_years(years: list[Any], label: str, lines: bool) -> np.ndarray:
    """The years as integers; a year that is not a whole number (a text, a fraction, null) is refused."""
    if not years:
        return np.zeros(0, dtype=int)
    if set(map(type, years)) != {int}:  # one pass in C; the record is looked for only when one is wrong
        i = next(i for i, y in enumerate(years) if type(y) is not int)
        raise said(ResultFileError, N_("{file}: {record}: year = {value}: a year is a whole number"), file=label,
                   record=record(i, lines), value=_shown(years[i]))
    return np.array(years, dtype=np.int64)


def checked_years(cols: Mapping[str, list[Any]], texts: Sequence[str], label: str, lines: bool) -> np.ndarray:
    """The records' years (:func:`check_years` of ``cols["year"]``), their ``texts`` columns checked after."""
    years = check_years(cols["year"], label, lines)
    for key in ("village_id", *texts):
        check_texts(cols[key], key, label, lines)
    return years


#: A result whose ids or texts villagescore would not have written: the file was edited, or is not villagescore's.
EDITED = N_("the file was edited or was not written by villagescore; write it again with villagescore evaluate")


def check_village_ids(ids: list[str], label: str, lines: bool) -> None:
    """Refuse a village id of a result file that is not a slug (``[a-z0-9][a-z0-9._-]*``, as datasets require).

    One pass in C. A result held in memory (a dict, a :class:`~villagescore.results.Result`) is not
    asked for slugs: only its texts are checked for control characters (:func:`check_texts`).
    """
    import re

    from ..datasets.scan import all_slugs

    if not ids or all_slugs(np.array(ids, dtype=object)):
        return
    slug = re.compile(r"[a-z0-9][a-z0-9._-]*")
    i = next(i for i, x in enumerate(ids) if not slug.fullmatch(x))
    raise said(ResultFileError, N_("{file}: {record}: village_id = {value} is not a village id (lower-case a-z, 0-9, "
                                   "'-', '_', '.'): {edited}"), file=label, record=record(i, lines),
               value=visible(_shown(ids[i])), edited=said(SaidText, EDITED))


def check_texts(column: list[Any], key: str, label: str, lines: bool) -> None:
    """Refuse a cell of an identity column (``province``, ``name`` …) that is neither a text nor null.

    A number there would otherwise reach the comparison's look-ups of province names (an internal
    error, reviewed 2026-12-07).
    """
    if set(map(type, column)) <= {str, type(None)}:  # one pass in C; the record is looked for only when one is wrong
        if UNSAFE_CHARACTER.search("\n".join(filter(None, column))) is None:  # a control character: one scan
            return
        i = next(i for i, x in enumerate(column) if x and UNSAFE_CHARACTER.search(x))
        position, char = first_unsafe(column[i]) or (0, "")
        raise said(ResultFileError, N_("{file}: {record}: {key} = {value} holds the control character {char} at "
                                       "character {position}: {edited}"), file=label, record=record(i, lines),
                   key=key, value=visible(_shown(column[i])), char=char, position=position,
                   edited=said(SaidText, EDITED))
    i = next(i for i, x in enumerate(column) if x is not None and type(x) is not str)
    raise said(ResultFileError, N_("{file}: {record}: {key} = {value}: it is a text or null (see "
                                   "schemas/result.schema.json)"), file=label, record=record(i, lines), key=key,
               value=_shown(column[i]))


def _shown(value: Any) -> str:
    """A value as JSON shows it (``"2025"`` for a text), cut short when long."""
    import json

    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"
