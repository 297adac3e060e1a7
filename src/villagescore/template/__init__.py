"""Data-collection workbooks generated from a framework (``villagescore template``).

The workbook is a survey a commune officer can fill in, and exactly what
:func:`villagescore.datasets.read_xlsx` reads back. Sheet names follow the language
(:data:`SHEET_NAMES`: ``Số liệu``, ``Hướng dẫn`` … or ``data``, ``instructions`` …):

- ``data`` (``Số liệu``): row 1 holds each column's label (with its unit, in the workbook's
  language: ``Tổng số hộ trên địa bàn (hộ)``) and, on a line
  under it, the column id the reader uses (``Tên làng nghề`` / ``name``); every later
  non-empty row is one village-year. The label in both languages, unit, allowed values,
  guidance (what to measure, where, how, an example, and its source) and description are in
  the header comment and the input message of each column, never in a second header row.
  Dropdowns show labels people read — categories (``thông thường``), yes/no (``có``/``không``),
  sectors (``Gốm sứ``), provinces in official order — and the reader maps them back to codes
  (:mod:`villagescore.readback`). Columns measured in % are formatted as percentages
  (typing 45 or 45% shows 45.0% and stores 0.45, which the reader takes as 45; their
  validation checks 0–1). Ranges are written as plain numbers (``500.000.000``, never
  ``5e+08``; a year ungrouped: ``1900``), with the unit in the workbook's language.
- ``instructions`` (``Hướng dẫn``): how to fill it in, in both languages, the sheets named as
  this workbook names them; per column, bilingual: id, labels, unit, type, allowed values,
  guidance with its source, description and the indicators that use it.
- ``form`` (``Phiếu in``): the same questions as a printable one-village form (A4 portrait,
  fitted to the page width, header row repeated): number, question with its code, unit,
  guidance and a box to write the value in (boxes to tick for categories and yes/no), then
  the surveyor's name, date and signature.
- ``metadata`` (``Nguồn số liệu``): ``column, source, quality, note`` (quality: measured /
  reported / estimated, shown as labels), one row per column documented.
- ``dataset`` (``Bộ số liệu``): ``key, value`` rows (id, title_vi, title_en, kind,
  description, license, complete: yes/no, whether the data list every craft village of the
  area they cover), prefilled with defaults to edit.
- ``lists`` (``Danh mục``, hidden): the values behind the dropdowns.

Every sheet prints on A4 (:func:`villagescore.reports.xlsx.page_setup`). Fields are filtered
to ``sectors`` (plus the generic ones) when sectors are given; the fields that
context-dependent thresholds read (e.g. the discharge column A/B) and the fields a
cross-field rule compares with are included. Building a workbook imports neither pandas nor
the scoring engine.
"""


from .columns import TemplateColumn, header_text, plain_number, template_columns, template_fields
from .text import IDENTITY, PERCENT_FORMAT, SHEET_NAMES, TEMPLATE_ROWS, YEAR_RANGE, identity_labels
from .workbook import build_template

__all__ = ["IDENTITY", "TEMPLATE_ROWS", "YEAR_RANGE", "PERCENT_FORMAT", "SHEET_NAMES", "TemplateColumn",
           "template_fields", "template_columns", "build_template", "identity_labels", "header_text", "plain_number"]
