"""Validation: every problem of a file in one report, nothing coerced silently."""

import numpy as np

from villagescore.datasets import read_dataset

from .helpers import HEADER, problems_of, write_csv


def test_reads_and_types_the_toy_dataset(toy_dataset):
    f = toy_dataset.frame
    assert f["village_id"].tolist() == ["v1", "v2", "v3"]
    assert f["flag"].tolist() == [1.0, 0.0, 1.0]  # "có" is yes
    assert np.isnan(f.loc[1, "b"])
    assert f["year"].tolist() == [2024, 2024, 2024]
    assert len(toy_dataset.sha256) == 64


def test_collects_every_problem_with_row_column_value_and_allowed(tmp_path, toy_registry):
    body = (
        "v1,Một,X,Hà Nội,alpha,2024,abc,120,-1,maybe,C,x,10,20\n"   # row 2: 6 problems
        "v1,Hai,X,Hà Nội,gamma,2024,NaN,1,1,1,A,x,10,5\n"           # row 3: duplicate, unknown sector, NaN text
        "Bad Id,Ba,X,,alpha,20.5,inf,1,1,1,A,x,10,5\n"              # row 4: slug, province, year, inf
    )
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
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
    path = write_csv(tmp_path, "v1,Một,Hà Nội,alpha,2024,1,2\n",
                  header="village_id,name,province,sectors,year,a,bb\n")
    messages = [p.message for p in problems_of(path, toy_registry)]
    assert any("missing identity column(s): commune" in m for m in messages)
    assert any("unknown column 'bb'" in m and "did you mean 'b'" in m for m in messages)


def test_a_column_id_in_capitals_is_told_the_id_it_is(tmp_path, toy_registry):
    """Fourteenth walk: 'HOUSEHOLDS_TOTAL' got no did-you-mean; an id in capitals is still refused, not read."""
    path = write_csv(tmp_path, "v1,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n",
                     header=HEADER.replace(",total,", ",TOTAL,"))
    [problem] = problems_of(path, toy_registry)
    assert "unknown column 'TOTAL'" in problem.message and "did you mean 'total'?" in problem.message


def test_extra_columns_with_prefix_are_kept(tmp_path, toy_registry):
    path = write_csv(tmp_path, "v1,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5,ghi chú\n",
                  header=HEADER.strip() + ",x_note\n")
    assert read_dataset(path, toy_registry).frame["x_note"].iat[0] == "ghi chú"


def test_keep_going_scores_the_valid_rows(tmp_path, toy_registry):
    body = "v1,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\nv2,Hai,X,Hà Nội,alpha,2024,500,2,3,1,A,x,10,5\n"
    ds = read_dataset(write_csv(tmp_path, body), toy_registry, keep_going=True)
    assert ds.frame["village_id"].tolist() == ["v1"]
    assert [(p.village_id, p.column) for p in ds.problems] == [("v2", "a")]


def test_every_problem_of_a_dataset_is_said_in_vietnamese(toy_registry, tmp_path):
    """Each cell's problem, what is allowed and the words around them: no English left in a Vietnamese run."""
    from villagescore.errors import DatasetError

    path = write_csv(tmp_path, "v1,A,X,Hà Nội,alpha,20x4,abc,1,1,1,A,x,100,50\n"
                               "v2,B,Y,Hà Nội,alpha,2024,1.500,1,1,maybe,A,x,100,50\n")
    problems = problems_of(path, toy_registry)
    text = DatasetError(problems).text("vi").replace(str(path), "d.csv")
    assert text.startswith("bộ dữ liệu không hợp lệ: ")
    for english in ("row ", "column ", "allowed", "not a", "ambiguous", "year is", "problem"):
        assert english not in text, english
    assert "dòng 2: cột 'year' = '20x4': năm không phải là số" in text


def test_a_header_wider_than_excel_allows_is_refused_at_once_in_one_problem(tmp_path, toy_registry):
    import json
    import time

    extra = "," + ",".join(f"c{i}" for i in range(200_000))
    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n", header=HEADER.strip() + extra + "\n")
    started = time.perf_counter()
    problems = problems_of(path, toy_registry)
    assert time.perf_counter() - started < 10  # minutes and gigabytes before
    assert [(p.where, p.rule) for p in problems] == [("row 1", "too_many_columns")]
    assert "the header has 200,014 columns; a dataset has at most 16,384" in problems[0].message
    rows = [{**{k: 1 for k in HEADER.strip().split(",")}, **{f"c{i}": 1 for i in range(16_400)}}]
    (tmp_path / "wide.json").write_text(json.dumps(rows), encoding="utf-8")
    assert [p.rule for p in problems_of(tmp_path / "wide.json", toy_registry)] == ["too_many_columns"]


def test_did_you_mean_is_said_for_the_first_fifty_unknown_columns_then_a_count(tmp_path, toy_registry):
    extra = "," + ",".join(f"bb{i}" for i in range(80))
    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50" + "," * 80 + "\n",
                     header=HEADER.strip() + extra + "\n")
    problems = [p for p in problems_of(path, toy_registry) if p.rule == "unknown_column"]
    assert len(problems) == 51
    assert problems[-1].message.startswith("… and 30 more unknown columns (from 'bb50' on)")
    assert "còn 30 cột không xác định" in problems[-1].format("vi")


def test_the_number_block_faulted_in_by_a_thread_gives_the_frame_the_block_made_in_place_gives(
        tmp_path, toy_registry, support_dir, monkeypatch):
    from pandas.testing import assert_frame_equal

    from villagescore import prefault

    body = (support_dir / "toy.csv").read_text(encoding="utf-8").split("\n", 1)[1]
    path = write_csv(tmp_path, body + "v4,Bốn,X,Hà Nội,alpha,2024,,,,,,,,\n")
    monkeypatch.setattr(prefault, "MIN_BYTES", 0)  # every block is mapped, and faulted in by the thread
    threaded = read_dataset(path, toy_registry, keep_going=True)
    monkeypatch.setattr(prefault, "empty_soon", lambda shape, reserve=0: lambda: prefault.empty(shape))
    in_place = read_dataset(path, toy_registry, keep_going=True)
    assert_frame_equal(threaded.frame, in_place.frame, check_exact=True)
    assert threaded.problems == in_place.problems


def test_a_missing_commune_column_is_told_what_to_do_and_that_its_cells_may_be_empty(tmp_path, toy_registry):
    """Sixteenth walk: the column is required (its cells may be empty); the message said no what-to-do."""
    missing = write_csv(tmp_path, "v1,Một,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n",
                        header=HEADER.replace("commune,", ""))
    [found] = problems_of(missing, toy_registry)
    assert "add each as a column named exactly so in row 1" in found.message
    assert "the cells of 'commune' may be left empty" in found.message
    assert "các ô của cột 'commune' có thể để trống" in found.format("vi")
    empty = write_csv(tmp_path, "v1,Một,,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n", "empty.csv")
    assert read_dataset(empty, toy_registry).frame["commune"].isna().all()
    province = write_csv(tmp_path, "v1,Một,X,alpha,2024,1,2,3,1,A,x,10,5\n", "p.csv",
                         header=HEADER.replace("province,", ""))
    assert "'commune'" not in problems_of(province, toy_registry)[0].message
