"""Reading and validating datasets: every problem of a file in one report, nothing coerced silently."""

import unicodedata

import numpy as np
import pytest

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

HEADER = "village_id,name,commune,province,sectors,year,a,b,c,flag,zone,kind,total,craft\n"


def _write(tmp_path, body, name="d.csv", header=HEADER, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((header + body).encode(encoding))
    return path


def _problems(path, registry):
    with pytest.raises(DatasetError) as info:
        read_dataset(path, registry)
    return info.value.problems


def test_reads_and_types_the_toy_dataset(toy_dataset):
    f = toy_dataset.frame
    assert f["village_id"].tolist() == ["v1", "v2", "v3"]
    assert f["flag"].tolist() == [1.0, 0.0, 1.0]  # "có" is yes
    assert np.isnan(f.loc[1, "b"])
    assert f["year"].tolist() == [2024, 2024, 2024]
    assert len(toy_dataset.sha256) == 64


def test_bom_and_nfd_are_accepted_and_normalised(tmp_path, toy_registry):
    nfd = unicodedata.normalize("NFD", "Làng Phùng Xá")
    row = f"v1,{nfd},Xã,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n"
    plain = _write(tmp_path, row, "plain.csv")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    a = read_dataset(plain, toy_registry).frame
    b = read_dataset(bom, toy_registry).frame
    assert a["name"].iat[0] == unicodedata.normalize("NFC", "Làng Phùng Xá")
    assert a.equals(b)


def test_collects_every_problem_with_row_column_value_and_allowed(tmp_path, toy_registry):
    body = (
        "v1,Một,X,Hà Nội,alpha,2024,abc,120,-1,maybe,C,x,10,20\n"   # row 2: 6 problems
        "v1,Hai,X,Hà Nội,gamma,2024,NaN,1,1,1,A,x,10,5\n"           # row 3: duplicate, unknown sector, NaN text
        "Bad Id,Ba,X,,alpha,20.5,inf,1,1,1,A,x,10,5\n"              # row 4: slug, province, year, inf
    )
    problems = _problems(_write(tmp_path, body), toy_registry)
    found = {(p.where, p.column, p.rule) for p in problems}
    expected = {
        ("row 2", "a", "type"), ("row 2", "b", "range"), ("row 2", "c", "range"), ("row 2", "flag", "boolean"),
        ("row 2", "zone", "category"), ("row 2", "craft", "not_greater_than"),
        ("row 3", "village_id", "duplicate"), ("row 3", "sectors", "unknown_sector"), ("row 3", "a", "type"),
        ("row 4", "village_id", "slug"), ("row 4", "province", "required"), ("row 4", "year", "range"),
        ("row 4", "a", "type"),
    }
    assert expected <= found, sorted(found - expected)
    b = next(p for p in problems if p.column == "b")
    assert (b.value, b.village_id, b.allowed) == (120, "v1", "0 to 100 %")
    assert b.format() == "d.csv: row 2: column 'b' = 120: out of range (allowed: 0 to 100 %)".replace(
        "d.csv", str(tmp_path / "d.csv"))


def test_unknown_and_missing_columns(tmp_path, toy_registry):
    path = _write(tmp_path, "v1,Một,Hà Nội,alpha,2024,1,2\n",
                  header="village_id,name,province,sectors,year,a,bb\n")
    messages = [p.message for p in _problems(path, toy_registry)]
    assert any("missing identity column(s): commune" in m for m in messages)
    assert any("unknown column 'bb'" in m and "did you mean 'b'" in m for m in messages)


def test_extra_columns_with_prefix_are_kept(tmp_path, toy_registry):
    path = _write(tmp_path, "v1,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5,ghi chú\n",
                  header=HEADER.strip() + ",x_note\n")
    assert read_dataset(path, toy_registry).frame["x_note"].iat[0] == "ghi chú"


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (HEADER.encode(), "the file has a header but no village rows"),
    (HEADER.replace(",", ";").encode(), "separated by semicolons"),
    ((HEADER + "v1,Làng,X,Ha Noi,alpha,2024,1,2,3,1,A,x,10,5\n").encode("cp1258"), "not UTF-8"),
])
def test_file_level_problems(tmp_path, toy_registry, content, message):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=message):
        read_dataset(path, toy_registry)


def test_keep_going_scores_the_valid_rows(tmp_path, toy_registry):
    body = "v1,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\nv2,Hai,X,Hà Nội,alpha,2024,500,2,3,1,A,x,10,5\n"
    ds = read_dataset(_write(tmp_path, body), toy_registry, keep_going=True)
    assert ds.frame["village_id"].tolist() == ["v1"]
    assert [(p.village_id, p.column) for p in ds.problems] == [("v2", "a")]


def test_xlsx_reads_like_csv(tmp_path, toy_registry, support_dir):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    for line in (support_dir / "toy.csv").read_text(encoding="utf-8").splitlines():
        cells = line.split(",")
        ws.append([float(c) if c.replace(".", "").isdigit() else (c or None) for c in cells])
    path = tmp_path / "toy.xlsx"
    wb.save(path)
    from villagescore.engine import Engine
    from villagescore.framework import load_framework

    fw = load_framework(support_dir / "toy-framework.yaml", toy_registry)
    a = Engine(toy_registry).evaluate(fw, read_dataset(path, toy_registry))
    b = Engine(toy_registry).evaluate(fw, read_dataset(support_dir / "toy.csv", toy_registry))
    np.testing.assert_allclose(a.tree.overall_score, b.tree.overall_score)
    assert a.frame["village_id"].tolist() == ["v1", "v2", "v3"]


def test_xlsx_formula_cells_are_reported(tmp_path, toy_registry):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(HEADER.strip().split(","))
    ws.append(["v1", "Một", "X", "Hà Nội", "alpha", 2024, "=1+1", 2, 3, 1, "A", "x", 10, 5])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    problems = _problems(path, toy_registry)
    assert any("cell G2" in p.where and "formula" in p.message for p in problems)


def test_not_an_xlsx(tmp_path, toy_registry):
    path = tmp_path / "fake.xlsx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(DatasetError, match="not an XLSX workbook"):
        read_dataset(path, toy_registry)


def _workbook(tmp_path, rows, name="d.xlsx"):
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


def test_xlsx_repeated_column_is_named_like_in_csv(tmp_path, toy_registry):
    # header a, b, a: pandas would call the second 'a' 'a.1'; the user wrote 'a' twice
    header = HEADER.strip().split(",") + ["a"]
    problems = _problems(_workbook(tmp_path, [header, GOOD_ROW + [7]]), toy_registry)
    assert [(p.where, p.column, p.message) for p in problems] == [
        ("row 1", "a", "column 'a' appears more than once")]


def test_xlsx_repeated_column_is_told_apart_from_a_real_dotted_name(tmp_path, toy_registry):
    # 'a', 'a', 'x_a.1': pandas renames the second 'a' to 'a.2' (the sheet already has an 'a.1');
    # only 'a' is repeated, 'x_a.1' is a column of its own
    header = HEADER.strip().split(",") + ["a", "x_a.1"]
    problems = _problems(_workbook(tmp_path, [header, GOOD_ROW + [7, 8]]), toy_registry)
    assert [(p.column, p.message) for p in problems] == [("a", "column 'a' appears more than once")]


def test_xlsx_repeated_identity_column_is_reported_not_a_crash(tmp_path, toy_registry):
    header = HEADER.strip().split(",") + ["name"]
    problems = _problems(_workbook(tmp_path, [header, GOOD_ROW + ["Hai"]]), toy_registry)
    assert [(p.column, p.message) for p in problems] == [("name", "column 'name' appears more than once")]


def test_rows_are_numbered_as_in_the_sheet_when_blank_rows_are_skipped(tmp_path, toy_registry):
    # the bad value sits in sheet row 5 (header 1, v1 in 2, rows 3-4 blank); it used to be called row 3
    bad = ["v2", *GOOD_ROW[1:6], "abc", *GOOD_ROW[7:]]
    xlsx = _workbook(tmp_path, [HEADER.strip().split(","), GOOD_ROW, [], [], bad])
    assert [(p.where, p.column) for p in _problems(xlsx, toy_registry)] == [("row 5", "a")]
    # the same in CSV: record 5 of the file (blank lines count, as a spreadsheet shows them)
    body = ",".join(map(str, GOOD_ROW)) + "\n\n\n" + ",".join(map(str, bad)) + "\n"
    assert [(p.where, p.column) for p in _problems(_write(tmp_path, body), toy_registry)] == [("row 5", "a")]


def test_csv_rows_with_only_commas_are_empty_rows_like_in_a_workbook(tmp_path, toy_registry):
    # Excel writes trailing formatted-but-empty rows as ",,,,": they hold no data
    body = ",".join(map(str, GOOD_ROW)) + "\n" + "," * 13 + "\n"
    ds = read_dataset(_write(tmp_path, body), toy_registry)
    assert ds.frame["village_id"].tolist() == ["v1"]


def test_a_sectors_cell_naming_no_sector_is_a_problem(tmp_path, toy_registry):
    body = "v1,Một,X,Hà Nội,;,2024,1,2,3,1,A,x,10,5\nv2,Hai,X,Hà Nội, ; ,2024,1,2,3,1,A,x,10,5\n"
    problems = _problems(_write(tmp_path, body), toy_registry)
    assert [(p.where, p.column, p.value, p.rule) for p in problems] == [
        ("row 2", "sectors", ";", "required"), ("row 3", "sectors", ";", "required")]
    assert problems[0].allowed == "alpha, beta"


@pytest.mark.parametrize("cells", [("TRUE", "FALSE"), ("TRUE", "")])
def test_true_false_in_a_number_column_is_not_read_as_1_and_0(tmp_path, toy_registry, cells):
    # pandas reads TRUE/FALSE as booleans (a bool column, or object with NaN): 'a' is a number in %
    rows = [f"v{i},Một,X,Hà Nội,alpha,2024,{cell},2,3,1,A,x,10,5" for i, cell in enumerate(cells, 1)]
    problems = _problems(_write(tmp_path, "\n".join(rows) + "\n"), toy_registry)
    assert [(p.where, p.column, p.rule) for p in problems] == [
        (f"row {i + 2}", "a", "type") for i, c in enumerate(cells) if c]


def test_xlsx_boolean_cell_in_a_number_column_is_not_read_as_1(tmp_path, toy_registry):
    row = [*GOOD_ROW[:6], True, *GOOD_ROW[7:]]
    row2 = ["v2", *GOOD_ROW[1:6], 1, *GOOD_ROW[7:]]  # a real 1 stays a number
    problems = _problems(_workbook(tmp_path, [HEADER.strip().split(","), row, row2]), toy_registry)
    assert [(p.where, p.column, p.value, p.rule) for p in problems] == [("row 2", "a", True, "type")]


def test_metadata_that_describes_nothing_in_the_data_is_a_problem(tmp_path, toy_registry, support_dir):
    import json
    import shutil

    data = tmp_path / "toy.csv"
    shutil.copy(support_dir / "toy.csv", data)
    meta = {
        "dataset": {"id": "toy", "title": {"vi": "Thử", "en": "Toy"}, "kind": "illustrative"},
        "columns": {"a": {"source": "survey"}, "aa": {"source": "survey"}},
        "values": [{"village_id": "v9", "column": "a", "quality": "estimated"},
                   {"village_id": "v1", "column": "zz", "quality": "estimated"}],
    }
    (tmp_path / "toy.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    found = {(p.where, p.rule) for p in _problems(data, toy_registry)}
    assert found == {("$.columns.aa", "metadata_column"), ("$.values[0].village_id", "metadata_village"),
                     ("$.values[1].column", "metadata_column")}


def _toy_records(support_dir):
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


@pytest.mark.parametrize("wrapped", [False, True])
def test_json_reads_like_csv(tmp_path, toy_registry, support_dir, wrapped):
    import json

    from villagescore.engine import Engine
    from villagescore.framework import load_framework

    records = _toy_records(support_dir)
    doc = {"villages": records} if wrapped else records
    path = tmp_path / "toy.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    fw = load_framework(support_dir / "toy-framework.yaml", toy_registry)
    a = Engine(toy_registry).evaluate(fw, read_dataset(path, toy_registry))
    b = Engine(toy_registry).evaluate(fw, read_dataset(support_dir / "toy.csv", toy_registry))
    np.testing.assert_allclose(a.tree.overall_score, b.tree.overall_score)
    assert a.frame["sectors"].tolist() == ["alpha", "beta", "alpha;beta"]


@pytest.mark.parametrize("content, message", [
    ('{"rows": []}', "a JSON dataset is an array of village rows"),
    ('[1, 2]', "a village row must be an object"),
    ('[{"village_id": "v1", "a": [1, 2]}]', "a cell must be a number, text, true/false or null"),
    ('[{"village_id": "v1",', "not valid JSON"),
])
def test_json_problems(tmp_path, toy_registry, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        read_dataset(path, toy_registry)
