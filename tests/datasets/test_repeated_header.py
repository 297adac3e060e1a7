"""A row that repeats the column names is one problem, not one per cell."""

from villagescore.datasets import read_dataset

from .helpers import GOOD_ROW, HEADER, problems_of, write_csv, write_workbook


def test_two_csv_files_pasted_one_under_the_other_give_one_problem(tmp_path, toy_registry):
    """Sixteenth walk: cat.csv (two CSVs joined, the second with its BOM) gave 143 per-cell problems."""
    row = "v{k},Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n"
    body = row.format(k=1) + "\ufeff" + HEADER + row.format(k=2)
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
    assert [(p.where, p.rule) for p in problems] == [("row 3", "repeated_header")]
    assert "repeats the column names of row 1" in problems[0].message
    assert "lặp lại tên cột của dòng 1" in problems[0].format("vi")


def test_a_workbook_row_of_ids_under_the_labels_gives_one_problem_and_keep_going_drops_it(tmp_path, toy_registry):
    header = HEADER.strip().split(",")
    path = write_workbook(tmp_path, [header, header, GOOD_ROW])
    assert [(p.where, p.rule) for p in problems_of(path, toy_registry)] == [("row 2", "repeated_header")]
    dataset = read_dataset(path, toy_registry, keep_going=True)
    assert dataset.frame["village_id"].tolist() == ["v1"]


def test_a_row_with_a_bad_year_and_a_few_names_is_not_taken_for_a_header(tmp_path, toy_registry):
    problems = problems_of(write_csv(tmp_path, "v1,name,X,HN,alpha,year,80,90,25,1,A,x,100,50\n"), toy_registry)
    assert [(p.column, p.rule) for p in problems] == [("year", "type")]
