"""The first rows of each sheet of an XLSX workbook, read from its XML without loading the workbook.

Before an output replaces an existing workbook, villagescore looks whether it holds village-year
rows (a filled survey must never be replaced). Loading a national result workbook with openpyxl
to see its first rows took 28–45 s at 100,000 village-years (it reads every sheet); the rows
needed are in the first kilobytes of each sheet's XML, read here from the zip stream.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["sheet_heads"]

#: Bytes of a sheet's XML read at most: the header and the first rows of any sheet villagescore reads.
_HEAD_BYTES = 1 << 20
_ROW = re.compile(r"<row\b[^>]*>(.*?)</row>", re.S)
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_VALUE = re.compile(r"<v>(.*?)</v>", re.S)
_TEXT = re.compile(r"<t\b[^>]*>(.*?)</t>", re.S)
_TYPE = re.compile(r'\bt="([^"]*)"')
_SHARED_ITEM = re.compile(r"<si>(.*?)</si>", re.S)


def sheet_heads(path: Path) -> Iterator[tuple[str, list[list[str]], bool]]:
    """Per sheet, in workbook order: its name, the texts of the rows in its first megabyte, and whether it goes on.

    Cells are given as their text (a shared string looked up, a number as written, an empty
    cell as ``""``). Raises what :mod:`zipfile` raises for a file that is not a workbook.
    """
    from .datasets.workbook import workbook_sheets

    with zipfile.ZipFile(path) as archive:
        shared = _SharedStrings(archive)
        for sheet in workbook_sheets(archive):
            with archive.open(sheet.target) as stream:
                head = stream.read(_HEAD_BYTES)
                cut = bool(stream.read(1))
            text = head.decode("utf-8", "replace")
            yield sheet.name, [_cells(row, shared) for row in _ROW.findall(text)], cut


def _cells(row: str, shared: _SharedStrings) -> list[str]:
    out = []
    for attrs, body in _CELL.findall(row):
        body = body or ""
        kind = (_TYPE.search(attrs) or [None, ""])[1]
        if kind == "inlineStr":
            out.append(html.unescape("".join(_TEXT.findall(body))))
            continue
        value = _VALUE.search(body)
        text = "" if value is None else html.unescape(value.group(1))
        out.append(shared[int(text)] if kind == "s" and text.isdigit() else text)
    return out


class _SharedStrings:
    """The workbook's shared strings, read once when a cell first asks for one."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._texts: list[str] = []
        self._read = "xl/sharedStrings.xml" not in archive.namelist()

    def __getitem__(self, index: int) -> str:
        if index >= len(self._texts) and not self._read:
            self._read = True
            data = self._archive.read("xl/sharedStrings.xml").decode("utf-8", "replace")
            self._texts = [html.unescape("".join(_TEXT.findall(item))) for item in _SHARED_ITEM.findall(data)]
        return self._texts[index] if index < len(self._texts) else ""
