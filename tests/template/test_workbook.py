"""Data-collection workbooks: layout, reproducibility, and a round trip through evaluate."""

import csv
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.template.helpers import REPO, TOY_FIELDS, _book, _codes
from villagescore.errors import DatasetError
from villagescore.template import IDENTITY, SHEET_NAMES, build_template, template_columns


def test_workbook_layout(toy_registry, toy_framework):
    wb = _book(build_template(toy_framework, toy_registry, lang="en"))
    assert wb.sheetnames == ["data", "instructions", "form", "metadata", "dataset", "lists"]
    assert wb["lists"].sheet_state == "hidden"
    data = wb["data"]
    assert _codes(data) == list(IDENTITY) + TOY_FIELDS
    # a person reads the label (with the unit); the reader reads the id on the line under it
    assert data["A1"].value == "Village id\nvillage_id" and data.cell(1, len(IDENTITY) + 1).value == "A (%)\na"
    assert data.max_row == 1  # units and descriptions live in comments, not in a second row
    c_comment = data.cell(1, len(IDENTITY) + 2).comment.text
    assert c_comment.splitlines()[:4] == ["C", "C", "[c]", "Unit: mg/L"]
    assert "Allowed values: number, at least 0 mg/L" in c_comment
    assert [c.value for c in wb["metadata"][1]] == ["Column\ncolumn", "Source\nsource", "Quality\nquality",
                                                     "Note\nnote"]
    dataset = {r[0].value: r[1].value for r in wb["dataset"].iter_rows(min_row=2)}
    assert dataset == {"id": "survey", "title_vi": "Phiếu khảo sát làng nghề", "title_en": "Craft village survey",
                       "kind": "real", "description": None, "license": None, "complete": "no"}
    instructions = [[c.value for c in row] for row in wb["instructions"].iter_rows()]
    a_row = next(r for r in instructions if r[0] == "a")
    assert a_row[1:3] == ["A", "A"] and a_row[4] == "%" and a_row[6] == "number, 0 to 100 % / số, từ 0 đến 100 %"
    assert a_row[13] == "Indicator A (toy.a)"  # the indicators that use the column, by label and id
    zone_row = next(r for r in instructions if r[0] == "zone")
    assert zone_row[6] == "one of: A, B / một trong: A, B" and zone_row[13] == "Indicator C (toy.c)"

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_word_of_the_workbook_is_found_in_the_catalogues(toy_registry, toy_framework, lang):
    """The workbook's words are catalogue entries (``template.…``): a missing one would show its id."""
    wb = _book(build_template(toy_framework, toy_registry, lang=lang))
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    texts += [c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment]
    texts += [v.prompt or "" for ws in wb.worksheets for v in ws.data_validations.dataValidation]
    assert len(texts) > 100
    assert not [text for text in texts if "template." in text]


def test_vietnamese_workbook_names_its_sheets_in_vietnamese(toy_registry, toy_framework):
    wb = _book(build_template(toy_framework, toy_registry, lang="vi"))
    assert wb.sheetnames == [names["vi"] for names in SHEET_NAMES.values()]
    assert wb.sheetnames[:3] == ["Số liệu", "Hướng dẫn", "Phiếu in"]
    assert wb["Số liệu"]["D1"].value == "Tỉnh/thành phố\nprovince"

def test_same_input_same_bytes(toy_registry, toy_framework):
    assert build_template(toy_framework, toy_registry) == build_template(toy_framework, toy_registry)

def test_an_empty_template_is_read_as_having_no_villages(toy_registry, toy_framework, tmp_path):
    from villagescore.datasets import read_dataset

    path = tmp_path / "empty.xlsx"
    path.write_bytes(build_template(toy_framework, toy_registry))
    with pytest.raises(DatasetError, match="header but no village rows"):
        read_dataset(path, toy_registry)

def _typed(column: str, text: str):
    """What an analyst types into Excel: numbers as numbers, words as text."""
    if text == "":
        return None
    if column in IDENTITY and column != "year":
        return text
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number

def _fill(template: bytes, header: list[str], rows: list[list[str]], path: Path, metadata=(), dataset=None):
    wb = _book(template)
    ws = wb.worksheets[0]
    columns = _codes(ws)
    for row in rows:
        values = dict(zip(header, row, strict=True))
        ws.append([_typed(c, values.get(c, "")) for c in columns])
    for entry in metadata:
        wb.worksheets[3].append(list(entry))
    for key, value in (dataset or {}).items():
        for cells in wb.worksheets[4].iter_rows(min_row=2):
            if cells[0].value == key:
                cells[1].value = value
    wb.save(path)

def _same_scores(a, b):
    np.testing.assert_array_equal(a.tree.overall_score, b.tree.overall_score)
    np.testing.assert_array_equal(a.tree.pillar_score, b.tree.pillar_score)
    np.testing.assert_array_equal(a.matrix.scores, b.matrix.scores)
    np.testing.assert_array_equal(a.fired, b.fired)
    np.testing.assert_array_equal(a.rating, b.rating)

def test_filled_template_scores_like_the_csv(toy_registry, toy_framework, support_dir, tmp_path):
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    with open(support_dir / "toy.csv", encoding="utf-8", newline="") as src:
        header, *rows = list(csv.reader(src))
    path = tmp_path / "filled.xlsx"
    _fill(build_template(toy_framework, toy_registry), header, rows, path,
          metadata=[("a", "Toy survey 2024", "measured", "by hand"), ("c", None, "estimated", None)],
          dataset={"id": "toy-survey", "kind": "illustrative"})
    engine = Engine(toy_registry)
    from_xlsx = engine.evaluate(toy_framework, read_dataset(path, toy_registry))
    from_csv = engine.evaluate(toy_framework, read_dataset(support_dir / "toy.csv", toy_registry))
    _same_scores(from_xlsx, from_csv)
    # hand-computed overall scores of toy.csv: 88.3333, 29.5833, 43.3333
    assert [round(x, 4) for x in from_xlsx.tree.overall_score] == [88.3333, 29.5833, 43.3333]
    assert list(from_xlsx.frame["name"]) == ["Làng Một", "Làng Hai", "Làng Ba"]
    ds = read_dataset(path, toy_registry)
    assert ds.metadata["columns"] == {"a": {"source": "Toy survey 2024", "quality": "measured", "note": "by hand"},
                                      "c": {"quality": "estimated"}}
    assert ds.metadata["dataset"]["kind"] == "illustrative" and ds.metadata["dataset"]["id"] == "toy-survey"

def test_filled_template_scores_like_the_pilot_csv(tmp_path):
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    framework = load_framework(None, registry)
    with open(bundled.path(bundled.PILOT), encoding="utf-8-sig", newline="") as src:
        header, *rows = list(csv.reader(src))
    columns = [c.id for c in template_columns(framework, registry)]
    keep = [k for k, h in enumerate(header) if h in columns]
    # the same values as a CSV, restricted to the columns the framework needs
    csv_path = tmp_path / "pilot.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as dst:
        csv.writer(dst).writerows([[r[k] for k in keep] for r in [header, *rows]])
    xlsx_path = tmp_path / "pilot.xlsx"
    _fill(build_template(framework, registry), header, rows, xlsx_path)
    engine = Engine(registry)
    from_xlsx = engine.evaluate(framework, read_dataset(xlsx_path, registry))
    from_csv = engine.evaluate(framework, read_dataset(csv_path, registry))
    _same_scores(from_xlsx, from_csv)
    assert len(from_xlsx) == len(rows) and not math.isnan(from_xlsx.tree.overall_score[0])

def test_building_a_template_does_not_import_pandas():
    code = (
        "import sys\n"
        "from villagescore.plugins import get_plugin_manager\n"
        "from villagescore.registry import Registry\n"
        "from villagescore.framework import load_framework\n"
        "from villagescore.template import build_template\n"
        "from tests.support import toy_plugin\n"
        "reg = Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(('toy', toy_plugin),)))\n"
        "fw = load_framework('tests/support/toy-framework.yaml', reg)\n"
        "assert build_template(fw, reg)[:2] == b'PK'\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

def test_typing_45_percent_into_a_template_cell_reads_back_as_45(toy_registry, toy_framework, tmp_path):
    """Acceptance (issue 17): 45 % typed in a percentage column of the template is read as 45, not 0.45."""
    from villagescore.datasets import read_dataset

    wb = _book(build_template(toy_framework, toy_registry))
    ws = wb.worksheets[0]
    column = dict(zip(_codes(ws), (c.column for c in ws[1]), strict=True))
    row = {"village_id": "v1", "name": "Làng Một", "commune": "Xã Một", "province": "Hà Nội", "sectors": "alpha",
           "year": 2024, "c": 25, "flag": "có", "zone": "A", "kind": "x", "total": 100, "craft": 50}
    for name, value in row.items():
        ws.cell(row=2, column=column[name], value=value)
    for name, stored in (("a", 0.45), ("b", 0.905)):  # what Excel stores when 45% / 90.5% is typed
        cell = ws.cell(row=2, column=column[name], value=stored)
        cell.number_format = "0%"
    path = tmp_path / "typed.xlsx"
    wb.save(path)

    frame = read_dataset(path, toy_registry).frame
    assert frame["a"].tolist() == pytest.approx([45.0])
    assert frame["b"].tolist() == pytest.approx([90.5])
    assert frame["total"].tolist() == [100.0]

def test_every_sheet_prints_on_a4(toy_registry, toy_framework):
    wb = _book(build_template(toy_framework, toy_registry, lang="en"))
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1, ws.title
