"""Printing: every sheet on A4, fitted to the page width, header rows repeated."""

from __future__ import annotations

from typing import Any

#: Paper size code of A4 in a workbook's page setup (ECMA-376 ``paperSize``).
A4 = 9
#: Rows a printed page holds at most when a sheet's row count is known: a sheet of 164 rows
#: prints on two pages, slightly smaller, instead of two full pages and a third with eight rows.
ROWS_PER_PAGE = 85
#: Sheets wider than this many characters (the sum of their column widths) print in landscape.
LANDSCAPE_WIDTH = 110


def page_setup(ws: Any, *, header_rows: int = 1, landscape: bool | None = None, fit_height: int = 0,
               footer: str = "&A — &P / &N") -> None:
    """Set a worksheet up to print on A4: fit to the page width, repeat the header rows on every page.

    ``landscape`` defaults to the sheet's width (wider than :data:`LANDSCAPE_WIDTH`
    characters: landscape); ``fit_height`` is the number of pages tall (0: as many as the
    rows need); ``footer`` is printed centred at the bottom (default: sheet name and page
    ``N / total``). Works on ordinary worksheets, and on write-only ones before their first
    row is written (they write the fit-to-page flag with the sheet's properties, first).
    """
    from openpyxl.worksheet.properties import PageSetupProperties

    if landscape is None:
        widths = [d.width or 8.43 for d in ws.column_dimensions.values()]
        landscape = sum(widths) > LANDSCAPE_WIDTH
    ws.page_setup.paperSize = A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = fit_height
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.55
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.print_options.horizontalCentered = True
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    if footer:
        ws.oddFooter.center.text = footer
        ws.oddFooter.center.size = 8
