"""Shared by the tests of villagescore.template: the toy fields and readers of a built workbook."""

import io
import re
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parents[2]
# toy framework, tree order: toy.a (a), toy.c (c, threshold by zone), toy.b (b, sector alpha), toy.flag (flag),
# toy.share (craft, total), toy.kind (kind)
TOY_FIELDS = ["a", "c", "zone", "b", "flag", "craft", "total", "kind"]

def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))

def _codes(ws) -> list[str]:
    """The column ids of a data sheet: the last line of each header cell (the label is above it)."""
    return [str(c.value).split("\n")[-1] for c in ws[1]]

def _list_values(wb, ref: str) -> list:
    m = re.fullmatch(r"'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
    assert m, ref
    sheet, col, lo, _, hi = m.groups()
    return [wb[sheet][f"{col}{r}"].value for r in range(int(lo), int(hi) + 1)]

def _validations(ws) -> dict:
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out[rng.split(":")[0]] = dv
    return out
