"""Small datasets written for the tests of villagescore.datasets: CSV text, workbooks, JSON records."""

import pytest

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

HEADER = "village_id,name,commune,province,sectors,year,a,b,c,flag,zone,kind,total,craft\n"


def write_csv(tmp_path, body, name="d.csv", header=HEADER, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((header + body).encode(encoding))
    return path


def problems_of(path, registry, **kwargs):
    with pytest.raises(DatasetError) as info:
        read_dataset(path, registry, **kwargs)
    return info.value.problems


def write_workbook(tmp_path, rows, name="d.xlsx"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


GOOD_ROW = ["v1", "Một", "X", "Hà Nội", "alpha", 2024, 1, 2, 3, 1, "A", "x", 10, 5]


def toy_records(support_dir):
    import csv

    rows = list(csv.DictReader((support_dir / "toy.csv").open(encoding="utf-8")))
    out = []
    for row in rows:
        rec = {}
        for key, value in row.items():
            if value == "":
                rec[key] = None
            elif key == "sectors":
                rec[key] = value.split(";")
            elif key in ("village_id", "name", "commune", "province", "zone", "kind", "flag"):
                rec[key] = value
            else:
                rec[key] = float(value) if "." in value else int(value)
        out.append(rec)
    return out


TOY_ROWS = [HEADER.strip().split(","), ["v1", "Một", "X", "Hà Nội", "alpha", 2024, 80, 90, 25, 1, "A", "x", 100, 50],
            ["v2", "Hai", "X", "Hà Nội", "beta", 2024, 40, None, 150, 0, "B", "y", 200, 20]]


def write_sheets(tmp_path, sheets, name="d.xlsx", formats=None):
    """A workbook with ``sheets`` = [(title, rows, hidden)]; ``formats`` = {cell: number format} on the first."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for k, (title, rows, hidden) in enumerate(sheets):
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if hidden:
            ws.sheet_state = hidden if isinstance(hidden, str) else "hidden"  # "veryHidden" too
        for ref, fmt in (formats or {}).items() if k == 0 else ():
            ws[ref].number_format = fmt
    wb.active = next(k for k, s in enumerate(sheets) if not s[2]) if any(not s[2] for s in sheets) else 0
    path = tmp_path / name
    wb.save(path)
    return path


def rows_with(column, values):
    rows = [list(r) for r in TOY_ROWS]
    j = rows[0].index(column)
    for r, v in zip(rows[1:], values, strict=True):
        r[j] = v
    return rows


def villages_copy(tmp_path, change):
    """The bundled villages.csv with ``change(rows)`` applied to its rows (dicts), written in ``tmp_path``.

    The bundled file is never touched.
    """
    from tests.conftest import REPO

    return csv_copy(REPO / "datasets" / "villages" / "villages.csv", tmp_path / "villages-broken.csv", change)


def csv_copy(source, path, change):
    """``source`` (a CSV) with ``change(rows)`` applied to its rows (dicts), written to ``path``; ``path``."""
    import csv

    with open(source, encoding="utf-8-sig", newline="") as src:
        rows = list(csv.DictReader(src))
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as dst:
        writer = csv.DictWriter(dst, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def percent_workbook(tmp_path, cells):
    """A workbook whose column 'a' (a %) holds ``cells``: ``(value, formatted as a percentage?)``."""
    import openpyxl

    rows = [[f"v{k}"] + GOOD_ROW[1:6] + [value] + GOOD_ROW[7:] for k, (value, _) in enumerate(cells)]
    path = write_workbook(tmp_path, [HEADER.strip().split(",")] + rows)
    wb = openpyxl.load_workbook(path)
    for k, (_, formatted) in enumerate(cells):
        if formatted:
            wb["data"].cell(k + 2, 7).number_format = "0.0%"
    wb.save(path)
    return path

