"""A data sheet's stray cells far below (or right of) its data: blank ones dropped, a real value far away named.

A workbook reader allocates the sheet's whole used range: one space typed in row 1,048,576
(where Ctrl+Down lands) makes it a million rows wide of nothing, and reading it needs gigabytes.
The rows after the last row holding a value, and the cells right of the header's last column,
that hold nothing but spaces are removed from the sheet's XML before any cell is read (a note
says which); a real value far below the data (more rows away than the data has), or more than
:data:`FAR_COLUMNS` columns right of the header, is more likely a slip than data: it is named as
a problem and not read. Only the sheet's tail is looked at: a
sheet without stray cells costs a few string searches, never a pass per row.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Count, Problem, SaidText, problem, said
from ..i18n import N_

#: A value this many rows (at least) below the data's last row is far from it, whatever the data's size.
FAR_ROWS = 10_000
#: A value this many columns (more) right of the header's last column is far from it: named, never read.
FAR_COLUMNS = 100
#: Stray cells a note or a problem names one by one.
_NAMED = 5

#: A column without a name in row 1 that holds values (said here for a far one, by the reader for a near one).
UNNAMED_VALUES = N_("column {column} has no name in row 1 but holds values (row {row}: {value} and {more} more): if "
                    "these are notes beside the table, move them to another sheet or file; if it is data, write the "
                    "column's name in row 1")
UNNAMED_VALUE = N_("column {column} has no name in row 1 but holds values (row {row}: {value}): if these are notes "
                   "beside the table, move them to another sheet or file; if it is data, write the column's name in "
                   "row 1")

_ROW_NUMBER = re.compile(r'<row\b[^>]*?\br="([0-9]+)"')
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(r'(?:^|\s)r="([A-Z]+)([0-9]+)"')
_KIND = re.compile(r'(?:^|\s)t="([^"]*)"')
_VALUE = re.compile(r"<v>(.*?)</v>", re.DOTALL)
_TEXT = re.compile(r"<t\b[^>]*>(.*?)</t>", re.DOTALL)
_DIMENSION = re.compile(r"<dimension\b[^>]*/>")
_USED_TO = re.compile(r'<dimension\b[^>]*?\bref="[A-Z]*[0-9]*:?([A-Z]+)[0-9]+"')


@dataclass
class Tail:
    """The sheet's XML with its stray cells removed, the note saying so and the problems naming far values."""

    xml: str
    changed: bool = False
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def trim_tail(xml: str | Callable[[], str], strings: Callable[[], list[str]], name: str, sheet: str) -> Tail:
    """The sheet ``xml`` without blank rows after its data nor blank cells right of its header.

    ``xml`` may be a function reading the sheet's text: then the only reference to it is here, and
    a large text is let go of as it is cut (two copies at most, never three). ``strings`` gives the
    workbook's shared strings (called only when a stray cell refers to one).
    """
    xml = xml() if callable(xml) else xml
    end = xml.rfind("</sheetData>")
    if end < 0:
        return Tail(xml)
    used_to = next((m.group(1) for m in _USED_TO.finditer(xml)), None)  # no Match kept: it holds the whole text
    rows = _rows_from_end(xml, end)
    blank: list[str] = []
    cut = end
    last: tuple[int, int, list[tuple[str, str]]] | None = None
    for start, number, body in rows:
        values = _valued_cells(body, strings)
        if values:
            last = (start, number, values)
            break
        blank += _spaced_refs(body, strings)
        cut = start
    tail = Tail("")
    if last is not None and (far := _far_rows(tail, rows, last, strings, name, sheet)) >= 0:
        cut = far
    rows.close()  # the generator holds the whole text
    if cut == end:
        tail.xml = xml
    else:  # the rows cut and the recorded used range (which spans them) in one copy, near the start
        head, rest = next(((xml[:m.start()], m.end()) for m in _DIMENSION.finditer(xml, 0, cut)), ("", 0))
        after, body = xml[end:], xml[rest:cut]
        del xml  # freed here (unless the caller keeps it; a Match would too), before the joined copy
        tail.xml, tail.changed = "".join((head, body, after)), True
    tail = _right_of_header(tail, strings, blank, name, used_to)
    if blank:
        shown = ", ".join(blank[:_NAMED]) + (f" … ({len(blank)})" if len(blank) > _NAMED else "")
        tail.notes.append(said(SaidText, N_("cell(s) {cells} of sheet {sheet} hold only spaces, away from the data: "
                                            "they were not read (delete them to silence this note)"),
                               cells=shown, sheet=repr(sheet)))
    if tail.changed and cut == end:  # a cell right of the header removed alone: the used range is recorded still
        tail.xml = _DIMENSION.sub("", tail.xml, count=1)
    return tail


def _rows_from_end(xml: str, end: int):
    """``(start, row number, body)`` of the sheet's rows, the last first, read lazily from the end."""
    stop = end
    while True:
        start = xml.rfind("<row", 0, stop)
        while start >= 0 and xml[start + 4:start + 5] not in (" ", ">", "/"):
            start = xml.rfind("<row", 0, start)
        if start < 0:
            return
        found = _ROW_NUMBER.match(xml, start)
        number = int(found.group(1)) if found is not None else 0
        yield start, number, xml[start:stop]
        stop = start


def _cell_text(attrs: str, inner: str, strings: Callable[[], list[str]]) -> str | None:
    """A cell's text when it is text (``None`` for a number, a boolean, an error); ``""`` for an empty cell."""
    kind = _KIND.search(attrs)
    kind = kind.group(1) if kind is not None else "n"
    if kind == "inlineStr":
        return html.unescape("".join(_TEXT.findall(inner or "")))
    value = _VALUE.search(inner or "")
    if value is None:
        return ""
    if kind == "s":
        index = value.group(1).strip()
        table = strings()
        return table[int(index)] if index.isdigit() and int(index) < len(table) else ""
    if kind == "str":
        return html.unescape(value.group(1))
    return None


def _valued_cells(body: str, strings: Callable[[], list[str]]) -> list[tuple[str, str]]:
    """``(reference, value)`` of the row's cells that hold more than spaces."""
    out = []
    for attrs, inner in _CELL.findall(body):
        text = _cell_text(attrs, inner, strings)
        if text is None or text.strip():
            ref = _REF.search(attrs)
            value = text if text is not None else html.unescape((_VALUE.search(inner or "") or _EMPTY).group(1))
            out.append(("".join(ref.groups()) if ref else "?", value))
    return out


_EMPTY = re.match("()", "")


def _spaced_refs(body: str, strings: Callable[[], list[str]]) -> list[str]:
    """References of the row's cells that hold only spaces (a cell with a style and no value is not named)."""
    out = []
    for attrs, inner in _CELL.findall(body):
        text = _cell_text(attrs, inner, strings)
        ref = _REF.search(attrs)
        if text and ref is not None:
            out.append("".join(ref.groups()))
    return out


def _far_rows(tail: Tail, rows, last: tuple[int, int, list[tuple[str, str]]], strings, name: str,
              sheet: str) -> int:
    """Name the values of the rows lying far below the data (a gap above them); where to cut them (at the last row).

    Valued rows are walked up from the last one until a gap of more than ``max(FAR_ROWS, row above)``
    rows appears: every valued row below the gap is far (two slips typed a few rows apart are both far).
    The walk stops after ``_FAR_WALK`` valued rows without such a gap: that many rows are data.
    """
    far = [last]
    for start, number, body in rows:  # the generator resumes above the last row holding a value
        values = _valued_cells(body, strings)
        if not values:
            continue
        if far[-1][1] - number > max(FAR_ROWS, number):
            _name_far(tail, far, number, name, sheet)
            return far[-1][0]  # the far rows' start: they lie above the blank rows already found
        if len(far) >= _FAR_WALK:
            break
        far.append((start, number, values))
    return -1


#: Valued rows walked up from the end looking for the gap above far rows: more without one are data.
_FAR_WALK = 1_000


def _name_far(tail: Tail, far: list[tuple[int, int, list[tuple[str, str]]]], before: int, name: str,
              sheet: str) -> None:
    """Name the values of the rows ``far`` (the last first; ``before`` is the data's last row)."""
    msg = N_("the cell holds {value!r}, {gap} rows below the data's last row ({row}): a value this far from the "
             "data is more likely a slip than a village-year, and was not read; delete it, or move the row up under "
             "the data")
    named = [(number, ref, value) for _start, number, values in reversed(far) for ref, value in values]
    for number, ref, value in named[:_NAMED]:
        tail.problems.append(problem(name, f"sheet {sheet!r} cell {ref}", msg, value=value, rule="far_cell",
                                     params={"value": value, "gap": Count(number - before), "row": before}))


def _right_of_header(tail: Tail, strings, blank: list[str], name: str, used_to: str | None) -> Tail:
    """Remove the cells right of the header's last column that hold only spaces (a typo after Ctrl+Right).

    A value more than :data:`FAR_COLUMNS` columns right of it is removed too and named (a nearer one
    is read, and said by the reader): read, it would make the sheet that many columns wide.
    """
    header = re.search(r'<row\b[^>]*?\br="1"[^>]*>(.*?)</row>', tail.xml, re.DOTALL)
    if header is None:
        return tail
    refs = [ref.group(1) for attrs, _ in _CELL.findall(header.group(1)) if (ref := _REF.search(attrs))]
    if not refs:
        return tail
    width = max(len(letters) for letters in refs)
    if used_to is not None and len(used_to) <= width:  # no cell beyond the used range (a sheet without one: looked)
        return tail
    if re.search(rf'r="[A-Z]{{{width + 1},}}[0-9]', tail.xml) is None:  # a literal-led search: no wider column
        return tail
    far_from = max(_column_number(letters) for letters in refs) + FAR_COLUMNS
    far: dict[str, list[tuple[int, str]]] = {}
    wider = re.compile(rf'<c\b[^>]*?\br="[A-Z]{{{width + 1},}}[0-9]+"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)
    def drop(found: re.Match) -> str:
        cell = _CELL.match(found.group(0))
        text = _cell_text(cell.group(1), cell.group(2), strings) if cell else None
        ref = _REF.search(cell.group(1)) if cell else None
        if text is not None and not text.strip():
            if text and ref is not None:
                blank.append("".join(ref.groups()))
            return ""
        if ref is not None and _column_number(ref.group(1)) > far_from:
            number = (_VALUE.search(cell.group(2) or "") or _EMPTY).group(1)  # a number is shown as written
            far.setdefault(ref.group(1), []).append((int(ref.group(2)), repr(text) if text is not None else number))
            return ""
        return found.group(0)

    xml = wider.sub(drop, tail.xml)
    if xml != tail.xml:
        tail.xml, tail.changed = xml, True
    for letters in sorted(far, key=_column_number)[:_NAMED]:
        (row, value), more = far[letters][0], len(far[letters]) - 1
        tail.problems.append(problem(name, "row 1", UNNAMED_VALUES if more else UNNAMED_VALUE, rule="no_header",
                                     params={"column": letters, "row": row, "value": value, "more": Count(more)}))
    return tail


def _column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27, ``XFD`` → 16,384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def replaced_part(archive: zipfile.ZipFile, part: str, xml: str) -> bytes:
    """The workbook's bytes with the part ``part`` replaced by ``xml`` (the other parts copied as they are).

    The new part is written a slice at a time (encoded whole it would be one more copy of the
    sheet), deflated at the fastest level: stored, a 344 MB sheet read 750 MB more at its peak
    (the reader holds the archive), and deflated at the default level it took twice as long.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in archive.infolist():
            # a new ZipInfo: writing changes its offsets, and the archive's own is still read from
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            if info.filename != part:
                copy.writestr(entry, archive.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
                continue
            # opened by name, the part takes the archive's level (a ZipInfo's is set only through a private name)
            with copy.open(info.filename, "w", force_zip64=True) as written:
                for at in range(0, len(xml), _SLICE):
                    written.write(xml[at:at + _SLICE].encode("utf-8"))
    return out.getvalue()


#: Characters of the new sheet part encoded and written at once.
_SLICE = 1 << 22
