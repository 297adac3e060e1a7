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


# ---- reading what the user meant, or refusing (issue 17) ----

TOY_ROWS = [HEADER.strip().split(","), ["v1", "Một", "X", "Hà Nội", "alpha", 2024, 80, 90, 25, 1, "A", "x", 100, 50],
            ["v2", "Hai", "X", "Hà Nội", "beta", 2024, 40, None, 150, 0, "B", "y", 200, 20]]


def _sheets(tmp_path, sheets, name="d.xlsx", formats=None):
    """A workbook with ``sheets`` = [(title, rows, hidden)]; ``formats`` = {cell: number format} on the first."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for k, (title, rows, hidden) in enumerate(sheets):
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if hidden:
            ws.sheet_state = "hidden"
        for ref, fmt in (formats or {}).items() if k == 0 else ():
            ws[ref].number_format = fmt
    wb.active = next(k for k, s in enumerate(sheets) if not s[2]) if any(not s[2] for s in sheets) else 0
    path = tmp_path / name
    wb.save(path)
    return path


def _rows_with(column, values):
    rows = [list(r) for r in TOY_ROWS]
    j = rows[0].index(column)
    for r, v in zip(rows[1:], values, strict=True):
        r[j] = v
    return rows


def test_xlsx_percent_cells_of_a_percentage_field_are_read_as_typed(tmp_path, toy_registry):
    # Excel stores "45%" typed in a cell as 0.45 with a percent format: it means 45 (unit %)
    path = _sheets(tmp_path, [("data", _rows_with("a", [0.45, 0.905]), False)], formats={"G2": "0%", "G3": "0.0%"})
    frame = read_dataset(path, toy_registry).frame
    assert frame["a"].tolist() == pytest.approx([45.0, 90.5])


def test_a_percent_in_quotes_is_not_a_percent_format(tmp_path, toy_registry):
    path = _sheets(tmp_path, [("data", _rows_with("a", [45, 90]), False)], formats={"G2": '0" %"', "G3": "0\\%"})
    assert read_dataset(path, toy_registry).frame["a"].tolist() == [45.0, 90.0]


def test_a_percent_format_on_a_field_that_is_not_a_percentage_is_refused(tmp_path, toy_registry):
    path = _sheets(tmp_path, [("data", _rows_with("total", [100.0, 200.0]), False)], formats={"M2": "0%"})
    problems = _problems(path, toy_registry)
    assert [(p.where, p.column, p.rule) for p in problems] == [("row 2", "total", "percent_format")]
    assert "formatted as a percentage" in problems[0].message


def test_a_percentage_column_of_fractions_is_refused_naming_rows_and_the_way_out(tmp_path, toy_registry):
    path = _write(tmp_path, "v1,Một,X,HN,alpha,2024,0.8,0.9,25,1,A,x,100,50\n"
                            "v2,Hai,X,HN,beta,2024,0.4,,150,0,B,y,200,20\n")
    problems = _problems(path, toy_registry)
    assert {(p.column, p.rule) for p in problems} == {("a", "fraction_scale"), ("b", "fraction_scale")}
    text = next(p.format() for p in problems if p.column == "a")
    assert "row 2: 0.8, row 3: 0.4" in text
    assert "0.45 % instead of 45 %" in text
    assert '"scale": "fraction"' in text and "--percent-scale fraction" in text


def test_fractions_are_accepted_when_the_metadata_or_the_option_says_so(tmp_path, toy_registry):
    import json

    from villagescore.datasets import ReadOptions

    body = "v1,Một,X,HN,alpha,2024,0.8,0.9,25,1,A,x,100,50\nv2,Hai,X,HN,beta,2024,0.4,,150,0,B,y,200,20\n"
    path = _write(tmp_path, body)
    frame = read_dataset(path, toy_registry, options=ReadOptions(percent_scale="fraction")).frame
    assert frame["a"].tolist() == pytest.approx([80.0, 40.0])
    frame = read_dataset(path, toy_registry, options=ReadOptions(percent_scale="percent")).frame
    assert frame["a"].tolist() == pytest.approx([0.8, 0.4])
    meta = {"dataset": {"id": "d", "title": {"vi": "D", "en": "D"}, "kind": "illustrative"},
            "columns": {"a": {"source": "survey", "scale": "fraction"}, "b": {"source": "survey", "scale": "percent"}}}
    (tmp_path / "d.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    frame = read_dataset(path, toy_registry).frame
    assert frame["a"].tolist() == pytest.approx([80.0, 40.0])
    assert frame["b"].iat[0] == pytest.approx(0.9)


def test_a_scale_on_a_column_that_is_not_a_percentage_is_refused(tmp_path, toy_registry):
    import json

    path = _write(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    meta = {"dataset": {"id": "d", "title": {"vi": "D", "en": "D"}, "kind": "illustrative"},
            "columns": {"total": {"source": "survey", "scale": "fraction"}}}
    (tmp_path / "d.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    problems = _problems(path, toy_registry)
    assert [(p.where, p.rule) for p in problems] == [("$.columns.total.scale", "metadata_scale")]


def test_percentages_typed_with_a_percent_sign_are_read_in_percentage_columns_only(tmp_path, toy_registry):
    path = _write(tmp_path, 'v1,Một,X,HN,alpha,2024,45%,90 %,25,1,A,x,100,50\n')
    assert read_dataset(path, toy_registry).frame[["a", "b"]].iloc[0].tolist() == [45.0, 90.0]
    problems = _problems(_write(tmp_path, "v1,Một,X,HN,alpha,2024,45,90,25,1,A,x,100%,50\n", "p.csv"), toy_registry)
    assert [(p.column, p.rule) for p in problems] == [("total", "percent")]


@pytest.mark.parametrize(("cell", "rule", "text"), [
    ("7.000", "thousands", "'.' separates thousands (7000) or decimals (7)"),
    ('"7,000"', "thousands", "',' separates thousands (7000) or decimals (7)"),
    ('"1,5"', "decimal_comma", "write 1.5 with a point"),
])
def test_numbers_with_separators_are_refused_with_the_way_to_write_them(tmp_path, toy_registry, cell, rule, text):
    path = _write(tmp_path, f"v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,{cell},5\nv2,Hai,X,HN,beta,2024,1,1,1,1,A,x,10,5\n")
    problems = _problems(path, toy_registry)
    assert [(p.where, p.column, p.rule) for p in problems] == [("row 2", "total", rule)]
    assert text in problems[0].message


def test_a_thousands_separated_text_cell_in_a_workbook_is_refused(tmp_path, toy_registry):
    path = _sheets(tmp_path, [("data", _rows_with("total", ["7.000", 200]), False)])
    assert [(p.column, p.rule) for p in _problems(path, toy_registry)] == [("total", "thousands")]


def test_a_name_with_a_dotted_number_is_not_a_number(tmp_path, toy_registry):
    path = _write(tmp_path, "v1,Làng 1.000 năm,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    assert read_dataset(path, toy_registry).frame["name"].iat[0] == "Làng 1.000 năm"


def test_vietnamese_locale_csv_is_read_with_its_separators(tmp_path, toy_registry):
    from villagescore.datasets import ReadOptions

    header = HEADER.replace(",", ";")
    path = _write(tmp_path, "v1;Một;X;HN;alpha;2024;80,5;90;1.250,75;1;A;x;7.000;5\n", header=header)
    frame = read_dataset(path, toy_registry, options=ReadOptions(csv_locale="vi")).frame
    assert frame[["a", "c", "total"]].iloc[0].tolist() == [80.5, 1250.75, 7000.0]
    with pytest.raises(DatasetError, match="separated by semicolons.*--csv-locale vi"):
        read_dataset(path, toy_registry)


def test_vietnamese_locale_refuses_numbers_in_another_format(tmp_path, toy_registry):
    from villagescore.datasets import ReadOptions

    vi = ReadOptions(csv_locale="vi")
    path = _write(tmp_path, "v1;Một;X;HN;alpha;2024;80.5;90;25;1;A;x;100;5\n", header=HEADER.replace(",", ";"))
    with pytest.raises(DatasetError) as caught:
        read_dataset(path, toy_registry, options=vi)
    assert [(p.column, p.rule) for p in caught.value.problems] == [("a", "locale")]
    comma = _write(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,5\n", "comma.csv")
    with pytest.raises(DatasetError, match="separated by commas; leave the option out"):
        read_dataset(comma, toy_registry, options=vi)


def test_hidden_sheets_are_never_read_and_the_sheet_read_is_named(tmp_path, toy_registry):
    old = _rows_with("a", [1, 1])
    path = _sheets(tmp_path, [("2024", old, True), ("2025", TOY_ROWS, False)])
    dataset = read_dataset(path, toy_registry)
    assert dataset.frame["a"].tolist()[0] == 80.0
    assert dataset.notes == ["read sheet '2025'", "hidden sheet(s) '2024' not read"]


def test_the_data_sheet_is_found_whatever_its_case(tmp_path, toy_registry):
    path = _sheets(tmp_path, [("Instructions", [["x"]], False), ("DATA ", TOY_ROWS, False)])
    dataset = read_dataset(path, toy_registry)
    assert dataset.frame["village_id"].tolist() == ["v1", "v2"]
    assert dataset.notes == ["read sheet 'DATA '"]


@pytest.mark.parametrize(("sheets", "message"), [
    ([("2024", TOY_ROWS, False), ("2025", TOY_ROWS, False)], "several sheets ('2024', '2025') and none is named"),
    ([("data", TOY_ROWS, True), ("metadata", [], False)], "the only sheets with data are hidden ('data')"),
])
def test_an_unclear_data_sheet_is_refused(tmp_path, toy_registry, sheets, message):
    with pytest.raises(DatasetError, match=re_escape(message)):
        read_dataset(_sheets(tmp_path, sheets), toy_registry)


def re_escape(text):
    import re

    return re.escape(text)


def test_a_title_above_the_table_is_explained(tmp_path, toy_registry):
    rows = [["Khảo sát làng nghề 2025"], [], *TOY_ROWS]
    for path in (_sheets(tmp_path, [("data", rows, False)]),
                 _write(tmp_path, HEADER + "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n", "t.csv",
                        header="Khảo sát làng nghề 2025" + "," * 13 + "\n" + "," * 13 + "\n")):
        problems = _problems(path, toy_registry)
        assert [p.rule for p in problems] == ["header_row"]
        assert "the column names are on row 3, not on row 1" in problems[0].message


def test_notes_beside_the_table_are_explained_and_empty_unnamed_columns_ignored(tmp_path, toy_registry):
    rows = [[*r, None, None] for r in TOY_ROWS]
    rows[2][-1] = "số liệu năm 2024 ước tính"
    problems = _problems(_sheets(tmp_path, [("data", rows, False)]), toy_registry)
    assert [p.rule for p in problems] == ["no_header"]
    assert problems[0].message.startswith("column P has no name in row 1 but holds values (row 3: 'số liệu")
    trailing = _write(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50,\n", "trailing.csv",
                      header=HEADER.strip() + ",\n")
    assert len(read_dataset(trailing, toy_registry).frame) == 1


def test_400_digit_integers_are_refused_not_crashed(tmp_path, toy_registry):
    import json

    big = "9" * 400
    problems = _problems(_write(tmp_path, f"v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,{big},50\n"), toy_registry)
    assert [(p.column, p.rule) for p in problems] == [("total", "too_large")]
    assert "an integer of 400 digits" in problems[0].format()
    row = dict(zip(HEADER.strip().split(","), ["v1", "Một", "X", "HN", "alpha", 2024, 80, 90, 25, 1, "A", "x", 0, 5],
                   strict=True))
    path = tmp_path / "big.json"
    path.write_text(json.dumps([row]).replace('"total": 0', f'"total": {big}'), encoding="utf-8")
    assert [(p.column, p.rule) for p in _problems(path, toy_registry)] == [("total", "too_large")]


def test_json_datasets_are_parsed_strictly(tmp_path, toy_registry):
    path = tmp_path / "d.json"
    path.write_text('[{"village_id": "v1", "total": 10,\n  "total": 20}]', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"d.json: line 2, column 3: key 'total' appears twice"):
        read_dataset(path, toy_registry)
    path.write_text('[{"village_id": "v1", "c": NaN}]', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"\$\[0\]\.c is NaN, which is not a number in JSON"):
        read_dataset(path, toy_registry)
    path.write_text("", encoding="utf-8")
    with pytest.raises(DatasetError, match="d.json: the file is empty"):
        read_dataset(path, toy_registry)


def test_deep_json_and_deep_metadata_name_the_file_at_fault(tmp_path, toy_registry):
    path = tmp_path / "deep.json"
    path.write_text('{"villages": [], "metadata": ' + "[" * 3000 + "]" * 3000 + "}", encoding="utf-8")
    with pytest.raises(DatasetError, match="deep.json.*nested"):
        read_dataset(path, toy_registry)
    csv_path = _write(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    (tmp_path / "d.meta.json").write_text("[" * 3000 + "]" * 3000, encoding="utf-8")
    with pytest.raises(DatasetError, match=r"d.meta.json: the document is nested"):
        read_dataset(csv_path, toy_registry)


def test_a_field_longer_than_the_csv_module_limit_is_read(tmp_path, toy_registry):
    # a row with one field too many sends the reader to the csv module, which limits fields to 131,072 characters
    long = "x" * 200_000
    path = _write(tmp_path, f"v1,{long},X,HN,alpha,2024,80,90,25,1,A,x,100,50,extra\n")
    problems = _problems(path, toy_registry)
    assert [p.where for p in problems] == ["row 2"]
    assert "15 fields but the header has 14" in problems[0].message


def test_an_identity_cell_that_is_a_pasted_block_of_text_is_refused(tmp_path, toy_registry):
    path = _write(tmp_path, f"v1,{'L' * 5000},X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    problems = _problems(path, toy_registry)
    assert [(p.column, p.rule) for p in problems] == [("name", "too_long")]
    assert len(problems[0].format()) < 300


def test_a_builtin_reader_failing_unexpectedly_names_the_file_not_a_plugin(tmp_path, toy_registry, monkeypatch):
    from villagescore import datasets

    def broken(path, *, locale="default"):
        raise RuntimeError("boom")

    monkeypatch.setattr(datasets, "read_csv", broken)
    with pytest.raises(DatasetError) as caught:
        read_dataset(_write(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n"), toy_registry)
    message = caught.value.problems[0].format()
    assert "d.csv: cannot read the file (RuntimeError: boom)" in message
    assert "plugin" not in message


def test_a_column_described_twice_in_the_metadata_sheet_is_refused(tmp_path, toy_registry):
    dataset = [["key", "value"], ["id", "d"], ["title_vi", "D"], ["title_en", "D"], ["kind", "real"],
               ["kind", "synthetic"]]
    metadata = [["column", "source", "quality"], ["a", "survey", "measured"], ["a", "guess", "estimated"]]
    path = _sheets(tmp_path, [("data", TOY_ROWS, False), ("dataset", dataset, False), ("metadata", metadata, False)])
    problems = _problems(path, toy_registry)
    assert [(p.where, p.message) for p in problems if p.rule == "duplicate_key"] == [
        ("key 'kind'", "is given on two rows; keep one"), ("column 'a'", "is described on two rows; keep one")]
