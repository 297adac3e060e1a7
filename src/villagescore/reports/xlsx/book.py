"""Workbooks and table sheets: a styled header through openpyxl, data rows spliced in, reproducible bytes."""

from __future__ import annotations

import contextlib
import datetime
import io
import math
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from ...chunks import chunks_in_order
from ...errors import OutputError, said
from ...i18n import N_
from ...i18n.numbers import WEIGHT_DIGITS
from .cells import ChunkedRows, _cells, _xml_text, cell_value, columns_xml_chunks, fail_as_later, rows_xml
from .decisive import difference_formats, finer_formats
from .deflate import can_write_deflated, deflated, write_deflated
from .pages import ROWS_PER_PAGE, page_setup

#: The time written into every workbook's properties (no wall-clock time in outputs).
FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)


#: The workbook's extended properties (``docProps/app.xml``): the application is villagescore, not the
#: openpyxl version that wrote it, so that the bytes do not change with the openpyxl installed.
APP_XML = (b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           b"<Application>villagescore</Application></Properties>")
_APP_PART = "docProps/app.xml"

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BIG = 16 * 2**20
_HEADER_FILL = "DCE6F0"


def _number_style(ws: Any, number_format: str) -> int:
    """The style id of ``number_format`` in the workbook (registered through openpyxl)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=0)
    cell.number_format = number_format
    return int(cell.style_id)


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]] | None, *,
           widths: Sequence[int] | None = None, score_cols: Sequence[int] = (), pct_cols: Sequence[int] = (),
           number_cols: Sequence[int] = (), share_cols: Sequence[int] = (), difference_cols: Sequence[int] = (),
           columns: Sequence[Any] | None = None,
           cache: dict | None = None, row_count: int | None = None, decimals: int | None = None,
           blocks: Sequence[tuple[Sequence[str], Iterable[Sequence[Any]]]] = (),
           later: list[Any] | None = None,
           score_bounds: dict[int, Sequence[float]] | None = None,
           row_decimals: dict[int, Sequence[int]] | None = None) -> tuple[Any, str | SheetRows]:
    """Write one table sheet (header row through openpyxl; data rows by :func:`rows_xml`, or ``columns``).

    Columns are numbered from 1: ``score_cols`` (0–100, one decimal, a colour scale), ``pct_cols``
    and ``share_cols`` (0–1 as %), ``number_cols``, ``difference_cols`` (signed, two decimals, as
    the other reports show a change). ``row_count``, when known before the rows are written, lets a
    long sheet print on whole pages (see :data:`ROWS_PER_PAGE`). ``blocks`` are smaller tables
    ``(header, rows)`` written below the table, each after an empty row and under a header styled
    like the sheet's (the filter and the colour scales cover the main table only). Returns
    ``(worksheet, data rows XML)`` — a string, or its pieces for ``columns`` (built as they are read):
    pass ``{worksheet: xml}`` to :func:`workbook_bytes` or :func:`write_workbook`. ``later``: the
    columns are serialised by :func:`~villagescore.reports.xlsx.cells.code_later` (see
    :func:`~villagescore.reports.xlsx.cells.columns_xml_chunks`). ``score_bounds``: per score column,
    the minimums it is decided against; a cell whose one decimal would reach one its score misses
    (79.96 shown 80.0 beside a minimum of 80) is shown with the decimals it needs
    (:mod:`~villagescore.reports.xlsx.decisive`), and so is a change that two decimals would show
    ``+0.00`` or ``-0.00`` (rows given as a list). ``row_decimals``: per column of rows given row by
    row, the decimals each row's number is shown with (0: the column's format), as a gate's value
    against the limit of its row needs them (:mod:`~villagescore.reports.xlsx.gate_cells`).
    """
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for k, width in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    pages_tall = 0 if row_count is None else max(1, math.ceil(row_count / ROWS_PER_PAGE))
    page_setup(ws, fit_height=pages_tall)  # before the first row: a write-only sheet writes its properties then
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    head = []
    for cell in _cells(ws, header):
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(ws, value=cell)
        cell.font = bold
        cell.fill = fill
        head.append(cell)
    ws.append(head)
    # Excel shows these with the reader's separators: ``#,##0`` is 5,880,000 or 5.880.000
    formats = {c - 1: "0.0" for c in score_cols}
    formats.update({c - 1: "0%" for c in pct_cols})
    # a weight: 2.9 %, as the other reports show it (format_weight)
    formats.update({c - 1: "0." + "0" * WEIGHT_DIGITS + "%" for c in share_cols})
    formats.update({c - 1: "#,##0.0##" for c in number_cols})
    formats.update({c - 1: "+0.00;-0.00;0.00" for c in difference_cols})
    styles = {k: _number_style(ws, fmt) for k, fmt in formats.items()}
    whole = {c - 1: _number_style(ws, "#,##0") for c in number_cols}  # a whole number: no spurious .0
    finer = {}
    if score_bounds and columns is None:
        rows = list(rows or [])  # scanned, then written
    for c, bounds in (score_bounds or {}).items():  # rows given as a list, or columns: scanned here
        values = columns[c - 1] if columns is not None else [row[c - 1] if len(row) >= c else None for row in rows]
        made = finer_formats(bounds, values, lambda fmt: _number_style(ws, fmt))
        if made is not None:
            finer[c - 1] = made
    for c in difference_cols if columns is None else ():  # a change never shown +0.00 or -0.00
        rows = rows if isinstance(rows, list) else list(rows or [])
        made = difference_formats([row[c - 1] if len(row) >= c else None for row in rows],
                                  lambda fmt: _number_style(ws, fmt))
        if made is not None:
            finer[c - 1] = made
    each = _row_styles(ws, row_decimals or {}, number_cols)
    body: str | SheetRows
    try:
        if columns is not None:
            pieces, count = columns_xml_chunks(columns, styles, sheet=title, cache=cache, decimals=decimals,
                                               later=later, finer=finer)
            body = SheetRows([pieces], size=count * len(columns) * _BYTES_PER_CELL)
        else:
            body, count = rows_xml(rows or [], styles, sheet=title, whole=whole, finer=finer, each=each)
        last = count + 1
        if blocks:
            below = _blocks_xml(ws, blocks, last + 2, head[0].style_id if head else 0, title)
            body = SheetRows([*(body.parts if isinstance(body, SheetRows) else [body]), below],
                             size=_size(body) + len(below))
    except OutputError:
        if later:  # the columns before this (of earlier sheets, or above these rows) fail first, if they do
            fail_as_later(later)
        raise
    if header:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    if count:
        for col in score_cols:
            letter = get_column_letter(col)
            ws.conditional_formatting.add(
                f"{letter}2:{letter}{last}",
                ColorScaleRule(start_type="num", start_value=0, start_color="F8696B", mid_type="num",
                               mid_value=50, mid_color="FFEB84", end_type="num", end_value=100,
                               end_color="63BE7B"))
    return ws, body


def _row_styles(ws: Any, row_decimals: dict[int, Sequence[int]], number_cols: Sequence[int]
                ) -> dict[int, list[int | None]]:
    """Per 0-based column, each row's style: a format with the row's decimals, ``None`` for the column's own.

    A number column's formats keep its thousands (``#,##0.0000``); a score column's are ``0.0000``.
    Only the formats some row needs are registered.
    """
    import numpy as np

    out: dict[int, list[int | None]] = {}
    for c, decimals in row_decimals.items():
        wanted = np.asarray(decimals, dtype=np.int64)
        needed = [d for d in np.unique(wanted).tolist() if d > 0]
        if not needed:
            continue
        styles = np.full(max(needed) + 1, None, dtype=object)  # by decimals: 0 keeps the column's format
        for d in needed:
            styles[d] = _number_style(ws, ("#,##0." if c in number_cols else "0.") + "0" * d)
        out[c - 1] = styles[wanted].tolist()
    return out


def _blocks_xml(ws: Any, blocks: Sequence[tuple[Sequence[str], Iterable[Sequence[Any]]]], row: int,
                header_style: int, title: str) -> str:
    """The XML of ``blocks`` from ``row`` on: a styled header row, its rows, an empty row between blocks."""
    from openpyxl.utils import get_column_letter

    parts = []
    for header, rows in blocks:
        cells = "".join(f'<c r="{get_column_letter(k)}{row}" s="{header_style}"{_xml_text(str(cell_value(text)))}'
                        for k, text in enumerate(header, start=1) if text)
        parts.append(f'<row r="{row}">{cells}</row>')
        xml, count = rows_xml(rows, {}, first_row=row + 1, sheet=title)
        parts.append(xml)
        row += count + 2
    return "".join(parts)


#: A generous size of one serialised cell, to tell ahead whether a sheet's XML may pass 2 GiB.
_BYTES_PER_CELL = 40


class SheetRows:
    """A sheet's data rows as pieces of XML, built as they are read; ``size``: about how many bytes they make.

    ``parts``: strings, and iterables of pieces (a :class:`~villagescore.reports.xlsx.cells.ChunkedRows`
    is deflated where its chunks are made, in a large workbook).
    """

    def __init__(self, parts: Sequence[str | Iterable[str | bytes]], *, size: int) -> None:
        self.parts, self.size = parts, size

    def __iter__(self) -> Iterator[str | bytes]:
        for part in self.parts:
            if isinstance(part, str | bytes):
                yield part
            else:
                yield from part


def _size(body: str | SheetRows) -> int:
    return len(body) if isinstance(body, str) else body.size


def workbook_bytes(wb: Any, rows: dict[Any, str | SheetRows] | None = None) -> bytes:
    """Return the ``.xlsx`` bytes of ``wb`` (:func:`write_workbook` into memory)."""
    out = io.BytesIO()
    write_workbook(wb, rows, out)
    return out.getvalue()


def write_workbook(wb: Any, rows: dict[Any, str | SheetRows] | None, handle: BinaryIO) -> None:
    """Write the ``.xlsx`` of ``wb`` to ``handle``: fixed property times, application and zip dates (reproducible).

    ``rows`` maps worksheets to data rows serialised by :func:`rows_xml` (a string) or
    :func:`columns_xml_chunks` (pieces, read as they are written): they go after the rows
    openpyxl wrote (the header), at the end of ``<sheetData>``. A workbook with pieces (the wide
    sheets of a national result) is deflated at level 1 by ISA-L, each chunk of rows by the process that
    made it (:mod:`.deflate`), and never held whole in memory.
    """
    from openpyxl.writer.excel import ExcelWriter

    props = wb.properties
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.creator = "villagescore"
    props.lastModifiedBy = "villagescore"
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # closes the archive; sets each worksheet's path
    splice = {ws.path.lstrip("/"): xml for ws, xml in (rows or {}).items() if xml}
    # large sheets: fast compression (a national workbook is hundreds of MB of XML)
    level = 1 if sum(_size(x) for x in splice.values()) > _BIG else 6
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst, \
            _SharedRound([part for info in src.infolist() for part in _chunked(splice.get(info.filename))]) as rows:
        for info in src.infolist():
            data = APP_XML if info.filename == _APP_PART else src.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry._compresslevel = level  # what ZipFile(compresslevel=…) sets only for entries it names itself
            entry.external_attr = 0o644 << 16
            body = splice.get(info.filename)
            if body is None:
                dst.writestr(entry, data)
                continue
            end = b"</sheetData>"
            if data.count(end) != 1:  # openpyxl always writes the header row, so the element is open
                raise said(OutputError, N_("cannot add rows to {sheet}: unexpected sheet XML"), sheet=info.filename)
            head, tail = data.split(end)
            # Zip64 headers only where the entry may need them (a sheet of a million rows)
            with dst.open(entry, "w", force_zip64=_size(body) > 2**31) as out:
                if level == 1 and can_write_deflated(out):
                    write_deflated(out, _deflated_parts(head, body, end + tail, rows))
                    continue
                if level == 1:
                    _deflate_with_isal(out)
                out.write(head)
                if isinstance(body, str):
                    out.write(body.encode("utf-8"))
                else:
                    _write_pieces(out, body)
                out.write(end + tail)


def _deflated_parts(head: bytes, body: str | SheetRows, tail: bytes, rows: _SharedRound) -> Iterator[bytes]:
    """An entry's XML as :func:`~villagescore.reports.xlsx.deflate.deflated` chunks: the rows where they are made."""
    yield deflated(head)
    for part in body.parts if isinstance(body, SheetRows) else [body]:
        if isinstance(part, ChunkedRows):
            yield from rows.deflated(part)
        else:
            for piece in [part] if isinstance(part, str | bytes) else part:
                yield deflated(piece.encode("utf-8") if isinstance(piece, str) else piece)
    yield deflated(tail)


def _chunked(body: str | SheetRows | None) -> list[ChunkedRows]:
    return [part for part in body.parts if isinstance(part, ChunkedRows)] if isinstance(body, SheetRows) else []


class _SharedRound:
    """The deflated chunks of every sheet's :class:`ChunkedRows`, in the order of the sheets, made in one round.

    One :func:`~villagescore.chunks.chunks_in_order` for all the sheets forks its copies once
    (a sheet a round forked them once a sheet: tens of milliseconds each in a national
    command). :meth:`deflated` hands a sheet its chunks; a sheet written otherwise (a
    ``zipfile`` without the state :func:`write_deflated` needs) has its chunks passed over.
    """

    def __init__(self, parts: list[ChunkedRows]) -> None:
        spans = [(part, lo, min(lo + part.size, part.n)) for part in parts for lo in range(0, part.n, part.size)]
        self._owners = [id(part) for part, _lo, _hi in spans]
        self._spans, self._at, self._made = spans, 0, None

    def _make(self, lo: int, hi: int) -> bytes:
        part, start, stop = self._spans[lo]
        return deflated(part.make(start, stop))

    def deflated(self, part: ChunkedRows) -> Iterator[bytes]:
        """The chunks of ``part`` (one of those given), each deflated by the process that made it."""
        if self._made is None:
            self._made = chunks_in_order(self._make, len(self._spans), 1)
        while self._owners[self._at] != id(part):  # a sheet before it, not written from deflated chunks
            next(self._made)
            self._at += 1
        while self._at < len(self._owners) and self._owners[self._at] == id(part):
            self._at += 1
            yield next(self._made)

    def __enter__(self) -> _SharedRound:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._made is not None:
            self._made.close()  # stops the copies, when a sheet fails before its last chunk


def _deflate_with_isal(out: Any) -> None:
    """Deflate the entry ``out`` (open for writing, nothing written yet) with ISA-L instead of zlib.

    python-isal's level 1 deflates the XML of a national sheet about 3× as fast as zlib's
    level 1 (0.35 s against 1.0 s for the 190 MB indicator sheet of 100,000 village-years) into
    a slightly smaller stream that any inflater reads. ``zipfile`` has no option to choose its
    compressor, so the one it made for the entry is replaced before the first byte; it still
    computes the CRC and sizes itself. Should a future ``zipfile`` not name it so, zlib stays.
    """
    from isal import isal_zlib

    if getattr(out, "_compressor", None) is not None:
        out._compressor = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)


def _write_pieces(out: BinaryIO, pieces: Iterable[str | bytes]) -> None:
    """Write ``pieces`` to ``out``, compressed in a second thread while the next pieces are built.

    zlib releases the interpreter lock, so deflating one chunk overlaps building the next one
    (most of the time of a national workbook); at most a few chunks wait in between.
    """
    import queue
    import threading

    waiting: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def drain() -> None:
        try:
            while (data := waiting.get()) is not None:
                out.write(data)
        except BaseException as exc:  # noqa: BLE001  (handed to the building thread, which raises it)
            failed.append(exc)
            while waiting.get() is not None:  # let the building thread finish putting
                pass

    writer = threading.Thread(target=drain, name="villagescore-xlsx-writer", daemon=True)
    writer.start()
    try:
        for piece in pieces:
            if failed:
                break
            waiting.put(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
    finally:
        waiting.put(None)
        writer.join()
    if failed:
        raise failed[0]


@contextlib.contextmanager
def new_workbook() -> Iterator[Any]:
    """A write-only report workbook; if building or writing it fails, its sheets' temporary files are removed.

    It carries :data:`~villagescore.protected.REPORT_MARK` in its properties: the next run's
    ``-o`` replaces it, whatever its sheets hold (a report's ``Village id`` column is a dataset's label too).

    openpyxl opens a temporary file for each sheet as its header is written and removes it when
    the workbook is saved: a workbook that fails before would keep them open until a garbage
    collection (which then writes into closed files) and on disk until the interpreter ends.
    """
    from openpyxl import Workbook

    from ...protected import REPORT_MARK

    wb = Workbook(write_only=True)
    wb.properties.category = REPORT_MARK
    try:
        yield wb
    except BaseException:
        _discard(wb)
        raise


def _discard(wb: Any) -> None:
    """Close the sheets of ``wb`` not yet saved and remove their temporary files (the failure is the caller's)."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if ws.closed or writer is None:  # saved, or nothing opened
            continue
        with contextlib.suppress(Exception):  # the error being raised already says what went wrong
            ws.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()
