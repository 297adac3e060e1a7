"""Excel workbooks of a Result (and of a comparison), safe and byte-for-byte reproducible.

Below :data:`LONG_LIMIT` village-years the workbook is a report to read and print:
``summary``, then ``pillars``, ``criteria``, ``indicators`` and ``gates`` with a row per
village-year and node (labels, values, status, weights, contributions), then ``provenance``.
From it on there is one wide sheet per level, one row per village-year, so a workbook holds as many
village-years as Excel has rows (1,048,575; :func:`preflight` refuses more before any
work): ``summary`` (identity, overall and pillar scores and coverage, rating, gates
fired), ``criteria`` (a score and a coverage column per criterion), ``indicators`` (a
score column per indicator), ``gates`` (each gate's status in words: failed, passed, missing,
unknown, not applicable), ``indicator list`` (what
each indicator column is: label, pillar, criterion, unit) and ``provenance``. Every text cell
is neutralised with :func:`villagescore.outputs.neutralise` (a name such as
``=HYPERLINK(...)`` is stored as the text ``'=HYPERLINK(...)``) and typed as a string, so
a spreadsheet never evaluates data as a formula. Workbook properties carry a fixed time
and the zip entries a fixed date, so the same input always gives the same bytes
(:func:`workbook_bytes`, also used by ``villagescore template``).

Speed: openpyxl (write-only mode) writes the workbook, the styled header rows and the
sheet settings, but serialising half a million cells through its XML writer takes most
of the time (≈ 8 s for the 500-village sample). The data rows are therefore written by
:func:`rows_xml` — the same ``<c>`` elements openpyxl writes in write-only mode (text as
inline strings ``t="inlineStr"``, never a formula; numbers ``t="n"`` with the style ids
openpyxl registered for their formats) — and spliced into each sheet's ``<sheetData>``
by :func:`workbook_bytes`. The wide sheets are serialised column by column
(:func:`columns_xml`): each distinct value of a column is formatted once, and cells carry
no reference (they follow each other in their row; an empty cell is ``<c/>``).

Modules: :mod:`.cells` (safe values, rows and columns as XML), :mod:`.packed` (a wide sheet's
rows from fixed-width cells), :mod:`.deflate` (a large sheet deflated a chunk at a time where the
chunk is made), :mod:`.pages` (printing), :mod:`.book` (table sheets and reproducible bytes),
:mod:`.result` (the workbook of a Result) and :mod:`.comparison` (the workbook of a comparison).
The limits below are attributes of this package, read at call time: setting
``villagescore.reports.xlsx.MAX_ROWS`` takes effect.
"""

from __future__ import annotations

from .book import FIXED_TIME, SheetRows, workbook_bytes, write_workbook
from .cells import append_row, cell_value, columns_xml, columns_xml_chunks, rows_xml
from .comparison import render_comparison
from .pages import A4, LANDSCAPE_WIDTH, ROWS_PER_PAGE, page_setup
from .result import preflight, render, write

__all__ = ["render", "write", "render_comparison", "workbook_bytes", "write_workbook", "SheetRows", "cell_value",
           "append_row", "rows_xml", "columns_xml", "columns_xml_chunks", "page_setup", "preflight", "FIXED_TIME",
           "MAX_ROWS", "MAX_COLUMNS", "MAX_TEXT", "A4", "LANDSCAPE_WIDTH", "LONG_LIMIT", "ROWS_PER_PAGE"]

#: Rows a worksheet can hold (Excel's limit, header included).
MAX_ROWS = 1_048_576
#: Columns a worksheet can hold (Excel's limit).
MAX_COLUMNS = 16_384
#: Characters a cell can hold (Excel's limit).
MAX_TEXT = 32_767
#: Below this many village-years the workbook is a report to read and print (a row per
#: village-year and pillar, criterion, indicator or gate, with labels, values, status,
#: weights and contributions); from it on, as the HTML report, one wide row per village-year.
LONG_LIMIT = 1_000
