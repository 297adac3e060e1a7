"""Shared by the tests of villagescore.reports.xlsx: a result with a chosen name, workbook readers."""

import io

import openpyxl

INJECTION = '=HYPERLINK("http://x","y")'

def _named_result(toy_registry, toy_framework, support_dir, tmp_path, name):
    import csv

    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    with open(support_dir / "toy.csv", encoding="utf-8", newline="") as src:
        rows = list(csv.reader(src))
    rows[1][1] = name
    path = tmp_path / "named.csv"
    with open(path, "w", encoding="utf-8", newline="") as dst:
        csv.writer(dst).writerows(rows)
    return Engine(toy_registry).evaluate(toy_framework, read_dataset(path, toy_registry))

def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))

def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]

def _print_settings(ws):
    return (ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight,
            ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_title_rows)
